// Process 5: kwartiermaker work.
#include "model/fixtures.h"

#include "model/model.h"

#include <gtest/gtest.h>

#include <set>

namespace kw::model {
namespace {

using namespace testing;

Parameters work_params() {
  Parameters p = test_params();
  p.kwartiermaker.referral = 1.0;
  p.kwartiermaker.walk_in = 0.0;
  p.buddy.enabled = false;
  return p;
}

// 1000 adults, a fifth vulnerable, in one wijk; vulnerable residents v with
// v % 2 == 0 are lonely (eligible), the others not; nobody in crisis.
std::unique_ptr<World> work_world(const Parameters& p, bool active = true, int niches_per_type = 1) {
  auto w = make_world(p, 1000, 0.2, active, niches_per_type);
  Vulnerable& V = w->vulnerable;
  for (std::uint32_t v = 0; v < V.size; ++v) {
    w->residents.loneliness[V.resident[v]] = v % 2 == 0 ? 0.9f : 0.1f;
    V.crisis_until[v] = 0;
  }
  return w;
}

std::vector<std::uint32_t> eligible(const World& w) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t v = 0; v < w.vulnerable.size; ++v)
    if (w.residents.loneliness[w.vulnerable.resident[v]] >= w.params.loneliness.moderate_threshold) out.push_back(v);
  return out;
}

TEST(KwartiermakerWork, NoActiveWijkNoTrajectories) {
  const Parameters p = work_params();
  auto w = work_world(p, false);
  EXPECT_EQ(w->kwartiermakers.size, 0u);
  for (int week = 0; week < 5; ++week) {
    start_week(*w);
    kwartiermaker_work(*w);
    EXPECT_EQ(w->counters.intakes[0], 0.0);
    ++w->week;
  }
  for (std::uint32_t v = 0; v < w->vulnerable.size; ++v) {
    EXPECT_EQ(w->vulnerable.trajectory[v], Trajectory::None);
  }
  EXPECT_TRUE(w->trajectories.empty());
  EXPECT_TRUE(w->wijken[0].waiting_list.empty());
}

TEST(KwartiermakerWork, AnActiveWijkWithoutKwartiermakersHasNoTrajectories) {
  Parameters p = work_params();
  p.kwartiermaker.per_wijk = 0;
  auto w = work_world(p, true);
  start_week(*w);
  kwartiermaker_work(*w);
  EXPECT_TRUE(w->trajectories.empty());
  for (std::uint32_t v = 0; v < w->vulnerable.size; ++v) {
    EXPECT_EQ(w->vulnerable.trajectory[v], Trajectory::None);
  }
}

TEST(KwartiermakerWork, NothingDuringTheBurnIn) {
  const Parameters p = work_params();
  auto w = work_world(p, true);
  w->burn_in_weeks = 5;
  w->week = 3;
  const auto h0 = w->niches.hospitality;
  start_week(*w);
  kwartiermaker_work(*w);
  EXPECT_TRUE(w->trajectories.empty());
  EXPECT_EQ(w->niches.hospitality, h0) << "no neighbourhood work before the programme starts";
  EXPECT_EQ(w->counters.indirect_contacts[0], 0.0);
}

TEST(KwartiermakerWork, CertainReferralTakesEligibleResidentsUpToTheCaseload) {
  Parameters p = work_params();
  p.kwartiermaker.caseload = 4;
  auto w = work_world(p);
  Vulnerable& V = w->vulnerable;
  // an eligible resident in crisis is not referred
  V.crisis_until[2] = 20;
  start_week(*w);
  kwartiermaker_work(*w);
  std::vector<std::uint32_t> expected;
  for (std::uint32_t v : eligible(*w))
    if (v != 2) expected.push_back(v);
  ASSERT_GT(expected.size(), 10u);
  EXPECT_EQ(w->trajectories.size(), expected.size());
  EXPECT_EQ(w->counters.intakes[0], 4.0);
  EXPECT_EQ(w->kwartiermakers.caseload[0], 4);
  // the first four in id order started, the rest wait in id order
  for (std::size_t n = 0; n < expected.size(); ++n) {
    const std::uint32_t v = expected[n];
    const TrajectoryRecord& rec = w->trajectories[V.event_row[v]];
    EXPECT_EQ(rec.resident, V.resident[v]);
    EXPECT_EQ(rec.referral_week, 1);
    if (n < 4) {
      EXPECT_EQ(V.trajectory[v], Trajectory::Exploring);
      EXPECT_EQ(V.kwartiermaker[v], 0u);
      EXPECT_EQ(rec.start_week, 1);
    } else {
      EXPECT_EQ(V.trajectory[v], Trajectory::Waiting);
      EXPECT_EQ(rec.start_week, -1);
    }
  }
  EXPECT_EQ(w->wijken[0].waiting_list, std::vector<std::uint32_t>(expected.begin() + 4, expected.end()));
  // not lonely, or in crisis: not referred
  EXPECT_EQ(V.trajectory[1], Trajectory::None);
  EXPECT_EQ(V.trajectory[2], Trajectory::None);
}

TEST(KwartiermakerWork, ZeroReferralAndWalkInMeansNoIntake) {
  Parameters p = work_params();
  p.kwartiermaker.referral = 0.0;
  auto w = work_world(p);
  for (int week = 0; week < 5; ++week) {
    start_week(*w);
    kwartiermaker_work(*w);
    ++w->week;
  }
  EXPECT_TRUE(w->trajectories.empty());
}

TEST(KwartiermakerWork, WaitingListIsFirstComeFirstServed) {
  Parameters p = work_params();
  p.kwartiermaker.caseload = 2;
  auto w = work_world(p);
  Vulnerable& V = w->vulnerable;
  start_week(*w);
  kwartiermaker_work(*w);
  const std::vector<std::uint32_t> waiting = w->wijken[0].waiting_list;
  ASSERT_GE(waiting.size(), 3u);
  // week 2: one more resident becomes eligible, one client ends
  w->residents.loneliness[V.resident[1]] = 0.9f;
  std::uint32_t ended = kNone;
  for (std::uint32_t v = 0; v < V.size && ended == kNone; ++v)
    if (V.in_trajectory(v)) ended = v;
  V.trajectory[ended] = Trajectory::Ended;
  --w->kwartiermakers.caseload[0];
  ++w->week;
  start_week(*w);
  kwartiermaker_work(*w);
  EXPECT_TRUE(V.in_trajectory(waiting[0])) << "the first on the list goes first";
  EXPECT_EQ(V.trajectory[waiting[1]], Trajectory::Waiting);
  std::vector<std::uint32_t> expected(waiting.begin() + 1, waiting.end());
  expected.push_back(1);  // newcomers join at the end
  EXPECT_EQ(w->wijken[0].waiting_list, expected);
  EXPECT_EQ(w->kwartiermakers.caseload[0], 2);
}

TEST(KwartiermakerWork, ClientsGoToTheKwartiermakerWithTheFewestClients) {
  Parameters p = work_params();
  p.kwartiermaker.per_wijk = 3;
  p.kwartiermaker.caseload = 5;
  auto w = work_world(p);
  start_week(*w);
  kwartiermaker_work(*w);
  ASSERT_GE(eligible(*w).size(), 15u);
  for (std::uint32_t k = 0; k < 3; ++k) {
    EXPECT_EQ(w->kwartiermakers.caseload[k], 5);
  }
  EXPECT_EQ(w->counters.intakes[0], 15.0);
}

TEST(KwartiermakerWork, ExploringPhaseLengthWithinItsRange) {
  Parameters p = work_params();
  p.kwartiermaker.caseload = 1000;
  p.kwartiermaker.exploring_min = 3;
  p.kwartiermaker.exploring_max = 7;
  auto w = work_world(p);
  start_week(*w);
  kwartiermaker_work(*w);
  std::set<int> lengths;
  for (std::uint32_t v : eligible(*w)) {
    ASSERT_EQ(w->vulnerable.trajectory[v], Trajectory::Exploring);
    const int len = w->vulnerable.phase_length[v];
    EXPECT_GE(len, 3);
    EXPECT_LE(len, 7);
    lengths.insert(len);
  }
  EXPECT_EQ(lengths.size(), 5u) << "about 100 clients draw every length of 3..7";
}

TEST(KwartiermakerWork, ExploringEndsAfterItsLengthAndTheNichePhaseBegins) {
  Parameters p = work_params();
  p.kwartiermaker.referral = 0.0;
  p.kwartiermaker.engagement = 1.0;
  p.kwartiermaker.niche_min = 10;
  p.kwartiermaker.niche_max = 12;
  auto w = work_world(p);
  Vulnerable& V = w->vulnerable;
  enter_trajectory(*w, 0, Trajectory::Exploring, 0);
  V.phase_length[0] = 3;
  const std::uint32_t i = V.resident[0];
  for (int week = 1; week <= 3; ++week) {
    w->residents.contact_extra[i] = 0.f;
    start_week(*w);
    kwartiermaker_work(*w);
    EXPECT_EQ(V.engaged[0], 1);
    EXPECT_NEAR(w->residents.contact_extra[i], p.kwartiermaker.visit_contact, 1e-6);
    EXPECT_EQ(V.active_weeks[0], week);
    if (week < 3) {
      EXPECT_EQ(V.trajectory[0], Trajectory::Exploring);
      EXPECT_EQ(V.phase_weeks[0], week);
    }
    ++w->week;
  }
  EXPECT_EQ(V.trajectory[0], Trajectory::NicheFinding);
  EXPECT_EQ(V.phase_weeks[0], 0);
  EXPECT_GE(V.phase_length[0], 10);
  EXPECT_LE(V.phase_length[0], 12);
  EXPECT_EQ(w->trajectories[V.event_row[0]].niche_phase_week, 3);
}

TEST(KwartiermakerWork, ACrisisPausesTheTrajectory) {
  Parameters p = work_params();
  p.kwartiermaker.referral = 0.0;
  p.kwartiermaker.engagement = 1.0;
  auto w = work_world(p);
  Vulnerable& V = w->vulnerable;
  enter_trajectory(*w, 0, Trajectory::Exploring, 0);
  V.phase_weeks[0] = 2;
  V.active_weeks[0] = 2;
  V.crisis_until[0] = 10;
  start_week(*w);
  kwartiermaker_work(*w);
  EXPECT_EQ(V.phase_weeks[0], 2);
  EXPECT_EQ(V.active_weeks[0], 2);
  EXPECT_EQ(V.engaged[0], 0);
  EXPECT_EQ(w->kwartiermakers.client_hours[0], 0.f) << "no hours for a paused client";
}

// One client at the end of exploring, with the given pressure; returns the world.
std::unique_ptr<World> end_exploring(double pressure, std::uint32_t clients) {
  Parameters p = work_params();
  p.kwartiermaker.referral = 0.0;
  p.kwartiermaker.pressure = pressure;
  p.kwartiermaker.caseload = 1000;
  auto w = work_world(p, true, 5);
  for (std::uint32_t v = 0; v < clients && v < w->vulnerable.size; ++v) {
    enter_trajectory(*w, v, Trajectory::Exploring, 0);
    w->vulnerable.phase_length[v] = 1;
  }
  start_week(*w);
  kwartiermaker_work(*w);
  return w;
}

TEST(KwartiermakerWork, NoPressureFollowsTheWish) {
  auto w = end_exploring(0.0, 100);
  const Vulnerable& V = w->vulnerable;
  for (std::uint32_t v = 0; v < 100; ++v) {
    ASSERT_EQ(V.trajectory[v], Trajectory::NicheFinding);
    EXPECT_EQ(V.activity[v], V.wish[v]);
    EXPECT_EQ(V.pressured[v], 0);
    EXPECT_EQ(w->trajectories[V.event_row[v]].pressure_applied, 0);
  }
}

TEST(KwartiermakerWork, FullPressureSteersToPaidWork) {
  auto w = end_exploring(1.0, 100);
  const Vulnerable& V = w->vulnerable;
  int pressured = 0;
  for (std::uint32_t v = 0; v < 100; ++v) {
    ASSERT_EQ(V.trajectory[v], Trajectory::NicheFinding);
    EXPECT_EQ(V.activity[v], static_cast<std::uint8_t>(NicheType::Employer));
    EXPECT_EQ(V.pressured[v], V.wish[v] != static_cast<std::uint8_t>(NicheType::Employer));
    EXPECT_EQ(w->trajectories[V.event_row[v]].pressure_applied, V.pressured[v]);
    pressured += V.pressured[v];
  }
  EXPECT_GT(pressured, 50) << "most do not wish for paid work";
}

TEST(KwartiermakerWork, TheMostHospitableNicheWithRoomIsChosen) {
  Parameters p = work_params();
  p.kwartiermaker.referral = 0.0;
  auto w = work_world(p, true, 3);
  Vulnerable& V = w->vulnerable;
  Niches& N = w->niches;
  const auto type = NicheType::SportsHobby;
  std::vector<std::uint32_t> ks;
  for (std::uint32_t k = 0; k < N.size; ++k)
    if (N.type[k] == type) ks.push_back(k);
  ASSERT_EQ(ks.size(), 3u);
  N.hospitality[ks[0]] = 0.3f;
  N.hospitality[ks[1]] = 0.8f;
  N.hospitality[ks[2]] = 0.6f;
  N.clients[ks[1]] = N.client_capacity[ks[1]];  // the best one is full
  for (std::uint32_t v = 0; v < 2; ++v) {
    enter_trajectory(*w, v, Trajectory::NicheFinding, 0);
    V.activity[v] = static_cast<std::uint8_t>(type);
    V.phase_length[v] = 20;
  }
  N.client_capacity[ks[2]] = 1;  // room for one client
  start_week(*w);
  kwartiermaker_work(*w);
  EXPECT_EQ(V.niche[0], ks[2]);
  EXPECT_EQ(V.client_slot[0], 1);
  EXPECT_EQ(V.niche[1], ks[0]) << "the next best once the place is taken";
  EXPECT_EQ(N.clients[ks[2]], 1);
  EXPECT_EQ(N.clients[ks[0]], 1);
  EXPECT_EQ(N.allied[ks[2]], 1);
  EXPECT_EQ(N.allied[ks[0]], 1);
  EXPECT_EQ(N.allied[ks[1]], 0);
  EXPECT_EQ(w->trajectories[V.event_row[0]].niche, ks[2]);
  EXPECT_EQ(w->trajectories[V.event_row[0]].niche_found_week, 1);
  EXPECT_EQ(w->counters.niche_shortage[0], 0.0);
}

TEST(KwartiermakerWork, NoPlaceFreeIsANicheShortage) {
  Parameters p = work_params();
  p.kwartiermaker.referral = 0.0;
  auto w = work_world(p, true, 1);
  Vulnerable& V = w->vulnerable;
  const std::uint32_t k = niche_of_type(*w, 0, NicheType::Library);
  w->niches.clients[k] = w->niches.client_capacity[k];
  enter_trajectory(*w, 0, Trajectory::NicheFinding, 0);
  V.activity[0] = static_cast<std::uint8_t>(NicheType::Library);
  V.phase_length[0] = 20;
  start_week(*w);
  kwartiermaker_work(*w);
  EXPECT_EQ(V.niche[0], kNone);
  EXPECT_EQ(V.client_slot[0], 0);
  EXPECT_EQ(w->counters.niche_shortage[0], 1.0);
}

TEST(KwartiermakerWork, PaidWorkWithoutAnEmployerIsAVolunteerOrganisation) {
  // Under pressure the predefined activity is paid work; where the wijk has
  // no employer it is a volunteer organisation, and only a wish for something
  // else counts as a mismatch.
  Parameters p = work_params();
  p.kwartiermaker.referral = 0.0;
  p.kwartiermaker.pressure = 1.0;
  WijkRow row = make_row("WK1", 1000, 0.2);
  row.niches[static_cast<int>(NicheType::Employer)] = 0;
  auto w = make_world(p, {row}, {true});
  Vulnerable& V = w->vulnerable;
  for (std::uint8_t wish : {static_cast<std::uint8_t>(NicheType::VolunteerOrg), static_cast<std::uint8_t>(NicheType::Library)}) {
    const std::uint32_t v = wish == static_cast<std::uint8_t>(NicheType::Library) ? 1 : 0;
    enter_trajectory(*w, v, Trajectory::Exploring, 0);
    V.wish[v] = wish;
    V.phase_length[v] = 1;
    V.crisis_until[v] = 0;
  }
  start_week(*w);
  kwartiermaker_work(*w);
  for (std::uint32_t v : {0u, 1u}) {
    ASSERT_EQ(V.trajectory[v], Trajectory::NicheFinding);
    EXPECT_EQ(V.activity[v], static_cast<std::uint8_t>(NicheType::VolunteerOrg));
    ASSERT_NE(V.niche[v], kNone);
    EXPECT_EQ(w->niches.type[V.niche[v]], NicheType::VolunteerOrg);
  }
  EXPECT_EQ(V.pressured[0], 0) << "the wish was the volunteer organisation";
  EXPECT_EQ(V.pressured[1], 1);
}

TEST(KwartiermakerWork, HoursForClientsAndTheNeighbourhood) {
  Parameters p = work_params();
  p.kwartiermaker.referral = 0.0;
  const auto& kp = p.kwartiermaker;
  for (std::uint32_t clients : {0u, 1u, 3u, 8u}) {
    auto w = work_world(p);
    for (std::uint32_t v = 0; v < clients; ++v) {
      enter_trajectory(*w, v, Trajectory::Exploring, 0);
      w->vulnerable.phase_length[v] = 30;
    }
    start_week(*w);
    kwartiermaker_work(*w);
    // clients get the hours their phase needs (demand, even beyond the
    // contract); the neighbourhood keeps at least its minimum share
    const double client_hours = clients * kp.hours_exploring;
    EXPECT_NEAR(w->kwartiermakers.client_hours[0], client_hours, 1e-5) << clients;
    EXPECT_NEAR(w->kwartiermakers.neighbourhood_hours[0],
                std::max(kp.hours_per_week - client_hours, kp.min_neighbourhood_share * kp.hours_per_week), 1e-5)
        << clients;
    EXPECT_GE(w->kwartiermakers.neighbourhood_hours[0], kp.min_neighbourhood_share * kp.hours_per_week - 1e-5);
  }
}

TEST(KwartiermakerWork, NeighbourhoodWorkRaisesHospitalityAndReachesResidents) {
  Parameters p = work_params();
  p.kwartiermaker.referral = 0.0;
  auto w = make_world(p, {make_row("WK1", 1000, 0.2), make_row("WK2", 1000, 0.2)}, {true, false});
  std::fill(w->residents.tolerance_delta.begin(), w->residents.tolerance_delta.end(), 0.f);
  const auto h0 = w->niches.hospitality;
  start_week(*w);
  kwartiermaker_work(*w);
  const double hours = p.kwartiermaker.hours_per_week;  // no clients
  ASSERT_NEAR(w->kwartiermakers.neighbourhood_hours[0], hours, 1e-5);
  const std::uint32_t targets = w->wijken[0].niches_end - w->wijken[0].niches_begin;
  for (std::uint32_t k = 0; k < w->niches.size; ++k) {
    if (w->niches.wijk[k] == 0) {
      // no allied niche yet: all niches of the wijk share the hours
      const double expected = h0[k] + p.kwartiermaker.hospitality_per_hour * hours / targets * (1.0 - h0[k]);
      EXPECT_NEAR(w->niches.hospitality[k], expected, 1e-6);
    } else {
      EXPECT_EQ(w->niches.hospitality[k], h0[k]) << "no kwartiermaker in the other wijk";
    }
  }
  const double reach = hours * p.kwartiermaker.indirect_contacts_per_hour;
  EXPECT_GE(w->counters.indirect_contacts[0], std::floor(reach));
  EXPECT_LE(w->counters.indirect_contacts[0], std::ceil(reach));
  EXPECT_EQ(w->counters.indirect_contacts[1], 0.0);
  std::uint32_t reached = 0;
  for (std::uint32_t i = 0; i < w->residents.size; ++i) {
    if (w->residents.wijk[i] != 0) {
      EXPECT_EQ(w->residents.tolerance_delta[i], 0.f);
    } else if (w->residents.tolerance_delta[i] > 0.f) {
      ++reached;
    }
  }
  EXPECT_GT(reached, 0u);
  EXPECT_LE(reached, w->counters.indirect_contacts[0]);
}

TEST(KwartiermakerWork, NeighbourhoodWorkGoesToAlliedNiches) {
  Parameters p = work_params();
  p.kwartiermaker.referral = 0.0;
  auto w = work_world(p);
  const std::uint32_t allied = niche_of_type(*w, 0, NicheType::Faith);
  w->niches.allied[allied] = 1;
  const auto h0 = w->niches.hospitality;
  start_week(*w);
  kwartiermaker_work(*w);
  for (std::uint32_t k = 0; k < w->niches.size; ++k) {
    if (k == allied) {
      EXPECT_GT(w->niches.hospitality[k], h0[k]);
    } else {
      EXPECT_EQ(w->niches.hospitality[k], h0[k]);
    }
  }
}

TEST(KwartiermakerWork, JobCarvingAddsRoleSlotsAtEmployers) {
  Parameters p = work_params();
  p.kwartiermaker.referral = 0.0;
  p.kwartiermaker.hours_per_week = 18;
  p.kwartiermaker.job_carving_per_hour = 0.1;  // 18 hours: 1.8 slots a week
  auto w = work_world(p);
  const std::uint32_t employer = niche_of_type(*w, 0, NicheType::Employer);
  const std::uint16_t slots0 = w->niches.job_slots[employer];
  start_week(*w);
  kwartiermaker_work(*w);
  EXPECT_EQ(w->niches.job_slots[employer], slots0 + 1);
  EXPECT_NEAR(w->wijken[0].job_carving_progress, 0.8, 1e-9);
  ++w->week;
  start_week(*w);
  kwartiermaker_work(*w);
  EXPECT_EQ(w->niches.job_slots[employer], slots0 + 3);
  // no carving at rate 0
  p.kwartiermaker.job_carving_per_hour = 0.0;
  auto w2 = work_world(p);
  start_week(*w2);
  kwartiermaker_work(*w2);
  EXPECT_EQ(w2->niches.job_slots[employer], slots0);
}

TEST(KwartiermakerWork, ANewNichePlaceReleasesARoleHeldElsewhere) {
  // A resident found a niche alone and holds a volunteer role there; once a
  // client in the niche phase, the kwartiermaker finds a niche of the activity
  // and the role is reset to none, its slot in the old niche freed.
  Parameters p = work_params();
  p.kwartiermaker.referral = 0.0;
  auto w = work_world(p);
  Vulnerable& V = w->vulnerable;
  Niches& N = w->niches;
  const std::uint32_t old_niche = niche_of_type(*w, 0, NicheType::SportsHobby);
  V.niche[0] = old_niche;
  V.role[0] = Role::Volunteer;
  V.role_weeks[0] = 20;
  ++N.volunteers[old_niche];
  enter_trajectory(*w, 0, Trajectory::NicheFinding, 0);
  V.activity[0] = static_cast<std::uint8_t>(NicheType::MeetingCafe);
  V.phase_length[0] = 20;
  start_week(*w);
  kwartiermaker_work(*w);
  ASSERT_EQ(V.niche[0], niche_of_type(*w, 0, NicheType::MeetingCafe));
  EXPECT_EQ(V.role[0], Role::None);
  std::uint16_t holders = 0;
  for (std::uint32_t v = 0; v < V.size; ++v) holders += V.niche[v] == old_niche && V.role[v] == Role::Volunteer;
  EXPECT_EQ(N.volunteers[old_niche], holders) << "volunteer roles counted at the old niche that nobody holds";
}

TEST(KwartiermakerWork, BookkeepingHoldsOverAFullRun) {
  // caseloads, niche client places and role slots against the residents who
  // hold them, week after week of the whole schedule
  Parameters p = test_params();
  p.kwartiermaker.referral = 0.05;
  p.kwartiermaker.trajectory_weeks = 20;
  p.kwartiermaker.dropout = 0.02;
  p.crisis.hazard = 0.02;
  p.niche.self_find = 0.2;
  p.roles.acceptance_threshold = 0.3;
  p.run.weeks = 40;
  Model model(make_world(p, {make_row("WK1", 2000, 0.08), make_row("WK2", 1000, 0.08)}, {true, true}));
  const World& w = model.world();
  int roles_seen = 0, clients_seen = 0;
  for (int week = 0; week < p.run.weeks; ++week) {
    model.step();
    std::vector<int> caseload(w.kwartiermakers.size, 0), clients(w.niches.size, 0), volunteers(w.niches.size, 0),
        jobs(w.niches.size, 0);
    const Vulnerable& V = w.vulnerable;
    for (std::uint32_t v = 0; v < V.size; ++v) {
      if (V.in_trajectory(v)) ++caseload[V.kwartiermaker[v]];
      if (V.client_slot[v]) {
        ASSERT_TRUE(V.in_trajectory(v)) << "a client place held outside a trajectory, week " << w.week - 1;
        ++clients[V.niche[v]];
      }
      if (V.role[v] == Role::Volunteer) ++volunteers[V.niche[v]];
      if (V.role[v] == Role::CarvedJob) ++jobs[V.niche[v]];
      roles_seen += V.role[v] == Role::Volunteer || V.role[v] == Role::CarvedJob;
      clients_seen += V.client_slot[v];
    }
    for (std::uint32_t k = 0; k < w.kwartiermakers.size; ++k) {
      ASSERT_EQ(w.kwartiermakers.caseload[k], caseload[k]) << "week " << w.week - 1;
      ASSERT_LE(caseload[k], p.kwartiermaker.caseload);
    }
    for (std::uint32_t k = 0; k < w.niches.size; ++k) {
      ASSERT_EQ(w.niches.clients[k], clients[k]) << "niche " << k << " week " << w.week - 1;
      ASSERT_LE(clients[k], w.niches.client_capacity[k]);
      ASSERT_EQ(w.niches.volunteers[k], volunteers[k]) << "niche " << k << " week " << w.week - 1;
      ASSERT_LE(volunteers[k], w.niches.volunteer_slots[k]);
      ASSERT_EQ(w.niches.jobs[k], jobs[k]) << "niche " << k << " week " << w.week - 1;
      ASSERT_LE(jobs[k], w.niches.job_slots[k]);
    }
  }
  EXPECT_GT(w.trajectories.size(), 5u) << "the run did have trajectories";
  EXPECT_GT(clients_seen, 0) << "and clients in niches";
  EXPECT_GT(roles_seen, 0) << "and roles";
}

}  // namespace
}  // namespace kw::model
