#include "model/programme_start.h"

#include "model/model.h"
#include "model/population.h"

#include <cstdio>

namespace kw::model {

bool read_from_programme_start(std::string_view key) {
  return key.starts_with("programme.") || key.starts_with("kwartiermaker.") || key == "run.weeks" ||
         key == "run.snapshot_every";
}

std::string programme_start_signature(const Scenario& s) {
  Parameters p = s.params;
  const auto registry = registry_for(p);
  std::string text;
  for (const auto& spec : registry->specs()) {
    if (read_from_programme_start(spec.key)) continue;
    text += spec.key + '=' + registry->value_text(spec) + '\n';
  }
  return text;
}

namespace {
bool is_staffing_key(std::string_view key) {
  return key == "programme.active_wijken" || key == "kwartiermaker.per_wijk" ||
         key == "kwartiermaker.hours_per_week" || key == "kwartiermaker.caseload" ||
         key == "kwartiermaker.budget_hours";
}
}  // namespace

std::string run_signature(const Scenario& s) {
  Parameters p = s.params;
  const auto registry = registry_for(p);
  std::string text;
  for (const auto& spec : registry->specs())
    if (!is_staffing_key(spec.key)) text += spec.key + '=' + registry->value_text(spec) + '\n';
  // The staff, as staff_programme makes it.
  text += "active=";
  for (const bool a : s.active) text += a ? '1' : '0';
  const Contract c = kwartiermaker_contract(p.kwartiermaker, s.active);
  char staff[96];
  std::snprintf(staff, sizeof staff, "\nper_wijk=%d\nhours=%a\ncaseload=%u\n", p.kwartiermaker.per_wijk,
                static_cast<double>(c.hours), static_cast<unsigned>(c.caseload));
  return text + staff;
}

// The population and burn-in of s (with s's own programme staffed, which the
// burn-in does not read).
std::unique_ptr<World> world_at_programme_start(const Scenario& s, const std::function<bool()>& stop) {
  Model m(build_world(s.params, s.wijken, s.active));
  while (m.world().in_burn_in()) {
    if (stop && stop()) return nullptr;
    m.step();
  }
  return m.release_world();
}

namespace {

// A copy of a burned-in world with scenario s's parameters and programme.
std::unique_ptr<World> with_programme_of(const World& start, const Scenario& s) {
  auto w = std::make_unique<World>(start);
  w->params = s.params;
  staff_programme(*w, s.active);
  return w;
}

}  // namespace

std::unique_ptr<World> ProgrammeStartCache::world(const Scenario& s, const std::function<bool()>& stop) {
  if (capacity_ == 0) return world_at_programme_start(s, stop);
  Key key{programme_start_signature(s), s.wijken};
  std::shared_ptr<const World> start;
  {
    std::lock_guard lock(mutex_);
    if (const auto it = find(key); it != kept_.end()) {
      kept_.splice(kept_.begin(), kept_, it);
      start = it->second;
    }
  }
  if (start) return with_programme_of(*start, s);
  std::unique_ptr<World> built = world_at_programme_start(s, stop);
  if (!built) return nullptr;
  auto copy = std::make_shared<const World>(*built);
  {
    std::lock_guard lock(mutex_);
    ++builds_;
    // another thread may have kept the same world meanwhile: keep one
    if (const auto it = find(key); it != kept_.end()) kept_.erase(it);
    kept_.emplace_front(std::move(key), std::move(copy));
    while (kept_.size() > capacity_) kept_.pop_back();
  }
  return built;
}

}  // namespace kw::model
