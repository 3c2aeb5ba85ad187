#pragma once
// A scenario: parameters from an INI file and the command line, the wijk table
// it names and which wijken have kwartiermakers; everything checked before a
// run starts.
#include "engine/parameters.h"
#include "model/parameters.h"
#include "model/wijk_table.h"

#include <memory>
#include <string>
#include <vector>

namespace kw::model {

struct Scenario {
  Parameters params;
  std::string file;             // the scenario file, "" if none
  std::string wijk_table_path;  // as opened
  std::vector<WijkRow> wijken;
  std::vector<bool> active;
  std::string resolved_ini;     // every parameter with its value, as INI text
  // The lines of the file's [experiment] section (name, value), in order: not
  // parameters of a run but of an experiment over runs (model/experiment.h).
  std::vector<std::pair<std::string, std::string>> experiment;
};

// Reads the scenario file (if any), applies "--section.key value" overrides
// from `args` and returns the arguments it did not use in `rest`. The wijk
// table path is taken relative to the scenario file's folder (or, without a
// file, to the working directory). Throws engine::InputError for any problem.
Scenario load_scenario(const std::string& file, const std::vector<std::string>& args,
                       std::vector<std::string>* rest);

// A registry over `p`, for listings (`kwartier params`) and tests.
std::unique_ptr<engine::ParamRegistry> registry_for(Parameters& p);

}  // namespace kw::model
