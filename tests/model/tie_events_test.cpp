// The tie-contact loop's vectorised stages: each instruction set's version
// gives the same bits as the baseline, and the baseline what the scalar
// formulas give.
#include "model/fixtures.h"
#include "model/processes.h"
#include "model/tie_events.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace kw::model {
namespace {

using engine::SimdLevel;
using namespace testing;

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

// Where a wait or an event moves from one whole week to the next, a
// difference of one rounding between versions (a fused multiply-add, say)
// would show: the inputs on both sides of every such boundary, found by
// bisection on the baseline formula, for every contact rate and decay scale.
TEST(TieEvents, EveryInstructionSetRoundsAlikeAtTheWeekBoundaries) {
  std::vector<float> inv_log_stay;
  std::vector<std::uint32_t> word;
  for (int r = 1; r < kRateSteps; ++r) {
    const float inv = static_cast<float>(1.0 / std::log2(1.0 - rate_value(static_cast<std::uint8_t>(r))));
    // the wait grows with the word's high 24 bits
    auto wait = [&](std::uint32_t high) { return weeks_to_contact(inv, engine::unit_complement(high << 8)); };
    for (std::int32_t m = 2; m <= 60; ++m) {
      std::uint32_t lo = 0, hi = (1u << 24) - 1;  // wait(lo) < m <= wait(hi), if m is reached at all
      if (wait(hi) < m) break;
      while (hi - lo > 1) {
        const std::uint32_t mid = lo + (hi - lo) / 2;
        (wait(mid) < m ? lo : hi) = mid;
      }
      for (std::uint32_t h = hi > 8 ? hi - 8 : 0; h <= std::min(hi + 8, (1u << 24) - 1); ++h) {
        inv_log_stay.push_back(inv);
        word.push_back(h << 8 | (h & 0xFF));
      }
    }
  }
  const auto n = static_cast<std::uint32_t>(word.size());
  ASSERT_GT(n, 10000u);
  std::vector<std::int32_t> expected(n), got(n);
  for (std::uint32_t k = 0; k < n; ++k)
    expected[k] = weeks_to_contact(inv_log_stay[k], engine::unit_complement(word[k]));
  for (SimdLevel level : levels()) {
    contact_waits(n, inv_log_stay.data(), word.data(), got.data(), level);
    EXPECT_EQ(got, expected) << "level " << static_cast<int>(level);
  }

  // Next events: the weeks until a weight decays below the threshold, for
  // weights on both sides of each whole week (float bit patterns are ordered
  // like the positive floats), with the planned contact out of the way.
  const TieDecay decay(104.0, 26.0, 0.05);
  std::vector<float> weight, scale;
  std::vector<std::int32_t> to_contact;
  for (const TieKind kind : {TieKind::Kin, TieKind::Friend}) {
    const float sc = decay.vanish_scale(kind);
    auto weeks = [&](std::uint32_t bits) {
      return TieDecay::weeks_to_vanish_scaled(std::bit_cast<float>(bits) * decay.inv_threshold(), sc);
    };
    const std::uint32_t lowest = std::bit_cast<std::uint32_t>(0.05f), highest = std::bit_cast<std::uint32_t>(1.f);
    for (std::int32_t m = 2; m <= 400; ++m) {
      std::uint32_t lo = lowest, hi = highest;
      if (weeks(hi) < m) break;
      while (hi - lo > 1) {
        const std::uint32_t mid = lo + (hi - lo) / 2;
        (weeks(mid) < m ? lo : hi) = mid;
      }
      for (std::uint32_t b = hi - 8; b <= std::min(hi + 8, highest); ++b) {
        weight.push_back(std::bit_cast<float>(b));
        scale.push_back(sc);
        to_contact.push_back(60000);
      }
    }
  }
  const auto n2 = static_cast<std::uint32_t>(weight.size());
  ASSERT_GT(n2, 1000u);
  const std::uint16_t week = 0;
  std::vector<std::uint16_t> expected_next(n2), got_next(n2);
  for (std::uint32_t k = 0; k < n2; ++k)
    expected_next[k] = static_cast<std::uint16_t>(
        week + TieDecay::weeks_to_event_scaled(weight[k] * decay.inv_threshold(), scale[k], to_contact[k]));
  for (SimdLevel level : levels()) {
    next_events(n2, week, decay.inv_threshold(), weight.data(), scale.data(), to_contact.data(), got_next.data(),
                level);
    EXPECT_EQ(got_next, expected_next) << "level " << static_cast<int>(level);
  }
}

// The due slots of a generated world's residents, with every tie's next event
// in one of a few weeks: every version lists the same slots in the same
// order, and exactly the due ones; blocks stop at the resident limit and at
// the capacity.
TEST(TieEvents, DueSlotsAreTheSameForEveryInstructionSet) {
  auto w = make_world(test_params(), 3000, 0.05);
  Ties& T = w->ties;
  std::mt19937 gen(11);
  for (auto& next : T.next_event) next = static_cast<std::uint16_t>(40 + gen() % 3);
  // the fields listed with the slots: any values
  for (auto& t : T.touched) t = static_cast<std::uint16_t>(gen());
  for (auto& kb : T.kind_bits) kb = static_cast<std::uint8_t>(gen());
  for (auto& r : T.rate) r = static_cast<std::uint8_t>(gen());
  const std::uint16_t week = 41;
  const auto residents = w->residents.size;
  for (std::uint32_t capacity : {40u, 2048u})
    for (std::uint32_t max_residents : {1u, 7u, 64u}) {
      std::vector<std::uint32_t> expected_slots;
      for (SimdLevel level : levels()) {
        const std::uint32_t entries = capacity + kDueSlack;
        std::vector<std::uint32_t> slot(entries), resident(entries), end(max_residents), partner(entries);
        std::vector<float> weight(entries);
        std::vector<std::uint16_t> touched(entries);
        std::vector<std::uint8_t> kind_bits(entries), rate(entries);
        const DueList out{slot.data(),   resident.data(), end.data(),       partner.data(),
                          weight.data(), touched.data(),  kind_bits.data(), rate.data()};
        std::vector<std::uint32_t> listed;
        for (std::uint32_t i0 = 0; i0 < residents;) {
          const DueSlots due = list_due_slots(T, i0, residents, week, max_residents, capacity, out, level);
          ASSERT_GT(due.end, i0) << "every block takes at least one resident";
          ASSERT_LE(due.end - i0, max_residents);
          ASSERT_LE(due.count, capacity);
          std::uint32_t k = 0;
          for (std::uint32_t i = i0; i < due.end; ++i) {
            std::uint32_t expected_end = k;
            for (std::uint32_t s = T.first(i); s < T.last(i); ++s) expected_end += T.next_event[s] == week;
            ASSERT_EQ(end[i - i0], expected_end) << "resident " << i;
            for (; k < end[i - i0]; ++k) {
              ASSERT_EQ(resident[k], i);
              ASSERT_GE(slot[k], T.first(i));
              ASSERT_LT(slot[k], T.last(i));
              ASSERT_EQ(T.next_event[slot[k]], week);
              // and the slot's fields
              ASSERT_EQ(partner[k], T.partner[slot[k]]);
              ASSERT_EQ(std::bit_cast<std::uint32_t>(weight[k]), std::bit_cast<std::uint32_t>(T.weight[slot[k]]));
              ASSERT_EQ(touched[k], T.touched[slot[k]]);
              ASSERT_EQ(kind_bits[k], T.kind_bits[slot[k]]);
              ASSERT_EQ(rate[k], T.rate[slot[k]]);
              listed.push_back(slot[k]);
            }
          }
          ASSERT_EQ(k, due.count);
          i0 = due.end;
        }
        if (expected_slots.empty()) expected_slots = listed;
        EXPECT_EQ(listed, expected_slots) << "level " << static_cast<int>(level);
        EXPECT_TRUE(std::is_sorted(listed.begin(), listed.end())) << "in slot order";
      }
      std::size_t due_total = 0;
      for (auto next : T.next_event) due_total += next == week;
      EXPECT_LT(expected_slots.size(), due_total) << "unused slots (headroom) are not listed";
      EXPECT_GT(expected_slots.size(), 0u);
    }
}

// The due ties' weights now and table values: every version gives what
// TieDecay and the table give, for every kind (with contact bits set), every
// rate byte, ties touched from this week to long ago (past the decay table:
// the slow path), and lengths that leave a remainder after the vector lanes.
TEST(TieEvents, DueFieldsAreTheFormulasForEveryInstructionSet) {
  const TieDecay decay(104.0, 26.0, 0.05);
  float rate_table[kRateSteps + 1];
  for (int r = 0; r <= kRateSteps; ++r) rate_table[r] = 0.5f + static_cast<float>(r) / 7.f;
  const std::uint16_t week = 700;
  std::mt19937 gen(5);
  for (std::uint32_t n : {0u, 1u, 15u, 17u, 1000u}) {
    std::vector<float> weight(n);
    std::vector<std::uint16_t> touched(n);
    std::vector<std::uint8_t> kind_bits(n), rate(n);
    for (std::uint32_t k = 0; k < n; ++k) {
      weight[k] = std::uniform_real_distribution<float>(0.01f, 1.f)(gen);
      const std::uint32_t since = k % 5 == 0 ? 128 + gen() % 400 : k % 7 == 0 ? 127 : gen() % 128;
      touched[k] = static_cast<std::uint16_t>(week - since);
      kind_bits[k] = static_cast<std::uint8_t>(gen());
      rate[k] = static_cast<std::uint8_t>(k % 256);
    }
    std::vector<float> expected_weight(n), expected_vanish(n), expected_rate(n);
    std::vector<std::uint8_t> expected_kind(n);
    for (std::uint32_t k = 0; k < n; ++k) {
      const auto kind = static_cast<TieKind>(kind_bits[k] & kKindMask);
      expected_weight[k] = decay.weight_now(weight[k], kind, week - touched[k]);
      expected_kind[k] = static_cast<std::uint8_t>(kind);
      expected_vanish[k] = decay.vanish_scale(kind);
      expected_rate[k] = rate_table[rate[k] & kRateMask];
    }
    for (SimdLevel level : levels()) {
      std::vector<float> got_weight = weight, vanish(n, -1.f), got_rate(n, -1.f);
      std::vector<std::uint8_t> got_kind = kind_bits;
      due_fields(n, week, decay, rate_table, got_weight.data(), touched.data(), got_kind.data(), rate.data(),
                 vanish.data(), got_rate.data(), level);
      const auto where = "n " + std::to_string(n) + ", level " + std::to_string(static_cast<int>(level));
      for (std::uint32_t k = 0; k < n; ++k) {
        ASSERT_EQ(std::bit_cast<std::uint32_t>(got_weight[k]), std::bit_cast<std::uint32_t>(expected_weight[k]))
            << where << ", slot " << k << ", weeks since " << week - touched[k];
        ASSERT_EQ(got_kind[k], expected_kind[k]) << where;
        ASSERT_EQ(vanish[k], expected_vanish[k]) << where;
        ASSERT_EQ(got_rate[k], expected_rate[k]) << where;
      }
    }
  }
}

// The contact decisions: every version gives what the rule gives (a contact
// if the tie is at or above the threshold and the stay word falls below the
// chance; the weight after it; the contact bits; the counts), with weights
// and words on both sides of their boundaries.
TEST(TieEvents, ContactDecisionsAreTheRuleForEveryInstructionSet) {
  const float threshold = 0.05f, gain = 0.3f;
  const ContactBits bits(0.2, 0.5);
  std::mt19937 gen(9);
  for (std::uint32_t n : {0u, 1u, 15u, 17u, 4000u}) {
    std::vector<float> weight(n), stay(n);
    std::vector<std::uint32_t> stay_word(n), bits_word(n);
    std::vector<std::uint8_t> kind(n), flags(n);
    for (std::uint32_t k = 0; k < n; ++k) {
      const float near[] = {threshold, std::nextafter(threshold, 0.f), std::nextafter(threshold, 1.f), 1.f};
      weight[k] = k % 3 == 0 ? near[k / 3 % 4] : std::uniform_real_distribution<float>(0.f, 1.f)(gen);
      stay[k] = k % 5 == 0 ? 1.f : k % 11 == 0 ? 0.f : std::uniform_real_distribution<float>(0.f, 1.f)(gen);
      // words at the chance's boundary: to_unit(word) = stay exactly, and one either side
      const auto at = static_cast<std::uint64_t>(static_cast<double>(stay[k]) * 4294967296.0);
      const std::uint64_t word = k % 4 == 1 ? at + (gen() % 3) - 1 : gen();
      stay_word[k] = static_cast<std::uint32_t>(std::min<std::uint64_t>(word, 0xFFFFFFFFu));
      bits_word[k] = gen();
      kind[k] = static_cast<std::uint8_t>(k % kTieKinds);
      flags[k] = static_cast<std::uint8_t>(gen() % 4);
    }
    std::vector<float> expected_weight(n), expected_contact_weight(n);
    std::vector<std::uint8_t> expected_kind_bits(n), expected_counts(n);
    std::uint32_t contacts = 0;
    for (std::uint32_t k = 0; k < n; ++k) {
      const bool contact = weight[k] >= threshold && engine::to_unit(stay_word[k]) < stay[k];
      const float after = weight[k] + gain * (1.f - weight[k]);
      const std::uint8_t cb = bits(static_cast<std::uint16_t>(bits_word[k] >> 16));
      const bool vulnerable = flags[k] & kPartnerFlagVulnerable;
      expected_weight[k] = contact ? after : weight[k];
      expected_contact_weight[k] = contact ? after : 0.f;
      expected_kind_bits[k] = static_cast<std::uint8_t>(kind[k] | cb);
      expected_counts[k] =
          contact ? static_cast<std::uint8_t>(
                        kCountContact | (kind[k] != static_cast<std::uint8_t>(TieKind::Household) ? kCountOutsideHousehold : 0) |
                        ((flags[k] & kPartnerFlagStronglyLonely) ? kCountLonelyPartner : 0) |
                        (AttitudeContact::matters(cb, vulnerable) ? kCountAttitude : 0))
                  : 0;
      contacts += contact;
    }
    if (n >= 4000) {
      EXPECT_GT(contacts, n / 5) << "the inputs have contacts";
      EXPECT_LT(contacts, n * 4 / 5) << "and ties without";
    }
    for (SimdLevel level : levels()) {
      std::vector<float> got_weight = weight, contact_weight(n, -1.f);
      std::vector<std::uint8_t> kind_bits = kind, counts(n, 0xFF);
      contact_decisions(n,
                        {got_weight.data(), stay.data(), stay_word.data(), bits_word.data(), kind_bits.data(),
                         flags.data(), contact_weight.data(), counts.data()},
                        threshold, gain, bits, level);
      const auto where = "n " + std::to_string(n) + ", level " + std::to_string(static_cast<int>(level));
      for (std::uint32_t k = 0; k < n; ++k) {
        ASSERT_EQ(std::bit_cast<std::uint32_t>(got_weight[k]), std::bit_cast<std::uint32_t>(expected_weight[k]))
            << where << ", slot " << k;
        ASSERT_EQ(std::bit_cast<std::uint32_t>(contact_weight[k]),
                  std::bit_cast<std::uint32_t>(expected_contact_weight[k]))
            << where << ", slot " << k;
        ASSERT_EQ(kind_bits[k], expected_kind_bits[k]) << where << ", slot " << k;
        ASSERT_EQ(counts[k], expected_counts[k]) << where << ", slot " << k;
      }
    }
  }
}

// The listing of due slots by their counts: every version lists exactly the
// slots with the bit, in order.
TEST(TieEvents, CountedSlotsAreListedAlikeByEveryInstructionSet) {
  std::mt19937 gen(3);
  for (std::uint32_t n : {0u, 1u, 16u, 17u, 1000u}) {
    std::vector<std::uint8_t> counts(n);
    for (auto& c : counts) c = static_cast<std::uint8_t>(gen() % 5 == 0 ? kCountAttitude | kCountContact : gen() & 7);
    std::vector<std::uint32_t> expected;
    for (std::uint32_t k = 0; k < n; ++k)
      if (counts[k] & kCountAttitude) expected.push_back(k);
    for (SimdLevel level : levels()) {
      std::vector<std::uint32_t> out(n + kDueSlack);
      out.resize(list_counted(n, counts.data(), kCountAttitude, out.data(), level));
      EXPECT_EQ(out, expected) << "n " << n << ", level " << static_cast<int>(level);
    }
  }
}

}  // namespace
}  // namespace kw::model
