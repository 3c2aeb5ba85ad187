#pragma once
// The vectorised stages of the tie-contact loop (encounters_and_ties): the
// listing of due slots with their fields, the due ties' weights now and table
// values, the weeks to each due tie's next planned contact, the contact
// decisions, the listing of the contacts that matter for attitudes, and each
// due tie's next event. Each in a baseline x86-64
// version and faster ones chosen by engine::simd_level() like the pair
// draws: loops the compiler vectorises, compiled for baseline SSE2, AVX2 and
// AVX-512, and AVX-512 intrinsics where the compiler cannot (compress,
// permutes). All do the same IEEE float operations in the same order (no
// fused multiply-add: sim/CMakeLists.txt), so they give the same bits and a
// run is the same on any CPU (tests/model/tie_events_test.cpp, and the
// whole-run test in verification).
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
// week), its resident and the slot's fields that the later stages read to
// `out`, and where each resident's due slots end in them to
// out.resident_end; the per-slot arrays need kDueSlack entries beyond
// capacity (whole vectors are stored). Returns the resident after the block
// and the number listed. An AVX-512 version (compares 16 weeks at once and
// compresses the due slots' fields, read as whole vectors, into the lists)
// at engine::SimdLevel::Avx512, else one slot at a time without a branch,
// then the fields slot by slot.
inline constexpr std::uint32_t kDueSlack = 16;
struct DueSlots {
  std::uint32_t end, count;
};
struct DueList {
  std::uint32_t *slot, *resident, *resident_end;
  std::uint32_t* partner;    // the slot's fields, as in Ties
  float* weight;
  std::uint16_t* touched;
  std::uint8_t *kind_bits, *rate;
};
DueSlots list_due_slots(const Ties& T, std::uint32_t from, std::uint32_t end, std::uint16_t week,
                        std::uint32_t max_residents, std::uint32_t capacity, const DueList& out,
                        engine::SimdLevel level = engine::simd_level());

// Each due slot's weight now (TieDecay::weight_now from its weight then and
// the week it was touched, in place), its kind alone (kind_bits[k] &
// kKindMask, in place), the kind's vanish scale, and its contact rate's
// entry of `rate_table` (kRateSteps + 1 entries, by rate & kRateMask), k < n.
// An AVX-512 version (the tables looked up by permutes: a 16-lane gather
// costs about 20 cycles on the development machine, AMD Zen 4) and a
// baseline one, slot by slot.
void due_fields(std::uint32_t n, std::uint16_t week, const TieDecay& decay, const float* rate_table, float* weight,
                const std::uint16_t* touched, std::uint8_t* kind_bits, const std::uint8_t* rate, float* vanish_scale,
                float* rate_value, engine::SimdLevel level = engine::simd_level());

// to_contact[k] = weeks_to_contact(inv_log_stay[k], unit_complement(word[k])), k < n.
void contact_waits(std::uint32_t n, const float* inv_log_stay, const std::uint32_t* word, std::int32_t* to_contact,
                   engine::SimdLevel level = engine::simd_level());

// The contact stage's decisions, in a loop the compiler vectorises over
// arrays that the stage before filled slot by slot. For each due slot k < n,
// from the tie's weight now, the chance that neither end withdraws, the stay
// and bits words of the tie's pair draw, its kind and its partner's flags:
// whether the contact happens (the tie is at or above the threshold and the
// stay word falls below the chance), the weight after it, the contact bits
// (ContactBits) and what the resident's sums count.
inline constexpr std::uint8_t kPartnerFlagVulnerable = 1, kPartnerFlagStronglyLonely = 2;
// counts[k]: a contact, outside the household, with a strongly lonely
// partner, and one that matters for attitudes (AttitudeContact::matters);
// 0 without a contact.
inline constexpr std::uint8_t kCountContact = 1, kCountOutsideHousehold = 2, kCountLonelyPartner = 4,
                              kCountAttitude = 8;
struct ContactDecisions {
  float* weight;               // in: the weight now; out: after this week's contact, if any
  const float* stay;           // the chance that neither end withdraws
  const std::uint32_t* stay_word;  // words 0 and 2 of the pair draw
  const std::uint32_t* bits_word;
  std::uint8_t* kind_bits;     // in: the kind; out: with the contact bits
  const std::uint8_t* partner_flags;  // kPartnerFlag* bits
  float* contact_weight;       // out: the weight after where there was a contact, else 0
  std::uint8_t* counts;        // out: kCount* bits
};
void contact_decisions(std::uint32_t n, const ContactDecisions& d, float threshold, float gain,
                       const ContactBits& bits, engine::SimdLevel level = engine::simd_level());

// The due slots k < n whose counts[k] have any of `bits`, in order, to
// out[] (which needs kDueSlack entries beyond n); returns how many. AVX-512:
// 16 slots compared and their numbers compressed at once; else one slot at
// a time without a branch.
std::uint32_t list_counted(std::uint32_t n, const std::uint8_t* counts, std::uint8_t bits, std::uint32_t* out,
                           engine::SimdLevel level = engine::simd_level());

// next[k] = week + the weeks to tie k's next event: its planned contact in
// to_contact[k] weeks unless its weight[k] decays below the threshold first
// (TieDecay::weeks_to_event_scaled with weight[k] * inv_threshold and the
// kind's vanish_scale[k]), k < n.
void next_events(std::uint32_t n, std::uint16_t week, float inv_threshold, const float* weight,
                 const float* vanish_scale, const std::int32_t* to_contact, std::uint16_t* next,
                 engine::SimdLevel level = engine::simd_level());

}  // namespace kw::model
