#pragma once
// A run: the world, the weekly schedule of MODEL.md and what is recorded.
#include "engine/schedule.h"
#include "model/outcomes.h"
#include "model/world.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace kw::model {

// The nine weekly processes of MODEL.md in order, plus the buddy project.
engine::Schedule<World> weekly_schedule();

// Agent state every K weeks (run.snapshot_every).
struct Snapshot {
  std::uint32_t week = 0;
  std::vector<float> tolerance, loneliness;
  std::vector<std::uint16_t> degree;
  std::vector<float> self_efficacy, wellbeing, felt_acceptance, expected_rejection;  // vulnerable
  std::vector<std::uint8_t> ladder, trajectory;
};
Snapshot take_snapshot(const World& w);

class Model {
public:
  explicit Model(std::unique_ptr<World> world);

  // One week: every process in order, then the outcomes are recorded.
  void step();
  // Runs the weeks of run.weeks; `progress(week)` after each, returning false stops the run.
  bool run(const std::function<bool(std::uint32_t)>& progress = {});

  World& world() { return *world_; }
  // Hands the world over (the model is then empty).
  std::unique_ptr<World> release_world() { return std::move(world_); }
  const World& world() const { return *world_; }
  const OutcomeRecorder& outcomes() const { return outcomes_; }
  const std::vector<Snapshot>& snapshots() const { return snapshots_; }
  const engine::Schedule<World>& schedule() const { return schedule_; }

private:
  std::unique_ptr<World> world_;
  engine::Schedule<World> schedule_;
  OutcomeRecorder outcomes_;
  std::vector<Snapshot> snapshots_;
};

}  // namespace kw::model
