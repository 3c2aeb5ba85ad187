// RandomStreams::pair_bits_n and agent_bits_n: many draws at once, one
// counter per SIMD lane. Philox is 32-bit integer arithmetic, so every kernel gives the same
// bits as philox4x32_7 (tests check each kernel the CPU has against it); the
// kernel is chosen once from what the CPU supports, so a run's results do not
// depend on the machine. Each 32x32->64 multiplication of a round is done for
// the even and the odd lanes separately (_mm*_mul_epu32 multiplies the even
// 32-bit lanes) and the halves blended back: with the counters laid out
// word by word across lanes no transposition is needed.
#include "engine/random.h"

#include <atomic>
#include <stdexcept>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

// GCC 12's AVX-512 intrinsics use _mm512_undefined_epi32() as the masked-off
// source, which -Wmaybe-uninitialized reports inside a target("avx512f")
// function (GCC bug 105593); the value is never read.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace kw::engine {

namespace {

constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr std::uint32_t kBump0 = 0x9E3779B9u, kBump1 = 0xBB67AE85u;

void draw_bits_baseline(const DrawBatch& in, std::size_t from, std::size_t n) {
  for (std::size_t k = from; k < n; ++k) {
    const std::uint32_t a = in.a[k], b = in.b[k];
    const std::uint32_t lo = in.pair && b < a ? b : a, hi = a ^ b ^ lo;
    const auto x = philox4x32_7(lo, hi, in.word2, in.replicate, in.key0, in.key1);
    for (int w = 0; w < 4; ++w) in.out[w][k] = x[w];
  }
}

#if defined(__x86_64__)
// hi and lo halves of m * x per 32-bit lane
__attribute__((target("avx2"), always_inline)) inline void mulhilo(const __m256i& m, const __m256i& x, __m256i& hi,
                                                                    __m256i& lo) {
  const __m256i even = _mm256_mul_epu32(x, m);
  const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), m);
  lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
  hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
}
__attribute__((target("avx512f"), always_inline)) inline void mulhilo(const __m512i& m, const __m512i& x, __m512i& hi,
                                                                       __m512i& lo) {
  constexpr __mmask16 kOdd = 0xAAAA;
  const __m512i even = _mm512_mul_epu32(x, m);
  const __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(x, 32), m);
  lo = _mm512_mask_blend_epi32(kOdd, even, _mm512_slli_epi64(odd, 32));
  hi = _mm512_mask_blend_epi32(kOdd, _mm512_srli_epi64(even, 32), odd);
}

__attribute__((target("avx2"))) void draw_bits_avx2(const DrawBatch& in, std::size_t from, std::size_t n) {
  const __m256i m0 = _mm256_set1_epi32(static_cast<int>(kM0)), m1 = _mm256_set1_epi32(static_cast<int>(kM1));
  const __m256i w2 = _mm256_set1_epi32(static_cast<int>(in.word2));
  const __m256i w3 = _mm256_set1_epi32(static_cast<int>(in.replicate));
  std::size_t k = from;
  for (; k + 8 <= n; k += 8) {
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in.a + k));
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in.b + k));
    __m256i x0 = in.pair ? _mm256_min_epu32(a, b) : a, x1 = in.pair ? _mm256_max_epu32(a, b) : b, x2 = w2, x3 = w3;
    std::uint32_t k0 = in.key0, k1 = in.key1;
    for (int r = 0; r < 7; ++r) {
      __m256i hi0, lo0, hi1, lo1;
      mulhilo(m0, x0, hi0, lo0);
      mulhilo(m1, x2, hi1, lo1);
      x0 = _mm256_xor_si256(_mm256_xor_si256(hi1, x1), _mm256_set1_epi32(static_cast<int>(k0)));
      x1 = lo1;
      x2 = _mm256_xor_si256(_mm256_xor_si256(hi0, x3), _mm256_set1_epi32(static_cast<int>(k1)));
      x3 = lo0;
      k0 += kBump0;
      k1 += kBump1;
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(in.out[0] + k), x0);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(in.out[1] + k), x1);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(in.out[2] + k), x2);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(in.out[3] + k), x3);
  }
  // The SSE code after this must not find the upper halves in use (GCC
  // leaves that out before a tail call); on AMD CPUs that costs the next
  // loops several times their time.
  _mm256_zeroupper();
  draw_bits_baseline(in, k, n);
}

__attribute__((target("avx512f"))) void draw_bits_avx512(const DrawBatch& in, std::size_t n) {
  const __m512i m0 = _mm512_set1_epi32(static_cast<int>(kM0)), m1 = _mm512_set1_epi32(static_cast<int>(kM1));
  const __m512i w2 = _mm512_set1_epi32(static_cast<int>(in.word2));
  const __m512i w3 = _mm512_set1_epi32(static_cast<int>(in.replicate));
  std::size_t k = 0;
  for (; k + 16 <= n; k += 16) {
    const __m512i a = _mm512_loadu_si512(in.a + k);
    const __m512i b = _mm512_loadu_si512(in.b + k);
    __m512i x0 = in.pair ? _mm512_min_epu32(a, b) : a, x1 = in.pair ? _mm512_max_epu32(a, b) : b, x2 = w2, x3 = w3;
    std::uint32_t k0 = in.key0, k1 = in.key1;
    for (int r = 0; r < 7; ++r) {
      __m512i hi0, lo0, hi1, lo1;
      mulhilo(m0, x0, hi0, lo0);
      mulhilo(m1, x2, hi1, lo1);
      x0 = _mm512_ternarylogic_epi32(hi1, x1, _mm512_set1_epi32(static_cast<int>(k0)), 0x96);  // three-way xor
      x1 = lo1;
      x2 = _mm512_ternarylogic_epi32(hi0, x3, _mm512_set1_epi32(static_cast<int>(k1)), 0x96);
      x3 = lo0;
      k0 += kBump0;
      k1 += kBump1;
    }
    _mm512_storeu_si512(in.out[0] + k, x0);
    _mm512_storeu_si512(in.out[1] + k, x1);
    _mm512_storeu_si512(in.out[2] + k, x2);
    _mm512_storeu_si512(in.out[3] + k, x3);
  }
  _mm256_zeroupper();  // as in draw_bits_avx2
  draw_bits_avx2(in, k, n);
}
#endif

}  // namespace

bool simd_supported(SimdLevel level) {
#if defined(__x86_64__)
  switch (level) {
    case SimdLevel::Baseline: return true;
    case SimdLevel::Avx2: return __builtin_cpu_supports("avx2");
    case SimdLevel::Avx512:
      // every extension the AVX-512 versions are compiled for (here and in
      // sim/model/tie_events.cpp); all CPUs with AVX-512 BW and VL have them
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
             __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("popcnt");
  }
  return false;
#else
  return level == SimdLevel::Baseline;
#endif
}

namespace {
std::atomic<int> g_forced_level{-1};
}  // namespace

void force_simd_level(std::optional<SimdLevel> level) {
  if (level && !simd_supported(*level)) throw std::invalid_argument("force_simd_level: not supported by this CPU");
  g_forced_level = level ? static_cast<int>(*level) : -1;
}

SimdLevel simd_level() {
  static const SimdLevel best = simd_supported(SimdLevel::Avx512) ? SimdLevel::Avx512
                                : simd_supported(SimdLevel::Avx2) ? SimdLevel::Avx2
                                                                  : SimdLevel::Baseline;
  const int forced = g_forced_level.load(std::memory_order_relaxed);
  return forced >= 0 ? static_cast<SimdLevel>(forced) : best;
}

void draw_bits_n(const DrawBatch& in, std::size_t n, SimdLevel level) {
#if defined(__x86_64__)
  if (level == SimdLevel::Avx512) return draw_bits_avx512(in, n);
  if (level == SimdLevel::Avx2) return draw_bits_avx2(in, 0, n);
#endif
  (void)level;
  draw_bits_baseline(in, 0, n);
}

}  // namespace kw::engine
