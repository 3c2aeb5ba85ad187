#pragma once
// A batch of independent jobs whose results must survive an interruption.
// Each job turns an index into bytes (an HDF5 image of one run); the bytes are
// written to a folder as the job finishes, atomically, so that after Ctrl-C,
// kill -9 or a power cut the folder holds only whole results, and the same
// batch run again does only the jobs whose files are missing.
//
// Locally the jobs run in parallel on the current oneTBB arena (several jobs
// at once, each using the arena's threads for its own loops as well). Under
// MPI (see mpi.h) the jobs are handed out one by one to whichever rank asks
// next, and the results come back to rank 0, which alone writes the folder.
// Either way a job's bytes depend only on its index, so the folder's content
// does not depend on threads, ranks or interruptions.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace kw::engine {

struct BatchSpec {
  std::string folder;                              // exists; results go here
  std::size_t jobs = 0;                            // indices 0 .. jobs-1
  std::function<std::string(std::size_t)> name;    // file name of a job's result in the folder
  // Runs one job; returns its bytes, or an empty vector if it stopped
  // because `stop()` became true.
  std::function<std::vector<unsigned char>(std::size_t)> run;
  std::function<bool()> stop;                      // an interruption was asked for
  // Called (one call at a time, on rank 0 only) each time a result is
  // saved, with the counts of saved results and of all jobs.
  std::function<void(std::size_t saved, std::size_t total)> progress;
};

// The jobs whose result file is missing in the folder, in index order; leftover
// partial files of an interrupted save are removed.
std::vector<std::size_t> missing_jobs(const BatchSpec& spec);

// Runs the missing jobs on this process. Returns false if stopped before all
// were saved (what was saved stays).
bool run_batch(const BatchSpec& spec);

}  // namespace kw::engine
