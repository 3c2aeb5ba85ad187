#pragma once
// Ties as compressed adjacency arrays: resident i owns the slots
// [begin[i], begin[i+1]), of which the first count[i] are in use. A tie is
// stored at both ends; both ends hold the same weight because every change to
// a tie is computed from the same pair-keyed random draw and the same inputs.
// Each end works only on its own slots, which it reads and writes in order,
// so the weekly loop streams through memory; handing the work of a tie to one
// end that writes both was tried and was slower, the writes to the other end
// being scattered cache misses that cost more than the computation they save.
// Each slot costs 14 bytes; capacity is fixed when the population is built
// (initial degree plus headroom), so the weekly loop never allocates.
//
// Decay is lazy: a slot stores the weight of the week it was last touched
// (contact, meeting, creation); the weight now is w * exp(-(now - touched)/tau).
// Each tie's next event (a planned contact, or the week its weight will have
// decayed below the threshold) is stored, so a week costs one 2-byte
// comparison per tie and real work only for the ties with an event.
#include "engine/fast_math.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace kw::model {

// Household: adults living together; Kin: family elsewhere.
enum class TieKind : std::uint8_t { Household, Kin, Friend, Neighbour, Acquaintance, Niche, Buddy, Introduced };
inline constexpr int kTieKinds = 8;
// Most tie slots one resident can have (initial degree plus headroom).
inline constexpr std::uint32_t kMaxTieSlots = 1024;
inline constexpr const char* kTieKindNames[kTieKinds] = {
    "household", "kin", "friend", "neighbour", "acquaintance", "niche", "buddy", "introduced"};
inline bool is_kin(TieKind k) { return k == TieKind::Household || k == TieKind::Kin; }

// What the last contact on a tie was like, in the high bits of the slot's kind
// byte (the kind needs 3). Both ends hold the same bits.
inline constexpr std::uint8_t kKindMask = 0x07;
inline constexpr std::uint8_t kViewsExchanged = 0x10;  // the contact exchanged views (social influence)
inline constexpr std::uint8_t kBadInCrisis = 0x20;     // the contact goes badly if the partner is in crisis

// A slot's rate byte: the weekly contact chance in 1/127 (rate_byte) in the
// low 7 bits, and whether the partner is a vulnerable resident in the high
// bit, so that the hot loops need not look it up.
inline constexpr std::uint8_t kRateMask = 0x7F;
inline constexpr std::uint8_t kPartnerVulnerable = 0x80;

// The draws of a contact turned into the bits above: of 16 random bits, the
// high byte decides the exchange of views and the low byte whether it goes
// badly (chances as multiples of 1/256).
struct ContactBits {
  std::uint32_t influence = 0, negative = 0;  // chance * 256
  ContactBits(double influence_chance, double negative_chance)
      : influence(static_cast<std::uint32_t>(influence_chance * 256.0)),
        negative(static_cast<std::uint32_t>(negative_chance * 256.0)) {}
  std::uint8_t operator()(std::uint16_t draw) const {
    return static_cast<std::uint8_t>(of_high_bits(std::uint32_t{draw} << 16));
  }
  // The same from the high 16 bits of a 32-bit word, in 32-bit arithmetic
  // (for loops the compiler vectorises).
  std::uint32_t of_high_bits(std::uint32_t word) const {
    return ((word >> 24) < influence ? kViewsExchanged : 0u) | (((word >> 16) & 0xFFu) < negative ? kBadInCrisis : 0u);
  }
  // A new tie: the draw of all ones, so no exchange of views unless the chance is 1.
  std::uint8_t new_tie() const { return (*this)(0xFFFF); }
};

struct Ties {
  std::vector<std::uint32_t> begin;  // size residents + 1
  std::vector<std::uint16_t> count;
  std::vector<std::uint32_t> partner;
  std::vector<float> weight;
  std::vector<std::uint16_t> next_event;    // week of the next planned contact, or of vanishing
  std::vector<std::uint16_t> touched;       // week `weight` refers to: last contact, meeting or creation
  std::vector<std::uint8_t> kind_bits;      // TieKind (low 3 bits) and the contact bits above
  std::vector<std::uint8_t> rate;  // kRateMask and kPartnerVulnerable bits

  std::uint32_t degree(std::uint32_t i) const { return count[i]; }
  std::uint32_t first(std::uint32_t i) const { return begin[i]; }
  std::uint32_t last(std::uint32_t i) const { return begin[i] + count[i]; }
  bool has_room(std::uint32_t i) const { return begin[i] + count[i] < begin[i + 1]; }
  TieKind kind(std::uint32_t s) const { return static_cast<TieKind>(kind_bits[s] & kKindMask); }
  std::uint8_t contact_rate(std::uint32_t s) const { return rate[s] & kRateMask; }
  bool partner_vulnerable(std::uint32_t s) const { return rate[s] & kPartnerVulnerable; }
  bool views_exchanged(std::uint32_t s) const { return kind_bits[s] & kViewsExchanged; }
  bool bad_in_crisis(std::uint32_t s) const { return kind_bits[s] & kBadInCrisis; }
  // Sets the contact bits (kViewsExchanged, kBadInCrisis) of slot s.
  void set_contact_bits(std::uint32_t s, std::uint8_t bits) {
    kind_bits[s] = static_cast<std::uint8_t>((kind_bits[s] & kKindMask) | (bits & ~kKindMask));
  }

  // The slot of i's tie to j, or 0xFFFFFFFF.
  std::uint32_t find(std::uint32_t i, std::uint32_t j) const {
    for (std::uint32_t s = first(i); s < last(i); ++s)
      if (partner[s] == j) return s;
    return 0xFFFFFFFFu;
  }

  // Adds the tie at both ends if both have room; returns whether it was added.
  // `contact_rate` from rate_byte(); a_vulnerable and b_vulnerable flag the
  // ends; `bits` are the new tie's contact bits (ContactBits::new_tie()).
  bool connect(std::uint32_t a, std::uint32_t b, TieKind k, float w, std::uint8_t contact_rate,
               std::uint16_t next, std::uint16_t week, bool a_vulnerable, bool b_vulnerable,
               std::uint8_t bits = 0) {
    if (a == b || !has_room(a) || !has_room(b)) return false;
    const auto kb = static_cast<std::uint8_t>(static_cast<std::uint8_t>(k) | (bits & ~kKindMask));
    put(a, b, kb, w, static_cast<std::uint8_t>(contact_rate | (b_vulnerable ? kPartnerVulnerable : 0)), next, week);
    put(b, a, kb, w, static_cast<std::uint8_t>(contact_rate | (a_vulnerable ? kPartnerVulnerable : 0)), next, week);
    return true;
  }

  // Removes the tie at both ends, if present.
  void disconnect(std::uint32_t a, std::uint32_t b) {
    erase(a, find(a, b));
    erase(b, find(b, a));
  }

  // Removes slot s of resident i by moving i's last used slot into it.
  void erase(std::uint32_t i, std::uint32_t s) {
    if (s == 0xFFFFFFFFu) return;
    move_slots(last(i) - 1, s, 1);
    --count[i];
  }

  // Copies the n slots from `from` to `to` (every field); `to` <= `from`
  // when the ranges overlap.
  void move_slots(std::uint32_t from, std::uint32_t to, std::uint32_t n) {
    for_each_field([&](auto& a) { std::copy(a.begin() + from, a.begin() + from + n, a.begin() + to); });
  }

  // All slots zeroed, `slots` of them.
  void resize_slots(std::size_t slots) {
    for_each_field([&](auto& a) { a.assign(slots, 0); });
  }
  // The first `slots` slots kept, the rest dropped.
  void truncate_slots(std::size_t slots) {
    for_each_field([&](auto& a) { a.resize(slots); });
  }

private:
  // f(array) for each per-slot array: the one list of a slot's fields.
  template <class F>
  void for_each_field(F&& f) {
    f(partner);
    f(weight);
    f(next_event);
    f(touched);
    f(kind_bits);
    f(rate);
  }

  void put(std::uint32_t i, std::uint32_t j, std::uint8_t kb, float w, std::uint8_t contact_rate,
           std::uint16_t next, std::uint16_t week) {
    const std::uint32_t s = last(i);
    partner[s] = j;
    weight[s] = w;
    next_event[s] = next;
    touched[s] = week;
    kind_bits[s] = kb;
    rate[s] = contact_rate;
    ++count[i];
  }
};

// Loops over a few scattered residents' ties (the vulnerable residents, in
// the support and roles processes) find them out of cache, since the week's
// contact loop has swept through all ties since; one resident after another,
// each waits for its own misses. WarmSlots reads, for a range of such
// residents first, the first and last used slot of each array, so that their
// cache lines and pages are requested together; then the loop finds them in
// cache. Reads, not prefetches: on the development machine's virtual CPU,
// prefetches of scattered lines did not help and these reads did (roles with
// cold caches 8.7 -> 3.4 ns per resident-week, docs/speed-log.md). The sums
// are only there to keep the reads: add other values read the same way to
// `values`, and pass the sums to done().
struct WarmSlots {
  std::uint32_t words = 0;
  float values = 0;
  void operator()(const Ties& T, std::uint32_t i) {
    const std::uint32_t first = T.begin[i], n = T.count[i];
    for (const std::uint32_t s : {first, n > 0 ? first + n - 1 : first}) {
      words += T.partner[s] + T.touched[s] + T.kind_bits[s] + T.rate[s];
      values += T.weight[s];
    }
  }
  void done() const { asm volatile("" : : "r"(words), "x"(values)); }
};

// Lazy decay: weight now, and the week a weight will have decayed below the
// threshold, per tie kind (kin decay slower).
class TieDecay {
public:
  // Buddy ties do not decay: they end with the pair.
  TieDecay(double tau_kin, double tau_other, double threshold)
      : inv_tau_{1.0 / tau_kin, 1.0 / tau_other, 0.0},
        tau_ln2_{static_cast<float>(tau_kin * kLn2), static_cast<float>(tau_other * kLn2), 1e30f},
        threshold_(threshold),
        inv_threshold_(static_cast<float>(1.0 / threshold)) {
    for (int k = 0; k < 3; ++k)
      for (int d = 0; d < kTable; ++d) factor_[k][d] = static_cast<float>(std::exp(-d * inv_tau_[k]));
  }
  float weight_now(float w, TieKind kind, std::uint32_t weeks_since) const {
    const int k = decay_class(kind);
    return weeks_since < kTable ? w * factor_[k][weeks_since] : weight_after_long(w, k, weeks_since);
  }
  // The same for a tie untouched for kTable weeks or more (rare): no table.
  float weight_after_long(float w, int decay_class, std::uint32_t weeks_since) const {
    return static_cast<float>(w * std::exp(-double(weeks_since) * inv_tau_[decay_class]));
  }
  float weight_now(const Ties& t, std::uint32_t s, std::uint32_t week) const {
    return weight_now(t.weight[s], t.kind(s), week - t.touched[s]);
  }
  // Weeks from now until weight w falls below the threshold (at least 1):
  // floor(tau * ln(w / threshold)) + 1, capped at 60000. Without branches
  // (a fast logarithm and selects): it is computed at every tie event, and
  // whether a tie outlives its next contact is a coin toss for the CPU.
  std::uint32_t weeks_to_vanish(float w, TieKind kind) const {
    return static_cast<std::uint32_t>(weeks_to_vanish_scaled(w * inv_threshold_, vanish_scale(kind)));
  }
  // The same in parts, for loops the compiler vectorises: w / threshold and
  // the kind's scale (tau ln 2; buddy ties: never).
  float inv_threshold() const { return inv_threshold_; }
  float vanish_scale(TieKind kind) const { return tau_ln2_[decay_class(kind)]; }
  static std::int32_t weeks_to_vanish_scaled(float w_over_threshold, float scale) {
    float x = engine::fast_log2(w_over_threshold) * scale;
    x = x > 0.f ? x : 0.f;  // at or below the threshold: next week
    x = x < 59999.f ? x : 59999.f;
    return static_cast<std::int32_t>(x) + 1;  // floor + 1
  }
  // Weeks to the next event of a tie of weight w: the planned contact in
  // `to_contact` weeks, unless the tie vanishes first.
  std::uint32_t weeks_to_event(float w, TieKind kind, std::uint32_t to_contact) const {
    return static_cast<std::uint32_t>(
        weeks_to_event_scaled(w * inv_threshold_, vanish_scale(kind), static_cast<std::int32_t>(to_contact)));
  }
  static std::int32_t weeks_to_event_scaled(float w_over_threshold, float scale, std::int32_t to_contact) {
    const std::int32_t vanish = weeks_to_vanish_scaled(w_over_threshold, scale);
    return to_contact < vanish ? to_contact : vanish;
  }
  double threshold() const { return threshold_; }

  // The parts, for vectorised loops (tie_events.cpp): the decay class of
  // each kind (kin, other, buddy; a table: no branches in the hot loop), the
  // factors exp(-d / tau) for d < kTable weeks, kTable per class, and the
  // vanish scale per class.
  static int decay_class(TieKind k) {
    static constexpr std::uint8_t kClass[kTieKinds] = {0, 0, 1, 1, 1, 1, 2, 1};
    return kClass[static_cast<std::uint8_t>(k) & kKindMask];
  }
  static constexpr int kTable = 128;
  const float* factors() const { return &factor_[0][0]; }
  const float* vanish_scales() const { return tau_ln2_; }

private:
  static constexpr double kLn2 = 0.6931471805599453;
  double inv_tau_[3];
  float tau_ln2_[3];  // tau * ln 2: weeks per halving of log2(w / threshold); buddy: never
  double threshold_;
  float inv_threshold_;
  float factor_[3][kTable];
};

// A meeting between two residents that may form or strengthen a tie; made in
// parallel, applied serially in (a, b) order.
struct PairMeeting {
  std::uint32_t a, b;  // a < b
  TieKind kind;
  float boost = 1.f;  // multiplies the chance that the meeting forms a tie
  bool operator<(const PairMeeting& o) const { return a != o.a ? a < o.a : b < o.b; }
  bool operator==(const PairMeeting& o) const { return a == o.a && b == o.b; }
};

inline constexpr int kRateSteps = 127;
inline std::uint8_t rate_byte(double p) {
  const double r = p * kRateSteps + 0.5;
  return static_cast<std::uint8_t>(r < 1.0 ? 1.0 : (r > kRateSteps ? kRateSteps : r));
}
inline double rate_value(std::uint8_t r) { return (r & kRateMask) / double(kRateSteps); }

}  // namespace kw::model
