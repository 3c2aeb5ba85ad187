#include "engine/batch.h"

#include "engine/h5_file.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <filesystem>
#include <mutex>

namespace kw::engine {

namespace fs = std::filesystem;

std::vector<std::size_t> missing_jobs(const BatchSpec& spec) {
  std::vector<std::size_t> todo;
  for (std::size_t j = 0; j < spec.jobs; ++j) {
    const fs::path file = fs::path(spec.folder) / spec.name(j);
    std::error_code ec;
    fs::remove(file.string() + ".partial", ec);  // a save cut short
    if (!fs::exists(file)) todo.push_back(j);
  }
  return todo;
}

bool run_batch(const BatchSpec& spec) {
  const std::vector<std::size_t> todo = missing_jobs(spec);
  std::atomic<std::size_t> saved{spec.jobs - todo.size()};
  std::atomic<bool> stopped{false};
  std::mutex report;
  // One job per task (simple partitioner, grain 1): the jobs are long and
  // uneven, and a thread that finishes early takes the next one. isolate()
  // keeps a thread that waits inside one job's parallel loop from starting
  // another whole job meanwhile, which would pile up runs in memory.
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, todo.size(), 1),
      [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t k = r.begin(); k < r.end(); ++k) {
          if (stopped || (spec.stop && spec.stop())) {
            stopped = true;
            return;
          }
          const std::size_t job = todo[k];
          std::vector<unsigned char> bytes;
          tbb::this_task_arena::isolate([&] { bytes = spec.run(job); });
          if (bytes.empty()) {
            stopped = true;
            return;
          }
          write_file_atomically((fs::path(spec.folder) / spec.name(job)).string(), bytes);
          const std::size_t done = ++saved;
          if (spec.progress) {
            std::lock_guard lock(report);
            spec.progress(done, spec.jobs);
          }
        }
      },
      tbb::simple_partitioner());
  return !stopped && saved == spec.jobs;
}

}  // namespace kw::engine
