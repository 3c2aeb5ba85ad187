// Process 2: loneliness. The deficit between weekly satisfying contact C and
// the desired contact N drives L up, contact without deficit brings it down;
// N slowly adapts to C (resignation) while the person's own desire N0 pulls it
// back, and strongly lonely contacts pass on a little loneliness (Hill et al. 2010).
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
  engine::for_each_range(R.size, [&](std::size_t b, std::size_t e) {
    for (std::size_t ii = b; ii < e; ++ii) {
      const auto i = static_cast<std::uint32_t>(ii);
      const double c = R.contact[i];
      const double n = R.desired_contact[i];
      const double deficit = std::max(0.0, 1.0 - c / n);
      double l = R.loneliness[i];
      l += lp.rate_up * deficit * (1.0 - l) - lp.rate_down * (1.0 - deficit) * l;
      if (R.lonely_contacts[i] > 0 && lp.contagion > 0) {
        engine::AgentDraws d(w.random, week, id(Stream::Loneliness), i);
        if (d.bernoulli(caught[R.lonely_contacts[i]])) l += lp.contagion_step * (1.0 - l);
      }
      R.loneliness[i] = static_cast<float>(std::clamp(l, 0.0, 1.0));
      R.strongly_lonely[i] = R.loneliness[i] >= lp.strong_threshold;
      R.desired_contact[i] = static_cast<float>(
          std::max(0.05, n + lp.setpoint_adaptation * (c - n) + lp.setpoint_return * (R.own_desire[i] - n)));
    }
  });
}

}  // namespace kw::model
