// Kwartier benchmarks (Google Benchmark). See bench/run.sh for the usual way to
// run them; every benchmark that runs the model takes the worker-thread count
// as its argument and runs inside a ThreadPool arena of that size.
//
//   BM_Process_<name>/T        one weekly process alone per iteration, on a
//                              municipality world advanced past the burn-in
//                              plus 10 weeks; the week counter advances each
//                              iteration. Caveat: processes that read what an
//                              earlier process wrote this week see stale state
//                              (attitudes does tie work only for ties touched
//                              this week, which needs encounters_and_ties).
//   BM_ProcessCold_<name>/1    the same on 1 thread with cold caches (64 MiB
//                              read, untimed, before each iteration), as the
//                              process finds its state in a week.
//   BM_Week/T                  Model::step at municipality size. Its counters
//                              ns_<process> give each process's wall time per
//                              resident-week inside full weeks (the schedule's
//                              own timers), i.e. on the state the schedule gives it.
//   BM_WholeRun_<scenario>/T   load scenario + build_world + all weeks + write_run.
//   BM_BuildWorld/T            build_world at municipality size.
//   BM_PairBits, BM_AgentUniform  random stream throughput.
//   BM_PairBitsN/level        pair draws 512 at a time (RandomStreams::pair_bits_n)
//                             with each SIMD kernel the CPU has: 0 baseline,
//                             1 AVX2, 2 AVX-512.
//
// items_per_second is resident-weeks per second for the model benchmarks.
#include "engine/parallel.h"
#include "engine/random.h"
#include "model/model.h"
#include "model/output.h"
#include "model/population.h"
#include "model/processes.h"
#include "model/scenario.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using namespace kw;

const std::string kMunicipality = KWARTIER_SOURCE_DIR "/scenarios/oss-municipality.ini";
const std::string kPilot = KWARTIER_SOURCE_DIR "/scenarios/oss-pilot.ini";
constexpr int kWarmWeeks = 10;

// Thread-count argument: 1 and 2.
void threads_args(benchmark::internal::Benchmark* b) {
  b->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
}

// The municipality world after the burn-in and kWarmWeeks more weeks, built
// once (2 threads: the world does not depend on the thread count). Each
// benchmark copies it.
struct Fixture {
  model::Scenario scenario;
  std::unique_ptr<model::World> warm;
  Fixture() {
    scenario = model::load_scenario(kMunicipality, {}, nullptr);
    engine::ThreadPool pool(2);
    pool.execute([&] {
      model::Model m(model::build_world(scenario.params, scenario.wijken, scenario.active));
      for (int k = 0; k < scenario.params.run.burn_in + kWarmWeeks; ++k) m.step();
      warm = std::make_unique<model::World>(m.world());
    });
  }
};
const Fixture& fixture() {
  static const Fixture f;
  return f;
}

using ProcessFn = void (*)(model::World&);
struct NamedProcess {
  const char* name;
  ProcessFn fn;
};
const NamedProcess kProcesses[] = {
    {"encounters_and_ties", model::encounters_and_ties},
    {"loneliness", model::loneliness},
    {"niche_visits", model::niche_visits},
    {"attitudes", model::attitudes},
    {"kwartiermaker_work", model::kwartiermaker_work},
    {"buddy_project", model::buddy_project},
    {"experienced_support", model::experienced_support},
    {"roles_and_participation", model::roles_and_participation},
    {"crisis_and_care", model::crisis_and_care},
    {"trajectory_end", model::trajectory_end},
};

void set_adult_items(benchmark::State& state, std::uint32_t adults) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * adults);
  state.counters["adults"] = adults;
  // Seconds per resident-week (shown as e.g. "245ns"), as an inverted rate
  // over the benchmark's wall time.
  state.counters["per_resident_week"] =
      benchmark::Counter(static_cast<double>(adults),
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// 1. One process alone per iteration.
void BM_Process(benchmark::State& state, ProcessFn fn) {
  engine::ThreadPool pool(static_cast<int>(state.range(0)));
  model::World w = *fixture().warm;
  pool.execute([&] {
    for (auto _ : state) {
      w.counters.reset(w.wijken.size());
      fn(w);
      benchmark::ClobberMemory();
      ++w.week;
    }
  });
  set_adult_items(state, w.residents.size);
}

// 1b. The same with cold caches: before each iteration (untimed) 64 MiB are
// read, so that the process finds its state in memory as it does in a week
// after the encounters process has swept through the ties. The processes
// that loop over vulnerable residents take several times longer in a week
// than alone: this shows why.
void BM_ProcessCold(benchmark::State& state, ProcessFn fn) {
  engine::ThreadPool pool(static_cast<int>(state.range(0)));
  model::World w = *fixture().warm;
  std::vector<std::uint64_t> evict(std::size_t{8} << 20, 1);
  pool.execute([&] {
    for (auto _ : state) {
      state.PauseTiming();
      std::uint64_t sum = 0;
      for (std::size_t k = 0; k < evict.size(); k += 8) sum += evict[k]++;
      benchmark::DoNotOptimize(sum);
      w.counters.reset(w.wijken.size());
      state.ResumeTiming();
      fn(w);
      benchmark::ClobberMemory();
      ++w.week;
    }
  });
  set_adult_items(state, w.residents.size);
}

// Registers the per-process benchmarks in schedule order.
const bool kRegistered = [] {
  for (std::size_t p = 0; p < std::size(kProcesses); ++p) {
    const ProcessFn fn = kProcesses[p].fn;
    benchmark::RegisterBenchmark((std::string("BM_Process_") + kProcesses[p].name).c_str(),
                                 [fn](benchmark::State& st) { BM_Process(st, fn); })
        ->Apply(threads_args)
        ->Iterations(100)  // about a run's length of weeks; keeps the week counter small
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((std::string("BM_ProcessCold_") + kProcesses[p].name).c_str(),
                                 [fn](benchmark::State& st) { BM_ProcessCold(st, fn); })
        ->ArgName("threads")
        ->Arg(1)
        ->UseRealTime()
        ->Iterations(100)
        ->Unit(benchmark::kMicrosecond);
  }
  return true;
}();

// 2. A whole week.
void BM_Week(benchmark::State& state) {
  engine::ThreadPool pool(static_cast<int>(state.range(0)));
  model::Model m(std::make_unique<model::World>(*fixture().warm));
  pool.execute([&] {
    for (auto _ : state) {
      m.step();
      benchmark::ClobberMemory();
    }
  });
  const double adults = m.world().residents.size;
  set_adult_items(state, m.world().residents.size);
  for (const auto& e : m.schedule().entries())
    state.counters["ns_" + e.name] = e.seconds * 1e9 / (adults * static_cast<double>(state.iterations()));
}
BENCHMARK(BM_Week)->Apply(threads_args)->MinTime(2.0);

// 3. The whole process of `kwartier run`.
std::string temp_output() {
  const auto dir = std::filesystem::temp_directory_path();
  return (dir / ("kwartier-bench-" + std::to_string(::getpid()) + ".h5")).string();
}

void BM_WholeRun(benchmark::State& state, const std::string& file) {
  const int threads = static_cast<int>(state.range(0));
  const std::string out = temp_output();
  std::uint32_t adults = 0, weeks = 0;
  for (auto _ : state) {
    engine::ThreadPool pool(threads);
    model::Scenario s = model::load_scenario(file, {}, nullptr);
    std::unique_ptr<model::Model> m;
    pool.execute([&] {
      m = std::make_unique<model::Model>(model::build_world(s.params, s.wijken, s.active));
      m->run();
    });
    model::RunMetadata meta{"bench", "bench", "kwartier_bench", pool.threads()};
    model::write_run(out, s, *m, meta);
    adults = m->world().residents.size;
    weeks = m->world().week - 1;
  }
  std::filesystem::remove(out);
  state.counters["adults"] = adults;
  state.counters["weeks"] = weeks;  // simulated, burn-in included
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * adults * weeks);
}
// One run per repetition, three repetitions: the summary takes the best.
BENCHMARK_CAPTURE(BM_WholeRun, municipality, kMunicipality)
    ->Apply(threads_args)->Iterations(1)->Repetitions(3)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_WholeRun, pilot, kPilot)
    ->Apply(threads_args)->Iterations(1)->Repetitions(3)->Unit(benchmark::kSecond);

// 4. Population build.
void BM_BuildWorld(benchmark::State& state) {
  engine::ThreadPool pool(static_cast<int>(state.range(0)));
  const model::Scenario& s = fixture().scenario;
  std::uint32_t adults = 0;
  pool.execute([&] {
    for (auto _ : state) {
      auto w = model::build_world(s.params, s.wijken, s.active);
      adults = w->residents.size;
      benchmark::DoNotOptimize(w.get());
    }
  });
  state.counters["adults"] = adults;
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * adults);
}
BENCHMARK(BM_BuildWorld)->Apply(threads_args)->MinTime(1.0);

// 5. Random streams (single thread).
void BM_PairBits(benchmark::State& state) {
  const engine::RandomStreams rs(1, 0);
  std::uint32_t i = 0;
  for (auto _ : state) {
    auto bits = rs.pair_bits(17, 5, i, i ^ 0x2A5u);
    benchmark::DoNotOptimize(bits);
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PairBits);

// Draws state.range(0) uniforms per agent (a fresh AgentDraws per agent, as the processes do).
void BM_AgentUniform(benchmark::State& state) {
  const engine::RandomStreams rs(1, 0);
  const auto per_agent = static_cast<int>(state.range(0));
  std::uint32_t agent = 0;
  for (auto _ : state) {
    engine::AgentDraws d(rs, 17, 7, agent++);
    for (int k = 0; k < per_agent; ++k) {
      double u = d.uniform();
      benchmark::DoNotOptimize(u);
    }
  }
  state.SetItemsProcessed(state.iterations() * per_agent);
}
BENCHMARK(BM_AgentUniform)->ArgName("draws")->Arg(1)->Arg(4)->Arg(64);

void BM_PairBitsN(benchmark::State& state) {
  const auto level = static_cast<engine::SimdLevel>(state.range(0));
  if (!engine::simd_supported(level)) {
    state.SkipWithError("this CPU does not have this kernel");
    return;
  }
  const engine::RandomStreams rs(1, 0);
  constexpr std::size_t kN = 512;
  std::vector<std::uint32_t> a(kN), b(kN), words(4 * kN);
  for (std::uint32_t k = 0; k < kN; ++k) a[k] = k * 2654435761u, b[k] = k ^ 0x2A5u;
  std::uint32_t* const out[4] = {&words[0], &words[kN], &words[2 * kN], &words[3 * kN]};
  std::uint32_t week = 0;
  for (auto _ : state) {
    rs.pair_bits_n(week++ & 0xFFFF, 5, kN, a.data(), b.data(), out, level);
    benchmark::DoNotOptimize(words.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * kN);
}
BENCHMARK(BM_PairBitsN)->ArgName("level")->Arg(0)->Arg(1)->Arg(2);


}  // namespace

BENCHMARK_MAIN();
