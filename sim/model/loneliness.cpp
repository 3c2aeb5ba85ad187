// Process 2: loneliness. The deficit between weekly satisfying contact C and
// the desired contact N drives L up, contact without deficit brings it down;
// N slowly adapts to C (resignation) while the person's own desire N0 pulls it
// back, and strongly lonely contacts pass on a little loneliness (Hill et al. 2010).
#include "engine/fast_math.h"
#include "engine/parallel.h"
#include "model/processes.h"

#include <algorithm>
#include <cmath>

namespace kw::model {

void loneliness(World& w) {
  const auto& lp = w.params.loneliness;
  Residents& R = w.residents;
  const auto week = w.week;
  // chance of catching loneliness from k strongly lonely contacts
  double caught[256];
  for (int k = 0; k < 256; ++k) caught[k] = 1.0 - std::pow(1.0 - lp.contagion, k);
  // Each resident's first draw of the week's loneliness stream, made for a
  // block of residents at once in SIMD lanes and used without a branch: a
  // resident without strongly lonely contacts has caught[0] = 0 and so
  // catches nothing, as if it had not drawn (about half the residents have
  // such a contact, a coin toss for the CPU).
  constexpr std::uint32_t kBlock = 256;
  engine::for_each_range(R.size, [&](std::size_t b, std::size_t e) {
    // Local copies: the stores to strongly_lonely (bytes, which may alias
    // anything) would otherwise make the compiler reload every parameter and
    // array pointer after each resident.
    const double rate_up = lp.rate_up, rate_down = lp.rate_down, contagion_step = lp.contagion_step;
    const double strong_threshold = lp.strong_threshold, adaptation = lp.setpoint_adaptation,
                 setpoint_return = lp.setpoint_return;
    std::uint32_t agent[kBlock], index[kBlock] = {}, words[4][kBlock];
    std::uint32_t* const out[4] = {words[0], words[1], words[2], words[3]};
    for (auto i0 = static_cast<std::uint32_t>(b); i0 < e; i0 += kBlock) {
      const std::uint32_t n = std::min<std::uint32_t>(kBlock, static_cast<std::uint32_t>(e) - i0);
      for (std::uint32_t k = 0; k < n; ++k) agent[k] = i0 + k;
      w.random.agent_bits_n(week, id(Stream::Loneliness), n, agent, index, out);
      const float* const contact = R.contact.data() + i0;
      float* const desired = R.desired_contact.data() + i0;
      float* const lonely = R.loneliness.data() + i0;
      const std::uint8_t* const lonely_contacts = R.lonely_contacts.data() + i0;
      const float* const own_desire = R.own_desire.data() + i0;
      std::uint8_t* const strongly = R.strongly_lonely.data() + i0;
      for (std::uint32_t k = 0; k < n; ++k) {
        const double c = contact[k];
        const double dn = desired[k];
        // no branches (deficit or not is a coin toss for the CPU)
        const double deficit = engine::select_max(1.0 - c / dn, 0.0);
        double l = lonely[k];
        l += rate_up * deficit * (1.0 - l) - rate_down * (1.0 - deficit) * l;
        const bool caught_now = engine::to_unit(words[0][k]) < caught[lonely_contacts[k]];
        l += static_cast<double>(caught_now) * contagion_step * (1.0 - l);
        const auto l_new = static_cast<float>(engine::select_clamp(l, 0.0, 1.0));
        lonely[k] = l_new;
        strongly[k] = l_new >= strong_threshold;
        const double d_new = dn + adaptation * (c - dn) + setpoint_return * (own_desire[k] - dn);
        desired[k] = static_cast<float>(engine::select_max(d_new, 0.05));
      }
    }
  });
}

}  // namespace kw::model
