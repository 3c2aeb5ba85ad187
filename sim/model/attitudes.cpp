// Process 4: attitudes. Tolerance A = base + contact part. Contact with a
// vulnerable resident moves the contact part (collected in tolerance_delta by
// the niche visits, neighbourhood work and, here, everyday tie contact); the
// contact part fades back toward the resident's norm. Residents influence each
// other's base along ties they had contact on, by bounded confidence
// (Deffuant et al. 2000). A resident without contact or influence keeps A.
#include "engine/fast_math.h"
#include "engine/parallel.h"
#include "model/processes.h"

#include <algorithm>
#include <cmath>

namespace kw::model {

void attitudes(World& w) {
  const auto& ap = w.params.attitude;
  Residents& R = w.residents;
  const Ties& T = w.ties;
  const auto week = static_cast<std::uint16_t>(w.week);
  // Whether a contact exchanged views, and whether it goes badly with a
  // partner in crisis, was drawn by the encounters process (ContactBits, both
  // ends hold the same bits).
  const double delta_c = ap.contact_effect;
  const double delta_neg = ap.negative_ratio * ap.contact_effect;
  const double keep = 1.0 - ap.fade;  // share of the contact part kept each week

  engine::for_each_range(R.size, [&](std::size_t b, std::size_t e) {
    for (std::size_t ii = b; ii < e; ++ii) {
      const auto i = static_cast<std::uint32_t>(ii);
      if (R.attitude_events[i] == 0) {
        // No tie contact that matters for attitudes this week (most
        // residents): no influence, only the contact part's fade and any
        // niche or neighbourhood contact; without branches, since whether a
        // resident has a contact part is a coin toss for the CPU (zero stays
        // zero).
        R.tolerance_next[i] = R.tolerance_base[i];
        R.tolerance_delta[i] = static_cast<float>(engine::select_clamp(R.tolerance_contact[i] * keep + R.tolerance_delta[i], -1.0, 1.0));
        continue;
      }
      const double a = R.tolerance(i);
      double base = R.tolerance_base[i];
      double delta = R.tolerance_delta[i];
      const bool i_vulnerable = R.vulnerable[i] != kNone;
      for (std::uint32_t s = T.first(i); s < T.last(i); ++s) {
        if (T.touched[s] != week) continue;
        const std::uint32_t j = T.partner[s];
        if (T.views_exchanged(s)) {
          const double aj = R.tolerance(j);
          if (std::abs(aj - a) < ap.epsilon) base += ap.mu * (aj - a);
        }
        if (!i_vulnerable && T.partner_vulnerable(s)) {
          if (R.in_crisis[j] && T.bad_in_crisis(s))
            delta -= delta_neg * a;
          else
            delta += delta_c * ap.everyday_quality * (1.0 - a);
        }
      }
      R.tolerance_next[i] = static_cast<float>(std::clamp(base, 0.0, 1.0));
      // tolerance_delta doubles as the buffer of the next contact part
      R.tolerance_delta[i] = static_cast<float>(engine::select_clamp(R.tolerance_contact[i] * keep + delta, -1.0, 1.0));
    }
  });
  std::swap(R.tolerance_base, R.tolerance_next);
  std::swap(R.tolerance_contact, R.tolerance_delta);
  std::fill(R.tolerance_delta.begin(), R.tolerance_delta.end(), 0.f);
}

}  // namespace kw::model
