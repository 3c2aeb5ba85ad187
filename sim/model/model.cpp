#include "model/model.h"

#include "model/processes.h"

#include <algorithm>

namespace kw::model {

engine::Schedule<World> weekly_schedule() {
  engine::Schedule<World> s;
  s.add("encounters_and_ties", encounters_and_ties)
      .add("loneliness", loneliness)
      .add("niche_visits", niche_visits)
      .add("attitudes", attitudes)
      .add("kwartiermaker_work", kwartiermaker_work)
      .add("buddy_project", buddy_project)
      .add("experienced_support", experienced_support)
      .add("roles_and_participation", roles_and_participation)
      .add("crisis_and_care", crisis_and_care)
      .add("trajectory_end", trajectory_end);
  return s;
}

Snapshot take_snapshot(const World& w) {
  Snapshot s;
  s.week = static_cast<std::uint32_t>(w.reported_week());
  const Residents& R = w.residents;
  s.tolerance.resize(R.size);
  s.degree.resize(R.size);
  for (std::uint32_t i = 0; i < R.size; ++i) {
    s.tolerance[i] = R.tolerance(i);
    s.degree[i] = static_cast<std::uint16_t>(w.ties.degree(i));
  }
  s.loneliness = R.loneliness;
  const Vulnerable& V = w.vulnerable;
  s.self_efficacy = V.self_efficacy;
  s.wellbeing = V.wellbeing;
  s.felt_acceptance = V.felt_acceptance;
  s.expected_rejection = V.expected_rejection;
  s.ladder = V.ladder;
  s.trajectory.resize(V.size);
  for (std::uint32_t v = 0; v < V.size; ++v) s.trajectory[v] = static_cast<std::uint8_t>(V.trajectory[v]);
  return s;
}

Model::Model(std::unique_ptr<World> world) : world_(std::move(world)), schedule_(weekly_schedule()) {}

void Model::step() {
  World& w = *world_;
  w.counters.reset(w.wijken.size());
  schedule_.run_week(w);
  if (w.week == w.burn_in_weeks) {
    // the matched comparison starts from loneliness at the programme's start
    for (std::uint32_t v = 0; v < w.vulnerable.size; ++v)
      w.vulnerable.initial_loneliness[v] = w.residents.loneliness[w.vulnerable.resident[v]];
  }
  if (!w.in_burn_in()) {
    outcomes_.record(w);
    const int every = w.params.run.snapshot_every;
    if (every > 0 && w.reported_week() % every == 0) snapshots_.push_back(take_snapshot(w));
  }
  ++w.week;
}

bool Model::run(const std::function<bool(std::uint32_t)>& progress) {
  World& w = *world_;
  const auto last = static_cast<std::int32_t>(w.params.run.weeks);
  while (w.reported_week() <= last) {
    step();
    if (progress && !progress(static_cast<std::uint32_t>(std::max(0, w.reported_week() - 1)))) return false;
  }
  return true;
}

}  // namespace kw::model
