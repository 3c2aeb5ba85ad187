#pragma once
// The state of one run, one array per attribute. Residents are numbered by
// wijk and household, so a wijk is a contiguous range and most ties point to
// nearby memory. Hot per-week attributes sit apart from rarely read ones; byte
// counts per resident are in the comments (budget: 512 bytes with ties).
#include "engine/random.h"
#include "model/parameters.h"
#include "model/ties.h"
#include "model/wijk_table.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kw::model {

inline constexpr std::uint32_t kNone = 0xFFFFFFFFu;

// Random stream ids, one per use. Keep them in this one enum so that no two
// uses share a stream by accident.
enum class Stream : std::uint8_t {
  Households = 1,
  Residents,
  VulnerableTraits,
  InitialTies,
  Niches,
  TieContact,
  TieFormation,
  Encounters,
  Loneliness,
  NicheVisits,
  NicheTies,
  Referral,
  Trajectory,
  Neighbourhood,
  Crisis,
  TrajectoryEnd,
  Buddy,
  BuddyPairs,
};
inline std::uint8_t id(Stream s) { return static_cast<std::uint8_t>(s); }
// The engine keys draws by 7 bits of stream and 16 bits of week.
static_assert(static_cast<int>(Stream::BuddyPairs) < 128, "stream ids must fit in 7 bits");
static_assert(5200 + 520 < 65535, "run.weeks plus run.burn_in must fit in 16 bits");

enum AgeBand : std::uint8_t { Age18_24, Age25_44, Age45_64, Age65Plus };
inline constexpr int kAgeBands = 4;

struct Residents {
  std::uint32_t size = 0;
  // hot, read or written every week (about 37 bytes)
  std::vector<float> tolerance_base;     // A without the contact-induced part (social influence moves it)
  std::vector<float> tolerance_contact;  // contact-induced part of A, fades toward 0
  std::vector<float> tolerance_next;     // scratch: next tolerance_base
  std::vector<float> tolerance_delta;    // contact effects collected this week, applied by attitudes
  std::vector<float> loneliness;         // L in [0, 1]
  std::vector<std::uint8_t> strongly_lonely;  // L >= strong threshold (compact, read for partners)
  std::vector<float> desired_contact;    // N, set-point
  std::vector<float> own_desire;         // N0, the set-point the person returns to
  std::vector<float> contact;            // C this week
  std::vector<float> contact_extra;      // niche-visit and kwartiermaker contact, counted in next week's C
  std::vector<float> withdrawal;         // 0 for most; vulnerable residents' withdrawal in [0, 1]
  std::vector<std::uint8_t> contacts;    // tie contacts this week
  std::vector<std::uint8_t> outside_contacts;  // of which outside the household (isolation, CBS 2016)
  std::vector<std::uint8_t> lonely_contacts;  // contacts with strongly lonely residents this week
  // Bounded-confidence influence on tolerance_base collected from this week's
  // tie contacts (AttitudeContact), applied by the attitudes process.
  std::vector<float> attitude_shift;
  std::vector<std::uint8_t> in_crisis;   // 1 while in crisis (read by others' contact effects)
  // cold (about 15 bytes)
  std::vector<std::uint16_t> wijk;
  std::vector<std::uint32_t> household;
  std::vector<std::uint8_t> age;         // AgeBand
  std::vector<std::uint32_t> vulnerable; // index into Vulnerable, or kNone
  std::vector<std::uint32_t> niche;      // niche of which the resident is a regular member, or kNone

  float tolerance(std::uint32_t i) const {
    const float a = tolerance_base[i] + tolerance_contact[i];
    return a < 0.f ? 0.f : (a > 1.f ? 1.f : a);
  }
};

enum class Trajectory : std::uint8_t { None, Waiting, Exploring, NicheFinding, Fading, Ended };
enum class Outcome : std::uint8_t { None, Success, NotWorked, DroppedOut };
enum class Role : std::uint8_t { None, Participant, Volunteer, CarvedJob };
enum class Care : std::uint8_t { None, Waiting, InCare };

// Vulnerable residents (EPA, about 1.7% of adults): the full state of MODEL.md.
struct Vulnerable {
  std::uint32_t size = 0;
  std::vector<std::uint32_t> resident;
  std::vector<float> self_efficacy;       // S
  std::vector<float> wellbeing;           // h
  std::vector<float> felt_acceptance;     // f
  std::vector<float> expected_rejection;  // z
  std::vector<float> autonomy_need;       // alpha
  std::vector<float> dependence;          // received / (received + given), smoothed
  std::vector<float> support_received;    // this week
  std::vector<float> support_given;       // this week
  std::vector<float> initial_loneliness;  // L at week 0, for matched comparisons
  std::vector<std::uint8_t> wish;         // NicheType the person wants
  std::vector<std::uint8_t> ladder;       // participation ladder rung 1..6
  std::vector<std::uint8_t> paid_work;    // in paid work without support
  // trajectory
  std::vector<Trajectory> trajectory;
  std::vector<Outcome> outcome;
  std::vector<std::uint16_t> phase_weeks;     // weeks in the current phase (not paused)
  std::vector<std::uint16_t> phase_length;    // planned weeks of the current phase
  std::vector<std::uint16_t> active_weeks;    // weeks in the programme (not paused)
  std::vector<std::uint32_t> kwartiermaker;   // or kNone
  std::vector<std::uint8_t> activity;         // NicheType of the chosen activity
  std::vector<std::uint8_t> pressured;        // 1 if the activity is not the wish
  std::vector<std::uint32_t> event_row;       // row in the trajectory table, or kNone
  std::vector<std::uint8_t> referred;         // scratch: referred this week
  std::vector<std::uint8_t> engaged;          // kwartiermaker contact happened this week
  // niche and role
  std::vector<std::uint32_t> niche;           // niche visited, or kNone
  std::vector<std::uint8_t> client_slot;      // holds one of the niche's client places
  std::vector<std::uint16_t> attendance;      // bit k: attended k weeks ago
  std::vector<Role> role;
  std::vector<std::uint16_t> role_weeks;
  std::vector<std::int8_t> role_request;      // scratch: +1 take, -1 give up a role
  std::vector<std::uint8_t> accepted_with_role;  // meets the success criteria now
  std::vector<std::uint8_t> ever_accepted;
  // crisis and care
  std::vector<std::uint16_t> crisis_until;    // week the crisis ends; 0: no crisis
  std::vector<Care> care;
  std::vector<std::uint16_t> care_until;
  std::vector<std::uint16_t> referral_week;   // week of the last referral to care
  // buddy
  std::vector<std::uint32_t> buddy;           // resident id of the buddy, or kNone
  std::vector<std::uint16_t> buddy_until;
  std::vector<std::uint8_t> buddy_waiting;

  bool in_trajectory(std::uint32_t v) const {
    return trajectory[v] == Trajectory::Exploring || trajectory[v] == Trajectory::NicheFinding ||
           trajectory[v] == Trajectory::Fading;
  }
};

struct Niches {
  std::uint32_t size = 0;
  std::vector<NicheType> type;
  std::vector<std::uint16_t> wijk;
  std::vector<float> hospitality;  // H
  // Allport conditions, each in [0, 1]
  std::vector<float> equal_status, cooperation, common_goal, host_support;
  std::vector<std::uint16_t> client_capacity, clients;
  std::vector<std::uint16_t> volunteer_slots, volunteers, job_slots, jobs;
  std::vector<std::uint32_t> members_begin;  // CSR: members of niche k are members[begin[k]..begin[k+1])
  std::vector<std::uint32_t> members;
  std::vector<std::uint32_t> member_residents;  // every resident with a niche, ascending
  std::vector<float> member_tolerance;       // mean tolerance of the members, this week
  std::vector<std::uint16_t> visits;         // visits by vulnerable residents this week
  std::vector<std::uint8_t> allied;          // a kwartiermaker works with this niche

  // Contact effect on a resident's tolerance A: delta_c * rate * (ceiling - A).
  // Cooperation and common goal set how fast attitudes move, equal status and
  // host support how far (Heinke et al. 2013); with all four conditions fully
  // met this is MODEL.md's delta_c * (1 - A).
  float rate(std::uint32_t k) const { return 0.5f * (cooperation[k] + common_goal[k]); }
  float ceiling(std::uint32_t k) const {
    return 0.5f + 0.25f * (equal_status[k] + host_support[k]);
  }
};

struct Kwartiermakers {
  std::uint32_t size = 0;
  std::vector<std::uint16_t> wijk;
  std::vector<std::uint16_t> caseload;
  // Contract hours per week and the most clients at once: the parameters,
  // unless a fixed budget of hours is shared out (kwartiermaker.budget_hours).
  std::vector<float> contract_hours;
  std::vector<std::uint16_t> max_caseload;
  std::vector<float> client_hours;         // this week
  std::vector<float> neighbourhood_hours;  // this week
};

struct Wijk {
  WijkRow row;
  std::uint32_t begin = 0, end = 0;  // residents [begin, end)
  std::uint32_t niches_begin = 0, niches_end = 0;
  bool active = false;
  std::vector<std::uint32_t> kwartiermakers;
  std::vector<std::uint32_t> waiting_list;  // vulnerable indices, first come first served
  double job_carving_progress = 0;
};

struct Buddies {
  double volunteers = 0;  // available volunteers (fractional while recruiting)
  std::vector<std::uint32_t> waiting_list;  // vulnerable indices
  std::uint32_t active_pairs = 0;
  std::uint32_t pairs_started = 0;
};

// One row per trajectory: the events table of the output.
struct TrajectoryRecord {
  std::uint32_t resident = 0;
  std::uint16_t wijk = 0;
  std::uint32_t kwartiermaker = 0;
  std::int32_t referral_week = -1, start_week = -1, niche_phase_week = -1, fading_week = -1,
               end_week = -1, niche_found_week = -1;
  Outcome outcome = Outcome::None;
  std::uint8_t wish = 0, activity = 0, pressure_applied = 0;
  std::uint32_t niche = kNone;
  std::uint16_t crises = 0;
};

// Counters that processes add to during a week, per wijk (serial parts only).
struct WeekCounters {
  std::vector<double> crises, care_referrals, care_started, care_wait_weeks, ties_formed,
      niche_shortage, buddy_pairs_started, successes, not_worked, dropped_out,
      intakes, indirect_contacts;
  void reset(std::size_t wijken) {
    for (auto* v : {&crises, &care_referrals, &care_started, &care_wait_weeks, &ties_formed,
                    &niche_shortage, &buddy_pairs_started, &successes, &not_worked,
                    &dropped_out, &intakes, &indirect_contacts})
      v->assign(wijken, 0.0);
  }
};

struct World {
  World(const Parameters& p, std::uint64_t seed, std::uint32_t replicate)
      : params(p),
        random(seed, replicate),
        decay(p.network.decay_weeks_kin, p.network.decay_weeks_other, p.network.tie_threshold) {}

  Parameters params;
  engine::RandomStreams random;
  TieDecay decay;
  // The week being simulated, from 1; week 0 is the initial state. The first
  // burn_in_weeks weeks let the network and loneliness settle before the
  // programme starts; outputs and trajectory weeks count from the week after.
  std::uint32_t week = 1;
  std::uint32_t burn_in_weeks = 0;
  std::int32_t reported_week() const { return static_cast<std::int32_t>(week) - static_cast<std::int32_t>(burn_in_weeks); }
  bool in_burn_in() const { return week <= burn_in_weeks; }

  std::vector<Wijk> wijken;
  Residents residents;
  Ties ties;
  Vulnerable vulnerable;
  Niches niches;
  Kwartiermakers kwartiermakers;
  Buddies buddies;
  std::vector<TrajectoryRecord> trajectories;
  WeekCounters counters;

  // scratch shared by the processes, kept to avoid reallocating every week
  std::vector<PairMeeting> meetings;
};

}  // namespace kw::model
