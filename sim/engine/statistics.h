#pragma once
// Summaries over replicates: mean, standard deviation and the 95% confidence
// interval of the mean (Student's t), the figures an experiment reports per
// variant, week and wijk.
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>

namespace kw::engine {

// The 0.975 quantile of Student's t with `df` degrees of freedom: exact to
// three decimals up to 30 (the table every textbook prints), then the
// Cornish-Fisher expansion around the normal quantile, good to 1e-5 there.
inline double t_quantile_975(std::size_t df) {
  static constexpr double table[31] = {std::numeric_limits<double>::quiet_NaN(),
                                       12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                       2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                       2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df <= 30) return table[df];
  const double z = 1.959963984540054, n = static_cast<double>(df);
  const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
}

struct Summary {
  double mean, sd, ci_low, ci_high;
  std::size_t n;  // values that were numbers
};

// Summary of the values that are numbers (a NaN, e.g. cost per success
// without a success, is left out and lowers n). With one value the spread is
// unknown: sd and the interval are NaN, not zero.
inline Summary summarise(std::span<const double> values) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::size_t n = 0;
  double sum = 0;
  for (double v : values)
    if (!std::isnan(v)) {
      sum += v;
      ++n;
    }
  if (n == 0) return {nan, nan, nan, nan, 0};
  const double mean = sum / static_cast<double>(n);
  if (n == 1) return {mean, nan, nan, nan, 1};
  double ss = 0;  // two passes: exact enough for any replicate count we meet
  for (double v : values)
    if (!std::isnan(v)) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / static_cast<double>(n - 1));
  const double half = t_quantile_975(n - 1) * sd / std::sqrt(static_cast<double>(n));
  return {mean, sd, mean - half, mean + half, n};
}

}  // namespace kw::engine
