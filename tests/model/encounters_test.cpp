// Process 1: encounters and ties.
#include "model/fixtures.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <utility>

namespace kw::model {
namespace {

using namespace testing;

constexpr std::uint32_t kMissing = 0xFFFFFFFFu;

// No chance meetings, friends of friends or niche meetings.
Parameters no_meetings(double vulnerable_alone = 1.0) {
  Parameters p = test_params();
  p.population.vulnerable_alone_factor = vulnerable_alone;
  p.network.propinquity_rate = 0;
  p.network.triadic_rate = 0;
  p.network.niche_meeting_rate = 0;
  return p;
}

// Only the meetings of `rate` (set to 1), each of which forms a tie whatever
// the ages; age_homophily is set afterwards where a test needs it.
Parameters always_forming(double NetworkParameters::*rate) {
  Parameters p = no_meetings();
  p.network.*rate = 1.0;
  p.network.form_probability = 1.0;
  p.network.age_homophily = 0.0;
  return p;
}

// One week of the process, as the schedule runs it.
void encounter_week(World& w) {
  start_week(w);
  encounters_and_ties(w);
}

std::set<std::pair<std::uint32_t, std::uint32_t>> tie_set(const World& w) {
  std::set<std::pair<std::uint32_t, std::uint32_t>> out;
  for (std::uint32_t i = 0; i < w.residents.size; ++i)
    for (std::uint32_t s = w.ties.first(i); s < w.ties.last(i); ++s) out.insert({i, w.ties.partner[s]});
  return out;
}

TEST(Encounters, ADueTieWithoutWithdrawalHasContactAndGainsWeight) {
  Parameters p = no_meetings();
  auto w = make_world(p, 400, 0.0);
  clear_ties(*w);
  w->week = 5;
  const std::uint32_t a = 10, b = 20, c = 30;
  add_tie(*w, a, b, TieKind::Friend, 0.4f, 5, 2);  // due this week, last touched 3 weeks ago
  add_tie(*w, a, c, TieKind::Neighbour, 0.3f, 9, 2);  // due in week 9
  w->residents.contact_extra[a] = 0.25f;
  w->residents.contact_extra[c] = 0.5f;
  encounter_week(*w);

  const Ties& T = w->ties;
  const double before = w->decay.weight_now(0.4f, TieKind::Friend, 3);
  const double expected = before + p.network.contact_gain * (1.0 - before);
  const std::uint32_t sa = T.find(a, b), sb = T.find(b, a);
  ASSERT_NE(sa, kMissing);
  ASSERT_NE(sb, kMissing);
  EXPECT_NEAR(T.weight[sa], expected, 1e-6);
  EXPECT_EQ(T.weight[sa], T.weight[sb]) << "both ends hold the same weight";
  EXPECT_EQ(T.touched[sa], 5);
  EXPECT_EQ(T.touched[sb], 5);
  EXPECT_EQ(T.kind_bits[sa], T.kind_bits[sb]) << "both ends hold the same contact bits";
  EXPECT_EQ(T.kind(sa), TieKind::Friend);
  EXPECT_GT(T.next_event[sa], 5) << "the next contact is planned after this week";
  EXPECT_EQ(T.next_event[sa], T.next_event[sb]);
  // contact this week: the tie's new weight plus last week's extra contact
  EXPECT_NEAR(w->residents.contact[a], expected + 0.25, 1e-6);
  EXPECT_NEAR(w->residents.contact[b], expected, 1e-6);
  EXPECT_EQ(w->residents.contacts[a], 1);
  EXPECT_EQ(w->residents.contacts[b], 1);
  EXPECT_FLOAT_EQ(w->residents.contact_extra[a], 0.f);
  // the tie not due is left alone
  const std::uint32_t sc = T.find(a, c);
  ASSERT_NE(sc, kMissing);
  EXPECT_FLOAT_EQ(T.weight[sc], 0.3f);
  EXPECT_EQ(T.touched[sc], 2);
  EXPECT_EQ(T.next_event[sc], 9);
  EXPECT_EQ(w->residents.contacts[c], 0);
  EXPECT_FLOAT_EQ(w->residents.contact[c], 0.5f);
  EXPECT_TRUE(ties_consistent(*w));
}

TEST(Encounters, AFullyWithdrawnResidentHasNoContact) {
  Parameters p = no_meetings();
  auto w = make_world(p, 400, 1.0);  // everyone vulnerable
  clear_ties(*w);
  w->week = 4;
  const std::uint32_t a = 3, b = 40, c = 41, d = 42;
  std::fill(w->residents.withdrawal.begin(), w->residents.withdrawal.end(), 0.f);
  w->residents.withdrawal[a] = 1.f;
  add_tie(*w, a, b, TieKind::Friend, 0.5f, 4, 4);
  add_tie(*w, c, d, TieKind::Friend, 0.5f, 4, 4);
  encounter_week(*w);
  const Ties& T = w->ties;
  for (auto [x, y] : {std::pair{a, b}, std::pair{b, a}}) {
    const std::uint32_t s = T.find(x, y);
    ASSERT_NE(s, kMissing);
    EXPECT_FLOAT_EQ(T.weight[s], 0.5f) << "no contact, no gain";
    EXPECT_EQ(T.touched[s], 4);
    EXPECT_GT(T.next_event[s], 4) << "a new attempt is planned";
  }
  EXPECT_EQ(w->residents.contacts[a], 0);
  EXPECT_EQ(w->residents.contacts[b], 0) << "the partner of a withdrawn resident has no contact either";
  // without withdrawal the same tie has contact for sure
  EXPECT_EQ(w->residents.contacts[c], 1);
  EXPECT_EQ(w->residents.contacts[d], 1);
  EXPECT_GT(T.weight[T.find(c, d)], 0.5f);
  EXPECT_TRUE(ties_consistent(*w));
}

TEST(Encounters, ATieDecayedBelowTheThresholdIsRemovedAtBothEnds) {
  Parameters p = no_meetings();
  auto w = make_world(p, 400, 0.0);
  clear_ties(*w);
  w->week = 30;
  const std::uint32_t a = 5, b = 6, c = 7, d = 8;
  const auto thr = static_cast<float>(p.network.tie_threshold);
  // weight 1.2 thr, 10 weeks without contact: 1.2 exp(-10/26) = 0.82 thr
  add_tie(*w, a, b, TieKind::Friend, 1.2f * thr, 30, 20);
  add_tie(*w, a, c, TieKind::Friend, 0.9f, 30, 28);  // due, strong
  add_tie(*w, a, d, TieKind::Friend, 0.9f, 40, 28);  // not due
  ASSERT_LT(w->decay.weight_now(1.2f * thr, TieKind::Friend, 10), thr);
  encounter_week(*w);
  const Ties& T = w->ties;
  EXPECT_EQ(T.find(a, b), kMissing);
  EXPECT_EQ(T.find(b, a), kMissing);
  EXPECT_EQ(T.degree(b), 0u);
  EXPECT_EQ(T.degree(a), 2u);
  EXPECT_NE(T.find(a, c), kMissing);
  EXPECT_NE(T.find(a, d), kMissing);
  EXPECT_EQ(T.touched[T.find(a, c)], 30) << "the tie moved into the freed slot is still handled";
  EXPECT_EQ(w->residents.contacts[a], 1);
  EXPECT_TRUE(ties_consistent(*w));
}

TEST(Encounters, KinDecaySlowerThanFriends) {
  // the same weight and weeks without contact: the friend tie vanishes, kin stay
  Parameters p = no_meetings();
  auto w = make_world(p, 400, 0.0);
  clear_ties(*w);
  w->week = 40;
  const auto thr = static_cast<float>(p.network.tie_threshold);
  add_tie(*w, 1, 2, TieKind::Friend, 2.f * thr, 40, 0);
  add_tie(*w, 3, 4, TieKind::Kin, 2.f * thr, 40, 0);
  encounter_week(*w);
  EXPECT_EQ(w->ties.find(1, 2), kMissing);
  EXPECT_NE(w->ties.find(3, 4), kMissing);
}

TEST(Encounters, GeneratedWorldStaysConsistentWeekAfterWeek) {
  Parameters p = test_params();
  auto w = make_world(p, 1500, 0.05);
  for (int week = 0; week < 10; ++week) {
    encounter_week(*w);
    ASSERT_TRUE(ties_consistent(*w)) << "week " << w->week;
    for (std::uint32_t i = 0; i < w->residents.size; ++i)
      for (std::uint32_t s = w->ties.first(i); s < w->ties.last(i); ++s) {
        ASSERT_GT(w->ties.next_event[s], w->week) << "a tie whose event has passed is never handled again";
        ASSERT_GE(w->decay.weight_now(w->ties, s, w->week), p.network.tie_threshold * 0.999)
            << "a tie below the threshold survived its vanishing week";
      }
    ++w->week;
  }
}

TEST(Encounters, NoMeetingsMeansNoNewTies) {
  Parameters p = no_meetings();
  p.network.form_probability = 1.0;
  p.network.age_homophily = 0.0;
  auto w = make_world(p, 1000, 0.0);
  const auto before = tie_set(*w);
  for (int week = 0; week < 4; ++week) {
    encounter_week(*w);
    EXPECT_EQ(w->counters.ties_formed[0], 0.0);
    ++w->week;
  }
  const auto after = tie_set(*w);
  for (const auto& t : after) EXPECT_TRUE(before.count(t)) << "new tie " << t.first << "-" << t.second;
}

TEST(Encounters, ZeroFormationProbabilityMeansNoNewTies) {
  Parameters p = test_params();
  p.network.propinquity_rate = 1.0;
  p.network.triadic_rate = 1.0;
  p.network.niche_meeting_rate = 1.0;
  p.network.form_probability = 0.0;
  auto w = make_world(p, 1000, 0.0);
  const auto before = tie_set(*w);
  encounter_week(*w);
  EXPECT_EQ(w->counters.ties_formed[0], 0.0);
  for (const auto& t : tie_set(*w)) EXPECT_TRUE(before.count(t)) << "new tie " << t.first << "-" << t.second;
}

TEST(Encounters, CertainFormationTurnsBuurtMeetingsIntoTies) {
  Parameters p = always_forming(&NetworkParameters::propinquity_rate);
  auto w = make_world(p, {make_row("WK1", 800, 0.0), make_row("WK2", 800, 0.0)}, {false, false});
  clear_ties(*w);
  w->week = 3;
  encounter_week(*w);
  const std::uint32_t n = w->residents.size;
  const double formed = w->counters.ties_formed[0] + w->counters.ties_formed[1];
  // each resident proposes one meeting (none when it draws itself, 1 in buurt_size)
  EXPECT_GE(formed, 0.95 * n);
  EXPECT_LE(formed, n);
  EXPECT_EQ(formed, static_cast<double>(total_ties(*w)));
  const Ties& T = w->ties;
  for (std::uint32_t i = 0; i < n; ++i)
    for (std::uint32_t s = T.first(i); s < T.last(i); ++s) {
      const std::uint32_t j = T.partner[s];
      EXPECT_EQ(T.kind(s), TieKind::Neighbour);
      EXPECT_FLOAT_EQ(T.weight[s], static_cast<float>(p.network.new_tie_weight));
      EXPECT_EQ(T.touched[s], 3);
      EXPECT_EQ(w->residents.wijk[i], w->residents.wijk[j]) << "the buurt lies within the wijk";
      EXPECT_LE(j > i ? j - i : i - j, static_cast<std::uint32_t>(p.network.buurt_size)) << i << "-" << j;
    }
  EXPECT_TRUE(ties_consistent(*w));
}

TEST(Encounters, FriendsOfFriendsAreIntroduced) {
  Parameters p = always_forming(&NetworkParameters::triadic_rate);
  auto w = make_world(p, 1000, 0.0);
  const auto before = tie_set(*w);
  encounter_week(*w);
  EXPECT_GT(w->counters.ties_formed[0], 0.0);
  int introduced = 0;
  const Ties& T = w->ties;
  for (std::uint32_t i = 0; i < w->residents.size; ++i)
    for (std::uint32_t s = T.first(i); s < T.last(i); ++s) {
      const std::uint32_t k = T.partner[s];
      if (before.count({i, k})) continue;
      ++introduced;
      EXPECT_EQ(T.kind(s), TieKind::Introduced);
      bool common = false;
      for (auto it = before.lower_bound({i, 0}); it != before.end() && it->first == i; ++it)
        if (before.count({it->second, k})) common = true;
      EXPECT_TRUE(common) << i << " and " << k << " had no friend in common";
    }
  EXPECT_EQ(introduced, 2 * w->counters.ties_formed[0]);
}

TEST(Encounters, NicheMeetingsConnectFellowMembers) {
  Parameters p = always_forming(&NetworkParameters::niche_meeting_rate);
  auto w = make_world(p, 1000, 0.0);
  clear_ties(*w);
  encounter_week(*w);
  EXPECT_GT(w->counters.ties_formed[0], 0.0);
  const Ties& T = w->ties;
  for (std::uint32_t i = 0; i < w->residents.size; ++i)
    for (std::uint32_t s = T.first(i); s < T.last(i); ++s) {
      EXPECT_EQ(T.kind(s), TieKind::Niche);
      EXPECT_NE(w->residents.niche[i], kNone);
      EXPECT_EQ(w->residents.niche[i], w->residents.niche[T.partner[s]]);
    }
}

TEST(Encounters, IntolerancePreventsTiesWithVulnerableResidents) {
  Parameters p = always_forming(&NetworkParameters::propinquity_rate);
  auto w = make_world(p, 1500, 0.3);
  clear_ties(*w);
  set_all_tolerance(*w, 0.f);
  std::fill(w->vulnerable.expected_rejection.begin(), w->vulnerable.expected_rejection.end(), 0.f);
  std::fill(w->residents.withdrawal.begin(), w->residents.withdrawal.end(), 0.f);
  encounter_week(*w);
  EXPECT_GT(w->counters.ties_formed[0], 0.0) << "ties between other residents still form";
  for (std::uint32_t v = 0; v < w->vulnerable.size; ++v)
    EXPECT_EQ(w->ties.degree(w->vulnerable.resident[v]), 0u);
}

TEST(Encounters, ExpectedRejectionPreventsTiesWithVulnerableResidents) {
  Parameters p = always_forming(&NetworkParameters::propinquity_rate);
  auto w = make_world(p, 1500, 0.3);
  clear_ties(*w);
  set_all_tolerance(*w, 1.f);
  std::fill(w->vulnerable.expected_rejection.begin(), w->vulnerable.expected_rejection.end(), 1.f);
  std::fill(w->residents.withdrawal.begin(), w->residents.withdrawal.end(), 0.f);
  encounter_week(*w);
  EXPECT_GT(w->counters.ties_formed[0], 0.0);
  for (std::uint32_t v = 0; v < w->vulnerable.size; ++v)
    EXPECT_EQ(w->ties.degree(w->vulnerable.resident[v]), 0u);
  // with full tolerance and no expected rejection they do form
  set_all_tolerance(*w, 1.f);
  std::fill(w->vulnerable.expected_rejection.begin(), w->vulnerable.expected_rejection.end(), 0.f);
  ++w->week;
  encounter_week(*w);
  std::uint32_t with_ties = 0;
  for (std::uint32_t v = 0; v < w->vulnerable.size; ++v) with_ties += w->ties.degree(w->vulnerable.resident[v]) > 0;
  EXPECT_GT(with_ties, w->vulnerable.size / 2);
}

TEST(Encounters, StrongAgeHomophilyKeepsNewTiesWithinAnAgeBand) {
  Parameters p = always_forming(&NetworkParameters::propinquity_rate);
  p.network.age_homophily = 60.0;
  auto w = make_world(p, 1500, 0.0);
  clear_ties(*w);
  encounter_week(*w);
  EXPECT_GT(w->counters.ties_formed[0], 0.0);
  for (std::uint32_t i = 0; i < w->residents.size; ++i)
    for (std::uint32_t s = w->ties.first(i); s < w->ties.last(i); ++s)
      EXPECT_EQ(w->residents.age[i], w->residents.age[w->ties.partner[s]]);
}

TEST(Encounters, MeetingsApplyInPairOrderAndTheFirstProposedOfAPairIsKept) {
  // Meetings proposed out of order, some pairs more than once with different
  // kinds: every pair gets one tie, of the kind of its first meeting, and ties
  // are formed in (a, b) order (seen in the slot order at each end).
  Parameters p = no_meetings();
  p.network.form_probability = 1.0;
  p.network.age_homophily = 0.0;
  auto w = make_world(p, 3000, 0.0);
  clear_ties(*w);
  w->week = 4;
  std::map<std::pair<std::uint32_t, std::uint32_t>, TieKind> first;
  std::uint64_t x = 12345;
  auto next = [&] { return static_cast<std::uint32_t>((x = x * 6364136223846793005ull + 1442695040888963407ull) >> 33); };
  const TieKind kinds[] = {TieKind::Neighbour, TieKind::Introduced, TieKind::Niche};
  for (int m = 0; m < 5000; ++m) {
    // pairs of near neighbours, so that many pairs meet twice or more and
    // no one runs out of tie slots; ids up to 2999 take two digits of the
    // sort per end
    const std::uint32_t a = next() % (w->residents.size - 3), b = a + 1 + next() % 3;
    const TieKind kind = kinds[next() % 3];
    first.emplace(std::pair{a, b}, kind);
    w->meetings.push_back({a, b, kind});
  }
  apply_meetings(*w, Stream::TieFormation, 1.0);
  const Ties& T = w->ties;
  std::size_t formed = 0;
  for (const auto& [pair, kind] : first) {
    const std::uint32_t s = T.find(pair.first, pair.second);
    ASSERT_NE(s, kMissing) << pair.first << "-" << pair.second;
    ++formed;
    EXPECT_EQ(T.kind(s), kind) << pair.first << "-" << pair.second << ": the first proposed meeting's kind";
  }
  EXPECT_LT(first.size(), 4500u) << "the test needs pairs that meet more than once";
  EXPECT_EQ(static_cast<double>(formed), w->counters.ties_formed[0]);
  for (std::uint32_t i = 0; i < w->residents.size; ++i)
    for (std::uint32_t s = T.first(i); s + 1 < T.last(i); ++s)
      EXPECT_LT(T.partner[s], T.partner[s + 1]) << "resident " << i << ": ties formed in pair order";
  EXPECT_TRUE(ties_consistent(*w));
}

TEST(Encounters, AMeetingOnAnExistingTieIsAContact) {
  // the pair meets in the buurt while already tied: the tie gains weight
  Parameters p = no_meetings();
  p.network.propinquity_rate = 1.0;
  p.network.form_probability = 0.0;
  p.network.buurt_size = 2;  // the buurt is the resident and the two next to it
  auto w = make_world(p, 400, 0.0);
  clear_ties(*w);
  // pairs (0,1), (2,3), ...; look for the ties that got a meeting
  for (std::uint32_t i = 0; i + 1 < w->residents.size; i += 2) add_tie(*w, i, i + 1, TieKind::Friend, 0.4f, 50, 1);
  w->week = 2;
  encounter_week(*w);
  // no tie was due, so any change of weight comes from a meeting: w + gain (1 - w)
  const double decayed = w->decay.weight_now(0.4f, TieKind::Friend, 1);
  const double met = decayed + p.network.contact_gain * (1.0 - decayed);
  const Ties& T = w->ties;
  int meetings = 0;
  for (std::uint32_t i = 0; i + 1 < w->residents.size; i += 2) {
    const std::uint32_t s = T.find(i, i + 1);
    ASSERT_NE(s, kMissing);
    if (T.touched[s] == 2) {
      ++meetings;
      EXPECT_NEAR(T.weight[s], met, 1e-6);
    } else {
      EXPECT_FLOAT_EQ(T.weight[s], 0.4f);
    }
  }
  // each resident meets one of the two next to it or nobody (itself): about
  // 1 in 3 meets its partner, so nearly half the pairs meet
  EXPECT_GT(meetings, 50);
  EXPECT_EQ(total_ties(*w), w->residents.size / 2) << "form_probability 0: no new ties";
  EXPECT_TRUE(ties_consistent(*w));
}

}  // namespace
}  // namespace kw::model
