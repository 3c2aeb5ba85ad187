#pragma once
// Shared helpers for the unit tests of the weekly processes: small wijk rows
// made in code, worlds built from them with chosen parameters, and functions
// that hand-set parts of the state (ties, niche members, trajectories) so a
// single process can be run on a state whose outcome is known.
//
// To run one process in isolation: start_week(w); process(w); the processes
// read w.week (from 1) for their random draws and for lazy tie decay.
#include "model/population.h"
#include "model/processes.h"
#include "model/world.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace kw::model::testing {

// A wijk row of about `adults` adults (18+) with an Oss-like age mix and
// household structure (36.4% one-person households, 2.17 persons per
// household) and `niches_per_type` niches of every type.
inline WijkRow make_row(const std::string& code, double adults, double vulnerable_share = 0.017,
                        int niches_per_type = 1) {
  // shares of the population; adults are 0.7 * 15-24 plus 25+ = 0.814 of it
  const double population = adults / 0.814;
  WijkRow row;
  row.code = code;
  row.name = "Wijk " + code;
  row.population = population;
  row.households = std::round(population / 2.17);
  row.one_person_share = 0.364;
  row.mean_household_size = 2.17;
  row.age_0_14 = 0.15 * population;
  row.age_15_24 = 0.12 * population;
  row.age_25_44 = 0.24 * population;
  row.age_45_64 = 0.27 * population;
  row.age_65_plus = 0.22 * population;
  row.vulnerable_share = vulnerable_share;
  row.attitude_shift = 0.0;
  row.niches.fill(niches_per_type);
  row.source = "test";
  return row;
}

// Default parameters with a fixed seed; vulnerable adults live alone as often
// as others (vulnerable_alone_factor 1), so a wijk's vulnerable share is the
// chance of each adult to be vulnerable and shares 0 and 1 are exact; no
// burn-in weeks.
inline Parameters test_params(int seed = 7) {
  Parameters p;
  p.run.seed = seed;
  p.run.burn_in = 0;  // the programme runs from week 1
  p.population.vulnerable_alone_factor = 1.0;
  return p;
}

inline std::unique_ptr<World> make_world(const Parameters& p, const std::vector<WijkRow>& rows,
                                         const std::vector<bool>& active) {
  auto w = build_world(p, rows, active);
  w->counters.reset(w->wijken.size());
  return w;
}

// One wijk of about `adults` adults.
inline std::unique_ptr<World> make_world(const Parameters& p, double adults, double vulnerable_share,
                                         bool active = false, int niches_per_type = 1) {
  return make_world(p, {make_row("WK000001", adults, vulnerable_share, niches_per_type)}, {active});
}

// Resets this week's counters, as Model::step does before the processes.
inline void start_week(World& w) { w.counters.reset(w.wijken.size()); }

// Removes every tie (capacity stays: at least network.tie_headroom per resident).
inline void clear_ties(World& w) {
  std::fill(w.ties.count.begin(), w.ties.count.end(), std::uint16_t{0});
}

// Adds the tie a-b at both ends (vulnerability flags from the world); returns a's slot.
inline std::uint32_t add_tie(World& w, std::uint32_t a, std::uint32_t b, TieKind kind, float weight,
                             std::uint16_t next_event, std::uint16_t touched, double contact_rate = 0.5) {
  const bool ok = w.ties.connect(a, b, kind, weight, rate_byte(contact_rate), next_event, touched,
                                 w.residents.vulnerable[a] != kNone, w.residents.vulnerable[b] != kNone);
  EXPECT_TRUE(ok) << "no room for tie " << a << "-" << b;
  return w.ties.find(a, b);
}

inline void set_tolerance(World& w, std::uint32_t i, float a) {
  w.residents.tolerance_base[i] = a;
  w.residents.tolerance_contact[i] = 0.f;
}
inline void set_all_tolerance(World& w, float a) {
  for (std::uint32_t i = 0; i < w.residents.size; ++i) set_tolerance(w, i, a);
}

// The first niche of a type in wijk wi, or kNone.
inline std::uint32_t niche_of_type(const World& w, std::size_t wi, NicheType t) {
  for (std::uint32_t k = w.wijken[wi].niches_begin; k < w.wijken[wi].niches_end; ++k)
    if (w.niches.type[k] == t) return k;
  return kNone;
}

// Puts vulnerable resident v into a trajectory phase with kwartiermaker k, as
// the intake would (caseload, trajectory record); no niche place yet.
inline void enter_trajectory(World& w, std::uint32_t v, Trajectory phase, std::uint32_t k) {
  Vulnerable& V = w.vulnerable;
  V.trajectory[v] = phase;
  V.kwartiermaker[v] = k;
  V.phase_weeks[v] = 0;
  V.phase_length[v] = 10;
  V.active_weeks[v] = 0;
  V.activity[v] = V.wish[v];
  V.event_row[v] = static_cast<std::uint32_t>(w.trajectories.size());
  TrajectoryRecord rec;
  rec.resident = V.resident[v];
  rec.wijk = w.residents.wijk[V.resident[v]];
  rec.kwartiermaker = k;
  rec.referral_week = rec.start_week = static_cast<std::int32_t>(w.week);
  w.trajectories.push_back(rec);
  ++w.kwartiermakers.caseload[k];
}

// Gives v one of niche k's client places, as the kwartiermaker's niche search would.
inline void give_client_place(World& w, std::uint32_t v, std::uint32_t k) {
  w.vulnerable.niche[v] = k;
  w.vulnerable.client_slot[v] = 1;
  ++w.niches.clients[k];
}

// Every tie is stored at both ends with the same weight, kind and contact bits, week touched,
// next event and contact rate; the high bit of the rate says whether the
// partner is vulnerable; no self ties or duplicate partners; counts fit the slots.
inline ::testing::AssertionResult ties_consistent(const World& w) {
  const Ties& T = w.ties;
  const Residents& R = w.residents;
  for (std::uint32_t i = 0; i < R.size; ++i) {
    if (T.begin[i] + T.count[i] > T.begin[i + 1])
      return ::testing::AssertionFailure() << "resident " << i << " has more ties than slots";
    for (std::uint32_t s = T.first(i); s < T.last(i); ++s) {
      const std::uint32_t j = T.partner[s];
      if (j >= R.size) return ::testing::AssertionFailure() << "tie " << i << "-" << j << " out of range";
      if (j == i) return ::testing::AssertionFailure() << "self tie at " << i;
      for (std::uint32_t s2 = s + 1; s2 < T.last(i); ++s2)
        if (T.partner[s2] == j) return ::testing::AssertionFailure() << "duplicate tie " << i << "-" << j;
      const std::uint32_t r = T.find(j, i);
      if (r == 0xFFFFFFFFu)
        return ::testing::AssertionFailure() << "tie " << i << "-" << j << " missing at " << j;
      if (T.weight[r] != T.weight[s] || T.kind_bits[r] != T.kind_bits[s] || T.touched[r] != T.touched[s] ||
          T.next_event[r] != T.next_event[s] || T.contact_rate(r) != T.contact_rate(s))
        return ::testing::AssertionFailure()
               << "tie " << i << "-" << j << " differs between its ends: weight " << T.weight[s] << " vs "
               << T.weight[r] << ", kind and contact bits " << int(T.kind_bits[s]) << " vs " << int(T.kind_bits[r]) << ", touched "
               << T.touched[s] << " vs " << T.touched[r] << ", next " << T.next_event[s] << " vs "
               << T.next_event[r];
      if (T.partner_vulnerable(s) != (R.vulnerable[j] != kNone))
        return ::testing::AssertionFailure() << "vulnerable flag of tie " << i << "-" << j << " is wrong";
    }
  }
  return ::testing::AssertionSuccess();
}

inline std::uint64_t total_ties(const World& w) {
  std::uint64_t n = 0;
  for (std::uint32_t i = 0; i < w.residents.size; ++i) n += w.ties.degree(i);
  return n / 2;
}

// Tolerance for a count of successes out of n Bernoulli(p) trials: k sigma.
inline double k_sigma(double n, double p, double k = 5.0) { return k * std::sqrt(n * p * (1.0 - p)) + 1.0; }

}  // namespace kw::model::testing
