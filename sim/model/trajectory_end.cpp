// Process 9: trajectory end. Success ('accepted, with a role') ends a
// trajectory early; otherwise it ends at the time limit, where the person
// either meets the criteria or accepts that it did not work, or earlier by
// drop-out, which pressure toward a predefined activity makes more likely.
// Either way the person carries on alone and can slide back.
#include "engine/parallel.h"
#include "model/processes.h"

namespace kw::model {

void trajectory_end(World& w) {
  const auto& kp = w.params.kwartiermaker;
  Residents& R = w.residents;
  Vulnerable& V = w.vulnerable;
  const auto week = w.week;
  std::vector<std::uint8_t> ended(V.size, 0);

  engine::for_each_range(V.size, [&](std::size_t b, std::size_t e) {
    for (std::size_t vv = b; vv < e; ++vv) {
      const auto v = static_cast<std::uint32_t>(vv);
      if (!V.in_trajectory(v) || V.crisis_until[v] != 0) continue;
      engine::AgentDraws d(w.random, week, id(Stream::TrajectoryEnd), v);
      const bool accepted = V.accepted_with_role[v] && V.trajectory[v] != Trajectory::Exploring;
      Outcome outcome = Outcome::None;
      if (accepted && V.active_weeks[v] >= kp.success_min_weeks) {
        outcome = Outcome::Success;
      } else if (d.bernoulli(kp.dropout * (V.pressured[v] ? kp.mismatch_dropout : 1.0) *
                             (1.0 + R.withdrawal[V.resident[v]]))) {
        outcome = Outcome::DroppedOut;
      } else if (V.active_weeks[v] >= kp.trajectory_weeks) {
        outcome = accepted ? Outcome::Success : Outcome::NotWorked;
      }
      if (outcome == Outcome::None) continue;
      V.outcome[v] = outcome;
      V.trajectory[v] = Trajectory::Ended;
      TrajectoryRecord& rec = w.trajectories[V.event_row[v]];
      rec.end_week = w.reported_week();
      rec.outcome = outcome;
      ended[v] = 1;
    }
  });

  // Serial: caseloads and niche places are shared.
  for (std::uint32_t v = 0; v < V.size; ++v) {
    if (!ended[v]) continue;
    const std::uint16_t wi = R.wijk[V.resident[v]];
    --w.kwartiermakers.caseload[V.kwartiermaker[v]];
    if (V.client_slot[v]) {
      --w.niches.clients[V.niche[v]];
      V.client_slot[v] = 0;
    }
    switch (V.outcome[v]) {
      case Outcome::Success: w.counters.successes[wi] += 1; break;
      case Outcome::NotWorked: w.counters.not_worked[wi] += 1; break;
      case Outcome::DroppedOut: w.counters.dropped_out[wi] += 1; break;
      default: break;
    }
  }
}

}  // namespace kw::model
