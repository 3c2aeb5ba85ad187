#pragma once
// Every number of the model, as plain structs with defaults and units. The
// scenario file and the command line only fill them (describe() registers each
// field once with its range, unit, meaning and source); validate() checks the
// relations between fields that a single range cannot express.
#include "engine/parameters.h"

#include <string>
#include <vector>

namespace kw::model {

struct RunParameters {
  int weeks = 78;          // weeks simulated (and recorded)
  int burn_in = 12;        // weeks simulated before, without the programme, to let the state settle
  int seed = 1;            // random seed
  int replicate = 0;       // replicate number: a separate random stream for the same seed
  int snapshot_every = 0;  // weeks between agent snapshots in the output; 0 = none
};

struct PopulationParameters {
  std::string wijk_table = "data/oss-wijken.csv";  // relative to the scenario file
  std::string wijken = "all";  // the wijken simulated: codes or names, comma-separated, or "all"
  double scale = 1.0;  // fraction of the adults simulated (tests, quick looks)
  double vulnerable_alone_factor = 1.5;  // relative odds of living alone for vulnerable adults
};

struct ProgrammeParameters {
  std::string active_wijken = "Ussen, Oss-Zuid";  // codes or names, comma-separated; "all" or "none"
};

struct NetworkParameters {
  double kin_outside = 3.0;      // kin ties outside the household, per adult
  double friends = 4.0;          // friend ties per adult
  double neighbours = 3.0;       // neighbour ties per adult
  double acquaintances = 4.0;    // acquaintance ties per adult
  double vulnerable_kin = 4.0;        // vulnerable adults: kin outside the household (Palumbo: 43% of 11.7)
  double vulnerable_friends = 3.4;    // Palumbo 2015
  double vulnerable_others = 2.5;     // neighbours and acquaintances together
  int tie_headroom = 6;          // free tie slots per resident beyond the initial degree
  int buurt_size = 300;          // residents in the propinquity window around a home
  double decay_weeks_kin = 104;  // tie weight time constant without contact, kin
  double decay_weeks_other = 26; // the same for every other kind
  double tie_threshold = 0.1;    // a tie whose weight falls below this vanishes
  double contact_gain = 0.15;    // weight gain per contact: w += gain * (1 - w)
  double propinquity_rate = 0.02;  // chance per week of a chance meeting in the buurt
  double triadic_rate = 0.03;      // chance per week of meeting a friend of a friend
  double niche_meeting_rate = 0.15;  // chance per week that a niche member meets another member
  double form_probability = 0.35;  // a meeting becomes a tie (before homophily and stigma)
  double age_homophily = 0.7;      // beta in exp(-beta * age band difference)
  double new_tie_weight = 0.15;    // weight of a new tie
  double new_tie_rate = 0.1;       // weekly contact chance of a new tie
  double sociability_sigma = 0.8;  // spread (log scale) of residents' contact propensity
};

struct LonelinessParameters {
  double rate_up = 0.08;     // a_up: growth per week at full deficit
  double rate_down = 0.06;   // a_down: recovery per week without deficit
  double desired_contact_median = 4.3;  // N: weight-weighted contacts per week wanted
  double desired_contact_sigma = 0.7;   // spread of N (log scale)
  double vulnerable_desired_factor = 0.85; // N of vulnerable adults relative to others
  double setpoint_adaptation = 0.005;   // N moves this share toward C each week (resignation)
  double setpoint_return = 0.02;        // and this share back toward the person's own desire N0
  double contagion = 0.0008;   // chance per week per strongly lonely contact to catch loneliness
  double contagion_step = 0.05;  // rise of L when it is caught
  double moderate_threshold = 0.35;  // L at or above: lonely (moderately or strongly)
  double strong_threshold = 0.7;     // L at or above: strongly lonely
};

struct NicheParameters {
  double membership = 0.35;      // share of adults who are regular members of a niche
  int client_capacity = 3;       // kwartiermaker clients a niche takes at once
  double hospitality_mean = 0.45;  // H at the start (mean; type and noise around it)
  double welcome_hospitality_weight = 0.5;  // P(welcome) = w H + (1 - w) mean member tolerance
  int meetings_per_visit = 3;    // members a visitor meets at a visit
  double self_efficacy_to_go = 0.55;  // S needed to go alone
  double self_attendance = 0.85; // chance to go in a week when S is high enough
  double self_find = 0.01;       // chance per week, times S, of finding a niche unaided
  double visit_contact = 0.5;    // satisfying contact of a welcomed visit (units of C)
  double poor_get_richer = 1.5;  // extra tie formation in groups for people with few ties
  int volunteer_slots = 2;       // volunteer roles per niche at the start
  double accompany_hospitality = 0.004;  // H gain per accompanied visit
  double expected_rejection_rate = 0.08;  // z moves this share toward 0 (welcome) or 1 (rejection)
};

struct AttitudeParameters {
  double contact_effect = 0.05;  // delta_c: tolerance gain per positive contact under ideal conditions
  double negative_ratio = 1.5;   // delta_neg / delta_c
  double everyday_quality = 0.3; // Allport quality of an everyday tie contact
  double negative_in_crisis = 0.5;  // chance that a contact with someone in crisis is negative
  double epsilon = 0.3;          // Deffuant confidence bound
  double mu = 0.1;               // Deffuant convergence rate
  double influence = 0.01;       // chance that a contact on a tie is also an exchange of views
  double indirect_factor = 0.3;  // indirect (neighbourhood work) contact, relative to delta_c
  double fade = 0.01;            // weekly fade of contact-induced tolerance toward the norm
  double neighbour_threshold = 0.3;  // tolerance above which a resident accepts a neighbour (ten Have)
  double intimate_threshold = 0.7;   // tolerance above which a resident accepts an intimate
  double young_adult_shift = -0.05;  // tolerance shift for ages 18-44 (ten Have: 25-34 reject more)
};

struct KwartiermakerParameters {
  int per_wijk = 1;              // kwartiermakers per active wijk
  double hours_per_week = 18;    // 0.5 FTE
  double budget_hours = 0;       // fixed hours per week shared by all kwartiermakers; 0: hours_per_week each
  int caseload = 8;              // clients per kwartiermaker at once
  int trajectory_weeks = 39;     // time limit of a trajectory (active weeks)
  int exploring_min = 4, exploring_max = 8;  // weeks exploring the person's own wishes
  int niche_min = 8, niche_max = 26;         // weeks finding and accompanying to a niche
  double pressure = 0.0;         // pi: chance the activity is predefined instead of the wish
  double engagement = 0.8;       // chance a planned contact happens (expert by experience)
  double hours_exploring = 2.0;  // hours per client per week, by phase
  double hours_niche = 2.5;
  double hours_fading = 1.0;
  double min_neighbourhood_share = 0.2;  // share of hours kept for neighbourhood work
  double referral = 0.004;       // referral chance per week per eligible resident
  double walk_in = 0.002;        // walk-in chance per week, times self-efficacy
  double hospitality_per_hour = 0.003;  // H gain per neighbourhood hour, shared by allied niches
  double indirect_contacts_per_hour = 4;  // residents reached per neighbourhood hour
  double job_carving_per_hour = 0.01;    // new role slots per neighbourhood hour
  double cost_per_hour = 60;     // euro, employer cost of a kwartiermaker hour
  double mismatch_wellbeing = 0.01;  // weekly wellbeing loss when the activity is not the wish
  double mismatch_dropout = 4.0;     // drop-out hazard multiplier under a mismatch
  double dropout = 0.004;        // weekly drop-out hazard without mismatch
  double visit_contact = 0.15;   // satisfying contact of a kwartiermaker contact (units of C)
  int success_min_weeks = 12;    // weeks in the programme before an early success can be declared
};

struct SupportParameters {
  double kappa = 0.02;           // self-efficacy change per support act
  double phi = 1.0;              // cost of visibility for the non-distressed
  double autonomy_wish = 0.9;    // autonomy of support that follows the person's wish
  double autonomy_pressure = 0.2;  // autonomy of support toward a predefined activity
  double visibility_exploring = 0.7, visibility_niche = 0.5, visibility_fading = 0.2;
  double buddy_autonomy = 0.8, buddy_visibility = 0.3;
  double kin_autonomy = 0.5, kin_visibility = 0.5;
  double disapproval = 0.5;      // negative support per contact with a disapproving tie (units of kappa)
  double dependence_rate = 0.05; // dependence moves this share toward received/(received+given)
  double withdrawal_rate = 0.2;  // withdrawal grows by this share of (1 - withdrawal) per kappa of negative support
  double withdrawal_recovery = 0.05;  // and shrinks by this share otherwise
  double wellbeing_rate = 0.05;  // wellbeing moves this share toward 1 - L each week
};

struct RoleParameters {
  double attendance_share = 0.75;  // of the last 12 weeks, for a role
  double acceptance_threshold = 0.66;  // felt acceptance needed for a role and for success
  int stable_weeks = 12;         // weeks in a role before it counts as stable
  int success_min_role = 1;      // 1 participant, 2 volunteer role, 3 carved job
  int min_ties = 2;              // non-kin, non-professional ties of medium weight for success
  double medium_weight = 0.3;    // what a medium-weight tie is
  double loss_share = 0.4;       // attendance below which a role is lost
  int volunteer_after = 6;       // weeks as participant before a volunteer role can be taken
  double paid_work = 0.10;       // share of vulnerable adults in paid work at the start (ladder 6)
};

struct CrisisParameters {
  double hazard = 0.005;         // weekly crisis hazard at wellbeing 0.5
  double wellbeing_effect = 2.0; // hazard multiplier per unit of (0.5 - wellbeing)
  double duration = 6;           // mean crisis weeks without care
  double wellbeing_drop = 0.2;   // wellbeing lost in a crisis
  double care_wait = 10;         // weeks from referral to care
  double care_wait_short = 3;    // with short lines (kwartiermaker clients)
  double care_weeks = 12;        // weeks of care
  double care_restore = 0.05;    // wellbeing restored per week of care (share of the gap to 1)
  bool short_lines = true;       // kwartiermakers have short lines to care
};

struct BuddyParameters {
  bool enabled = true;
  double responders_per_10k = 0.1;  // volunteers responding per week per 10,000 adults
  double conversion = 1.0 / 3.0;   // share of responders who start
  int max_weeks = 104;           // longest a pair lasts
  double end_hazard = 0.005;     // weekly chance a pair ends early
  double contact_rate = 0.75;    // weekly chance buddies meet
  double request = 0.0005;       // weekly chance a lonely vulnerable resident asks for a buddy
  double kwartiermaker_referral = 0.3;  // share of kwartiermaker clients put forward
  double accompany = 0.5;        // chance a buddy goes along to the niche
  double return_to_pool = 0.5;   // chance a volunteer takes a new buddy after a pair ends
};

struct Parameters {
  RunParameters run;
  PopulationParameters population;
  ProgrammeParameters programme;
  NetworkParameters network;
  LonelinessParameters loneliness;
  NicheParameters niche;
  AttitudeParameters attitude;
  KwartiermakerParameters kwartiermaker;
  SupportParameters support;
  RoleParameters roles;
  CrisisParameters crisis;
  BuddyParameters buddy;
};

// Registers every field of p (by reference) in reg.
void describe(Parameters& p, engine::ParamRegistry& reg);

// Problems that involve more than one field; empty when all is well.
std::vector<std::string> validate(const Parameters& p);

}  // namespace kw::model
