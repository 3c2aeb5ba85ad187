// Process 4: attitudes. Tolerance A = base + contact part. Contact with a
// vulnerable resident moves the contact part (collected in tolerance_delta by
// everyday tie contact, niche visits and neighbourhood work); the contact part
// fades back toward the resident's norm. Residents influence each other's base
// along ties they had contact on, by bounded confidence (Deffuant et al.
// 2000). A resident without contact or influence keeps A. The tie contacts'
// part is computed when they happen (AttitudeContact, called by the
// encounters process), from the week's starting values.
#include "engine/fast_math.h"
#include "engine/parallel.h"
#include "model/processes.h"

#include <algorithm>
#include <cmath>

namespace kw::model {

void AttitudeContact::operator()(Residents& R, std::uint32_t i, std::uint32_t j, std::uint8_t bits,
                                 bool i_vulnerable, bool partner_vulnerable) const {
  // tolerance_base and tolerance_contact do not change between the contacts
  // and the attitudes process: both ends see the week's starting values
  const double a = R.tolerance(i);
  if (bits & kViewsExchanged) {
    const double aj = R.tolerance(j);
    if (std::abs(aj - a) < epsilon_) R.attitude_shift[i] += static_cast<float>(mu_ * (aj - a));
  }
  if (!i_vulnerable && partner_vulnerable) {
    if (R.in_crisis[j] && (bits & kBadInCrisis))
      R.tolerance_delta[i] -= static_cast<float>(negative_ * a);
    else
      R.tolerance_delta[i] += static_cast<float>(everyday_ * (1.0 - a));
  }
}

void attitudes(World& w) {
  Residents& R = w.residents;
  const double keep = 1.0 - w.params.attitude.fade;  // share of the contact part kept each week

  // What this week's contacts collected (AttitudeContact, niche visits,
  // neighbourhood work) applied, the contact part faded; without branches,
  // since whether a resident had such a contact is a coin toss for the CPU
  // (a resident without any keeps its base, and a contact part of zero stays
  // zero).
  engine::for_each_range(R.size, [&](std::size_t b, std::size_t e) {
    // restrict pointers and lane_clamp: the compiler vectorises the loop
    const float* __restrict const base = R.tolerance_base.data();
    const float* __restrict const contact = R.tolerance_contact.data();
    float* __restrict const shift = R.attitude_shift.data();
    float* __restrict const next_base = R.tolerance_next.data();
    // tolerance_delta doubles as the buffer of the next contact part
    float* __restrict const delta = R.tolerance_delta.data();
    for (std::size_t i = b; i < e; ++i) {
      next_base[i] = static_cast<float>(engine::lane_clamp(double(base[i]) + shift[i], 0.0, 1.0));
      delta[i] = static_cast<float>(engine::lane_clamp(contact[i] * keep + delta[i], -1.0, 1.0));
      shift[i] = 0.f;
    }
  });
  std::swap(R.tolerance_base, R.tolerance_next);
  std::swap(R.tolerance_contact, R.tolerance_delta);
  std::fill(R.tolerance_delta.begin(), R.tolerance_delta.end(), 0.f);
}

}  // namespace kw::model
