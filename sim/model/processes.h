#pragma once
// The weekly processes of MODEL.md, one file each. Each reads the state at the
// start of its phase and applies its effects so that the result does not
// depend on the order in which agents or threads are handled: per-agent work
// writes only the agent's own slots; effects on others are collected in id
// order and applied serially.
#include "model/world.h"

namespace kw::model {

void encounters_and_ties(World& w);   // 1
void loneliness(World& w);            // 2
void niche_visits(World& w);          // 3
void attitudes(World& w);             // 4
void kwartiermaker_work(World& w);    // 5
void buddy_project(World& w);         // 5b: the buddy (maatje) project's matching
void experienced_support(World& w);   // 6
void roles_and_participation(World& w);  // 7
void crisis_and_care(World& w);       // 8
void trajectory_end(World& w);        // 9

// Process 4's part of one tie contact, at resident i's end (partner j,
// contact bits `bits`, see ContactBits): bounded-confidence influence on i's
// base if views were exchanged, and, for a resident who is not vulnerable,
// everyday contact with a vulnerable partner (negative if the partner is in
// crisis and the contact goes badly). Collected in R.attitude_shift[i] and
// R.tolerance_delta[i] and applied by attitudes(); writes only i's entries.
// Processes 1 and 3 call it at both ends of each contact for which matters()
// holds, when the contact happens, so that the attitudes process need not
// look for this week's contacts among the ties again.
class AttitudeContact {
public:
  explicit AttitudeContact(const AttitudeParameters& ap)
      : epsilon_(ap.epsilon),
        mu_(ap.mu),
        everyday_(ap.contact_effect * ap.everyday_quality),
        negative_(ap.negative_ratio * ap.contact_effect) {}
  static bool matters(std::uint8_t bits, bool partner_vulnerable) {
    return (bits & kViewsExchanged) || partner_vulnerable;
  }
  void operator()(Residents& R, std::uint32_t i, std::uint32_t j, std::uint8_t bits, bool i_vulnerable,
                  bool partner_vulnerable) const;
  // Both ends of a contact between a and b, where it matters.
  void both_ends(Residents& R, std::uint32_t a, std::uint32_t b, std::uint8_t bits) const {
    const bool va = R.vulnerable[a] != kNone, vb = R.vulnerable[b] != kNone;
    if (matters(bits, vb)) (*this)(R, a, b, bits, va, vb);
    if (matters(bits, va)) (*this)(R, b, a, bits, vb, va);
  }

private:
  double epsilon_, mu_, everyday_, negative_;
};

// Shared by processes 1 and 3: forms or strengthens ties for the meetings in
// w.meetings (sorted, unique), with the formation chance of MODEL.md.
void apply_meetings(World& w, Stream stream, double form_probability);

}  // namespace kw::model
