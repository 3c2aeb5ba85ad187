#include "model/ties.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kw::model {
namespace {

constexpr std::uint32_t kMissing = 0xFFFFFFFFu;

// n residents with `slots` tie slots each, no ties.
Ties empty_ties(std::uint32_t n, std::uint32_t slots) {
  Ties t;
  t.begin.resize(n + 1);
  for (std::uint32_t i = 0; i <= n; ++i) t.begin[i] = i * slots;
  t.count.assign(n, 0);
  t.resize_slots(n * slots);
  return t;
}

TEST(Ties, ConnectStoresTheTieAtBothEnds) {
  Ties t = empty_ties(4, 3);
  ASSERT_TRUE(t.connect(0, 2, TieKind::Friend, 0.4f, rate_byte(0.3), 17, 5, false, true));
  EXPECT_EQ(t.degree(0), 1u);
  EXPECT_EQ(t.degree(2), 1u);
  EXPECT_EQ(t.degree(1), 0u);
  const std::uint32_t a = t.find(0, 2), b = t.find(2, 0);
  ASSERT_NE(a, kMissing);
  ASSERT_NE(b, kMissing);
  EXPECT_EQ(t.partner[a], 2u);
  EXPECT_EQ(t.partner[b], 0u);
  for (std::uint32_t s : {a, b}) {
    EXPECT_FLOAT_EQ(t.weight[s], 0.4f);
    EXPECT_EQ(t.kind(s), TieKind::Friend);
    EXPECT_EQ(t.next_event[s], 17);
    EXPECT_EQ(t.touched[s], 5);
    EXPECT_EQ(t.contact_rate(s), rate_byte(0.3));
    EXPECT_FALSE(t.views_exchanged(s)) << "a new tie has no exchange of views yet";
    EXPECT_FALSE(t.bad_in_crisis(s));
  }
  // the vulnerable flag describes the partner at each end
  EXPECT_TRUE(t.partner_vulnerable(a));
  EXPECT_FALSE(t.partner_vulnerable(b));
}

TEST(Ties, ConnectKeepsTheKindAndTheContactBits) {
  Ties t = empty_ties(3, 2);
  ASSERT_TRUE(t.connect(2, 1, TieKind::Niche, 0.4f, 10, 3, 0, false, false, kViewsExchanged | 0x07));
  for (std::uint32_t s : {t.find(2, 1), t.find(1, 2)}) {
    EXPECT_EQ(t.kind(s), TieKind::Niche) << "contact bits do not spill into the kind";
    EXPECT_TRUE(t.views_exchanged(s));
    EXPECT_FALSE(t.bad_in_crisis(s));
    t.set_contact_bits(s, kBadInCrisis);
    EXPECT_EQ(t.kind(s), TieKind::Niche);
    EXPECT_FALSE(t.views_exchanged(s));
    EXPECT_TRUE(t.bad_in_crisis(s));
  }
}

TEST(ContactBits, ChancesResolveTo256ths) {
  const ContactBits b(0.5, 0.25);
  EXPECT_EQ(b(0x7F40), kViewsExchanged);
  EXPECT_EQ(b(0x7F3F), kViewsExchanged | kBadInCrisis);
  EXPECT_EQ(b(0x8000), kBadInCrisis);
  EXPECT_EQ(b(0x803F), kBadInCrisis);
  EXPECT_EQ(b(0x8040), 0);
  EXPECT_EQ(b.new_tie(), 0) << "a new tie exchanges no views";
  EXPECT_EQ(ContactBits(1.0, 1.0).new_tie(), kViewsExchanged | kBadInCrisis);
}

TEST(Ties, ConnectRefusesSelfTiesAndFullResidents) {
  Ties t = empty_ties(3, 1);
  EXPECT_FALSE(t.connect(1, 1, TieKind::Friend, 0.5f, 10, 3, 0, false, false));
  EXPECT_EQ(t.degree(1), 0u);
  ASSERT_TRUE(t.connect(0, 1, TieKind::Friend, 0.5f, 10, 3, 0, false, false));
  EXPECT_FALSE(t.has_room(0));
  EXPECT_TRUE(t.has_room(2));
  // 0 is full: nothing is added at either end
  EXPECT_FALSE(t.connect(0, 2, TieKind::Friend, 0.5f, 10, 3, 0, false, false));
  EXPECT_FALSE(t.connect(2, 0, TieKind::Friend, 0.5f, 10, 3, 0, false, false));
  EXPECT_EQ(t.degree(0), 1u);
  EXPECT_EQ(t.degree(2), 0u);
}

TEST(Ties, FindReportsMissingTies) {
  Ties t = empty_ties(4, 3);
  EXPECT_EQ(t.find(0, 1), kMissing);
  t.connect(0, 1, TieKind::Kin, 0.9f, 10, 3, 0, false, false);
  t.connect(0, 3, TieKind::Neighbour, 0.2f, 10, 3, 0, false, false);
  EXPECT_NE(t.find(0, 3), kMissing);
  EXPECT_EQ(t.find(0, 2), kMissing);
  EXPECT_EQ(t.find(2, 0), kMissing);
  EXPECT_EQ(t.find(1, 3), kMissing);
}

TEST(Ties, EraseMovesTheLastSlotIntoTheGap) {
  Ties t = empty_ties(5, 4);
  t.connect(0, 1, TieKind::Kin, 0.9f, 10, 3, 1, false, false);
  t.connect(0, 2, TieKind::Friend, 0.5f, 20, 4, 2, false, true);
  t.connect(0, 3, TieKind::Niche, 0.3f, 30, 5, 3, false, false);
  const std::uint32_t s1 = t.find(0, 1);
  t.erase(0, s1);
  EXPECT_EQ(t.degree(0), 2u);
  EXPECT_EQ(t.find(0, 1), kMissing);
  // the other two ties keep all their fields
  const std::uint32_t s2 = t.find(0, 2), s3 = t.find(0, 3);
  ASSERT_NE(s2, kMissing);
  ASSERT_NE(s3, kMissing);
  EXPECT_FLOAT_EQ(t.weight[s2], 0.5f);
  EXPECT_EQ(t.kind(s2), TieKind::Friend);
  EXPECT_EQ(t.next_event[s2], 4);
  EXPECT_EQ(t.touched[s2], 2);
  EXPECT_TRUE(t.partner_vulnerable(s2));
  EXPECT_FLOAT_EQ(t.weight[s3], 0.3f);
  EXPECT_EQ(t.kind(s3), TieKind::Niche);
  EXPECT_EQ(t.next_event[s3], 5);
  EXPECT_EQ(t.touched[s3], 3);
  // erase removes one end only; erasing a missing slot does nothing
  EXPECT_NE(t.find(1, 0), kMissing);
  t.erase(0, kMissing);
  EXPECT_EQ(t.degree(0), 2u);
}

TEST(Ties, EraseOfTheLastSlot) {
  Ties t = empty_ties(3, 3);
  t.connect(0, 1, TieKind::Kin, 0.9f, 10, 3, 1, false, false);
  t.connect(0, 2, TieKind::Friend, 0.5f, 20, 4, 2, false, false);
  t.erase(0, t.find(0, 2));
  EXPECT_EQ(t.degree(0), 1u);
  EXPECT_EQ(t.partner[t.first(0)], 1u);
  EXPECT_EQ(t.find(0, 2), kMissing);
}

TEST(Ties, DisconnectRemovesBothEndsAndFreesRoom) {
  Ties t = empty_ties(4, 2);
  t.connect(0, 1, TieKind::Friend, 0.5f, 10, 3, 0, false, false);
  t.connect(0, 2, TieKind::Friend, 0.6f, 10, 3, 0, false, false);
  EXPECT_FALSE(t.has_room(0));
  t.disconnect(1, 0);
  EXPECT_EQ(t.find(0, 1), kMissing);
  EXPECT_EQ(t.find(1, 0), kMissing);
  EXPECT_EQ(t.degree(1), 0u);
  EXPECT_EQ(t.degree(0), 1u);
  EXPECT_TRUE(t.has_room(0));
  EXPECT_NE(t.find(0, 2), kMissing);
  // disconnecting a pair without a tie changes nothing
  t.disconnect(1, 3);
  EXPECT_EQ(t.degree(0) + t.degree(1) + t.degree(2) + t.degree(3), 2u);
  EXPECT_TRUE(t.connect(0, 3, TieKind::Buddy, 0.5f, 10, 3, 0, false, false));
}

TEST(RateByte, RoundTripsWithinOneStep) {
  for (double p : {0.01, 0.1, 0.25, 0.5, 0.75, 0.99}) {
    const std::uint8_t r = rate_byte(p);
    EXPECT_LE(r, kRateSteps);
    EXPECT_NEAR(rate_value(r), p, 0.5 / kRateSteps + 1e-12) << p;
  }
  EXPECT_EQ(rate_byte(1.0), kRateSteps);
  EXPECT_EQ(rate_byte(2.0), kRateSteps);
  EXPECT_EQ(rate_byte(0.0), 1) << "the smallest rate is one step, never zero";
  // the vulnerable flag (high bit) does not change the rate value
  EXPECT_DOUBLE_EQ(rate_value(static_cast<std::uint8_t>(rate_byte(0.3) | 0x80)), rate_value(rate_byte(0.3)));
}

TEST(TieDecay, WeightNowIsExponentialPerKind) {
  const TieDecay d(104, 26, 0.05);
  EXPECT_FLOAT_EQ(d.weight_now(0.8f, TieKind::Friend, 0), 0.8f);
  for (std::uint32_t weeks : {1u, 13u, 26u, 100u, 127u, 128u, 129u, 300u}) {
    EXPECT_NEAR(d.weight_now(0.8f, TieKind::Friend, weeks), 0.8 * std::exp(-double(weeks) / 26.0), 1e-6) << weeks;
    EXPECT_NEAR(d.weight_now(0.8f, TieKind::Kin, weeks), 0.8 * std::exp(-double(weeks) / 104.0), 1e-6) << weeks;
    if (weeks > 0) {
      EXPECT_GT(d.weight_now(0.8f, TieKind::Kin, weeks), d.weight_now(0.8f, TieKind::Friend, weeks));
    }
  }
  // every other kind but the buddy tie decays with the other time constant;
  // household ties as kin; a buddy tie lasts as long as the pair
  for (TieKind k : {TieKind::Neighbour, TieKind::Acquaintance, TieKind::Niche, TieKind::Introduced})
    EXPECT_FLOAT_EQ(d.weight_now(0.5f, k, 20), d.weight_now(0.5f, TieKind::Friend, 20));
  EXPECT_FLOAT_EQ(d.weight_now(0.5f, TieKind::Household, 20), d.weight_now(0.5f, TieKind::Kin, 20));
  EXPECT_FLOAT_EQ(d.weight_now(0.5f, TieKind::Buddy, 300), 0.5f);
  EXPECT_GE(d.weeks_to_vanish(0.5f, TieKind::Buddy), 60000u);
}

TEST(TieDecay, WeightNowOfASlotCountsFromTheWeekTouched) {
  Ties t = empty_ties(2, 1);
  t.connect(0, 1, TieKind::Friend, 0.6f, 10, 30, 4, false, false);
  const TieDecay d(104, 26, 0.05);
  EXPECT_FLOAT_EQ(d.weight_now(t, t.find(0, 1), 4), 0.6f);
  EXPECT_NEAR(d.weight_now(t, t.find(0, 1), 30), 0.6 * std::exp(-26 / 26.0), 1e-6);
}

TEST(TieDecay, WeeksToVanishIsTheFirstWeekBelowTheThreshold) {
  const TieDecay d(104, 26, 0.05);
  for (TieKind k : {TieKind::Kin, TieKind::Friend}) {
    for (float w : {0.051f, 0.1f, 0.2f, 0.5f, 0.9f, 1.0f}) {
      const std::uint32_t n = d.weeks_to_vanish(w, k);
      ASSERT_GE(n, 1u);
      EXPECT_LT(d.weight_now(w, k, n), 0.05 + 1e-7) << "w " << w << " kind " << int(k);
      EXPECT_GE(d.weight_now(w, k, n - 1), 0.05 - 1e-7) << "w " << w << " kind " << int(k);
    }
  }
  EXPECT_EQ(d.weeks_to_vanish(0.05f, TieKind::Friend), 1u);
  EXPECT_EQ(d.weeks_to_vanish(0.01f, TieKind::Kin), 1u);
  EXPECT_GT(d.weeks_to_vanish(0.9f, TieKind::Kin), d.weeks_to_vanish(0.9f, TieKind::Friend));
  // a huge time constant is capped so that it still fits the 16-bit week fields
  const TieDecay slow(1e9, 1e9, 0.05);
  EXPECT_LE(slow.weeks_to_vanish(1.0f, TieKind::Friend), 60000u);
}

TEST(TieDecay, WeeksToEventIsTheContactUnlessTheTieVanishesFirst) {
  const TieDecay d(104, 26, 0.05);
  // a strong friend tie survives a contact in 3 weeks
  EXPECT_EQ(d.weeks_to_event(0.5f, TieKind::Friend, 3), 3u);
  // a weak friend tie vanishes before a contact planned far away
  const std::uint32_t vanish = d.weeks_to_vanish(0.2f, TieKind::Friend);
  EXPECT_EQ(vanish, static_cast<std::uint32_t>(std::floor(26 * std::log(0.2 / 0.05))) + 1);
  EXPECT_EQ(d.weeks_to_event(0.2f, TieKind::Friend, 500), vanish);
  EXPECT_EQ(d.weeks_to_event(0.2f, TieKind::Friend, vanish + 1), vanish);
  EXPECT_EQ(d.weeks_to_event(0.2f, TieKind::Friend, vanish - 1), vanish - 1);
  // kin last longer: the same contact is reached
  EXPECT_EQ(d.weeks_to_event(0.2f, TieKind::Kin, vanish + 1), vanish + 1);
  EXPECT_DOUBLE_EQ(d.threshold(), 0.05);
}

}  // namespace
}  // namespace kw::model
