// Process 8: crisis and care.
#include "model/fixtures.h"

#include <gtest/gtest.h>

namespace kw::model {
namespace {

using namespace testing;

Parameters crisis_params(double hazard) {
  Parameters p = test_params();
  p.crisis.hazard = hazard;
  p.crisis.care_wait = 10;
  p.crisis.care_wait_short = 3;
  return p;
}

// `adults` adults, share `vulnerable` vulnerable, wellbeing 0.5, no crisis or care, week 10.
std::unique_ptr<World> crisis_world(const Parameters& p, double adults = 1000, double vulnerable = 0.2) {
  auto w = make_world(p, adults, vulnerable, true);
  w->week = 10;
  Vulnerable& V = w->vulnerable;
  for (std::uint32_t v = 0; v < V.size; ++v) {
    V.wellbeing[v] = 0.5f;
    V.crisis_until[v] = 0;
    V.care[v] = Care::None;
  }
  return w;
}

TEST(CrisisAndCare, ZeroHazardNoCrises) {
  const Parameters p = crisis_params(0.0);
  auto w = crisis_world(p);
  for (std::uint32_t v = 0; v < w->vulnerable.size; ++v) w->vulnerable.wellbeing[v] = 0.f;  // even at the worst
  for (int week = 0; week < 20; ++week) {
    start_week(*w);
    crisis_and_care(*w);
    ASSERT_EQ(w->counters.crises[0], 0.0);
    ASSERT_EQ(w->counters.care_referrals[0], 0.0);
    ++w->week;
  }
  for (std::uint32_t v = 0; v < w->vulnerable.size; ++v) {
    EXPECT_EQ(w->vulnerable.crisis_until[v], 0);
    EXPECT_EQ(w->vulnerable.care[v], Care::None);
    EXPECT_EQ(w->residents.in_crisis[w->vulnerable.resident[v]], 0);
  }
}

TEST(CrisisAndCare, CertainCrisisTriggersAReferral) {
  const Parameters p = crisis_params(1.0);
  auto w = crisis_world(p);
  Vulnerable& V = w->vulnerable;
  enter_trajectory(*w, 0, Trajectory::NicheFinding, 0);  // a client: short lines
  V.trajectory[1] = Trajectory::Waiting;                  // not yet a client
  start_week(*w);
  crisis_and_care(*w);
  const auto& cp = p.crisis;
  EXPECT_EQ(w->counters.crises[0], V.size);
  EXPECT_EQ(w->counters.care_referrals[0], V.size);
  for (std::uint32_t v = 0; v < V.size; ++v) {
    EXPECT_GT(V.crisis_until[v], 10);
    EXPECT_EQ(w->residents.in_crisis[V.resident[v]], 1);
    EXPECT_NEAR(V.wellbeing[v], 0.5 - cp.wellbeing_drop, 1e-6);
    EXPECT_EQ(V.care[v], Care::Waiting);
    EXPECT_EQ(V.referral_week[v], 10);
    EXPECT_EQ(V.care_until[v], 10 + (v == 0 ? cp.care_wait_short : cp.care_wait)) << v;
  }
  EXPECT_EQ(w->trajectories[V.event_row[0]].crises, 1);
}

TEST(CrisisAndCare, WithoutShortLinesClientsWaitAsLongAsOthers) {
  Parameters p = crisis_params(1.0);
  p.crisis.short_lines = false;
  auto w = crisis_world(p);
  enter_trajectory(*w, 0, Trajectory::Exploring, 0);
  start_week(*w);
  crisis_and_care(*w);
  EXPECT_EQ(w->vulnerable.care_until[0], 10 + p.crisis.care_wait);
}

TEST(CrisisAndCare, NoNewReferralWhileWaitingOrInCare) {
  const Parameters p = crisis_params(1.0);
  auto w = crisis_world(p);
  Vulnerable& V = w->vulnerable;
  V.care[0] = Care::Waiting;
  V.care_until[0] = 15;
  V.referral_week[0] = 8;
  V.care[1] = Care::InCare;
  V.care_until[1] = 15;
  start_week(*w);
  crisis_and_care(*w);
  EXPECT_GT(V.crisis_until[0], 0);
  EXPECT_EQ(V.care_until[0], 15);
  EXPECT_EQ(V.referral_week[0], 8);
  EXPECT_EQ(V.care[1], Care::InCare);
  EXPECT_EQ(w->counters.crises[0], V.size);
  EXPECT_EQ(w->counters.care_referrals[0], V.size - 2);
}

TEST(CrisisAndCare, CareStartsAfterTheWaitAndEndsTheCrisis) {
  const Parameters p = crisis_params(0.0);
  auto w = crisis_world(p);
  Vulnerable& V = w->vulnerable;
  V.crisis_until[0] = 30;
  V.care[0] = Care::Waiting;
  V.care_until[0] = 10;
  V.referral_week[0] = 3;
  V.crisis_until[1] = 30;
  V.care[1] = Care::Waiting;
  V.care_until[1] = 12;  // not yet
  start_week(*w);
  crisis_and_care(*w);
  EXPECT_EQ(V.care[0], Care::InCare);
  EXPECT_EQ(V.care_until[0], 10 + p.crisis.care_weeks);
  EXPECT_EQ(V.crisis_until[0], 11) << "care ends the crisis next week";
  EXPECT_EQ(w->counters.care_started[0], 1.0);
  EXPECT_EQ(w->counters.care_wait_weeks[0], 7.0);
  EXPECT_EQ(V.care[1], Care::Waiting);
  EXPECT_EQ(V.crisis_until[1], 30);
  ++w->week;
  start_week(*w);
  crisis_and_care(*w);
  EXPECT_EQ(V.crisis_until[0], 0);
  EXPECT_EQ(w->residents.in_crisis[V.resident[0]], 0);
}

TEST(CrisisAndCare, CareRestoresWellbeingUntilItEnds) {
  const Parameters p = crisis_params(0.0);
  auto w = crisis_world(p);
  Vulnerable& V = w->vulnerable;
  V.care[0] = Care::InCare;
  V.care_until[0] = 12;
  V.wellbeing[0] = 0.2f;
  double h = 0.2;
  for (; w->week <= 12; ++w->week) {
    start_week(*w);
    crisis_and_care(*w);
    h += p.crisis.care_restore * (1.0 - h);
    EXPECT_NEAR(V.wellbeing[0], h, 1e-6);
  }
  EXPECT_EQ(V.care[0], Care::None);
  start_week(*w);
  crisis_and_care(*w);
  EXPECT_NEAR(V.wellbeing[0], h, 1e-6) << "no care, no restoration";
}

TEST(CrisisAndCare, ACrisisEndsAtItsWeek) {
  const Parameters p = crisis_params(0.0);
  auto w = crisis_world(p);
  Vulnerable& V = w->vulnerable;
  V.crisis_until[0] = 10;
  V.crisis_until[1] = 11;
  w->residents.in_crisis[V.resident[0]] = 1;
  start_week(*w);
  crisis_and_care(*w);
  EXPECT_EQ(V.crisis_until[0], 0);
  EXPECT_EQ(w->residents.in_crisis[V.resident[0]], 0);
  EXPECT_EQ(V.crisis_until[1], 11);
  EXPECT_EQ(w->residents.in_crisis[V.resident[1]], 1);
}

TEST(CrisisAndCare, HazardFallsWithWellbeing) {
  // hazard h (1 + e (0.5 - wellbeing)): zero at wellbeing 1 with e = 2, 2h at wellbeing 0
  Parameters p = crisis_params(0.1);
  p.crisis.wellbeing_effect = 2.0;
  auto w = crisis_world(p, 6000, 0.5);
  Vulnerable& V = w->vulnerable;
  for (std::uint32_t v = 0; v < V.size; ++v) V.wellbeing[v] = v % 2 ? 1.f : 0.f;
  start_week(*w);
  crisis_and_care(*w);
  double low = 0, high = 0;
  for (std::uint32_t v = 0; v < V.size; ++v) (v % 2 ? high : low) += V.crisis_until[v] != 0;
  EXPECT_EQ(high, 0.0);
  const double n = (V.size + 1) / 2;
  EXPECT_NEAR(low, 0.2 * n, k_sigma(n, 0.2));
}

TEST(CrisisAndCare, CrisisLengthNearItsMean) {
  Parameters p = crisis_params(1.0);
  p.crisis.duration = 6;
  auto w = crisis_world(p, 6000, 0.5);
  start_week(*w);
  crisis_and_care(*w);
  const Vulnerable& V = w->vulnerable;
  double sum = 0;
  for (std::uint32_t v = 0; v < V.size; ++v) {
    ASSERT_GE(V.crisis_until[v], 11);
    sum += V.crisis_until[v] - 10.0;
  }
  // geometric with mean 6 and variance 30
  EXPECT_NEAR(sum / V.size, 6.0, 5.0 * std::sqrt(30.0 / V.size));
}

}  // namespace
}  // namespace kw::model
