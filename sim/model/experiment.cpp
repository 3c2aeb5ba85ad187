#include "model/experiment.h"

#include "engine/errors.h"
#include "engine/random.h"
#include "model/programme_start.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <numeric>
#include <sstream>

namespace kw::model {

using engine::InputError;

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, sep)) parts.push_back(trim(item));
  if (!s.empty() && s.back() == sep) parts.push_back("");
  return parts;
}

// Ten significant digits: a grid's 0 + 3 x 0.1 is 0.30000000000000004 in
// binary, but the user meant 0.3, and the text is what the run is given.
std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

bool parse_number(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(out);
}

// Keys that decide the shape of the output (weeks, wijken) or the random
// streams cannot differ between variants: summaries over variants and
// common random numbers need them fixed.
const char* fixed_key_reason(const std::string& key) {
  if (key == "run.weeks") return "every variant must record the same weeks";
  if (key == "run.seed" || key == "run.replicate")
    return "replicates share random streams across variants (use --seed and --replicates)";
  if (key == "population.wijken" || key == "population.wijk_table")
    return "every variant must simulate the same wijken (vary programme.active_wijken instead)";
  return nullptr;
}

// FNV-1a of a file's bytes: a changed wijk table changes the definition.
std::string file_hash(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::uint64_t h = 1469598103934665603ull;
  for (std::istreambuf_iterator<char> it(in), end; it != end; ++it) {
    h ^= static_cast<unsigned char>(*it);
    h *= 1099511628211ull;
  }
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

VarySpec parse_vary(const std::string& text, const std::string& origin) {
  VarySpec v;
  v.text = text;
  const auto eq = text.find('=');
  const std::string where = origin + ": vary '" + text + "'";
  if (eq == std::string::npos)
    throw InputError(where + ": expected KEY=V1,V2,... or KEY=LO:HI:STEP (e.g. kwartiermaker.pressure=0:1:0.25)");
  v.key = trim(text.substr(0, eq));
  const std::string spec = trim(text.substr(eq + 1));

  Parameters scratch;
  auto reg = registry_for(scratch);
  const engine::ParamSpec* p = reg->find(v.key);
  if (p == nullptr)
    throw InputError(where + ": unknown key '" + v.key + "' (did you mean '" + reg->nearest_key(v.key) + "'?)");
  if (const char* why = fixed_key_reason(v.key))
    throw InputError(where + ": key '" + v.key + "' cannot be varied: " + why);
  const bool numeric = std::holds_alternative<double*>(p->target) || std::holds_alternative<int*>(p->target);
  const bool integer = std::holds_alternative<int*>(p->target);

  if (spec.find('|') != std::string::npos) {
    v.values = split(spec, '|');
  } else if (numeric && spec.find(':') != std::string::npos) {
    const std::vector<std::string> parts = split(spec, ':');
    double lo = 0, hi = 0, step = 0;
    if ((parts.size() != 2 && parts.size() != 3) || !parse_number(parts[0], lo) || !parse_number(parts[1], hi) ||
        (parts.size() == 3 && !parse_number(parts[2], step)))
      throw InputError(where + ": a range is LO:HI:STEP (grid) or LO:HI (lhs), with numbers");
    if (hi < lo) throw InputError(where + ": the range's high end " + parts[1] + " is below its low end " + parts[0]);
    if (parts.size() == 2) {
      v.continuous = true;
      v.low = lo;
      v.high = hi;
      return v;
    }
    if (!(step > 0)) throw InputError(where + ": the step must be above 0");
    const double count = std::floor((hi - lo) / step + 1e-9) + 1;
    if (count > 100000) throw InputError(where + ": more than 100000 values");
    for (int k = 0; k < static_cast<int>(count); ++k) {
      const double x = lo + k * step;
      v.values.push_back(integer ? std::to_string(std::llround(x)) : number_text(x));
    }
  } else {
    v.values = split(spec, ',');
  }
  for (const std::string& value : v.values)
    if (value.empty()) throw InputError(where + ": an empty value (allowed: " + (numeric ? "numbers" : "text") + ")");
  return v;
}

std::vector<std::string> Experiment::keys() const {
  std::vector<std::string> k;
  for (const auto& v : vary) k.push_back(v.key);
  return k;
}

Scenario Experiment::scenario(std::size_t run) const {
  std::vector<std::string> args = variants[variant_of(run)].args;
  args.push_back("--run.replicate");
  args.push_back(std::to_string(base.params.run.replicate + static_cast<int>(replicate_of(run))));
  return load_scenario(file, args, nullptr);
}

std::vector<std::size_t> Experiment::runs_to_run() const {
  std::vector<std::size_t> runs;
  for (std::size_t run = 0; run < this->runs(); ++run)
    if (source_run(run) == run) runs.push_back(run);
  return runs;
}

Experiment load_experiment(const std::string& file, const std::vector<std::string>& overrides,
                           const ExperimentOptions& options, const std::string& program_version) {
  Experiment x;
  x.file = file;
  x.overrides = overrides;
  x.base = load_scenario(file, overrides, nullptr);

  // The file's [experiment] section, then the command line over it.
  std::optional<std::string> design;
  std::vector<std::pair<std::string, std::string>> file_vary;  // (text, origin)
  auto integer = [](const std::string& origin, const std::string& key, const std::string& text, int lo, int hi) {
    double d = 0;
    if (!parse_number(text, d) || d != std::floor(d) || d < lo || d > hi)
      throw InputError(origin + ": key '" + key + "' value '" + text + "' is not allowed (allowed: an integer " +
                       std::to_string(lo) + ".." + std::to_string(hi) + ")");
    return static_cast<int>(d);
  };
  for (const auto& [name, value] : x.base.experiment) {
    const std::string origin = file + " [experiment]";
    if (name == "replicates")
      x.replicates = integer(origin, "experiment.replicates", value, 1, 100000);
    else if (name == "samples")
      x.samples = integer(origin, "experiment.samples", value, 1, 1000000);
    else if (name == "design")
      design = value;
    else if (name == "vary")
      file_vary.emplace_back(value, origin);
    else
      throw InputError(origin + ": unknown key 'experiment." + name +
                       "' (allowed: replicates, vary, design, samples)");
  }
  if (options.replicates) {
    if (*options.replicates < 1 || *options.replicates > 100000)
      throw InputError("command line: option '--replicates' value '" + std::to_string(*options.replicates) +
                       "' is out of range (allowed 1..100000)");
    x.replicates = *options.replicates;
  }
  if (options.samples) {
    if (*options.samples < 1 || *options.samples > 1000000)
      throw InputError("command line: option '--samples' value '" + std::to_string(*options.samples) +
                       "' is out of range (allowed 1..1000000)");
    x.samples = *options.samples;
  }
  if (options.design) design = options.design;
  if (design) {
    if (*design == "grid")
      x.design = Design::Grid;
    else if (*design == "lhs")
      x.design = Design::Lhs;
    else
      throw InputError((options.design ? std::string("command line: option '--design'") : file + " [experiment]: key 'experiment.design'") +
                       " value '" + *design + "' is not allowed (allowed: grid, lhs)");
  }
  if (!options.vary.empty()) {
    for (const auto& text : options.vary) x.vary.push_back(parse_vary(text, "command line"));
  } else {
    for (const auto& [text, origin] : file_vary) x.vary.push_back(parse_vary(text, origin));
  }
  for (std::size_t a = 0; a < x.vary.size(); ++a)
    for (std::size_t b = 0; b < a; ++b)
      if (x.vary[a].key == x.vary[b].key)
        throw InputError("vary '" + x.vary[a].text + "': key '" + x.vary[a].key + "' is varied twice");

  // Expand the design into variants.
  const std::size_t K = x.vary.size();
  std::vector<std::vector<std::string>> rows;
  if (x.design == Design::Grid) {
    for (const auto& v : x.vary)
      if (v.continuous)
        throw InputError("vary '" + v.text + "': a grid needs LO:HI:STEP or a list (LO:HI is for --design lhs)");
    std::size_t total = 1;
    for (const auto& v : x.vary) {
      total *= v.values.size();
      if (total > 1000000) throw InputError("the grid has more than 1000000 variants");
    }
    for (std::size_t n = 0; n < total; ++n) {
      std::vector<std::string> row(K);
      std::size_t rest = n;
      for (std::size_t k = K; k-- > 0;) {  // the first key varies slowest
        row[k] = x.vary[k].values[rest % x.vary[k].values.size()];
        rest /= x.vary[k].values.size();
      }
      rows.push_back(std::move(row));
    }
  } else {
    if (x.samples < 1) throw InputError("a Latin hypercube (design = lhs) needs --samples N (or samples = N)");
    if (K == 0) throw InputError("a Latin hypercube (design = lhs) needs at least one --vary");
    // Each key's range is cut into `samples` strata; sample n takes stratum
    // perm_k[n] of key k, at a uniform point inside it. The draws are keyed
    // by the seed, so the design is the same every time.
    const engine::RandomStreams rs(static_cast<std::uint64_t>(x.base.params.run.seed), 0xFFFFFFFFu);
    const auto N = static_cast<std::size_t>(x.samples);
    rows.assign(N, std::vector<std::string>(K));
    Parameters scratch;
    auto reg = registry_for(scratch);
    for (std::size_t k = 0; k < K; ++k) {
      const VarySpec& v = x.vary[k];
      std::vector<std::size_t> perm(N);
      std::iota(perm.begin(), perm.end(), 0);
      for (std::size_t n = N; n > 1; --n) {  // Fisher-Yates
        const auto bits = rs.agent_bits(engine::kSetupWeek, 0x7F, static_cast<std::uint32_t>(k),
                                        static_cast<std::uint32_t>(n));
        std::swap(perm[n - 1], perm[static_cast<std::size_t>(engine::to_unit(bits[0]) * n)]);
      }
      const bool integer_key = std::holds_alternative<int*>(reg->find(v.key)->target);
      for (std::size_t n = 0; n < N; ++n) {
        const auto bits = rs.agent_bits(engine::kSetupWeek, 0x7E, static_cast<std::uint32_t>(k),
                                        static_cast<std::uint32_t>(n));
        const double q = (static_cast<double>(perm[n]) + engine::to_unit(bits[0])) / static_cast<double>(N);
        if (v.continuous) {
          const double value = v.low + q * (v.high - v.low);
          rows[n][k] = integer_key ? std::to_string(std::llround(value)) : number_text(value);
        } else {
          const auto i = std::min(v.values.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.values.size())));
          rows[n][k] = v.values[i];
        }
      }
    }
  }

  std::vector<std::string> signatures;
  for (auto& row : rows) {
    Variant var;
    var.values = row;
    var.args = overrides;
    for (std::size_t k = 0; k < K; ++k) {
      var.label += (k ? ", " : "") + x.vary[k].key + "=" + row[k];
      var.args.push_back("--" + x.vary[k].key);
      var.args.push_back(row[k]);
    }
    if (K == 0) var.label = "base";
    Scenario scenario;
    try {
      scenario = load_scenario(file, var.args, nullptr);
    } catch (const InputError& e) {
      std::string msg = e.what();
      const std::string cl = "command line: ";
      if (msg.rfind(cl, 0) == 0) msg = msg.substr(cl.size());
      throw InputError("variant '" + var.label + "': " + msg);
    }
    var.active = scenario.active;
    // Every variant has the same replicates, so variants with the same
    // signature at the base replicate have it at every replicate.
    signatures.push_back(run_signature(scenario));
    var.twin = static_cast<std::size_t>(
        std::find(signatures.begin(), signatures.end(), signatures.back()) - signatures.begin());
    x.variants.push_back(std::move(var));
  }

  std::ostringstream def;
  def << "program = " << program_version << "\n"
      << "scenario_file = " << file << "\n"
      << "wijk_table = " << x.base.wijk_table_path << " (fnv1a " << file_hash(x.base.wijk_table_path) << ")\n"
      << "replicates = " << x.replicates << "\n"
      << "design = " << (x.design == Design::Grid ? "grid" : "lhs") << "\n";
  if (x.design == Design::Lhs) def << "samples = " << x.samples << "\n";
  for (const auto& v : x.vary) def << "vary = " << v.text << "\n";
  for (std::size_t n = 0; n < x.variants.size(); ++n) def << "variant " << n << " = " << x.variants[n].label << "\n";
  def << "\n" << x.base.resolved_ini;
  x.definition = def.str();
  return x;
}

}  // namespace kw::model
