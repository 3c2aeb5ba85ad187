#include "cli.h"

#include "command_line.h"
#include "commands.h"
#include "report_command.h"

#include "engine/errors.h"
#include "engine/h5_file.h"
#include "engine/parallel.h"
#include "model/cbs_import.h"
#include "model/output.h"
#include "model/population.h"
#include "model/scenario.h"
#include "version.h"

#include <boost/program_options.hpp>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace kw::app {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

const char* kUsage =
    "kwartier " KWARTIER_VERSION " - agent-based simulation of kwartiermaken (neighbourhood inclusion)\n"
    "\n"
    "usage: kwartier <command> [options]\n"
    "\n"
    "commands:\n"
    "  run [SCENARIO]        run a scenario (default: the Oss pilot) and write an HDF5 file\n"
    "  sweep SCENARIO        replicates and parameter variants, on every core (and MPI ranks)\n"
    "  compare A.h5 B.h5     outcomes of two files side by side, with 95% intervals\n"
    "  validate SCENARIO     check a scenario and its wijk table without running it\n"
    "  params                list every parameter with default, range, unit and meaning\n"
    "  import-cbs FILE       turn a CBS 'Kerncijfers wijken en buurten' CSV into a wijk table\n"
    "  report FILE.h5 ...    write an HTML report (Dutch, or --lang en) of output files\n"
    "\n"
    "'kwartier <command> --help' describes each command.\n";

void print_summary(const model::Model& m, std::ostream& out) {
  const model::World& w = m.world();
  const auto& last = m.outcomes().last();
  char line[512];
  out << "\nKwartier: " << m.outcomes().weeks() << " weeks, " << w.residents.size << " adults, "
      << w.vulnerable.size << " vulnerable, " << w.kwartiermakers.size << " kwartiermakers\n\n";
  std::snprintf(line, sizeof line, "%-34s %6s %7s %8s %9s %8s %7s %7s %10s\n", "wijk", "active", "reached",
                "success", "accepted", "lonely", "strong", "toler.", "euro/succ");
  out << line;
  auto row = [&](const std::string& name, const char* active, const model::WijkWeek& o, double cost, double succ) {
    std::snprintf(line, sizeof line, "%-34.34s %6s %7.0f %8.0f %9.0f %7.1f%% %6.1f%% %7.3f %10s\n", name.c_str(),
                  active, o.reached, o.ended_success, o.accepted_with_role, 100 * o.lonely_share,
                  100 * o.strongly_lonely_share, o.tolerance_mean,
                  succ > 0 ? std::to_string(static_cast<long>(cost / succ)).c_str() : "-");
    out << line;
  };
  for (std::size_t wi = 0; wi < w.wijken.size(); ++wi)
    row(w.wijken[wi].row.name, w.wijken[wi].active ? "yes" : "", last[wi], last[wi].cost, last[wi].ended_success);
  model::WijkWeek total;
  for (const auto& d : model::outcome_definitions()) total.*(d.field) = model::municipality(d, last, w);
  row("municipality", "", total, total.cost, total.ended_success);

  out << "\nladder (vulnerable residents, rungs 1-6):";
  for (double x : {total.ladder_1, total.ladder_2, total.ladder_3, total.ladder_4, total.ladder_5, total.ladder_6})
    out << " " << static_cast<long>(x);
  std::snprintf(line, sizeof line,
                "\nattitudes: mean tolerance %.3f, accept as neighbour %.1f%%, as son-in-law %.1f%%\n"
                "care: %.0f in care, %.0f waiting; buddy pairs %.0f; kwartiermaker cost %.0f euro\n",
                total.tolerance_mean, 100 * total.accept_neighbour_share, 100 * total.accept_intimate_share,
                total.in_care, total.care_waiting, total.buddy_pairs, total.cost);
  out << line;

  out << "\ncalibration targets (MODEL.md) beside the model:\n";
  for (const auto& c : model::calibration(m)) {
    const bool pct = c.target.find('%') != std::string::npos;
    const double shown = pct ? 100 * c.model : c.model;
    const char* verdict = std::isnan(c.model) ? "n/a" : (c.model >= c.low && c.model <= c.high ? "near" : "off");
    std::snprintf(line, sizeof line, "  %-42s target %-14s model %8.3f%s  %-4s  (%s)\n", c.name.c_str(),
                  c.target.c_str(), shown, pct ? "%" : " ", verdict, c.source.c_str());
    out << line;
  }
}

int run_command(const std::vector<std::string>& all) {
  std::vector<std::string> overrides;
  const std::vector<std::string> args = split_overrides(all, overrides);
  po::options_description desc(
      "usage: kwartier run [SCENARIO] [--out FILE.h5] [--threads N] [--seed S] [--<section>.<key> VALUE ...]\n\n"
      "Runs a scenario (default scenarios/oss-pilot.ini) and writes an HDF5 file. Any parameter of\n"
      "'kwartier params' can be set, e.g. --kwartiermaker.caseload 10 (overrides the file).\n\noptions");
  desc.add_options()("help,h", "show this help")(
      "out,o", po::value<std::string>(), "output file (default: <scenario name>.h5)")(
      "replicates,r", po::value<int>(),
      "run R replicates on all cores and write an experiment file with means and 95% CIs (as 'kwartier sweep')")(
      "threads,t", po::value<int>()->default_value(0), "worker threads (0: all cores)")(
      "seed,s", po::value<std::string>(), "random seed (same as --run.seed)")(
      "quiet,q", "no progress and no summary")("profile", "print the wall time of each weekly process")("scenario", po::value<std::string>(), "scenario file");
  const auto parsed = parse(args, desc, "scenario", 1);
  if (!parsed) return 0;  // --help
  const auto& vm = *parsed;
  if (vm.count("replicates")) {
    if (vm.count("profile")) throw engine::InputError("command line: --profile is for a single run, not with --replicates");
    return sweep_command(all, "run");
  }
  const std::string file = vm.count("scenario") ? vm["scenario"].as<std::string>() : default_scenario();
  if (vm.count("seed")) {
    overrides.push_back("--run.seed");
    overrides.push_back(vm["seed"].as<std::string>());
  }
  const int threads = checked_threads(vm["threads"].as<int>());
  model::Scenario scenario = model::load_scenario(file, overrides, nullptr);
  const std::string out = vm.count("out") ? vm["out"].as<std::string>() : fs::path(file).stem().string() + ".h5";
  engine::H5Writer::check_writable(out);
  const bool quiet = vm.count("quiet") > 0;

  catch_interrupts();
  const auto t0 = std::chrono::steady_clock::now();
  engine::ThreadPool pool(threads);
  const bool tty = isatty(STDERR_FILENO);
  int last_decile = -1;
  bool progress_shown = false;
  std::unique_ptr<model::Model> model;
  const bool finished = pool.execute([&]() {
    model = std::make_unique<model::Model>(model::build_world(scenario.params, scenario.wijken, scenario.active));
    const std::uint32_t weeks = static_cast<std::uint32_t>(scenario.params.run.weeks);
    return model->run([&](std::uint32_t week) {
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (!quiet && elapsed > 1.0) {
        const int decile = static_cast<int>(10 * week / weeks);
        if (tty) {
          std::fprintf(stderr, "\rweek %u/%u  %.1f s", week, weeks, elapsed);
          progress_shown = true;
        } else if (decile != last_decile) {
          std::fprintf(stderr, "week %u/%u  %.1f s\n", week, weeks, elapsed);
        }
        last_decile = decile;
      }
      return !interrupted();
    });
  });
  if (progress_shown) std::fprintf(stderr, "\n");
  if (!finished) {
    std::fprintf(stderr, "kwartier: interrupted at week %u; no output written\n", model->world().week);
    return 130;
  }
  std::vector<std::string> command{"run"};
  command.insert(command.end(), all.begin(), all.end());
  const model::RunMetadata meta{KWARTIER_VERSION, KWARTIER_GIT_COMMIT, command_text(command), pool.threads()};
  model::write_run(out, scenario, *model, meta);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (vm.count("profile")) {
    for (const auto& e : model->schedule().entries())
      std::fprintf(stderr, "%-26s %8.3f s\n", e.name.c_str(), e.seconds);
  }
  if (!quiet) {
    print_summary(*model, std::cout);
    std::printf("\nwrote %s in %.2f s (%d threads)\n", out.c_str(), seconds, pool.threads());
  }
  return 0;
}

int validate_command(const std::vector<std::string>& all) {
  std::vector<std::string> overrides;
  const std::vector<std::string> args = split_overrides(all, overrides);
  po::options_description desc("usage: kwartier validate SCENARIO [--<section>.<key> VALUE ...]\n\n"
                                "Checks a scenario, its overrides and its wijk table without running it.\n\noptions");
  desc.add_options()("help,h", "show this help")("scenario", po::value<std::string>(), "scenario file");
  const auto parsed = parse(args, desc, "scenario", 1);
  if (!parsed) return 0;  // --help
  const auto& vm = *parsed;
  if (!vm.count("scenario")) {
    std::cout << desc << "\n";
    return 2;
  }
  const model::Scenario s = model::load_scenario(vm["scenario"].as<std::string>(), overrides, nullptr);
  double adults = 0;
  std::size_t active = 0;
  for (std::size_t wi = 0; wi < s.wijken.size(); ++wi) {
    const auto bands = model::adults_by_age(s.wijken[wi]);
    adults += (bands[0] + bands[1] + bands[2] + bands[3]) * s.params.population.scale;
    active += s.active[wi];
  }
  std::printf("%s: ok: %zu wijken (%zu with kwartiermakers) from %s, about %.0f adults, %d weeks\n",
              s.file.c_str(), s.wijken.size(), active, s.wijk_table_path.c_str(), adults, s.params.run.weeks);
  return 0;
}

int params_command(const std::vector<std::string>& args) {
  po::options_description desc("usage: kwartier params [--markdown]\n\nLists every parameter.\n\noptions");
  desc.add_options()("help,h", "show this help")("markdown", "as a Markdown table (docs/ODD.md)");
  const auto parsed = parse(args, desc);
  if (!parsed) return 0;  // --help
  const auto& vm = *parsed;
  model::Parameters p;
  auto reg = model::registry_for(p);
  std::cout << (vm.count("markdown") ? reg->markdown_table() : reg->text_listing());
  return 0;
}

int import_cbs_command(const std::vector<std::string>& args) {
  po::options_description desc(
      "usage: kwartier import-cbs FILE --gemeente GM0828 [--out TABLE.csv]\n\n"
      "Turns a CBS 'Kerncijfers wijken en buurten' CSV (data-file codes or StatLine export) into the\n"
      "wijk table a scenario names (population.wijk_table).\n\noptions");
  desc.add_options()("help,h", "show this help")("gemeente,g", po::value<std::string>(), "gemeente code, e.g. GM0828")(
      "out,o", po::value<std::string>(), "output CSV (default: standard output)")(
      "vulnerable-share", po::value<double>()->default_value(0.017), "share of adults with EPA")(
      "file", po::value<std::string>(), "CBS CSV file");
  const auto parsed = parse(args, desc, "file", 1);
  if (!parsed) return 0;  // --help
  const auto& vm = *parsed;
  if (!vm.count("file")) throw engine::InputError("command line: import-cbs needs a FILE (see kwartier import-cbs --help)");
  if (!vm.count("gemeente")) throw engine::InputError("command line: import-cbs needs --gemeente (e.g. --gemeente GM0828)");
  model::CbsImportOptions opt;
  opt.gemeente = vm["gemeente"].as<std::string>();
  opt.vulnerable_share = vm["vulnerable-share"].as<double>();
  if (!(opt.vulnerable_share >= 0 && opt.vulnerable_share <= 1))
    throw engine::InputError("command line: option '--vulnerable-share' is out of range (allowed 0..1)");
  const auto rows = model::import_cbs(vm["file"].as<std::string>(), opt);
  if (!vm.count("out")) {
    model::write_wijk_table(std::cout, rows);
    return 0;
  }
  const std::string out = vm["out"].as<std::string>();
  const std::string partial = out + ".partial";
  {
    std::ofstream f(partial);
    if (!f) throw engine::InputError("cannot write output '" + out + "'");
    model::write_wijk_table(f, rows);
    if (!f.flush()) throw engine::InputError("cannot write output '" + out + "'");
  }
  fs::rename(partial, out);
  std::fprintf(stderr, "wrote %zu wijken to %s\n", rows.size(), out.c_str());
  return 0;
}

}  // namespace

int main(const std::vector<std::string>& args) {
  try {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      std::cout << kUsage;
      return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
      std::cout << "kwartier " << KWARTIER_VERSION << " (" << KWARTIER_GIT_COMMIT << ")\n";
      return 0;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "run") return run_command(rest);
    if (args[0] == "sweep") return sweep_command(rest);
    if (args[0] == "compare") return compare_command(rest);
    if (args[0] == "validate") return validate_command(rest);
    if (args[0] == "params") return params_command(rest);
    if (args[0] == "import-cbs") return import_cbs_command(rest);
    if (args[0] == "report") return report_command(rest);
    throw engine::InputError("unknown command '" + args[0] + "' (allowed: run, sweep, compare, validate, params, import-cbs, report)");
  } catch (const engine::InputError& e) {
    std::fprintf(stderr, "kwartier: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kwartier: internal error: %s\n", e.what());
    return 1;
  }
}

}  // namespace kw::app
