#pragma once
// The HDF5 file of an experiment (layout in README.md, "Experiment file"):
// the variants table, every run's output as a single run writes it, and per
// variant the mean, standard deviation and 95% confidence interval of every
// outcome across replicates, per week and wijk, for the municipality, and at
// the end.
#include "model/experiment.h"

#include <functional>
#include <string>
#include <vector>

namespace kw::model {

class ProgrammeStartCache;  // model/programme_start.h

struct ExperimentMetadata {
  std::string version, git_commit, command_line;
  int threads = 0;  // per rank
  int ranks = 1;
};

// One run of an experiment, start to end, as the bytes of its HDF5 file (the
// layout of a single run, without command line and thread count, so that the
// bytes depend only on the scenario). Empty if `stop()` became true first.
// With `shared_start`, runs that differ only in the programme's keys share
// the world at the programme's start (model/programme_start.h); the bytes are
// the same either way.
std::vector<unsigned char> run_to_image(const Scenario& s, const std::function<bool()>& stop,
                                        const std::string& version, const std::string& git_commit,
                                        ProgrammeStartCache* shared_start = nullptr);

// Name of a run's file in the experiment's parts folder.
std::string run_file_name(std::size_t variant, std::size_t replicate);
// The parts folder of an experiment written to `out`.
std::string parts_folder(const std::string& out);

// Assembles `out` from the finished runs in `folder` (all must be there);
// written under a partial name and renamed when complete.
void write_experiment(const std::string& out, const Experiment& x, const std::string& folder,
                      const ExperimentMetadata& meta);

}  // namespace kw::model
