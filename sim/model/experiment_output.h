#pragma once
// The HDF5 file of an experiment (layout in README.md, "Experiment file"):
// the variants table, every run's output as a single run writes it, and per
// variant the mean, standard deviation and 95% confidence interval of every
// outcome across replicates, per week and wijk, for the municipality, and at
// the end.
#include "model/experiment.h"

#include <string>

namespace kw::model {

struct ExperimentMetadata {
  std::string version, git_commit, command_line;
  int threads = 0;  // per rank
  int ranks = 1;
};

// Name of a run's file in the experiment's parts folder.
std::string run_file_name(std::size_t variant, std::size_t replicate);
// The parts folder of an experiment written to `out`.
std::string parts_folder(const std::string& out);

// Assembles `out` from the finished runs in `folder` (all must be there);
// written under a partial name and renamed when complete.
void write_experiment(const std::string& out, const Experiment& x, const std::string& folder,
                      const ExperimentMetadata& meta);

}  // namespace kw::model
