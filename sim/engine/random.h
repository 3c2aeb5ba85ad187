#pragma once
// Counter-based random numbers: every draw is a pure function of
// (seed, replicate, week, stream, agent, draw index). Nothing is stored, so any
// thread can draw any agent's numbers and results do not depend on how agents
// are split over threads or processes (cf. HOOMD-blue's RandomNumbers.h).
//
// Philox4x32 (Random123) maps a 128-bit counter and a 64-bit key to 128
// random bits. We use 7 rounds, not the default 10: Salmon et al. (2011) found
// Philox4x32-7 passes TestU01's BigCrush, and the draw is the hot loop's main
// cost (4.4 against 7.4 ns here). Layout:
//   key     = seed (64 bits)
//   counter = {a, b, week | stream << 16 | kind << 31, replicate}
// where for an agent draw a = agent id, b = draw index, kind = 0, and for a
// pair draw a = smaller id, b = larger id, kind = 1. Both ends of a tie thus
// compute the same pair draw without talking to each other.
#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace kw::engine {

// Philox4x32-7 with SSE2: the same function as Random123's
// r123::Philox4x32_R<7> (tests check it bit for bit), in about half the
// instructions: each round's two 32x32->64 multiplications are one
// _mm_mul_epu32, the word shuffle and key mixing three more. Tie contacts
// draw one of these per event, so it is a good part of the weekly step
// (BM_PairBits 6.7 against 9.2 ns). Define KW_SCALAR_PHILOX to use
// Random123's own code instead, e.g. to compare.
inline std::array<std::uint32_t, 4> philox4x32_7(std::uint32_t c0, std::uint32_t c1, std::uint32_t c2,
                                                 std::uint32_t c3, std::uint32_t k0, std::uint32_t k1) {
#if defined(__SSE2__) && !defined(KW_SCALAR_PHILOX)
  // lanes 0 and 2 carry the multiplied words (ctr[0], ctr[2]) and the key
  const __m128i mul = _mm_set_epi32(0, static_cast<int>(0xCD9E8D57u), 0, static_cast<int>(0xD2511F53u));
  const __m128i bump = _mm_set_epi32(0, static_cast<int>(0xBB67AE85u), 0, static_cast<int>(0x9E3779B9u));
  const __m128i odd = _mm_set_epi32(0, -1, 0, -1);
  __m128i key = _mm_set_epi32(0, static_cast<int>(k1), 0, static_cast<int>(k0));
  __m128i x = _mm_set_epi32(static_cast<int>(c3), static_cast<int>(c2), static_cast<int>(c1), static_cast<int>(c0));
  for (int r = 0; r < 7; ++r) {
    if (r > 0) key = _mm_add_epi32(key, bump);
    const __m128i p = _mm_mul_epu32(x, mul);                         // {lo0, hi0, lo1, hi1}
    const __m128i swapped = _mm_shuffle_epi32(p, _MM_SHUFFLE(0, 1, 2, 3));  // {hi1, lo1, hi0, lo0}
    const __m128i x13 = _mm_and_si128(_mm_shuffle_epi32(x, _MM_SHUFFLE(3, 3, 1, 1)), odd);  // {x1, 0, x3, 0}
    x = _mm_xor_si128(swapped, _mm_xor_si128(x13, key));  // {hi1^x1^k0, lo1, hi0^x3^k1, lo0}
  }
  std::array<std::uint32_t, 4> out;
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out.data()), x);
  return out;
#else
  const r123::Philox4x32_R<7>::ctr_type ctr{{c0, c1, c2, c3}};
  const r123::Philox4x32_R<7>::key_type key{{k0, k1}};
  const auto out = r123::Philox4x32_R<7>()(ctr, key);
  return {out[0], out[1], out[2], out[3]};
#endif
}

// Many draws of one (week, stream) at once (RandomStreams::pair_bits_n and
// agent_bits_n): out[w][k] is word w of the draw for the k-th counter,
// {min(a[k], b[k]), max(a[k], b[k])} for pair draws, {a[k], b[k]} otherwise.
struct DrawBatch {
  const std::uint32_t* a;
  const std::uint32_t* b;
  std::uint32_t* out[4];
  std::uint32_t word2, replicate, key0, key1;  // the counter's fixed words and the key
  bool pair;                                   // order the ends (pair draws)
};
// The instruction sets draw_bits_n (and the model's vectorised stages) have
// kernels for. All give the same bits. Avx512 means AVX-512 with its byte and
// word instructions and 256-bit forms (F, BW, VL: every AVX-512 CPU since
// Skylake-SP and Zen 4), and AVX2.
enum class SimdLevel { Baseline, Avx2, Avx512 };
bool simd_supported(SimdLevel level);
// The kernel used: the widest this CPU supports, unless forced (tests and
// benchmarks compare the kernels; nullopt returns to the widest).
SimdLevel simd_level();
void force_simd_level(std::optional<SimdLevel> level);
void draw_bits_n(const DrawBatch& in, std::size_t n, SimdLevel level);  // see batch_draws.cpp

// The week value reserved for draws made while the population is built.
inline constexpr std::uint32_t kSetupWeek = 0xFFFF;

class RandomStreams {
public:
  using Philox = r123::Philox4x32_R<7>;

  RandomStreams(std::uint64_t seed, std::uint32_t replicate)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
        replicate_(replicate) {}

  std::uint64_t seed() const { return (std::uint64_t(key_[1]) << 32) | key_[0]; }
  std::uint32_t replicate() const { return replicate_; }

  // Four 32-bit words for (week, stream, agent, index).
  std::array<std::uint32_t, 4> agent_bits(std::uint32_t week, std::uint8_t stream,
                                          std::uint32_t agent, std::uint32_t index) const {
    return bits(agent, index, word2(week, stream, 0));
  }
  // Four 32-bit words shared by the unordered pair {a, b}.
  std::array<std::uint32_t, 4> pair_bits(std::uint32_t week, std::uint8_t stream,
                                         std::uint32_t a, std::uint32_t b) const {
    // which end is smaller is a coin toss for the CPU: select, do not branch
    const std::uint32_t lo = a < b ? a : b, hi = a ^ b ^ lo;
    return bits(lo, hi, word2(week, stream, 1));
  }

  // pair_bits for n pairs {a[k], b[k]} at once, word w into out[w][k]:
  // SIMD lanes make each draw a few times cheaper than one by one.
  void pair_bits_n(std::uint32_t week, std::uint8_t stream, std::size_t n, const std::uint32_t* a,
                   const std::uint32_t* b, std::uint32_t* const out[4],
                   SimdLevel level = simd_level()) const {
    draw_bits_n(DrawBatch{a, b, {out[0], out[1], out[2], out[3]}, word2(week, stream, 1), replicate_, key_[0],
                          key_[1], true},
                n, level);
  }
  // agent_bits for n agents at once: agent[k] and its draw index[k].
  void agent_bits_n(std::uint32_t week, std::uint8_t stream, std::size_t n, const std::uint32_t* agent,
                    const std::uint32_t* index, std::uint32_t* const out[4],
                    SimdLevel level = simd_level()) const {
    draw_bits_n(DrawBatch{agent, index, {out[0], out[1], out[2], out[3]}, word2(week, stream, 0), replicate_,
                          key_[0], key_[1], false},
                n, level);
  }

private:
  static std::uint32_t word2(std::uint32_t week, std::uint8_t stream, std::uint32_t kind) {
    return (week & 0xFFFFu) | (std::uint32_t(stream & 0x7F) << 16) | (kind << 31);
  }
  std::array<std::uint32_t, 4> bits(std::uint32_t a, std::uint32_t b, std::uint32_t w2) const {
    return philox4x32_7(a, b, w2, replicate_, key_[0], key_[1]);
  }

  Philox::key_type key_;
  std::uint32_t replicate_;
};

// A 32-bit word to a double in [0, 1).
inline double to_unit(std::uint32_t x) { return x * (1.0 / 4294967296.0); }

// A sequence of draws for one agent in one (week, stream): draw index k is the
// k-th uniform. Lives on the stack; four uniforms per Philox call.
class AgentDraws {
public:
  AgentDraws(const RandomStreams& rs, std::uint32_t week, std::uint8_t stream, std::uint32_t agent)
      : rs_(rs), week_(week), stream_(stream), agent_(agent) {}

  double uniform() {
    if (used_ == 4) {
      buf_ = rs_.agent_bits(week_, stream_, agent_, block_++);
      used_ = 0;
    }
    return to_unit(buf_[used_++]);
  }
  bool bernoulli(double p) { return uniform() < p; }
  // Uniform integer in [0, n), n > 0.
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>(uniform() * n);
  }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  double normal() {
    // Box-Muller; 1 - u keeps the log argument in (0, 1].
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  double lognormal(double median, double sigma) { return median * std::exp(sigma * normal()); }
  double beta_mean(double mean, double concentration);  // see random.cpp
  // Number of weeks until an event of weekly probability p, at least 1.
  std::uint32_t geometric(double p) {
    if (p >= 1.0) return 1;
    if (p <= 0.0) return 0xFFFFu;
    const double u = 1.0 - uniform();
    const double k = std::ceil(std::log(u) / std::log1p(-p));
    return k < 1.0 ? 1u : (k > 65535.0 ? 0xFFFFu : static_cast<std::uint32_t>(k));
  }

private:
  const RandomStreams& rs_;
  std::uint32_t week_;
  std::uint8_t stream_;
  std::uint32_t agent_;
  std::uint32_t block_ = 0;
  std::array<std::uint32_t, 4> buf_{};
  int used_ = 4;
};

}  // namespace kw::engine
