// Process 3: niche visits. A vulnerable resident with a niche goes when
// self-efficacy is high enough, or when a kwartiermaker or buddy goes along.
// Whether the newcomer is welcomed depends on the niche's hospitality and the
// members' mean tolerance; a welcome lowers expected rejection, gives
// satisfying contact and meetings with members that can become ties (more so
// for people with few ties: groups are where the poor get richer), and is a
// contact under the niche's Allport conditions for the members met.
#include "engine/parallel.h"
#include "model/processes.h"

#include <algorithm>

namespace kw::model {

using engine::AgentDraws;

namespace {

// A visit (member == kNone) or a meeting with a member during a visit.
struct VisitEvent {
  std::uint32_t visitor;  // resident id
  std::uint32_t member;   // resident id, or kNone for the visit itself
  std::uint32_t niche;
  bool welcomed;
  bool accompanied;  // by a kwartiermaker
};

}  // namespace

void niche_visits(World& w) {
  const auto& np = w.params.niche;
  const auto& ap = w.params.attitude;
  Residents& R = w.residents;
  Vulnerable& V = w.vulnerable;
  Niches& N = w.niches;
  const auto week = w.week;

  // Members' mean tolerance, the welcome a newcomer can expect.
  engine::for_each_range(N.size, [&](std::size_t b, std::size_t e) {
    for (std::size_t k = b; k < e; ++k) {
      double sum = 0;
      const std::uint32_t m0 = N.members_begin[k], m1 = N.members_begin[k + 1];
      for (std::uint32_t m = m0; m < m1; ++m) sum += R.tolerance(N.members[m]);
      N.member_tolerance[k] = m1 > m0 ? static_cast<float>(sum / (m1 - m0)) : 0.5f;
    }
  }, 16);

  std::vector<VisitEvent> events;
  engine::collect_in_order<VisitEvent>(V.size, 256, events,
                                       [&](std::size_t vb, std::size_t ve, std::vector<VisitEvent>& out) {
    for (std::size_t vv = vb; vv < ve; ++vv) {
      const auto v = static_cast<std::uint32_t>(vv);
      const std::uint32_t i = V.resident[v];
      V.attendance[v] = static_cast<std::uint16_t>(V.attendance[v] << 1);
      if (V.crisis_until[v] != 0) continue;
      AgentDraws d(w.random, week, id(Stream::NicheVisits), v);
      const float s_eff = V.self_efficacy[v];
      const bool can_go_alone = s_eff >= np.self_efficacy_to_go;
      if (V.niche[v] == kNone) {
        // Finding a niche of one's wish unaided; clients get theirs from the kwartiermaker.
        if (!V.in_trajectory(v) && can_go_alone && d.bernoulli(np.self_find * s_eff)) {
          const Wijk& wijk = w.wijken[R.wijk[i]];
          std::uint32_t options = 0;
          for (std::uint32_t k = wijk.niches_begin; k < wijk.niches_end; ++k)
            options += N.type[k] == static_cast<NicheType>(V.wish[v]);
          if (options > 0) {
            std::uint32_t pick = d.below(options);
            for (std::uint32_t k = wijk.niches_begin; k < wijk.niches_end; ++k)
              if (N.type[k] == static_cast<NicheType>(V.wish[v]) && pick-- == 0) V.niche[v] = k;
          }
        }
        continue;
      }
      const std::uint32_t k = V.niche[v];
      const bool with_kwartiermaker = V.trajectory[v] == Trajectory::NicheFinding &&
                                      V.client_slot[v] && V.engaged[v];
      const bool with_buddy = V.buddy[v] != kNone && d.bernoulli(w.params.buddy.accompany);
      const bool alone = can_go_alone && d.bernoulli(np.self_attendance * (1.0 - R.withdrawal[i]));
      if (!(with_kwartiermaker || with_buddy || alone)) continue;
      V.attendance[v] |= 1;
      const double welcome = np.welcome_hospitality_weight * N.hospitality[k] +
                             (1.0 - np.welcome_hospitality_weight) * N.member_tolerance[k];
      const bool welcomed = d.bernoulli(welcome);
      float& z = V.expected_rejection[v];
      z += static_cast<float>(np.expected_rejection_rate * (welcomed ? -z : 1.f - z));
      R.contact_extra[i] += static_cast<float>(np.visit_contact * (welcomed ? 1.0 : 0.2));
      out.push_back({i, kNone, k, welcomed, with_kwartiermaker});
      const std::uint32_t m0 = N.members_begin[k], m1 = N.members_begin[k + 1];
      if (m1 == m0) continue;
      for (int m = 0; m < np.meetings_per_visit; ++m) {
        const std::uint32_t j = N.members[m0 + d.below(m1 - m0)];
        if (j != i) out.push_back({i, j, k, welcomed, false});
      }
    }
  });

  // Serial, in visitor order: occupancy and hospitality of the niches; members
  // met have their tolerance moved (applied by the attitudes process), and
  // welcomed meetings may become ties.
  const double delta_c = ap.contact_effect;
  const double delta_neg = ap.negative_ratio * ap.contact_effect;
  std::fill(N.visits.begin(), N.visits.end(), 0);
  w.meetings.clear();
  for (const VisitEvent& c : events) {
    if (c.member == kNone) {
      ++N.visits[c.niche];
      if (c.accompanied)
        N.hospitality[c.niche] += static_cast<float>(np.accompany_hospitality * (1.0 - N.hospitality[c.niche]));
      continue;
    }
    if (R.vulnerable[c.member] != kNone) continue;  // as for everyday contact: attitudes are residents' toward the vulnerable
    const double a = R.tolerance(c.member);
    if (c.welcomed) {
      R.tolerance_delta[c.member] +=
          static_cast<float>(delta_c * N.rate(c.niche) * std::max(0.0, N.ceiling(c.niche) - a));
      const std::uint32_t degree = w.ties.degree(c.visitor);
      const double boost = 1.0 + np.poor_get_richer * std::max(0.0, 1.0 - degree / 10.0);
      w.meetings.push_back({std::min(c.visitor, c.member), std::max(c.visitor, c.member),
                            TieKind::Niche, static_cast<float>(boost)});
    } else {
      R.tolerance_delta[c.member] -= static_cast<float>(delta_neg * a);
    }
  }
  apply_meetings(w, Stream::NicheTies, w.params.network.form_probability);
}

}  // namespace kw::model
