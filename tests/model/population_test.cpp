#include "model/population.h"

#include "engine/errors.h"
#include "engine/parallel.h"
#include "model/fixtures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace kw::model {
namespace {

using testing::make_row;
using testing::make_world;
using testing::test_params;

TEST(AdultsByAge, SevenTenthsOfTheYouthBand) {
  const WijkRow row = make_row("WK1", 1000);
  const auto bands = adults_by_age(row);
  EXPECT_DOUBLE_EQ(bands[Age18_24], 0.7 * row.age_15_24);
  EXPECT_DOUBLE_EQ(bands[Age25_44], row.age_25_44);
  EXPECT_DOUBLE_EQ(bands[Age45_64], row.age_45_64);
  EXPECT_DOUBLE_EQ(bands[Age65Plus], row.age_65_plus);
}

TEST(BuildWorld, AdultCountFollowsTheRowAndScale) {
  Parameters p = test_params();
  p.population.scale = 0.5;
  const std::vector<WijkRow> rows = {make_row("WK1", 1200), make_row("WK2", 800)};
  auto w = make_world(p, rows, {false, false});
  ASSERT_EQ(w->wijken.size(), 2u);
  std::uint32_t begin = 0;
  for (std::size_t wi = 0; wi < rows.size(); ++wi) {
    const auto bands = adults_by_age(rows[wi]);
    const double adults = (bands[0] + bands[1] + bands[2] + bands[3]) * p.population.scale;
    const Wijk& wijk = w->wijken[wi];
    EXPECT_EQ(wijk.begin, begin) << "wijken are contiguous ranges";
    EXPECT_EQ(wijk.end - wijk.begin, static_cast<std::uint32_t>(std::llround(adults)));
    for (std::uint32_t i = wijk.begin; i < wijk.end; ++i) ASSERT_EQ(w->residents.wijk[i], wi);
    begin = wijk.end;
  }
  EXPECT_EQ(w->residents.size, begin);
}

TEST(BuildWorld, AdultsPerAgeBandNearTheRows) {
  // Each band's count against the row's share, with a tolerance of k sigma of
  // a binomial count inflated for households (members of a household share
  // draws: design effect up to the household size, 3).
  Parameters p = test_params();
  const WijkRow row = make_row("WK1", 20000);
  auto w = make_world(p, {row}, {false});
  const auto bands = adults_by_age(row);
  const double total = bands[0] + bands[1] + bands[2] + bands[3];
  std::array<double, kAgeBands> count{};
  for (std::uint32_t i = 0; i < w->residents.size; ++i) count[w->residents.age[i]] += 1;
  const double n = w->residents.size;
  for (int b = 0; b < kAgeBands; ++b) {
    const double share = bands[b] / total;
    const double tolerance = 5.0 * std::sqrt(3.0 * n * share * (1.0 - share));
    EXPECT_NEAR(count[b], n * share, tolerance)
        << "age band " << b << ": " << count[b] << " adults, row says " << n * share;
  }
}

TEST(BuildWorld, HouseholdsAreConsistent) {
  Parameters p = test_params();
  const WijkRow row = make_row("WK1", 6000);
  auto w = make_world(p, {row}, {false});
  const Residents& R = w->residents;
  std::map<std::uint32_t, std::uint32_t> size;
  for (std::uint32_t i = 0; i < R.size; ++i) {
    ++size[R.household[i]];
    if (i > 0) {
      // members of a household are neighbours in the numbering, in one wijk
      ASSERT_GE(R.household[i], R.household[i - 1]);
      ASSERT_LE(R.household[i], R.household[i - 1] + 1);
      if (R.household[i] == R.household[i - 1]) {
        ASSERT_EQ(R.wijk[i], R.wijk[i - 1]);
      }
    }
  }
  double singles = 0;
  for (const auto& [h, s] : size) {
    EXPECT_GE(s, 1u);
    EXPECT_LE(s, 3u);
    singles += s == 1;
  }
  // number of households and the one-person share near the row's
  const double households = static_cast<double>(size.size());
  EXPECT_NEAR(households, row.households, 0.1 * row.households);
  EXPECT_NEAR(singles / households, row.one_person_share, 0.05);
  // household members are kin of each other
  const Ties& T = w->ties;
  for (std::uint32_t i = 0; i + 1 < R.size; ++i)
    for (std::uint32_t j = i + 1; j < R.size && R.household[j] == R.household[i]; ++j) {
      const std::uint32_t s = T.find(i, j);
      ASSERT_NE(s, 0xFFFFFFFFu) << i << " and " << j << " share a household without a tie";
      EXPECT_TRUE(is_kin(T.kind(s)));
    }
}

TEST(BuildWorld, VulnerableShareNearTheRows) {
  // vulnerable_alone_factor 1: each adult is vulnerable with the row's share
  Parameters p = test_params();
  const WijkRow row = make_row("WK1", 20000, 0.05);
  auto w = make_world(p, {row}, {false});
  const double n = w->residents.size;
  EXPECT_NEAR(w->vulnerable.size, n * row.vulnerable_share, testing::k_sigma(n, row.vulnerable_share));
}

TEST(BuildWorld, VulnerableShareNearTheRowsWhenTheyLiveAloneMoreOften) {
  // With vulnerable_alone_factor != 1 vulnerable adults live alone more often,
  // and the odds must still keep the wijk's share (they use the wijk's own
  // share of adults living alone).
  Parameters p = test_params();
  p.population.vulnerable_alone_factor = 4.0;
  const WijkRow row = make_row("WK1", 20000, 0.05);
  auto w = make_world(p, {row}, {false});
  const double n = w->residents.size;
  EXPECT_NEAR(w->vulnerable.size, n * row.vulnerable_share, testing::k_sigma(n, row.vulnerable_share))
      << "vulnerable share " << w->vulnerable.size / n << " against the row's " << row.vulnerable_share;
  // and they do live alone more often
  std::map<std::uint32_t, int> size;
  for (std::uint32_t i = 0; i < w->residents.size; ++i) ++size[w->residents.household[i]];
  double alone_v = 0, alone_all = 0;
  for (std::uint32_t i = 0; i < w->residents.size; ++i) {
    const bool alone = size[w->residents.household[i]] == 1;
    alone_all += alone;
    if (w->residents.vulnerable[i] != kNone) alone_v += alone;
  }
  EXPECT_GT(alone_v / w->vulnerable.size, alone_all / n);
}

TEST(BuildWorld, ZeroAndFullVulnerableShares) {
  Parameters p = test_params();
  auto none = make_world(p, 500, 0.0);
  EXPECT_EQ(none->vulnerable.size, 0u);
  auto all = make_world(p, 500, 1.0);
  EXPECT_EQ(all->vulnerable.size, all->residents.size);
}

TEST(BuildWorld, VulnerableIndexIsConsistent) {
  Parameters p = test_params();
  auto w = make_world(p, 3000, 0.05);
  const Residents& R = w->residents;
  const Vulnerable& V = w->vulnerable;
  std::uint32_t count = 0;
  for (std::uint32_t i = 0; i < R.size; ++i)
    if (R.vulnerable[i] != kNone) {
      ASSERT_LT(R.vulnerable[i], V.size);
      EXPECT_EQ(V.resident[R.vulnerable[i]], i);
      ++count;
    }
  EXPECT_EQ(count, V.size);
  for (std::uint32_t v = 0; v < V.size; ++v) {
    EXPECT_GE(V.self_efficacy[v], 0.f);
    EXPECT_LE(V.self_efficacy[v], 1.f);
    EXPECT_GE(V.wellbeing[v], 0.f);
    EXPECT_LE(V.wellbeing[v], 1.f);
    EXPECT_GE(V.expected_rejection[v], 0.f);
    EXPECT_LE(V.expected_rejection[v], 1.f);
    EXPECT_LT(V.wish[v], kNicheTypes);
    EXPECT_EQ(V.ladder[v], V.paid_work[v] ? 6 : 2);
    EXPECT_EQ(V.trajectory[v], Trajectory::None);
    EXPECT_FLOAT_EQ(V.initial_loneliness[v], R.loneliness[V.resident[v]]);
  }
  for (std::uint32_t i = 0; i < R.size; ++i) {
    EXPECT_GE(R.loneliness[i], 0.f);
    EXPECT_LE(R.loneliness[i], 1.f);
    EXPECT_EQ(R.strongly_lonely[i], R.loneliness[i] >= p.loneliness.strong_threshold);
    EXPECT_GE(R.tolerance(i), 0.f);
    EXPECT_LE(R.tolerance(i), 1.f);
    if (R.vulnerable[i] == kNone) {
      EXPECT_EQ(R.withdrawal[i], 0.f) << "only vulnerable residents withdraw";
    }
  }
}

TEST(BuildWorld, TiesAreSymmetric) {
  Parameters p = test_params();
  auto w = make_world(p, {make_row("WK1", 2500, 0.05), make_row("WK2", 1500, 0.05)}, {true, false});
  EXPECT_TRUE(testing::ties_consistent(*w));
  const Ties& T = w->ties;
  for (std::uint32_t i = 0; i < w->residents.size; ++i) {
    // the headroom is left free for new ties
    EXPECT_EQ(T.begin[i + 1] - T.begin[i] - T.count[i], static_cast<std::uint32_t>(p.network.tie_headroom));
    for (std::uint32_t s = T.first(i); s < T.last(i); ++s) {
      EXPECT_GT(T.weight[s], 0.f);
      EXPECT_LE(T.weight[s], 1.f);
      EXPECT_GE(T.next_event[s], 1) << "the first week is 1";
      EXPECT_EQ(T.touched[s], 0);
    }
  }
}

TEST(BuildWorld, OneTiePerPairWithPartnersInAscendingOrder) {
  // Pairs proposed twice (by both ends, or twice by one) become one tie; the
  // same tie at both ends (same kind, weight and first event).
  Parameters p = test_params();
  p.network.buurt_size = 20;  // a small buurt makes repeated proposals common
  auto w = make_world(p, {make_row("WK1", 1500, 0.05)}, {false});
  const Ties& T = w->ties;
  for (std::uint32_t i = 0; i < w->residents.size; ++i) {
    for (std::uint32_t s = T.first(i); s < T.last(i); ++s) {
      if (s > T.first(i)) {
        EXPECT_LT(T.partner[s - 1], T.partner[s]) << "resident " << i;
      }
      const std::uint32_t back = T.find(T.partner[s], i);
      ASSERT_NE(back, 0xFFFFFFFFu);
      EXPECT_EQ(T.kind_bits[back], T.kind_bits[s]);
      EXPECT_EQ(T.weight[back], T.weight[s]);
      EXPECT_EQ(T.next_event[back], T.next_event[s]);
    }
  }
}

TEST(BuildWorld, VulnerableDegreeNearPalumbo) {
  // Palumbo et al. (2015): 11.7 people in the network of adults with a
  // psychiatric vulnerability, 3.4 friends, 43% kin. Tolerance: +-2 ties
  // on the mean, +-10 points on the kin share (the model's assumption).
  Parameters p = test_params();
  auto w = make_world(p, 20000, 0.05);
  const Ties& T = w->ties;
  double degree = 0, kin = 0, friends = 0, others = 0;
  for (std::uint32_t v = 0; v < w->vulnerable.size; ++v) {
    const std::uint32_t i = w->vulnerable.resident[v];
    degree += T.degree(i);
    for (std::uint32_t s = T.first(i); s < T.last(i); ++s) {
      kin += is_kin(T.kind(s));
      friends += T.kind(s) == TieKind::Friend;
    }
  }
  for (std::uint32_t i = 0; i < w->residents.size; ++i)
    if (w->residents.vulnerable[i] == kNone) others += T.degree(i);
  const double nv = w->vulnerable.size;
  ASSERT_GT(nv, 500);
  EXPECT_NEAR(degree / nv, 11.7, 2.0);
  EXPECT_NEAR(kin / degree, 0.43, 0.10);
  EXPECT_NEAR(friends / nv, 3.4, 1.0);
  // vulnerable adults have smaller networks than the others
  EXPECT_LT(degree / nv, others / (w->residents.size - nv));
}

TEST(BuildWorld, NicheMemberListsAreConsistent) {
  Parameters p = test_params();
  auto w = make_world(p, {make_row("WK1", 2000, 0.03, 2), make_row("WK2", 1000, 0.03, 1)}, {false, false});
  const Niches& N = w->niches;
  const Residents& R = w->residents;
  ASSERT_EQ(N.size, 2u * kNicheTypes + kNicheTypes);
  ASSERT_EQ(N.members_begin.size(), N.size + 1);
  EXPECT_EQ(N.members_begin[0], 0u);
  std::uint32_t members = 0;
  for (std::uint32_t i = 0; i < R.size; ++i) members += R.niche[i] != kNone;
  EXPECT_EQ(N.members_begin[N.size], members);
  EXPECT_EQ(N.members.size(), members);
  for (std::uint32_t k = 0; k < N.size; ++k) {
    ASSERT_LE(N.members_begin[k], N.members_begin[k + 1]);
    const Wijk& wijk = w->wijken[N.wijk[k]];
    EXPECT_GE(k, wijk.niches_begin);
    EXPECT_LT(k, wijk.niches_end);
    for (std::uint32_t m = N.members_begin[k]; m < N.members_begin[k + 1]; ++m) {
      const std::uint32_t i = N.members[m];
      EXPECT_EQ(R.niche[i], k);
      EXPECT_EQ(R.wijk[i], N.wijk[k]) << "members live in the niche's wijk";
      if (m > N.members_begin[k]) {
        EXPECT_LT(N.members[m - 1], i);
      }
    }
    EXPECT_GE(N.hospitality[k], 0.f);
    EXPECT_LE(N.hospitality[k], 1.f);
    EXPECT_EQ(N.clients[k], 0);
    EXPECT_EQ(N.volunteer_slots[k], N.type[k] == NicheType::Employer ? 0 : p.niche.volunteer_slots);
  }
  // membership near the parameter's share
  EXPECT_NEAR(members, p.niche.membership * R.size, testing::k_sigma(R.size, p.niche.membership));
  // niches of each wijk per type as the rows say
  for (std::size_t wi = 0; wi < w->wijken.size(); ++wi)
    for (int t = 0; t < kNicheTypes; ++t) {
      int count = 0;
      for (std::uint32_t k = w->wijken[wi].niches_begin; k < w->wijken[wi].niches_end; ++k)
        count += N.type[k] == static_cast<NicheType>(t);
      EXPECT_EQ(count, w->wijken[wi].row.niches[t]);
    }
}

TEST(BuildWorld, KwartiermakersOnlyInActiveWijken) {
  Parameters p = test_params();
  p.kwartiermaker.per_wijk = 2;
  auto w = make_world(p, {make_row("WK1", 500), make_row("WK2", 500), make_row("WK3", 500)},
                      {true, false, true});
  EXPECT_EQ(w->kwartiermakers.size, 4u);
  EXPECT_EQ(w->wijken[0].kwartiermakers.size(), 2u);
  EXPECT_TRUE(w->wijken[1].kwartiermakers.empty());
  EXPECT_EQ(w->wijken[2].kwartiermakers.size(), 2u);
  for (std::uint32_t k : w->wijken[2].kwartiermakers) EXPECT_EQ(w->kwartiermakers.wijk[k], 2);
  for (std::uint32_t k = 0; k < w->kwartiermakers.size; ++k) EXPECT_EQ(w->kwartiermakers.caseload[k], 0);
  EXPECT_EQ(w->week, 1u);
}

TEST(BuildWorld, AFixedBudgetOfHoursIsSharedAndCaseloadsShrinkWithIt) {
  Parameters p = test_params();
  p.kwartiermaker.hours_per_week = 18;
  p.kwartiermaker.caseload = 8;
  auto full = make_world(p, {make_row("WK1", 500), make_row("WK2", 500), make_row("WK3", 500)}, {true, true, true});
  for (std::uint32_t k = 0; k < full->kwartiermakers.size; ++k) {
    EXPECT_EQ(full->kwartiermakers.contract_hours[k], 18.f);
    EXPECT_EQ(full->kwartiermakers.max_caseload[k], 8);
  }
  p.kwartiermaker.budget_hours = 36;  // the pilot's two half-time posts, now over three wijken
  auto shared = make_world(p, {make_row("WK1", 500), make_row("WK2", 500), make_row("WK3", 500)}, {true, true, true});
  float total = 0;
  for (std::uint32_t k = 0; k < shared->kwartiermakers.size; ++k) {
    total += shared->kwartiermakers.contract_hours[k];
    EXPECT_EQ(shared->kwartiermakers.contract_hours[k], 12.f);
    EXPECT_EQ(shared->kwartiermakers.max_caseload[k], 5) << "8 clients x 12/18 hours, rounded";
  }
  EXPECT_FLOAT_EQ(total, 36.f);
}

// Everything build_world makes, compared field by field.
bool same_world(const World& a, const World& b) {
  const Residents &ra = a.residents, &rb = b.residents;
  const Ties &ta = a.ties, &tb = b.ties;
  const Vulnerable &va = a.vulnerable, &vb = b.vulnerable;
  const Niches &na = a.niches, &nb = b.niches;
  return ra.size == rb.size && ra.tolerance_base == rb.tolerance_base && ra.loneliness == rb.loneliness &&
         ra.desired_contact == rb.desired_contact && ra.withdrawal == rb.withdrawal && ra.wijk == rb.wijk &&
         ra.household == rb.household && ra.age == rb.age && ra.vulnerable == rb.vulnerable &&
         ra.niche == rb.niche && ta.begin == tb.begin && ta.count == tb.count && ta.partner == tb.partner &&
         ta.weight == tb.weight && ta.next_event == tb.next_event && ta.kind_bits == tb.kind_bits && ta.rate == tb.rate &&
         va.size == vb.size && va.self_efficacy == vb.self_efficacy && va.wellbeing == vb.wellbeing &&
         va.expected_rejection == vb.expected_rejection && va.autonomy_need == vb.autonomy_need &&
         va.wish == vb.wish && va.paid_work == vb.paid_work && na.hospitality == nb.hospitality &&
         na.members == nb.members && na.equal_status == nb.equal_status;
}

TEST(BuildWorld, SameSeedGivesTheSameWorld) {
  Parameters p = test_params(11);
  const std::vector<WijkRow> rows = {make_row("WK1", 1500, 0.05), make_row("WK2", 700, 0.05)};
  auto a = make_world(p, rows, {true, false});
  auto b = make_world(p, rows, {true, false});
  EXPECT_TRUE(same_world(*a, *b));
}

TEST(BuildWorld, SameWorldForAnyThreadCount) {
  const Parameters p = test_params(5);
  const std::vector<WijkRow> rows = {make_row("WK1", 2500, 0.05), make_row("WK2", 900, 0.05)};
  std::unique_ptr<World> one, three;
  engine::ThreadPool(1).execute([&] { one = make_world(p, rows, {true, false}); });
  engine::ThreadPool(3).execute([&] { three = make_world(p, rows, {true, false}); });
  EXPECT_TRUE(same_world(*one, *three));
}

TEST(BuildWorld, DifferentSeedOrReplicateGivesADifferentWorld) {
  const std::vector<WijkRow> rows = {make_row("WK1", 1500, 0.05)};
  Parameters p = test_params(11);
  auto a = make_world(p, rows, {false});
  p.run.seed = 12;
  auto b = make_world(p, rows, {false});
  EXPECT_FALSE(same_world(*a, *b));
  EXPECT_NE(a->residents.tolerance_base, b->residents.tolerance_base);
  EXPECT_NE(a->ties.partner, b->ties.partner);
  p.run.seed = 11;
  p.run.replicate = 1;
  auto c = make_world(p, rows, {false});
  EXPECT_FALSE(same_world(*a, *c));
}

TEST(ResolveActiveWijken, NamesCodesAllAndNone) {
  const std::vector<WijkRow> rows = {make_row("WK1", 100), make_row("WK2", 100), make_row("WK3", 100)};
  EXPECT_EQ(resolve_active_wijken("all", rows), std::vector<bool>({true, true, true}));
  EXPECT_EQ(resolve_active_wijken("none", rows), std::vector<bool>({false, false, false}));
  EXPECT_EQ(resolve_active_wijken(" wk2 , Wijk WK3", rows), std::vector<bool>({false, true, true}));
  EXPECT_THROW(resolve_active_wijken("WK1, Nowhere", rows), engine::InputError);
}

}  // namespace
}  // namespace kw::model
