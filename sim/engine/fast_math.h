#pragma once
// Cheap approximations for hot loops. Pure functions of their arguments, so
// results stay the same for any thread count.
#include <bit>
#include <cstdint>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace kw::engine {

// log2(x) for a positive normal float x, to about 1e-5: exponent plus a
// polynomial in the mantissa. A fraction of std::log's cost and without
// branches, where the weeks to a tie's next event need no more precision.
// Written with 32-bit integer and float operations only, so that loops of it
// vectorise with baseline SSE2.
inline float fast_log2(float x) {
  const auto bits = std::bit_cast<std::int32_t>(x);
  const float exponent = static_cast<float>(((bits >> 23) & 0xFF) - 127);
  const float m = std::bit_cast<float>((bits & 0x007FFFFF) | 0x3F800000);  // mantissa in [1, 2)
  const float t = m - 1.f;
  // minimax fit of log2(1 + t) on [0, 1)
  const float poly =
      t * (1.4425449f + t * (-0.7181452f + t * (0.4575485f + t * (-0.2779042f + t * (0.1217970f + t * -0.0258411f)))));
  return exponent + poly;
}

// x > y ? x : y and x < y ? x : y without a branch: GCC keeps a branch for
// these ternaries on doubles, which costs a misprediction whenever the
// comparison is a coin toss. The SSE2 instructions compute exactly these
// expressions (NaN and signed zeros included).
inline double select_max(double x, double y) {
#if defined(__SSE2__)
  return _mm_cvtsd_f64(_mm_max_sd(_mm_set_sd(x), _mm_set_sd(y)));
#else
  return x > y ? x : y;
#endif
}
inline double select_min(double x, double y) {
#if defined(__SSE2__)
  return _mm_cvtsd_f64(_mm_min_sd(_mm_set_sd(x), _mm_set_sd(y)));
#else
  return x < y ? x : y;
#endif
}

// x clamped to [lo, hi] the same way: select_min(select_max(x, lo), hi).
inline double select_clamp(double x, double lo, double hi) { return select_min(select_max(x, lo), hi); }

// The same values as plain comparisons, for loops the compiler vectorises
// (into the packed forms of the instructions above). GCC vectorises them only
// where it may assume that floating-point operations do not trap: the files
// with such loops are compiled with -fno-trapping-math (sim/CMakeLists.txt).
[[gnu::always_inline]] inline double lane_max(double x, double y) { return x > y ? x : y; }
[[gnu::always_inline]] inline double lane_min(double x, double y) { return x < y ? x : y; }
[[gnu::always_inline]] inline double lane_clamp(double x, double lo, double hi) {
  return lane_min(lane_max(x, lo), hi);
}

// 1 - u for a uniform u in [0, 1) made of a random word's high 24 bits: a
// float in (0, 1], exact (the argument of a logarithm for geometric waits).
inline float unit_complement(std::uint32_t word) {
  return 1.f - static_cast<float>(static_cast<std::int32_t>(word >> 8)) * 0x1p-24f;
}

}  // namespace kw::engine
