// Experiments (issue 4): many runs at once through the batch runner that
// `kwartier sweep` uses, run level and run-inner parallelism together.
//
//   BM_Experiment_pilot/T   8 replicates of the pilot (78 + 12 weeks), each
//                           written as an HDF5 image to a parts folder, on T
//                           threads. runs_per_second is the throughput; the
//                           README turns it into the time for 100 replicates.
// MPI ranks are measured by bench/experiments.sh (mpirun around the program).
#include "engine/batch.h"
#include "engine/parallel.h"
#include "model/experiment.h"
#include "model/experiment_output.h"

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

namespace {

using namespace kw;

void BM_Experiment_pilot(benchmark::State& state) {
  model::ExperimentOptions options;
  options.replicates = 8;
  const model::Experiment x =
      model::load_experiment(KWARTIER_SOURCE_DIR "/scenarios/oss-pilot.ini", {}, options, "bench");
  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("kwartier-bench-" + std::to_string(::getpid()));
  engine::ThreadPool pool(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    engine::BatchSpec spec;
    spec.folder = folder.string();
    spec.jobs = x.runs();
    spec.name = [&](std::size_t run) { return model::run_file_name(x.variant_of(run), x.replicate_of(run)); };
    spec.run = [&](std::size_t run) { return model::run_to_image(x.scenario(run), nullptr, "bench", "bench"); };
    const bool done = pool.execute([&] { return engine::run_batch(spec); });
    if (!done) state.SkipWithError("batch did not finish");
  }
  std::filesystem::remove_all(folder);
  state.counters["runs_per_second"] =
      benchmark::Counter(static_cast<double>(x.runs()) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Experiment_pilot)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kSecond)->Iterations(1)->Repetitions(2);

}  // namespace
