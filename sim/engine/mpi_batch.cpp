#include "engine/mpi.h"

#include "engine/errors.h"
#include "engine/h5_file.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <span>
#include <thread>

#ifdef KWARTIER_WITH_MPI
// The C API only: the deprecated C++ bindings would need libmpi_cxx.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace kw::engine::mpi {

namespace {
int env_int(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::atoi(v) : 0;
}
}  // namespace

bool launched() {
  // Slurm's own variables are not enough: a batch script has them before
  // srun starts any rank. srun sets PMI_SIZE (PMI2) or PMIX_SIZE (PMIx).
  return env_int("OMPI_COMM_WORLD_SIZE") > 1 || env_int("PMI_SIZE") > 1 || env_int("PMIX_SIZE") > 1;
}

#ifndef KWARTIER_WITH_MPI

bool available() { return false; }
Session::Session() {
  throw InputError(
      "this kwartier was built without MPI; rebuild with -DKWARTIER_MPI=ON (bash .ci/quickstart does) to run it "
      "under mpirun");
}
Session::~Session() = default;
bool Session::all_ok(bool ok) const { return ok; }
bool run_batch(const BatchSpec&, const Session&) { return false; }

#else

namespace {

enum Tag : int { kReady = 1, kResult = 2, kAssign = 3, kStop = 4, kStopped = 5 };

void save(const BatchSpec& spec, std::size_t job, std::span<const unsigned char> bytes) {
  write_file_atomically((std::filesystem::path(spec.folder) / spec.name(job)).string(), bytes);
}

void worker(const BatchSpec& spec) {
  MPI_Send(nullptr, 0, MPI_BYTE, 0, kReady, MPI_COMM_WORLD);
  std::vector<unsigned char> message;
  for (;;) {
    std::uint64_t job = 0;
    MPI_Status status;
    MPI_Recv(&job, 1, MPI_UINT64_T, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
    if (status.MPI_TAG == kStop) return;
    const std::vector<unsigned char> bytes = spec.run(job);
    if (bytes.empty()) {
      MPI_Send(nullptr, 0, MPI_BYTE, 0, kStopped, MPI_COMM_WORLD);
      // Rank 0 still answers with STOP; take it so nothing is left in flight.
      MPI_Recv(&job, 1, MPI_UINT64_T, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
      return;
    }
    message.resize(sizeof job + bytes.size());
    std::memcpy(message.data(), &job, sizeof job);
    std::memcpy(message.data() + sizeof job, bytes.data(), bytes.size());
    MPI_Send(message.data(), static_cast<int>(message.size()), MPI_BYTE, 0, kResult, MPI_COMM_WORLD);
  }
}

bool coordinator(const BatchSpec& spec, int ranks) {
  const std::vector<std::size_t> todo = missing_jobs(spec);
  std::atomic<std::size_t> next{0}, saved{spec.jobs - todo.size()};
  std::atomic<bool> stopped{false};
  std::mutex report;
  auto take = [&]() -> long long {
    if (stopped || (spec.stop && spec.stop())) {
      stopped = true;
      return -1;
    }
    const std::size_t k = next++;
    return k < todo.size() ? static_cast<long long>(todo[k]) : -1;
  };
  auto saved_one = [&] {
    const std::size_t done = ++saved;
    if (spec.progress) {
      std::lock_guard lock(report);
      spec.progress(done, spec.jobs);
    }
  };

  // Rank 0 computes too: with as many ranks as cores, a rank that only
  // coordinated would leave a core idle. Only this (main) thread calls MPI
  // (MPI_THREAD_FUNNELED); it sleeps between polls instead of spinning, so
  // the computing thread has the core.
  std::thread compute([&] {
    for (long long job; (job = take()) >= 0;) {
      const std::vector<unsigned char> bytes = spec.run(static_cast<std::size_t>(job));
      if (bytes.empty()) {
        stopped = true;
        return;
      }
      save(spec, static_cast<std::size_t>(job), bytes);
      saved_one();
    }
  });

  int working = ranks - 1;
  std::vector<unsigned char> buffer;
  while (working > 0) {
    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
    if (!flag) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    int count = 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    buffer.resize(static_cast<std::size_t>(count));
    MPI_Recv(buffer.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (status.MPI_TAG == kResult) {
      std::uint64_t job = 0;
      std::memcpy(&job, buffer.data(), sizeof job);
      save(spec, job, std::span<const unsigned char>(buffer).subspan(sizeof job));
      saved_one();
    } else if (status.MPI_TAG == kStopped) {
      stopped = true;
    }
    const long long job = take();
    if (job < 0) {
      MPI_Send(nullptr, 0, MPI_UINT64_T, status.MPI_SOURCE, kStop, MPI_COMM_WORLD);
      --working;
    } else {
      const auto j = static_cast<std::uint64_t>(job);
      MPI_Send(&j, 1, MPI_UINT64_T, status.MPI_SOURCE, kAssign, MPI_COMM_WORLD);
    }
  }
  compute.join();
  return !stopped && saved == spec.jobs;
}

}  // namespace

bool available() { return true; }

Session::Session() {
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw InputError("the MPI library does not support threads (MPI_THREAD_FUNNELED)");
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm local;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &local);
  MPI_Comm_size(local, &local_size_);
  MPI_Comm_free(&local);
}

Session::~Session() { MPI_Finalize(); }

bool Session::all_ok(bool ok) const {
  int mine = ok ? 1 : 0, all = 0;
  MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
  return all != 0;
}

bool run_batch(const BatchSpec& spec, const Session& session) {
  if (session.rank() == 0) return coordinator(spec, session.size());
  worker(spec);
  return true;
}

#endif

}  // namespace kw::engine::mpi
