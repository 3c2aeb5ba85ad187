#include "engine/schedule.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace kw::engine {
namespace {

struct World {
  std::vector<std::string> log;
  int value = 0;
};

TEST(Schedule, StartsEmptyAndAnEmptyWeekDoesNothing) {
  Schedule<World> s;
  EXPECT_TRUE(s.entries().empty());
  World w;
  s.run_week(w);
  EXPECT_TRUE(w.log.empty());
  EXPECT_EQ(w.value, 0);
}

TEST(Schedule, KeepsNamesInTheOrderAdded) {
  Schedule<World> s;
  Schedule<World>& same = s.add("ties", [](World&) {}).add("encounters", [](World&) {});
  EXPECT_EQ(&same, &s);  // add chains on the same schedule
  s.add("loneliness", [](World&) {});
  ASSERT_EQ(s.entries().size(), 3u);
  EXPECT_EQ(s.entries()[0].name, "ties");
  EXPECT_EQ(s.entries()[1].name, "encounters");
  EXPECT_EQ(s.entries()[2].name, "loneliness");
  for (const auto& e : s.entries()) EXPECT_EQ(e.seconds, 0.0) << e.name << " before any week";
}

TEST(Schedule, RunsEachProcessOncePerWeekInOrder) {
  Schedule<World> s;
  // Deliberately not alphabetical, so a sorted container would show.
  for (const char* name : {"c", "a", "d", "b"})
    s.add(name, [name = std::string(name)](World& w) { w.log.push_back(name); });
  World w;
  std::vector<std::string> want;
  for (int week = 0; week < 3; ++week) {
    s.run_week(w);
    for (const char* name : {"c", "a", "d", "b"}) want.push_back(name);
    EXPECT_EQ(w.log, want) << "after week " << week;
  }
}

TEST(Schedule, ProcessesShareTheWorldAndSeeEarlierEffects) {
  Schedule<World> s;
  World w;
  const World* seen = nullptr;
  s.add("double", [&](World& x) {
     seen = &x;
     x.value *= 2;
   }).add("add three", [](World& x) { x.value += 3; });
  w.value = 1;
  s.run_week(w);
  EXPECT_EQ(seen, &w);    // by reference, not a copy
  EXPECT_EQ(w.value, 5);  // (1 * 2) + 3, not (1 + 3) * 2
  s.run_week(w);
  EXPECT_EQ(w.value, 13);
}

TEST(Schedule, SecondsAccumulatePerProcess) {
  using namespace std::chrono_literals;
  constexpr double kSleep = 0.01;
  Schedule<World> s;
  s.add("quick", [](World& w) { ++w.value; })
      .add("slow", [](World&) { std::this_thread::sleep_for(10ms); })
      .add("quick too", [](World& w) { ++w.value; });
  World w;
  std::vector<double> last(3, 0.0);
  for (int week = 1; week <= 3; ++week) {
    s.run_week(w);
    for (std::size_t i = 0; i < 3; ++i) {
      const double sec = s.entries()[i].seconds;
      EXPECT_GE(sec, 0.0) << s.entries()[i].name;
      EXPECT_GE(sec, last[i]) << s.entries()[i].name << " went down in week " << week;
      last[i] = sec;
    }
    // sleep_for sleeps at least as long as asked, so the slow process has
    // accumulated at least one sleep per week so far.
    EXPECT_GE(s.entries()[1].seconds, week * kSleep) << "week " << week;
    // Time lands on the process that spent it.
    EXPECT_LT(s.entries()[0].seconds, s.entries()[1].seconds);
    EXPECT_LT(s.entries()[2].seconds, s.entries()[1].seconds);
  }
  EXPECT_EQ(w.value, 6);
}

}  // namespace
}  // namespace kw::engine
