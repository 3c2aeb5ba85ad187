// Process 6: experienced support. Support counts only when it is experienced as
// support (Movisie 2014). Each act has autonomy a (does it follow the person's
// wish) and visibility v; dS = kappa (a - v (1 - D) phi) with D the current
// distress, so visible support helps the highly distressed and costs the others
// (Bolger & Amarel 2007; Girme et al. 2013). Contact with a disapproving tie is
// negative support; receiving far more than giving builds dependence, which
// costs those with a high need for autonomy. Negative experienced support makes
// the person withdraw: fewer contacts and visits.
#include "engine/parallel.h"
#include "model/processes.h"

#include <algorithm>

namespace kw::model {

void experienced_support(World& w) {
  const auto& sp = w.params.support;
  const auto& kp = w.params.kwartiermaker;
  const double neighbour_threshold = w.params.attitude.neighbour_threshold;
  Residents& R = w.residents;
  Vulnerable& V = w.vulnerable;
  const Ties& T = w.ties;
  const auto week = static_cast<std::uint16_t>(w.week);

  engine::for_each_range(V.size, [&](std::size_t b, std::size_t e) {
    // The range's tie slots, their state and the partners' tolerance that
    // the loop reads, read first (WarmSlots, ties.h).
    WarmSlots warm;
    for (std::size_t vv = b; vv < e; ++vv) {
      const std::uint32_t i = V.resident[vv];
      warm(T, i);
      warm.values += R.loneliness[i] + R.withdrawal[i];
    }
    for (std::size_t vv = b; vv < e; ++vv) {
      const std::uint32_t i = V.resident[vv];
      for (std::uint32_t s = T.first(i); s < T.last(i); ++s)
        if (T.touched[s] == week) warm.values += R.tolerance(T.partner[s]);
    }
    warm.done();
    for (std::size_t vv = b; vv < e; ++vv) {
      const auto v = static_cast<std::uint32_t>(vv);
      const std::uint32_t i = V.resident[v];
      const double distress = V.crisis_until[v] != 0 ? 1.0 : R.loneliness[i];
      auto act = [&](double autonomy, double visibility) {
        return sp.kappa * (autonomy - visibility * (1.0 - distress) * sp.phi);
      };
      double ds = 0, received = 0, given = 0;
      if (V.in_trajectory(v) && V.engaged[v]) {
        const double visibility = V.trajectory[v] == Trajectory::Exploring ? sp.visibility_exploring
                                  : V.trajectory[v] == Trajectory::NicheFinding ? sp.visibility_niche
                                                                                : sp.visibility_fading;
        ds += act(V.pressured[v] ? sp.autonomy_pressure : sp.autonomy_wish, visibility);
        received += 1;
      }
      bool kin_contact = false;
      for (std::uint32_t s = T.first(i); s < T.last(i); ++s) {
        if (T.touched[s] != week) continue;
        const TieKind k = T.kind(s);
        if (is_kin(k)) {
          kin_contact = true;
        } else if (k == TieKind::Buddy) {
          ds += act(sp.buddy_autonomy, sp.buddy_visibility);
          received += 1;
          given += 0.5;
        } else {
          given += 0.5;  // ordinary ties are two-way
        }
        if (R.tolerance(T.partner[s]) < neighbour_threshold) ds -= sp.disapproval * sp.kappa;
      }
      if (kin_contact) {
        ds += act(sp.kin_autonomy, sp.kin_visibility);
        received += 1;
      }
      if (V.role[v] == Role::Volunteer || V.role[v] == Role::CarvedJob) given += 1;
      V.support_received[v] = static_cast<float>(received);
      V.support_given[v] = static_cast<float>(given);
      if (received + given > 0)
        V.dependence[v] += static_cast<float>(sp.dependence_rate * (received / (received + given) - V.dependence[v]));
      if (V.dependence[v] > 0.5f) ds -= sp.kappa * V.autonomy_need[v] * 2.0 * (V.dependence[v] - 0.5);

      V.self_efficacy[v] = static_cast<float>(std::clamp(V.self_efficacy[v] + ds, 0.0, 1.0));
      float& withdrawal = R.withdrawal[i];
      // Withdrawal grows with the size of the negative experience.
      const double hurt = sp.kappa > 0 ? std::min(1.0, -ds / sp.kappa) : 0.0;
      withdrawal = ds < 0 ? withdrawal + static_cast<float>(sp.withdrawal_rate * hurt) * (1.f - withdrawal)
                          : withdrawal * (1.f - static_cast<float>(sp.withdrawal_recovery));
      double h = V.wellbeing[v] + sp.wellbeing_rate * ((1.0 - R.loneliness[i]) - V.wellbeing[v]);
      if (V.pressured[v] && (V.trajectory[v] == Trajectory::NicheFinding || V.trajectory[v] == Trajectory::Fading))
        h -= kp.mismatch_wellbeing;
      V.wellbeing[v] = static_cast<float>(std::clamp(h, 0.0, 1.0));
    }
  });
}

}  // namespace kw::model
