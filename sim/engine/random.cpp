#include "engine/random.h"

#include <algorithm>

namespace kw::engine {

// A Beta-distributed value with the given mean and concentration (a + b),
// drawn as X / (X + Y) from two gamma variates (Marsaglia & Tsang, 2000). The
// loop count varies per call, but each call draws from the agent's own
// sequence, so the result is still a pure function of the counter.
namespace {
double gamma_draw(AgentDraws& d, double shape) {
  if (shape < 1.0) {
    const double u = d.uniform();
    return gamma_draw(d, shape + 1.0) * std::pow(std::max(u, 1e-300), 1.0 / shape);
  }
  const double dd = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * dd);
  for (;;) {
    double x, v;
    do {
      x = d.normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = d.uniform();
    if (u < 1.0 - 0.0331 * x * x * x * x) return dd * v;
    if (std::log(std::max(u, 1e-300)) < 0.5 * x * x + dd * (1.0 - v + std::log(v))) return dd * v;
  }
}
}  // namespace

double AgentDraws::beta_mean(double mean, double concentration) {
  mean = std::clamp(mean, 1e-6, 1.0 - 1e-6);
  const double x = gamma_draw(*this, mean * concentration);
  const double y = gamma_draw(*this, (1.0 - mean) * concentration);
  return x / (x + y);
}

}  // namespace kw::engine
