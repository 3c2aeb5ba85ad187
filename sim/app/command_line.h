#pragma once
// What the commands share: parsing with Boost.Program_options, parameter
// overrides, the default scenario and Ctrl-C.
#include <boost/program_options.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kw::app {

// Splits "--section.key value" overrides from the other arguments; checks them
// against a throw-away registry so that a bad key is reported at once.
std::vector<std::string> split_overrides(const std::vector<std::string>& args, std::vector<std::string>& overrides);

// Parses the command's own options, the positional arguments (at most
// `count`) given to the option named `positional`; a Boost error becomes an
// InputError. With --help it prints `desc` and returns nothing: the command
// then stops with status 0.
std::optional<boost::program_options::variables_map> parse(
    const std::vector<std::string>& args, const boost::program_options::options_description& desc,
    const char* positional = nullptr, int count = 0);

// "kwartier <args>" as one line, for the provenance in output files.
std::string command_text(const std::vector<std::string>& args);

// The pilot scenario when none is given: next to the working directory or in the source tree.
std::string default_scenario();

// From now on SIGINT and SIGTERM set a flag instead of ending the program, so
// that a command can stop cleanly (nothing half-written left behind).
void catch_interrupts();
bool interrupted();

// --threads: 0 (all cores) .. 1024.
int checked_threads(int threads);

}  // namespace kw::app
