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

namespace {

// The loneliness parameters as the update reads them.
struct LonelinessRates {
  double rate_up, rate_down, contagion_step, strong_threshold, adaptation, setpoint_return;
  const double* caught;  // chance of catching loneliness from k strongly lonely contacts
};

// One block's update, written once and compiled for each instruction set
// below; every operation is an IEEE double operation in the same order (the
// maxima and minima as engine::lane_max and lane_clamp), so both versions give
// the same bits. Without branches: the compiler vectorises it (this file is
// compiled with -fno-trapping-math, see fast_math.h).
[[gnu::always_inline]] inline void update_block(const LonelinessRates& r, std::uint32_t n,
                                                const std::uint32_t* __restrict word,
                                                const float* __restrict contact, float* __restrict desired,
                                                float* __restrict lonely,
                                                const std::uint8_t* __restrict lonely_contacts,
                                                const float* __restrict own_desire,
                                                std::uint8_t* __restrict strongly) {
  for (std::uint32_t k = 0; k < n; ++k) {
    const double c = contact[k];
    const double dn = desired[k];
    const double deficit = engine::lane_max(1.0 - c / dn, 0.0);
    double l = lonely[k];
    l += r.rate_up * deficit * (1.0 - l) - r.rate_down * (1.0 - deficit) * l;
    // to_unit(word) < caught: the word as a double in [0, 1) (exact)
    const bool caught_now = static_cast<double>(word[k]) * (1.0 / 4294967296.0) < r.caught[lonely_contacts[k]];
    l += (caught_now ? 1.0 : 0.0) * r.contagion_step * (1.0 - l);
    const auto l_new = static_cast<float>(engine::lane_clamp(l, 0.0, 1.0));
    lonely[k] = l_new;
    strongly[k] = static_cast<double>(l_new) >= r.strong_threshold;
    const double d_new = dn + r.adaptation * (c - dn) + r.setpoint_return * (own_desire[k] - dn);
    desired[k] = static_cast<float>(engine::lane_max(d_new, 0.05));
  }
}

void update_block_baseline(const LonelinessRates& r, std::uint32_t n, const std::uint32_t* word,
                           const float* contact, float* desired, float* lonely, const std::uint8_t* lonely_contacts,
                           const float* own_desire, std::uint8_t* strongly) {
  update_block(r, n, word, contact, desired, lonely, lonely_contacts, own_desire, strongly);
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) void update_block_avx2(const LonelinessRates& r, std::uint32_t n,
                                                        const std::uint32_t* word, const float* contact,
                                                        float* desired, float* lonely,
                                                        const std::uint8_t* lonely_contacts, const float* own_desire,
                                                        std::uint8_t* strongly) {
  update_block(r, n, word, contact, desired, lonely, lonely_contacts, own_desire, strongly);
}
#endif

}  // namespace

void loneliness(World& w) {
  const auto& lp = w.params.loneliness;
  Residents& R = w.residents;
  const auto week = w.week;
  double caught[256];
  for (int k = 0; k < 256; ++k) caught[k] = 1.0 - std::pow(1.0 - lp.contagion, k);
  const LonelinessRates rates{lp.rate_up,          lp.rate_down,          lp.contagion_step, lp.strong_threshold,
                              lp.setpoint_adaptation, lp.setpoint_return, caught};
  const auto update = engine::simd_level() == engine::SimdLevel::Baseline ? update_block_baseline
#if defined(__x86_64__)
                                                                          : update_block_avx2;
#else
                                                                          : update_block_baseline;
#endif
  // Each resident's first draw of the week's loneliness stream, made for a
  // block of residents at once in SIMD lanes and used without a branch: a
  // resident without strongly lonely contacts has caught[0] = 0 and so
  // catches nothing, as if it had not drawn (about half the residents have
  // such a contact, a coin toss for the CPU).
  constexpr std::uint32_t kBlock = 256;
  engine::for_each_range(R.size, [&](std::size_t b, std::size_t e) {
    std::uint32_t agent[kBlock], index[kBlock] = {}, words[4][kBlock];
    std::uint32_t* const out[4] = {words[0], words[1], words[2], words[3]};
    for (auto i0 = static_cast<std::uint32_t>(b); i0 < e; i0 += kBlock) {
      const std::uint32_t n = std::min<std::uint32_t>(kBlock, static_cast<std::uint32_t>(e) - i0);
      for (std::uint32_t k = 0; k < n; ++k) agent[k] = i0 + k;
      w.random.agent_bits_n(week, id(Stream::Loneliness), n, agent, index, out);
      update(rates, n, words[0], R.contact.data() + i0, R.desired_contact.data() + i0, R.loneliness.data() + i0,
             R.lonely_contacts.data() + i0, R.own_desire.data() + i0, R.strongly_lonely.data() + i0);
    }
  });
}

}  // namespace kw::model
