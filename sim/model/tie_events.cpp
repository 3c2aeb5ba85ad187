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
#endif

// The later stages read the due slots' partner, rate, weight, week and kind:
// requested while the listing goes on, so that they arrive in time (timed
// inside the loop, reading the partners went from 33 to 11 cycles per
// resident-week and the contacts from 130 to 118).
[[gnu::always_inline]] inline void prefetch_slot_fields(const Ties& T, std::uint32_t first) {
  __builtin_prefetch(T.partner.data() + first);
  __builtin_prefetch(T.partner.data() + first + 15);
  __builtin_prefetch(T.rate.data() + first);
  __builtin_prefetch(T.weight.data() + first);
  __builtin_prefetch(T.weight.data() + first + 15);
  __builtin_prefetch(T.touched.data() + first);
  __builtin_prefetch(T.kind_bits.data() + first);
}

DueSlots list_due_slots_baseline(const Ties& T, std::uint32_t from, std::uint32_t end, std::uint16_t week,
                                 std::uint32_t max_residents, std::uint32_t capacity, std::uint32_t* __restrict slot,
                                 std::uint32_t* __restrict resident, std::uint32_t* __restrict resident_end) {
  const std::uint16_t* __restrict const next = T.next_event.data();
  std::uint32_t n = 0, i = from;
  while (i < end && i - from < max_residents && n + T.count[i] <= capacity) {
    const std::uint32_t first = T.begin[i], degree = T.count[i];
    prefetch_slot_fields(T, first);
    // without a branch per slot (whether a tie is due is a coin toss for the CPU)
    for (std::uint32_t k = 0; k < degree; ++k) {
      slot[n] = first + k;
      resident[n] = i;
      n += next[first + k] == week;
    }
    resident_end[i - from] = n;
    ++i;
  }
  return {i, n};
}

#if defined(__x86_64__)
__attribute__((target("avx512f,avx512bw,avx512vl,popcnt"))) DueSlots list_due_slots_avx512(
    const Ties& T, std::uint32_t from, std::uint32_t end, std::uint16_t week, std::uint32_t max_residents,
    std::uint32_t capacity, std::uint32_t* __restrict slot, std::uint32_t* __restrict resident,
    std::uint32_t* __restrict resident_end) {
  const std::uint16_t* const next = T.next_event.data();
  const __m256i this_week = _mm256_set1_epi16(static_cast<short>(week));
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  std::uint32_t n = 0, i = from;
  while (i < end && i - from < max_residents && n + T.count[i] <= capacity) {
    const std::uint32_t first = T.begin[i], degree = T.count[i];
    prefetch_slot_fields(T, first);
    const __m512i who = _mm512_set1_epi32(static_cast<int>(i));
    for (std::uint32_t k = 0; k < degree; k += 16) {
      // the slots past the resident's last are masked off, and not read
      const auto in_range = static_cast<__mmask16>(degree - k >= 16 ? 0xFFFFu : (1u << (degree - k)) - 1u);
      const __m256i weeks = _mm256_maskz_loadu_epi16(in_range, next + first + k);
      const __mmask16 due = _mm256_mask_cmpeq_epi16_mask(in_range, weeks, this_week);
      const __m512i slots = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(first + k)), lane);
      // compress in a register, then a whole store: the compressing store
      // to memory is slow on some CPUs (AMD Zen 4)
      _mm512_storeu_si512(slot + n, _mm512_maskz_compress_epi32(due, slots));
      _mm512_storeu_si512(resident + n, who);
      n += static_cast<std::uint32_t>(__builtin_popcount(due));
    }
    resident_end[i - from] = n;
    ++i;
  }
  return {i, n};
}
#endif

}  // namespace

DueSlots list_due_slots(const Ties& T, std::uint32_t from, std::uint32_t end, std::uint16_t week,
                        std::uint32_t max_residents, std::uint32_t capacity, std::uint32_t* slot,
                        std::uint32_t* resident, std::uint32_t* resident_end, engine::SimdLevel level) {
#if defined(__x86_64__)
  if (level == engine::SimdLevel::Avx512)
    return list_due_slots_avx512(T, from, end, week, max_residents, capacity, slot, resident, resident_end);
#endif
  (void)level;
  return list_due_slots_baseline(T, from, end, week, max_residents, capacity, slot, resident, resident_end);
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
