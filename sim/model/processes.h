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

// Shared by processes 1 and 3: forms or strengthens ties for the meetings in
// w.meetings (sorted, unique), with the formation chance of MODEL.md.
void apply_meetings(World& w, Stream stream, double form_probability);

}  // namespace kw::model
