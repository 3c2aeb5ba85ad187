#include "model/population.h"

#include "engine/errors.h"
#include "engine/parallel.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace kw::model {

using engine::AgentDraws;
using engine::kSetupWeek;

namespace {

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Allport conditions and hospitality offset per niche type (assumptions,
// documented in docs/ODD.md): equal status, cooperation, common goal, host
// support, hospitality offset.
struct NicheTypeProfile {
  float equal_status, cooperation, common_goal, host_support, hospitality_offset;
};
constexpr NicheTypeProfile kProfiles[kNicheTypes] = {
    {0.6f, 0.5f, 0.5f, 0.7f, 0.10f},   // community centre
    {0.7f, 0.8f, 0.8f, 0.7f, 0.00f},   // volunteer organisation
    {0.7f, 0.7f, 0.7f, 0.5f, -0.05f},  // sports or hobby club
    {0.6f, 0.6f, 0.7f, 0.6f, 0.05f},   // faith community
    {0.6f, 0.5f, 0.5f, 0.6f, 0.05f},   // library or learning
    {0.7f, 0.4f, 0.4f, 0.7f, 0.15f},   // meeting cafe
    {0.5f, 0.8f, 0.8f, 0.5f, -0.15f},  // employer with carved jobs
};
// What vulnerable residents wish for, per niche type (assumption).
constexpr double kWishWeights[kNicheTypes] = {0.20, 0.15, 0.15, 0.05, 0.10, 0.25, 0.10};

std::uint32_t stub_count(AgentDraws& d, double mean) {
  const double whole = std::floor(mean);
  return static_cast<std::uint32_t>(whole) + (d.bernoulli(mean - whole) ? 1u : 0u);
}

struct Stub {
  std::uint32_t a, b;
  TieKind kind;
  float weight;
  std::uint8_t rate;
};

// The proposed ties (stubs, a < b) placed at both ends. A pair proposed more
// than once becomes one tie: of its stubs the first kind in the order
// household, kin, friend, neighbour, acquaintance, and of those the first
// proposed. A resident's slots hold its partners in ascending order.
//
// Done per resident rather than by sorting all stubs: every stub is first
// written at both its ends into a provisional layout with room for all of a
// resident's proposals (a counting sort, in parallel by ranges of residents);
// then each resident sorts and merges its own short list, in parallel; a last
// pass moves each resident's ties down to the final layout (degree plus
// headroom). Both ends of a pair see the same stubs, so they keep the same one.
// The stubs are freed before the merge, so that the peak memory stays that of
// the stubs and the tie arrays (docs/speed-log.md, evening of 2026-11-23).
void place_initial_ties(World& w, std::vector<Stub> stubs, const std::vector<std::uint8_t>& is_vulnerable,
                        std::uint32_t headroom) {
  const std::uint32_t n = w.residents.size;
  const auto S = static_cast<std::uint32_t>(stubs.size());
  Ties& T = w.ties;

  // Each tie's first event: its first contact, geometric in its rate counted
  // from week 0, or, if earlier, the week it would have decayed below the
  // threshold. Keyed by the pair, so duplicates of a pair agree.
  std::vector<std::uint16_t> first_event(S);
  engine::for_each_range(S, [&](std::size_t b, std::size_t e) {
    for (std::size_t k = b; k < e; ++k) {
      const Stub& s = stubs[k];
      const auto bits = w.random.pair_bits(kSetupWeek, id(Stream::InitialTies), s.a, s.b);
      const double pr = rate_value(s.rate);
      const double u = 1.0 - engine::to_unit(bits[0]);
      const double wait = pr >= 1.0 ? 0.0 : std::floor(std::log(u) / std::log1p(-pr));
      // weeks count from 1; the weight refers to week 0 (touched = 0)
      const auto to_contact = static_cast<std::uint32_t>(std::min(wait, 60000.0)) + 1;
      first_event[k] = static_cast<std::uint16_t>(w.decay.weeks_to_event(s.weight, s.kind, to_contact));
    }
  });

  // Provisional layout: resident i's proposals from begin[i], then headroom.
  std::vector<std::uint32_t> proposals(n, 0), begin(n + 1, 0);
  for (const Stub& s : stubs) {
    ++proposals[s.a];
    ++proposals[s.b];
  }
  for (std::uint32_t i = 0; i < n; ++i) begin[i + 1] = begin[i] + proposals[i] + headroom;
  T.resize_slots(begin[n]);

  // Every stub at both ends, in the order proposed: in parallel by ranges of
  // residents, each range reading all stubs and writing only its own ends
  // (the same result for any number of ranges).
  const auto ranges = static_cast<std::uint32_t>(std::max(1, engine::concurrency()));
  engine::for_each_range(ranges, [&](std::size_t r_begin, std::size_t r_end) {
    for (auto r = static_cast<std::uint32_t>(r_begin); r < r_end; ++r) {
      const auto lo = static_cast<std::uint32_t>(std::uint64_t{n} * r / ranges);
      const auto hi = static_cast<std::uint32_t>(std::uint64_t{n} * (r + 1) / ranges);
      std::vector<std::uint32_t> fill(begin.begin() + lo, begin.begin() + hi);
      auto put = [&](std::uint32_t end, std::uint32_t partner, const Stub& s, std::uint16_t first) {
        if (end < lo || end >= hi) return;
        const std::uint32_t slot = fill[end - lo]++;
        T.partner[slot] = partner;
        T.weight[slot] = s.weight;
        T.next_event[slot] = first;
        T.kind_bits[slot] = static_cast<std::uint8_t>(s.kind);
        T.rate[slot] = static_cast<std::uint8_t>(s.rate | (is_vulnerable[partner] ? kPartnerVulnerable : 0));
      };
      for (std::uint32_t k = 0; k < S; ++k) {
        put(stubs[k].a, stubs[k].b, stubs[k], first_event[k]);
        put(stubs[k].b, stubs[k].a, stubs[k], first_event[k]);
      }
    }
  }, 1);
  std::vector<Stub>().swap(stubs);
  std::vector<std::uint16_t>().swap(first_event);

  // Per resident: its proposals by partner and kind, in the order proposed
  // among equals (a stable insertion sort: the lists are short), the first
  // of each partner kept.
  struct Proposal {
    std::uint32_t partner;
    float weight;
    std::uint16_t next_event;
    std::uint8_t kind, rate;
    std::uint64_t order() const { return std::uint64_t{partner} << 8 | kind; }
  };
  std::vector<std::uint32_t>& degree = proposals;  // proposals, then ties
  engine::for_each_range(n, [&](std::size_t b, std::size_t e) {
    std::vector<Proposal> list;
    for (std::size_t i = b; i < e; ++i) {
      list.clear();
      for (std::uint32_t s = begin[i]; s < begin[i] + proposals[i]; ++s) {
        const Proposal x{T.partner[s], T.weight[s], T.next_event[s], T.kind_bits[s], T.rate[s]};
        std::size_t at = list.size();
        list.push_back(x);
        for (; at > 0 && list[at - 1].order() > x.order(); --at) list[at] = list[at - 1];
        list[at] = x;
      }
      std::uint32_t s = begin[i];
      for (std::size_t m = 0; m < list.size(); ++m) {
        if (m > 0 && list[m].partner == list[m - 1].partner) continue;
        T.partner[s] = list[m].partner;
        T.weight[s] = list[m].weight;
        T.next_event[s] = list[m].next_event;
        T.kind_bits[s] = list[m].kind;
        T.rate[s] = list[m].rate;
        ++s;
      }
      degree[i] = s - begin[i];
    }
  });

  // The final layout: degree plus headroom. Never to the right of the
  // provisional one, so the ties move down in place, in resident order.
  T.begin.assign(n + 1, 0);
  T.count.assign(n, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (degree[i] > kMaxTieSlots) throw std::runtime_error("a resident has more initial ties than kMaxTieSlots");
    T.begin[i + 1] = T.begin[i] + std::min(kMaxTieSlots, degree[i] + headroom);
    T.count[i] = static_cast<std::uint16_t>(degree[i]);
    if (T.begin[i] != begin[i]) T.move_slots(begin[i], T.begin[i], degree[i]);
  }
  T.truncate_slots(T.begin[n]);
}

}  // namespace

std::array<double, kAgeBands> adults_by_age(const WijkRow& row) {
  return {0.7 * row.age_15_24, row.age_25_44, row.age_45_64, row.age_65_plus};
}

std::vector<bool> resolve_active_wijken(const std::string& spec, const std::vector<WijkRow>& rows) {
  std::vector<bool> active(rows.size(), false);
  const std::string s = lower(trim(spec));
  if (s == "all") return std::vector<bool>(rows.size(), true);
  if (s == "none" || s.empty()) return active;
  std::size_t pos = 0;
  while (pos <= spec.size()) {
    const std::size_t comma = spec.find(',', pos);
    const std::string entry = trim(spec.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    pos = comma == std::string::npos ? spec.size() + 1 : comma + 1;
    if (entry.empty()) continue;
    bool found = false;
    for (std::size_t w = 0; w < rows.size(); ++w) {
      if (lower(rows[w].code) == lower(entry) || lower(rows[w].name) == lower(entry)) {
        active[w] = true;
        found = true;
      }
    }
    if (!found) {
      std::string names;
      for (const auto& r : rows) names += (names.empty() ? "" : ", ") + r.name + " (" + r.code + ")";
      throw engine::InputError("key 'programme.active_wijken' value '" + entry +
                               "' is not a wijk of the wijk table (allowed: 'all', 'none' or " +
                               names + ")");
    }
  }
  return active;
}

std::unique_ptr<World> build_world(const Parameters& p, const std::vector<WijkRow>& rows,
                                   const std::vector<bool>& active) {
  auto world = std::make_unique<World>(p, static_cast<std::uint64_t>(p.run.seed),
                                       static_cast<std::uint32_t>(p.run.replicate));
  World& w = *world;
  w.burn_in_weeks = static_cast<std::uint32_t>(p.run.burn_in);
  const auto& rs = w.random;

  // Households and ages, wijk by wijk, in one sequence of draws per wijk.
  struct Person {
    std::uint16_t wijk;
    std::uint32_t household;
    std::uint8_t age;
    bool alone;
  };
  std::vector<Person> people;
  std::vector<double> alone_share(rows.size(), 0.0);  // adults living alone, per wijk
  std::uint32_t household_id = 0;
  w.wijken.resize(rows.size());
  for (std::size_t wi = 0; wi < rows.size(); ++wi) {
    const WijkRow& row = rows[wi];
    Wijk& wijk = w.wijken[wi];
    wijk.row = row;
    wijk.begin = static_cast<std::uint32_t>(people.size());
    AgentDraws d(rs, kSetupWeek, id(Stream::Households), static_cast<std::uint32_t>(wi));
    const auto bands = adults_by_age(row);
    const double band_total = bands[0] + bands[1] + bands[2] + bands[3];
    const auto adults = static_cast<std::int64_t>(std::llround(band_total * p.population.scale));
    const double households = std::max(1.0, row.households * p.population.scale);
    auto singles = static_cast<std::int64_t>(std::llround(households * row.one_person_share));
    singles = std::min<std::int64_t>(singles, adults);
    const double multi = std::max(1.0, households - static_cast<double>(singles));
    const double per_multi = std::clamp((adults - singles) / multi, 1.0, 3.0);
    const double p1 = per_multi <= 2.0 ? 2.0 - per_multi : 0.0;
    const double p3 = per_multi > 2.0 ? per_multi - 2.0 : 0.0;
    auto draw_band = [&]() {
      double u = d.uniform() * band_total;
      for (int b = 0; b < kAgeBands - 1; ++b) {
        if (u < bands[b]) return static_cast<std::uint8_t>(b);
        u -= bands[b];
      }
      return static_cast<std::uint8_t>(kAgeBands - 1);
    };
    std::int64_t placed = 0, singles_left = singles;
    double households_left = households;
    while (placed < adults) {
      const bool alone = singles_left > 0 && d.uniform() * households_left < singles_left;
      households_left = std::max(1.0, households_left - 1.0);
      std::int64_t size = 1;
      if (alone) {
        --singles_left;
      } else {
        const double u = d.uniform();
        size = u < p1 ? 1 : (u < p1 + p3 ? 3 : 2);
      }
      size = std::min(size, adults - placed);
      const std::uint8_t first = draw_band();
      for (std::int64_t k = 0; k < size; ++k) {
        std::uint8_t band = first;
        if (k == 1 && !d.bernoulli(0.7)) band = draw_band();
        if (k == 2) band = draw_band();
        people.push_back({static_cast<std::uint16_t>(wi), household_id, band, alone});
      }
      placed += size;
      ++household_id;
    }
    wijk.end = static_cast<std::uint32_t>(people.size());
    alone_share[wi] = adults > 0 ? static_cast<double>(singles - singles_left) / static_cast<double>(adults) : 0.0;
  }

  // Resident attributes: one draw sequence per resident.
  const auto n = static_cast<std::uint32_t>(people.size());
  Residents& R = w.residents;
  R.size = n;
  R.tolerance_base.assign(n, 0.f);
  R.tolerance_contact.assign(n, 0.f);
  R.tolerance_next.assign(n, 0.f);
  R.tolerance_delta.assign(n, 0.f);
  R.loneliness.assign(n, 0.f);
  R.desired_contact.assign(n, 1.f);
  R.own_desire.assign(n, 1.f);
  R.contact.assign(n, 0.f);
  R.contact_extra.assign(n, 0.f);
  R.withdrawal.assign(n, 0.f);
  R.contacts.assign(n, 0);
  R.outside_contacts.assign(n, 0);
  R.lonely_contacts.assign(n, 0);
  R.attitude_shift.assign(n, 0.f);
  R.strongly_lonely.assign(n, 0);
  R.in_crisis.assign(n, 0);
  R.wijk.resize(n);
  R.household.resize(n);
  R.age.resize(n);
  R.vulnerable.assign(n, kNone);
  R.niche.assign(n, kNone);
  std::vector<float> sociability(n, 1.f);
  std::vector<std::uint8_t> is_vulnerable(n, 0);

  // Niches, wijk by wijk, numbered contiguously.
  Niches& Nc = w.niches;
  for (std::size_t wi = 0; wi < rows.size(); ++wi) {
    Wijk& wijk = w.wijken[wi];
    wijk.niches_begin = Nc.size;
    for (int t = 0; t < kNicheTypes; ++t) {
      for (int k = 0; k < rows[wi].niches[t]; ++k) {
        const std::uint32_t id_k = Nc.size++;
        AgentDraws d(rs, kSetupWeek, id(Stream::Niches), id_k);
        const auto& prof = kProfiles[t];
        Nc.type.push_back(static_cast<NicheType>(t));
        Nc.wijk.push_back(static_cast<std::uint16_t>(wi));
        Nc.hospitality.push_back(static_cast<float>(std::clamp(
            p.niche.hospitality_mean + prof.hospitality_offset + 0.1 * d.normal(), 0.02, 0.98)));
        auto jitter = [&](float x) { return static_cast<float>(std::clamp(x + 0.05 * d.normal(), 0.0, 1.0)); };
        Nc.equal_status.push_back(jitter(prof.equal_status));
        Nc.cooperation.push_back(jitter(prof.cooperation));
        Nc.common_goal.push_back(jitter(prof.common_goal));
        Nc.host_support.push_back(jitter(prof.host_support));
        Nc.client_capacity.push_back(static_cast<std::uint16_t>(p.niche.client_capacity));
        Nc.clients.push_back(0);
        const bool employer = t == static_cast<int>(NicheType::Employer);
        Nc.volunteer_slots.push_back(employer ? 0 : static_cast<std::uint16_t>(p.niche.volunteer_slots));
        Nc.volunteers.push_back(0);
        Nc.job_slots.push_back(employer ? 1 : 0);
        Nc.jobs.push_back(0);
      }
    }
    wijk.niches_end = Nc.size;
  }
  Nc.member_tolerance.assign(Nc.size, 0.5f);
  Nc.visits.assign(Nc.size, 0);
  Nc.allied.assign(Nc.size, 0);

  engine::for_each_range(n, [&](std::size_t b, std::size_t e) {
    for (std::size_t ii = b; ii < e; ++ii) {
      const auto i = static_cast<std::uint32_t>(ii);
      const Person& person = people[i];
      const WijkRow& row = rows[person.wijk];
      const Wijk& wijk = w.wijken[person.wijk];
      AgentDraws d(rs, kSetupWeek, id(Stream::Residents), i);
      R.wijk[i] = person.wijk;
      R.household[i] = person.household;
      R.age[i] = person.age;
      const double young = person.age <= Age25_44 ? p.attitude.young_adult_shift : 0.0;
      R.tolerance_base[i] = static_cast<float>(std::clamp(d.uniform() + row.attitude_shift + young, 0.0, 1.0));
      // Vulnerable adults live alone more often; the odds keep the wijk's share.
      const double q = alone_share[person.wijk];
      const double f = p.population.vulnerable_alone_factor;
      const double base = row.vulnerable_share / (q * f + 1.0 - q);
      const bool vulnerable = d.bernoulli(person.alone ? base * f : base);
      is_vulnerable[i] = vulnerable;
      R.desired_contact[i] = static_cast<float>(
          d.lognormal(p.loneliness.desired_contact_median, p.loneliness.desired_contact_sigma) *
          (vulnerable ? p.loneliness.vulnerable_desired_factor : 1.0));
      R.own_desire[i] = R.desired_contact[i];
      sociability[i] = static_cast<float>(d.lognormal(1.0, p.network.sociability_sigma));
      const std::uint32_t wn = wijk.niches_end - wijk.niches_begin;
      if (wn > 0 && d.bernoulli(p.niche.membership)) R.niche[i] = wijk.niches_begin + d.below(wn);
    }
  });

  // Vulnerable residents, in resident order.
  Vulnerable& V = w.vulnerable;
  for (std::uint32_t i = 0; i < n; ++i)
    if (is_vulnerable[i]) {
      R.vulnerable[i] = V.size++;
      V.resident.push_back(i);
    }
  const std::uint32_t nv = V.size;
  auto vf = [nv](std::vector<float>& x, float v0) { x.assign(nv, v0); };
  vf(V.self_efficacy, 0.f);
  vf(V.wellbeing, 0.f);
  vf(V.felt_acceptance, 0.f);
  vf(V.expected_rejection, 0.f);
  vf(V.autonomy_need, 0.f);
  vf(V.dependence, 0.f);
  vf(V.support_received, 0.f);
  vf(V.support_given, 0.f);
  vf(V.initial_loneliness, 0.f);
  V.wish.assign(nv, 0);
  V.ladder.assign(nv, 1);
  V.paid_work.assign(nv, 0);
  V.trajectory.assign(nv, Trajectory::None);
  V.outcome.assign(nv, Outcome::None);
  V.phase_weeks.assign(nv, 0);
  V.phase_length.assign(nv, 0);
  V.active_weeks.assign(nv, 0);
  V.kwartiermaker.assign(nv, kNone);
  V.activity.assign(nv, 0);
  V.pressured.assign(nv, 0);
  V.event_row.assign(nv, kNone);
  V.referred.assign(nv, 0);
  V.engaged.assign(nv, 0);
  V.niche.assign(nv, kNone);
  V.client_slot.assign(nv, 0);
  V.attendance.assign(nv, 0);
  V.role.assign(nv, Role::None);
  V.role_weeks.assign(nv, 0);
  V.role_request.assign(nv, 0);
  V.accepted_with_role.assign(nv, 0);
  V.ever_accepted.assign(nv, 0);
  V.crisis_until.assign(nv, 0);
  V.care.assign(nv, Care::None);
  V.care_until.assign(nv, 0);
  V.referral_week.assign(nv, 0);
  V.buddy.assign(nv, kNone);
  V.buddy_until.assign(nv, 0);
  V.buddy_waiting.assign(nv, 0);
  const double wish_total = std::accumulate(std::begin(kWishWeights), std::end(kWishWeights), 0.0);
  for (std::uint32_t v = 0; v < nv; ++v) {
    const std::uint32_t i = V.resident[v];
    AgentDraws d(rs, kSetupWeek, id(Stream::VulnerableTraits), i);
    V.self_efficacy[v] = static_cast<float>(d.beta_mean(0.4, 8.0));
    V.wellbeing[v] = static_cast<float>(d.beta_mean(0.5, 8.0));
    V.expected_rejection[v] = static_cast<float>(d.beta_mean(0.5, 6.0));
    V.autonomy_need[v] = static_cast<float>(d.uniform(0.3, 1.0));
    R.withdrawal[i] = 0.5f * V.expected_rejection[v];
    double u = d.uniform() * wish_total;
    int t = 0;
    while (t < kNicheTypes - 1 && u >= kWishWeights[t]) u -= kWishWeights[t++];
    V.wish[v] = static_cast<std::uint8_t>(t);
    V.paid_work[v] = d.bernoulli(p.roles.paid_work);
    V.ladder[v] = V.paid_work[v] ? 6 : 2;
  }

  // Initial ties as social circles (Hamill & Gilbert 2009): household kin,
  // kin elsewhere, friends, neighbours and acquaintances; vulnerable adults get
  // the smaller networks of Palumbo et al. (2015). Each resident proposes its
  // own stubs; a non-vulnerable resident does not pick a vulnerable partner, so
  // vulnerable adults keep the network size of their own stubs.
  const auto& np = p.network;
  const std::uint32_t half_buurt = static_cast<std::uint32_t>(np.buurt_size / 2);
  std::vector<Stub> stubs;
  double homophily[kAgeBands];  // acceptance of a candidate per difference in age band
  for (int diff = 0; diff < kAgeBands; ++diff) homophily[diff] = std::exp(-np.age_homophily * diff);
  engine::collect_in_order<Stub>(n, 2048, stubs, [&](std::size_t b, std::size_t e, std::vector<Stub>& out) {
    out.reserve((e - b) * 10);  // about 7.5 a resident: grown once, not page by page
    for (std::size_t ii = b; ii < e; ++ii) {
      const auto i = static_cast<std::uint32_t>(ii);
      AgentDraws d(rs, kSetupWeek, id(Stream::InitialTies), i);
      const Wijk& wijk = w.wijken[R.wijk[i]];
      const bool vul = is_vulnerable[i];
      // household: the lower id makes the tie
      for (std::uint32_t j = i + 1; j < n && R.household[j] == R.household[i]; ++j)
        out.push_back({i, j, TieKind::Household, static_cast<float>(d.uniform(0.8, 1.0)), static_cast<std::uint8_t>(kRateSteps)});
      auto pick_in = [&](std::uint32_t lo, std::uint32_t hi) { return lo + d.below(hi - lo); };
      auto pick_buurt = [&]() {
        const std::uint32_t lo = i > wijk.begin + half_buurt ? i - half_buurt : wijk.begin;
        const std::uint32_t hi = std::min(wijk.end, lo + 2 * half_buurt + 1);
        return pick_in(lo, hi);
      };
      auto add = [&](TieKind kind, std::uint32_t j, double wlo, double whi, double rlo, double rhi) {
        if (j == i || R.household[j] == R.household[i]) return;
        if (!vul && is_vulnerable[j]) return;
        const double social = std::sqrt(double(sociability[i]) * sociability[j]);
        const double rate = std::min(1.0, d.uniform(rlo, rhi) * social);
        out.push_back({std::min(i, j), std::max(i, j), kind, static_cast<float>(d.uniform(wlo, whi)),
                       rate_byte(rate)});
      };
      auto homophilous = [&](auto picker) {
        std::uint32_t j = picker();
        for (int tries = 0; tries < 4; ++tries) {
          if (d.bernoulli(homophily[std::abs(int(R.age[j]) - int(R.age[i]))])) break;
          j = picker();
        }
        return j;
      };
      const double kin = vul ? np.vulnerable_kin : np.kin_outside / 2;
      const double friends = vul ? np.vulnerable_friends : np.friends / 2;
      const double neighbours = vul ? np.vulnerable_others / 2 : np.neighbours / 2;
      const double acquaintances = vul ? np.vulnerable_others / 2 : np.acquaintances / 2;
      for (std::uint32_t k = stub_count(d, kin); k > 0; --k) {
        const std::uint32_t j = d.bernoulli(0.5) ? pick_in(wijk.begin, wijk.end) : d.below(n);
        add(TieKind::Kin, j, 0.5, 0.9, 0.2, 0.6);
      }
      for (std::uint32_t k = stub_count(d, friends); k > 0; --k) {
        const double u = d.uniform();
        const std::uint32_t j = homophilous([&]() {
          return u < 0.5 ? pick_buurt() : (u < 0.85 ? pick_in(wijk.begin, wijk.end) : d.below(n));
        });
        add(TieKind::Friend, j, 0.4, 0.9, 0.2, 0.6);
      }
      for (std::uint32_t k = stub_count(d, neighbours); k > 0; --k)
        add(TieKind::Neighbour, pick_buurt(), 0.2, 0.5, 0.1, 0.4);
      for (std::uint32_t k = stub_count(d, acquaintances); k > 0; --k) {
        const std::uint32_t j = d.bernoulli(0.6) ? pick_buurt() : pick_in(wijk.begin, wijk.end);
        add(TieKind::Acquaintance, j, 0.1, 0.35, 0.03, 0.15);
      }
    }
  });
  place_initial_ties(w, std::move(stubs), is_vulnerable, static_cast<std::uint32_t>(np.tie_headroom));
  const Ties& T = w.ties;

  // Loneliness and the set-point start near their equilibrium for the expected
  // weekly contact, so that a run needs no burn-in: N between the person's own
  // desire and the expected contact as the adaptation and return rates weigh
  // them, L at the fixed point of the loneliness update for that deficit.
  const auto& lp = p.loneliness;
  engine::for_each_range(n, [&](std::size_t b, std::size_t e) {
    for (std::size_t ii = b; ii < e; ++ii) {
      const auto i = static_cast<std::uint32_t>(ii);
      double c = 0;
      for (std::uint32_t s = T.first(i); s < T.last(i); ++s)
        c += T.weight[s] * rate_value(T.rate[s]) * (1.0 - R.withdrawal[i]) * (1.0 - R.withdrawal[T.partner[s]]);
      const double pull = lp.setpoint_adaptation + lp.setpoint_return;
      const double n_eq = pull > 0 ? (lp.setpoint_adaptation * c + lp.setpoint_return * R.own_desire[i]) / pull
                                   : R.own_desire[i];
      R.desired_contact[i] = static_cast<float>(std::max(0.05, n_eq));
      const double deficit = std::max(0.0, 1.0 - c / R.desired_contact[i]);
      const double up = lp.rate_up * deficit, down = lp.rate_down * (1.0 - deficit);
      R.loneliness[i] = static_cast<float>(up + down > 0 ? up / (up + down) : 0.0);
      R.strongly_lonely[i] = R.loneliness[i] >= lp.strong_threshold;
    }
  });
  for (std::uint32_t v = 0; v < nv; ++v) V.initial_loneliness[v] = R.loneliness[V.resident[v]];

  index_niche_members(w);
  staff_programme(w, active);
  w.counters.reset(w.wijken.size());
  return world;
}

void index_niche_members(World& w) {
  Niches& N = w.niches;
  const Residents& R = w.residents;
  N.members_begin.assign(N.size + 1, 0);
  N.member_residents.clear();
  for (std::uint32_t i = 0; i < R.size; ++i)
    if (R.niche[i] != kNone) {
      ++N.members_begin[R.niche[i] + 1];
      N.member_residents.push_back(i);
    }
  for (std::uint32_t k = 0; k < N.size; ++k) N.members_begin[k + 1] += N.members_begin[k];
  N.members.assign(N.members_begin[N.size], 0);
  std::vector<std::uint32_t> fill(N.members_begin.begin(), N.members_begin.end() - 1);
  for (const std::uint32_t i : N.member_residents) N.members[fill[R.niche[i]]++] = i;
}

void staff_programme(World& w, const std::vector<bool>& active) {
  const Parameters& p = w.params;
  Kwartiermakers& K = w.kwartiermakers;
  K = Kwartiermakers{};
  for (std::size_t wi = 0; wi < w.wijken.size(); ++wi) {
    w.wijken[wi].active = active[wi];
    w.wijken[wi].kwartiermakers.clear();
    if (!active[wi]) continue;
    for (int k = 0; k < p.kwartiermaker.per_wijk; ++k) {
      w.wijken[wi].kwartiermakers.push_back(K.size++);
      K.wijk.push_back(static_cast<std::uint16_t>(wi));
    }
  }
  K.caseload.assign(K.size, 0);
  const Contract contract = kwartiermaker_contract(p.kwartiermaker, active);
  K.contract_hours.assign(K.size, contract.hours);
  K.max_caseload.assign(K.size, contract.caseload);
  K.client_hours.assign(K.size, 0.f);
  K.neighbourhood_hours.assign(K.size, 0.f);
}

Contract kwartiermaker_contract(const KwartiermakerParameters& kp, const std::vector<bool>& active) {
  const auto kwartiermakers = static_cast<std::uint32_t>(std::count(active.begin(), active.end(), true)) *
                              static_cast<std::uint32_t>(std::max(0, kp.per_wijk));
  // A fixed budget is shared equally; the caseload shrinks with the hours, so
  // that hours per client stay what they are with a full contract.
  double hours = kp.hours_per_week;
  double caseload = kp.caseload;
  if (kp.budget_hours > 0 && kwartiermakers > 0) {
    hours = kp.budget_hours / kwartiermakers;
    if (kp.hours_per_week > 0) caseload = std::max(1.0, std::round(kp.caseload * hours / kp.hours_per_week));
  }
  return {static_cast<float>(hours), static_cast<std::uint16_t>(std::min(caseload, 65535.0))};
}

}  // namespace kw::model
