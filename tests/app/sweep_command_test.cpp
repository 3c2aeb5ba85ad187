// kwartier sweep (and run --replicates) as a user meets it: the experiment
// file and its summaries, identical datasets for any thread count and under
// MPI, progress and foresight, resuming after kill -9, and bad definitions.
#include "app/program.h"
#include "engine/h5_file.h"
#include "engine/statistics.h"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <thread>

namespace {

using kw::test::Cli;
using kw::test::kBinary;
using kw::test::kPilot;
using kw::test::kSource;
using kw::test::Result;
namespace fs = std::filesystem;

class Sweep : public Cli {
protected:
  // Ussen at 30%, 10 weeks: a run takes a few tenths of a second.
  std::string quick() { return scenario("[programme]\nactive_wijken = Ussen\n"); }
  // Same datasets and dataset attributes; the root's attributes (command line,
  // threads, ranks) may differ.
  int h5diff(const std::string& a, const std::string& b) {
    return std::system(("h5diff --exclude-attribute / " + a + " " + b + " >/dev/null 2>&1").c_str());
  }
};

TEST_F(Sweep, WritesVariantsRunsAndSummaries) {
  const std::string out = path("x.h5");
  // Two wijken, so that combining them into the municipality is tested too.
  const Result r = run("sweep " + quick() + " --population.wijken Ussen,Oss-Zuid --replicates 3 --vary kwartiermaker.pressure=0,1 --out " + out);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("2 variants x 3 replicates = 6 runs"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out + ".parts")) << "the parts folder is removed once the file is complete";
  kw::engine::H5Reader f(out);
  EXPECT_EQ(f.attribute_string("/", "kind"), "experiment");
  EXPECT_EQ(f.attribute_int("/", "replicates"), 3);
  const auto labels = f.read_strings("/variants/label");
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_EQ(labels[1], "kwartiermaker.pressure=1");
  EXPECT_EQ(f.read<double>("/variants/numeric/kwartiermaker.pressure"), (std::vector<double>{0, 1}));
  EXPECT_EQ(f.dims("/summary/weekly/reached/mean"), (std::vector<std::uint64_t>{2, 10, 2}));
  // Common random numbers: replicate r has the same run.replicate in every variant.
  for (int rep = 0; rep < 3; ++rep) {
    const std::string run = "/runs/v0001/r000" + std::to_string(rep);
    EXPECT_EQ(f.attribute_int(run, "replicate"), rep);
    EXPECT_EQ(f.attribute_int("/runs/v0000/r000" + std::to_string(rep), "replicate"), rep);
  }
  // The summary is the mean and t-interval of the runs' own final values.
  for (const char* outcome : {"reached", "lonely_share", "vulnerable_lonely_share", "tolerance_mean"})
    for (int v = 0; v < 2; ++v) {
      std::vector<double> values;
      for (int rep = 0; rep < 3; ++rep)
        values.push_back(f.attribute_double("/runs/v000" + std::to_string(v) + "/r000" + std::to_string(rep) +
                                                "/summary/final/" + outcome,
                                            "municipality"));
      const auto s = kw::engine::summarise(values);
      const std::string g = std::string("/summary/final_municipality/") + outcome;
      EXPECT_NEAR(f.read<double>(g + "/mean")[v], s.mean, 1e-9) << outcome;
      EXPECT_NEAR(f.read<double>(g + "/ci_low")[v], s.ci_low, 1e-9) << outcome;
      EXPECT_LE(f.read<double>(g + "/ci_low")[v], f.read<double>(g + "/mean")[v]);
      EXPECT_GE(f.read<double>(g + "/ci_high")[v], f.read<double>(g + "/mean")[v]);
    }
}

TEST_F(Sweep, SameDatasetsForAnyThreadCount) {
  const std::string s = quick();
  const std::string base = " --replicates 3 --vary kwartiermaker.caseload=4,8 -q";
  ASSERT_EQ(run("sweep " + s + base + " --threads 1 --out " + path("t1.h5")).status, 0);
  ASSERT_EQ(run("sweep " + s + base + " --threads 3 --out " + path("t3.h5")).status, 0);
  EXPECT_EQ(h5diff(path("t1.h5"), path("t3.h5")), 0);
}

TEST_F(Sweep, RunWithReplicatesWritesAnExperiment) {
  const Result r = run("run " + quick() + " --replicates 2 -q --out " + path("r.h5"));
  ASSERT_EQ(r.status, 0) << r.err;
  kw::engine::H5Reader f(path("r.h5"));
  EXPECT_EQ(f.attribute_string("/", "kind"), "experiment");
  EXPECT_EQ(f.read_strings("/variants/label"), (std::vector<std::string>{"base"}));
  EXPECT_TRUE(f.exists("/runs/v0000/r0001/weekly/reached"));
}

TEST_F(Sweep, TwinVariantsAreRunOnceAndWrittenUnderEach) {
  // A budget of 18 hours for Ussen's one kwartiermaker is its 18 hours: the
  // same runs, run once; 12 hours is another run.
  const std::string out = path("twins.h5");
  const Result r = run("sweep " + quick() + " --replicates 2 --vary kwartiermaker.budget_hours=0,18,12 --out " + out);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("v1 = v0"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ran 4 runs"), std::string::npos) << r.err;
  kw::engine::H5Reader f(out);
  for (const char* rep : {"r0000", "r0001"}) {
    const std::string v0 = std::string("/runs/v0000/") + rep, v1 = std::string("/runs/v0001/") + rep,
                      v2 = std::string("/runs/v0002/") + rep;
    EXPECT_EQ(f.read<double>(v1 + "/weekly/reached"), f.read<double>(v0 + "/weekly/reached"));
    EXPECT_EQ(f.read<double>(v1 + "/weekly/lonely_share"), f.read<double>(v0 + "/weekly/lonely_share"));
    EXPECT_EQ(f.read<double>(v1 + "/weekly/cost"), f.read<double>(v0 + "/weekly/cost"));
    EXPECT_NE(f.read<double>(v2 + "/weekly/cost"), f.read<double>(v0 + "/weekly/cost"));
    // each run keeps its own scenario
    EXPECT_NE(f.attribute_string(v1, "scenario").find("budget_hours = 18"), std::string::npos);
    EXPECT_NE(f.attribute_string(v0, "scenario").find("budget_hours = 0"), std::string::npos);
  }
  EXPECT_NE(f.read_strings("/variants/scenario")[1].find("budget_hours = 18"), std::string::npos);
}

TEST_F(Sweep, DryRunForetellsAndWritesNothing) {
  const Result r = run("sweep " + quick() + " --replicates 5 --vary kwartiermaker.pressure=0:1:0.25 --dry-run --out " +
                       path("d.h5"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("5 variants x 5 replicates = 25 runs"), std::string::npos) << r.err;
  for (const char* word : {"estimate", "memory", "disk"}) EXPECT_NE(r.err.find(word), std::string::npos) << word;
  EXPECT_FALSE(fs::exists(path("d.h5")));
  EXPECT_FALSE(fs::exists(path("d.h5.parts")));
}

TEST_F(Sweep, ProgressIsOneLinePerTenthInALog) {
  const Result r = run("sweep " + quick() + " --replicates 20 --out " + path("p.h5"));
  ASSERT_EQ(r.status, 0) << r.err;
  std::size_t lines = 0;
  for (std::size_t at = 0; (at = r.err.find("\nruns ", at)) != std::string::npos; ++at) ++lines;
  EXPECT_GE(lines, 5u) << r.err;
  EXPECT_LE(lines, 11u) << r.err;
  EXPECT_NE(r.err.find("runs 20/20 (100%)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("left"), std::string::npos);
}

TEST_F(Sweep, ProgressIsUpdatedInPlaceOnATerminal) {
  // script(1) gives the program a terminal; progress then rewrites one line.
  const std::string cmd = "script -qec '" + kBinary + " sweep " + quick() + " --replicates 6 --out " + path("tty.h5") +
                          "' /dev/null > " + path("tty.log") + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << kw::test::slurp(path("tty.log"));
  const std::string log = kw::test::slurp(path("tty.log"));
  EXPECT_NE(log.find("\rruns 6/6"), std::string::npos) << log;
  EXPECT_EQ(log.find("(100%)"), std::string::npos) << "no log-style lines on a terminal";
}

TEST_F(Sweep, ResumesAfterKillAndEqualsAnUninterruptedExperiment) {
  const std::string s = quick();
  const std::string def = " --replicates 12 --vary kwartiermaker.pressure=0,0.5 --run.weeks 40 -q --threads 2";
  ASSERT_EQ(run("sweep " + s + def + " --out " + path("whole.h5")).status, 0);

  const std::string out = path("cut.h5");
  // Wait until a few runs are saved, then kill -9: no chance to clean up.
  const fs::path parts = out + ".parts";
  auto saved = [&] {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(parts, ec))
      if (e.path().extension() == ".h5") ++n;
    return n;
  };
  kw::test::run_until({"sweep", s, "--replicates", "12", "--vary", "kwartiermaker.pressure=0,0.5", "--run.weeks", "40",
                       "-q", "--threads", "2", "--out", out},
                      [&] { return saved() >= 3; }, SIGKILL);
  const std::size_t before = saved();
  ASSERT_GE(before, 3u);
  ASSERT_LT(before, 24u) << "the experiment finished before it could be killed; make it longer";
  EXPECT_FALSE(fs::exists(out)) << "no final file from an interrupted experiment";

  // A different experiment is refused rather than mixed in.
  const Result changed = run("sweep " + s + " --replicates 12 --vary kwartiermaker.pressure=0,1 -q --out " + out);
  EXPECT_EQ(changed.status, 2);
  EXPECT_NE(changed.err.find("different experiment"), std::string::npos) << changed.err;
  EXPECT_EQ(saved(), before);

  // The same command continues and skips what was done.
  const Result resumed = run("sweep " + s + def.substr(0, def.find(" -q")) + " --threads 2 --out " + out);
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming: " + std::to_string(before) + " of 24 runs"), std::string::npos) << resumed.err;
  EXPECT_EQ(h5diff(path("whole.h5"), out), 0);
  EXPECT_FALSE(fs::exists(parts));
}

TEST_F(Sweep, InterruptKeepsFinishedRuns) {
  const std::string out = path("int.h5");
  const int status = kw::test::run_until({"sweep", quick(), "--replicates", "400", "-q", "--out", out},
                                         [&] { return fs::exists(out + ".parts/v0000-r0001.h5"); }, SIGINT);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(fs::exists(out + ".parts/v0000-r0001.h5"));
  for (const auto& e : fs::directory_iterator(out + ".parts"))
    EXPECT_EQ(e.path().string().find(".partial"), std::string::npos) << e.path();
}

TEST_F(Sweep, ASecondProcessOnTheSameExperimentIsRefused) {
  const std::string s = quick();
  const std::string out = path("busy.h5");
  Result second;
  const int status = kw::test::run_until({"sweep", s, "--replicates", "400", "-q", "--out", out},
                                         [&] {
                                           if (!fs::exists(out + ".parts/v0000-r0000.h5")) return false;
                                           second = run("sweep " + s + " --replicates 400 -q --out " + out);
                                           return true;
                                         },
                                         SIGINT);
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_EQ(second.status, 2) << second.err;
  EXPECT_NE(second.err.find("in use by another kwartier sweep"), std::string::npos) << second.err;
  // Once the first has stopped, however it stopped, the lock is free again.
  const int lock = ::open((out + ".parts/lock").c_str(), O_RDWR);
  ASSERT_GE(lock, 0);
  EXPECT_EQ(::flock(lock, LOCK_EX | LOCK_NB), 0);
  ::close(lock);
}

TEST_F(Sweep, LatinHypercubeCoversEachStratumOnce) {
  const Result r = run("sweep " + quick() +
                       " --design lhs --samples 5 --vary kwartiermaker.pressure=0:1 --vary kwartiermaker.caseload=2:12"
                       " --replicates 1 -q --out " + path("lhs.h5"));
  ASSERT_EQ(r.status, 0) << r.err;
  kw::engine::H5Reader f(path("lhs.h5"));
  for (const char* key : {"kwartiermaker.pressure", "kwartiermaker.caseload"}) {
    const auto x = f.read<double>(std::string("/variants/numeric/") + key);
    ASSERT_EQ(x.size(), 5u);
    const double lo = std::string(key).ends_with("pressure") ? 0 : 2, hi = std::string(key).ends_with("pressure") ? 1 : 12;
    std::vector<int> strata(5, 0);
    for (double v : x) {
      ASSERT_GE(v, lo);
      ASSERT_LE(v, hi);
      ++strata[std::min(4, static_cast<int>((v - lo) / (hi - lo) * 5))];
    }
    // continuous pressure: exactly one sample per fifth; the integer caseload
    // is rounded, which may move a sample into the next fifth
    if (std::string(key).ends_with("pressure")) {
      EXPECT_EQ(strata, (std::vector<int>{1, 1, 1, 1, 1})) << key;
    }
  }
}

TEST_F(Sweep, BadDefinitionsAreOneClearLine) {
  const std::string s = quick();
  const std::string o = " --out " + path("bad.h5");
  expect_bad_input(run("sweep " + s + " --vary kwartiermaker.presure=0,1" + o), {"kwartiermaker.presure", "kwartiermaker.pressure"});
  expect_bad_input(run("sweep " + s + " --vary run.weeks=10,20" + o), {"run.weeks", "cannot be varied"});
  expect_bad_input(run("sweep " + s + " --vary kwartiermaker.pressure=0:1" + o), {"LO:HI:STEP"});
  expect_bad_input(run("sweep " + s + " --vary kwartiermaker.pressure=0,2" + o), {"kwartiermaker.pressure=2", "0..1"});
  expect_bad_input(run("sweep " + s + " --vary kwartiermaker.pressure" + o), {"KEY=V1,V2"});
  expect_bad_input(run("sweep " + s + " --replicates 0" + o), {"--replicates", "1..100000"});
  expect_bad_input(run("sweep " + s + " --design cube" + o), {"cube", "grid, lhs"});
  expect_bad_input(run("sweep " + s + " --design lhs --vary kwartiermaker.pressure=0:1" + o), {"--samples"});
  const std::string bad = scenario("[programme]\nactive_wijken = Ussen\n[experiment]\nrepeats = 3\n");
  expect_bad_input(run("sweep " + bad + o), {"s.ini", "experiment.repeats", "replicates"});
}

TEST_F(Sweep, ShippedExperimentScenariosAreValid) {
  for (const char* name : {"pressure-sweep.ini", "oss-scaleup.ini"}) {
    const Result r = run("sweep " + kSource + "/scenarios/" + name + " --dry-run --out " + path("s.h5"));
    EXPECT_EQ(r.status, 0) << name << ": " << r.err;
    EXPECT_NE(r.err.find("runs of about"), std::string::npos) << r.err;
  }
}

#if defined(KWARTIER_WITH_MPI) && defined(KWARTIER_MPIEXEC)
TEST_F(Sweep, MpiRanksGiveTheSameDatasets) {
  const std::string s = quick();
  const std::string def = " --replicates 4 --vary kwartiermaker.pressure=0,1 -q";
  ASSERT_EQ(run("sweep " + s + def + " --threads 1 --out " + path("local.h5")).status, 0);
  // Open MPI refuses root unless told; CI runs as root.
  const std::string mpirun = std::string("OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 ") +
                             KWARTIER_MPIEXEC + " -np 3 --oversubscribe " + kBinary;
  const std::string cmd = mpirun + " sweep " + s + def + " --out " + path("mpi.h5") + " >" + path("mpi.log") + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << kw::test::slurp(path("mpi.log"));
  kw::engine::H5Reader f(path("mpi.h5"));
  EXPECT_EQ(f.attribute_int("/", "ranks"), 3);
  EXPECT_EQ(h5diff(path("local.h5"), path("mpi.h5")), 0);
}
#endif

TEST(SweepWithoutMpi, RefusesToRunUnderMpirunWithoutMpiBuild) {
#ifdef KWARTIER_WITH_MPI
  GTEST_SKIP() << "this build has MPI";
#else
  const std::string cmd = "OMPI_COMM_WORLD_SIZE=3 " + kBinary + " sweep " + kPilot + " --dry-run 2>&1 | grep -q KWARTIER_MPI";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
#endif
}

}  // namespace
