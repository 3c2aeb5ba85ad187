#include "command_line.h"

#include "engine/errors.h"
#include "model/scenario.h"
#include "version.h"

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>

namespace kw::app {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {
std::atomic<bool> g_interrupted{false};
extern "C" void on_signal(int) { g_interrupted = true; }
}  // namespace

void catch_interrupts() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

bool interrupted() { return g_interrupted.load(); }

std::string command_text(const std::vector<std::string>& args) {
  std::string s = "kwartier";
  for (const auto& a : args) s += " " + (a.find(' ') != std::string::npos ? "'" + a + "'" : a);
  return s;
}

std::string default_scenario() {
  for (const fs::path& p : {fs::path("scenarios/oss-pilot.ini"), fs::path(KWARTIER_SOURCE_SCENARIOS) / "oss-pilot.ini"})
    if (fs::exists(p)) return p.string();
  throw engine::InputError("no scenario given and scenarios/oss-pilot.ini not found (run from the repository or name a scenario)");
}

std::vector<std::string> split_overrides(const std::vector<std::string>& args, std::vector<std::string>& overrides) {
  model::Parameters scratch;
  auto reg = model::registry_for(scratch);
  std::vector<std::string> rest = reg->apply_command_line(args);
  // What was consumed, in order: args minus rest.
  overrides.clear();
  std::size_t r = 0;
  for (const auto& a : args) {
    if (r < rest.size() && rest[r] == a) {
      ++r;
      continue;
    }
    overrides.push_back(a);
  }
  return rest;
}

std::optional<po::variables_map> parse(const std::vector<std::string>& args, const po::options_description& desc,
                                       const char* positional, int count) {
  po::positional_options_description pos;
  if (positional != nullptr) pos.add(positional, count);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw engine::InputError(std::string("command line: ") + e.what());
  }
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return std::nullopt;
  }
  return vm;
}

int checked_threads(int threads) {
  if (threads < 0 || threads > 1024)
    throw engine::InputError("command line: option '--threads' value '" + std::to_string(threads) +
                             "' is out of range (allowed 0..1024, 0: all cores)");
  return threads;
}

}  // namespace kw::app
