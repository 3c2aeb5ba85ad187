#pragma once
// The outcomes of MODEL.md, per wijk and week. Each is defined once in the
// list below (name, unit, how wijken combine, meaning); that one definition
// gives the field, the HDF5 dataset and its attributes, and the summary.
#include "model/world.h"

#include <Eigen/Core>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace kw::model {

// How a per-wijk value combines into the municipality's: a count adds up; a
// share or mean is weighted by the wijk's adults, vulnerable residents or niches.
enum class Scope : std::uint8_t { Count, PerAdult, PerVulnerable, PerNiche };

// X(name, unit, scope, description)
#define KW_OUTCOMES(X)                                                                              \
  X(reached, "residents", Count, "residents who have started a trajectory (cumulative)")            \
  X(waiting, "residents", Count, "residents on a kwartiermaker's waiting list")                     \
  X(exploring, "residents", Count, "clients exploring their own wishes")                           \
  X(niche_phase, "residents", Count, "clients finding and being accompanied to a niche")           \
  X(fading, "residents", Count, "clients in the fading-out phase")                                 \
  X(ended_success, "residents", Count, "trajectories ended with success (cumulative)")             \
  X(ended_not_worked, "residents", Count, "trajectories ended: accepted that it did not work (cumulative)") \
  X(dropped_out, "residents", Count, "trajectories ended by drop-out (cumulative)")                 \
  X(accepted_with_role, "residents", Count,                                                        \
    "vulnerable residents who feel accepted, hold a stable niche role and have >= 2 medium non-kin ties") \
  X(intakes, "residents/week", Count, "intakes this week")                                         \
  X(niche_shortage, "residents", Count, "clients for whom no niche place was free this week")      \
  X(ladder_1, "residents", Count, "vulnerable residents on ladder rung 1 (isolated)")              \
  X(ladder_2, "residents", Count, "rung 2: contacts outside the home")                             \
  X(ladder_3, "residents", Count, "rung 3: organised activities")                                  \
  X(ladder_4, "residents", Count, "rung 4: volunteer role")                                        \
  X(ladder_5, "residents", Count, "rung 5: paid work with support (carved job)")                   \
  X(ladder_6, "residents", Count, "rung 6: paid work")                                             \
  X(lonely_share, "-", PerAdult, "share of adults lonely (L >= moderate threshold)")               \
  X(strongly_lonely_share, "-", PerAdult, "share of adults strongly lonely")                       \
  X(loneliness_mean, "-", PerAdult, "mean loneliness L of adults")                                 \
  X(isolated_share, "-", PerAdult, "share of adults without contact outside the household this week")                    \
  X(degree_mean, "ties", PerAdult, "mean number of ties of adults")                                \
  X(contacts_mean, "contacts/week", PerAdult, "mean tie contacts of adults this week")              \
  X(vulnerable_lonely_share, "-", PerVulnerable, "share of vulnerable residents lonely")           \
  X(vulnerable_strongly_lonely_share, "-", PerVulnerable, "share of vulnerable residents strongly lonely") \
  X(vulnerable_isolated_share, "-", PerVulnerable, "share of vulnerable residents without contact outside the household this week") \
  X(vulnerable_degree_mean, "ties", PerVulnerable, "mean ties of vulnerable residents")           \
  X(vulnerable_non_kin_ties_mean, "ties", PerVulnerable, "mean non-kin ties of vulnerable residents") \
  X(felt_acceptance_mean, "-", PerVulnerable, "mean felt acceptance f of vulnerable residents")    \
  X(self_efficacy_mean, "-", PerVulnerable, "mean self-efficacy S of vulnerable residents")        \
  X(wellbeing_mean, "-", PerVulnerable, "mean wellbeing h of vulnerable residents")                \
  X(withdrawal_mean, "-", PerVulnerable, "mean withdrawal of vulnerable residents")                 \
  X(dependence_mean, "-", PerVulnerable, "mean dependence of vulnerable residents")                 \
  X(tolerance_mean, "-", PerAdult, "mean tolerance A of adults")                                   \
  X(accept_neighbour_share, "-", PerAdult, "share of adults accepting an (ex-)patient as neighbour") \
  X(accept_intimate_share, "-", PerAdult, "share of adults accepting an (ex-)patient as son-in-law") \
  X(hospitality_mean, "-", PerNiche, "mean niche hospitality H")                                   \
  X(niche_clients, "residents", Count, "kwartiermaker clients holding a niche place")              \
  X(niche_client_places, "places", Count, "niche places for kwartiermaker clients")                \
  X(niche_visits, "visits/week", Count, "niche visits by vulnerable residents this week")          \
  X(roles_filled, "roles", Count, "volunteer roles and carved jobs held")                          \
  X(role_slots, "roles", Count, "volunteer roles and carved jobs available")                       \
  X(buddy_pairs, "pairs", Count, "active buddy pairs")                                             \
  X(buddy_pairs_started, "pairs/week", Count, "buddy pairs started this week")                     \
  X(crises, "crises/week", Count, "crises started this week")                                      \
  X(in_crisis, "residents", Count, "vulnerable residents in crisis")                               \
  X(care_referrals, "referrals/week", Count, "referrals to care this week")                        \
  X(care_waiting, "residents", Count, "residents waiting for care")                                \
  X(in_care, "residents", Count, "residents in care")                                              \
  X(care_started, "residents/week", Count, "residents starting care this week")                    \
  X(care_wait_weeks, "weeks", Count, "summed waiting weeks of those starting care this week")      \
  X(client_hours, "hours/week", Count, "kwartiermaker hours with clients this week")               \
  X(neighbourhood_hours, "hours/week", Count, "kwartiermaker hours of neighbourhood work this week") \
  X(indirect_contacts, "residents/week", Count, "residents reached by neighbourhood work this week") \
  X(cost, "euro", Count, "kwartiermaker cost (cumulative)")                                        \
  X(ties_formed, "ties/week", Count, "new ties this week")

struct WijkWeek {
#define KW_FIELD(name, unit, scope, description) double name = 0;
  KW_OUTCOMES(KW_FIELD)
#undef KW_FIELD
};

struct OutcomeDef {
  const char* name;
  const char* unit;
  Scope scope;
  const char* description;
  double WijkWeek::*field;
};
const std::vector<OutcomeDef>& outcome_definitions();
const OutcomeDef& outcome(const std::string& name);  // std::out_of_range if unknown

// The per-wijk outcomes of the world's current week (one entry per wijk).
// Cumulative counts continue from `previous` (empty in week 0).
std::vector<WijkWeek> observe(const World& w, const std::vector<WijkWeek>& previous);

// Weeks x wijken of one outcome.
using Series = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

class OutcomeRecorder {
public:
  void record(const World& w);
  std::size_t weeks() const { return rows_.size(); }
  const std::vector<WijkWeek>& week(std::size_t t) const { return rows_[t]; }
  const std::vector<WijkWeek>& last() const { return rows_.back(); }
  Series series(const OutcomeDef& d) const;

private:
  std::vector<std::vector<WijkWeek>> rows_;
};

// The value of the whole municipality from per-wijk values.
double municipality(const OutcomeDef& d, const std::vector<WijkWeek>& wijken, const World& w);
// The same from plain arrays (per wijk: value, adults, vulnerable residents,
// niches), for tools that read per-wijk values back from output files.
double combine_wijken(Scope scope, std::span<const double> values, std::span<const double> adults,
                      std::span<const double> vulnerable, std::span<const double> niches);

// Loneliness of participants against matched non-participants: each resident
// who started a trajectory is matched, without replacement, to the
// non-participating vulnerable resident with the nearest initial loneliness in
// the same age band; the standardised mean difference (Hedges' g) of final
// loneliness. Negative: participants less lonely. NaN without pairs.
struct MatchedComparison {
  std::uint32_t pairs = 0;
  double participants_mean = 0, controls_mean = 0, smd = 0;
};
MatchedComparison participant_loneliness_smd(const World& w);

}  // namespace kw::model
