// Process 2: loneliness. L <- L + a_up d (1 - L) - a_down (1 - d) L with the
// deficit d = max(0, 1 - C/N); the set-point N adapts toward C; strongly
// lonely contacts pass on a little loneliness.
#include "model/fixtures.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace kw::model {
namespace {

using namespace testing;

// A world of 300 residents, no contagion, no set-point adaptation.
std::unique_ptr<World> quiet_world(Parameters p) {
  auto w = make_world(p, 300, 0.0);
  std::fill(w->residents.lonely_contacts.begin(), w->residents.lonely_contacts.end(), std::uint8_t{0});
  return w;
}

Parameters quiet_params() {
  Parameters p = test_params();
  p.loneliness.contagion = 0.0;
  p.loneliness.setpoint_adaptation = 0.0;
  p.loneliness.setpoint_return = 0.0;
  return p;
}

// Everyone at L = 0.3 with just the contact they want (so loneliness only
// recovers) and lonely_of(i) strongly lonely contacts; then one week.
template <class LonelyOf>
void satisfied_week(World& w, LonelyOf lonely_of) {
  Residents& R = w.residents;
  for (std::uint32_t i = 0; i < R.size; ++i) {
    R.loneliness[i] = 0.3f;
    R.desired_contact[i] = 1.f;
    R.contact[i] = 1.f;
    R.lonely_contacts[i] = static_cast<std::uint8_t>(lonely_of(i));
  }
  start_week(w);
  loneliness(w);
}

double expected_l(const LonelinessParameters& lp, double l, double c, double n) {
  const double d = std::max(0.0, 1.0 - c / n);
  return std::clamp(l + lp.rate_up * d * (1.0 - l) - lp.rate_down * (1.0 - d) * l, 0.0, 1.0);
}

TEST(Loneliness, OneStepFollowsTheFormula) {
  const Parameters p = quiet_params();
  auto w = quiet_world(p);
  Residents& R = w->residents;
  for (std::uint32_t i = 0; i < R.size; ++i) {
    R.loneliness[i] = static_cast<float>((i % 11) / 10.0);
    R.desired_contact[i] = static_cast<float>(0.5 + (i % 7) * 0.5);
    R.contact[i] = static_cast<float>((i % 13) * 0.4);
  }
  const auto l0 = R.loneliness, n0 = R.desired_contact, c0 = R.contact;
  start_week(*w);
  loneliness(*w);
  for (std::uint32_t i = 0; i < R.size; ++i) {
    EXPECT_NEAR(R.loneliness[i], expected_l(p.loneliness, l0[i], c0[i], n0[i]), 1e-6) << i;
    EXPECT_EQ(R.strongly_lonely[i], R.loneliness[i] >= p.loneliness.strong_threshold);
    EXPECT_FLOAT_EQ(R.desired_contact[i], n0[i]) << "no adaptation: N stays";
  }
}

TEST(Loneliness, NoDeficitLowersLoneliness) {
  const Parameters p = quiet_params();
  auto w = quiet_world(p);
  Residents& R = w->residents;
  for (std::uint32_t i = 0; i < R.size; ++i) {
    R.loneliness[i] = 0.8f;
    R.desired_contact[i] = 2.f;
    R.contact[i] = 2.f + (i % 3);  // C >= N
  }
  start_week(*w);
  loneliness(*w);
  for (std::uint32_t i = 0; i < R.size; ++i) {
    EXPECT_LT(R.loneliness[i], 0.8f);
    EXPECT_NEAR(R.loneliness[i], 0.8 * (1.0 - p.loneliness.rate_down), 1e-6) << "d = 0: L (1 - a_down)";
  }
}

TEST(Loneliness, WithoutContactLonelinessRisesTowardOne) {
  const Parameters p = quiet_params();
  auto w = quiet_world(p);
  Residents& R = w->residents;
  std::fill(R.loneliness.begin(), R.loneliness.end(), 0.1f);
  std::fill(R.desired_contact.begin(), R.desired_contact.end(), 1.5f);
  double expected = 0.1;
  for (int week = 0; week < 100; ++week) {
    std::fill(R.contact.begin(), R.contact.end(), 0.f);
    const float before = R.loneliness[0];
    start_week(*w);
    loneliness(*w);
    expected += p.loneliness.rate_up * (1.0 - expected);  // d = 1
    ASSERT_GT(R.loneliness[0], before) << "week " << week;
    ASSERT_NEAR(R.loneliness[0], expected, 1e-5) << "week " << week;
    ++w->week;
  }
  EXPECT_GT(R.loneliness[0], 0.99f);
  EXPECT_LE(R.loneliness[0], 1.f);
  EXPECT_EQ(R.strongly_lonely[0], 1);
}

TEST(Loneliness, StaysWithinZeroAndOneUnderExtremeRates) {
  Parameters p = quiet_params();
  p.loneliness.rate_up = 1.0;
  p.loneliness.rate_down = 1.0;
  auto w = quiet_world(p);
  Residents& R = w->residents;
  for (std::uint32_t i = 0; i < R.size; ++i) {
    R.loneliness[i] = static_cast<float>((i % 11) / 10.0);
    R.desired_contact[i] = 1.f;
    R.contact[i] = static_cast<float>((i % 5) * 0.5);
  }
  start_week(*w);
  loneliness(*w);
  for (std::uint32_t i = 0; i < R.size; ++i) {
    EXPECT_GE(R.loneliness[i], 0.f);
    EXPECT_LE(R.loneliness[i], 1.f);
  }
}

TEST(Loneliness, NoContagionMeansNoRandomRise) {
  const Parameters p = quiet_params();
  auto w = quiet_world(p);
  Residents& R = w->residents;
  satisfied_week(*w, [](std::uint32_t) { return 20; });  // many strongly lonely contacts
  for (std::uint32_t i = 0; i < R.size; ++i)
    EXPECT_NEAR(R.loneliness[i], 0.3 * (1.0 - p.loneliness.rate_down), 1e-6);
}

TEST(Loneliness, CertainContagionAddsOneStep) {
  Parameters p = quiet_params();
  p.loneliness.contagion = 1.0;
  auto w = quiet_world(p);
  Residents& R = w->residents;
  satisfied_week(*w, [](std::uint32_t i) { return i % 2; });  // half have a strongly lonely contact
  const double base = 0.3 * (1.0 - p.loneliness.rate_down);
  for (std::uint32_t i = 0; i < R.size; ++i) {
    const double expected = i % 2 ? base + p.loneliness.contagion_step * (1.0 - base) : base;
    EXPECT_NEAR(R.loneliness[i], expected, 1e-6) << i;
  }
}

TEST(Loneliness, ContagionRateNearItsChance) {
  // chance 1 - (1 - c)^k with k lonely contacts, over many residents
  Parameters p = quiet_params();
  p.loneliness.contagion = 0.1;
  auto w = make_world(p, 4000, 0.0);
  Residents& R = w->residents;
  satisfied_week(*w, [](std::uint32_t) { return 3; });
  const double base = 0.3 * (1.0 - p.loneliness.rate_down);
  double caught = 0;
  for (std::uint32_t i = 0; i < R.size; ++i) caught += R.loneliness[i] > base + 1e-4;
  const double chance = 1.0 - std::pow(0.9, 3);
  EXPECT_NEAR(caught, chance * R.size, k_sigma(R.size, chance));
}

TEST(Loneliness, SetPointMovesTowardContact) {
  Parameters p = quiet_params();
  p.loneliness.setpoint_adaptation = 0.1;
  auto w = quiet_world(p);
  Residents& R = w->residents;
  for (std::uint32_t i = 0; i < R.size; ++i) {
    R.desired_contact[i] = 2.f;
    R.contact[i] = static_cast<float>((i % 5) * 1.0);  // 0..4: below, at and above N
  }
  start_week(*w);
  loneliness(*w);
  for (std::uint32_t i = 0; i < R.size; ++i) {
    const double c = (i % 5) * 1.0;
    EXPECT_NEAR(R.desired_contact[i], 2.0 + 0.1 * (c - 2.0), 1e-6) << i;
  }
}

TEST(Loneliness, SetPointStaysPositive) {
  Parameters p = quiet_params();
  p.loneliness.setpoint_adaptation = 1.0;
  auto w = quiet_world(p);
  Residents& R = w->residents;
  std::fill(R.contact.begin(), R.contact.end(), 0.f);
  start_week(*w);
  loneliness(*w);
  for (std::uint32_t i = 0; i < R.size; ++i) EXPECT_GT(R.desired_contact[i], 0.f);
}

TEST(Loneliness, SetPointReturnsTowardOwnDesire) {
  Parameters p = quiet_params();
  p.loneliness.setpoint_return = 0.2;
  auto w = quiet_world(p);
  Residents& R = w->residents;
  for (std::uint32_t i = 0; i < R.size; ++i) {
    R.own_desire[i] = 3.f;
    R.desired_contact[i] = 1.f;
    R.contact[i] = 0.f;
  }
  start_week(*w);
  loneliness(*w);
  for (std::uint32_t i = 0; i < R.size; ++i) EXPECT_NEAR(R.desired_contact[i], 1.0 + 0.2 * 2.0, 1e-6);
}

TEST(Loneliness, EverySimdKernelGivesTheSameBits) {
  // The update is compiled for baseline x86-64 and for AVX2: the same values
  // in edge cases too (no contact, tiny or huge set-points, L at 0 and 1,
  // 0 to 255 strongly lonely contacts, at the strong-loneliness threshold).
  Parameters p = test_params();
  p.loneliness.contagion = 0.05;
  p.loneliness.setpoint_adaptation = 0.02;
  p.loneliness.setpoint_return = 0.01;
  auto fill = [](World& w) {
    Residents& R = w.residents;
    for (std::uint32_t i = 0; i < R.size; ++i) {
      R.loneliness[i] = i % 17 == 0 ? 0.f : i % 17 == 1 ? 1.f : static_cast<float>((i * 37 % 101) / 100.0);
      R.desired_contact[i] = i % 13 == 0 ? 0.05f : i % 13 == 1 ? 1e6f : static_cast<float>(0.1 + (i % 9) * 0.7);
      R.contact[i] = i % 5 == 0 ? 0.f : static_cast<float>((i * 7 % 23) * 0.3);
      R.own_desire[i] = static_cast<float>(1.0 + i % 4);
      R.lonely_contacts[i] = static_cast<std::uint8_t>(i * 11 % 256);
    }
  };
  auto a = make_world(p, 1000, 0.0), b = make_world(p, 1000, 0.0);
  fill(*a);
  fill(*b);
  engine::force_simd_level(engine::SimdLevel::Baseline);
  start_week(*a);
  loneliness(*a);
  engine::force_simd_level(std::nullopt);
  if (engine::simd_level() == engine::SimdLevel::Baseline) GTEST_SKIP() << "this CPU has no wider kernel";
  start_week(*b);
  loneliness(*b);
  EXPECT_EQ(a->residents.loneliness, b->residents.loneliness);
  EXPECT_EQ(a->residents.desired_contact, b->residents.desired_contact);
  EXPECT_EQ(a->residents.strongly_lonely, b->residents.strongly_lonely);
  // and the cases were there: both ends of L, strongly lonely or not
  const auto& L = a->residents.loneliness;
  EXPECT_EQ(*std::min_element(L.begin(), L.end()), 0.f);
  EXPECT_GT(*std::max_element(L.begin(), L.end()), 0.9f);
  EXPECT_GT(std::count(a->residents.strongly_lonely.begin(), a->residents.strongly_lonely.end(), 1), 0);
  EXPECT_GT(std::count(a->residents.strongly_lonely.begin(), a->residents.strongly_lonely.end(), 0), 0);
}

}  // namespace
}  // namespace kw::model
