// kwartier compare: two output files (or two variants of experiments) side by
// side at the end of the run, for the municipality: each mean with its 95%
// interval over replicates and the difference with its interval, paired by
// replicate when both share the random streams (common random numbers).
#include "command_line.h"
#include "commands.h"

#include "engine/errors.h"
#include "engine/h5_file.h"
#include "engine/statistics.h"
#include "model/outcomes.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>

namespace kw::app {

namespace po = boost::program_options;

namespace {

// The runs of one file (or of one variant of an experiment) at their end.
struct Side {
  std::string file, label;
  std::vector<std::string> runs;  // HDF5 groups holding a run's output ("/" for a single run)
  std::int64_t seed = 0;
  std::vector<std::int64_t> replicates;
};

Side open_side(const engine::H5Reader& f, const std::string& file, int variant) {
  Side s;
  s.file = file;
  std::string kind = "run";
  try {
    kind = f.attribute_string("/", "kind");
  } catch (const engine::InputError&) {
  }
  s.seed = f.attribute_int("/", "seed");
  if (kind != "experiment") {
    if (variant != 0)
      throw engine::InputError("'" + file + "' is a single run: it has no variant " + std::to_string(variant));
    s.label = "single run";
    s.runs.push_back("/");
    s.replicates.push_back(f.attribute_int("/", "replicate"));
    return s;
  }
  const auto labels = f.read_strings("/variants/label");
  if (variant < 0 || static_cast<std::size_t>(variant) >= labels.size())
    throw engine::InputError("'" + file + "' has variants 0.." + std::to_string(labels.size() - 1) + ", not " +
                             std::to_string(variant));
  s.label = labels[static_cast<std::size_t>(variant)];
  char group[32];
  std::snprintf(group, sizeof group, "/runs/v%04d", variant);
  for (const std::string& r : f.list(group)) {
    s.runs.push_back(std::string(group) + "/" + r);
    s.replicates.push_back(f.attribute_int(s.runs.back(), "replicate"));
  }
  return s;
}

std::vector<double> final_values(const engine::H5Reader& f, const Side& s, const std::string& outcome) {
  std::vector<double> v;
  for (const std::string& run : s.runs)
    v.push_back(f.attribute_double((run == "/" ? "" : run) + "/summary/final/" + outcome, "municipality"));
  return v;
}

std::vector<double> smd_values(const engine::H5Reader& f, const Side& s) {
  std::vector<double> v;
  for (const std::string& run : s.runs)
    v.push_back(f.attribute_double((run == "/" ? "" : run) + "/summary/participant_loneliness", "smd"));
  return v;
}

struct Difference {
  engine::Summary s;
  bool paired;
};

// Paired by replicate when both sides ran the same seed and replicates:
// differences of common random numbers have far less noise. Otherwise Welch.
Difference difference(const std::vector<double>& a, const std::vector<double>& b, bool paired) {
  if (paired) {
    std::vector<double> d(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
    return {engine::summarise(d), true};
  }
  const engine::Summary sa = engine::summarise(a), sb = engine::summarise(b);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  engine::Summary d{sa.mean - sb.mean, nan, nan, nan, std::min(sa.n, sb.n)};
  if (sa.n > 1 && sb.n > 1) {
    const double va = sa.sd * sa.sd / static_cast<double>(sa.n), vb = sb.sd * sb.sd / static_cast<double>(sb.n);
    const double se = std::sqrt(va + vb);
    if (se > 0) {
      const double df = (va + vb) * (va + vb) /
                        (va * va / static_cast<double>(sa.n - 1) + vb * vb / static_cast<double>(sb.n - 1));
      const double half = engine::t_quantile_975(static_cast<std::size_t>(std::max(1.0, std::floor(df)))) * se;
      d = {d.mean, se, d.mean - half, d.mean + half, d.n};
    } else {
      d = {d.mean, 0, d.mean, d.mean, d.n};
    }
  }
  return {d, false};
}

std::string cell(const engine::Summary& s, bool percent) {
  const double k = percent ? 100 : 1;
  char buf[80];
  const char* unit = percent ? "%" : "";
  if (std::isnan(s.mean)) return "n/a";
  if (std::isnan(s.ci_low))
    std::snprintf(buf, sizeof buf, "%.4g%s", k * s.mean, unit);
  else
    std::snprintf(buf, sizeof buf, "%.4g%s [%.4g, %.4g]", k * s.mean, unit, k * s.ci_low, k * s.ci_high);
  return buf;
}

}  // namespace

int compare_command(const std::vector<std::string>& args) {
  po::options_description desc(
      "usage: kwartier compare A.h5 B.h5 [--outcome NAME] [--variant-a N] [--variant-b N]\n\n"
      "Prints, per outcome at the end of the run (the municipality), the mean of A and of B with their 95%\n"
      "confidence intervals over replicates and the difference A - B with its interval: paired by replicate\n"
      "when A and B share seed and replicates (common random numbers), otherwise Welch's. Then the\n"
      "standardised mean difference of participants' loneliness against matched non-participants, as in\n"
      "the meta-analyses of MODEL.md (-0.2 to -0.47). A file is a run or an experiment (kwartier sweep, or\n"
      "run --replicates); of an experiment, variant 0 unless --variant-a/-b says otherwise.\n\noptions");
  desc.add_options()("help,h", "show this help")("outcome", po::value<std::string>(), "only this outcome")(
      "variant-a", po::value<int>()->default_value(0), "variant of A")(
      "variant-b", po::value<int>()->default_value(0), "variant of B")(
      "files", po::value<std::vector<std::string>>(), "A.h5 B.h5");
  const auto parsed = parse(args, desc, "files", 2);
  if (!parsed) return 0;  // --help
  const auto& vm = *parsed;
  if (!vm.count("files") || vm["files"].as<std::vector<std::string>>().size() != 2)
    throw engine::InputError("command line: compare needs two files, A.h5 and B.h5 (see kwartier compare --help)");
  const auto files = vm["files"].as<std::vector<std::string>>();
  const engine::H5Reader fa(files[0]), fb(files[1]);
  const Side a = open_side(fa, files[0], vm["variant-a"].as<int>());
  const Side b = open_side(fb, files[1], vm["variant-b"].as<int>());
  const bool paired = a.runs.size() > 1 && a.seed == b.seed && a.replicates == b.replicates;

  std::vector<const model::OutcomeDef*> outcomes;
  if (vm.count("outcome")) {
    const std::string name = vm["outcome"].as<std::string>();
    std::string names;
    for (const auto& d : model::outcome_definitions()) {
      if (name == d.name) outcomes.push_back(&d);
      names += (names.empty() ? "" : ", ") + std::string(d.name);
    }
    if (outcomes.empty())
      throw engine::InputError("command line: option '--outcome' value '" + name + "' is not an outcome (allowed: " +
                               names + ")");
  } else {
    for (const auto& d : model::outcome_definitions()) outcomes.push_back(&d);
  }

  std::printf("A: %s (%s, %zu replicate%s)\nB: %s (%s, %zu replicate%s)\n", a.file.c_str(), a.label.c_str(),
              a.runs.size(), a.runs.size() == 1 ? "" : "s", b.file.c_str(), b.label.c_str(), b.runs.size(),
              b.runs.size() == 1 ? "" : "s");
  std::printf("municipality at the end; mean [95%% CI]; A - B %s\n\n",
              paired ? "paired by replicate (common random numbers)" : "by Welch's t");
  std::printf("%-34s %-30s %-30s %-30s\n", "outcome", "A", "B", "A - B");
  for (const model::OutcomeDef* d : outcomes) {
    const auto va = final_values(fa, a, d->name), vb = final_values(fb, b, d->name);
    const bool percent = std::string(d->name).ends_with("_share");
    const Difference diff = difference(va, vb, paired);
    std::printf("%-34s %-30s %-30s %-30s\n", d->name, cell(engine::summarise(va), percent).c_str(),
                cell(engine::summarise(vb), percent).c_str(), cell(diff.s, percent).c_str());
  }
  const auto sa = smd_values(fa, a), sb = smd_values(fb, b);
  std::printf("\nparticipants' loneliness, standardised mean difference against matched non-participants\n"
              "(meta-analyses in MODEL.md: -0.2 to -0.47; n/a without participants):\n"
              "  A %s\n  B %s\n",
              cell(engine::summarise(sa), false).c_str(), cell(engine::summarise(sb), false).c_str());
  return 0;
}

}  // namespace kw::app
