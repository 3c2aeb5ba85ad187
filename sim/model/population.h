#pragma once
// The synthetic population: households, adults with ages, vulnerable
// residents, initial social-circle networks and niches, built from a wijk
// table. Every draw is keyed by (seed, replicate, setup week, stream, id), so
// the population is the same for any thread count.
#include "model/world.h"

#include <memory>
#include <string>
#include <vector>

namespace kw::model {

// Which wijken have kwartiermakers: `spec` lists codes or names separated by
// commas, or is "all" or "none". Throws engine::InputError naming the unknown
// entry and the wijken that exist.
std::vector<bool> resolve_active_wijken(const std::string& spec, const std::vector<WijkRow>& rows);

// Builds the world of week 0. `active` has one flag per row.
std::unique_ptr<World> build_world(const Parameters& p, const std::vector<WijkRow>& rows,
                                   const std::vector<bool>& active);

// The programme's staff: which wijken are active (one flag per wijk) and
// their kwartiermakers, from w.params (kwartiermaker.*); replaces any staff
// the world had. Part of build_world, and used again when runs share the world
// at the programme's start (model/programme_start.h).
void staff_programme(World& w, const std::vector<bool>& active);

// What each kwartiermaker of the programme works, with kwartiermaker.per_wijk
// of them in each active wijk: kwartiermaker.hours_per_week and .caseload,
// or with a fixed budget (kwartiermaker.budget_hours) an equal share of it
// and a caseload that shrinks with the hours. staff_programme gives every
// kwartiermaker this, and only through it does the model read those keys
// (model/programme_start.h, run_signature, relies on that).
struct Contract {
  float hours = 0;
  std::uint16_t caseload = 0;
  bool operator==(const Contract&) const = default;
};
Contract kwartiermaker_contract(const KwartiermakerParameters& kp, const std::vector<bool>& active);

// The niches' member lists (Niches::members, members_begin, member_residents)
// from residents.niche.
void index_niche_members(World& w);

// Adults per age band of a wijk row (18-24 is 7/10 of the 15-24 group).
std::array<double, kAgeBands> adults_by_age(const WijkRow& row);

}  // namespace kw::model
