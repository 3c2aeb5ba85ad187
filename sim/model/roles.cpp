// Process 7: roles and participation. Felt acceptance is the tie-weighted mean
// tolerance of niche contacts, neighbours, introduced people and the buddy,
// with the niche itself as one more contact (its hospitality, weighted by
// attendance).
// Regular attendance (>= 75% of the last 12 weeks) with felt acceptance lets a
// person take a role: participant, then a free volunteer role or carved job.
// The participation ladder follows; so does 'accepted with a role', the pilot's
// measure of success.
#include "engine/parallel.h"
#include "model/processes.h"

#include <bit>

namespace kw::model {

namespace {
// The ties whose partners' tolerance makes up felt acceptance.
bool counts_for_acceptance(TieKind k) {
  return k == TieKind::Niche || k == TieKind::Neighbour || k == TieKind::Introduced || k == TieKind::Buddy;
}
double attendance_share(std::uint16_t bits) {
  return std::popcount(static_cast<unsigned>(bits & 0x0FFF)) / 12.0;
}
}  // namespace

void roles_and_participation(World& w) {
  const auto& rp = w.params.roles;
  Residents& R = w.residents;
  Vulnerable& V = w.vulnerable;
  Niches& N = w.niches;
  const Ties& T = w.ties;
  const auto week = w.week;

  engine::for_each_range(V.size, [&](std::size_t b, std::size_t e) {
    // The range's tie slots and the partners' tolerance that the loop reads,
    // read first (WarmSlots, ties.h).
    WarmSlots warm;
    for (std::size_t vv = b; vv < e; ++vv) warm(T, V.resident[vv]);
    for (std::size_t vv = b; vv < e; ++vv) {
      const std::uint32_t i = V.resident[vv];
      for (std::uint32_t s = T.first(i); s < T.last(i); ++s)
        if (counts_for_acceptance(T.kind(s))) warm.values += R.tolerance(T.partner[s]);
    }
    warm.done();
    for (std::size_t vv = b; vv < e; ++vv) {
      const auto v = static_cast<std::uint32_t>(vv);
      const std::uint32_t i = V.resident[v];
      double weighted = 0, weights = 0;
      std::uint32_t medium_ties = 0;
      bool outside_contact = false;
      for (std::uint32_t s = T.first(i); s < T.last(i); ++s) {
        const TieKind k = T.kind(s);
        const std::uint32_t j = T.partner[s];
        const float wt = w.decay.weight_now(T, s, week);
        if (counts_for_acceptance(k)) {
          weighted += wt * R.tolerance(j);
          weights += wt;
        }
        if (!is_kin(k) && wt >= rp.medium_weight) ++medium_ties;
        if (k != TieKind::Household && T.touched[s] != 0 && T.touched[s] + 4u > week) outside_contact = true;
      }
      // The niche itself counts as one of the niche contacts: its hospitality
      // (the host's welcome) weighted by how regularly the person goes.
      const double att = attendance_share(V.attendance[v]);
      if (V.niche[v] != kNone) {
        weighted += att * N.hospitality[V.niche[v]];
        weights += att;
      }
      const double f = weights > 0 ? weighted / weights : 0.0;
      V.felt_acceptance[v] = static_cast<float>(f);
      const bool accepted = f >= rp.acceptance_threshold;
      std::int8_t request = 0;
      if (V.niche[v] != kNone) {
        if (V.role[v] != Role::None && att < rp.loss_share) {
          request = -1;
        } else if (att >= rp.attendance_share && accepted) {
          if (V.role[v] == Role::None) request = 1;
          else if (V.role[v] == Role::Participant && V.role_weeks[v] >= rp.volunteer_after) request = 1;
        }
      } else if (V.role[v] != Role::None) {
        request = -1;
      }
      V.role_request[v] = request;
      if (V.role[v] != Role::None) ++V.role_weeks[v];

      std::uint8_t rung = 1;
      if (outside_contact) rung = 2;
      if (V.niche[v] != kNone && att >= 0.5) rung = 3;
      if (V.role[v] == Role::Volunteer) rung = 4;
      if (V.role[v] == Role::CarvedJob) rung = 5;
      if (V.paid_work[v]) rung = 6;
      V.ladder[v] = rung;
      const bool with_role = static_cast<int>(V.role[v]) >= rp.success_min_role &&
                             V.role_weeks[v] >= rp.stable_weeks && att >= rp.attendance_share;
      V.accepted_with_role[v] = accepted && with_role && medium_ties >= static_cast<std::uint32_t>(rp.min_ties);
      V.ever_accepted[v] |= V.accepted_with_role[v];
    }
  });

  // Serial: role slots are shared, so they are granted in id order.
  for (std::uint32_t v = 0; v < V.size; ++v) {
    const std::int8_t request = V.role_request[v];
    if (request == 0) continue;
    const std::uint32_t k = V.niche[v];
    if (request < 0) {
      if (k != kNone) {
        if (V.role[v] == Role::Volunteer) --N.volunteers[k];
        if (V.role[v] == Role::CarvedJob) --N.jobs[k];
      }
      V.role[v] = Role::None;
      V.role_weeks[v] = 0;
      // Someone who no longer comes at all and is not a client lets the niche go.
      if (k != kNone && (V.attendance[v] & 0x0FFF) == 0 && !V.client_slot[v]) V.niche[v] = kNone;
      continue;
    }
    if (V.role[v] == Role::None) {
      V.role[v] = Role::Participant;
    } else if (N.type[k] == NicheType::Employer) {
      if (N.jobs[k] < N.job_slots[k]) {
        ++N.jobs[k];
        V.role[v] = Role::CarvedJob;
      }
    } else if (N.volunteers[k] < N.volunteer_slots[k]) {
      ++N.volunteers[k];
      V.role[v] = Role::Volunteer;
    }
  }
}

}  // namespace kw::model
