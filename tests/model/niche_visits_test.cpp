// Process 3: niche visits.
#include "model/fixtures.h"

#include <gtest/gtest.h>

#include <numeric>

namespace kw::model {
namespace {

using namespace testing;

struct VisitSetup {
  std::unique_ptr<World> w;
  std::uint32_t k = kNone;  // the niche every vulnerable resident has
};

// 1000 adults, a fifth vulnerable, no ties; every vulnerable resident has the
// community centre as its niche (and is not one of its members), self-efficacy
// s, no withdrawal, no crisis, no trajectory, no buddy.
VisitSetup visit_world(const Parameters& p, float s) {
  VisitSetup out;
  out.w = make_world(p, 1000, 0.2);
  World& w = *out.w;
  clear_ties(w);
  for (std::uint32_t i = 0; i < w.residents.size; ++i)
    if (w.residents.vulnerable[i] != kNone) w.residents.niche[i] = kNone;
  index_niche_members(w);  // after setting residents.niche by hand
  out.k = niche_of_type(w, 0, NicheType::CommunityCentre);
  EXPECT_NE(out.k, kNone);
  EXPECT_GT(w.niches.members_begin[out.k + 1] - w.niches.members_begin[out.k], 10u);
  Vulnerable& V = w.vulnerable;
  for (std::uint32_t v = 0; v < V.size; ++v) {
    V.niche[v] = out.k;
    V.self_efficacy[v] = s;
    V.crisis_until[v] = 0;
    V.attendance[v] = 0;
    w.residents.withdrawal[V.resident[v]] = 0.f;
  }
  std::fill(w.residents.contact_extra.begin(), w.residents.contact_extra.end(), 0.f);
  std::fill(w.residents.tolerance_delta.begin(), w.residents.tolerance_delta.end(), 0.f);
  return out;
}

void set_member_tolerance(World& w, std::uint32_t k, float a) {
  for (std::uint32_t m = w.niches.members_begin[k]; m < w.niches.members_begin[k + 1]; ++m)
    set_tolerance(w, w.niches.members[m], a);
}

double delta_sum(const World& w) {
  return std::accumulate(w.residents.tolerance_delta.begin(), w.residents.tolerance_delta.end(), 0.0);
}

TEST(NicheVisits, LowSelfEfficacyAloneNeverGoes) {
  Parameters p = test_params();
  p.niche.self_attendance = 1.0;
  auto [w, k] = visit_world(p, 0.5f * static_cast<float>(p.niche.self_efficacy_to_go));
  const auto z0 = w->vulnerable.expected_rejection;
  for (int week = 0; week < 10; ++week) {
    start_week(*w);
    niche_visits(*w);
    ASSERT_EQ(w->niches.visits[k], 0) << "week " << w->week;
    ++w->week;
  }
  for (std::uint32_t v = 0; v < w->vulnerable.size; ++v) {
    EXPECT_EQ(w->vulnerable.attendance[v], 0);
    EXPECT_EQ(w->vulnerable.expected_rejection[v], z0[v]);
    EXPECT_EQ(w->residents.contact_extra[w->vulnerable.resident[v]], 0.f);
  }
  EXPECT_EQ(delta_sum(*w), 0.0) << "no visits, no contact effects";
}

TEST(NicheVisits, HighSelfEfficacyAndCertainAttendanceAlwaysGoes) {
  Parameters p = test_params();
  p.niche.self_attendance = 1.0;
  p.buddy.accompany = 0.0;
  auto [w, k] = visit_world(p, 1.f);
  start_week(*w);
  niche_visits(*w);
  EXPECT_EQ(w->niches.visits[k], w->vulnerable.size);
  for (std::uint32_t v = 0; v < w->vulnerable.size; ++v) {
    EXPECT_EQ(w->vulnerable.attendance[v] & 1, 1);
  }
  for (std::uint32_t n = 0; n < w->niches.size; ++n)
    if (n != k) {
      EXPECT_EQ(w->niches.visits[n], 0);
    }
}

TEST(NicheVisits, FullWithdrawalKeepsPeopleAway) {
  Parameters p = test_params();
  p.niche.self_attendance = 1.0;
  auto [w, k] = visit_world(p, 1.f);
  for (std::uint32_t v = 0; v < w->vulnerable.size; ++v) w->residents.withdrawal[w->vulnerable.resident[v]] = 1.f;
  start_week(*w);
  niche_visits(*w);
  EXPECT_EQ(w->niches.visits[k], 0);
}

TEST(NicheVisits, NobodyVisitsInCrisis) {
  Parameters p = test_params();
  p.niche.self_attendance = 1.0;
  auto [w, k] = visit_world(p, 1.f);
  for (std::uint32_t v = 0; v < w->vulnerable.size; ++v) w->vulnerable.crisis_until[v] = 50;
  start_week(*w);
  niche_visits(*w);
  EXPECT_EQ(w->niches.visits[k], 0);
}

TEST(NicheVisits, AttendanceRemembersTheLastWeeks) {
  Parameters p = test_params();
  auto [w, k] = visit_world(p, 0.f);
  w->vulnerable.attendance[0] = 0b101;
  start_week(*w);
  niche_visits(*w);
  EXPECT_EQ(w->vulnerable.attendance[0], 0b1010);
}

TEST(NicheVisits, MemberToleranceIsTheMembersMean) {
  Parameters p = test_params();
  auto [w, k] = visit_world(p, 0.f);
  start_week(*w);
  niche_visits(*w);
  const Niches& N = w->niches;
  for (std::uint32_t n = 0; n < N.size; ++n) {
    double sum = 0;
    const std::uint32_t m0 = N.members_begin[n], m1 = N.members_begin[n + 1];
    for (std::uint32_t m = m0; m < m1; ++m) sum += w->residents.tolerance(N.members[m]);
    if (m1 > m0) {
      EXPECT_NEAR(N.member_tolerance[n], sum / (m1 - m0), 1e-5);
    }
  }
}

TEST(NicheVisits, HospitableTolerantNicheAlwaysWelcomes) {
  Parameters p = test_params();
  p.niche.self_attendance = 1.0;
  auto [w, k] = visit_world(p, 1.f);
  w->niches.hospitality[k] = 1.f;
  set_member_tolerance(*w, k, 1.f);
  const auto z0 = w->vulnerable.expected_rejection;
  start_week(*w);
  niche_visits(*w);
  const double rate = p.niche.expected_rejection_rate;
  for (std::uint32_t v = 0; v < w->vulnerable.size; ++v) {
    EXPECT_NEAR(w->vulnerable.expected_rejection[v], z0[v] * (1.0 - rate), 1e-6) << "welcomed: z moves toward 0";
    if (z0[v] > 0) {
      EXPECT_LT(w->vulnerable.expected_rejection[v], z0[v]);
    }
    EXPECT_NEAR(w->residents.contact_extra[w->vulnerable.resident[v]], p.niche.visit_contact, 1e-6);
  }
}

TEST(NicheVisits, WelcomedVisitsRaiseMembersTolerance) {
  Parameters p = test_params();
  p.niche.self_attendance = 1.0;
  p.niche.welcome_hospitality_weight = 1.0;
  // no ties formed at the visits: a new tie's first meeting is an everyday
  // contact of its own (AttitudeContact), not the visit's effect counted here
  p.network.form_probability = 0.0;
  auto [w, k] = visit_world(p, 1.f);
  w->niches.hospitality[k] = 1.f;
  set_member_tolerance(*w, k, 0.2f);
  start_week(*w);
  niche_visits(*w);
  const Niches& N = w->niches;
  const double per_contact = p.attitude.contact_effect * N.rate(k) * (N.ceiling(k) - 0.2);
  ASSERT_GT(per_contact, 0.0);
  const double contacts = double(w->vulnerable.size) * p.niche.meetings_per_visit;
  EXPECT_NEAR(delta_sum(*w), contacts * per_contact, 1e-3 * contacts * per_contact);
  // only members of the niche were met
  for (std::uint32_t i = 0; i < w->residents.size; ++i)
    if (w->residents.niche[i] != k) {
      EXPECT_EQ(w->residents.tolerance_delta[i], 0.f);
    }
}

TEST(NicheVisits, RejectionRaisesExpectedRejectionAndLowersTolerance) {
  Parameters p = test_params();
  p.niche.self_attendance = 1.0;
  p.niche.welcome_hospitality_weight = 1.0;
  p.network.form_probability = 1.0;
  auto [w, k] = visit_world(p, 1.f);
  w->niches.hospitality[k] = 0.f;  // never welcomed
  set_member_tolerance(*w, k, 0.6f);
  const auto z0 = w->vulnerable.expected_rejection;
  start_week(*w);
  niche_visits(*w);
  const double rate = p.niche.expected_rejection_rate;
  for (std::uint32_t v = 0; v < w->vulnerable.size; ++v) {
    EXPECT_NEAR(w->vulnerable.expected_rejection[v], z0[v] + rate * (1.0 - z0[v]), 1e-6);
    EXPECT_NEAR(w->residents.contact_extra[w->vulnerable.resident[v]], 0.2 * p.niche.visit_contact, 1e-6);
  }
  const double contacts = double(w->vulnerable.size) * p.niche.meetings_per_visit;
  const double per_contact = p.attitude.negative_ratio * p.attitude.contact_effect * 0.6;
  EXPECT_NEAR(delta_sum(*w), -contacts * per_contact, 1e-3 * contacts * per_contact);
  EXPECT_EQ(total_ties(*w), 0u) << "a rejection makes no ties";
}

TEST(NicheVisits, WelcomedMeetingsBecomeNicheTies) {
  Parameters p = test_params();
  p.niche.self_attendance = 1.0;
  p.network.form_probability = 1.0;
  p.network.age_homophily = 0.0;
  auto [w, k] = visit_world(p, 1.f);
  w->niches.hospitality[k] = 1.f;
  set_member_tolerance(*w, k, 1.f);
  std::fill(w->vulnerable.expected_rejection.begin(), w->vulnerable.expected_rejection.end(), 0.f);
  start_week(*w);
  niche_visits(*w);
  EXPECT_TRUE(ties_consistent(*w));
  std::uint32_t with_tie = 0;
  for (std::uint32_t v = 0; v < w->vulnerable.size; ++v) {
    const std::uint32_t i = w->vulnerable.resident[v];
    with_tie += w->ties.degree(i) > 0;
    for (std::uint32_t s = w->ties.first(i); s < w->ties.last(i); ++s) {
      EXPECT_EQ(w->ties.kind(s), TieKind::Niche);
      EXPECT_EQ(w->residents.niche[w->ties.partner[s]], k) << "ties are with members met";
    }
  }
  // every visitor met members and every meeting had chance 1; only full tie slots stop it
  EXPECT_GT(with_tie, 0.9 * w->vulnerable.size);
  EXPECT_GT(w->counters.ties_formed[0], 0.0);
}

TEST(NicheVisits, GroupsConnectPeopleWithFewTies) {
  // the same meetings with and without the poor-get-richer boost
  double formed[2];
  for (int boost = 0; boost < 2; ++boost) {
    Parameters p = test_params();
    p.niche.self_attendance = 1.0;
    p.network.form_probability = 0.25;
    p.network.age_homophily = 0.0;
    p.niche.poor_get_richer = boost ? 3.0 : 0.0;  // degree 0: 4 x 0.25 = certain
    auto [w, k] = visit_world(p, 1.f);
    w->niches.hospitality[k] = 1.f;
    set_member_tolerance(*w, k, 1.f);
    std::fill(w->vulnerable.expected_rejection.begin(), w->vulnerable.expected_rejection.end(), 0.f);
    start_week(*w);
    niche_visits(*w);
    formed[boost] = w->counters.ties_formed[0];
  }
  EXPECT_GT(formed[1], 2.0 * formed[0]);
}

TEST(NicheVisits, KwartiermakerTakesAClientAlongAndRaisesHospitality) {
  Parameters p = test_params();
  p.buddy.accompany = 0.0;
  auto [w, k] = visit_world(p, 0.f);  // nobody goes alone
  Vulnerable& V = w->vulnerable;
  V.trajectory[0] = Trajectory::NicheFinding;
  V.client_slot[0] = 1;
  V.engaged[0] = 1;
  // engaged but not in the niche phase, and in the niche phase but not engaged: no visit
  V.trajectory[1] = Trajectory::Exploring;
  V.client_slot[1] = 1;
  V.engaged[1] = 1;
  V.trajectory[2] = Trajectory::NicheFinding;
  V.client_slot[2] = 1;
  V.engaged[2] = 0;
  const float h0 = 0.4f;
  w->niches.hospitality[k] = h0;
  start_week(*w);
  niche_visits(*w);
  EXPECT_EQ(w->niches.visits[k], 1);
  EXPECT_EQ(V.attendance[0] & 1, 1);
  EXPECT_EQ(V.attendance[1] & 1, 0);
  EXPECT_EQ(V.attendance[2] & 1, 0);
  EXPECT_NEAR(w->niches.hospitality[k], h0 + p.niche.accompany_hospitality * (1.0 - h0), 1e-6);
}

TEST(NicheVisits, ABuddyTakesThePersonAlong) {
  Parameters p = test_params();
  p.buddy.accompany = 1.0;
  auto [w, k] = visit_world(p, 0.f);
  w->vulnerable.buddy[3] = 0;  // any resident id
  const float h0 = w->niches.hospitality[k];
  start_week(*w);
  niche_visits(*w);
  EXPECT_EQ(w->niches.visits[k], 1);
  EXPECT_EQ(w->vulnerable.attendance[3] & 1, 1);
  EXPECT_FLOAT_EQ(w->niches.hospitality[k], h0) << "only the kwartiermaker's visits work on hospitality";
}

TEST(NicheVisits, FindingANicheOfOnesWishUnaided) {
  Parameters p = test_params();
  p.niche.self_find = 1.0;
  auto [w, k] = visit_world(p, 1.f);
  Vulnerable& V = w->vulnerable;
  for (std::uint32_t v = 0; v < V.size; ++v) V.niche[v] = kNone;
  V.trajectory[1] = Trajectory::Exploring;  // a client: the kwartiermaker finds the niche
  V.self_efficacy[2] = 0.f;                 // too little self-efficacy
  start_week(*w);
  niche_visits(*w);
  EXPECT_EQ(V.niche[1], kNone);
  EXPECT_EQ(V.niche[2], kNone);
  for (std::uint32_t v = 3; v < V.size; ++v) {
    ASSERT_NE(V.niche[v], kNone);
    EXPECT_EQ(w->niches.type[V.niche[v]], static_cast<NicheType>(V.wish[v]));
    EXPECT_EQ(w->niches.wijk[V.niche[v]], w->residents.wijk[V.resident[v]]);
  }
  // never with self_find 0
  p.niche.self_find = 0.0;
  auto [w2, k2] = visit_world(p, 1.f);
  for (std::uint32_t v = 0; v < w2->vulnerable.size; ++v) w2->vulnerable.niche[v] = kNone;
  start_week(*w2);
  niche_visits(*w2);
  for (std::uint32_t v = 0; v < w2->vulnerable.size; ++v) {
    EXPECT_EQ(w2->vulnerable.niche[v], kNone);
  }
}

}  // namespace
}  // namespace kw::model
