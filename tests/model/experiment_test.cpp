#include "model/experiment.h"

#include "engine/errors.h"

#include <gtest/gtest.h>

#include <set>

namespace kw::model {
namespace {

const std::string kPilot = std::string(KWARTIER_SOURCE_DIR) + "/scenarios/oss-pilot.ini";

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const engine::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Experiment, VaryListsGridsAndRanges) {
  const VarySpec list = parse_vary("kwartiermaker.caseload=6, 8,10", "cl");
  EXPECT_EQ(list.key, "kwartiermaker.caseload");
  EXPECT_EQ(list.values, (std::vector<std::string>{"6", "8", "10"}));
  const VarySpec grid = parse_vary("kwartiermaker.pressure = 0:1:0.1", "cl");
  ASSERT_EQ(grid.values.size(), 11u) << "the high end is in the grid despite rounding";
  EXPECT_EQ(grid.values[3], "0.3") << "ten digits, not 0.30000000000000004";
  EXPECT_EQ(grid.values[10], "1");
  const VarySpec range = parse_vary("kwartiermaker.pressure=0.2:0.8", "cl");
  EXPECT_TRUE(range.continuous);
  EXPECT_EQ(range.low, 0.2);
  const VarySpec wijken = parse_vary("programme.active_wijken=Ussen, Oss-Zuid | all", "cl");
  EXPECT_EQ(wijken.values, (std::vector<std::string>{"Ussen, Oss-Zuid", "all"}));
}

TEST(Experiment, BadVaryNamesWhatIsWrong) {
  EXPECT_NE(error_of([] { parse_vary("kwartiermaker.pressur=0,1", "f.ini [experiment]"); }).find("did you mean 'kwartiermaker.pressure'"), std::string::npos);
  EXPECT_NE(error_of([] { parse_vary("run.seed=1,2", "cl"); }).find("cannot be varied"), std::string::npos);
  EXPECT_NE(error_of([] { parse_vary("kwartiermaker.pressure=1:0:0.1", "cl"); }).find("below"), std::string::npos);
  EXPECT_NE(error_of([] { parse_vary("kwartiermaker.pressure=0:1:0", "cl"); }).find("step"), std::string::npos);
  EXPECT_NE(error_of([] { parse_vary("kwartiermaker.pressure=0,,1", "cl"); }).find("empty"), std::string::npos);
}

TEST(Experiment, GridIsEveryCombinationFirstKeySlowest) {
  ExperimentOptions o;
  o.replicates = 2;
  o.vary = {"kwartiermaker.pressure=0,1", "kwartiermaker.caseload=4,6,8"};
  const Experiment x = load_experiment(kPilot, {}, o, "test");
  ASSERT_EQ(x.variants.size(), 6u);
  EXPECT_EQ(x.runs(), 12u);
  EXPECT_EQ(x.variants[0].label, "kwartiermaker.pressure=0, kwartiermaker.caseload=4");
  EXPECT_EQ(x.variants[4].label, "kwartiermaker.pressure=1, kwartiermaker.caseload=6");
  // run k is (variant k % V, replicate k / V): replicate by replicate, and
  // the replicate is the stream
  const Scenario s = x.scenario(10);
  EXPECT_EQ(s.params.kwartiermaker.pressure, 1.0);
  EXPECT_EQ(s.params.kwartiermaker.caseload, 6);
  EXPECT_EQ(s.params.run.replicate, 1);
  EXPECT_EQ(x.variant_of(10), 4u);
  EXPECT_EQ(x.replicate_of(10), 1u);
  EXPECT_EQ(x.scenario(4).params.run.replicate, 0);
  EXPECT_EQ(x.scenario(4).params.run.seed, x.scenario(1).params.run.seed) << "one seed: common random numbers";
}

TEST(Experiment, FileSectionAndCommandLineOverIt) {
  const Experiment x = load_experiment(std::string(KWARTIER_SOURCE_DIR) + "/scenarios/pressure-sweep.ini", {}, {}, "test");
  EXPECT_EQ(x.variants.size(), 11u);
  EXPECT_EQ(x.replicates, 10);
  ExperimentOptions o;
  o.replicates = 3;
  o.vary = {"kwartiermaker.caseload=4,8"};
  const Experiment y = load_experiment(std::string(KWARTIER_SOURCE_DIR) + "/scenarios/pressure-sweep.ini", {}, o, "test");
  EXPECT_EQ(y.variants.size(), 2u) << "--vary replaces the file's vary lines";
  EXPECT_EQ(y.replicates, 3);
  EXPECT_NE(x.definition, y.definition);
}

TEST(Experiment, ScaleUpVariantsActivateMoreWijken) {
  const Experiment x = load_experiment(std::string(KWARTIER_SOURCE_DIR) + "/scenarios/oss-scaleup.ini", {}, {}, "test");
  ASSERT_EQ(x.variants.size(), 8u);
  std::vector<int> active;
  for (const auto& v : x.variants) {
    int n = 0;
    for (bool a : v.active) n += a;
    active.push_back(n);
  }
  EXPECT_EQ(active, (std::vector<int>{2, 2, 4, 4, 8, 8, 12, 12}));
}

TEST(Experiment, VariantsWithTheSameStaffAreTwinsAndRunOnce) {
  // The scale-up's two 2-wijk variants: one kwartiermaker of 18 hours per
  // wijk, and the budget of 36 hours shared by the same two.
  ExperimentOptions o;
  o.replicates = 3;
  const Experiment x = load_experiment(std::string(KWARTIER_SOURCE_DIR) + "/scenarios/oss-scaleup.ini", {}, o, "test");
  ASSERT_EQ(x.variants.size(), 8u);
  std::vector<std::size_t> twins;
  for (const auto& v : x.variants) twins.push_back(v.twin);
  EXPECT_EQ(twins, (std::vector<std::size_t>{0, 0, 2, 3, 4, 5, 6, 7}));
  // each replicate's run of variant 1 is variant 0's run of that replicate
  EXPECT_EQ(x.source_run(1), 0u);
  EXPECT_EQ(x.source_run(8 + 1), 8u);
  EXPECT_EQ(x.source_run(2 * 8 + 5), 2u * 8 + 5);
  const std::vector<std::size_t> to_run = x.runs_to_run();
  EXPECT_EQ(to_run.size(), 3u * 7);
  for (const std::size_t run : to_run) EXPECT_NE(x.variant_of(run), 1u);

  // A budget that gives other contracts than the hours is no twin; neither
  // is another value of any other key.
  o.replicates = 1;
  o.vary = {"kwartiermaker.budget_hours=0,36,20,0"};
  const Experiment y = load_experiment(kPilot, {}, o, "test");
  twins.clear();
  for (const auto& v : y.variants) twins.push_back(v.twin);
  EXPECT_EQ(twins, (std::vector<std::size_t>{0, 0, 2, 0}));
  o.vary = {"kwartiermaker.pressure=0,0.5", "kwartiermaker.caseload=8,8"};
  const Experiment z = load_experiment(kPilot, {}, o, "test");
  twins.clear();
  for (const auto& v : z.variants) twins.push_back(v.twin);
  EXPECT_EQ(twins, (std::vector<std::size_t>{0, 0, 2, 2}));
}

TEST(Experiment, LatinHypercubeIsTheSameEveryTimeAndStratified) {
  ExperimentOptions o;
  o.design = "lhs";
  o.samples = 10;
  o.vary = {"kwartiermaker.pressure=0:1", "kwartiermaker.engagement=0.5:1"};
  const Experiment a = load_experiment(kPilot, {}, o, "test"), b = load_experiment(kPilot, {}, o, "test");
  ASSERT_EQ(a.variants.size(), 10u);
  std::set<int> strata;
  for (std::size_t v = 0; v < 10; ++v) {
    EXPECT_EQ(a.variants[v].values, b.variants[v].values);
    strata.insert(static_cast<int>(std::stod(a.variants[v].values[0]) * 10));
  }
  EXPECT_EQ(strata.size(), 10u) << "one sample in each tenth of the range";
  const Experiment c = load_experiment(kPilot, {"--run.seed", "2"}, o, "test");
  EXPECT_NE(a.variants[0].values, c.variants[0].values) << "another seed, another design";
}

TEST(Experiment, AVariantOutOfRangeIsNamed) {
  ExperimentOptions o;
  o.vary = {"kwartiermaker.pressure=0.5,3"};
  const std::string e = error_of([&] { load_experiment(kPilot, {}, o, "test"); });
  EXPECT_NE(e.find("variant 'kwartiermaker.pressure=3'"), std::string::npos) << e;
  EXPECT_NE(e.find("0..1"), std::string::npos) << e;
}

}  // namespace
}  // namespace kw::model
