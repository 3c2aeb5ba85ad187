// kwartier sweep: replicates and parameter variants of a scenario, on every
// core and, under mpirun, on every rank; finished runs are kept as they
// finish, so an interrupted experiment resumes where it stopped.
#include "command_line.h"
#include "commands.h"

#include "engine/batch.h"
#include "engine/errors.h"
#include "engine/h5_file.h"
#include "engine/mpi.h"
#include "engine/parallel.h"
#include "model/experiment.h"
#include "model/experiment_output.h"
#include "model/outcomes.h"
#include "model/output.h"
#include "model/population.h"
#include "model/programme_start.h"
#include "version.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

namespace kw::app {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

// Costs per run, measured with bench/ on the 2-core reference machine (README,
// "Speed"): the weekly step per resident-week, the population build per
// adult, and the compressed output per outcome value and per trajectory.
constexpr double kSecondsPerResidentWeek = 140e-9;
constexpr double kBuildSecondsPerAdult = 1.6e-6;
constexpr double kBytesPerAdult = 520;          // peak memory of a run
constexpr double kOutputBytesPerValue = 2.4;    // weekly series, compressed
constexpr double kOutputBytesPerVulnerable = 40;
constexpr double kOutputBytesFixed = 200e3;   // object headers of ~130 datasets

struct Estimate {
  double adults = 0, vulnerable = 0, seconds_one_core = 0, memory = 0, disk = 0;
};

// Whether the variants differ only in keys the model first reads when the
// programme starts, so that each replicate's population and burn-in can be
// shared between them (model/programme_start.h).
bool variants_share_start(const model::Experiment& x) {
  for (const std::string& key : x.keys())
    if (!model::read_from_programme_start(key)) return false;
  return x.variants.size() > 1;
}

// Adults of a wijk in a run of the experiment, and of the whole run.
double adults_of(const model::Experiment& x, const model::WijkRow& row) {
  const auto bands = model::adults_by_age(row);
  return (bands[0] + bands[1] + bands[2] + bands[3]) * x.base.params.population.scale;
}
double adults_per_run(const model::Experiment& x) {
  double adults = 0;
  for (const auto& row : x.base.wijken) adults += adults_of(x, row);
  return adults;
}

// Worlds at the programme's start kept for sharing: one per thread and one
// more, unless the variants cannot share or they would take more than a
// quarter of the machine's memory.
std::size_t shared_start_capacity(const model::Experiment& x, int threads) {
  if (!variants_share_start(x)) return 0;
  const auto capacity = static_cast<std::size_t>(threads) + 1;
  const double memory = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  return static_cast<double>(capacity) * adults_per_run(x) * kBytesPerAdult <= memory / 4 ? capacity : 0;
}

Estimate estimate(const model::Experiment& x, int threads) {
  Estimate e;
  const auto& p = x.base.params;
  e.adults = adults_per_run(x);
  for (const auto& row : x.base.wijken) e.vulnerable += adults_of(x, row) * row.vulnerable_share;
  const double runs = static_cast<double>(x.runs_to_run().size());
  const double start_seconds = e.adults * (p.run.burn_in * kSecondsPerResidentWeek + kBuildSecondsPerAdult);
  const std::size_t kept_starts = shared_start_capacity(x, threads);
  // a shared start is built about once per replicate and thread
  const double starts = kept_starts > 0
                            ? std::min<double>(runs, x.replicates * std::min<double>(threads, x.variants.size()))
                            : runs;
  e.seconds_one_core = runs * e.adults * p.run.weeks * kSecondsPerResidentWeek + starts * start_seconds;
  const double concurrent = std::min<double>(threads, runs);
  const double run_output = kOutputBytesFixed + kOutputBytesPerVulnerable * e.vulnerable +
                            kOutputBytesPerValue * model::outcome_definitions().size() * p.run.weeks *
                                static_cast<double>(x.base.wijken.size());
  e.memory = 40e6 + concurrent * (e.adults * kBytesPerAdult + run_output) +
             static_cast<double>(kept_starts) * e.adults * kBytesPerAdult;
  const double summaries = 4 * 8.0 * model::outcome_definitions().size() * static_cast<double>(x.variants.size()) *
                           p.run.weeks * static_cast<double>(x.base.wijken.size() + 1) * 0.5;
  e.disk = runs * run_output + summaries;
  return e;
}

std::string human_seconds(double s) {
  char buf[64];
  if (s < 10)
    std::snprintf(buf, sizeof buf, "%.1f s", s);
  else if (s < 90)
    std::snprintf(buf, sizeof buf, "%.0f s", s);
  else if (s < 5400)
    std::snprintf(buf, sizeof buf, "%.0f min", s / 60);
  else
    std::snprintf(buf, sizeof buf, "%.1f h", s / 3600);
  return buf;
}

std::string human_bytes(double b) {
  char buf[64];
  if (b < 1e6)
    std::snprintf(buf, sizeof buf, "%.0f kB", b / 1e3);
  else if (b < 1e9)
    std::snprintf(buf, sizeof buf, "%.0f MB", b / 1e6);
  else
    std::snprintf(buf, sizeof buf, "%.1f GB", b / 1e9);
  return buf;
}

// The parts folder holds the definition of the experiment it belongs to; a
// different experiment must not be mixed into it.
void claim_parts_folder(const std::string& folder, const std::string& out, const std::string& definition,
                        std::size_t& resumed) {
  const fs::path def_file = fs::path(folder) / "experiment.txt";
  std::error_code ec;
  const bool fresh = !fs::exists(folder);
  fs::create_directories(folder, ec);
  if (ec) throw engine::InputError("cannot write output '" + out + "': cannot create '" + folder + "': " + ec.message());
  // Two processes on the same experiment would run every run twice and race
  // for the file: the second is refused. The lock is held (the descriptor
  // stays open) until the process ends, however it ends.
  const int lock = ::open((fs::path(folder) / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock < 0 || ::flock(lock, LOCK_EX | LOCK_NB) != 0) {
    if (lock >= 0) ::close(lock);
    throw engine::InputError("'" + folder + "' is in use by another kwartier sweep writing '" + out +
                             "'; wait for it or stop it (its finished runs are kept)");
  }
  if (!fresh && fs::exists(def_file)) {
    std::ifstream in(def_file);
    std::stringstream old;
    old << in.rdbuf();
    if (old.str() != definition) {
      std::istringstream a(old.str()), b(definition);
      std::string la, lb;
      int line = 0;
      while (true) {
        ++line;
        const bool ga = static_cast<bool>(std::getline(a, la)), gb = static_cast<bool>(std::getline(b, lb));
        if (!ga || !gb || la != lb) break;
      }
      throw engine::InputError("'" + folder + "' holds the finished runs of a different experiment (line " +
                               std::to_string(line) + ": was '" + la + "', now '" + lb +
                               "'); finish that one with its own command, or remove the folder or choose another "
                               "--out than '" + out + "'");
    }
    for (const auto& entry : fs::directory_iterator(folder, ec))
      if (entry.path().extension() == ".h5") ++resumed;
    return;
  }
  engine::write_file_atomically(
      def_file.string(), {reinterpret_cast<const unsigned char*>(definition.data()), definition.size()});
}

// Runs done / total, elapsed and time left: in place on a terminal, one line
// per 10% otherwise (a log file).
class Progress {
public:
  Progress(bool quiet, std::size_t already) : quiet_(quiet), already_(already), tty_(isatty(STDERR_FILENO)) {}
  void update(std::size_t done, std::size_t total) {
    if (quiet_) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
    const std::size_t here = done - already_;  // done in this session: the rate to go by
    const double left = here > 0 ? elapsed / static_cast<double>(here) * static_cast<double>(total - done) : 0;
    const int tenth = static_cast<int>(10 * done / total);
    if (tty_) {
      std::fprintf(stderr, "\rruns %zu/%zu  elapsed %s  left ~%s   ", done, total, human_seconds(elapsed).c_str(),
                   human_seconds(left).c_str());
      shown_ = true;
    } else if (tenth != last_tenth_) {
      std::fprintf(stderr, "runs %zu/%zu (%d%%)  elapsed %s  left ~%s\n", done, total, tenth * 10,
                   human_seconds(elapsed).c_str(), human_seconds(left).c_str());
    }
    last_tenth_ = tenth;
    std::fflush(stderr);
  }
  void finish() {
    if (shown_) std::fprintf(stderr, "\n");
  }

private:
  bool quiet_;
  std::size_t already_;
  bool tty_, shown_ = false;
  int last_tenth_ = -1;
  std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
};

void print_experiment_summary(const model::Experiment& x, const std::string& out) {
  engine::H5Reader f(out);
  const char* shown[] = {"reached", "ended_success", "accepted_with_role", "lonely_share", "tolerance_mean"};
  // Labels can be long (lists of wijken): a legend first, then the table by number.
  std::printf("\nthe municipality at the end, mean [95%% CI] over replicates, per variant:\n");
  for (std::size_t v = 0; v < x.variants.size(); ++v) std::printf("v%-4zu %s\n", v, x.variants[v].label.c_str());
  std::printf("\n%-8s", "variant");
  for (const char* name : shown) std::printf(" %24s", name);
  std::printf("\n");
  std::vector<std::vector<double>> mean, lo, hi;
  for (const char* name : shown) {
    const std::string g = std::string("/summary/final_municipality/") + name;
    mean.push_back(f.read<double>(g + "/mean"));
    lo.push_back(f.read<double>(g + "/ci_low"));
    hi.push_back(f.read<double>(g + "/ci_high"));
  }
  for (std::size_t v = 0; v < x.variants.size(); ++v) {
    std::printf("v%-7zu", v);
    for (std::size_t k = 0; k < mean.size(); ++k) {
      char cell[64];
      const bool share = std::string(shown[k]).find("share") != std::string::npos;
      const double s = share ? 100 : 1;
      if (std::isnan(lo[k][v]))
        std::snprintf(cell, sizeof cell, share ? "%.1f%%" : "%.3g", s * mean[k][v]);
      else
        std::snprintf(cell, sizeof cell, share ? "%.1f%% [%.1f, %.1f]" : "%.3g [%.3g, %.3g]", s * mean[k][v],
                      s * lo[k][v], s * hi[k][v]);
      std::printf(" %24s", cell);
    }
    std::printf("\n");
  }
}

}  // namespace

int sweep_command(const std::vector<std::string>& all, const std::string& command) {
  std::vector<std::string> overrides;
  const std::vector<std::string> args = split_overrides(all, overrides);
  po::options_description desc(
      "usage: kwartier sweep SCENARIO [--replicates R] [--vary KEY=V1,V2,...] [--vary KEY=LO:HI:STEP]\n"
      "                      [--design grid|lhs --samples N] [--out FILE.h5] [--threads N] [--seed S]\n"
      "                      [--dry-run] [--<section>.<key> VALUE ...]\n\n"
      "Runs every variant (one set of values of the varied keys) R times and writes one HDF5 file with\n"
      "every run and, per variant, mean, sd and 95% CI of every outcome. Replicate r uses the same random\n"
      "streams in every variant. The same in a scenario's [experiment] section (replicates, vary, design,\n"
      "samples); options here replace it. Values that hold commas are separated by '|'.\n"
      "Finished runs are kept in FILE.h5.parts/ as they finish: after an interruption the same command\n"
      "continues where it stopped. Under 'mpirun -np N kwartier sweep ...' the runs are spread over the ranks.\n"
      "Variants whose runs are the same (every key equal but how the same staff was set) are run once.\n\n"
      "options");
  desc.add_options()("help,h", "show this help")("replicates,r", po::value<int>(), "replicates per variant")(
      "vary", po::value<std::vector<std::string>>()->composing(), "KEY=V1,V2,... | KEY=LO:HI:STEP | KEY=LO:HI (lhs)")(
      "design", po::value<std::string>(), "grid (every combination, default) or lhs (Latin hypercube)")(
      "samples", po::value<int>(), "variants of a Latin hypercube")(
      "out,o", po::value<std::string>(), "output file (default: <scenario name>.h5)")(
      "threads,t", po::value<int>()->default_value(0), "worker threads per process (0: all cores, shared by ranks)")(
      "seed,s", po::value<std::string>(), "random seed (same as --run.seed)")(
      "dry-run", "print the number of runs and the estimated time, memory and disk, and stop")(
      "quiet,q", "no progress and no summary")("scenario", po::value<std::string>(), "scenario file");
  const auto parsed = parse(args, desc, "scenario", 1);
  if (!parsed) return 0;  // --help
  const auto& vm = *parsed;
  std::optional<engine::mpi::Session> mpi;
  if (engine::mpi::launched()) mpi.emplace();  // throws if this build has no MPI
  const bool root = !mpi || mpi->rank() == 0;
  // Setting up: every rank reads the scenario; rank 0 alone checks the output
  // and claims the parts folder. Under MPI the ranks then agree whether all
  // went well, so that no rank is left waiting for one that stopped.
  std::string error;
  std::optional<model::Experiment> experiment;
  std::string file, out, folder;
  std::size_t resumed = 0;
  int threads = 0, ranks = mpi ? mpi->size() : 1;
  const bool quiet = vm.count("quiet") > 0;
  try {
    file = vm.count("scenario") ? vm["scenario"].as<std::string>() : default_scenario();
    if (vm.count("seed")) {
      overrides.push_back("--run.seed");
      overrides.push_back(vm["seed"].as<std::string>());
    }
    model::ExperimentOptions options;
    if (vm.count("replicates")) options.replicates = vm["replicates"].as<int>();
    if (vm.count("vary")) options.vary = vm["vary"].as<std::vector<std::string>>();
    if (vm.count("design")) options.design = vm["design"].as<std::string>();
    if (vm.count("samples")) options.samples = vm["samples"].as<int>();
    threads = checked_threads(vm["threads"].as<int>());
    if (threads == 0) {
      const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
      threads = mpi ? std::max(1, cores / mpi->local_size()) : cores;
    }
    const std::string version = std::string(KWARTIER_VERSION) + " (" + KWARTIER_GIT_COMMIT + ")";
    experiment.emplace(model::load_experiment(file, overrides, options, version));
    const model::Experiment& x = *experiment;
    out = vm.count("out") ? vm["out"].as<std::string>() : fs::path(file).stem().string() + ".h5";

    if (root) {
      engine::H5Writer::check_writable(out);
      const Estimate e = estimate(x, threads);  // memory per process; time over all cores
      if (!quiet || vm.count("dry-run")) {
        std::fprintf(stderr, "%s: %zu variants x %d replicates = %zu runs of about %.0f adults and %d weeks\n",
                     file.c_str(), x.variants.size(), x.replicates, x.runs(), e.adults, x.base.params.run.weeks);
        if (const std::size_t twins = x.runs() - x.runs_to_run().size(); twins > 0) {
          std::fprintf(stderr, "%zu of them are another variant's (the same staff, so the same runs; run once):",
                       twins);
          for (std::size_t v = 0; v < x.variants.size(); ++v)
            if (x.variants[v].twin != v) std::fprintf(stderr, " v%zu = v%zu", v, x.variants[v].twin);
          std::fprintf(stderr, "\n");
        }
        std::fprintf(stderr, "estimate: %s on %d core%s (%s on one), memory %s per process, disk %s%s\n",
                     human_seconds(e.seconds_one_core / (threads * ranks)).c_str(), threads * ranks,
                     threads * ranks > 1 ? "s" : "", human_seconds(e.seconds_one_core).c_str(),
                     human_bytes(e.memory).c_str(), human_bytes(e.disk).c_str(),
                     ranks > 1 ? (" (" + std::to_string(ranks) + " MPI ranks)").c_str() : "");
      }
    }
    folder = model::parts_folder(out);
    if (root && !vm.count("dry-run")) claim_parts_folder(folder, out, x.definition, resumed);
  } catch (const engine::InputError& e) {
    error = e.what();
  }
  if (mpi ? !mpi->all_ok(error.empty()) : !error.empty()) {
    if (!mpi) throw engine::InputError(error);
    if (root) std::fprintf(stderr, "kwartier: error: %s\n", error.empty() ? "on another MPI rank" : error.c_str());
    return 2;
  }
  if (vm.count("dry-run")) return 0;
  const model::Experiment& x = *experiment;
  {
    // Runs whose results are another's (a variant's twin) are not run again.
    const std::vector<std::size_t> to_run = x.runs_to_run();
    if (root && resumed > 0 && !quiet)
      std::fprintf(stderr, "resuming: %zu of %zu runs already done in %s\n", resumed, to_run.size(), folder.c_str());

    catch_interrupts();
    engine::ThreadPool pool(threads);
    Progress progress(quiet, resumed);
    engine::BatchSpec spec;
    spec.folder = folder;
    spec.jobs = to_run.size();
    spec.name = [&](std::size_t job) {
      return model::run_file_name(x.variant_of(to_run[job]), x.replicate_of(to_run[job]));
    };
    spec.stop = [] { return interrupted(); };
    spec.progress = [&](std::size_t done, std::size_t total) { progress.update(done, total); };
    model::ProgrammeStartCache shared_start(shared_start_capacity(x, threads));
    spec.run = [&](std::size_t job) {
      return model::run_to_image(x.scenario(to_run[job]), interrupted, KWARTIER_VERSION, KWARTIER_GIT_COMMIT,
                                 &shared_start);
    };
    const auto batch_start = std::chrono::steady_clock::now();
    const bool complete = pool.execute([&] { return mpi ? engine::mpi::run_batch(spec, *mpi) : engine::run_batch(spec); });
    const double batch_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - batch_start).count();
    if (!root) return 0;
    progress.finish();
    if (!complete) {
      std::fprintf(stderr,
                   "kwartier: interrupted; the finished runs are kept in %s: run the same command again to "
                   "continue\n",
                   folder.c_str());
      return 130;
    }
    std::vector<std::string> cmd{command};
    cmd.insert(cmd.end(), all.begin(), all.end());
    const auto assembly_start = std::chrono::steady_clock::now();
    model::write_experiment(out, x, folder,
                            {KWARTIER_VERSION, KWARTIER_GIT_COMMIT, command_text(cmd), pool.threads(), ranks});
    std::error_code ec;
    fs::remove_all(folder, ec);
    if (!quiet) {
      // Throughput of the runs alone, without start-up and assembly: what
      // more threads or ranks speed up (bench/experiments.sh reads this line).
      const std::size_t ran = to_run.size() - resumed;
      std::fprintf(stderr, "ran %zu runs in %.2f s: %.3f runs/s on %d rank%s x %d thread%s; assembled the file in %.2f s\n",
                   ran, batch_seconds, batch_seconds > 0 ? static_cast<double>(ran) / batch_seconds : 0.0, ranks,
                   ranks == 1 ? "" : "s", pool.threads(), pool.threads() == 1 ? "" : "s",
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - assembly_start).count());
      print_experiment_summary(x, out);
      std::printf("\nwrote %s (%zu runs, %s)\n", out.c_str(), x.runs(), human_bytes(static_cast<double>(fs::file_size(out))).c_str());
    }
    return 0;
  }
}

}  // namespace kw::app
