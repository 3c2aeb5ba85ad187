// Process 6: experienced support, dS = kappa (a - v (1 - D) phi).
#include "model/fixtures.h"

#include <gtest/gtest.h>

namespace kw::model {
namespace {

using namespace testing;

Parameters support_params() {
  Parameters p = test_params();
  auto& sp = p.support;
  sp.kappa = 0.1;
  sp.phi = 1.0;
  sp.autonomy_wish = 0.2;
  sp.autonomy_pressure = 0.05;
  sp.visibility_exploring = 1.0;
  sp.visibility_niche = 0.6;
  sp.visibility_fading = 0.1;
  sp.dependence_rate = 0.0;
  return p;
}

// 600 adults, a fifth vulnerable, no ties, everyone tolerant; vulnerable
// residents at S 0.5, withdrawal 0.3, no trajectory, crisis, role or dependence.
std::unique_ptr<World> support_world(const Parameters& p) {
  auto w = make_world(p, 600, 0.2);
  clear_ties(*w);
  w->week = 4;
  set_all_tolerance(*w, 1.f);
  Vulnerable& V = w->vulnerable;
  for (std::uint32_t v = 0; v < V.size; ++v) {
    V.self_efficacy[v] = 0.5f;
    V.dependence[v] = 0.f;
    V.crisis_until[v] = 0;
    V.role[v] = Role::None;
    V.pressured[v] = 0;
    w->residents.withdrawal[V.resident[v]] = 0.3f;
  }
  return w;
}

// v in phase t with a kwartiermaker contact this week.
void supported(World& w, std::uint32_t v, Trajectory t, float loneliness) {
  w.vulnerable.trajectory[v] = t;
  w.vulnerable.engaged[v] = 1;
  w.residents.loneliness[w.vulnerable.resident[v]] = loneliness;
}

double act(const SupportParameters& sp, double autonomy, double visibility, double distress) {
  return sp.kappa * (autonomy - visibility * (1.0 - distress) * sp.phi);
}

TEST(ExperiencedSupport, SignRuleOfVisibleSupport) {
  const Parameters p = support_params();
  auto w = support_world(p);
  Vulnerable& V = w->vulnerable;
  supported(*w, 0, Trajectory::Exploring, 0.f);   // not distressed: visible support costs
  supported(*w, 1, Trajectory::Exploring, 1.f);   // highly distressed: it helps
  supported(*w, 2, Trajectory::Exploring, 0.5f);
  supported(*w, 3, Trajectory::Exploring, 0.f);
  V.crisis_until[3] = 10;                          // a crisis is full distress
  start_week(*w);
  experienced_support(*w);
  const auto& sp = p.support;
  EXPECT_NEAR(V.self_efficacy[0], 0.5 + act(sp, 0.2, 1.0, 0.0), 1e-6);
  EXPECT_LT(V.self_efficacy[0], 0.5f);
  EXPECT_NEAR(V.self_efficacy[1], 0.5 + act(sp, 0.2, 1.0, 1.0), 1e-6);
  EXPECT_GT(V.self_efficacy[1], 0.5f);
  EXPECT_NEAR(V.self_efficacy[2], 0.5 + act(sp, 0.2, 1.0, 0.5), 1e-6);
  EXPECT_NEAR(V.self_efficacy[3], 0.5 + act(sp, 0.2, 1.0, 1.0), 1e-6);
  EXPECT_FLOAT_EQ(V.support_received[0], 1.f);
  // nobody else had support: S unchanged
  for (std::uint32_t v = 4; v < V.size; ++v) {
    ASSERT_FLOAT_EQ(V.self_efficacy[v], 0.5f);
  }
}

TEST(ExperiencedSupport, VisibilityAndAutonomyByPhaseAndPressure) {
  const Parameters p = support_params();
  auto w = support_world(p);
  Vulnerable& V = w->vulnerable;
  supported(*w, 0, Trajectory::NicheFinding, 0.2f);
  supported(*w, 1, Trajectory::Fading, 0.2f);
  supported(*w, 2, Trajectory::NicheFinding, 0.2f);
  V.pressured[2] = 1;
  supported(*w, 3, Trajectory::Waiting, 0.2f);  // not in a trajectory yet: no support
  supported(*w, 4, Trajectory::Exploring, 0.2f);
  V.engaged[4] = 0;                              // no contact this week
  start_week(*w);
  experienced_support(*w);
  const auto& sp = p.support;
  EXPECT_NEAR(V.self_efficacy[0], 0.5 + act(sp, 0.2, 0.6, 0.2), 1e-6);
  EXPECT_NEAR(V.self_efficacy[1], 0.5 + act(sp, 0.2, 0.1, 0.2), 1e-6);
  EXPECT_NEAR(V.self_efficacy[2], 0.5 + act(sp, 0.05, 0.6, 0.2), 1e-6);
  EXPECT_LT(V.self_efficacy[2], V.self_efficacy[0]) << "support toward a predefined activity helps less";
  EXPECT_FLOAT_EQ(V.self_efficacy[3], 0.5f);
  EXPECT_FLOAT_EQ(V.self_efficacy[4], 0.5f);
}

TEST(ExperiencedSupport, NegativeSupportMakesPeopleWithdraw) {
  const Parameters p = support_params();
  auto w = support_world(p);
  Vulnerable& V = w->vulnerable;
  supported(*w, 0, Trajectory::Exploring, 0.f);   // dS < 0
  supported(*w, 1, Trajectory::Exploring, 1.f);   // dS > 0
  supported(*w, 2, Trajectory::Fading, 0.f);      // dS = kappa (0.2 - 0.1) > 0
  supported(*w, 3, Trajectory::Exploring, 0.6f);  // dS = kappa (0.2 - 0.4) < 0, smaller than for 0
  start_week(*w);
  experienced_support(*w);
  const auto& R = w->residents;
  const float w0 = R.withdrawal[V.resident[0]], w3 = R.withdrawal[V.resident[3]];
  EXPECT_GT(w0, 0.3f);
  EXPECT_LE(w0, 0.3f + static_cast<float>(p.support.withdrawal_rate) * 0.7f + 1e-6f);
  EXPECT_GT(w3, 0.3f);
  EXPECT_LE(w3, w0) << "a smaller negative experience, no more withdrawal";
  const double recovered = 0.3 * (1.0 - p.support.withdrawal_recovery);
  EXPECT_NEAR(R.withdrawal[V.resident[1]], recovered, 1e-6);
  EXPECT_NEAR(R.withdrawal[V.resident[2]], recovered, 1e-6);
  EXPECT_NEAR(R.withdrawal[V.resident[5]], recovered, 1e-6) << "no support at all: recovery";
}

TEST(ExperiencedSupport, ADisapprovingTieIsNegativeSupport) {
  Parameters p = support_params();
  p.support.disapproval = 0.5;
  auto w = support_world(p);
  Vulnerable& V = w->vulnerable;
  const std::uint32_t i = V.resident[0], i2 = V.resident[1];
  std::uint32_t a = 0, b = 0;
  while (w->residents.vulnerable[a] != kNone) ++a;
  b = a + 1;
  while (w->residents.vulnerable[b] != kNone) ++b;
  set_tolerance(*w, a, 0.5f * static_cast<float>(p.attitude.neighbour_threshold));  // disapproves
  add_tie(*w, i, a, TieKind::Friend, 0.5f, 9, 4);   // contact this week
  add_tie(*w, i2, a, TieKind::Friend, 0.5f, 9, 3);  // no contact this week
  add_tie(*w, i2, b, TieKind::Friend, 0.5f, 9, 4);  // contact with a tolerant friend
  start_week(*w);
  experienced_support(*w);
  EXPECT_NEAR(V.self_efficacy[0], 0.5 - 0.5 * p.support.kappa, 1e-6);
  EXPECT_GT(w->residents.withdrawal[i], 0.3f);
  EXPECT_FLOAT_EQ(V.self_efficacy[1], 0.5f);
  EXPECT_FLOAT_EQ(V.support_given[1], 0.5f) << "an ordinary tie is two-way";
  EXPECT_FLOAT_EQ(V.support_received[1], 0.f);
}

TEST(ExperiencedSupport, KinContactIsOneActBuddyContactAnother) {
  const Parameters p = support_params();
  auto w = support_world(p);
  Vulnerable& V = w->vulnerable;
  const std::uint32_t i = V.resident[0], i2 = V.resident[1];
  w->residents.loneliness[i] = 0.3f;
  w->residents.loneliness[i2] = 0.3f;
  std::uint32_t j = 0;
  std::vector<std::uint32_t> others;
  while (others.size() < 4) {
    if (w->residents.vulnerable[j] == kNone) others.push_back(j);
    ++j;
  }
  add_tie(*w, i, others[0], TieKind::Kin, 0.8f, 9, 4);
  add_tie(*w, i, others[1], TieKind::Kin, 0.8f, 9, 4);
  add_tie(*w, i, others[2], TieKind::Household, 0.8f, 9, 4);
  add_tie(*w, i2, others[3], TieKind::Buddy, 0.5f, 9, 4);
  start_week(*w);
  experienced_support(*w);
  const auto& sp = p.support;
  EXPECT_NEAR(V.self_efficacy[0], 0.5 + act(sp, sp.kin_autonomy, sp.kin_visibility, 0.3), 1e-6);
  EXPECT_FLOAT_EQ(V.support_received[0], 1.f);
  EXPECT_NEAR(V.self_efficacy[1], 0.5 + act(sp, sp.buddy_autonomy, sp.buddy_visibility, 0.3), 1e-6);
  EXPECT_FLOAT_EQ(V.support_received[1], 1.f);
  EXPECT_FLOAT_EQ(V.support_given[1], 0.5f);
}

TEST(ExperiencedSupport, DependenceCostsThoseWhoNeedAutonomy) {
  Parameters p = support_params();
  p.support.dependence_rate = 1.0;
  auto w = support_world(p);
  Vulnerable& V = w->vulnerable;
  // v 0 and 1 only receive (kwartiermaker contact); v 1 also gives in a volunteer role
  for (std::uint32_t v : {0u, 1u}) {
    supported(*w, v, Trajectory::Fading, 0.5f);
    V.autonomy_need[v] = 0.8f;
  }
  V.role[1] = Role::Volunteer;
  start_week(*w);
  experienced_support(*w);
  const auto& sp = p.support;
  const double base = act(sp, 0.2, 0.1, 0.5);
  EXPECT_FLOAT_EQ(V.dependence[0], 1.f);
  EXPECT_NEAR(V.self_efficacy[0], 0.5 + base - sp.kappa * 0.8 * 2.0 * 0.5, 1e-6);
  EXPECT_FLOAT_EQ(V.dependence[1], 0.5f);
  EXPECT_NEAR(V.self_efficacy[1], 0.5 + base, 1e-6);
}

TEST(ExperiencedSupport, SelfEfficacyStaysWithinZeroAndOne) {
  Parameters p = support_params();
  p.support.kappa = 1.0;
  auto w = support_world(p);
  Vulnerable& V = w->vulnerable;
  supported(*w, 0, Trajectory::Exploring, 0.f);
  supported(*w, 1, Trajectory::Exploring, 1.f);
  V.self_efficacy[1] = 0.95f;
  start_week(*w);
  experienced_support(*w);
  EXPECT_EQ(V.self_efficacy[0], 0.f);
  EXPECT_EQ(V.self_efficacy[1], 1.f);
}

TEST(ExperiencedSupport, WellbeingFollowsLonelinessAndMismatchCostsIt) {
  const Parameters p = support_params();
  auto w = support_world(p);
  Vulnerable& V = w->vulnerable;
  for (std::uint32_t v : {0u, 1u, 2u}) {
    V.wellbeing[v] = 0.5f;
    w->residents.loneliness[V.resident[v]] = 0.2f;
  }
  V.trajectory[1] = Trajectory::NicheFinding;
  V.pressured[1] = 1;
  V.trajectory[2] = Trajectory::Exploring;  // not yet working on the predefined activity
  V.pressured[2] = 1;
  start_week(*w);
  experienced_support(*w);
  const double h = 0.5 + p.support.wellbeing_rate * (0.8 - 0.5);
  EXPECT_NEAR(V.wellbeing[0], h, 1e-6);
  EXPECT_NEAR(V.wellbeing[1], h - p.kwartiermaker.mismatch_wellbeing, 1e-6);
  EXPECT_NEAR(V.wellbeing[2], h, 1e-6);
}

}  // namespace
}  // namespace kw::model
