// Process 4: attitudes. Tolerance A = base + contact part; contact with
// vulnerable residents moves the contact part, which fades; bounded-confidence
// influence along contacted ties moves the base.
#include "model/fixtures.h"

#include <gtest/gtest.h>

namespace kw::model {
namespace {

using namespace testing;

Parameters influence_params(double epsilon, double mu) {
  Parameters p = test_params();
  p.attitude.influence = 1.0;
  p.attitude.epsilon = epsilon;
  p.attitude.mu = mu;
  p.attitude.fade = 0.0;
  return p;
}

// A tie a-b with contact this week whose 16 random bits are `draw`, its part
// in attitudes collected at both ends as the encounters process does.
void contacted_tie(World& w, std::uint32_t a, std::uint32_t b, std::uint16_t draw = 0x80FF) {
  add_tie(w, a, b, TieKind::Friend, 0.5f, static_cast<std::uint16_t>(w.week + 5), static_cast<std::uint16_t>(w.week));
  const ContactBits contact_bits(w.params.attitude.influence, w.params.attitude.negative_in_crisis);
  const std::uint8_t bits = contact_bits(draw);
  w.ties.set_contact_bits(w.ties.find(a, b), bits);
  w.ties.set_contact_bits(w.ties.find(b, a), bits);
  AttitudeContact(w.params.attitude).both_ends(w.residents, a, b, bits);
}

TEST(Attitudes, NoContactNoChange) {
  Parameters p = test_params();
  auto w = make_world(p, 1000, 0.05);
  w->week = 3;  // initial ties were touched in week 0
  Residents& R = w->residents;
  std::fill(R.tolerance_contact.begin(), R.tolerance_contact.end(), 0.f);
  std::fill(R.tolerance_delta.begin(), R.tolerance_delta.end(), 0.f);
  std::vector<float> before(R.size);
  for (std::uint32_t i = 0; i < R.size; ++i) before[i] = R.tolerance(i);
  start_week(*w);
  attitudes(*w);
  for (std::uint32_t i = 0; i < R.size; ++i) ASSERT_EQ(R.tolerance(i), before[i]) << i;
}

TEST(Attitudes, ContactPartFades) {
  Parameters p = test_params();
  p.attitude.fade = 0.1;
  auto w = make_world(p, 300, 0.0);
  clear_ties(*w);
  Residents& R = w->residents;
  for (std::uint32_t i = 0; i < R.size; ++i) {
    R.tolerance_base[i] = 0.4f;
    R.tolerance_contact[i] = (i % 2 ? 0.2f : -0.2f);
  }
  start_week(*w);
  attitudes(*w);
  for (std::uint32_t i = 0; i < R.size; ++i) {
    EXPECT_FLOAT_EQ(R.tolerance_base[i], 0.4f);
    EXPECT_NEAR(R.tolerance_contact[i], (i % 2 ? 0.2 : -0.2) * 0.9, 1e-7);
  }
}

TEST(Attitudes, CollectedContactEffectsAreAppliedOnce) {
  Parameters p = test_params();
  p.attitude.fade = 0.05;
  auto w = make_world(p, 300, 0.0);
  clear_ties(*w);
  Residents& R = w->residents;
  R.tolerance_contact[7] = 0.1f;
  R.tolerance_delta[7] = 0.03f;
  R.tolerance_delta[8] = -0.02f;
  R.tolerance_contact[8] = 0.f;
  start_week(*w);
  attitudes(*w);
  EXPECT_NEAR(R.tolerance_contact[7], 0.1 * 0.95 + 0.03, 1e-7);
  EXPECT_NEAR(R.tolerance_contact[8], -0.02, 1e-7);
  for (std::uint32_t i = 0; i < R.size; ++i) ASSERT_EQ(R.tolerance_delta[i], 0.f) << "the buffer is emptied";
}

TEST(Attitudes, InfluenceMovesBothEndsTowardEachOther) {
  const Parameters p = influence_params(1.0, 0.1);
  auto w = make_world(p, 300, 0.0);
  clear_ties(*w);
  w->week = 4;
  set_all_tolerance(*w, 0.5f);
  set_tolerance(*w, 10, 0.2f);
  set_tolerance(*w, 11, 0.6f);
  contacted_tie(*w, 10, 11);
  start_week(*w);
  attitudes(*w);
  EXPECT_NEAR(w->residents.tolerance(10), 0.2 + 0.1 * 0.4, 1e-6);
  EXPECT_NEAR(w->residents.tolerance(11), 0.6 - 0.1 * 0.4, 1e-6);
  EXPECT_FLOAT_EQ(w->residents.tolerance(12), 0.5f) << "no tie, no change";
}

TEST(Attitudes, InfluenceUsesTheStartOfTheWeek) {
  // chain a - b - c: b moves toward both by the old values, whatever the order
  const Parameters p = influence_params(1.0, 0.1);
  auto w = make_world(p, 300, 0.0);
  clear_ties(*w);
  w->week = 2;
  set_tolerance(*w, 20, 0.1f);
  set_tolerance(*w, 21, 0.5f);
  set_tolerance(*w, 22, 0.8f);
  contacted_tie(*w, 20, 21);
  contacted_tie(*w, 21, 22);
  start_week(*w);
  attitudes(*w);
  EXPECT_NEAR(w->residents.tolerance(20), 0.1 + 0.1 * 0.4, 1e-6);
  EXPECT_NEAR(w->residents.tolerance(21), 0.5 + 0.1 * (0.1 - 0.5) + 0.1 * (0.8 - 0.5), 1e-6);
  EXPECT_NEAR(w->residents.tolerance(22), 0.8 + 0.1 * (0.5 - 0.8), 1e-6);
}

TEST(Attitudes, NoInfluenceBeyondTheConfidenceBound) {
  for (double epsilon : {0.0, 0.3}) {
    const Parameters p = influence_params(epsilon, 0.1);
    auto w = make_world(p, 300, 0.0);
    clear_ties(*w);
    w->week = 4;
    set_tolerance(*w, 10, 0.2f);
    set_tolerance(*w, 11, 0.6f);  // 0.4 apart
    contacted_tie(*w, 10, 11);
    start_week(*w);
    attitudes(*w);
    EXPECT_FLOAT_EQ(w->residents.tolerance(10), 0.2f) << "epsilon " << epsilon;
    EXPECT_FLOAT_EQ(w->residents.tolerance(11), 0.6f) << "epsilon " << epsilon;
  }
  // within the bound they do move
  const Parameters p = influence_params(0.3, 0.1);
  auto w = make_world(p, 300, 0.0);
  clear_ties(*w);
  w->week = 4;
  set_tolerance(*w, 10, 0.4f);
  set_tolerance(*w, 11, 0.6f);
  contacted_tie(*w, 10, 11);
  start_week(*w);
  attitudes(*w);
  EXPECT_NEAR(w->residents.tolerance(10), 0.42, 1e-6);
}

TEST(Attitudes, NoInfluenceWithoutAnExchangeOfViews) {
  Parameters p = influence_params(1.0, 0.1);
  p.attitude.influence = 0.0;
  auto w = make_world(p, 300, 0.0);
  clear_ties(*w);
  w->week = 4;
  set_tolerance(*w, 10, 0.2f);
  set_tolerance(*w, 11, 0.6f);
  contacted_tie(*w, 10, 11, 0x0000);
  start_week(*w);
  attitudes(*w);
  EXPECT_FLOAT_EQ(w->residents.tolerance(10), 0.2f);
  EXPECT_FLOAT_EQ(w->residents.tolerance(11), 0.6f);
}

TEST(Attitudes, InfluenceOnlyOnATieWithContactThisWeek) {
  // Through the encounters process: a tie whose next contact is not this week
  // moves nobody; the same tie with its contact this week does.
  Parameters p = influence_params(1.0, 0.1);
  p.network.propinquity_rate = p.network.triadic_rate = p.network.niche_meeting_rate = 0.0;  // no meetings
  for (const std::uint16_t next : {9, 4}) {
    auto w = make_world(p, 300, 0.0);
    clear_ties(*w);
    w->week = 4;
    set_tolerance(*w, 10, 0.2f);
    set_tolerance(*w, 11, 0.6f);
    add_tie(*w, 10, 11, TieKind::Friend, 0.9f, next, 3);  // last contact a week ago, weekly contact
    start_week(*w);
    encounters_and_ties(*w);
    attitudes(*w);
    if (next == 9) {
      EXPECT_FLOAT_EQ(w->residents.tolerance(10), 0.2f);
      EXPECT_FLOAT_EQ(w->residents.tolerance(11), 0.6f);
    } else {
      EXPECT_NEAR(w->residents.tolerance(10), 0.2 + 0.1 * 0.4, 1e-6);
      EXPECT_NEAR(w->residents.tolerance(11), 0.6 - 0.1 * 0.4, 1e-6);
    }
  }
}

// A resident and a vulnerable resident (in crisis or not), both of tolerance
// 0.4, with a contact on their tie this week whose draw is `draw`; then one
// attitudes step, without influence or fading.
struct ContactWithVulnerable {
  std::unique_ptr<World> w;
  std::uint32_t other = 0, v = 0;
};
ContactWithVulnerable contact_with_vulnerable(Parameters p, bool in_crisis, std::uint16_t draw) {
  p.attitude.influence = 0.0;
  p.attitude.fade = 0.0;
  ContactWithVulnerable c{make_world(p, 600, 0.3)};
  World& w = *c.w;
  clear_ties(w);
  w.week = 5;
  c.v = w.vulnerable.resident[0];
  while (w.residents.vulnerable[c.other] != kNone) ++c.other;
  set_tolerance(w, c.other, 0.4f);
  set_tolerance(w, c.v, 0.4f);
  w.residents.in_crisis[c.v] = in_crisis;
  contacted_tie(w, c.other, c.v, draw);
  start_week(w);
  attitudes(w);
  return c;
}

TEST(Attitudes, EverydayContactWithAVulnerableResidentRaisesTolerance) {
  const Parameters p = test_params();
  const auto c = contact_with_vulnerable(p, false, 0x00FF);
  const auto& ap = p.attitude;
  EXPECT_NEAR(c.w->residents.tolerance(c.other), 0.4 + ap.contact_effect * ap.everyday_quality * 0.6, 1e-6);
  EXPECT_FLOAT_EQ(c.w->residents.tolerance(c.v), 0.4f) << "the vulnerable side's tolerance is not a contact effect";
}

TEST(Attitudes, BadContactWithSomeoneInCrisisLowersTolerance) {
  Parameters p = test_params();
  p.attitude.negative_in_crisis = 1.0;
  const auto c = contact_with_vulnerable(p, true, 0x00FF);
  const auto& ap = p.attitude;
  EXPECT_NEAR(c.w->residents.tolerance(c.other), 0.4 - ap.negative_ratio * ap.contact_effect * 0.4, 1e-6);
  // and never when the chance is 0
  p.attitude.negative_in_crisis = 0.0;
  const auto never = contact_with_vulnerable(p, true, 0x0000);
  EXPECT_GT(never.w->residents.tolerance(never.other), 0.4f);
}

TEST(Attitudes, ToleranceStaysWithinZeroAndOne) {
  Parameters p = test_params();
  p.attitude.influence = 1.0;
  p.attitude.epsilon = 1.0;
  p.attitude.mu = 0.5;
  auto w = make_world(p, 1000, 0.1);
  Residents& R = w->residents;
  for (std::uint32_t i = 0; i < R.size; ++i) R.tolerance_delta[i] = (i % 2 ? 2.f : -2.f);
  for (int week = 0; week < 3; ++week) {
    start_week(*w);
    encounters_and_ties(*w);
    attitudes(*w);
    for (std::uint32_t i = 0; i < R.size; ++i) {
      ASSERT_GE(R.tolerance(i), 0.f);
      ASSERT_LE(R.tolerance(i), 1.f);
      ASSERT_GE(R.tolerance_base[i], 0.f);
      ASSERT_LE(R.tolerance_base[i], 1.f);
    }
    ++w->week;
  }
}

}  // namespace
}  // namespace kw::model
