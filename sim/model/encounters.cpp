// Process 1: encounters and ties. Contact on existing ties, chance meetings in
// the buurt, friends of friends and fellow niche members; ties gain weight
// with contact, decay without it and vanish below a threshold.
#include "engine/fast_math.h"
#include "engine/parallel.h"
#include "model/processes.h"
#include "model/tie_events.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <utility>

namespace kw::model {

using engine::AgentDraws;
using engine::fast_log2;

namespace {

// 1 / log2(1 - p) for each of the contact rates, so that the weeks to a tie's
// next contact, geometric in its rate, cost one (fast) logarithm
// (weeks_to_contact, tie_events.h).
struct GeometricTable {
  float inv_log_stay[kRateSteps + 1];
  GeometricTable() {
    for (int r = 0; r <= kRateSteps; ++r) {
      const double p = rate_value(static_cast<std::uint8_t>(r));
      // rate 0 (never made by rate_byte): as good as never
      inv_log_stay[r] = p <= 0.0 ? -1e30f : p >= 1.0 ? 0.f : static_cast<float>(1.0 / std::log2(1.0 - p));
    }
  }
  // Weeks until the next contact of a tie of contact rate `rate` (rate_byte)
  // from a random word.
  std::int32_t weeks(std::uint8_t rate, std::uint32_t word) const {
    return weeks_to_contact(inv_log_stay[rate & kRateMask], engine::unit_complement(word));
  }
};
const GeometricTable kGeometric;

// A due slot's kCount* bits as three 16-bit counts (contacts, outside the
// household, with a strongly lonely partner), so that one addition counts
// all three (a resident has at most kMaxTieSlots slots).
struct CountFields {
  std::uint64_t of[16];  // by kCount* bits
  constexpr CountFields() : of() {
    for (std::uint32_t b = 0; b < 16; ++b)
      of[b] = ((b & kCountContact) ? 1u : 0u) | ((b & kCountOutsideHousehold) ? std::uint64_t{1} << 16 : 0) |
              ((b & kCountLonelyPartner) ? std::uint64_t{1} << 32 : 0);
  }
};
constexpr CountFields kCountFields;
static_assert(kMaxTieSlots < (1u << 16));

// Residents per chunk of the meetings pass. The chunk's draws are keyed by
// the chunk's number, so this constant is part of the model's random streams.
constexpr std::uint32_t kMeetingChunk = 4096;

// The residents in [b, e) that take part in a meeting of weekly chance p: a
// Bernoulli(p) process over the residents, drawn as geometric gaps (one
// logarithm per candidate, not a draw per resident); f(i) for each candidate.
template <class F>
void for_each_candidate(AgentDraws& d, double p, std::uint32_t b, std::uint32_t e, F&& f) {
  if (p <= 0.0) return;
  const float inv_log_stay = p >= 1.0 ? 0.f : static_cast<float>(1.0 / std::log2(1.0 - p));
  for (std::uint32_t i = b;; ++i) {
    // failures before the next success: floor(log(u) / log(1 - p)), u in (0, 1]
    const float gap = fast_log2(static_cast<float>(1.0 - d.uniform())) * inv_log_stay;
    if (gap >= static_cast<float>(e - i)) return;
    i += static_cast<std::uint32_t>(gap);
    f(i);
  }
}

// Scratch space of the staged contact loop, one per thread: a block of
// residents' slots with an event this week and their pair draws.
struct ContactBatch {
  static constexpr std::uint32_t kResidents = 256;
  static constexpr std::uint32_t kSlots = 2 * kMaxTieSlots;  // one resident always fits
  std::uint32_t resident_end[kResidents];  // end of each resident's entries
  // the due slots and their fields (list_due_slots), the tie's two ends
  std::uint32_t slot[kSlots + kDueSlack], resident[kSlots + kDueSlack], partner[kSlots + kDueSlack];
  float weight[kSlots + kDueSlack];  // then; now; after the contact stage, after this week's contact, if any
  std::uint16_t touched[kSlots + kDueSlack];
  std::uint8_t kind_bits[kSlots + kDueSlack];  // then the kind alone; after the contact stage, with the contact bits
  std::uint8_t rate[kSlots + kDueSlack];
  std::uint32_t bits_store[4][kSlots];               // its pair draw, word by word
  std::uint32_t* const bits[4] = {bits_store[0], bits_store[1], bits_store[2], bits_store[3]};
  float inv_log_stay[kSlots];        // the tie's entry of the geometric table
  std::int32_t to_contact[kSlots];   // weeks to the next planned contact
  float stay[kSlots];                // the chance that neither end withdraws
  std::uint8_t partner_flags[kSlots];  // kPartnerFlag* bits
  float contact_weight[kSlots];      // the weight after a contact, else 0
  std::uint8_t counts[kSlots];       // kCount* bits
  float vanish_scale[kSlots];        // the tie kind's TieDecay::vanish_scale
  std::uint16_t next[kSlots];        // week of the tie's next event
  std::uint32_t attitude[kSlots + kDueSlack];  // the due slots whose contact matters for attitudes
};
ContactBatch& contact_batch() {
  thread_local ContactBatch batch;
  return batch;
}

}  // namespace

void encounters_and_ties(World& w) {
  const auto& np = w.params.network;
  Residents& R = w.residents;
  Ties& T = w.ties;
  const TieDecay& decay = w.decay;
  const auto week = static_cast<std::uint16_t>(w.week);
  const auto threshold = static_cast<float>(np.tie_threshold);
  const auto gain = static_cast<float>(np.contact_gain);
  const ContactBits contact_bits(w.params.attitude.influence, w.params.attitude.negative_in_crisis);
  const AttitudeContact attitude_contact(w.params.attitude);
  const std::uint32_t half_buurt = static_cast<std::uint32_t>(np.buurt_size / 2);
  const auto& rs = w.random;

  // Contacts on existing ties. A resident's own slots only are written; both
  // ends of a tie draw the same pair-keyed numbers, so they agree.
  //
  // The work is staged over a block of up to 256 residents, each stage a
  // loop over the block's due slots (tie_events.h; each vectorised stage in
  // a version for each instruction set, the same bits): the slots with an
  // event this week listed with their fields; their weights now and table
  // values; the chance that neither end withdraws; all their pair draws at
  // once, one per SIMD lane (RandomStreams::pair_bits_n); the weeks to each
  // tie's next planned contact; the contact decisions; each resident's sums;
  // the contacts that matter for attitudes; each tie's next event; the
  // slots written and vanished ties erased. Done slot by slot, each event
  // was one long chain of dependent steps (draw, logarithm, next week) that
  // the CPU could not overlap with the next (30% slower); done per resident,
  // the contacts took some 100 instructions a slot, spills included (the
  // week 6-7% slower); blocks of 64 residents made the week 3-10% slower than
  // 256 (512 were between): each stage's call, dispatch and vector remainder
  // come once a block (docs/speed-log.md).
  const engine::SimdLevel simd = engine::simd_level();
  engine::for_each_range(R.size, [&](std::size_t b, std::size_t e) {
    ContactBatch& batch = contact_batch();
    // The arrays and constants as locals of the loop body, the arrays as
    // restrict pointers: the loops store bytes (kind bits, counts), which may
    // alias anything, so the compiler would otherwise reload every vector's
    // data pointer (and every captured reference) after each such store.
    const std::uint16_t this_week = week;
    const float tie_threshold = threshold;
    std::uint16_t* __restrict const t_next = T.next_event.data();
    std::uint16_t* __restrict const t_touched = T.touched.data();
    float* __restrict const t_weight = T.weight.data();
    std::uint8_t* __restrict const t_kind_bits = T.kind_bits.data();
    const float* __restrict const r_withdrawal = R.withdrawal.data();
    const std::uint8_t* __restrict const r_strongly_lonely = R.strongly_lonely.data();
    float* __restrict const r_contact = R.contact.data();
    float* __restrict const r_contact_extra = R.contact_extra.data();
    std::uint8_t* __restrict const r_contacts = R.contacts.data();
    std::uint8_t* __restrict const r_outside = R.outside_contacts.data();
    std::uint8_t* __restrict const r_lonely = R.lonely_contacts.data();

    for (auto i0 = static_cast<std::uint32_t>(b); i0 < e;) {
      // List the slots with an event this week (tie_events.h).
      const DueSlots due = list_due_slots(T, i0, static_cast<std::uint32_t>(e), this_week, ContactBatch::kResidents,
                                          ContactBatch::kSlots,
                                          {batch.slot, batch.resident, batch.resident_end, batch.partner, batch.weight,
                                           batch.touched, batch.kind_bits, batch.rate},
                                          simd);
      const std::uint32_t n = due.count, i1 = due.end;
      // Each due slot's weight now (lazy decay) and the other fields the
      // later stages read (tie_events.h); the chance that neither end
      // withdraws and the partner's flags, slot by slot; the pair draws, and
      // the weeks to each tie's next planned contact.
      due_fields(n, this_week, decay, kGeometric.inv_log_stay, batch.weight, batch.touched, batch.kind_bits, batch.rate,
                 batch.vanish_scale, batch.inv_log_stay, simd);
      {
        const std::uint32_t* __restrict const b_resident = batch.resident;
        const std::uint32_t* __restrict const b_partner = batch.partner;
        const std::uint8_t* __restrict const b_rate = batch.rate;
        float* __restrict const b_stay = batch.stay;
        std::uint8_t* __restrict const b_partner_flags = batch.partner_flags;
        for (std::uint32_t k = 0; k < n; ++k) {
          const std::uint32_t j = b_partner[k];
          const bool partner_vulnerable = b_rate[k] & kPartnerVulnerable;
          // (x 1 for a partner who does not withdraw: the same bits as without)
          b_stay[k] = (1.f - r_withdrawal[b_resident[k]]) * (partner_vulnerable ? 1.f - r_withdrawal[j] : 1.f);
          b_partner_flags[k] = static_cast<std::uint8_t>((partner_vulnerable ? kPartnerFlagVulnerable : 0) |
                                                         (r_strongly_lonely[j] ? kPartnerFlagStronglyLonely : 0));
        }
      }
      rs.pair_bits_n(this_week, id(Stream::TieContact), n, batch.resident, batch.partner, batch.bits);
      contact_waits(n, batch.inv_log_stay, batch.bits[1], batch.to_contact, simd);
      // The contacts (tie_events.h): the slots are written in the last stage.
      contact_decisions(n,
                        {batch.weight, batch.stay, batch.bits[0], batch.bits[2], batch.kind_bits, batch.partner_flags,
                         batch.contact_weight, batch.counts},
                        tie_threshold, gain, contact_bits, simd);
      // Each resident's sums over its due slots, from the last down (the
      // order of the sums), 8 slots at a time: the slots before the
      // resident's count as 0, which leaves a sum's bits as they are. So the
      // outer loop runs once for most residents and the CPU predicts its
      // end; a loop over each resident's own number of slots mispredicted
      // its end at nearly every resident.
      const float* __restrict const b_contact_weight = batch.contact_weight;
      const std::uint8_t* __restrict const b_counts = batch.counts;
      for (std::uint32_t r = 0, k_begin = 0; r < i1 - i0; ++r) {
        const std::uint32_t i = i0 + r, k_end = batch.resident_end[r];
        const auto first = static_cast<std::int32_t>(k_begin);
        float c = 0.f;
        std::uint64_t counted = 0;  // kCountFields
        for (auto top = static_cast<std::int32_t>(k_end) - 1;; top -= 8) {
          for (std::int32_t t = 0; t < 8; ++t) {
            const bool in = top - t >= first;
            const std::int32_t k = in ? top - t : 0;
            c += in ? b_contact_weight[k] : 0.f;
            counted += in ? kCountFields.of[b_counts[k]] : 0;
          }
          if (top - 8 < first) break;
        }
        k_begin = k_end;
        r_contact[i] = c + r_contact_extra[i];
        r_contact_extra[i] = 0.f;
        r_contacts[i] = static_cast<std::uint8_t>(std::min<std::uint64_t>(counted & 0xFFFF, 255));
        r_outside[i] = static_cast<std::uint8_t>(std::min<std::uint64_t>((counted >> 16) & 0xFFFF, 255));
        r_lonely[i] = static_cast<std::uint8_t>(std::min<std::uint64_t>(counted >> 32, 255));
      }
      // The contacts that matter for attitudes (rare: an exchange of views,
      // or a vulnerable partner), listed, then handled from the last down:
      // each resident's from its last due slot down (the order of its sums).
      const std::uint32_t n_attitude = list_counted(n, batch.counts, kCountAttitude, batch.attitude, simd);
      for (std::uint32_t m = n_attitude; m-- > 0;) {
        const std::uint32_t k = batch.attitude[m], i = batch.resident[k];
        attitude_contact(R, i, batch.partner[k], batch.kind_bits[k], R.vulnerable[i] != kNone,
                         batch.partner_flags[k] & kPartnerFlagVulnerable);
      }
      // Each tie's next event: its planned contact unless it vanishes first.
      next_events(n, this_week, decay.inv_threshold(), batch.weight, batch.vanish_scale, batch.to_contact, batch.next,
                  simd);
      // Written (the next event; after a contact the weight, the week and
      // the contact bits), and vanished ties erased, per resident from the
      // last slot down: erasing a slot moves the resident's last slot into
      // it, which has then been written already and is never one still to be
      // erased.
      for (std::uint32_t k = n; k-- > 0;) {
        const std::uint32_t s = batch.slot[k];
        t_next[s] = batch.next[k];
        if (batch.counts[k] & kCountContact) {
          t_weight[s] = batch.weight[k];
          t_touched[s] = this_week;
          t_kind_bits[s] = batch.kind_bits[k];
        }
        if (batch.weight[k] < tie_threshold) T.erase(batch.resident[k], s);
      }
      i0 = i1;
    }
  });

  // New meetings, in a second pass: friends of friends are read from other
  // residents' slots, which must not change meanwhile.
  engine::collect_in_order<PairMeeting>(R.size, kMeetingChunk, w.meetings,
                                        [&](std::size_t b, std::size_t e, std::vector<PairMeeting>& out) {
    // Meetings: each kind is a Bernoulli process over the chunk's residents
    // at the kind's rate, thinned by each candidate's 1 - withdrawal, so
    // resident i meets with chance rate * (1 - wd_i) as if drawn one by one.
    const auto chunk_b = static_cast<std::uint32_t>(b), chunk_e = static_cast<std::uint32_t>(e);
    AgentDraws d(rs, week, id(Stream::Encounters), chunk_b / kMeetingChunk);
    auto stays = [&](std::uint32_t i) { return R.withdrawal[i] == 0.f || d.uniform() < 1.0 - R.withdrawal[i]; };
    for_each_candidate(d, np.propinquity_rate, chunk_b, chunk_e, [&](std::uint32_t i) {
      if (!stays(i)) return;
      const Wijk& wijk = w.wijken[R.wijk[i]];
      const std::uint32_t lo = i > wijk.begin + half_buurt ? i - half_buurt : wijk.begin;
      const std::uint32_t hi = std::min(wijk.end, lo + 2 * half_buurt + 1);
      const std::uint32_t j = lo + d.below(hi - lo);
      if (j != i) out.push_back({std::min(i, j), std::max(i, j), TieKind::Neighbour});
    });
    // Friends of friends: a random partner j of i, then a random partner k
    // of j. The draws first, for all candidates (their sequence does not
    // depend on j: j has the tie back to i, so its degree is never 0), then
    // each lookup for all candidates at once, so that the cache misses of
    // the chain i -> j -> j's slots -> k overlap instead of following one
    // another (they are far apart in memory).
    struct Triad {
      std::uint32_t i, at;  // the candidate; a slot, then j, then a slot of j
      double u;             // the draw that picks j's slot
    };
    std::vector<Triad> triads;
    for_each_candidate(d, np.triadic_rate, chunk_b, chunk_e, [&](std::uint32_t i) {
      if (T.degree(i) == 0 || !stays(i)) return;
      const std::uint32_t slot = T.first(i) + d.below(T.degree(i));
      __builtin_prefetch(T.partner.data() + slot);
      triads.push_back({i, slot, d.uniform()});
    });
    for (Triad& t : triads) {
      t.at = T.partner[t.at];
      __builtin_prefetch(T.begin.data() + t.at);
      __builtin_prefetch(T.count.data() + t.at);
    }
    for (Triad& t : triads) {
      t.at = T.first(t.at) + static_cast<std::uint32_t>(t.u * T.degree(t.at));  // as d.below(degree of j)
      __builtin_prefetch(T.partner.data() + t.at);
    }
    for (const Triad& t : triads) {
      const std::uint32_t k = T.partner[t.at];
      if (k != t.i) out.push_back({std::min(t.i, k), std::max(t.i, k), TieKind::Introduced});
    }
    // Fellow niche members: the Bernoulli process over the chunk's niche
    // members only (a third of the residents), so that the others cost nothing.
    const auto& N = w.niches;
    const auto& M = N.member_residents;
    const auto m_b = static_cast<std::uint32_t>(std::lower_bound(M.begin(), M.end(), chunk_b) - M.begin());
    const auto m_e = static_cast<std::uint32_t>(std::lower_bound(M.begin() + m_b, M.end(), chunk_e) - M.begin());
    for_each_candidate(d, np.niche_meeting_rate, m_b, m_e, [&](std::uint32_t x) {
      const std::uint32_t i = M[x];
      if (!stays(i)) return;
      const std::uint32_t niche = R.niche[i];
      const std::uint32_t m = N.members_begin[niche + 1] - N.members_begin[niche];
      const std::uint32_t k = N.members[N.members_begin[niche] + d.below(m)];
      if (k != i) out.push_back({std::min(i, k), std::max(i, k), TieKind::Niche});
    });
  });
  apply_meetings(w, Stream::TieFormation, np.form_probability);
}

namespace {

// Sorts meetings by pair (a, b), stably: of a pair's meetings in a week the
// first proposed comes first, and is the one kept. A radix sort (least
// significant digit first, 11 bits a pass over the bits that resident ids of
// this population use): four passes over a few thousand meetings instead of a
// comparison sort's dozen, on the serial path of the week.
void sort_meetings(std::vector<PairMeeting>& meetings, std::uint32_t residents) {
  constexpr int kDigit = 11;
  int id_bits = 1;
  while (id_bits < 32 && (std::uint64_t{1} << id_bits) < residents) ++id_bits;
  std::vector<PairMeeting> from(meetings.size());
  std::vector<std::uint32_t> count(std::size_t{1} << kDigit);
  for (const bool by_a : {false, true}) {
    for (int shift = 0; shift < id_bits; shift += kDigit) {
      const auto digit = [&](const PairMeeting& m) { return ((by_a ? m.a : m.b) >> shift) & ((1u << kDigit) - 1); };
      std::fill(count.begin(), count.end(), 0u);
      for (const PairMeeting& m : meetings) ++count[digit(m)];
      std::uint32_t at = 0;
      for (std::uint32_t& c : count) at += std::exchange(c, at);
      meetings.swap(from);
      for (const PairMeeting& m : from) meetings[count[digit(m)]++] = m;
    }
  }
}

}  // namespace

void apply_meetings(World& w, Stream stream, double form_probability) {
  auto& meetings = w.meetings;
  sort_meetings(meetings, w.residents.size);
  meetings.erase(std::unique(meetings.begin(), meetings.end()), meetings.end());
  const auto& np = w.params.network;
  Residents& R = w.residents;
  Ties& T = w.ties;
  const auto week = static_cast<std::uint16_t>(w.week);
  const auto gain = static_cast<float>(np.contact_gain);
  double homophily[kAgeBands];
  for (int d = 0; d < kAgeBands; ++d) homophily[d] = std::exp(-np.age_homophily * d);

  // Phase 1, parallel: each meeting's draw and decision. A meeting on an
  // existing tie is a contact for both and is applied here: pairs are unique,
  // so no two meetings write the same slot, and nothing moves slots until
  // phase 2.
  struct Plan {
    std::uint32_t sa = 0xFFFFFFFFu, sb = 0xFFFFFFFFu;
    std::uint16_t next = 0;
    std::uint8_t bits = 0;
    bool form = false;
  };
  const ContactBits contact_bits(w.params.attitude.influence, w.params.attitude.negative_in_crisis);
  std::vector<Plan> plan(meetings.size());
  engine::for_each_range(meetings.size(), [&](std::size_t b, std::size_t e) {
    // What each meeting reads is far apart in memory: requested for all the
    // range's meetings first, in two passes (a's slot range, then a's slots,
    // searched for b), so that the cache misses overlap.
    for (std::size_t k = b; k < e; ++k) {
      const PairMeeting& m = meetings[k];
      __builtin_prefetch(T.begin.data() + m.a);
      __builtin_prefetch(T.count.data() + m.a);
      __builtin_prefetch(R.vulnerable.data() + m.a);
      __builtin_prefetch(R.vulnerable.data() + m.b);
      __builtin_prefetch(R.age.data() + m.b);
    }
    for (std::size_t k = b; k < e; ++k)
      for (std::uint32_t s = T.first(meetings[k].a); s < T.last(meetings[k].a); s += 16)
        __builtin_prefetch(T.partner.data() + s);
    for (std::size_t k = b; k < e; ++k) {
      const PairMeeting& m = meetings[k];
      Plan& pl = plan[k];
      const auto bits = w.random.pair_bits(week, id(stream), m.a, m.b);
      pl.bits = contact_bits(static_cast<std::uint16_t>(bits[2] >> 16));
      pl.sa = T.find(m.a, m.b);
      if (pl.sa != 0xFFFFFFFFu) {
        pl.sb = T.find(m.b, m.a);
        float wt = w.decay.weight_now(T, pl.sa, week);
        wt += gain * (1.f - wt);
        const std::uint32_t to_next =
            w.decay.weeks_to_event(wt, T.kind(pl.sa), kGeometric.weeks(T.rate[pl.sa], bits[1]));
        for (std::uint32_t x : {pl.sa, pl.sb}) {
          T.weight[x] = wt;
          T.touched[x] = week;
          T.set_contact_bits(x, pl.bits);
          T.next_event[x] = static_cast<std::uint16_t>(week + to_next);
        }
        continue;
      }
      double p = form_probability * m.boost * homophily[std::abs(int(R.age[m.a]) - int(R.age[m.b]))];
      // Stigma: when one side is vulnerable, the other's tolerance and the
      // vulnerable side's expected rejection decide.
      for (auto [x, y] : {std::pair{m.a, m.b}, std::pair{m.b, m.a}}) {
        const std::uint32_t v = R.vulnerable[x];
        if (v != kNone) p *= R.tolerance(y) * (1.0 - w.vulnerable.expected_rejection[v]);
      }
      if (engine::to_unit(bits[0]) >= p) continue;
      pl.form = true;
      const std::uint32_t to_contact = kGeometric.weeks(rate_byte(np.new_tie_rate), bits[1]);
      pl.next = static_cast<std::uint16_t>(
          week + w.decay.weeks_to_event(static_cast<float>(np.new_tie_weight), m.kind, to_contact));
    }
  }, 256);

  // Phase 2, serial in (a, b) order: new ties (room at both ends decides) and
  // the meetings' part in attitudes, at both ends (a meeting is a contact; a
  // new tie's first meeting too).
  const AttitudeContact attitude_contact(w.params.attitude);
  for (std::size_t k = 0; k < meetings.size(); ++k) {
    const PairMeeting& m = meetings[k];
    const Plan& pl = plan[k];
    if (pl.sa != 0xFFFFFFFFu) {
      attitude_contact.both_ends(R, m.a, m.b, pl.bits);
      continue;
    }
    if (!pl.form) continue;
    const bool va = R.vulnerable[m.a] != kNone, vb = R.vulnerable[m.b] != kNone;
    if (T.connect(m.a, m.b, m.kind, static_cast<float>(np.new_tie_weight), rate_byte(np.new_tie_rate), pl.next,
                  week, va, vb, contact_bits.new_tie())) {
      w.counters.ties_formed[R.wijk[m.a]] += 1;
      attitude_contact.both_ends(R, m.a, m.b, contact_bits.new_tie());
    }
  }
}

}  // namespace kw::model
