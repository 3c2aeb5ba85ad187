// The buddy (maatje) project: volunteers are recruited (1 in 3 responders
// starts), lonely vulnerable residents ask for a buddy or are put forward by
// their kwartiermaker, and pairs are matched first come first served. A pair is
// a buddy tie with weekly or fortnightly contact that lasts at most two years.
#include "model/processes.h"

#include <algorithm>

namespace kw::model {

using engine::AgentDraws;

void buddy_project(World& w) {
  const auto& bp = w.params.buddy;
  if (!bp.enabled) return;
  Residents& R = w.residents;
  Vulnerable& V = w.vulnerable;
  Ties& T = w.ties;
  Buddies& B = w.buddies;
  const auto week = w.week;
  const auto& rs = w.random;

  B.volunteers += bp.responders_per_10k * R.size / 1e4 * bp.conversion;

  for (std::uint32_t v = 0; v < V.size; ++v) {
    AgentDraws d(rs, week, id(Stream::Buddy), v);
    const std::uint32_t i = V.resident[v];
    if (V.buddy[v] != kNone) {
      if (week >= V.buddy_until[v] || d.bernoulli(bp.end_hazard)) {
        T.disconnect(i, V.buddy[v]);
        V.buddy[v] = kNone;
        --B.active_pairs;
        if (d.bernoulli(bp.return_to_pool)) B.volunteers += 1.0;
      }
      continue;
    }
    if (!V.buddy_waiting[v] && V.crisis_until[v] == 0 &&
        R.loneliness[i] >= w.params.loneliness.moderate_threshold && d.bernoulli(bp.request)) {
      V.buddy_waiting[v] = 1;
      B.waiting_list.push_back(v);
    }
  }

  std::size_t matched = 0;
  while (matched < B.waiting_list.size() && B.volunteers >= 1.0) {
    const std::uint32_t v = B.waiting_list[matched];
    const std::uint32_t i = V.resident[v];
    const Wijk& wijk = w.wijken[R.wijk[i]];
    AgentDraws d(rs, week, id(Stream::BuddyPairs), v);
    // The volunteer: a tolerant resident of the same wijk with room for a tie.
    std::uint32_t buddy = kNone;
    for (int tries = 0; tries < 50 && buddy == kNone; ++tries) {
      const std::uint32_t j = wijk.begin + d.below(wijk.end - wijk.begin);
      if (j != i && R.vulnerable[j] == kNone && T.has_room(j) && T.find(i, j) == 0xFFFFFFFFu &&
          R.tolerance(j) >= w.params.attitude.neighbour_threshold)
        buddy = j;
    }
    if (buddy == kNone) break;  // try again next week
    if (!T.has_room(i)) {
      // make room: the weakest tie that is not kin goes
      std::uint32_t weakest = 0xFFFFFFFFu;
      for (std::uint32_t s = T.first(i); s < T.last(i); ++s)
        if (!is_kin(T.kind(s)) &&
            (weakest == 0xFFFFFFFFu || w.decay.weight_now(T, s, week) < w.decay.weight_now(T, weakest, week)))
          weakest = s;
      if (weakest == 0xFFFFFFFFu) break;
      T.disconnect(i, T.partner[weakest]);
    }
    // first meeting next week; the tie ends with the pair, not by decay
    T.connect(i, buddy, TieKind::Buddy, 0.5f, rate_byte(bp.contact_rate), static_cast<std::uint16_t>(week + 1),
              static_cast<std::uint16_t>(week), true, false,
              ContactBits(w.params.attitude.influence, w.params.attitude.negative_in_crisis).new_tie());
    V.buddy[v] = buddy;
    V.buddy_until[v] = static_cast<std::uint16_t>(week + bp.max_weeks);
    V.buddy_waiting[v] = 0;
    B.volunteers -= 1.0;
    ++B.active_pairs;
    ++B.pairs_started;
    w.counters.buddy_pairs_started[R.wijk[i]] += 1;
    ++matched;
  }
  B.waiting_list.erase(B.waiting_list.begin(), B.waiting_list.begin() + matched);
}

}  // namespace kw::model
