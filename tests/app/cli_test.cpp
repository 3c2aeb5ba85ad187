// The `kwartier` program as a user meets it: commands, bad input (one clear
// line, exit status 2, no output file), the HDF5 file it writes, reproducible
// output across thread counts, and an interrupted run that leaves nothing.
#include "app/program.h"
#include "engine/h5_file.h"
#include "model/outcomes.h"
#include "model/wijk_table.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace {

using kw::test::Cli;
using kw::test::Result;
using kw::test::kBinary;
using kw::test::kSource;
using kw::test::kPilot;
using kw::test::kQuick;
using kw::test::slurp;
namespace fs = std::filesystem;

TEST_F(Cli, HelpForEveryCommand) {
  for (const char* c : {"--help", "run --help", "validate --help", "params --help", "import-cbs --help", "sweep --help", "compare --help", "report --help"}) {
    const Result r = run(c);
    EXPECT_EQ(r.status, 0) << c;
    EXPECT_NE(r.out.find("usage"), std::string::npos) << c;
  }
  EXPECT_NE(run("frobnicate").status, 0);
}

TEST_F(Cli, ParamsListsEveryParameterOnceWithItsDefault) {
  const Result r = run("params");
  ASSERT_EQ(r.status, 0);
  for (const char* key : {"kwartiermaker.caseload", "kwartiermaker.pressure", "attitude.epsilon", "run.weeks",
                          "niche.hospitality_mean", "crisis.hazard", "buddy.max_weeks"})
    EXPECT_NE(r.out.find(key), std::string::npos) << key;
  const Result md = run("params --markdown");
  ASSERT_EQ(md.status, 0);
  EXPECT_NE(md.out.find("| key |"), std::string::npos);
}

TEST_F(Cli, EveryParameterIsDocumentedInTheOdd) {
  // docs/ODD.md holds the parameter table; it must not fall behind the code.
  const std::string odd = slurp(kSource + "/docs/ODD.md");
  ASSERT_FALSE(odd.empty());
  const Result md = run("params --markdown");
  ASSERT_EQ(md.status, 0);
  std::istringstream lines(md.out);
  std::string line;
  int rows = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("| ", 0) != 0 || line.find("---") != std::string::npos || line.rfind("| key", 0) == 0) continue;
    const std::string key = line.substr(2, line.find(' ', 2) - 2);
    EXPECT_NE(odd.find(key), std::string::npos) << key << " is not in docs/ODD.md";
    EXPECT_NE(odd.find(line), std::string::npos) << "ODD's row for " << key << " differs from `kwartier params --markdown`";
    ++rows;
  }
  EXPECT_GT(rows, 50);
}

TEST_F(Cli, ValidateChecksWithoutRunning) {
  const Result ok = run("validate " + kPilot);
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_NE(ok.out.find("ok"), std::string::npos);
  for (const char* s : {"oss-municipality.ini", "oss-baseline.ini"})
    EXPECT_EQ(run("validate " + kSource + "/scenarios/" + s).status, 0) << s;
  expect_bad_input(run("validate " + kPilot + " --kwartiermaker.caseload -1"), {"kwartiermaker.caseload", "-1"});
}

TEST_F(Cli, RunWritesACompleteHdf5File) {
  const std::string out = path("pilot.h5");
  const Result r = run("run " + kPilot + kQuick + " --out " + out + " --threads 2");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("calibration targets"), std::string::npos);
  EXPECT_NE(r.out.find("Ussen"), std::string::npos);
  ASSERT_TRUE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out + ".partial"));

  kw::engine::H5Reader h5(out);
  EXPECT_EQ(h5.attribute_int("/", "seed"), 1);
  EXPECT_EQ(h5.attribute_int("/", "threads"), 2);
  EXPECT_EQ(h5.attribute_int("/", "weeks"), 20);
  EXPECT_NE(h5.attribute_string("/", "scenario").find("[kwartiermaker]"), std::string::npos);
  EXPECT_NE(h5.attribute_string("/", "command_line").find("--threads 2"), std::string::npos);
  EXPECT_FALSE(h5.attribute_string("/", "git_commit").empty());
  const auto names = h5.read_strings("/wijken/name");
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0], "Ussen");
  EXPECT_EQ(names[1], "Oss-Zuid");
  for (const auto& d : kw::model::outcome_definitions()) {
    const std::string p = std::string("/weekly/") + d.name;
    ASSERT_TRUE(h5.exists(p)) << p;
    EXPECT_EQ(h5.dims(p), (std::vector<std::uint64_t>{20, 2})) << p;
    EXPECT_EQ(h5.attribute_string(p, "unit"), d.unit);
  }
  // cumulative counts never fall, shares stay in [0, 1]
  const auto reached = h5.read<double>("/weekly/reached");
  for (std::size_t k = 2; k < reached.size(); ++k) EXPECT_GE(reached[k], reached[k - 2]);
  for (double x : h5.read<double>("/weekly/lonely_share")) EXPECT_TRUE(x >= 0 && x <= 1);
  // the trajectory table's columns have one length
  const auto n = h5.dims("/trajectories/resident")[0];
  for (const char* c : {"wijk", "start_week", "end_week", "outcome", "wish", "activity", "pressure_applied"})
    EXPECT_EQ(h5.dims(std::string("/trajectories/") + c)[0], n) << c;
  EXPECT_GT(n, 0u);
  EXPECT_EQ(h5.read<double>("/summary/calibration/model").size(), h5.read_strings("/summary/calibration/name").size());

  if (fs::exists("/usr/bin/h5dump")) {
    EXPECT_EQ(std::system(("/usr/bin/h5dump -H " + out + " >/dev/null").c_str()), 0);
  }
}

TEST_F(Cli, SnapshotsEveryKWeeks) {
  const std::string out = path("snap.h5");
  ASSERT_EQ(run("run " + kPilot + kQuick + " --run.snapshot_every 5 --out " + out).status, 0);
  kw::engine::H5Reader h5(out);
  const auto groups = h5.list("/snapshots");
  for (const char* g : {"week_0005", "week_0010", "week_0015", "week_0020"})
    EXPECT_NE(std::find(groups.begin(), groups.end(), g), groups.end()) << g;
  EXPECT_EQ(h5.dims("/snapshots/week_0010/tolerance"), h5.dims("/snapshots/resident_wijk"));
}

TEST_F(Cli, SameSeedGivesIdenticalDatasetsForAnyThreadCount) {
  std::vector<std::string> files;
  for (int t : {1, 2, 4}) {
    files.push_back(path("t" + std::to_string(t) + ".h5"));
    ASSERT_EQ(run("run " + kPilot + kQuick + " -q --threads " + std::to_string(t) + " --out " + files.back()).status, 0);
  }
  kw::engine::H5Reader a(files[0]);
  for (std::size_t f = 1; f < files.size(); ++f) {
    kw::engine::H5Reader b(files[f]);
    for (const char* group : {"/weekly", "/trajectories", "/niches", "/summary/final"}) {
      const auto members = a.list(group);
      ASSERT_EQ(members, b.list(group));
      for (const auto& m : members) {
        const std::string p = std::string(group) + "/" + m;
        EXPECT_EQ(a.read<double>(p), b.read<double>(p)) << p << " differs in " << files[f];
      }
    }
  }
  const auto other = path("seed2.h5");
  ASSERT_EQ(run("run " + kPilot + kQuick + " -q --seed 2 --out " + other).status, 0);
  kw::engine::H5Reader c(other);
  EXPECT_NE(a.read<double>("/weekly/loneliness_mean"), c.read<double>("/weekly/loneliness_mean"));
}

TEST_F(Cli, CommandLineOverridesTheScenarioFile) {
  const std::string out = path("o.h5");
  ASSERT_EQ(run("run " + kPilot + kQuick + " -q --kwartiermaker.caseload=3 --out " + out).status, 0);
  kw::engine::H5Reader h5(out);
  EXPECT_NE(h5.attribute_string("/", "scenario").find("caseload = 3"), std::string::npos);
}

TEST_F(Cli, UnknownKeyInAFileSuggestsTheNearest) {
  const std::string s = scenario("[kwartiermaker]\ncasload = 10\n");
  expect_bad_input(run("run " + s + " --out " + path("x.h5")), {"s.ini", "casload", "kwartiermaker.caseload"});
}

TEST_F(Cli, UnknownKeyOnTheCommandLine) {
  expect_bad_input(run("run " + kPilot + " --kwartiermaker.casload 10 --out " + path("x.h5")),
                   {"command line", "kwartiermaker.casload", "kwartiermaker.caseload"});
}

TEST_F(Cli, ValueOfTheWrongType) {
  expect_bad_input(run("run " + kPilot + " --kwartiermaker.caseload ten --out " + path("x.h5")),
                   {"kwartiermaker.caseload", "'ten'", "0..1000"});
  const std::string s = scenario("[buddy]\nenabled = maybe\n");
  expect_bad_input(run("run " + s + " --out " + path("x.h5")), {"s.ini", "buddy.enabled", "maybe"});
}

TEST_F(Cli, ValueOutOfRange) {
  expect_bad_input(run("run " + kPilot + " --kwartiermaker.pressure 1.5 --out " + path("x.h5")),
                   {"kwartiermaker.pressure", "1.5", "out of range", "0..1"});
  const std::string s = scenario("[run]\nweeks = 0\n");
  EXPECT_EQ(run("run " + s + " --out " + path("x.h5")).status, 2);
}

TEST_F(Cli, InconsistentParameters) {
  expect_bad_input(run("run " + kPilot + " --kwartiermaker.exploring_min 9 --out " + path("x.h5")),
                   {"exploring_min", "exploring_max"});
}

TEST_F(Cli, UnknownWijk) {
  expect_bad_input(run("run " + kPilot + " --programme.active_wijken Usen --out " + path("x.h5")),
                   {"programme.active_wijken", "Usen", "Ussen"});
}

TEST_F(Cli, MissingScenarioFile) {
  expect_bad_input(run("run " + path("nope.ini") + " --out " + path("x.h5")), {"nope.ini"});
}

TEST_F(Cli, MalformedScenarioLine) {
  const std::string s = scenario("[kwartiermaker\ncaseload 10\n");
  expect_bad_input(run("run " + s + " --out " + path("x.h5")), {"s.ini"});
}

TEST_F(Cli, MissingWijkTable) {
  const std::string s = write("s.ini", "[population]\nwijk_table = missing.csv\n");
  expect_bad_input(run("run " + s + " --out " + path("x.h5")), {"missing.csv"});
}

TEST_F(Cli, MalformedWijkTableNamesTheLine) {
  std::ifstream in(kSource + "/scenarios/data/oss-wijken.csv");
  std::string text, line;
  int n = 0, data_line = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.rfind("OSS-03", 0) == 0) {
      data_line = n;
      line.replace(line.find(",", line.find(",") + 1) + 1, 0, "x");  // population becomes "x..."
    }
    text += line + "\n";
  }
  ASSERT_GT(data_line, 0);
  write("oss-wijken.csv", text);
  const std::string s = write("s.ini", "[population]\nwijk_table = oss-wijken.csv\n");
  expect_bad_input(run("run " + s + " --out " + path("x.h5")),
                   {"oss-wijken.csv:" + std::to_string(data_line), "population"});
}

TEST_F(Cli, OutputPathThatCannotBeWritten) {
  expect_bad_input(run("run " + kPilot + " --out " + path("no/such/dir/x.h5")), {"no/such/dir", "cannot write"});
  expect_bad_input(run("run " + kPilot + " --out " + dir_.string()), {"cannot write"});
}

TEST_F(Cli, BadThreadCount) {
  expect_bad_input(run("run " + kPilot + " --threads -3 --out " + path("x.h5")), {"threads"});
}

TEST_F(Cli, InterruptedRunLeavesNoOutput) {
  const std::string out = path("muni.h5");
  const auto t0 = std::chrono::steady_clock::now();
  const int status = kw::test::run_until(
      {"run", kSource + "/scenarios/oss-municipality.ini", "--run.weeks", "5000", "-q", "--out", out},
      [&] { return std::chrono::steady_clock::now() - t0 > std::chrono::milliseconds(1500); }, SIGINT);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out + ".partial"));
}

TEST_F(Cli, ImportCbsMakesATableTheModelReads) {
  const std::string table = path("imported.csv");
  const Result r = run("import-cbs " + kSource + "/tests/data/cbs/kwb-2024-sample.csv --gemeente GM0828 --out " + table);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto rows = kw::model::read_wijk_table(table);
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) EXPECT_EQ(row.code.rfind("WK0828", 0), 0u) << row.code;
  // and a scenario can run on it
  const std::string s = write("imp.ini", "[population]\nwijk_table = imported.csv\nscale = 0.3\n[run]\nweeks = 5\nburn_in = 1\n"
                                         "[programme]\nactive_wijken = all\n");
  const Result run_r = run("run " + s + " -q --out " + path("imp.h5"));
  EXPECT_EQ(run_r.status, 0) << run_r.err;
  EXPECT_TRUE(fs::remove(path("imp.h5")));
  expect_bad_input(run("import-cbs " + path("nope.csv") + " --gemeente GM0828"), {"nope.csv"});
  expect_bad_input(run("import-cbs " + kSource + "/tests/data/cbs/kwb-2024-sample.csv --gemeente 0828"), {"GM"});
}

}  // namespace
