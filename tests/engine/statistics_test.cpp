#include "engine/statistics.h"

#include <gtest/gtest.h>

#include <vector>

namespace kw::engine {
namespace {

TEST(Statistics, StudentQuantileMatchesTables) {
  EXPECT_NEAR(t_quantile_975(1), 12.706, 1e-3);
  EXPECT_NEAR(t_quantile_975(9), 2.262, 1e-3);
  EXPECT_NEAR(t_quantile_975(29), 2.045, 1e-3);
  // beyond the table: the expansion, against published values
  EXPECT_NEAR(t_quantile_975(40), 2.021, 1e-3);
  EXPECT_NEAR(t_quantile_975(60), 2.000, 1e-3);
  EXPECT_NEAR(t_quantile_975(120), 1.980, 1e-3);
  EXPECT_NEAR(t_quantile_975(100000), 1.960, 1e-3);
  // and it falls with the degrees of freedom
  for (std::size_t df = 1; df < 200; ++df) EXPECT_GT(t_quantile_975(df), t_quantile_975(df + 1)) << df;
}

TEST(Statistics, SummaryOfKnownValues) {
  const std::vector<double> x{2, 4, 4, 4, 5, 5, 7, 9};  // mean 5, sample sd sqrt(32/7)
  const Summary s = summarise(x);
  EXPECT_EQ(s.n, 8u);
  EXPECT_DOUBLE_EQ(s.mean, 5.0);
  EXPECT_NEAR(s.sd, std::sqrt(32.0 / 7.0), 1e-12);
  const double half = 2.364624 * s.sd / std::sqrt(8.0);
  EXPECT_NEAR(s.ci_low, 5.0 - half, 1e-9);
  EXPECT_NEAR(s.ci_high, 5.0 + half, 1e-9);
}

TEST(Statistics, OneValueHasNoSpreadAndNaNsAreLeftOut) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Summary one = summarise(std::vector<double>{3.0});
  EXPECT_EQ(one.mean, 3.0);
  EXPECT_TRUE(std::isnan(one.sd));
  EXPECT_TRUE(std::isnan(one.ci_low));
  const Summary some = summarise(std::vector<double>{1.0, nan, 3.0});
  EXPECT_EQ(some.n, 2u);
  EXPECT_EQ(some.mean, 2.0);
  EXPECT_TRUE(std::isnan(summarise(std::vector<double>{nan}).mean));
}

TEST(Statistics, IntervalCoversTheTrueMeanAboutNinetyFivePercentOfTheTime) {
  // Normal samples from a fixed generator: coverage over 4000 intervals of n = 5.
  std::uint64_t state = 12345;
  auto uniform = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return ((state >> 11) + 0.5) / 9007199254740992.0;
  };
  int covered = 0;
  const int trials = 4000;
  for (int t = 0; t < trials; ++t) {
    std::vector<double> x(5);
    for (double& v : x) v = 10 + std::sqrt(-2 * std::log(uniform())) * std::cos(6.283185307179586 * uniform());
    const Summary s = summarise(x);
    covered += s.ci_low <= 10 && 10 <= s.ci_high;
  }
  EXPECT_NEAR(covered / double(trials), 0.95, 0.015);
}

}  // namespace
}  // namespace kw::engine
