#include "engine/random.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kw::engine {
namespace {

constexpr SimdLevel kLevels[] = {SimdLevel::Baseline, SimdLevel::Avx2, SimdLevel::Avx512};

std::string name(SimdLevel l) {
  return l == SimdLevel::Baseline ? "baseline" : l == SimdLevel::Avx2 ? "avx2" : "avx512";
}

// Pairs from a simple LCG, with the corners: equal ends, either end the
// smaller, 0 and 0xFFFFFFFF.
struct Pairs {
  std::vector<std::uint32_t> a, b;
  explicit Pairs(std::size_t n) : a(n), b(n) {
    std::uint64_t z = 0x9E3779B97F4A7C15ull;
    for (std::size_t k = 0; k < n; ++k) {
      z = z * 6364136223846793005ull + 1442695040888963407ull;
      a[k] = static_cast<std::uint32_t>(z >> 32);
      b[k] = static_cast<std::uint32_t>(z);
    }
    if (n > 4) {
      b[0] = a[0];
      a[1] = 0, b[1] = 0xFFFFFFFFu;
      a[2] = 0xFFFFFFFFu, b[2] = 0;
      a[3] = 5, b[3] = 3;
    }
  }
};

// Every kernel the CPU has gives, word for word, pair_bits of each pair, for
// lengths that end inside and at the end of a SIMD block.
TEST(PairBitsN, EveryKernelEqualsOneByOne) {
  const RandomStreams rs(0x0123456789ABCDEFull, 3);
  int kernels = 0;
  for (SimdLevel level : kLevels) {
    if (!simd_supported(level)) continue;
    ++kernels;
    for (std::size_t n : {0u, 1u, 7u, 8u, 9u, 15u, 16u, 17u, 31u, 33u, 1000u}) {
      const Pairs p(n);
      std::array<std::vector<std::uint32_t>, 4> out;
      for (auto& o : out) o.assign(n + 1, 0xDEADBEEFu);  // one past the end: must stay untouched
      std::uint32_t* const words[4] = {out[0].data(), out[1].data(), out[2].data(), out[3].data()};
      rs.pair_bits_n(52, 9, n, p.a.data(), p.b.data(), words, level);
      for (std::size_t k = 0; k < n; ++k) {
        const auto expected = rs.pair_bits(52, 9, p.a[k], p.b[k]);
        for (int w = 0; w < 4; ++w)
          ASSERT_EQ(out[w][k], expected[w]) << name(level) << ", n " << n << ", pair " << k << ", word " << w;
      }
      for (int w = 0; w < 4; ++w) EXPECT_EQ(out[w][n], 0xDEADBEEFu) << name(level) << " wrote past n " << n;
    }
  }
  EXPECT_GE(kernels, 1);
}

// Agent draws: counter {agent, index} as given, not ordered like a pair's.
TEST(AgentBitsN, EveryKernelEqualsOneByOne) {
  const RandomStreams rs(0x0123456789ABCDEFull, 3);
  for (SimdLevel level : kLevels) {
    if (!simd_supported(level)) continue;
    for (std::size_t n : {1u, 8u, 16u, 17u, 100u}) {
      const Pairs p(n);  // a[3] > b[3]: the order must be kept
      std::array<std::vector<std::uint32_t>, 4> out;
      for (auto& o : out) o.resize(n);
      std::uint32_t* const words[4] = {out[0].data(), out[1].data(), out[2].data(), out[3].data()};
      rs.agent_bits_n(52, 9, n, p.a.data(), p.b.data(), words, level);
      for (std::size_t k = 0; k < n; ++k) {
        const auto expected = rs.agent_bits(52, 9, p.a[k], p.b[k]);
        for (int w = 0; w < 4; ++w)
          ASSERT_EQ(out[w][k], expected[w]) << name(level) << ", n " << n << ", agent " << k << ", word " << w;
      }
    }
  }
}

// The key, replicate, week and stream reach every kernel.
TEST(PairBitsN, KeyFieldsReachEveryKernel) {
  const Pairs p(40);
  for (SimdLevel level : kLevels) {
    if (!simd_supported(level)) continue;
    for (const auto& [seed, replicate, week, stream] :
         {std::tuple{1ull, 0u, 0u, 0}, std::tuple{1ull << 40, 7u, 3u, 1}, std::tuple{99ull, 1u, 65535u, 127}}) {
      const RandomStreams rs(seed, replicate);
      std::array<std::vector<std::uint32_t>, 4> out;
      for (auto& o : out) o.resize(40);
      std::uint32_t* const words[4] = {out[0].data(), out[1].data(), out[2].data(), out[3].data()};
      rs.pair_bits_n(week, static_cast<std::uint8_t>(stream), 40, p.a.data(), p.b.data(), words, level);
      for (std::size_t k = 0; k < 40; ++k)
        ASSERT_EQ(out[2][k], (rs.pair_bits(week, static_cast<std::uint8_t>(stream), p.a[k], p.b[k])[2]))
            << name(level) << " seed " << seed << " pair " << k;
    }
  }
}

TEST(SimdLevel, ForcedLevelIsUsedAndUnsupportedRefused) {
  const SimdLevel widest = simd_level();
  EXPECT_TRUE(simd_supported(widest));
  EXPECT_TRUE(simd_supported(SimdLevel::Baseline));
  force_simd_level(SimdLevel::Baseline);
  EXPECT_EQ(simd_level(), SimdLevel::Baseline);
  force_simd_level(std::nullopt);
  EXPECT_EQ(simd_level(), widest);
  for (SimdLevel level : kLevels)
    if (!simd_supported(level)) {
      EXPECT_THROW(force_simd_level(level), std::invalid_argument) << name(level);
    }
}

}  // namespace
}  // namespace kw::engine
