// Process 9: trajectory end.
#include "model/fixtures.h"

#include <gtest/gtest.h>

namespace kw::model {
namespace {

using namespace testing;

Parameters end_params() {
  Parameters p = test_params();
  p.kwartiermaker.dropout = 0.0;
  p.kwartiermaker.trajectory_weeks = 39;
  p.kwartiermaker.success_min_weeks = 12;
  return p;
}

struct Client {
  std::unique_ptr<World> w;
  std::uint32_t k = kNone;  // the niche place
};

// Vulnerable resident 0 in `phase` with kwartiermaker 0 and a place in a niche,
// `weeks` active weeks, no crisis, not accepted with a role; week 50.
Client client(const Parameters& p, Trajectory phase, int weeks) {
  Client c;
  c.w = make_world(p, 1000, 0.2, true);
  World& w = *c.w;
  w.week = 50;
  Vulnerable& V = w.vulnerable;
  for (std::uint32_t v = 0; v < V.size; ++v) {
    V.crisis_until[v] = 0;
    V.accepted_with_role[v] = 0;
    w.residents.withdrawal[V.resident[v]] = 0.f;
  }
  enter_trajectory(w, 0, phase, 0);
  V.active_weeks[0] = static_cast<std::uint16_t>(weeks);
  c.k = niche_of_type(w, 0, NicheType::MeetingCafe);
  give_client_place(w, 0, c.k);
  return c;
}

Outcome run_end(Client& c) {
  start_week(*c.w);
  trajectory_end(*c.w);
  return c.w->vulnerable.outcome[0];
}

TEST(TrajectoryEnd, TheTimeLimitEndsAnUnsuccessfulTrajectory) {
  const Parameters p = end_params();
  auto c = client(p, Trajectory::Fading, 39);
  World& w = *c.w;
  const Vulnerable& V = w.vulnerable;
  EXPECT_EQ(run_end(c), Outcome::NotWorked);
  EXPECT_EQ(V.trajectory[0], Trajectory::Ended);
  EXPECT_EQ(w.counters.not_worked[0], 1.0);
  EXPECT_EQ(w.counters.successes[0], 0.0);
  // the caseload and the niche place are freed; the person keeps the niche
  EXPECT_EQ(w.kwartiermakers.caseload[0], 0);
  EXPECT_EQ(w.niches.clients[c.k], 0);
  EXPECT_EQ(V.client_slot[0], 0);
  EXPECT_EQ(V.niche[0], c.k);
  const TrajectoryRecord& rec = w.trajectories[V.event_row[0]];
  EXPECT_EQ(rec.outcome, Outcome::NotWorked);
  EXPECT_EQ(rec.end_week, w.reported_week());
}

TEST(TrajectoryEnd, BeforeTheLimitItGoesOn) {
  const Parameters p = end_params();
  auto c = client(p, Trajectory::Fading, 38);
  EXPECT_EQ(run_end(c), Outcome::None);
  EXPECT_EQ(c.w->vulnerable.trajectory[0], Trajectory::Fading);
  EXPECT_EQ(c.w->kwartiermakers.caseload[0], 1);
  EXPECT_EQ(c.w->niches.clients[c.k], 1);
  EXPECT_EQ(c.w->trajectories[c.w->vulnerable.event_row[0]].end_week, -1);
}

TEST(TrajectoryEnd, SuccessEndsATrajectoryEarly) {
  const Parameters p = end_params();
  for (Trajectory phase : {Trajectory::NicheFinding, Trajectory::Fading}) {
    auto c = client(p, phase, p.kwartiermaker.success_min_weeks);
    c.w->vulnerable.accepted_with_role[0] = 1;
    EXPECT_EQ(run_end(c), Outcome::Success);
    EXPECT_EQ(c.w->counters.successes[0], 1.0);
    EXPECT_EQ(c.w->kwartiermakers.caseload[0], 0);
    EXPECT_EQ(c.w->niches.clients[c.k], 0);
  }
}

TEST(TrajectoryEnd, NoEarlySuccessTooSoonOrWhileExploring) {
  const Parameters p = end_params();
  auto soon = client(p, Trajectory::NicheFinding, p.kwartiermaker.success_min_weeks - 1);
  soon.w->vulnerable.accepted_with_role[0] = 1;
  EXPECT_EQ(run_end(soon), Outcome::None);
  auto exploring = client(p, Trajectory::Exploring, 20);
  exploring.w->vulnerable.accepted_with_role[0] = 1;
  EXPECT_EQ(run_end(exploring), Outcome::None);
  // at the limit, still exploring, it did not work
  auto limit = client(p, Trajectory::Exploring, 39);
  limit.w->vulnerable.accepted_with_role[0] = 1;
  EXPECT_EQ(run_end(limit), Outcome::NotWorked);
}

TEST(TrajectoryEnd, SuccessAtTheLimit) {
  Parameters p = end_params();
  p.kwartiermaker.success_min_weeks = 100;  // no early success
  auto c = client(p, Trajectory::Fading, 39);
  c.w->vulnerable.accepted_with_role[0] = 1;
  EXPECT_EQ(run_end(c), Outcome::Success);
}

TEST(TrajectoryEnd, CertainDropOut) {
  Parameters p = end_params();
  p.kwartiermaker.dropout = 1.0;
  auto c = client(p, Trajectory::NicheFinding, 3);
  EXPECT_EQ(run_end(c), Outcome::DroppedOut);
  EXPECT_EQ(c.w->counters.dropped_out[0], 1.0);
  EXPECT_EQ(c.w->kwartiermakers.caseload[0], 0);
  EXPECT_EQ(c.w->niches.clients[c.k], 0);
  EXPECT_EQ(c.w->trajectories[c.w->vulnerable.event_row[0]].outcome, Outcome::DroppedOut);
}

TEST(TrajectoryEnd, ACrisisPausesTheEnd) {
  Parameters p = end_params();
  p.kwartiermaker.dropout = 1.0;
  auto c = client(p, Trajectory::Fading, 60);
  c.w->vulnerable.crisis_until[0] = 55;
  EXPECT_EQ(run_end(c), Outcome::None);
  EXPECT_EQ(c.w->vulnerable.trajectory[0], Trajectory::Fading);
}

TEST(TrajectoryEnd, OnlyTrajectoriesEnd) {
  Parameters p = end_params();
  p.kwartiermaker.dropout = 1.0;
  auto c = client(p, Trajectory::Fading, 60);
  World& w = *c.w;
  Vulnerable& V = w.vulnerable;
  V.trajectory[1] = Trajectory::Waiting;
  V.active_weeks[1] = 60;
  start_week(w);
  trajectory_end(w);
  EXPECT_EQ(V.outcome[1], Outcome::None);
  EXPECT_EQ(V.trajectory[1], Trajectory::Waiting);
  for (std::uint32_t v = 2; v < V.size; ++v) {
    ASSERT_EQ(V.trajectory[v], Trajectory::None);
  }
  // an ended trajectory is not ended twice
  ASSERT_EQ(V.trajectory[0], Trajectory::Ended);
  ++w.week;
  start_week(w);
  trajectory_end(w);
  EXPECT_EQ(w.counters.dropped_out[0], 0.0);
  EXPECT_EQ(w.kwartiermakers.caseload[0], 0);
}

TEST(TrajectoryEnd, PressureRaisesDropOut) {
  // weekly drop-out: dropout x mismatch_dropout when pressured, over many clients
  Parameters p = end_params();
  p.kwartiermaker.dropout = 0.04;
  p.kwartiermaker.mismatch_dropout = 4.0;
  auto w = make_world(p, 6000, 0.5, true);
  Vulnerable& V = w->vulnerable;
  for (std::uint32_t v = 0; v < V.size; ++v) {
    V.crisis_until[v] = 0;
    w->residents.withdrawal[V.resident[v]] = 0.f;
    enter_trajectory(*w, v, Trajectory::NicheFinding, 0);
    V.active_weeks[v] = 5;
    V.pressured[v] = v % 2;
  }
  start_week(*w);
  trajectory_end(*w);
  double pressured = 0, free = 0;
  for (std::uint32_t v = 0; v < V.size; ++v) (v % 2 ? pressured : free) += V.outcome[v] == Outcome::DroppedOut;
  const double n = V.size / 2.0;
  EXPECT_NEAR(free, 0.04 * n, k_sigma(n, 0.04));
  EXPECT_NEAR(pressured, 0.16 * n, k_sigma(n, 0.16));
  EXPECT_EQ(w->kwartiermakers.caseload[0], V.size - free - pressured);
}

}  // namespace
}  // namespace kw::model
