#pragma once
// The vectorised stages of the tie-contact loop (encounters_and_ties): the
// weeks to each due tie's next planned contact, and each due tie's next event.
// Each in a baseline x86-64 version (SSE2, 4 lanes), an AVX2 version (8
// lanes) and an AVX-512 version (16 lanes), chosen by engine::simd_level()
// like the pair draws. All do the same IEEE float operations in the same order
// (the AVX2 and AVX-512 targets bring no fused multiply-add), so they give the
// same bits and a run is the same on any CPU (tests/model/tie_events_test.cpp,
// and the whole-run test in verification).
#include "engine/fast_math.h"
#include "engine/random.h"
#include "model/ties.h"

#include <algorithm>
#include <cstdint>

namespace kw::model {

// Weeks until the next contact of a tie with weekly contact chance p, from
// 1 / log2(1 - p) and 1 - u for a uniform u (see engine::unit_complement): at
// least one, floor(log(1 - u) / log(1 - p)) + 1, which has the distribution
// of the ceiling (they differ only where the quotient is a whole number).
// Without branches (weekly ties, rate 1, and the others are mixed
// unpredictably) and in 32-bit integers and floats, so loops of it vectorise.
inline std::int32_t weeks_to_contact(float inv_log_stay, float one_minus_u) {
  // x >= 0 (up to rounding); 0 for rate 1 (inv_log_stay is 0 there)
  const float x = engine::fast_log2(one_minus_u) * inv_log_stay;
  return static_cast<std::int32_t>(std::min(x, 59999.f)) + 1;
}

// The due slots of one block of residents, the contact loop's first stage:
// residents from `from`, while fewer than max_residents, before `end`, and
// while their slots fit in `capacity`. Writes each due slot (next_event ==
// week) to slot[] and its resident to resident[], and where each resident's
// due slots end in them to resident_end[]; slot[] and resident[] need
// kDueSlack entries beyond capacity (whole vectors are stored). Also
// requests (prefetches) each listed resident's slot fields that the later
// stages read. Returns the resident after the block and the number listed.
// An AVX-512 version (compare 16 weeks at once, compress the due slots'
// numbers) at engine::SimdLevel::Avx512, else one slot at a time without a
// branch.
inline constexpr std::uint32_t kDueSlack = 16;
struct DueSlots {
  std::uint32_t end, count;
};
DueSlots list_due_slots(const Ties& T, std::uint32_t from, std::uint32_t end, std::uint16_t week,
                        std::uint32_t max_residents, std::uint32_t capacity, std::uint32_t* slot,
                        std::uint32_t* resident, std::uint32_t* resident_end,
                        engine::SimdLevel level = engine::simd_level());

// to_contact[k] = weeks_to_contact(inv_log_stay[k], unit_complement(word[k])), k < n.
void contact_waits(std::uint32_t n, const float* inv_log_stay, const std::uint32_t* word, std::int32_t* to_contact,
                   engine::SimdLevel level = engine::simd_level());

// next[k] = week + the weeks to tie k's next event: its planned contact in
// to_contact[k] weeks unless its weight[k] decays below the threshold first
// (TieDecay::weeks_to_event_scaled with weight[k] * inv_threshold and the
// kind's vanish_scale[k]), k < n.
void next_events(std::uint32_t n, std::uint16_t week, float inv_threshold, const float* weight,
                 const float* vanish_scale, const std::int32_t* to_contact, std::uint16_t* next,
                 engine::SimdLevel level = engine::simd_level());

}  // namespace kw::model
