#include "engine/random.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <set>
#include <type_traits>
#include <vector>

namespace kw::engine {
namespace {

using Bits = std::array<std::uint32_t, 4>;

// Statistical checks use k standard errors; the draws are deterministic, so a
// check either always passes or always fails, and k only has to be wide
// enough that a correct generator is not expected to land outside it.
constexpr double kSigmas = 5.0;

// A key with every field away from zero, so that changing one field to zero
// is also a change.
struct Key {
  std::uint64_t seed = 0x0123456789ABCDEFull;
  std::uint32_t replicate = 3;
  std::uint32_t week = 17;
  std::uint8_t stream = 5;
  std::uint32_t agent = 1000;
  std::uint32_t index = 2;

  Bits agent_bits() const { return RandomStreams(seed, replicate).agent_bits(week, stream, agent, index); }
  Bits pair_bits() const { return RandomStreams(seed, replicate).pair_bits(week, stream, agent, index); }
};

int hamming(const Bits& x, const Bits& y) {
  int d = 0;
  for (int i = 0; i < 4; ++i) d += std::popcount(x[i] ^ y[i]);
  return d;
}

// Mean and variance (about the true mean) of a sample.
struct Moments {
  double n = 0, sum = 0, sum_sq_about = 0;
  double centre;
  explicit Moments(double true_mean) : centre(true_mean) {}
  void add(double x) {
    n += 1;
    sum += x;
    sum_sq_about += (x - centre) * (x - centre);
  }
  double mean() const { return sum / n; }
  double var_about_true_mean() const { return sum_sq_about / n; }
};

// --- the generator is Philox4x32-7 -------------------------------------------

TEST(Philox, MatchesRandom123BitForBit) {
  // counters and keys from a simple LCG, plus the corners
  std::uint64_t z = 0x9E3779B97F4A7C15ull;
  auto next = [&z] {
    z = z * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>(z >> 32);
  };
  for (int n = 0; n < 20000; ++n) {
    std::uint32_t w[6];
    for (auto& x : w) x = n < 2 ? (n == 0 ? 0u : 0xFFFFFFFFu) : next();
    const r123::Philox4x32_R<7>::ctr_type ctr{{w[0], w[1], w[2], w[3]}};
    const r123::Philox4x32_R<7>::key_type key{{w[4], w[5]}};
    const auto expected = r123::Philox4x32_R<7>()(ctr, key);
    const Bits got = philox4x32_7(w[0], w[1], w[2], w[3], w[4], w[5]);
    for (int k = 0; k < 4; ++k) ASSERT_EQ(got[k], expected[k]) << "input " << n << ", word " << k;
  }
}

TEST(Philox, StreamsUseIt) {
  const RandomStreams rs(0x0123456789ABCDEFull, 3);
  const Bits a = rs.agent_bits(17, 5, 1000, 2);
  const Bits expected = philox4x32_7(1000, 2, 17u | (5u << 16), 3, 0x89ABCDEFu, 0x01234567u);
  EXPECT_EQ(a, expected);
}

// --- a draw is a pure function of its key -----------------------------------

TEST(RandomStreams, SameKeySameBitsAcrossObjects) {
  const RandomStreams a(42, 1), b(42, 1);
  for (std::uint32_t week : {0u, 1u, 52u, kSetupWeek})
    for (std::uint8_t stream : {std::uint8_t(0), std::uint8_t(7), std::uint8_t(127)})
      for (std::uint32_t agent : {0u, 1u, 99999u, 0xFFFFFFFFu})
        for (std::uint32_t index : {0u, 3u, 0xFFFFFFFFu}) {
          const Bits x = a.agent_bits(week, stream, agent, index);
          EXPECT_EQ(x, b.agent_bits(week, stream, agent, index));
          EXPECT_EQ(x, a.agent_bits(week, stream, agent, index));  // no hidden state
          EXPECT_EQ(a.pair_bits(week, stream, agent, index), b.pair_bits(week, stream, agent, index));
        }
}

TEST(RandomStreams, AgentDrawsSameSequenceAcrossObjects) {
  const RandomStreams a(7, 0), b(7, 0);
  AgentDraws da(a, 3, 2, 11), db(b, 3, 2, 11);
  for (int k = 0; k < 1000; ++k) {
    // A mix of draw kinds; each must consume the same draws in both.
    switch (k % 5) {
      case 0: EXPECT_EQ(da.uniform(), db.uniform()); break;
      case 1: EXPECT_EQ(da.normal(), db.normal()); break;
      case 2: EXPECT_EQ(da.below(97), db.below(97)); break;
      case 3: EXPECT_EQ(da.beta_mean(0.3, 4.0), db.beta_mean(0.3, 4.0)); break;
      case 4: EXPECT_EQ(da.geometric(0.2), db.geometric(0.2)); break;
    }
  }
}

TEST(RandomStreams, AccessorsReturnConstructorArguments) {
  const RandomStreams rs(0xFEDCBA9876543210ull, 0xCAFEu);
  EXPECT_EQ(rs.seed(), 0xFEDCBA9876543210ull);
  EXPECT_EQ(rs.replicate(), 0xCAFEu);
}

// --- pair draws ----------------------------------------------------------------

TEST(RandomStreams, PairBitsAreSymmetric) {
  const RandomStreams rs(99, 2);
  AgentDraws d(rs, 0, 1, 0);
  for (int k = 0; k < 2000; ++k) {
    const std::uint32_t a = static_cast<std::uint32_t>(d.uniform() * 4294967296.0);
    const std::uint32_t b = k % 10 == 0 ? a : static_cast<std::uint32_t>(d.uniform() * 4294967296.0);
    EXPECT_EQ(rs.pair_bits(12, 9, a, b), rs.pair_bits(12, 9, b, a)) << a << " " << b;
  }
  EXPECT_EQ(rs.pair_bits(1, 1, 0, 0xFFFFFFFFu), rs.pair_bits(1, 1, 0xFFFFFFFFu, 0));
}

TEST(RandomStreams, DifferentPairsDiffer) {
  const RandomStreams rs(99, 2);
  std::set<Bits> seen;
  int n = 0;
  for (std::uint32_t a = 0; a < 40; ++a)
    for (std::uint32_t b = a; b < 40; ++b, ++n) seen.insert(rs.pair_bits(5, 3, a, b));
  EXPECT_EQ(static_cast<int>(seen.size()), n);
}

TEST(RandomStreams, AgentAndPairDrawsWithSameNumbersDiffer) {
  const RandomStreams rs(2024, 0);
  for (std::uint32_t a = 0; a < 50; ++a)
    for (std::uint32_t b = a; b < a + 50; ++b) {
      // With a <= b the counters differ only in the kind bit.
      EXPECT_NE(rs.agent_bits(8, 4, a, b), rs.pair_bits(8, 4, a, b)) << a << " " << b;
      EXPECT_NE(rs.agent_bits(8, 4, b, a), rs.pair_bits(8, 4, a, b)) << a << " " << b;
    }
}

// --- every key field matters ---------------------------------------------------

TEST(RandomStreams, ChangingAnyOneKeyFieldChangesTheDraw) {
  const Key base;
  const Bits ref = base.agent_bits();
  const Bits ref_pair = base.pair_bits();
  auto expect_changed = [&](const Key& k, const char* what) {
    EXPECT_NE(k.agent_bits(), ref) << what;
    EXPECT_NE(k.pair_bits(), ref_pair) << what;
  };
  // Each field of the key alone set to each of `values`.
  auto each = [&]<class T>(T Key::*field, std::initializer_list<std::type_identity_t<T>> values, const char* what) {
    for (T v : values) {
      Key k = base;
      k.*field = v;
      expect_changed(k, what);
    }
  };
  each(&Key::seed, {0ull, 1ull, base.seed ^ 1ull, base.seed ^ (1ull << 31), base.seed ^ (1ull << 32), base.seed ^ (1ull << 63)},
       "seed");
  each(&Key::replicate, {0u, 4u, base.replicate ^ 0x80000000u}, "replicate");
  each(&Key::week, {0u, 16u, 18u, 0x8000u | base.week, kSetupWeek}, "week");
  each(&Key::stream, {std::uint8_t(0), std::uint8_t(4), std::uint8_t(6), std::uint8_t(64 | 5), std::uint8_t(127)},
       "stream");
  each(&Key::agent, {0u, 1001u, base.agent ^ 0x80000000u}, "agent");
  each(&Key::index, {0u, 3u, base.index ^ 0x80000000u}, "index");
}

// Every week value in the 16-bit field and every stream in the 7-bit field
// gives its own draw (a narrower mask would make some of them collide).
TEST(RandomStreams, AllWeeksAndStreamsAreDistinct) {
  const RandomStreams rs(5, 1);
  std::set<Bits> weeks;
  for (std::uint32_t w = 0; w <= 0xFFFFu; ++w) weeks.insert(rs.agent_bits(w, 3, 77, 0));
  EXPECT_EQ(weeks.size(), 0x10000u);
  std::set<Bits> streams;
  for (unsigned s = 0; s < 128; ++s) streams.insert(rs.agent_bits(9, static_cast<std::uint8_t>(s), 77, 0));
  EXPECT_EQ(streams.size(), 128u);
}

TEST(RandomStreams, SeedAboveTwoToTheThirtyTwoUsesBothWords) {
  const std::uint64_t lo = 0x89ABCDEFull;
  const RandomStreams a(lo, 0), b(lo | (1ull << 32), 0), c(lo | (0xFFFFull << 40), 0);
  EXPECT_EQ(b.seed(), lo | (1ull << 32));
  EXPECT_EQ(c.seed(), lo | (0xFFFFull << 40));
  for (std::uint32_t agent = 0; agent < 100; ++agent) {
    const Bits x = a.agent_bits(1, 1, agent, 0);
    EXPECT_NE(x, b.agent_bits(1, 1, agent, 0));
    EXPECT_NE(x, c.agent_bits(1, 1, agent, 0));
    EXPECT_NE(b.agent_bits(1, 1, agent, 0), c.agent_bits(1, 1, agent, 0));
  }
  // Seeds that agree in the high word but not the low word differ too.
  EXPECT_NE(RandomStreams((7ull << 32) | 1, 0).agent_bits(0, 0, 0, 0),
            RandomStreams((7ull << 32) | 2, 0).agent_bits(0, 0, 0, 0));
}

// Flipping one input bit flips about half of the 128 output bits, for every
// bit of every key field (seed, replicate, week, stream, agent, index).
TEST(RandomStreams, OneBitChangeFlipsHalfTheOutputBits) {
  constexpr int kBases = 1500;
  const RandomStreams source(1, 0);
  AgentDraws pick(source, 0, 0, 0);
  auto word = [&] { return static_cast<std::uint32_t>(pick.uniform() * 4294967296.0); };
  std::vector<Key> bases(kBases);
  for (Key& k : bases) {
    k.seed = (std::uint64_t(word()) << 32) | word();
    k.replicate = word();
    k.week = word() & 0xFFFFu;
    k.stream = static_cast<std::uint8_t>(word() & 0x7Fu);
    k.agent = word();
    k.index = word();
  }
  // Hamming distance of two independent 128-bit words: Binomial(128, 1/2),
  // mean 64, variance 32.
  const double tol = kSigmas * std::sqrt(32.0 / kBases);
  auto check = [&](auto flip, int bits, const char* field) {
    for (int bit = 0; bit < bits; ++bit) {
      double sum = 0;
      for (const Key& base : bases) {
        Key k = base;
        flip(k, bit);
        sum += hamming(base.agent_bits(), k.agent_bits());
      }
      EXPECT_NEAR(sum / kBases, 64.0, tol) << field << " bit " << bit;
    }
  };
  check([](Key& k, int b) { k.seed ^= 1ull << b; }, 64, "seed");
  check([](Key& k, int b) { k.replicate ^= 1u << b; }, 32, "replicate");
  check([](Key& k, int b) { k.week ^= 1u << b; }, 16, "week");
  check([](Key& k, int b) { k.stream = static_cast<std::uint8_t>(k.stream ^ (1u << b)); }, 7, "stream");
  check([](Key& k, int b) { k.agent ^= 1u << b; }, 32, "agent");
  check([](Key& k, int b) { k.index ^= 1u << b; }, 32, "index");
}

// Each of the 128 output bits is set half the time.
TEST(RandomStreams, OutputBitsAreBalanced) {
  constexpr int kN = 100000;
  const RandomStreams rs(314159, 2);
  std::array<int, 128> ones{};
  for (std::uint32_t agent = 0; agent < kN; ++agent) {
    const Bits x = rs.agent_bits(10, 6, agent, 0);
    for (int w = 0; w < 4; ++w)
      for (int b = 0; b < 32; ++b) ones[w * 32 + b] += (x[w] >> b) & 1u;
  }
  const double tol = kSigmas * 0.5 / std::sqrt(double(kN));
  for (int i = 0; i < 128; ++i) EXPECT_NEAR(ones[i] / double(kN), 0.5, tol) << "bit " << i;
}

// Neighbouring keys give uncorrelated uniforms.
TEST(RandomStreams, NeighbouringKeysAreUncorrelated) {
  constexpr int kN = 200000;
  const RandomStreams rs(27182818, 0), rs_next_rep(27182818, 1);
  auto corr = [&](auto x_of, auto y_of) {
    double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
    for (std::uint32_t i = 0; i < kN; ++i) {
      const double x = x_of(i), y = y_of(i);
      sx += x, sy += y, sxy += x * y, sxx += x * x, syy += y * y;
    }
    const double cov = sxy / kN - (sx / kN) * (sy / kN);
    return cov / std::sqrt((sxx / kN - (sx / kN) * (sx / kN)) * (syy / kN - (sy / kN) * (sy / kN)));
  };
  // The sample correlation of independent variables has standard error 1/sqrt(N).
  const double tol = kSigmas / std::sqrt(double(kN));
  auto u = [](const RandomStreams& r, std::uint32_t week, std::uint8_t stream, std::uint32_t agent,
              std::uint32_t index) { return to_unit(r.agent_bits(week, stream, agent, index)[0]); };
  EXPECT_NEAR(corr([&](std::uint32_t i) { return u(rs, 4, 2, i, 0); },
                   [&](std::uint32_t i) { return u(rs, 4, 2, i + 1, 0); }), 0.0, tol) << "agent";
  EXPECT_NEAR(corr([&](std::uint32_t i) { return u(rs, 4, 2, i, 0); },
                   [&](std::uint32_t i) { return u(rs, 4, 2, i, 1); }), 0.0, tol) << "index";
  EXPECT_NEAR(corr([&](std::uint32_t i) { return u(rs, 4, 2, i, 0); },
                   [&](std::uint32_t i) { return u(rs, 5, 2, i, 0); }), 0.0, tol) << "week";
  EXPECT_NEAR(corr([&](std::uint32_t i) { return u(rs, 4, 2, i, 0); },
                   [&](std::uint32_t i) { return u(rs, 4, 3, i, 0); }), 0.0, tol) << "stream";
  EXPECT_NEAR(corr([&](std::uint32_t i) { return u(rs, 4, 2, i, 0); },
                   [&](std::uint32_t i) { return u(rs_next_rep, 4, 2, i, 0); }), 0.0, tol) << "replicate";
  EXPECT_NEAR(corr([&](std::uint32_t i) { return u(rs, 4, 2, i, 0); },
                   [&](std::uint32_t i) { return to_unit(rs.agent_bits(4, 2, i, 0)[1]); }), 0.0, tol)
      << "words of one call";
  // Sequential draws within one agent's sequence.
  EXPECT_NEAR(corr([&](std::uint32_t i) { return to_unit(rs.agent_bits(4, 2, 0, i / 4)[i % 4]); },
                   [&](std::uint32_t i) { return to_unit(rs.agent_bits(4, 2, 0, (i + 1) / 4)[(i + 1) % 4]); }),
              0.0, tol) << "consecutive draws";
}

// --- to_unit and AgentDraws ------------------------------------------------------

TEST(ToUnit, MapsWordsIntoHalfOpenUnitInterval) {
  EXPECT_EQ(to_unit(0), 0.0);
  EXPECT_EQ(to_unit(0x80000000u), 0.5);
  EXPECT_LT(to_unit(0xFFFFFFFFu), 1.0);
  EXPECT_GT(to_unit(0xFFFFFFFFu), to_unit(0xFFFFFFFEu));  // all 32 bits kept
  EXPECT_GT(to_unit(1), 0.0);
}

TEST(AgentDraws, KthUniformIsKthWordOfTheAgentsCounters) {
  const RandomStreams rs(11, 4);
  AgentDraws d(rs, 30, 8, 123456);
  for (std::uint32_t k = 0; k < 400; ++k) {
    const double u = d.uniform();
    EXPECT_EQ(u, to_unit(rs.agent_bits(30, 8, 123456, k / 4)[k % 4])) << "draw " << k;
  }
}

TEST(AgentDraws, SequenceDoesNotDependOnOtherAgentsDraws) {
  const RandomStreams rs(8, 0);
  std::vector<double> alone;
  {
    AgentDraws d(rs, 2, 3, 50);
    for (int k = 0; k < 64; ++k) alone.push_back(d.uniform());
  }
  for (int others : {0, 1, 3, 4, 5, 1000}) {
    AgentDraws before(rs, 2, 3, 49);
    for (int k = 0; k < others; ++k) before.uniform();
    AgentDraws d(rs, 2, 3, 50);
    AgentDraws after(rs, 2, 3, 51);
    std::vector<double> got;
    for (int k = 0; k < 64; ++k) {
      got.push_back(d.uniform());
      after.normal();  // interleaved draws of another agent
    }
    EXPECT_EQ(got, alone) << others << " draws by agent 49";
  }
}

TEST(AgentDraws, DifferentAgentsHaveDifferentSequences) {
  const RandomStreams rs(8, 0);
  std::set<std::vector<double>> seqs;
  for (std::uint32_t agent = 0; agent < 200; ++agent) {
    AgentDraws d(rs, 2, 3, agent);
    std::vector<double> s;
    for (int k = 0; k < 8; ++k) s.push_back(d.uniform());
    seqs.insert(s);
  }
  EXPECT_EQ(seqs.size(), 200u);
}

// --- distributions -------------------------------------------------------------

TEST(AgentDraws, UniformMeanAndVariance) {
  // 1000 agents x 1000 draws: both across agents and along a sequence.
  constexpr int kAgents = 1000, kPer = 1000;
  constexpr double kN = double(kAgents) * kPer;
  const RandomStreams rs(1234, 0);
  Moments m(0.5);
  double lo = 1, hi = 0;
  for (std::uint32_t a = 0; a < kAgents; ++a) {
    AgentDraws d(rs, 1, 1, a);
    for (int k = 0; k < kPer; ++k) {
      const double u = d.uniform();
      lo = std::min(lo, u), hi = std::max(hi, u);
      m.add(u);
    }
  }
  EXPECT_GE(lo, 0.0);
  EXPECT_LT(hi, 1.0);
  // Var(U) = 1/12; Var((U - 1/2)^2) = 1/80 - 1/144 = 1/180.
  EXPECT_NEAR(m.mean(), 0.5, kSigmas * std::sqrt(1.0 / 12.0 / kN));
  EXPECT_NEAR(m.var_about_true_mean(), 1.0 / 12.0, kSigmas * std::sqrt(1.0 / 180.0 / kN));
}

TEST(AgentDraws, UniformOnInterval) {
  constexpr int kN = 200000;
  const RandomStreams rs(55, 0);
  AgentDraws d(rs, 0, 2, 0);
  Moments m(1.0);
  for (int k = 0; k < kN; ++k) {
    const double x = d.uniform(-2.0, 4.0);
    ASSERT_GE(x, -2.0);
    ASSERT_LT(x, 4.0);
    m.add(x);
  }
  // Uniform(-2, 4): mean 1, variance 36/12 = 3.
  EXPECT_NEAR(m.mean(), 1.0, kSigmas * std::sqrt(3.0 / kN));
}

TEST(AgentDraws, BernoulliFrequency) {
  constexpr int kN = 200000;
  const RandomStreams rs(77, 0);
  for (double p : {0.01, 0.3, 0.5, 0.9}) {
    int hits = 0;
    for (int i = 0; i < kN; ++i) {
      AgentDraws d(rs, 0, 3, static_cast<std::uint32_t>(i));
      hits += d.bernoulli(p);
    }
    EXPECT_NEAR(hits / double(kN), p, kSigmas * std::sqrt(p * (1 - p) / kN)) << "p=" << p;
  }
  AgentDraws d(rs, 0, 4, 0);
  for (int i = 0; i < 10000; ++i) {
    EXPECT_FALSE(d.bernoulli(0.0));
    EXPECT_TRUE(d.bernoulli(1.0));
  }
}

TEST(AgentDraws, BelowCoversRangeUniformly) {
  const RandomStreams rs(4242, 1);
  for (std::uint32_t n : {1u, 2u, 10u, 37u, 1000u}) {
    const int draws = 200 * static_cast<int>(std::max(n, 1000u));
    std::vector<int> count(n, 0);
    AgentDraws d(rs, 0, 5, n);
    for (int i = 0; i < draws; ++i) {
      const std::uint32_t x = d.below(n);
      ASSERT_LT(x, n);
      ++count[x];
    }
    // Pearson's chi-square with n - 1 degrees of freedom: mean df, sd sqrt(2 df);
    // a margin on top for small df, where the normal approximation is poor.
    const double expected = double(draws) / n;
    double chi2 = 0;
    for (int c : count) {
      EXPECT_GT(c, 0) << "n=" << n;
      chi2 += (c - expected) * (c - expected) / expected;
    }
    const double df = n - 1.0;
    EXPECT_LE(chi2, df + 6.0 * std::sqrt(2.0 * df) + 6.0) << "n=" << n;
  }
}

TEST(AgentDraws, BelowLargeN) {
  constexpr int kN = 200000;
  const RandomStreams rs(4242, 1);
  AgentDraws d(rs, 0, 6, 0);
  for (std::uint32_t n : {3000000000u, 0xFFFFFFFFu}) {
    Moments m((n - 1.0) / 2.0);
    for (int i = 0; i < kN; ++i) {
      const std::uint32_t x = d.below(n);
      ASSERT_LT(x, n);
      m.add(x);
    }
    const double sd = n / std::sqrt(12.0);
    EXPECT_NEAR(m.mean(), (n - 1.0) / 2.0, kSigmas * sd / std::sqrt(double(kN))) << "n=" << n;
  }
}

TEST(AgentDraws, NormalMomentsAndCdf) {
  constexpr int kN = 1000000;
  const RandomStreams rs(1, 1);
  Moments m(0.0);
  double fourth = 0;
  int below_one = 0;
  for (std::uint32_t a = 0; a < kN / 100; ++a) {
    AgentDraws d(rs, 0, 7, a);
    for (int k = 0; k < 100; ++k) {
      const double x = d.normal();
      ASSERT_TRUE(std::isfinite(x));
      m.add(x);
      fourth += x * x * x * x;
      below_one += x < 1.0;
    }
  }
  // E X = 0 (var 1); E X^2 = 1 (var 2); E X^4 = 3 (var E X^8 - 9 = 105 - 9 = 96).
  EXPECT_NEAR(m.mean(), 0.0, kSigmas * std::sqrt(1.0 / kN));
  EXPECT_NEAR(m.var_about_true_mean(), 1.0, kSigmas * std::sqrt(2.0 / kN));
  EXPECT_NEAR(fourth / kN, 3.0, kSigmas * std::sqrt(96.0 / kN));
  const double phi1 = 0.5 * std::erfc(-1.0 / std::numbers::sqrt2);
  EXPECT_NEAR(below_one / double(kN), phi1, kSigmas * std::sqrt(phi1 * (1 - phi1) / kN));
}

TEST(AgentDraws, LognormalMedianAndLogScale) {
  constexpr int kN = 300000;
  constexpr double kMedian = 3.0, kSigma = 0.5;
  const RandomStreams rs(2, 0);
  AgentDraws d(rs, 0, 8, 0);
  int below = 0;
  Moments logs(std::log(kMedian));
  for (int i = 0; i < kN; ++i) {
    const double x = d.lognormal(kMedian, kSigma);
    ASSERT_GT(x, 0.0);
    below += x < kMedian;
    logs.add(std::log(x));
  }
  EXPECT_NEAR(below / double(kN), 0.5, kSigmas * 0.5 / std::sqrt(double(kN)));
  EXPECT_NEAR(logs.mean(), std::log(kMedian), kSigmas * kSigma / std::sqrt(double(kN)));
  // log X ~ N(log m, s^2): Var((log X - log m)^2) = 2 s^4.
  EXPECT_NEAR(logs.var_about_true_mean(), kSigma * kSigma,
              kSigmas * std::sqrt(2.0 * std::pow(kSigma, 4) / kN));
}

TEST(AgentDraws, BetaMeanMeanAndConcentration) {
  constexpr int kN = 100000;
  const RandomStreams rs(3, 0);
  struct Case { double mean, concentration; };
  // Includes shapes below 1 (the boosted gamma branch) and above 1.
  for (Case c : {Case{0.5, 2.0}, Case{0.2, 10.0}, Case{0.05, 1.0}, Case{0.9, 50.0}, Case{0.3, 0.5}}) {
    AgentDraws d(rs, 0, 9, static_cast<std::uint32_t>(c.concentration * 1000 + c.mean * 100));
    Moments m(c.mean);
    for (int i = 0; i < kN; ++i) {
      const double x = d.beta_mean(c.mean, c.concentration);
      ASSERT_GE(x, 0.0) << c.mean << " " << c.concentration;
      ASSERT_LE(x, 1.0) << c.mean << " " << c.concentration;
      m.add(x);
    }
    const double v = c.mean * (1 - c.mean) / (c.concentration + 1);
    // X in [0, 1] gives (X - m)^4 <= (X - m)^2, so Var((X - m)^2) <= v.
    EXPECT_NEAR(m.mean(), c.mean, kSigmas * std::sqrt(v / kN)) << c.mean << " " << c.concentration;
    EXPECT_NEAR(m.var_about_true_mean(), v, kSigmas * std::sqrt(v / kN)) << c.mean << " " << c.concentration;
  }
}

TEST(AgentDraws, GeometricMeanAndFirstWeek) {
  constexpr int kN = 200000;
  const RandomStreams rs(4, 0);
  for (double p : {0.5, 0.1, 0.02}) {
    AgentDraws d(rs, 0, 10, static_cast<std::uint32_t>(p * 1000));
    Moments m(1.0 / p);
    int first = 0;
    for (int i = 0; i < kN; ++i) {
      const std::uint32_t k = d.geometric(p);
      ASSERT_GE(k, 1u) << "p=" << p;
      first += k == 1;
      m.add(k);
    }
    // Geometric on {1, 2, ...}: mean 1/p, variance (1-p)/p^2, P(K=1) = p.
    EXPECT_NEAR(m.mean(), 1.0 / p, kSigmas * std::sqrt((1 - p) / (p * p) / kN)) << "p=" << p;
    // Excess kurtosis 6 + p^2/(1-p), so Var((K - mean)^2) = var^2 (8 + p^2/(1-p)).
    const double var = (1 - p) / (p * p);
    EXPECT_NEAR(m.var_about_true_mean(), var, kSigmas * var * std::sqrt((8 + p * p / (1 - p)) / kN))
        << "p=" << p;
    EXPECT_NEAR(first / double(kN), p, kSigmas * std::sqrt(p * (1 - p) / kN)) << "p=" << p;
  }
  AgentDraws d(rs, 0, 11, 0);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(d.geometric(1.0), 1u);
    EXPECT_EQ(d.geometric(1.5), 1u);
    EXPECT_EQ(d.geometric(0.0), 0xFFFFu);
  }
}

}  // namespace
}  // namespace kw::engine
