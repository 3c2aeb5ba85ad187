// The buddy (maatje) project.
#include "model/fixtures.h"

#include <gtest/gtest.h>

namespace kw::model {
namespace {

using namespace testing;

Parameters buddy_params() {
  Parameters p = test_params();
  p.buddy.enabled = true;
  p.buddy.responders_per_10k = 0.0;
  p.buddy.request = 0.0;
  p.buddy.end_hazard = 0.0;
  return p;
}

// 1000 adults, a fifth vulnerable, everyone tolerant, nobody lonely or in crisis.
std::unique_ptr<World> buddy_world(const Parameters& p) {
  auto w = make_world(p, 1000, 0.2);
  set_all_tolerance(*w, 0.9f);
  std::fill(w->residents.loneliness.begin(), w->residents.loneliness.end(), 0.f);
  return w;
}

void ask(World& w, std::uint32_t v) {
  w.vulnerable.buddy_waiting[v] = 1;
  w.buddies.waiting_list.push_back(v);
}

TEST(BuddyProject, DisabledMakesNoPairs) {
  Parameters p = buddy_params();
  p.buddy.enabled = false;
  p.buddy.responders_per_10k = 50.0;
  p.buddy.request = 1.0;
  auto w = buddy_world(p);
  std::fill(w->residents.loneliness.begin(), w->residents.loneliness.end(), 0.9f);
  w->buddies.volunteers = 10;
  ask(*w, 0);
  for (int week = 0; week < 5; ++week) {
    start_week(*w);
    buddy_project(*w);
    ++w->week;
  }
  EXPECT_EQ(w->buddies.active_pairs, 0u);
  EXPECT_EQ(w->buddies.pairs_started, 0u);
  EXPECT_EQ(w->buddies.volunteers, 10.0);
  for (std::uint32_t v = 0; v < w->vulnerable.size; ++v) {
    EXPECT_EQ(w->vulnerable.buddy[v], kNone);
  }
  for (std::uint32_t i = 0; i < w->residents.size; ++i)
    for (std::uint32_t s = w->ties.first(i); s < w->ties.last(i); ++s) {
      EXPECT_NE(w->ties.kind(s), TieKind::Buddy);
    }
}

TEST(BuddyProject, VolunteersAreRecruited) {
  Parameters p = buddy_params();
  p.buddy.responders_per_10k = 30.0;
  p.buddy.conversion = 0.5;
  auto w = buddy_world(p);
  start_week(*w);
  buddy_project(*w);
  EXPECT_NEAR(w->buddies.volunteers, 30.0 * w->residents.size / 1e4 * 0.5, 1e-9);
}

TEST(BuddyProject, RequestsJoinTheWaitingList) {
  Parameters p = buddy_params();
  p.buddy.request = 1.0;
  auto w = buddy_world(p);
  Vulnerable& V = w->vulnerable;
  w->residents.loneliness[V.resident[0]] = 0.9f;  // lonely: asks
  w->residents.loneliness[V.resident[1]] = 0.9f;
  V.crisis_until[1] = 30;                          // in crisis: does not ask
  w->residents.loneliness[V.resident[2]] = 0.9f;
  start_week(*w);
  buddy_project(*w);
  EXPECT_EQ(w->buddies.waiting_list, std::vector<std::uint32_t>({0, 2})) << "no volunteers: they wait";
  EXPECT_EQ(V.buddy_waiting[0], 1);
  EXPECT_EQ(V.buddy_waiting[1], 0);
  // a second week does not put them on the list twice
  ++w->week;
  start_week(*w);
  buddy_project(*w);
  EXPECT_EQ(w->buddies.waiting_list, std::vector<std::uint32_t>({0, 2}));
  // and with request 0 nobody asks
  p.buddy.request = 0.0;
  auto w2 = buddy_world(p);
  std::fill(w2->residents.loneliness.begin(), w2->residents.loneliness.end(), 0.9f);
  start_week(*w2);
  buddy_project(*w2);
  EXPECT_TRUE(w2->buddies.waiting_list.empty());
}

TEST(BuddyProject, AvailableVolunteersAreMatchedWithABuddyTie) {
  Parameters p = buddy_params();
  auto w = buddy_world(p);
  Vulnerable& V = w->vulnerable;
  w->week = 6;
  w->buddies.volunteers = 2.5;
  ask(*w, 3);
  ask(*w, 1);
  ask(*w, 7);
  start_week(*w);
  buddy_project(*w);
  // first come first served: 3 and 1 get a buddy, 7 waits
  EXPECT_EQ(w->buddies.waiting_list, std::vector<std::uint32_t>({7}));
  EXPECT_NEAR(w->buddies.volunteers, 0.5, 1e-12);
  EXPECT_EQ(w->buddies.active_pairs, 2u);
  EXPECT_EQ(w->buddies.pairs_started, 2u);
  EXPECT_EQ(w->counters.buddy_pairs_started[0], 2.0);
  EXPECT_EQ(V.buddy[7], kNone);
  for (std::uint32_t v : {3u, 1u}) {
    const std::uint32_t i = V.resident[v], b = V.buddy[v];
    ASSERT_NE(b, kNone);
    EXPECT_EQ(w->residents.vulnerable[b], kNone) << "the buddy is a volunteer, not a vulnerable resident";
    EXPECT_EQ(w->residents.wijk[b], w->residents.wijk[i]);
    EXPECT_GE(w->residents.tolerance(b), p.attitude.neighbour_threshold);
    EXPECT_EQ(V.buddy_until[v], 6 + p.buddy.max_weeks);
    EXPECT_EQ(V.buddy_waiting[v], 0);
    const std::uint32_t s = w->ties.find(i, b);
    ASSERT_NE(s, 0xFFFFFFFFu);
    EXPECT_EQ(w->ties.kind(s), TieKind::Buddy);
    EXPECT_GT(w->ties.next_event[s], 6);
  }
  EXPECT_TRUE(ties_consistent(*w));
}

TEST(BuddyProject, NoVolunteerNoMatch) {
  Parameters p = buddy_params();
  auto w = buddy_world(p);
  w->buddies.volunteers = 0.9;
  ask(*w, 0);
  start_week(*w);
  buddy_project(*w);
  EXPECT_EQ(w->vulnerable.buddy[0], kNone);
  EXPECT_EQ(w->buddies.waiting_list, std::vector<std::uint32_t>({0}));
}

TEST(BuddyProject, OnlyTolerantResidentsBecomeBuddies) {
  Parameters p = buddy_params();
  auto w = buddy_world(p);
  set_all_tolerance(*w, 0.f);
  w->buddies.volunteers = 3;
  ask(*w, 0);
  start_week(*w);
  buddy_project(*w);
  EXPECT_EQ(w->vulnerable.buddy[0], kNone);
  EXPECT_EQ(w->buddies.waiting_list.size(), 1u) << "tries again next week";
  EXPECT_EQ(w->buddies.volunteers, 3.0);
}

TEST(BuddyProject, AFullNetworkMakesRoomByDroppingTheWeakestNonKinTie) {
  Parameters p = buddy_params();
  auto w = buddy_world(p);
  clear_ties(*w);
  Ties& T = w->ties;
  const std::uint32_t i = w->vulnerable.resident[0];
  // fill i's slots: kin at weight 0.05 (weakest of all), others 0.3 and up, one at 0.2
  std::uint32_t j = (i + 1) % w->residents.size, weakest = kNone;
  bool kin = true;
  float weight = 0.3f;
  while (T.has_room(i)) {
    while (j == i) j = (j + 1) % w->residents.size;
    if (kin) {
      add_tie(*w, i, j, TieKind::Kin, 0.05f, 50, static_cast<std::uint16_t>(w->week));
      kin = false;
    } else if (weakest == kNone) {
      add_tie(*w, i, j, TieKind::Friend, 0.2f, 50, static_cast<std::uint16_t>(w->week));
      weakest = j;
    } else {
      add_tie(*w, i, j, TieKind::Neighbour, weight, 50, static_cast<std::uint16_t>(w->week));
      weight += 0.05f;
    }
    j = (j + 97) % w->residents.size;
  }
  const std::uint32_t degree = T.degree(i);
  w->buddies.volunteers = 1;
  ask(*w, 0);
  start_week(*w);
  buddy_project(*w);
  ASSERT_NE(w->vulnerable.buddy[0], kNone);
  EXPECT_EQ(T.degree(i), degree);
  EXPECT_EQ(T.find(i, weakest), 0xFFFFFFFFu) << "the weakest non-kin tie went";
  EXPECT_EQ(T.find(weakest, i), 0xFFFFFFFFu);
  EXPECT_NE(T.find(i, w->vulnerable.buddy[0]), 0xFFFFFFFFu);
  EXPECT_TRUE(ties_consistent(*w));
}

TEST(BuddyProject, PairsEndAtTheirLimit) {
  Parameters p = buddy_params();
  p.buddy.max_weeks = 10;
  p.buddy.return_to_pool = 1.0;
  auto w = buddy_world(p);
  Vulnerable& V = w->vulnerable;
  w->buddies.volunteers = 1;
  ask(*w, 0);
  start_week(*w);
  buddy_project(*w);
  const std::uint32_t b = V.buddy[0], i = V.resident[0];
  ASSERT_NE(b, kNone);
  ASSERT_EQ(V.buddy_until[0], 11);
  for (w->week = 2; w->week < 11; ++w->week) {
    start_week(*w);
    buddy_project(*w);
    ASSERT_EQ(V.buddy[0], b) << "week " << w->week << ": no early end at end_hazard 0";
  }
  start_week(*w);
  buddy_project(*w);  // week 11
  EXPECT_EQ(V.buddy[0], kNone);
  EXPECT_EQ(w->ties.find(i, b), 0xFFFFFFFFu);
  EXPECT_EQ(w->ties.find(b, i), 0xFFFFFFFFu);
  EXPECT_EQ(w->buddies.active_pairs, 0u);
  EXPECT_EQ(w->buddies.volunteers, 1.0) << "the volunteer returns to the pool";
}

TEST(BuddyProject, CertainEndHazardEndsPairsTheNextWeek) {
  Parameters p = buddy_params();
  p.buddy.end_hazard = 1.0;
  p.buddy.return_to_pool = 0.0;
  auto w = buddy_world(p);
  w->buddies.volunteers = 1;
  ask(*w, 0);
  start_week(*w);
  buddy_project(*w);
  ASSERT_NE(w->vulnerable.buddy[0], kNone);
  ++w->week;
  start_week(*w);
  buddy_project(*w);
  EXPECT_EQ(w->vulnerable.buddy[0], kNone);
  EXPECT_EQ(w->buddies.active_pairs, 0u);
  EXPECT_EQ(w->buddies.volunteers, 0.0);
}

}  // namespace
}  // namespace kw::model
