// Process 8: crisis and care. Vulnerable residents have a weekly crisis hazard
// that rises as wellbeing falls. A crisis pauses the trajectory and
// participation and triggers a referral to care (GGZ, wijkteam); a
// kwartiermaker's short lines shorten the wait; care ends the crisis and
// restores part of the wellbeing.
#include "engine/parallel.h"
#include "model/processes.h"

#include <algorithm>

namespace kw::model {

namespace {
enum : std::uint8_t { kCrisisStarted = 1, kReferred = 2, kCareStarted = 4 };
}

void crisis_and_care(World& w) {
  const auto& cp = w.params.crisis;
  Residents& R = w.residents;
  Vulnerable& V = w.vulnerable;
  const auto week = w.week;
  std::vector<std::uint8_t> events(V.size, 0);

  engine::for_each_range(V.size, [&](std::size_t b, std::size_t e) {
    for (std::size_t vv = b; vv < e; ++vv) {
      const auto v = static_cast<std::uint32_t>(vv);
      const std::uint32_t i = V.resident[v];
      engine::AgentDraws d(w.random, week, id(Stream::Crisis), v);
      if (V.crisis_until[v] != 0 && week >= V.crisis_until[v]) V.crisis_until[v] = 0;
      if (V.crisis_until[v] == 0) {
        const double hazard = cp.hazard * std::max(0.0, 1.0 + cp.wellbeing_effect * (0.5 - V.wellbeing[v]));
        if (d.bernoulli(hazard)) {
          V.crisis_until[v] = static_cast<std::uint16_t>(week + d.geometric(1.0 / cp.duration));
          V.wellbeing[v] = static_cast<float>(std::max(0.0, V.wellbeing[v] - cp.wellbeing_drop));
          events[v] |= kCrisisStarted;
          if (V.event_row[v] != kNone && V.in_trajectory(v)) ++w.trajectories[V.event_row[v]].crises;
          if (V.care[v] == Care::None) {
            const bool short_line = cp.short_lines && V.in_trajectory(v);
            V.care[v] = Care::Waiting;
            V.care_until[v] = static_cast<std::uint16_t>(week + (short_line ? cp.care_wait_short : cp.care_wait));
            V.referral_week[v] = static_cast<std::uint16_t>(week);
            events[v] |= kReferred;
          }
        }
      }
      if (V.care[v] == Care::Waiting && week >= V.care_until[v]) {
        V.care[v] = Care::InCare;
        V.care_until[v] = static_cast<std::uint16_t>(week + cp.care_weeks);
        events[v] |= kCareStarted;
        if (V.crisis_until[v] != 0) V.crisis_until[v] = static_cast<std::uint16_t>(std::min<std::uint32_t>(V.crisis_until[v], week + 1));
      } else if (V.care[v] == Care::InCare) {
        V.wellbeing[v] += static_cast<float>(cp.care_restore * (1.0 - V.wellbeing[v]));
        if (week >= V.care_until[v]) V.care[v] = Care::None;
      }
      R.in_crisis[i] = V.crisis_until[v] != 0;
    }
  });

  for (std::uint32_t v = 0; v < V.size; ++v) {
    if (!events[v]) continue;
    const std::uint16_t wi = R.wijk[V.resident[v]];
    if (events[v] & kCrisisStarted) w.counters.crises[wi] += 1;
    if (events[v] & kReferred) w.counters.care_referrals[wi] += 1;
    if (events[v] & kCareStarted) {
      w.counters.care_started[wi] += 1;
      w.counters.care_wait_weeks[wi] += week - V.referral_week[v];
    }
  }
}

}  // namespace kw::model
