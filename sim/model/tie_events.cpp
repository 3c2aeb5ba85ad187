#include "model/tie_events.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace kw::model {

namespace {

// The loops, written once and compiled for each instruction set below.
[[gnu::always_inline]] inline void contact_waits_loop(std::uint32_t n, const float* inv_log_stay,
                                                      const std::uint32_t* word, std::int32_t* to_contact) {
  for (std::uint32_t k = 0; k < n; ++k) to_contact[k] = weeks_to_contact(inv_log_stay[k], engine::unit_complement(word[k]));
}

[[gnu::always_inline]] inline void next_events_loop(std::uint32_t n, std::uint16_t week, float inv_threshold,
                                                    const float* weight, const float* vanish_scale,
                                                    const std::int32_t* to_contact, std::uint16_t* next) {
  for (std::uint32_t k = 0; k < n; ++k)
    next[k] = static_cast<std::uint16_t>(
        week + TieDecay::weeks_to_event_scaled(weight[k] * inv_threshold, vanish_scale[k], to_contact[k]));
}

// Every array a parameter: GCC takes restrict from parameters, not from
// locals, and without it gives up on a loop over this many arrays.
[[gnu::always_inline]] inline void contact_decisions_arrays(
    std::uint32_t n, float* __restrict weight, const float* __restrict stay, const std::uint32_t* __restrict stay_word,
    const std::uint32_t* __restrict bits_word, std::uint8_t* __restrict kind_bits,
    const std::uint8_t* __restrict partner_flags, float* __restrict contact_weight, std::uint8_t* __restrict counts,
    float threshold, float gain, const ContactBits bits) {
  for (std::uint32_t k = 0; k < n; ++k) {
    const float w = weight[k];
    const bool contact = (w >= threshold) & (engine::to_unit(stay_word[k]) < stay[k]);
    const float w_contact = w + gain * (1.f - w);
    const std::uint32_t cb = bits.of_high_bits(bits_word[k]);
    const std::uint32_t kind = kind_bits[k], flags = partner_flags[k];
    weight[k] = contact ? w_contact : w;
    contact_weight[k] = contact ? w_contact : 0.f;
    kind_bits[k] = static_cast<std::uint8_t>(kind | cb);
    const std::uint32_t counted =
        kCountContact | (kind != static_cast<std::uint32_t>(TieKind::Household) ? kCountOutsideHousehold : 0u) |
        ((flags & kPartnerFlagStronglyLonely) ? kCountLonelyPartner : 0u) |
        (((cb & kViewsExchanged) | (flags & kPartnerFlagVulnerable)) ? kCountAttitude : 0u);
    counts[k] = static_cast<std::uint8_t>(contact ? counted : 0u);
  }
}

[[gnu::always_inline]] inline void contact_decisions_loop(std::uint32_t n, const ContactDecisions& d, float threshold,
                                                          float gain, const ContactBits& bits) {
  contact_decisions_arrays(n, d.weight, d.stay, d.stay_word, d.bits_word, d.kind_bits, d.partner_flags,
                           d.contact_weight, d.counts, threshold, gain, bits);
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) void contact_waits_avx2(std::uint32_t n, const float* inv_log_stay,
                                                         const std::uint32_t* word, std::int32_t* to_contact) {
  contact_waits_loop(n, inv_log_stay, word, to_contact);
}

__attribute__((target("avx2"))) void next_events_avx2(std::uint32_t n, std::uint16_t week, float inv_threshold,
                                                       const float* weight, const float* vanish_scale,
                                                       const std::int32_t* to_contact, std::uint16_t* next) {
  next_events_loop(n, week, inv_threshold, weight, vanish_scale, to_contact, next);
}

// 16 lanes (GCC otherwise prefers 256-bit vectors on AVX-512 CPUs).
__attribute__((target("avx512f,avx512bw,avx512vl,prefer-vector-width=512"))) void contact_waits_avx512(
    std::uint32_t n, const float* inv_log_stay, const std::uint32_t* word, std::int32_t* to_contact) {
  contact_waits_loop(n, inv_log_stay, word, to_contact);
}

__attribute__((target("avx512f,avx512bw,avx512vl,prefer-vector-width=512"))) void next_events_avx512(
    std::uint32_t n, std::uint16_t week, float inv_threshold, const float* weight, const float* vanish_scale,
    const std::int32_t* to_contact, std::uint16_t* next) {
  next_events_loop(n, week, inv_threshold, weight, vanish_scale, to_contact, next);
}

__attribute__((target("avx2"))) void contact_decisions_avx2(std::uint32_t n, const ContactDecisions& d,
                                                             float threshold, float gain, const ContactBits& bits) {
  contact_decisions_loop(n, d, threshold, gain, bits);
}

__attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,prefer-vector-width=512"))) void contact_decisions_avx512(
    std::uint32_t n, const ContactDecisions& d, float threshold, float gain, const ContactBits& bits) {
  contact_decisions_loop(n, d, threshold, gain, bits);
}
#endif

// Residents ahead of the one being listed whose slot fields are requested
// (prefetched): the listing reads each resident's fields as whole vectors,
// so they should be in cache by the time it gets there.
constexpr std::uint32_t kPrefetchAhead = 8;
[[gnu::always_inline]] inline void prefetch_slot_fields(const Ties& T, std::uint32_t i) {
  const std::uint32_t first = T.begin[i];
  __builtin_prefetch(T.next_event.data() + first);
  __builtin_prefetch(T.partner.data() + first);
  __builtin_prefetch(T.partner.data() + first + 15);
  __builtin_prefetch(T.rate.data() + first);
  __builtin_prefetch(T.weight.data() + first);
  __builtin_prefetch(T.weight.data() + first + 15);
  __builtin_prefetch(T.touched.data() + first);
  __builtin_prefetch(T.kind_bits.data() + first);
}

DueSlots list_due_slots_baseline(const Ties& T, std::uint32_t from, std::uint32_t end, std::uint16_t week,
                                 std::uint32_t max_residents, std::uint32_t capacity, const DueList& out) {
  const std::uint16_t* __restrict const next = T.next_event.data();
  std::uint32_t* __restrict const slot = out.slot;
  std::uint32_t* __restrict const resident = out.resident;
  std::uint32_t n = 0, i = from;
  while (i < end && i - from < max_residents && n + T.count[i] <= capacity) {
    const std::uint32_t first = T.begin[i], degree = T.count[i];
    if (i + kPrefetchAhead < end) prefetch_slot_fields(T, i + kPrefetchAhead);
    // without a branch per slot (whether a tie is due is a coin toss for the CPU)
    for (std::uint32_t k = 0; k < degree; ++k) {
      slot[n] = first + k;
      resident[n] = i;
      n += next[first + k] == week;
    }
    out.resident_end[i - from] = n;
    ++i;
  }
  for (std::uint32_t k = 0; k < n; ++k) {
    const std::uint32_t s = slot[k];
    out.partner[k] = T.partner[s];
    out.weight[k] = T.weight[s];
    out.touched[k] = T.touched[s];
    out.kind_bits[k] = T.kind_bits[s];
    out.rate[k] = T.rate[s];
  }
  return {i, n};
}

#if defined(__x86_64__)
// The first min(count, 16) of 16 lanes: a vector loop's lanes, its last
// iteration's masked.
inline __mmask16 first_lanes(std::uint32_t count) {
  return static_cast<__mmask16>(count >= 16 ? 0xFFFFu : (1u << count) - 1u);
}

// base, base + 1, ..., base + 15: the numbers of 16 consecutive slots.
__attribute__((target("avx512f"), always_inline)) inline __m512i numbers_from(std::uint32_t base) {
  return _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(base)),
                          _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

// 16 bytes (or 16-bit words) from `from` under `in_range`, those in `keep`
// moved to the front and stored (16 of them) at `to`: the listing's
// compress of a 1- or 2-byte slot field, widened to 32 bits for it.
template <class T>
__attribute__((target("avx512f,avx512bw,avx512vl"), always_inline)) inline void compress_small(
    __mmask16 in_range, __mmask16 keep, const T* from, T* to) {
  static_assert(sizeof(T) == 1 || sizeof(T) == 2);
  if constexpr (sizeof(T) == 1) {
    const __m512i wide = _mm512_maskz_cvtepu8_epi32(0xFFFF, _mm_maskz_loadu_epi8(in_range, from));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(to),
                     _mm512_maskz_cvtepi32_epi8(0xFFFF, _mm512_maskz_compress_epi32(keep, wide)));
  } else {
    const __m512i wide = _mm512_maskz_cvtepu16_epi32(0xFFFF, _mm256_maskz_loadu_epi16(in_range, from));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(to),
                        _mm512_maskz_cvtepi32_epi16(0xFFFF, _mm512_maskz_compress_epi32(keep, wide)));
  }
}

__attribute__((target("avx512f,avx512bw,avx512vl,popcnt"))) DueSlots list_due_slots_avx512(
    const Ties& T, std::uint32_t from, std::uint32_t end, std::uint16_t week, std::uint32_t max_residents,
    std::uint32_t capacity, const DueList& out) {
  const std::uint16_t* const next = T.next_event.data();
  const __m256i this_week = _mm256_set1_epi16(static_cast<short>(week));
  std::uint32_t n = 0, i = from;
  while (i < end && i - from < max_residents && n + T.count[i] <= capacity) {
    const std::uint32_t first = T.begin[i], degree = T.count[i];
    if (i + kPrefetchAhead < end) prefetch_slot_fields(T, i + kPrefetchAhead);
    const __m512i who = _mm512_set1_epi32(static_cast<int>(i));
    for (std::uint32_t k = 0; k < degree; k += 16) {
      const __mmask16 in_range = first_lanes(degree - k);  // the slots past the resident's last are not read
      const std::uint32_t at = first + k;
      const __m256i weeks = _mm256_maskz_loadu_epi16(in_range, next + at);
      const __mmask16 due = _mm256_mask_cmpeq_epi16_mask(in_range, weeks, this_week);
      // compressed in registers, then whole stores: the compressing store
      // to memory is slow on some CPUs (AMD Zen 4)
      _mm512_storeu_si512(out.slot + n, _mm512_maskz_compress_epi32(due, numbers_from(at)));
      _mm512_storeu_si512(out.resident + n, who);
      _mm512_storeu_si512(out.partner + n,
                          _mm512_maskz_compress_epi32(due, _mm512_maskz_loadu_epi32(in_range, T.partner.data() + at)));
      _mm512_storeu_ps(out.weight + n, _mm512_maskz_compress_ps(due, _mm512_maskz_loadu_ps(in_range, T.weight.data() + at)));
      compress_small(in_range, due, T.touched.data() + at, out.touched + n);
      compress_small(in_range, due, T.kind_bits.data() + at, out.kind_bits + n);
      compress_small(in_range, due, T.rate.data() + at, out.rate + n);
      n += static_cast<std::uint32_t>(__builtin_popcount(due));
    }
    out.resident_end[i - from] = n;
    ++i;
  }
  return {i, n};
}
#endif

void due_fields_baseline(std::uint32_t n, std::uint16_t week, const TieDecay& decay, const float* rate_table,
                         float* __restrict weight, const std::uint16_t* __restrict touched,
                         std::uint8_t* __restrict kind_bits, const std::uint8_t* __restrict rate,
                         float* __restrict vanish_scale, float* __restrict rate_value) {
  for (std::uint32_t k = 0; k < n; ++k) {
    const auto kind = static_cast<TieKind>(kind_bits[k] & kKindMask);
    kind_bits[k] = static_cast<std::uint8_t>(kind);
    weight[k] = decay.weight_now(weight[k], kind, week - touched[k]);
    vanish_scale[k] = decay.vanish_scale(kind);
    rate_value[k] = rate_table[rate[k] & kRateMask];
  }
}

#if defined(__x86_64__)
// A table of 128 floats in eight vectors, looked up 16 lanes at once by
// index (0 to 127): two-source permutes of 32 entries each, then selects.
struct Table128 {
  __m512 part[8];
};
__attribute__((target("avx512f"), always_inline)) inline Table128 load_table128(const float* t) {
  Table128 out;
  for (int q = 0; q < 8; ++q) out.part[q] = _mm512_loadu_ps(t + 16 * q);
  return out;
}
__attribute__((target("avx512f"), always_inline)) inline __m512 lookup128(const Table128& t, __m512i index) {
  const __m512 a = _mm512_permutex2var_ps(t.part[0], index, t.part[1]);
  const __m512 b = _mm512_permutex2var_ps(t.part[2], index, t.part[3]);
  const __m512 c = _mm512_permutex2var_ps(t.part[4], index, t.part[5]);
  const __m512 d = _mm512_permutex2var_ps(t.part[6], index, t.part[7]);
  const __mmask16 bit5 = _mm512_test_epi32_mask(index, _mm512_set1_epi32(32));
  const __mmask16 bit6 = _mm512_test_epi32_mask(index, _mm512_set1_epi32(64));
  return _mm512_mask_blend_ps(bit6, _mm512_mask_blend_ps(bit5, a, b), _mm512_mask_blend_ps(bit5, c, d));
}

__attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,bmi"))) void due_fields_avx512(
    std::uint32_t n, std::uint16_t week, const TieDecay& decay, const float* rate_table, float* weight,
    const std::uint16_t* touched, std::uint8_t* kind_bits, const std::uint8_t* rate, float* vanish_scale,
    float* rate_value) {
  static_assert(TieDecay::kTable == 128 && kRateSteps + 1 == 128, "the tables have 128 entries");
  alignas(64) std::int32_t class_of_kind[16] = {};
  for (int kind = 0; kind < kTieKinds; ++kind) class_of_kind[kind] = TieDecay::decay_class(static_cast<TieKind>(kind));
  alignas(64) float vanish_of_class[16] = {};
  for (int c = 0; c < 3; ++c) vanish_of_class[c] = decay.vanish_scales()[c];
  const __m512i kind_class = _mm512_load_si512(class_of_kind);
  const __m512 class_vanish = _mm512_load_ps(vanish_of_class);
  const Table128 rates = load_table128(rate_table);
  const Table128 factors[3] = {load_table128(decay.factors()), load_table128(decay.factors() + TieDecay::kTable),
                               load_table128(decay.factors() + 2 * TieDecay::kTable)};
  const __m512i this_week = _mm512_set1_epi32(week), last = _mm512_set1_epi32(TieDecay::kTable - 1);
  for (std::uint32_t k = 0; k < n; k += 16) {
    const __mmask16 lanes = first_lanes(n - k);
    const __m512i kind = _mm512_and_si512(_mm512_maskz_cvtepu8_epi32(0xFFFF, _mm_maskz_loadu_epi8(lanes, kind_bits + k)),
                                          _mm512_set1_epi32(kKindMask));
    _mm512_mask_cvtepi32_storeu_epi8(kind_bits + k, lanes, kind);
    const __m512i rate_index = _mm512_and_si512(
        _mm512_maskz_cvtepu8_epi32(0xFFFF, _mm_maskz_loadu_epi8(lanes, rate + k)), _mm512_set1_epi32(kRateMask));
    _mm512_mask_storeu_ps(rate_value + k, lanes, lookup128(rates, rate_index));
    const __m512i decay_class = _mm512_maskz_permutexvar_epi32(0xFFFF, kind, kind_class);
    _mm512_mask_storeu_ps(vanish_scale + k, lanes, _mm512_maskz_permutexvar_ps(0xFFFF, decay_class, class_vanish));
    // as TieDecay::weight_now: the table below kTable weeks, else (rare) the scalar formula
    const __m512i since =
        _mm512_sub_epi32(this_week, _mm512_maskz_cvtepu16_epi32(0xFFFF, _mm256_maskz_loadu_epi16(lanes, touched + k)));
    const __m512i at = _mm512_maskz_min_epu32(0xFFFF, since, last);
    __m512 factor = lookup128(factors[0], at);
    factor = _mm512_mask_blend_ps(_mm512_cmpeq_epi32_mask(decay_class, _mm512_set1_epi32(1)), factor,
                                  lookup128(factors[1], at));
    factor = _mm512_mask_blend_ps(_mm512_cmpeq_epi32_mask(decay_class, _mm512_set1_epi32(2)), factor,
                                  lookup128(factors[2], at));
    __m512 now = _mm512_mul_ps(_mm512_maskz_loadu_ps(lanes, weight + k), factor);
    if (const __mmask16 long_ago = lanes & _mm512_cmpgt_epu32_mask(since, last)) {
      alignas(64) float lane_now[16];
      alignas(64) std::uint32_t lane_since[16], lane_class[16];
      _mm512_store_ps(lane_now, now);
      _mm512_store_si512(lane_since, since);
      _mm512_store_si512(lane_class, decay_class);
      for (unsigned m = long_ago; m != 0; m &= m - 1) {
        const int l = __builtin_ctz(m);
        lane_now[l] = decay.weight_after_long(weight[k + l], static_cast<int>(lane_class[l]), lane_since[l]);
      }
      now = _mm512_load_ps(lane_now);
    }
    _mm512_mask_storeu_ps(weight + k, lanes, now);
  }
}
#endif

std::uint32_t list_counted_baseline(std::uint32_t n, const std::uint8_t* __restrict counts, std::uint8_t bits,
                                    std::uint32_t* __restrict out) {
  std::uint32_t listed = 0;
  for (std::uint32_t k = 0; k < n; ++k) {
    out[listed] = k;
    listed += (counts[k] & bits) != 0;
  }
  return listed;
}

#if defined(__x86_64__)
__attribute__((target("avx512f,avx512bw,avx512vl,popcnt"))) std::uint32_t list_counted_avx512(
    std::uint32_t n, const std::uint8_t* counts, std::uint8_t bits, std::uint32_t* out) {
  std::uint32_t listed = 0;
  for (std::uint32_t k = 0; k < n; k += 16) {
    const __mmask16 lanes = first_lanes(n - k);
    const __mmask16 hit =
        _mm_mask_test_epi8_mask(lanes, _mm_maskz_loadu_epi8(lanes, counts + k), _mm_set1_epi8(static_cast<char>(bits)));
    if (hit == 0) continue;
    _mm512_storeu_si512(out + listed, _mm512_maskz_compress_epi32(hit, numbers_from(k)));
    listed += static_cast<std::uint32_t>(__builtin_popcount(hit));
  }
  return listed;
}
#endif

}  // namespace

std::uint32_t list_counted(std::uint32_t n, const std::uint8_t* counts, std::uint8_t bits, std::uint32_t* out,
                           engine::SimdLevel level) {
#if defined(__x86_64__)
  if (level == engine::SimdLevel::Avx512) return list_counted_avx512(n, counts, bits, out);
#endif
  (void)level;
  return list_counted_baseline(n, counts, bits, out);
}

void due_fields(std::uint32_t n, std::uint16_t week, const TieDecay& decay, const float* rate_table, float* weight,
                const std::uint16_t* touched, std::uint8_t* kind_bits, const std::uint8_t* rate, float* vanish_scale,
                float* rate_value, engine::SimdLevel level) {
#if defined(__x86_64__)
  if (level == engine::SimdLevel::Avx512)
    return due_fields_avx512(n, week, decay, rate_table, weight, touched, kind_bits, rate, vanish_scale, rate_value);
#endif
  (void)level;
  due_fields_baseline(n, week, decay, rate_table, weight, touched, kind_bits, rate, vanish_scale, rate_value);
}

DueSlots list_due_slots(const Ties& T, std::uint32_t from, std::uint32_t end, std::uint16_t week,
                        std::uint32_t max_residents, std::uint32_t capacity, const DueList& out,
                        engine::SimdLevel level) {
#if defined(__x86_64__)
  if (level == engine::SimdLevel::Avx512)
    return list_due_slots_avx512(T, from, end, week, max_residents, capacity, out);
#endif
  (void)level;
  return list_due_slots_baseline(T, from, end, week, max_residents, capacity, out);
}

void contact_waits(std::uint32_t n, const float* inv_log_stay, const std::uint32_t* word, std::int32_t* to_contact,
                   engine::SimdLevel level) {
#if defined(__x86_64__)
  if (level == engine::SimdLevel::Avx512) return contact_waits_avx512(n, inv_log_stay, word, to_contact);
  if (level != engine::SimdLevel::Baseline) return contact_waits_avx2(n, inv_log_stay, word, to_contact);
#endif
  (void)level;
  contact_waits_loop(n, inv_log_stay, word, to_contact);
}

void contact_decisions(std::uint32_t n, const ContactDecisions& d, float threshold, float gain,
                       const ContactBits& bits, engine::SimdLevel level) {
#if defined(__x86_64__)
  if (level == engine::SimdLevel::Avx512) return contact_decisions_avx512(n, d, threshold, gain, bits);
  if (level != engine::SimdLevel::Baseline) return contact_decisions_avx2(n, d, threshold, gain, bits);
#endif
  (void)level;
  contact_decisions_loop(n, d, threshold, gain, bits);
}

void next_events(std::uint32_t n, std::uint16_t week, float inv_threshold, const float* weight,
                 const float* vanish_scale, const std::int32_t* to_contact, std::uint16_t* next,
                 engine::SimdLevel level) {
#if defined(__x86_64__)
  if (level == engine::SimdLevel::Avx512)
    return next_events_avx512(n, week, inv_threshold, weight, vanish_scale, to_contact, next);
  if (level != engine::SimdLevel::Baseline)
    return next_events_avx2(n, week, inv_threshold, weight, vanish_scale, to_contact, next);
#endif
  (void)level;
  next_events_loop(n, week, inv_threshold, weight, vanish_scale, to_contact, next);
}

}  // namespace kw::model
