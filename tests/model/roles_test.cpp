// Process 7: roles and participation.
#include "model/fixtures.h"

#include <gtest/gtest.h>

#include <functional>

namespace kw::model {
namespace {

using namespace testing;

constexpr std::uint16_t kAllTwelve = 0x0FFF;

std::uint16_t weeks_attended(int n) { return static_cast<std::uint16_t>((1u << n) - 1u); }

struct RoleSetup {
  std::unique_ptr<World> w;
  std::uint32_t k = kNone;                // the niche
  std::vector<std::uint32_t> others;      // non-vulnerable residents, tolerance 1
};

// 600 adults, a fifth vulnerable, no ties, week 20; no vulnerable resident has
// a niche, role or paid work.
RoleSetup roles_world(const Parameters& p, NicheType type = NicheType::VolunteerOrg) {
  RoleSetup out;
  out.w = make_world(p, 600, 0.2);
  World& w = *out.w;
  clear_ties(w);
  w.week = 20;
  set_all_tolerance(w, 1.f);
  for (std::uint32_t i = 0; i < w.residents.size && out.others.size() < 40; ++i)
    if (w.residents.vulnerable[i] == kNone) out.others.push_back(i);
  Vulnerable& V = w.vulnerable;
  for (std::uint32_t v = 0; v < V.size; ++v) {
    V.niche[v] = kNone;
    V.role[v] = Role::None;
    V.role_weeks[v] = 0;
    V.paid_work[v] = 0;
    V.attendance[v] = 0;
  }
  out.k = niche_of_type(w, 0, type);
  w.niches.hospitality[out.k] = 1.f;  // the niche's own welcome counts toward felt acceptance
  return out;
}

// v attends niche k (attendance bits) and has a niche tie of weight 0.5 to `other`.
void regular(RoleSetup& s, std::uint32_t v, std::uint16_t attendance, std::uint32_t other) {
  World& w = *s.w;
  w.vulnerable.niche[v] = s.k;
  w.vulnerable.attendance[v] = attendance;
  add_tie(w, w.vulnerable.resident[v], other, TieKind::Niche, 0.5f, 30, static_cast<std::uint16_t>(w.week));
}

TEST(Roles, RegularAttendanceWithAcceptanceGivesARole) {
  const Parameters p = test_params();
  auto s = roles_world(p);
  regular(s, 0, kAllTwelve, s.others[0]);
  regular(s, 1, weeks_attended(9), s.others[1]);  // 9 of 12 = 75%
  regular(s, 2, weeks_attended(8), s.others[2]);  // 8 of 12: too few
  start_week(*s.w);
  roles_and_participation(*s.w);
  const Vulnerable& V = s.w->vulnerable;
  EXPECT_FLOAT_EQ(V.felt_acceptance[0], 1.f);
  EXPECT_EQ(V.role[0], Role::Participant);
  EXPECT_EQ(V.role[1], Role::Participant);
  EXPECT_EQ(V.role[2], Role::None);
  EXPECT_EQ(V.role[3], Role::None) << "no niche, no role";
}

TEST(Roles, NoRoleWithoutFeltAcceptance) {
  const Parameters p = test_params();
  auto s = roles_world(p);
  set_tolerance(*s.w, s.others[0], 0.5f * static_cast<float>(p.roles.acceptance_threshold));
  s.w->niches.hospitality[s.k] = 0.5f * static_cast<float>(p.roles.acceptance_threshold);
  regular(s, 0, kAllTwelve, s.others[0]);
  start_week(*s.w);
  roles_and_participation(*s.w);
  EXPECT_EQ(s.w->vulnerable.role[0], Role::None);
  EXPECT_LT(s.w->vulnerable.felt_acceptance[0], p.roles.acceptance_threshold);
}

TEST(Roles, FeltAcceptanceIsTheTieWeightedToleranceOfNicheContactsAndNeighbours) {
  // (without a niche: the niche's own welcome does not enter)
  const Parameters p = test_params();
  auto s = roles_world(p);
  World& w = *s.w;
  const std::uint32_t i = w.vulnerable.resident[0];
  const auto wk = static_cast<std::uint16_t>(w.week);
  set_tolerance(w, s.others[0], 0.9f);
  set_tolerance(w, s.others[1], 0.3f);
  set_tolerance(w, s.others[2], 0.0f);
  set_tolerance(w, s.others[3], 0.0f);
  add_tie(w, i, s.others[0], TieKind::Niche, 0.6f, 30, wk);
  add_tie(w, i, s.others[1], TieKind::Neighbour, 0.2f, 30, wk);
  add_tie(w, i, s.others[2], TieKind::Kin, 0.9f, 30, wk);     // not counted
  add_tie(w, i, s.others[3], TieKind::Friend, 0.9f, 30, wk);  // not counted
  start_week(w);
  roles_and_participation(w);
  EXPECT_NEAR(w.vulnerable.felt_acceptance[0], (0.6 * 0.9 + 0.2 * 0.3) / 0.8, 1e-6);
  EXPECT_FLOAT_EQ(w.vulnerable.felt_acceptance[1], 0.f) << "no ties: no felt acceptance";
}

TEST(Roles, ParticipantsMoveOnToVolunteerRolesWithinTheSlots) {
  Parameters p = test_params();
  p.roles.volunteer_after = 4;
  p.niche.volunteer_slots = 2;
  auto s = roles_world(p);
  World& w = *s.w;
  Vulnerable& V = w.vulnerable;
  ASSERT_EQ(w.niches.volunteer_slots[s.k], 2);
  for (std::uint32_t v = 0; v < 5; ++v) {
    regular(s, v, kAllTwelve, s.others[v]);
    V.role[v] = Role::Participant;
    V.role_weeks[v] = v == 1 ? 2 : 4;  // v 1 has not been a participant long enough
  }
  start_week(w);
  roles_and_participation(w);
  EXPECT_EQ(V.role[0], Role::Volunteer);
  EXPECT_EQ(V.role[1], Role::Participant);
  EXPECT_EQ(V.role[2], Role::Volunteer);
  EXPECT_EQ(V.role[3], Role::Participant) << "the two slots are taken, in id order";
  EXPECT_EQ(V.role[4], Role::Participant);
  EXPECT_EQ(w.niches.volunteers[s.k], 2);
  // a second week changes nothing: the slots stay full
  ++w.week;
  start_week(w);
  roles_and_participation(w);
  EXPECT_EQ(w.niches.volunteers[s.k], 2);
  int volunteers = 0;
  for (std::uint32_t v = 0; v < V.size; ++v) volunteers += V.role[v] == Role::Volunteer;
  EXPECT_EQ(volunteers, 2);
}

TEST(Roles, CarvedJobsAtEmployersWithinTheSlots) {
  Parameters p = test_params();
  p.roles.volunteer_after = 0;
  auto s = roles_world(p, NicheType::Employer);
  World& w = *s.w;
  Vulnerable& V = w.vulnerable;
  ASSERT_EQ(w.niches.job_slots[s.k], 1);
  for (std::uint32_t v = 0; v < 3; ++v) {
    regular(s, v, kAllTwelve, s.others[v]);
    V.role[v] = Role::Participant;
  }
  start_week(w);
  roles_and_participation(w);
  EXPECT_EQ(V.role[0], Role::CarvedJob);
  EXPECT_EQ(V.role[1], Role::Participant);
  EXPECT_EQ(V.role[2], Role::Participant);
  EXPECT_EQ(w.niches.jobs[s.k], 1);
  EXPECT_EQ(w.niches.volunteers[s.k], 0);
}

TEST(Roles, IrregularAttendanceLosesTheRole) {
  const Parameters p = test_params();
  auto s = roles_world(p);
  World& w = *s.w;
  Vulnerable& V = w.vulnerable;
  regular(s, 0, weeks_attended(2), s.others[0]);  // 2 of 12, below the loss share
  V.role[0] = Role::Volunteer;
  V.role_weeks[0] = 30;
  ++w.niches.volunteers[s.k];
  regular(s, 1, 0, s.others[1]);  // no longer comes at all
  V.role[1] = Role::Participant;
  regular(s, 2, 0, s.others[2]);  // no longer comes, but a kwartiermaker client
  V.role[2] = Role::Participant;
  V.client_slot[2] = 1;
  start_week(w);
  roles_and_participation(w);
  EXPECT_EQ(V.role[0], Role::None);
  EXPECT_EQ(V.role_weeks[0], 0);
  EXPECT_EQ(w.niches.volunteers[s.k], 0);
  EXPECT_EQ(V.niche[0], s.k) << "still comes now and then";
  EXPECT_EQ(V.role[1], Role::None);
  EXPECT_EQ(V.niche[1], kNone) << "lets the niche go";
  EXPECT_EQ(V.role[2], Role::None);
  EXPECT_EQ(V.niche[2], s.k) << "a client keeps the niche place";
}

TEST(Roles, LadderRungs) {
  const Parameters p = test_params();
  auto s = roles_world(p);
  World& w = *s.w;
  Vulnerable& V = w.vulnerable;
  const auto wk = static_cast<std::uint16_t>(w.week);
  // 0: nothing; 1: recent contact outside the household; 2: household contact only;
  // 3: niche, half the weeks; 4: volunteer; 5: carved job; 6: paid work
  add_tie(w, V.resident[1], s.others[1], TieKind::Friend, 0.5f, 30, static_cast<std::uint16_t>(wk - 2));
  add_tie(w, V.resident[2], s.others[2], TieKind::Household, 0.9f, 30, wk);
  V.niche[3] = s.k;
  V.attendance[3] = weeks_attended(6);
  V.niche[4] = s.k;
  V.role[4] = Role::Volunteer;
  V.attendance[4] = kAllTwelve;
  V.niche[5] = niche_of_type(w, 0, NicheType::Employer);
  V.role[5] = Role::CarvedJob;
  V.attendance[5] = kAllTwelve;
  V.paid_work[6] = 1;
  add_tie(w, V.resident[7], s.others[7], TieKind::Friend, 0.5f, 30, static_cast<std::uint16_t>(wk - 6));  // long ago
  start_week(w);
  roles_and_participation(w);
  EXPECT_EQ(V.ladder[0], 1);
  EXPECT_EQ(V.ladder[1], 2);
  EXPECT_EQ(V.ladder[2], 1) << "living together is not contact outside the home";
  EXPECT_EQ(V.ladder[3], 3);
  EXPECT_EQ(V.ladder[4], 4);
  EXPECT_EQ(V.ladder[5], 5);
  EXPECT_EQ(V.ladder[6], 6);
  EXPECT_EQ(V.ladder[7], 1);
}

// A resident who meets every criterion of 'accepted with a role', changed by `change`.
bool accepted_with_role(const std::function<void(Parameters&)>& change_params,
                        const std::function<void(RoleSetup&)>& change_state) {
  Parameters p = test_params();
  change_params(p);
  auto s = roles_world(p);
  World& w = *s.w;
  Vulnerable& V = w.vulnerable;
  regular(s, 0, kAllTwelve, s.others[0]);
  add_tie(w, V.resident[0], s.others[1], TieKind::Neighbour, 0.5f, 30, static_cast<std::uint16_t>(w.week));
  V.role[0] = Role::Volunteer;
  V.role_weeks[0] = static_cast<std::uint16_t>(p.roles.stable_weeks);
  ++w.niches.volunteers[s.k];
  change_state(s);
  start_week(w);
  roles_and_participation(w);
  return V.accepted_with_role[0];
}

TEST(Roles, AcceptedWithRoleNeedsEveryCriterion) {
  const auto none_p = [](Parameters&) {};
  const auto none_s = [](RoleSetup&) {};
  EXPECT_TRUE(accepted_with_role(none_p, none_s)) << "all criteria met";
  // felt acceptance too low
  EXPECT_FALSE(accepted_with_role(none_p, [](RoleSetup& s) {
    set_tolerance(*s.w, s.others[0], 0.1f);
    set_tolerance(*s.w, s.others[1], 0.1f);
    s.w->niches.hospitality[s.k] = 0.1f;
  }));
  // no role, or a role below the one required
  EXPECT_FALSE(accepted_with_role(none_p, [](RoleSetup& s) {
    s.w->vulnerable.role[0] = Role::None;
    --s.w->niches.volunteers[s.k];
  }));
  EXPECT_FALSE(accepted_with_role([](Parameters& p) { p.roles.success_min_role = 3; }, none_s));
  // a role that is not yet stable
  EXPECT_FALSE(accepted_with_role(none_p, [](RoleSetup& s) { s.w->vulnerable.role_weeks[0] = 0; }));
  // attendance below the regular share (but above the loss share)
  EXPECT_FALSE(accepted_with_role(none_p, [](RoleSetup& s) { s.w->vulnerable.attendance[0] = weeks_attended(7); }));
  // only one medium-weight tie: the other is weak
  EXPECT_FALSE(accepted_with_role(none_p, [](RoleSetup& s) {
    World& w = *s.w;
    const std::uint32_t i = w.vulnerable.resident[0];
    w.ties.weight[w.ties.find(i, s.others[1])] = 0.1f;
    w.ties.weight[w.ties.find(s.others[1], i)] = 0.1f;
  }));
  // kin ties do not count among the non-kin ties
  EXPECT_FALSE(accepted_with_role(
      [](Parameters& p) { p.roles.min_ties = 3; },
      [](RoleSetup& s) {
        add_tie(*s.w, s.w->vulnerable.resident[0], s.others[2], TieKind::Kin, 0.9f, 30,
                static_cast<std::uint16_t>(s.w->week));
      }));
  EXPECT_TRUE(accepted_with_role(
      [](Parameters& p) { p.roles.min_ties = 3; },
      [](RoleSetup& s) {
        add_tie(*s.w, s.w->vulnerable.resident[0], s.others[2], TieKind::Friend, 0.9f, 30,
                static_cast<std::uint16_t>(s.w->week));
      }));
}

TEST(Roles, EverAcceptedIsRemembered) {
  const Parameters p = test_params();
  auto s = roles_world(p);
  World& w = *s.w;
  Vulnerable& V = w.vulnerable;
  regular(s, 0, kAllTwelve, s.others[0]);
  add_tie(w, V.resident[0], s.others[1], TieKind::Neighbour, 0.5f, 30, static_cast<std::uint16_t>(w.week));
  V.role[0] = Role::Participant;
  V.role_weeks[0] = 50;
  start_week(w);
  roles_and_participation(w);
  ASSERT_EQ(V.accepted_with_role[0], 1);
  set_tolerance(w, s.others[0], 0.f);
  set_tolerance(w, s.others[1], 0.f);
  w.niches.hospitality[s.k] = 0.f;
  ++w.week;
  start_week(w);
  roles_and_participation(w);
  EXPECT_EQ(V.accepted_with_role[0], 0);
  EXPECT_EQ(V.ever_accepted[0], 1);
}

}  // namespace
}  // namespace kw::model
