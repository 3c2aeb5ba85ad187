#include "model/scenario.h"

#include "engine/errors.h"
#include "model/population.h"

#include <filesystem>

namespace kw::model {

std::unique_ptr<engine::ParamRegistry> registry_for(Parameters& p) {
  auto reg = std::make_unique<engine::ParamRegistry>();
  describe(p, *reg);
  return reg;
}

Scenario load_scenario(const std::string& file, const std::vector<std::string>& args,
                       std::vector<std::string>* rest) {
  Scenario s;
  s.file = file;
  auto reg = registry_for(s.params);
  if (!file.empty()) s.experiment = reg->load_ini(file, "experiment");
  std::vector<std::string> left = reg->apply_command_line(args);
  if (rest) *rest = std::move(left);
  const auto problems = validate(s.params);
  if (!problems.empty())
    throw engine::InputError((file.empty() ? std::string("command line") : file) + ": " + problems.front());
  s.resolved_ini = reg->resolved_ini();

  namespace fs = std::filesystem;
  fs::path table_path(s.params.population.wijk_table);
  if (table_path.is_relative() && !file.empty()) table_path = fs::path(file).parent_path() / table_path;
  s.wijk_table_path = table_path.lexically_normal().string();
  std::vector<WijkRow> table = read_wijk_table(s.wijk_table_path);
  // Names a wijk-list parameter's origin in its error, like every other key.
  auto resolve = [&](const char* key, const std::string& spec, const std::vector<WijkRow>& rows) {
    try {
      return resolve_active_wijken(spec, rows);
    } catch (const engine::InputError& e) {
      std::string msg = e.what();
      const std::string from = "key 'programme.active_wijken'";
      if (msg.rfind(from, 0) == 0) msg = "key '" + std::string(key) + "'" + msg.substr(from.size());
      throw engine::InputError(reg->find(key)->origin + ": " + msg);
    }
  };
  const std::vector<bool> simulated = resolve("population.wijken", s.params.population.wijken, table);
  for (std::size_t wi = 0; wi < table.size(); ++wi)
    if (simulated[wi]) s.wijken.push_back(table[wi]);
  if (s.wijken.empty())
    throw engine::InputError(reg->find("population.wijken")->origin +
                             ": key 'population.wijken' selects no wijk (allowed: 'all' or wijk codes or names)");
  s.active = resolve("programme.active_wijken", s.params.programme.active_wijken, s.wijken);
  return s;
}

}  // namespace kw::model
