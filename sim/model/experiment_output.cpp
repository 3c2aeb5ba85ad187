#include "model/experiment_output.h"

#include "engine/h5_file.h"
#include "engine/statistics.h"
#include "model/outcomes.h"
#include "model/output.h"
#include "model/population.h"
#include "model/programme_start.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>

namespace kw::model {

namespace {

// Per variant, the four figures of a summary over replicates, in arrays of
// variants x (inner) values.
struct SummaryArrays {
  std::vector<double> mean, sd, ci_low, ci_high;
  explicit SummaryArrays(std::size_t size) : mean(size), sd(size), ci_low(size), ci_high(size) {}
  void set(std::size_t at, const engine::Summary& s) {
    mean[at] = s.mean;
    sd[at] = s.sd;
    ci_low[at] = s.ci_low;
    ci_high[at] = s.ci_high;
  }
  // The n entries from `from` copied to `to`.
  void copy(std::size_t from, std::size_t to, std::size_t n) {
    for (auto* a : {&mean, &sd, &ci_low, &ci_high}) std::copy_n(a->begin() + from, n, a->begin() + to);
  }
  void write(engine::H5Writer& h5, const std::string& group, const std::vector<std::uint64_t>& dims) const {
    h5.write<double>(group + "/mean", mean, dims);
    h5.write<double>(group + "/sd", sd, dims);
    h5.write<double>(group + "/ci_low", ci_low, dims);
    h5.write<double>(group + "/ci_high", ci_high, dims);
  }
};

const char* scope_name(Scope s) {
  static const char* names[] = {"count", "per adult", "per vulnerable resident", "per niche"};
  return names[static_cast<int>(s)];
}

}  // namespace

std::vector<unsigned char> run_to_image(const Scenario& s, const std::function<bool()>& stop,
                                        const std::string& version, const std::string& git_commit,
                                        ProgrammeStartCache* shared_start) {
  std::unique_ptr<World> start = shared_start ? shared_start->world(s, stop) : world_at_programme_start(s, stop);
  if (!start) return {};
  Model m(std::move(start));
  if (!m.run([&](std::uint32_t) { return !stop || !stop(); })) return {};
  engine::H5Writer h5 = engine::H5Writer::in_memory();
  write_run(h5, s, m, RunMetadata{version, git_commit, "", 0});
  return h5.image();
}

std::string run_file_name(std::size_t variant, std::size_t replicate) {
  char name[48];
  std::snprintf(name, sizeof name, "v%04zu-r%04zu.h5", variant, replicate);
  return name;
}

std::string parts_folder(const std::string& out) { return out + ".parts"; }

void write_experiment(const std::string& out, const Experiment& x, const std::string& folder,
                      const ExperimentMetadata& meta) {
  namespace fs = std::filesystem;
  const std::size_t V = x.variants.size(), R = static_cast<std::size_t>(x.replicates);
  // A twin variant's runs are its twin's (Experiment::source_run).
  auto part = [&](std::size_t v, std::size_t r) {
    return (fs::path(folder) / run_file_name(x.variants[v].twin, r)).string();
  };

  engine::H5Writer h5(out);
  const Parameters& p = x.base.params;
  h5.attribute("/", "program", "kwartier");
  h5.attribute("/", "program_version", meta.version);
  h5.attribute("/", "git_commit", meta.git_commit);
  h5.attribute("/", "kind", "experiment");
  h5.attribute("/", "scenario", x.base.resolved_ini);
  h5.attribute("/", "scenario_file", x.base.file);
  h5.attribute("/", "wijk_table", x.base.wijk_table_path);
  h5.attribute("/", "seed", std::int64_t{p.run.seed});
  h5.attribute("/", "replicate", std::int64_t{p.run.replicate});
  h5.attribute("/", "weeks", std::int64_t{p.run.weeks});
  h5.attribute("/", "experiment", x.definition);
  h5.attribute("/", "replicates", static_cast<std::int64_t>(R));
  h5.attribute("/", "variants", static_cast<std::int64_t>(V));
  h5.attribute("/", "design", x.design == Design::Grid ? "grid" : "lhs");
  h5.attribute("/", "command_line", meta.command_line);
  h5.attribute("/", "threads", std::int64_t{meta.threads});
  h5.attribute("/", "ranks", std::int64_t{meta.ranks});

  // The wijken and legends are the same in every run: taken from the first.
  h5.copy_from(part(0, 0), "/wijken", "/wijken");
  h5.copy_from(part(0, 0), "/legend", "/legend");

  // Variants
  const std::vector<std::string> keys = x.keys();
  std::vector<std::string> labels, values, scenarios;
  std::vector<std::uint8_t> active;
  for (std::size_t v = 0; v < V; ++v) {
    labels.push_back(x.variants[v].label);
    values.insert(values.end(), x.variants[v].values.begin(), x.variants[v].values.end());
    for (bool a : x.variants[v].active) active.push_back(a);
    scenarios.push_back(x.scenario(x.run_of(v, 0)).resolved_ini);
  }
  const std::size_t W = x.variants.front().active.size();
  h5.write_strings("/variants/label", labels);
  h5.write_strings("/variants/keys", keys);
  h5.write_strings("/variants/values", values, {V, keys.size()});
  h5.write<std::uint8_t>("/variants/active", active, {V, W});
  h5.write_strings("/variants/scenario", scenarios);
  // Numeric varied keys also as numbers, for plotting against them.
  for (std::size_t k = 0; k < keys.size(); ++k) {
    std::vector<double> numbers;
    for (std::size_t v = 0; v < V; ++v) {
      char* end = nullptr;
      const std::string& text = x.variants[v].values[k];
      const double d = std::strtod(text.c_str(), &end);
      if (end != text.c_str() + text.size() || text.empty()) break;
      numbers.push_back(d);
    }
    if (numbers.size() == V) h5.write("/variants/numeric/" + keys[k], numbers);
  }

  // Runs, as each was written.
  for (std::size_t v = 0; v < V; ++v)
    for (std::size_t r = 0; r < R; ++r) {
      char group[64];
      std::snprintf(group, sizeof group, "/runs/v%04zu/r%04zu", v % 1000000, r % 1000000);
      h5.copy_from(part(v, r), "/", group);
      // the run's own scenario, where its results are its twin's
      if (x.variants[v].twin != v) h5.attribute(group, "scenario", x.scenario(x.run_of(v, r)).resolved_ini);
    }

  // Summaries across replicates.
  const auto& defs = outcome_definitions();
  const std::size_t T = static_cast<std::size_t>(p.run.weeks);
  std::vector<SummaryArrays> weekly(defs.size(), SummaryArrays(V * T * W)), weekly_muni(defs.size(), SummaryArrays(V * T)),
      final_w(defs.size(), SummaryArrays(V * W)), final_muni(defs.size(), SummaryArrays(V));
  SummaryArrays smd(V), cost_muni(V), cost_w(V * W);
  std::vector<std::int64_t> replicates_done(V, 0);
  for (std::size_t v = 0; v < V; ++v) {
    replicates_done[v] = static_cast<std::int64_t>(R);
    // A twin's runs are an earlier variant's, and so are its summaries.
    if (const std::size_t u = x.variants[v].twin; u != v) {
      for (std::size_t d = 0; d < defs.size(); ++d) {
        weekly[d].copy(u * T * W, v * T * W, T * W);
        weekly_muni[d].copy(u * T, v * T, T);
        final_w[d].copy(u * W, v * W, W);
        final_muni[d].copy(u, v, 1);
      }
      cost_w.copy(u * W, v * W, W);
      cost_muni.copy(u, v, 1);
      smd.copy(u, v, 1);
      continue;
    }
    std::vector<std::unique_ptr<engine::H5Reader>> runs;
    for (std::size_t r = 0; r < R; ++r) runs.push_back(std::make_unique<engine::H5Reader>(part(v, r)));
    // Weights for the municipality: each run's own, since every replicate
    // draws its own population (adults and vulnerable residents per wijk).
    std::vector<std::vector<double>> adults(R), vulnerable(R), niches(R);
    for (std::size_t r = 0; r < R; ++r) {
      adults[r] = runs[r]->read<double>("/wijken/adults");
      vulnerable[r] = runs[r]->read<double>("/wijken/vulnerable");
      niches[r] = runs[r]->read<double>("/wijken/niches");
    }
    std::vector<double> sample(R), row(W);
    std::vector<std::vector<double>> cost_final(R), success_final(R);
    for (std::size_t d = 0; d < defs.size(); ++d) {
      std::vector<std::vector<double>> series(R);  // T x W per run
      std::vector<std::vector<double>> muni(R, std::vector<double>(T));
      for (std::size_t r = 0; r < R; ++r) {
        series[r] = runs[r]->read<double>(std::string("/weekly/") + defs[d].name);
        for (std::size_t t = 0; t < T; ++t)
          muni[r][t] = combine_wijken(defs[d].scope, std::span<const double>(series[r]).subspan(t * W, W),
                                      adults[r], vulnerable[r], niches[r]);
      }
      for (std::size_t t = 0; t < T; ++t) {
        for (std::size_t wi = 0; wi < W; ++wi) {
          for (std::size_t r = 0; r < R; ++r) sample[r] = series[r][t * W + wi];
          const auto s = engine::summarise(sample);
          weekly[d].set((v * T + t) * W + wi, s);
          if (t + 1 == T) final_w[d].set(v * W + wi, s);
        }
        for (std::size_t r = 0; r < R; ++r) sample[r] = muni[r][t];
        const auto s = engine::summarise(sample);
        weekly_muni[d].set(v * T + t, s);
        if (t + 1 == T) final_muni[d].set(v, s);
      }
      const std::string name = defs[d].name;
      if (name == "cost" || name == "ended_success")
        for (std::size_t r = 0; r < R; ++r) {
          auto& target = name == "cost" ? cost_final[r] : success_final[r];
          target.assign(series[r].end() - static_cast<std::ptrdiff_t>(W), series[r].end());
        }
    }
    // Cost per success: per run, then summarised (NaN where a run had none).
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t wi = 0; wi < W; ++wi) {
      for (std::size_t r = 0; r < R; ++r)
        sample[r] = success_final[r][wi] > 0 ? cost_final[r][wi] / success_final[r][wi] : nan;
      cost_w.set(v * W + wi, engine::summarise(sample));
    }
    for (std::size_t r = 0; r < R; ++r) {
      double cost = 0, success = 0;
      for (std::size_t wi = 0; wi < W; ++wi) {
        cost += cost_final[r][wi];
        success += success_final[r][wi];
      }
      sample[r] = success > 0 ? cost / success : nan;
    }
    cost_muni.set(v, engine::summarise(sample));
    for (std::size_t r = 0; r < R; ++r)
      sample[r] = runs[r]->attribute_double("/summary/participant_loneliness", "smd");
    smd.set(v, engine::summarise(sample));
  }

  std::vector<std::int32_t> week(T);
  for (std::size_t t = 0; t < T; ++t) week[t] = static_cast<std::int32_t>(t + 1);
  h5.write("/summary/weekly/week", week);
  h5.write("/summary/replicates", replicates_done);
  for (std::size_t d = 0; d < defs.size(); ++d) {
    auto write = [&](const SummaryArrays& a, const char* group, const std::vector<std::uint64_t>& dims) {
      const std::string g = group + std::string(defs[d].name);
      a.write(h5, g, dims);
      h5.attribute(g, "unit", defs[d].unit);
      h5.attribute(g, "description", defs[d].description);
      h5.attribute(g, "combine", scope_name(defs[d].scope));
    };
    write(weekly[d], "/summary/weekly/", {V, T, W});
    write(weekly_muni[d], "/summary/weekly_municipality/", {V, T});
    write(final_w[d], "/summary/final/", {V, W});
    write(final_muni[d], "/summary/final_municipality/", {V});
  }
  cost_w.write(h5, "/summary/cost_per_success", {V, W});
  cost_muni.write(h5, "/summary/cost_per_success_municipality", {V});
  h5.attribute("/summary/cost_per_success", "unit", "euro");
  h5.attribute("/summary/cost_per_success_municipality", "unit", "euro");
  smd.write(h5, "/summary/participant_loneliness_smd", {V});
  h5.attribute("/summary", "interval",
               "95% confidence interval of the mean over replicates: mean +- t(0.975, n-1) sd / sqrt(n); NaN with "
               "one replicate. Values that are not numbers (cost per success without a success) are left out.");
  h5.commit();
}

}  // namespace kw::model
