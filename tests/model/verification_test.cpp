// The verification properties of MODEL.md, checked over replicates with
// tolerances, never against numbers copied from a run. Each run is the pilot
// scenario (Ussen and Oss-Zuid) at reduced size, so the suite stays fast.
#include "engine/parallel.h"
#include "engine/random.h"
#include "model/model.h"
#include "model/population.h"
#include "model/processes.h"
#include "model/scenario.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace kw::model {
namespace {

const std::string kPilot = std::string(KWARTIER_SOURCE_DIR) + "/scenarios/oss-pilot.ini";

// Runs the pilot with the given overrides and returns the finished model.
std::unique_ptr<Model> run_pilot(std::vector<std::string> overrides) {
  const Scenario s = load_scenario(kPilot, overrides, nullptr);
  auto m = std::make_unique<Model>(build_world(s.params, s.wijken, s.active));
  m->run();
  return m;
}

double total(const Model& m, const char* name) { return municipality(outcome(name), m.outcomes().last(), m.world()); }

struct Sample {
  double mean = 0, se = 0;
};
Sample sample(const std::vector<double>& x) {
  Sample s;
  const double n = static_cast<double>(x.size());
  s.mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
  double ss = 0;
  for (double v : x) ss += (v - s.mean) * (v - s.mean);
  s.se = std::sqrt(ss / (n - 1) / n);
  return s;
}

// Paired replicates (common random numbers): the same seed in both arms.
// Returns the mean and standard error of the paired difference a - b.
template <class F>
Sample paired_difference(int replicates, const std::vector<std::string>& a, const std::vector<std::string>& b, F metric) {
  std::vector<double> d;
  for (int r = 0; r < replicates; ++r) {
    const std::vector<std::string> seed = {"--run.seed", std::to_string(100 + r)};
    std::vector<std::string> oa = a, ob = b;
    oa.insert(oa.end(), seed.begin(), seed.end());
    ob.insert(ob.end(), seed.begin(), seed.end());
    d.push_back(metric(*run_pilot(oa)) - metric(*run_pilot(ob)));
  }
  return sample(d);
}

// People who were ever accepted with a role (the pilot's measure), summed.
double ever_accepted(const Model& m) {
  const auto& v = m.world().vulnerable.ever_accepted;
  return std::accumulate(v.begin(), v.end(), 0.0);
}

const std::vector<std::string> kSmall = {"--population.scale", "0.6", "--run.weeks", "60", "--run.burn_in", "10"};

std::vector<std::string> with(std::vector<std::string> extra) {
  std::vector<std::string> o = kSmall;
  o.insert(o.end(), extra.begin(), extra.end());
  return o;
}

TEST(Verification, NoKwartiermakersMeansNoTrajectoriesAndNoProgrammeEffect) {
  // Kwartiermakers active nowhere, and active wijken without kwartiermakers:
  // both must give no trajectory at all and the very same run, because no
  // draw of the other processes depends on the programme's absence.
  const auto none = run_pilot(with({"--programme.active_wijken", "none"}));
  const auto zero = run_pilot(with({"--kwartiermaker.per_wijk", "0"}));
  for (const Model* m : {none.get(), zero.get()}) {
    EXPECT_TRUE(m->world().trajectories.empty());
    EXPECT_EQ(total(*m, "reached"), 0.0);
    EXPECT_EQ(total(*m, "cost"), 0.0);
    EXPECT_EQ(total(*m, "client_hours") + total(*m, "neighbourhood_hours"), 0.0);
  }
  for (const auto& d : outcome_definitions()) {
    const Series a = none->outcomes().series(d), b = zero->outcomes().series(d);
    EXPECT_TRUE(a == b) << d.name << " differs between 'no active wijk' and 'no kwartiermakers'";
  }
  // and the programme does make a difference when it runs
  const auto pilot = run_pilot(kSmall);
  EXPECT_GT(total(*pilot, "reached"), 0.0);
}

TEST(Verification, MorePressureGivesFewerSuccesses) {
  const Sample d = paired_difference(6, with({"--kwartiermaker.pressure", "1"}), with({"--kwartiermaker.pressure", "0"}),
                                     [](const Model& m) { return total(m, "ended_success") + ever_accepted(m); });
  EXPECT_LT(d.mean + 2.0 * d.se, 0.0) << "difference " << d.mean << " +- " << d.se;
}

TEST(Verification, MoreHospitableNichesGiveMoreAcceptedResidents) {
  const Sample d = paired_difference(6, with({"--niche.hospitality_mean", "0.85"}), with({"--niche.hospitality_mean", "0.15"}),
                                     [](const Model& m) { return ever_accepted(m); });
  EXPECT_GT(d.mean - 2.0 * d.se, 0.0) << "difference " << d.mean << " +- " << d.se;
}

TEST(Verification, AttitudesDoNotMoveWithoutContactOrInfluence) {
  // No contact effect and no exchange of views: every tolerance stays as it was.
  const Scenario s = load_scenario(kPilot, with({"--attitude.contact_effect", "0", "--attitude.influence", "0"}), nullptr);
  Model m(build_world(s.params, s.wijken, s.active));
  std::vector<float> before(m.world().residents.size);
  for (std::uint32_t i = 0; i < before.size(); ++i) before[i] = m.world().residents.tolerance(i);
  m.run();
  for (std::uint32_t i = 0; i < before.size(); ++i) ASSERT_EQ(before[i], m.world().residents.tolerance(i)) << i;
}

TEST(Verification, AttitudesMoveOnlyWhereContactOrInfluenceHappened) {
  // With influence and contact effects on, but no fading, no niche meetings and
  // no neighbourhood work, a resident whose tolerance changes in a week must
  // have had a tie contact in that week.
  const Scenario s = load_scenario(kPilot,
                                   with({"--attitude.fade", "0", "--niche.meetings_per_visit", "0",
                                         "--programme.active_wijken", "none", "--attitude.influence", "0.5",
                                         "--attitude.everyday_quality", "1"}),
                                   nullptr);
  Model m(build_world(s.params, s.wijken, s.active));
  const World& w = m.world();
  std::size_t moved = 0;
  for (int week = 0; week < 15; ++week) {
    std::vector<float> before(w.residents.size);
    for (std::uint32_t i = 0; i < before.size(); ++i) before[i] = w.residents.tolerance(i);
    const auto this_week = static_cast<std::uint16_t>(w.week);
    m.step();
    for (std::uint32_t i = 0; i < before.size(); ++i) {
      if (before[i] == w.residents.tolerance(i)) continue;
      ++moved;
      bool contact = false;
      for (std::uint32_t t = w.ties.first(i); t < w.ties.last(i); ++t) contact |= w.ties.touched[t] == this_week;
      ASSERT_TRUE(contact) << "resident " << i << " changed tolerance without contact in week " << this_week;
    }
  }
  EXPECT_GT(moved, 100u) << "the property must not hold vacuously";
}

// Bounded confidence alone (Deffuant et al. 2000): from uniform opinions on a
// well-mixed network, about 1/(2 epsilon) opinion clusters form.
int deffuant_clusters(double epsilon, std::uint32_t seed) {
  Parameters p;
  p.run.seed = static_cast<int>(seed);
  p.run.burn_in = 0;
  p.attitude.epsilon = epsilon;
  p.attitude.mu = 0.05;
  p.attitude.influence = 1.0;
  p.attitude.contact_effect = 0.0;
  p.attitude.fade = 0.0;
  p.attitude.young_adult_shift = 0.0;
  WijkRow row;
  row.code = "T";
  row.name = "T";
  row.population = 1000;
  row.households = 1000;
  row.one_person_share = 1.0;
  row.mean_household_size = 1.0;
  row.age_25_44 = 1000;
  row.vulnerable_share = 0;
  p.network.kin_outside = p.network.friends = p.network.neighbours = p.network.acquaintances = 0;
  p.network.tie_headroom = 40;
  auto w = build_world(p, {row}, {false});
  // a random graph, about 12 ties each
  std::mt19937 rng(seed);
  const std::uint32_t n = w->residents.size;
  std::uniform_int_distribution<std::uint32_t> pick(0, n - 1);
  for (std::uint32_t k = 0; k < n * 6; ++k) {
    const std::uint32_t a = pick(rng), b = pick(rng);
    if (a != b && w->ties.find(a, b) == 0xFFFFFFFFu) w->ties.connect(a, b, TieKind::Friend, 0.5f, 1, 1, 0, false, false);
  }
  for (int week = 1; week <= 600; ++week) {
    w->week = static_cast<std::uint32_t>(week);
    // every tie had a contact that exchanged views (the draw of all zeros),
    // collected at both ends as the encounters process does
    const AttitudeContact attitude_contact(w->params.attitude);
    for (std::uint32_t i = 0; i < n; ++i)
      for (std::uint32_t s = w->ties.first(i); s < w->ties.last(i); ++s)
        attitude_contact(w->residents, i, w->ties.partner[s], kViewsExchanged | kBadInCrisis, false, false);
    attitudes(*w);
  }
  std::vector<float> a(n);
  for (std::uint32_t i = 0; i < n; ++i) a[i] = w->residents.tolerance(i);
  std::sort(a.begin(), a.end());
  // clusters: runs separated by gaps wider than epsilon / 2, of at least 2% of agents
  int clusters = 0;
  std::size_t start = 0;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    if (i == a.size() || a[i] - a[i - 1] > epsilon / 2) {
      clusters += (i - start) >= a.size() / 50;
      start = i;
    }
  }
  return clusters;
}

TEST(Verification, BoundedConfidenceAloneGivesAboutOneOverTwoEpsilonClusters) {
  for (double epsilon : {0.1, 0.2, 0.5}) {
    std::vector<double> counts;
    for (std::uint32_t r = 0; r < 4; ++r) counts.push_back(deffuant_clusters(epsilon, 11 + r));
    const double mean = std::accumulate(counts.begin(), counts.end(), 0.0) / counts.size();
    const double expected = std::max(1.0, std::floor(1.0 / (2.0 * epsilon)));
    EXPECT_NEAR(mean, expected, 0.3 * expected + 0.5) << "epsilon " << epsilon;
  }
}

TEST(Verification, SameSeedSameRunForAnyThreadCount) {
  auto run_with = [](int threads, const std::vector<std::string>& o) {
    engine::ThreadPool pool(threads);
    return pool.execute([&]() { return run_pilot(o); });
  };
  const auto one = run_with(1, kSmall);
  for (int threads : {2, 3}) {
    const auto other = run_with(threads, kSmall);
    for (const auto& d : outcome_definitions())
      ASSERT_TRUE(one->outcomes().series(d) == other->outcomes().series(d)) << d.name << " with " << threads << " threads";
    ASSERT_EQ(one->world().trajectories.size(), other->world().trajectories.size());
    for (std::size_t k = 0; k < one->world().trajectories.size(); ++k) {
      const auto &x = one->world().trajectories[k], &y = other->world().trajectories[k];
      ASSERT_EQ(x.resident, y.resident);
      ASSERT_EQ(x.end_week, y.end_week);
      ASSERT_EQ(x.outcome, y.outcome);
    }
    ASSERT_TRUE(one->world().residents.loneliness == other->world().residents.loneliness);
    ASSERT_TRUE(one->world().ties.partner == other->world().ties.partner);
  }
}

// The SIMD kernels of the pair draws and of the contact loop's waits and next
// events (tie_events.h) give the same bits, so a run is the same on a CPU with
// or without AVX2 or AVX-512.
TEST(Verification, SameSeedSameRunForAnySimdKernel) {
  engine::force_simd_level(engine::SimdLevel::Baseline);
  const auto baseline = run_pilot(kSmall);
  engine::force_simd_level(std::nullopt);
  if (engine::simd_level() == engine::SimdLevel::Baseline) GTEST_SKIP() << "this CPU has no wider kernel";
  const auto widest = run_pilot(kSmall);
  for (const auto& d : outcome_definitions())
    ASSERT_TRUE(baseline->outcomes().series(d) == widest->outcomes().series(d)) << d.name;
  ASSERT_TRUE(baseline->world().residents.loneliness == widest->world().residents.loneliness);
  ASSERT_TRUE(baseline->world().ties.partner == widest->world().ties.partner);
  ASSERT_TRUE(baseline->world().ties.weight == widest->world().ties.weight);
}

TEST(Verification, DifferentSeedOrReplicateGivesADifferentRun) {
  const auto a = run_pilot(kSmall);
  const auto b = run_pilot(with({"--run.seed", "2"}));
  const auto c = run_pilot(with({"--run.replicate", "1"}));
  const auto& d = outcome("loneliness_mean");
  EXPECT_FALSE(a->outcomes().series(d) == b->outcomes().series(d));
  EXPECT_FALSE(a->outcomes().series(d) == c->outcomes().series(d));
}

TEST(Verification, BaselineLandsNearTheCalibrationTargets) {
  // Averaged over replicates, the no-programme run lands in the bands the
  // summary prints for the population-level targets of MODEL.md.
  std::vector<double> strong, lonely, vstrong, vlonely, neighbour, intimate;
  for (int r = 0; r < 3; ++r) {
    const auto m = run_pilot({"--programme.active_wijken", "none", "--run.seed", std::to_string(40 + r)});
    strong.push_back(total(*m, "strongly_lonely_share"));
    lonely.push_back(total(*m, "lonely_share"));
    vstrong.push_back(total(*m, "vulnerable_strongly_lonely_share"));
    vlonely.push_back(total(*m, "vulnerable_lonely_share"));
    neighbour.push_back(total(*m, "accept_neighbour_share"));
    intimate.push_back(total(*m, "accept_intimate_share"));
  }
  EXPECT_NEAR(sample(strong).mean, 0.107, 0.03);
  EXPECT_NEAR(sample(lonely).mean, 0.399, 0.07);
  EXPECT_NEAR(sample(vlonely).mean, 0.81, 0.1);
  EXPECT_NEAR(sample(vstrong).mean, 0.40, 0.12);
  EXPECT_GT(sample(neighbour).mean, 0.6);
  EXPECT_LT(sample(intimate).mean, 0.35);
}

}  // namespace
}  // namespace kw::model
