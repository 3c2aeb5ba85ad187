// Process 5: kwartiermaker work. Referrals (GPs, wijkagent, social workers,
// neighbour mediators) and the weekly walk-in hour bring eligible residents to
// the kwartiermaker; intake up to the caseload, the rest wait first come first
// served. A trajectory runs through exploring the person's own wishes, finding
// and accompanying to a niche, and fading out. With chance pi (pressure) the
// activity is a predefined one instead of the wish. Hours not spent on clients
// go to the neighbourhood: hospitality of allied niches, indirect contact with
// residents, and new role slots (job carving).
#include "engine/parallel.h"
#include "model/processes.h"

#include <algorithm>
#include <bit>

namespace kw::model {

using engine::AgentDraws;

namespace {

// Chooses the niche for a client: the most hospitable niche of the activity's
// type in the wijk with a free client place (lowest id on ties).
// A predefined activity is paid work: an employer, or a volunteer
// organisation where the wijk has no employer.
NicheType predefined_activity(const World& w, const Wijk& wijk) {
  for (std::uint32_t k = wijk.niches_begin; k < wijk.niches_end; ++k)
    if (w.niches.type[k] == NicheType::Employer) return NicheType::Employer;
  return NicheType::VolunteerOrg;
}

std::uint32_t find_niche(const World& w, const Wijk& wijk, NicheType type) {
  const Niches& N = w.niches;
  std::uint32_t best = kNone;
  for (std::uint32_t k = wijk.niches_begin; k < wijk.niches_end; ++k) {
    if (N.type[k] != type || N.clients[k] >= N.client_capacity[k]) continue;
    if (best == kNone || N.hospitality[k] > N.hospitality[best]) best = k;
  }
  return best;
}

double client_hours(const KwartiermakerParameters& kp, Trajectory t) {
  switch (t) {
    case Trajectory::Exploring: return kp.hours_exploring;
    case Trajectory::NicheFinding: return kp.hours_niche;
    case Trajectory::Fading: return kp.hours_fading;
    default: return 0.0;
  }
}

}  // namespace

void kwartiermaker_work(World& w) {
  const auto& kp = w.params.kwartiermaker;
  const auto& lp = w.params.loneliness;
  Residents& R = w.residents;
  Vulnerable& V = w.vulnerable;
  const auto week = w.week;
  const auto& rs = w.random;

  engine::for_each_range(V.size, [&](std::size_t b, std::size_t e) {
    for (std::size_t vv = b; vv < e; ++vv) {
      const auto v = static_cast<std::uint32_t>(vv);
      const std::uint32_t i = V.resident[v];
      V.referred[v] = 0;
      V.engaged[v] = 0;
      AgentDraws d(rs, week, id(Stream::Referral), v);
      const Wijk& wijk = w.wijken[R.wijk[i]];
      const bool paused = V.crisis_until[v] != 0;
      if (V.trajectory[v] == Trajectory::None && wijk.active && !w.in_burn_in() && !wijk.kwartiermakers.empty() &&
          !paused && R.loneliness[i] >= lp.moderate_threshold) {
        V.referred[v] = d.bernoulli(kp.referral + kp.walk_in * V.self_efficacy[v]);
      }
      if (!V.in_trajectory(v) || paused) continue;
      V.engaged[v] = d.bernoulli(kp.engagement);
      if (V.engaged[v]) R.contact_extra[i] += static_cast<float>(kp.visit_contact);
      ++V.phase_weeks[v];
      ++V.active_weeks[v];
      TrajectoryRecord& rec = w.trajectories[V.event_row[v]];
      if (V.trajectory[v] == Trajectory::Exploring && V.phase_weeks[v] >= V.phase_length[v]) {
        AgentDraws t(rs, week, id(Stream::Trajectory), v);
        const bool predefined = t.bernoulli(kp.pressure);
        V.activity[v] = predefined ? static_cast<std::uint8_t>(predefined_activity(w, wijk)) : V.wish[v];
        V.pressured[v] = V.activity[v] != V.wish[v];
        V.trajectory[v] = Trajectory::NicheFinding;
        V.phase_weeks[v] = 0;
        V.phase_length[v] = static_cast<std::uint16_t>(kp.niche_min + t.below(kp.niche_max - kp.niche_min + 1));
        rec.niche_phase_week = w.reported_week();
        rec.activity = V.activity[v];
        rec.pressure_applied = V.pressured[v];
      } else if (V.trajectory[v] == Trajectory::NicheFinding) {
        const bool settled = V.client_slot[v] && V.role[v] != Role::None &&
                             std::popcount(static_cast<unsigned>(V.attendance[v] & 0xFF)) >= 6;
        if (settled || V.phase_weeks[v] >= V.phase_length[v]) {
          V.trajectory[v] = Trajectory::Fading;
          V.phase_weeks[v] = 0;
          rec.fading_week = w.reported_week();
        }
      }
    }
  });

  // Serial: intake, niche search, hours and neighbourhood work, wijk by wijk.
  Kwartiermakers& K = w.kwartiermakers;
  Niches& N = w.niches;
  std::fill(K.client_hours.begin(), K.client_hours.end(), 0.f);
  std::fill(K.neighbourhood_hours.begin(), K.neighbourhood_hours.end(), 0.f);
  for (std::uint32_t v = 0; v < V.size; ++v) {
    if (!V.referred[v]) continue;
    Wijk& wijk = w.wijken[R.wijk[V.resident[v]]];
    V.trajectory[v] = Trajectory::Waiting;
    V.event_row[v] = static_cast<std::uint32_t>(w.trajectories.size());
    TrajectoryRecord rec;
    rec.resident = V.resident[v];
    rec.wijk = R.wijk[V.resident[v]];
    rec.referral_week = w.reported_week();
    rec.wish = V.wish[v];
    w.trajectories.push_back(rec);
    wijk.waiting_list.push_back(v);
  }
  for (std::size_t wi = 0; wi < w.wijken.size(); ++wi) {
    Wijk& wijk = w.wijken[wi];
    if (wijk.kwartiermakers.empty()) continue;
    // intake, first come first served, to the kwartiermaker with the fewest clients
    std::size_t taken = 0;
    while (taken < wijk.waiting_list.size()) {
      std::uint32_t best = kNone;
      for (std::uint32_t k : wijk.kwartiermakers)
        if (K.caseload[k] < K.max_caseload[k] && (best == kNone || K.caseload[k] < K.caseload[best])) best = k;
      if (best == kNone) break;
      const std::uint32_t v = wijk.waiting_list[taken++];
      AgentDraws t(rs, week, id(Stream::Trajectory), v);
      ++K.caseload[best];
      V.kwartiermaker[v] = best;
      V.trajectory[v] = Trajectory::Exploring;
      V.phase_weeks[v] = 0;
      V.active_weeks[v] = 0;
      V.phase_length[v] =
          static_cast<std::uint16_t>(kp.exploring_min + t.below(kp.exploring_max - kp.exploring_min + 1));
      TrajectoryRecord& rec = w.trajectories[V.event_row[v]];
      rec.start_week = w.reported_week();
      rec.kwartiermaker = best;
      w.counters.intakes[wi] += 1;
      if (w.params.buddy.enabled && V.buddy[v] == kNone && !V.buddy_waiting[v] &&
          t.bernoulli(w.params.buddy.kwartiermaker_referral)) {
        V.buddy_waiting[v] = 1;
        w.buddies.waiting_list.push_back(v);
      }
    }
    wijk.waiting_list.erase(wijk.waiting_list.begin(), wijk.waiting_list.begin() + taken);
  }

  // Niche search and hours, client by client in id order.
  for (std::uint32_t v = 0; v < V.size; ++v) {
    if (!V.in_trajectory(v)) continue;
    const std::uint32_t k = V.kwartiermaker[v];
    if (V.crisis_until[v] == 0) K.client_hours[k] += static_cast<float>(client_hours(kp, V.trajectory[v]));
    if (V.trajectory[v] != Trajectory::NicheFinding || V.client_slot[v] || V.crisis_until[v] != 0) continue;
    const Wijk& wijk = w.wijken[K.wijk[k]];
    const std::uint32_t niche = find_niche(w, wijk, static_cast<NicheType>(V.activity[v]));
    if (niche == kNone) {
      w.counters.niche_shortage[K.wijk[k]] += 1;
      continue;
    }
    if (V.niche[v] != niche) {
      // moving from a niche found unaided: its role slot is freed
      if (V.niche[v] != kNone && V.role[v] == Role::Volunteer) --N.volunteers[V.niche[v]];
      if (V.niche[v] != kNone && V.role[v] == Role::CarvedJob) --N.jobs[V.niche[v]];
      V.role[v] = Role::None;
      V.role_weeks[v] = 0;
      V.attendance[v] = 0;  // attendance counts for the niche one goes to now
    }
    V.niche[v] = niche;
    V.client_slot[v] = 1;
    ++N.clients[niche];
    N.allied[niche] = 1;
    TrajectoryRecord& rec = w.trajectories[V.event_row[v]];
    rec.niche = niche;
    rec.niche_found_week = w.reported_week();
  }

  // Neighbourhood work with the hours that are left.
  if (w.in_burn_in()) return;
  const auto& ap = w.params.attitude;
  for (std::uint32_t k = 0; k < K.size; ++k) {
    // Clients get the hours their phase needs; neighbourhood work keeps at
    // least its minimum share. Hours beyond the contract show as client hours
    // above (1 - min share) of it: where kwartiermakers run out.
    const double total = K.contract_hours[k];
    const double hours = std::max(total * kp.min_neighbourhood_share, total - K.client_hours[k]);
    K.neighbourhood_hours[k] = static_cast<float>(hours);
    const std::uint16_t wi = K.wijk[k];
    Wijk& wijk = w.wijken[wi];
    AgentDraws d(rs, week, id(Stream::Neighbourhood), k);
    // hospitality of allied niches (all niches of the wijk while none is allied)
    std::uint32_t allied = 0;
    for (std::uint32_t n = wijk.niches_begin; n < wijk.niches_end; ++n) allied += N.allied[n];
    const std::uint32_t targets = allied > 0 ? allied : wijk.niches_end - wijk.niches_begin;
    for (std::uint32_t n = wijk.niches_begin; n < wijk.niches_end && targets > 0; ++n)
      if (allied == 0 || N.allied[n])
        N.hospitality[n] += static_cast<float>(kp.hospitality_per_hour * hours / targets * (1.0 - N.hospitality[n]));
    // indirect contact: meetings, information evenings
    const double reach = hours * kp.indirect_contacts_per_hour;
    const auto people = static_cast<std::uint32_t>(reach) + (d.bernoulli(reach - std::floor(reach)) ? 1 : 0);
    const std::uint32_t size = wijk.end - wijk.begin;
    for (std::uint32_t m = 0; m < people && size > 0; ++m) {
      const std::uint32_t i = wijk.begin + d.below(size);
      if (R.vulnerable[i] != kNone) continue;  // attitudes are residents' toward the vulnerable
      R.tolerance_delta[i] += static_cast<float>(ap.indirect_factor * ap.contact_effect * (1.0 - R.tolerance(i)));
    }
    w.counters.indirect_contacts[wi] += people;
    // job carving: new role slots, in employers first
    wijk.job_carving_progress += hours * kp.job_carving_per_hour;
    while (wijk.job_carving_progress >= 1.0) {
      wijk.job_carving_progress -= 1.0;
      std::uint32_t best = kNone;
      for (std::uint32_t n = wijk.niches_begin; n < wijk.niches_end; ++n)
        if (N.type[n] == NicheType::Employer && (best == kNone || N.job_slots[n] < N.job_slots[best])) best = n;
      if (best != kNone) {
        ++N.job_slots[best];
      } else {
        for (std::uint32_t n = wijk.niches_begin; n < wijk.niches_end; ++n)
          if (best == kNone || N.volunteer_slots[n] < N.volunteer_slots[best]) best = n;
        if (best != kNone) ++N.volunteer_slots[best];
      }
    }
  }
}

}  // namespace kw::model
