#include "model/model.h"

#include "model/processes.h"

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
  s.week = w.week;
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
  outcomes_.record(w);
  const int every = w.params.run.snapshot_every;
  if (every > 0 && w.week % static_cast<std::uint32_t>(every) == 0) snapshots_.push_back(take_snapshot(w));
  ++w.week;
}

bool Model::run(const std::function<bool(std::uint32_t)>& progress) {
  while (world_->week <= static_cast<std::uint32_t>(world_->params.run.weeks)) {
    step();
    if (progress && !progress(world_->week - 1)) return false;
  }
  return true;
}

}  // namespace kw::model
