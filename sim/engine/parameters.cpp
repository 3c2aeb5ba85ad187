#include "engine/parameters.h"

#include <boost/program_options/errors.hpp>
#include <boost/program_options/options_description.hpp>
#include <boost/program_options/parsers.hpp>
#include <boost/program_options/value_semantic.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>
#include <stdexcept>
#include <system_error>

namespace kw::engine {

namespace {

namespace po = boost::program_options;

// Helper for std::visit over the target kinds.
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

constexpr std::string_view kBlanks = " \t\r\n";

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(kBlanks);
  return s.substr(first, last - first + 1);
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

// User text is echoed inside one-line error messages, so control characters
// (a newline in a command-line argument, say) are shown escaped.
std::string shown(std::string_view s) {
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

// The shortest text that reads back as the same double.
std::string format_double(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

enum class Parsed { ok, malformed, out_of_range };

// std::from_chars does not take a leading '+', which people do write ("+2").
bool strip_plus(std::string_view& text) {
  if (!text.starts_with('+')) return true;
  text.remove_prefix(1);
  return !text.starts_with('-') && !text.starts_with('+');
}

// Locale independent (a Dutch locale would otherwise want "0,5"); the whole
// text must be the number, and nan/inf are not values any parameter can take.
Parsed parse_double(std::string_view text, double& out) {
  if (!strip_plus(text) || text.empty()) return Parsed::malformed;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), out);
  if (r.ptr != text.data() + text.size()) return Parsed::malformed;
  if (r.ec == std::errc::result_out_of_range) return Parsed::out_of_range;
  if (r.ec != std::errc() || !std::isfinite(out)) return Parsed::malformed;
  return Parsed::ok;
}

Parsed parse_int(std::string_view text, int& out) {
  if (!strip_plus(text) || text.empty()) return Parsed::malformed;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), out);
  if (r.ptr != text.data() + text.size()) return Parsed::malformed;
  if (r.ec == std::errc::result_out_of_range) return Parsed::out_of_range;
  if (r.ec != std::errc()) return Parsed::malformed;
  return Parsed::ok;
}

bool parse_bool(std::string_view text, bool& out) {
  const std::string t = lower(text);
  if (t == "true" || t == "yes" || t == "on" || t == "1") {
    out = true;
    return true;
  }
  if (t == "false" || t == "no" || t == "off" || t == "0") {
    out = false;
    return true;
  }
  return false;
}

// Every string value must survive resolved_ini() -> load_ini(): Boost cuts a
// line at '#' wherever it is, and a line cannot hold a newline.
const char* string_value_problem(std::string_view s) {
  if (s.find('#') != std::string_view::npos)
    return "contains '#', which a scenario file reads as the start of a comment";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return "contains a control character";
  }
  return nullptr;
}

bool is_integer_kind(const ParamSpec& s) { return std::holds_alternative<int*>(s.target); }
bool is_numeric_kind(const ParamSpec& s) {
  return std::holds_alternative<double*>(s.target) || std::holds_alternative<int*>(s.target);
}

// Integer bounds are exact in a double but print as integers: "0..1000000000",
// not "0..1e+09".
std::string bound_text(const ParamSpec& s, double v) {
  return is_integer_kind(s) ? std::to_string(static_cast<long long>(v)) : format_double(v);
}

// "0..1", ">= 0", "<= 10" or "any number".
std::string range_text(const ParamSpec& s) {
  const bool lo = std::isfinite(s.min);
  const bool hi = std::isfinite(s.max);
  if (lo && hi) return bound_text(s, s.min) + ".." + bound_text(s, s.max);
  if (lo) return ">= " + bound_text(s, s.min);
  if (hi) return "<= " + bound_text(s, s.max);
  return is_integer_kind(s) ? "any integer" : "any number";
}

// "-" marks a dimensionless quantity in the table; in a sentence it is noise.
bool unit_worth_showing(const std::string& unit) { return !unit.empty() && unit != "-"; }

// What a value may be, as said after "allowed" in messages and the listing.
std::string allowed_text(const ParamSpec& s) {
  if (!is_numeric_kind(s)) return s.allowed;
  std::string out = range_text(s);
  if (unit_worth_showing(s.unit)) out += " " + s.unit;
  return out;
}

std::string_view section_of(std::string_view key) { return key.substr(0, key.find('.')); }

// The part after the (first) dot; a key without a dot is all name.
std::string_view name_of(std::string_view key) {
  const auto dot = key.find('.');
  return dot == std::string_view::npos ? key : key.substr(dot + 1);
}

std::size_t levenshtein(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitute = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, substitute});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// How far a mistyped key is from a registered one. Besides the whole key, the
// names alone are compared (one edit of penalty for the section), so that a
// right name under a wrong or missing section ("caseload" outside any
// [section]) still finds its key.
std::size_t key_distance(std::string_view typed, std::string_view key) {
  return std::min(levenshtein(typed, key), levenshtein(name_of(typed), name_of(key)) + 1);
}

// A suggestion far from what was typed only confuses.
bool close_enough(std::string_view typed, std::string_view key) {
  return key_distance(lower(typed), key) <= std::max<std::size_t>(3, typed.size() / 3);
}

bool valid_key(std::string_view key) {
  const auto dot = key.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == key.size()) return false;
  if (key.find('.', dot + 1) != std::string_view::npos) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
}

const void* address_of(const ParamSpec& s) {
  return std::visit([](auto* p) -> const void* { return p; }, s.target);
}

std::size_t index_of(const std::vector<ParamSpec>& specs, std::string_view key) {
  const auto it = std::find_if(specs.begin(), specs.end(),
                               [&](const ParamSpec& s) { return s.key == key; });
  return static_cast<std::size_t>(it - specs.begin());
}

// Registration mistakes are found by the first run of any test, so they are
// logic errors rather than input errors.
void check_target_free(const std::vector<ParamSpec>& specs, const std::string& key,
                       const void* target) {
  for (const ParamSpec& s : specs)
    if (address_of(s) == target)
      throw std::logic_error("parameter '" + key + "': field already registered as '" + s.key +
                             "'");
}

void check_numeric_default(const std::string& key, double v, double min, double max) {
  if (std::isnan(min) || std::isnan(max) || min > max)
    throw std::logic_error("parameter '" + key + "': bounds are not an interval");
  if (!std::isfinite(v) || v < min || v > max)
    throw std::logic_error("parameter '" + key + "': default " + format_double(v) +
                           " is outside its bounds");
}

// Boost keeps the text between the brackets as it is, so "[ kwartiermaker ]"
// would give " kwartiermaker .caseload"; trim around each dot.
std::string normalise_file_key(std::string_view key) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const auto dot = key.find('.', start);
    out += trim(key.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return out;
    out += '.';
    start = dot + 1;
  }
}

std::string markdown_cell(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

// Greedy word wrap; every line starts with `indent` and, unless one word is
// longer than the room, stays within `width` columns.
std::string wrap(std::string_view text, std::size_t indent, std::size_t width) {
  const std::string pad(indent, ' ');
  std::string out;
  std::string line;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto start = text.find_first_not_of(' ', pos);
    if (start == std::string_view::npos) break;
    auto end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
      out += pad + line + "\n";
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    pos = end;
  }
  if (!line.empty()) out += pad + line + "\n";
  return out;
}

// Pads to a column width, but always leaves two spaces before the next column.
std::string padded(const std::string& s, std::size_t width) {
  return s + std::string(s.size() + 2 > width ? 2 : width - s.size(), ' ');
}

// Sections in order of first registration; a model may register a section's
// fields from more than one place, but each section is shown once.
std::vector<std::string_view> sections_in_order(const std::vector<ParamSpec>& specs) {
  std::vector<std::string_view> sections;
  for (const ParamSpec& s : specs)
    if (std::find(sections.begin(), sections.end(), section_of(s.key)) == sections.end())
      sections.push_back(section_of(s.key));
  return sections;
}

// An empty string would leave a blank column in the listing and table.
std::string display(const std::string& value) { return value.empty() ? "\"\"" : value; }

}  // namespace

ParamSpec& ParamRegistry::push(std::string key) {
  if (!valid_key(key))
    throw std::logic_error("parameter key '" + key +
                           "' is not 'section.name' in lower-case letters, digits and '_'");
  if (find(key) != nullptr) throw std::logic_error("parameter key '" + key + "' registered twice");
  ParamSpec& s = specs_.emplace_back();
  s.key = std::move(key);
  return s;
}

void ParamRegistry::add(std::string key, double& v, double min, double max, std::string unit,
                        std::string description, std::string source) {
  check_numeric_default(key, v, min, max);
  check_target_free(specs_, key, &v);
  ParamSpec& s = push(std::move(key));
  s.target = &v;
  s.min = min;
  s.max = max;
  s.unit = std::move(unit);
  s.description = std::move(description);
  s.source = std::move(source);
  s.default_text = value_text(s);
}

void ParamRegistry::add(std::string key, int& v, int min, int max, std::string unit,
                        std::string description, std::string source) {
  check_numeric_default(key, v, min, max);
  check_target_free(specs_, key, &v);
  ParamSpec& s = push(std::move(key));
  s.target = &v;
  // The int limits mean "no bound"; stored as infinities they print as
  // ">= 0" rather than "0..2147483647". from_chars still rejects overflow.
  constexpr double inf = std::numeric_limits<double>::infinity();
  s.min = min == std::numeric_limits<int>::min() ? -inf : min;
  s.max = max == std::numeric_limits<int>::max() ? inf : max;
  s.unit = std::move(unit);
  s.description = std::move(description);
  s.source = std::move(source);
  s.default_text = value_text(s);
}

void ParamRegistry::add(std::string key, bool& v, std::string description, std::string source) {
  check_target_free(specs_, key, &v);
  ParamSpec& s = push(std::move(key));
  s.target = &v;
  s.allowed = "true or false";
  s.description = std::move(description);
  s.source = std::move(source);
  s.default_text = value_text(s);
}

void ParamRegistry::add(std::string key, std::string& v, std::string allowed,
                        std::string description, std::string source) {
  if (const char* problem = string_value_problem(v))
    throw std::logic_error("parameter '" + key + "': default " + problem);
  if (trim(v) != v)
    throw std::logic_error("parameter '" + key + "': default has surrounding whitespace");
  check_target_free(specs_, key, &v);
  ParamSpec& s = push(std::move(key));
  s.target = &v;
  s.allowed = std::move(allowed);
  s.description = std::move(description);
  s.source = std::move(source);
  s.default_text = value_text(s);
}

const ParamSpec* ParamRegistry::find(std::string_view key) const {
  const std::size_t i = index_of(specs_, key);
  return i < specs_.size() ? &specs_[i] : nullptr;
}

std::string ParamRegistry::nearest_key(std::string_view key) const {
  const std::string typed = lower(key);
  const ParamSpec* best = nullptr;
  std::size_t best_distance = 0;
  for (const ParamSpec& s : specs_) {
    const std::size_t d = key_distance(typed, s.key);
    if (best == nullptr || d < best_distance) {
      best = &s;
      best_distance = d;
    }
  }
  return best ? best->key : std::string();
}

void ParamRegistry::set(std::string_view key, std::string_view text, std::string_view origin) {
  const std::size_t i = index_of(specs_, key);
  const std::string where = std::string(origin) + ": ";
  if (i == specs_.size()) {
    std::string msg = where + "unknown key '" + shown(key) + "'";
    const std::string nearest = nearest_key(key);
    if (!nearest.empty() && close_enough(key, nearest))
      msg += " (did you mean '" + nearest + "'?)";
    else
      msg += " (run 'kwartier params' to list the keys)";
    throw InputError(msg);
  }
  ParamSpec& s = specs_[i];
  const std::string_view value = trim(text);
  const std::string prefix = where + "key '" + s.key + "' value '" + shown(value) + "' ";
  const auto fail = [&](const std::string& what) { throw InputError(prefix + what); };
  const auto out_of_range = [&] { fail("is out of range (allowed " + allowed_text(s) + ")"); };

  std::visit(Overloaded{
                 [&](double* p) {
                   double v = 0;
                   const Parsed r = parse_double(value, v);
                   if (r == Parsed::malformed)
                     fail("is not a number (allowed " + allowed_text(s) + ")");
                   if (r == Parsed::out_of_range || v < s.min || v > s.max) out_of_range();
                   *p = v;
                 },
                 [&](int* p) {
                   int v = 0;
                   const Parsed r = parse_int(value, v);
                   if (r == Parsed::malformed)
                     fail("is not an integer (allowed " + allowed_text(s) + ")");
                   if (r == Parsed::out_of_range || v < s.min || v > s.max) out_of_range();
                   *p = v;
                 },
                 [&](bool* p) {
                   if (!parse_bool(value, *p))
                     fail("is not true or false (allowed true/false, yes/no, on/off, 1/0)");
                 },
                 [&](std::string* p) {
                   if (const char* problem = string_value_problem(value))
                     fail(std::string(problem) + " (allowed " + s.allowed + ")");
                   *p = value;
                 },
             },
             s.target);
  s.origin = origin;
}

std::vector<std::pair<std::string, std::string>> ParamRegistry::load_ini(const std::string& path,
                                                                         std::string_view other_section) {
  po::options_description desc;
  for (const ParamSpec& s : specs_) desc.add_options()(s.key.c_str(), po::value<std::string>());

  // Unregistered keys are let through so that set() reports them with a
  // suggestion, in the same words as for the command line.
  const po::parsed_options parsed = [&] {
    try {
      return po::parse_config_file<char>(path.c_str(), desc, true);
    } catch (const po::reading_file&) {
      throw InputError(path + ": cannot open scenario file");
    } catch (const po::invalid_config_file_syntax& e) {
      throw InputError(path + ": invalid line '" + shown(e.tokens()) +
                       "' (expected '[section]', 'name = value' or a '#' comment)");
    } catch (const po::error& e) {
      throw InputError(path + ": " + shown(e.what()));
    }
  }();

  std::set<std::string> seen;
  std::vector<std::pair<std::string, std::string>> other;
  for (const po::option& opt : parsed.options) {
    const std::string key = normalise_file_key(opt.string_key);
    const std::string value = opt.value.empty() ? std::string() : opt.value.front();
    if (!other_section.empty() && section_of(key) == other_section) {
      other.emplace_back(std::string(name_of(key)), value);
      continue;
    }
    if (!seen.insert(key).second)
      throw InputError(path + ": key '" + shown(key) + "' given more than once");
    set(key, value, path);
  }
  return other;
}

std::vector<std::string> ParamRegistry::apply_command_line(const std::vector<std::string>& args) {
  const std::string origin = "command line";
  std::vector<std::string> rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    // "--" conventionally ends the options: what follows is left alone.
    if (arg == "--") {
      rest.insert(rest.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
      break;
    }
    const auto eq = arg.find('=');
    // Only the name decides: "--out=run.h5" is the caller's, not a parameter.
    const std::string name =
        arg.starts_with("--") ? arg.substr(2, eq == std::string::npos ? eq : eq - 2) : "";
    if (name.find('.') == std::string::npos) {
      rest.push_back(arg);
      continue;
    }
    if (eq != std::string::npos) {
      set(name, std::string_view(arg).substr(eq + 1), origin);
      continue;
    }
    if (find(name) == nullptr) set(name, "", origin);  // throws "unknown key", with a suggestion
    if (i + 1 == args.size() || args[i + 1].starts_with("--"))
      throw InputError(origin + ": key '" + shown(name) + "' needs a value");
    set(name, args[++i], origin);
  }
  return rest;
}

std::string ParamRegistry::value_text(const ParamSpec& s) const {
  return std::visit(Overloaded{
                        [](const double* p) { return format_double(*p); },
                        [](const int* p) { return std::to_string(*p); },
                        [](const bool* p) { return std::string(*p ? "true" : "false"); },
                        [](const std::string* p) { return *p; },
                    },
                    s.target);
}

std::string ParamRegistry::resolved_ini() const {
  std::string out;
  for (const std::string_view section : sections_in_order(specs_)) {
    if (!out.empty()) out += '\n';
    out += "[" + std::string(section) + "]\n";
    for (const ParamSpec& s : specs_) {
      if (section_of(s.key) != section) continue;
      const std::string value = value_text(s);
      out += std::string(name_of(s.key)) + (value.empty() ? " =" : " = " + value) + "\n";
    }
  }
  return out;
}

std::string ParamRegistry::text_listing() const {
  constexpr std::size_t width = 100;
  constexpr std::size_t indent = 2;
  constexpr std::size_t description_indent = 6;

  std::size_t key_width = 0;
  std::size_t value_width = 0;
  for (const ParamSpec& s : specs_) {
    key_width = std::max(key_width, s.key.size());
    value_width = std::max(value_width, display(s.default_text).size());
  }
  // Caps keep one long value from pushing every other line past the width.
  key_width = std::min<std::size_t>(key_width, 40) + 2;
  value_width = std::min<std::size_t>(value_width, 18) + 2;

  std::string out =
      "Parameters: key, default, allowed values. Set them in a scenario file\n"
      "('[section]' then 'name = value') or on the command line ('--section.name=value').\n";
  for (const std::string_view section : sections_in_order(specs_)) {
    out += "\n[" + std::string(section) + "]\n";
    for (const ParamSpec& s : specs_) {
      if (section_of(s.key) != section) continue;
      const std::string head = std::string(indent, ' ') + padded(s.key, key_width) +
                               padded(display(s.default_text), value_width);
      std::string line = head + allowed_text(s);
      std::string below;  // indented lines under the first
      // A long "allowed" (text kinds describe it in words) gets a line of its own.
      if (line.size() > width) {
        line = head.substr(0, head.find_last_not_of(' ') + 1);
        below += wrap("allowed: " + allowed_text(s), description_indent, width);
      }
      // A value that differs from the default says where it came from, so
      // that `kwartier params` with a scenario shows what the scenario changes.
      const std::string now = value_text(s);
      if (now != s.default_text) {
        const std::string note = "now " + display(now) + ", from " + shown(s.origin);
        if (below.empty() && line.size() + 3 + note.size() <= width)
          line += "   " + note;
        else
          below += wrap(note, description_indent, width);
      }
      // Models write "-" for "no source"; the brackets keep a source apart
      // from a description that does not end in a full stop.
      std::string meaning = s.description;
      if (!s.source.empty() && s.source != "-") meaning += " [source: " + s.source + "]";
      out += line + "\n" + below + wrap(meaning, description_indent, width);
    }
  }
  return out;
}

std::string ParamRegistry::markdown_table() const {
  std::string out =
      "| key | default | allowed | unit | meaning | source |\n"
      "|---|---|---|---|---|---|\n";
  for (const ParamSpec& s : specs_) {
    const std::string allowed = is_numeric_kind(s) ? range_text(s) : s.allowed;
    out += "| " + markdown_cell(s.key) + " | " + markdown_cell(display(s.default_text)) + " | " +
           markdown_cell(allowed) + " | " + markdown_cell(s.unit) + " | " +
           markdown_cell(s.description) + " | " + markdown_cell(s.source) + " |\n";
  }
  return out;
}

}  // namespace kw::engine
