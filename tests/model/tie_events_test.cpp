// The tie-contact loop's vectorised stages: each instruction set's version
// gives the same bits as the baseline, and the baseline what the scalar
// formulas give.
#include "model/tie_events.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace kw::model {
namespace {

using engine::SimdLevel;

// Inputs as the contact loop makes them: every contact rate (0 to 127, and
// rate 1 = weekly), random words including the extremes, weights around the
// threshold and the three decay scales (kin, other, buddy: never).
struct Inputs {
  std::vector<float> inv_log_stay, weight, vanish_scale;
  std::vector<std::uint32_t> word;
  std::vector<std::int32_t> to_contact;
  explicit Inputs(std::uint32_t n) {
    std::mt19937 gen(7);
    const TieDecay decay(104.0, 26.0, 0.05);
    const TieKind kinds[] = {TieKind::Kin, TieKind::Friend, TieKind::Buddy};
    for (std::uint32_t k = 0; k < n; ++k) {
      const double p = rate_value(static_cast<std::uint8_t>(k % 128));
      inv_log_stay.push_back(p <= 0.0 ? -1e30f : p >= 1.0 ? 0.f : static_cast<float>(1.0 / std::log2(1.0 - p)));
      word.push_back(k % 97 == 0 ? 0u : k % 89 == 0 ? 0xFFFFFFFFu : gen());
      weight.push_back(std::uniform_real_distribution<float>(0.04f, 1.f)(gen));
      vanish_scale.push_back(decay.vanish_scale(kinds[k % 3]));
      to_contact.push_back(1 + static_cast<std::int32_t>(gen() % 300));
    }
  }
};

std::vector<SimdLevel> levels() {
  std::vector<SimdLevel> out;
  for (SimdLevel l : {SimdLevel::Baseline, SimdLevel::Avx2, SimdLevel::Avx512})
    if (engine::simd_supported(l)) out.push_back(l);
  return out;
}

TEST(TieEvents, ContactWaitsAreTheSameForEveryInstructionSet) {
  // odd lengths leave a remainder after the vector lanes
  for (std::uint32_t n : {0u, 1u, 7u, 9u, 1000u, 2047u}) {
    const Inputs in(n);
    std::vector<std::int32_t> expected(n), got(n);
    for (std::uint32_t k = 0; k < n; ++k)
      expected[k] = weeks_to_contact(in.inv_log_stay[k], engine::unit_complement(in.word[k]));
    for (SimdLevel level : levels()) {
      std::fill(got.begin(), got.end(), -7);
      contact_waits(n, in.inv_log_stay.data(), in.word.data(), got.data(), level);
      EXPECT_EQ(got, expected) << "n " << n << ", level " << static_cast<int>(level);
    }
    for (std::uint32_t k = 0; k < n; ++k) {
      EXPECT_GE(expected[k], 1) << "at least next week";
      if (in.inv_log_stay[k] == 0.f) {
        EXPECT_EQ(expected[k], 1) << "a weekly tie has contact every week";
      }
    }
  }
}

TEST(TieEvents, NextEventsAreTheSameForEveryInstructionSet) {
  const TieDecay decay(104.0, 26.0, 0.05);
  for (std::uint32_t n : {0u, 1u, 7u, 9u, 1000u, 2047u}) {
    const Inputs in(n);
    std::vector<std::uint16_t> expected(n), got(n);
    const std::uint16_t week = 300;
    for (std::uint32_t k = 0; k < n; ++k)
      expected[k] = static_cast<std::uint16_t>(
          week + TieDecay::weeks_to_event_scaled(in.weight[k] * decay.inv_threshold(), in.vanish_scale[k],
                                                 in.to_contact[k]));
    for (SimdLevel level : levels()) {
      std::fill(got.begin(), got.end(), std::uint16_t{0});
      next_events(n, week, decay.inv_threshold(), in.weight.data(), in.vanish_scale.data(), in.to_contact.data(),
                  got.data(), level);
      EXPECT_EQ(got, expected) << "n " << n << ", level " << static_cast<int>(level);
    }
    for (std::uint32_t k = 0; k < n; ++k) {
      EXPECT_GT(expected[k], week) << "the next event is after this week";
      EXPECT_LE(expected[k], week + in.to_contact[k]) << "no later than the planned contact";
    }
  }
}

}  // namespace
}  // namespace kw::model
