// kwartier compare: two files side by side with intervals, paired when they
// share random streams; single runs and experiments alike.
#include "app/program.h"

#include <gtest/gtest.h>

namespace {

using kw::test::Cli;
using kw::test::Result;
namespace fs = std::filesystem;

class Compare : public Cli {
protected:
  void SetUp() override {
    Cli::SetUp();
    fs::create_directories(dir_ / "in");  // inputs apart, so expect_bad_input sees no output
    const std::string pilot = scenario("[programme]\nactive_wijken = Ussen\n");
    ASSERT_EQ(run("sweep " + pilot + " --replicates 3 -q --out " + path("in/a.h5")).status, 0);
    ASSERT_EQ(run("sweep " + pilot + " --replicates 3 -q --programme.active_wijken none --out " + path("in/b.h5")).status, 0);
    ASSERT_EQ(run("run " + pilot + " -q --out " + path("in/single.h5")).status, 0);
  }
};

TEST_F(Compare, PrintsEveryOutcomeWithIntervalsPairedByReplicate) {
  const Result r = run("compare " + path("in/a.h5") + " " + path("in/b.h5"));
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* s : {"reached", "lonely_share", "tolerance_mean", "cost", "paired by replicate", "[", "standardised mean difference"})
    EXPECT_NE(r.out.find(s), std::string::npos) << s << " not in:\n" << r.out;
}

TEST_F(Compare, AFileAgainstItselfDiffersByNothing) {
  const Result r = run("compare " + path("in/a.h5") + " " + path("in/a.h5") + " --outcome reached");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("0 [0, 0]"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("lonely_share"), std::string::npos) << "--outcome shows one outcome";
}

TEST_F(Compare, SingleRunsHaveNoIntervalAndSaySo) {
  const Result r = run("compare " + path("in/single.h5") + " " + path("in/b.h5") + " --outcome reached");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("single run"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Welch"), std::string::npos) << r.out;
}

TEST_F(Compare, BadInput) {
  expect_bad_input(run("compare " + path("in/a.h5") + " " + path("in/missing.h5")), {"missing.h5"});
  expect_bad_input(run("compare " + path("in/a.h5")), {"two files"});
  expect_bad_input(run("compare " + path("in/a.h5") + " " + path("in/b.h5") + " --outcome happiness"), {"happiness", "reached"});
  expect_bad_input(run("compare " + path("in/a.h5") + " " + path("in/b.h5") + " --variant-a 4"), {"variants 0..0"});
}

}  // namespace
