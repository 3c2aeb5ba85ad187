#pragma once
// The HDF5 file of a run; layout in README.md ("Output file").
#include "engine/h5_file.h"
#include "model/model.h"
#include "model/scenario.h"

#include <string>

namespace kw::model {

struct RunMetadata {
  std::string version, git_commit, command_line;
  int threads = 0;
};

// Calibration targets of MODEL.md beside the model's value at the end of a run.
struct CalibrationRow {
  std::string name, target, source;
  double model = 0, low = 0, high = 0;  // the model's value and the target band
};
std::vector<CalibrationRow> calibration(const Model& m);

// Writes `path` (via a partial file renamed on completion).
void write_run(const std::string& path, const Scenario& s, const Model& m, const RunMetadata& meta);
// The same layout into an open writer (an in-memory file for an experiment's
// runs). Empty meta.command_line and zero meta.threads are left out, so that a
// run's bytes do not depend on how the experiment was started.
void write_run(engine::H5Writer& h5, const Scenario& s, const Model& m, const RunMetadata& meta);

}  // namespace kw::model
