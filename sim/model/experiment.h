#pragma once
// An experiment: a scenario, parameters to vary, a design and a number of
// replicates. A variant is one set of values of the varied parameters; a run
// is one (variant, replicate). Replicate r of every variant uses the same
// random streams (run.replicate = base + r: common random numbers), so that
// differences between variants are the parameters' doing, not noise.
//
// Defined by a scenario file's [experiment] section
//   replicates = 30
//   vary = kwartiermaker.pressure = 0:1:0.25      (grid: LO:HI:STEP)
//   vary = kwartiermaker.caseload = 6, 8, 10       (a list)
//   vary = programme.active_wijken = Ussen, Oss-Zuid | all   ('|' separates values that hold commas)
//   design = grid                                  (or lhs, with samples = N)
// and/or the same on the command line (--replicates, --vary, --design,
// --samples); command-line options replace the file's.
#include "model/scenario.h"

#include <optional>
#include <string>
#include <vector>

namespace kw::model {

enum class Design { Grid, Lhs };

// One varied parameter: a list of values (given, or a grid LO:HI:STEP), or
// for a Latin hypercube a continuous range LO:HI.
struct VarySpec {
  std::string key;
  std::string text;                 // "KEY=..." as given, for messages
  std::vector<std::string> values;  // list or grid values, as parameter text
  bool continuous = false;          // LO:HI without a step (lhs only)
  double low = 0, high = 0;
};

struct ExperimentOptions {  // from the command line; unset: the file's
  std::optional<int> replicates;
  std::vector<std::string> vary;
  std::optional<std::string> design;
  std::optional<int> samples;
};

struct Variant {
  std::vector<std::string> values;  // one per varied key, as parameter text
  std::string label;                // "key=value, key=value" or "base"
  std::vector<std::string> args;    // overrides that make this variant's scenario
  std::vector<bool> active;         // wijken with kwartiermakers
  // The first variant whose runs are this one's, bit for bit: itself, or an
  // earlier variant with the same run_signature (model/programme_start.h),
  // e.g. a fixed budget that gives the same contracts as the hours per
  // kwartiermaker. An experiment runs each such run once.
  std::size_t twin = 0;
};

struct Experiment {
  std::string file;                  // the scenario file
  std::vector<std::string> overrides;  // "--section.key value" from the command line
  Scenario base;
  int replicates = 1;
  Design design = Design::Grid;
  int samples = 0;
  std::vector<VarySpec> vary;
  std::vector<Variant> variants;
  // Everything that decides the runs' results, as text: an unfinished
  // experiment is resumed only if this is unchanged.
  std::string definition;

  std::size_t runs() const { return variants.size() * static_cast<std::size_t>(replicates); }
  // Runs are numbered replicate by replicate (every variant of replicate 0,
  // then of replicate 1, ...), the order in which they are handed out: the
  // runs that may share the world at the programme's start
  // (model/programme_start.h) then run close together.
  std::size_t variant_of(std::size_t run) const { return run % variants.size(); }
  std::size_t replicate_of(std::size_t run) const { return run / variants.size(); }
  std::size_t run_of(std::size_t variant, std::size_t replicate) const {
    return replicate * variants.size() + variant;
  }
  // The scenario of one run: its variant's values and its replicate.
  Scenario scenario(std::size_t run) const;
  // The run whose results are this run's: the same replicate of its
  // variant's twin. Runs that are their own source are the ones to run.
  std::size_t source_run(std::size_t run) const {
    return run_of(variants[variant_of(run)].twin, replicate_of(run));
  }
  std::vector<std::size_t> runs_to_run() const;
  std::vector<std::string> keys() const;
};

// Parses "KEY=V1,V2,...", "KEY=V1|V2", "KEY=LO:HI:STEP" or "KEY=LO:HI".
// `origin` names where it came from in error messages.
VarySpec parse_vary(const std::string& text, const std::string& origin);

// Reads the scenario and its [experiment] section, applies the overrides and
// the command-line options, expands the design and checks every variant (an
// error names the variant's key and value). Throws engine::InputError.
Experiment load_experiment(const std::string& file, const std::vector<std::string>& overrides,
                           const ExperimentOptions& options, const std::string& program_version);

}  // namespace kw::model
