#pragma once
// A registry of named parameters. The model registers each field of its plain
// parameter structs once (key, bounds, unit, meaning, source); that one list
// drives scenario-file parsing, command-line overrides, validation,
// `kwartier params`, the ODD table and the provenance written to HDF5.
#include "engine/errors.h"

#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace kw::engine {

struct ParamSpec {
  std::string key;  // "section.name", as in the INI file ([section] name = ...)
  std::variant<double*, int*, bool*, std::string*> target;
  double min = -std::numeric_limits<double>::infinity();  // numeric kinds only
  double max = std::numeric_limits<double>::infinity();
  std::string unit;         // "weeks", "1/week", "-", ...
  std::string description;  // one sentence
  std::string source;       // reference, or "assumption"
  std::string allowed;      // text kinds: what is allowed, e.g. "a CSV path"
  std::string default_text; // the value at registration, as text
  std::string origin = "default";  // where the current value came from
};

class ParamRegistry {
public:
  void add(std::string key, double& v, double min, double max, std::string unit,
           std::string description, std::string source);
  void add(std::string key, int& v, int min, int max, std::string unit, std::string description,
           std::string source);
  void add(std::string key, bool& v, std::string description, std::string source);
  void add(std::string key, std::string& v, std::string allowed, std::string description,
           std::string source);

  const std::vector<ParamSpec>& specs() const { return specs_; }
  const ParamSpec* find(std::string_view key) const;
  // The registered key closest to `key` (edit distance), for "did you mean".
  std::string nearest_key(std::string_view key) const;

  // Sets one parameter from text. Throws InputError naming origin (a file or
  // "command line"), key, value and what is allowed, for an unknown key, a value
  // of the wrong type or one out of range.
  void set(std::string_view key, std::string_view text, std::string_view origin);

  // Reads an INI scenario file with Boost.Program_options: "[section]" then
  // "name = value" lines set "section.name". A missing file, malformed line,
  // unknown key, repeated key or bad value throws InputError. The lines of
  // section `other_section` (if given) are not parameters: they are returned
  // as (name, value) pairs in file order, repeats allowed, for the caller.
  std::vector<std::pair<std::string, std::string>> load_ini(const std::string& path,
                                                            std::string_view other_section = {});

  // Takes "--section.key value" and "--section.key=value" from args (any
  // option whose name contains a dot), sets them with origin "command line",
  // and returns the remaining arguments in order. Unknown dotted keys throw.
  std::vector<std::string> apply_command_line(const std::vector<std::string>& args);

  std::string value_text(const ParamSpec& s) const;
  // Every parameter with its current value as an INI text, grouped by section,
  // in registration order: reading it back gives the same parameters.
  std::string resolved_ini() const;
  // `kwartier params`: key, default, allowed range, unit and meaning.
  std::string text_listing() const;
  // The ODD table: | key | default | range | unit | meaning | source |
  std::string markdown_table() const;

private:
  ParamSpec& push(std::string key);
  std::vector<ParamSpec> specs_;
};

}  // namespace kw::engine
