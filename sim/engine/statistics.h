#pragma once
// Summaries over replicates: mean, standard deviation and the 95% confidence
// interval of the mean (Student's t), the figures an experiment reports per
// variant, week and wijk.
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>

namespace kw::engine {

// The 0.975 quantile of Student's t with `df` degrees of freedom: a table to
// six decimals up to 30, then the Cornish-Fisher expansion around the normal
// quantile, good to 1e-5 there.
inline double t_quantile_975(std::size_t df) {
  static constexpr double table[31] = {std::numeric_limits<double>::quiet_NaN(),
      12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
      2.200985,  2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
      2.079614,  2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272};
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
