// Runs that differ only in the programme's keys share the world at the
// programme's start: the model must not read those keys before it, and a run
// from a shared world must give the same bytes as a run from its own.
#include "model/programme_start.h"

#include "model/experiment.h"
#include "engine/parallel.h"
#include "model/experiment_output.h"
#include "model/model.h"
#include "model/outcomes.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace kw::model {
namespace {

const std::string kPilot = std::string(KWARTIER_SOURCE_DIR) + "/scenarios/oss-pilot.ini";
// A small pilot: a tenth of the two wijken, a short burn-in and run.
const std::vector<std::string> kSmall = {"--population.scale", "0.1", "--run.burn_in", "8", "--run.weeks", "12"};

Scenario small_pilot(std::vector<std::string> more = {}) {
  std::vector<std::string> args = kSmall;
  args.insert(args.end(), more.begin(), more.end());
  return load_scenario(kPilot, args, nullptr);
}

// Everything of a world that the weeks before the programme produce.
void expect_same_state(const World& a, const World& b, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(a.week, b.week);
  const Residents &R = a.residents, &S = b.residents;
  EXPECT_EQ(R.tolerance_base, S.tolerance_base);
  EXPECT_EQ(R.tolerance_contact, S.tolerance_contact);
  EXPECT_EQ(R.loneliness, S.loneliness);
  EXPECT_EQ(R.desired_contact, S.desired_contact);
  EXPECT_EQ(R.contact, S.contact);
  EXPECT_EQ(R.withdrawal, S.withdrawal);
  EXPECT_EQ(R.contacts, S.contacts);
  EXPECT_EQ(R.in_crisis, S.in_crisis);
  EXPECT_EQ(R.niche, S.niche);
  const Ties &T = a.ties, &U = b.ties;
  EXPECT_EQ(T.count, U.count);
  EXPECT_EQ(T.partner, U.partner);
  EXPECT_EQ(T.weight, U.weight);
  EXPECT_EQ(T.next_event, U.next_event);
  EXPECT_EQ(T.touched, U.touched);
  EXPECT_EQ(T.kind_bits, U.kind_bits);
  const Vulnerable &V = a.vulnerable, &W = b.vulnerable;
  EXPECT_EQ(V.self_efficacy, W.self_efficacy);
  EXPECT_EQ(V.wellbeing, W.wellbeing);
  EXPECT_EQ(V.felt_acceptance, W.felt_acceptance);
  EXPECT_EQ(V.expected_rejection, W.expected_rejection);
  EXPECT_EQ(V.initial_loneliness, W.initial_loneliness);
  EXPECT_EQ(V.ladder, W.ladder);
  EXPECT_EQ(V.crisis_until, W.crisis_until);
  EXPECT_EQ(V.buddy, W.buddy);
  EXPECT_EQ(V.role, W.role);
  EXPECT_EQ(a.niches.hospitality, b.niches.hospitality);
  EXPECT_EQ(a.niches.member_tolerance, b.niches.member_tolerance);
  EXPECT_EQ(a.niches.volunteers, b.niches.volunteers);
  EXPECT_EQ(a.trajectories.size(), b.trajectories.size());
}

// One other allowed value for every key the model first reads at the
// programme's start.
const std::map<std::string, std::string> kOtherValues = {
    {"run.weeks", "20"},
    {"run.snapshot_every", "2"},
    {"programme.active_wijken", "Ussen"},
    {"kwartiermaker.per_wijk", "3"},
    {"kwartiermaker.hours_per_week", "30"},
    {"kwartiermaker.budget_hours", "50"},
    {"kwartiermaker.caseload", "3"},
    {"kwartiermaker.trajectory_weeks", "20"},
    {"kwartiermaker.exploring_min", "2"},
    {"kwartiermaker.exploring_max", "12"},
    {"kwartiermaker.niche_min", "4"},
    {"kwartiermaker.niche_max", "30"},
    {"kwartiermaker.pressure", "0.7"},
    {"kwartiermaker.engagement", "0.5"},
    {"kwartiermaker.hours_exploring", "3"},
    {"kwartiermaker.hours_niche", "4"},
    {"kwartiermaker.hours_fading", "2"},
    {"kwartiermaker.min_neighbourhood_share", "0.5"},
    {"kwartiermaker.referral", "0.05"},
    {"kwartiermaker.walk_in", "0.05"},
    {"kwartiermaker.hospitality_per_hour", "0.01"},
    {"kwartiermaker.indirect_contacts_per_hour", "10"},
    {"kwartiermaker.job_carving_per_hour", "0.1"},
    {"kwartiermaker.cost_per_hour", "80"},
    {"kwartiermaker.mismatch_wellbeing", "0.05"},
    {"kwartiermaker.mismatch_dropout", "2"},
    {"kwartiermaker.dropout", "0.02"},
    {"kwartiermaker.visit_contact", "0.5"},
    {"kwartiermaker.success_min_weeks", "6"},
};

TEST(ProgrammeStart, TheKeysAreTheProgrammesAndTheRunLength) {
  EXPECT_TRUE(read_from_programme_start("programme.active_wijken"));
  EXPECT_TRUE(read_from_programme_start("kwartiermaker.pressure"));
  EXPECT_TRUE(read_from_programme_start("run.weeks"));
  EXPECT_FALSE(read_from_programme_start("run.burn_in"));
  EXPECT_FALSE(read_from_programme_start("run.seed"));
  EXPECT_FALSE(read_from_programme_start("run.replicate"));
  EXPECT_FALSE(read_from_programme_start("network.friends"));
  EXPECT_FALSE(read_from_programme_start("population.wijken"));
  EXPECT_FALSE(read_from_programme_start("buddy.contact_rate"));
  // the test below covers every such key
  Parameters p;
  const auto registry = registry_for(p);
  for (const auto& spec : registry->specs()) {
    if (read_from_programme_start(spec.key)) {
      EXPECT_TRUE(kOtherValues.count(spec.key)) << spec.key << " untested";
    }
  }
}

TEST(ProgrammeStart, NoProgrammeKeyChangesTheWorldBeforeTheProgramme) {
  const Scenario base = small_pilot();
  const auto start = world_at_programme_start(base, {});
  ASSERT_TRUE(start);
  EXPECT_EQ(start->week, start->burn_in_weeks + 1) << "the first week of the programme is next";
  for (const auto& [key, value] : kOtherValues) {
    const Scenario s = small_pilot({"--" + key, value});
    EXPECT_EQ(programme_start_signature(s), programme_start_signature(base)) << key;
    const auto other = world_at_programme_start(s, {});
    ASSERT_TRUE(other);
    expect_same_state(*start, *other, key + " = " + value);
  }
}

TEST(ProgrammeStart, OtherKeysAndReplicatesGiveAnotherWorld) {
  // the comparison above can see a difference
  const Scenario base = small_pilot();
  const auto start = world_at_programme_start(base, {});
  for (const auto& [key, value] : std::map<std::string, std::string>{
           {"network.contact_gain", "0.3"}, {"run.replicate", "1"}, {"run.burn_in", "9"}}) {
    const Scenario s = small_pilot({"--" + key, value});
    EXPECT_NE(programme_start_signature(s), programme_start_signature(base)) << key;
    const auto other = world_at_programme_start(s, {});
    const bool same = other->residents.loneliness == start->residents.loneliness &&
                      other->ties.weight == start->ties.weight && other->week == start->week;
    EXPECT_FALSE(same) << key;
  }
}

TEST(ProgrammeStart, RunsFromASharedWorldGiveTheSameBytes) {
  // A scale-up in small: the pilot wijken one or both active, two staffings,
  // two replicates; run in the sweep's order with a shared start, and alone.
  ExperimentOptions o;
  o.replicates = 2;
  o.vary = {"programme.active_wijken=Ussen|Ussen,Oss-Zuid", "kwartiermaker.per_wijk=1,2"};
  const Experiment x = load_experiment(kPilot, kSmall, o, "test");
  ASSERT_EQ(x.runs(), 8u);
  ProgrammeStartCache shared(2);
  for (std::size_t run = 0; run < x.runs(); ++run) {
    const Scenario s = x.scenario(run);
    const auto alone = run_to_image(s, {}, "test", "none");
    const auto from_shared = run_to_image(s, {}, "test", "none", &shared);
    ASSERT_FALSE(alone.empty());
    EXPECT_TRUE(alone == from_shared) << "run " << run << " (" << x.variants[x.variant_of(run)].label << ")";
  }
  EXPECT_EQ(shared.builds(), 2u) << "one population and burn-in per replicate";
}

TEST(ProgrammeStart, SharedByThreadsTheSameBytes) {
  // runs on 3 threads at once, as a sweep hands them out
  ExperimentOptions o;
  o.replicates = 2;
  o.vary = {"kwartiermaker.caseload=2,4,8"};
  const Experiment x = load_experiment(kPilot, kSmall, o, "test");
  std::vector<std::vector<unsigned char>> alone(x.runs()), shared_runs(x.runs());
  for (std::size_t run = 0; run < x.runs(); ++run) alone[run] = run_to_image(x.scenario(run), {}, "test", "none");
  ProgrammeStartCache shared(4);
  engine::ThreadPool(3).execute([&] {
    engine::for_each_range(x.runs(), [&](std::size_t b, std::size_t e) {
      for (std::size_t run = b; run < e; ++run)
        shared_runs[run] = run_to_image(x.scenario(run), {}, "test", "none", &shared);
    }, 1);
  });
  for (std::size_t run = 0; run < x.runs(); ++run) EXPECT_TRUE(alone[run] == shared_runs[run]) << "run " << run;
  EXPECT_GE(shared.builds(), 2u);
  EXPECT_LE(shared.builds(), 6u);
}

// Every outcome of a run, week by week, and where its trajectories ended.
struct RunResults {
  std::vector<std::vector<double>> series;
  std::vector<float> loneliness;
  std::size_t trajectories = 0;
  bool operator==(const RunResults&) const = default;
};
RunResults run_results(const Scenario& s) {
  Model m(world_at_programme_start(s, {}));
  m.run();
  RunResults r;
  for (const OutcomeDef& d : outcome_definitions()) {
    const Series x = m.outcomes().series(d);
    r.series.emplace_back(x.data(), x.data() + x.size());
  }
  r.loneliness = m.world().residents.loneliness;
  r.trajectories = m.world().trajectories.size();
  return r;
}

TEST(RunSignature, AFixedBudgetOfTheSameContractsIsTheSameRun) {
  // the pilot: two wijken, one kwartiermaker each at 18 hours, caseload 8
  const Scenario hours = small_pilot({"--kwartiermaker.referral", "0.05"});
  const Scenario budget = small_pilot({"--kwartiermaker.referral", "0.05", "--kwartiermaker.budget_hours", "36"});
  EXPECT_EQ(run_signature(hours), run_signature(budget));
  const RunResults a = run_results(hours);
  EXPECT_GT(a.trajectories, 0u) << "the programme did something to compare";
  EXPECT_TRUE(a == run_results(budget));
}

TEST(RunSignature, OtherStaffOrAnyOtherKeyIsAnotherRun) {
  const Scenario base = small_pilot({"--kwartiermaker.referral", "0.05"});
  const std::string signature = run_signature(base);
  for (const std::vector<std::string>& other : std::vector<std::vector<std::string>>{
           {"--kwartiermaker.budget_hours", "20"},                                        // 10 hours, caseload 4
           {"--kwartiermaker.per_wijk", "2"},                                             // four of 18 hours
           {"--kwartiermaker.budget_hours", "36", "--kwartiermaker.hours_per_week", "36"},  // caseload 4
           {"--kwartiermaker.caseload", "9"},
           {"--programme.active_wijken", "Ussen"},
           {"--kwartiermaker.pressure", "0.5"},
           {"--run.replicate", "1"}}) {
    std::vector<std::string> args = {"--kwartiermaker.referral", "0.05"};
    args.insert(args.end(), other.begin(), other.end());
    EXPECT_NE(run_signature(small_pilot(args)), signature) << other[0];
  }
  // the comparison above can fail: another run
  EXPECT_FALSE(run_results(base) == run_results(small_pilot({"--kwartiermaker.referral", "0.05",
                                                            "--kwartiermaker.budget_hours", "20"})));
  // every key but the staffing ones is in the signature with its value
  Parameters p = base.params;
  const auto registry = registry_for(p);
  for (const auto& spec : registry->specs()) {
    const bool staffing = spec.key == "programme.active_wijken" || spec.key == "kwartiermaker.per_wijk" ||
                          spec.key == "kwartiermaker.hours_per_week" || spec.key == "kwartiermaker.caseload" ||
                          spec.key == "kwartiermaker.budget_hours";
    EXPECT_EQ(signature.find(spec.key + "=" + registry->value_text(spec) + "\n") != std::string::npos, !staffing)
        << spec.key;
  }
}

TEST(ProgrammeStart, AStoppedBuildGivesNothing) {
  ProgrammeStartCache shared(2);
  EXPECT_FALSE(shared.world(small_pilot(), [] { return true; }));
  EXPECT_EQ(shared.builds(), 0u);
}

}  // namespace
}  // namespace kw::model
