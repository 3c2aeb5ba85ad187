#pragma once
// Open MPI, when the program was started by mpirun/srun: the batch of jobs is
// spread over the ranks (see batch.h). Built without MPI (KWARTIER_MPI=OFF),
// launched() still tells that mpirun started us, so the program can say so
// instead of running the whole batch once per rank.
#include "engine/batch.h"

namespace kw::engine::mpi {

// Whether this build has MPI.
bool available();
// Whether the process was started by an MPI launcher with more than one rank
// (Open MPI's mpirun, or Slurm's srun through PMI or PMIx).
bool launched();

// MPI_Init on construction, MPI_Finalize on destruction. Throws InputError
// when the build has no MPI.
class Session {
public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  // Ranks on this machine, to share its cores among them.
  int local_size() const { return local_size_; }
  // Whether `ok` holds on every rank (collective: every rank must call it).
  bool all_ok(bool ok) const;

private:
  int rank_ = 0, size_ = 1, local_size_ = 1;
};

// run_batch() over all ranks: rank 0 hands out the missing jobs one at a time
// to whichever rank asks (dynamic load balancing; rank 0 computes too, on a
// second thread), receives each result and saves it. Returns on every rank;
// the result (all saved, not stopped) is meaningful on rank 0.
bool run_batch(const BatchSpec& spec, const Session& session);

}  // namespace kw::engine::mpi
