#include "model/parameters.h"

namespace kw::model {

namespace {
constexpr const char* kAssumption = "assumption";
}  // namespace

void describe(Parameters& p, engine::ParamRegistry& r) {
  auto& run = p.run;
  r.add("run.weeks", run.weeks, 1, 5200, "weeks", "weeks simulated (pilot 78, scale-up 104)",
        "Oss project plan (1.5 years)");
  r.add("run.burn_in", run.burn_in, 0, 520, "weeks",
        "weeks simulated before week 1 without the programme, not recorded", "design (spin-up)");
  r.add("run.seed", run.seed, 0, 2147483647, "-", "random seed", "-");
  r.add("run.replicate", run.replicate, 0, 1000000000, "-",
        "replicate number: its own random streams for the same seed", "-");
  r.add("run.snapshot_every", run.snapshot_every, 0, 5200, "weeks",
        "weeks between agent snapshots in the output (0: none)", "-");

  auto& pop = p.population;
  r.add("population.wijk_table", pop.wijk_table, "a CSV file (relative to the scenario file)",
        "the wijk table the synthetic population is built from", "scenarios/data/oss-wijken.csv");
  r.add("population.wijken", pop.wijken, "wijk codes or names separated by commas, or 'all'",
        "the wijken simulated", "-");
  r.add("population.scale", pop.scale, 0.001, 1, "-", "fraction of the adults simulated", "-");
  r.add("population.vulnerable_alone_factor", pop.vulnerable_alone_factor, 1, 5, "-",
        "relative chance that a vulnerable adult lives alone", kAssumption);

  r.add("programme.active_wijken", p.programme.active_wijken,
        "wijk codes or names separated by commas, 'all' or 'none'",
        "wijken with kwartiermakers", "Oss project plan (Ussen, Oss-Zuid)");

  auto& n = p.network;
  r.add("network.kin_outside", n.kin_outside, 0, 50, "ties", "kin ties outside the household per adult",
        "Hamill & Gilbert 2009 (social circles); assumption");
  r.add("network.friends", n.friends, 0, 50, "ties", "friend ties per adult", "Hamill & Gilbert 2009");
  r.add("network.neighbours", n.neighbours, 0, 50, "ties", "neighbour ties per adult", kAssumption);
  r.add("network.acquaintances", n.acquaintances, 0, 100, "ties", "acquaintance ties per adult",
        "Hamill & Gilbert 2009");
  r.add("network.vulnerable_kin", n.vulnerable_kin, 0, 50, "ties",
        "kin ties outside the household, vulnerable adults", "Palumbo et al. 2015 (43% of 11.7)");
  r.add("network.vulnerable_friends", n.vulnerable_friends, 0, 50, "ties",
        "friend ties, vulnerable adults", "Palumbo et al. 2015 (3.4)");
  r.add("network.vulnerable_others", n.vulnerable_others, 0, 50, "ties",
        "neighbour and acquaintance ties, vulnerable adults", "Palumbo et al. 2015 (rest of 11.7)");
  r.add("network.tie_headroom", n.tie_headroom, 0, 200, "ties",
        "free tie slots per resident beyond the initial degree", "design");
  r.add("network.buurt_size", n.buurt_size, 10, 100000, "residents",
        "residents in the propinquity window around a home", kAssumption);
  r.add("network.decay_weeks_kin", n.decay_weeks_kin, 1, 10000, "weeks",
        "time constant of tie decay without contact, kin", kAssumption);
  r.add("network.decay_weeks_other", n.decay_weeks_other, 1, 10000, "weeks",
        "time constant of tie decay without contact, other ties", "evidence.md §5 (26 weeks)");
  r.add("network.tie_threshold", n.tie_threshold, 0, 0.5, "-", "weight below which a tie vanishes",
        kAssumption);
  r.add("network.contact_gain", n.contact_gain, 0, 1, "-", "weight gain per contact, w += g (1 - w)",
        kAssumption);
  r.add("network.propinquity_rate", n.propinquity_rate, 0, 1, "1/week",
        "chance of a chance meeting in the buurt", kAssumption);
  r.add("network.triadic_rate", n.triadic_rate, 0, 1, "1/week",
        "chance of meeting a friend of a friend", "Davidsen et al. 2002; assumption");
  r.add("network.niche_meeting_rate", n.niche_meeting_rate, 0, 1, "1/week",
        "chance that an attending niche member meets another member", kAssumption);
  r.add("network.form_probability", n.form_probability, 0, 1, "-",
        "chance that a meeting becomes a tie, before homophily and stigma", kAssumption);
  r.add("network.age_homophily", n.age_homophily, 0, 10, "-",
        "beta of exp(-beta * age band difference)", "McPherson et al. 2001 (form: assumption)");
  r.add("network.new_tie_weight", n.new_tie_weight, 0.01, 1, "-", "weight of a new tie", kAssumption);
  r.add("network.new_tie_rate", n.new_tie_rate, 0, 1, "1/week", "weekly contact chance of a new tie",
        kAssumption);
  r.add("network.sociability_sigma", n.sociability_sigma, 0, 3, "-",
        "spread (log scale) of residents' contact propensity", "calibrated to CBS 2016 isolation 3.7%");

  auto& l = p.loneliness;
  r.add("loneliness.rate_up", l.rate_up, 0, 1, "1/week", "a_up: growth of L at full deficit",
        "Fontanari 2021 (form); calibrated to CBS 85766NED");
  r.add("loneliness.rate_down", l.rate_down, 0, 1, "1/week", "a_down: recovery of L without deficit",
        "Fontanari 2021 (form); calibrated to CBS 85766NED");
  r.add("loneliness.desired_contact_median", l.desired_contact_median, 0.01, 100, "contacts/week",
        "median of the desired contact set-point N", "calibrated to CBS 85766NED");
  r.add("loneliness.desired_contact_sigma", l.desired_contact_sigma, 0, 3, "-",
        "spread (log scale) of N", "calibrated to CBS 85766NED");
  r.add("loneliness.vulnerable_desired_factor", l.vulnerable_desired_factor, 0.1, 10, "-",
        "N of vulnerable adults relative to others", "calibrated to Panel Psychisch Gezien (81% / 40%)");
  r.add("loneliness.setpoint_adaptation", l.setpoint_adaptation, 0, 1, "1/week",
        "share of the gap C - N closed each week (resignation)", "Marasti 2024 (form); assumption");
  r.add("loneliness.setpoint_return", l.setpoint_return, 0, 1, "1/week",
        "share of the gap N0 - N closed each week (the person's own desire N0 pulls back)", kAssumption);
  r.add("loneliness.contagion", l.contagion, 0, 1, "1/week",
        "chance per strongly lonely contact of catching loneliness", "Hill et al. 2010 (0.04/year)");
  r.add("loneliness.contagion_step", l.contagion_step, 0, 1, "-", "rise of L when caught", kAssumption);
  r.add("loneliness.moderate_threshold", l.moderate_threshold, 0, 1, "-",
        "L at or above: lonely (moderately or strongly)", "De Jong Gierveld scale 3/11; assumption");
  r.add("loneliness.strong_threshold", l.strong_threshold, 0, 1, "-", "L at or above: strongly lonely",
        "De Jong Gierveld scale 9/11; assumption");

  auto& ni = p.niche;
  r.add("niche.membership", ni.membership, 0, 1, "-", "share of adults who are regular niche members",
        kAssumption);
  r.add("niche.client_capacity", ni.client_capacity, 0, 1000, "clients",
        "kwartiermaker clients a niche takes at once", kAssumption);
  r.add("niche.hospitality_mean", ni.hospitality_mean, 0, 1, "-", "mean initial hospitality H",
        kAssumption);
  r.add("niche.welcome_hospitality_weight", ni.welcome_hospitality_weight, 0, 1, "-",
        "weight of H against the members' mean tolerance in P(welcome)", kAssumption);
  r.add("niche.meetings_per_visit", ni.meetings_per_visit, 0, 50, "members",
        "members a visitor meets at a visit", kAssumption);
  r.add("niche.self_efficacy_to_go", ni.self_efficacy_to_go, 0, 1, "-",
        "self-efficacy needed to go alone", kAssumption);
  r.add("niche.self_attendance", ni.self_attendance, 0, 1, "1/week",
        "chance to go in a week when self-efficacy suffices", kAssumption);
  r.add("niche.self_find", ni.self_find, 0, 1, "1/week",
        "chance (times S) of finding a niche unaided", kAssumption);
  r.add("niche.visit_contact", ni.visit_contact, 0, 10, "contacts",
        "satisfying contact of a welcomed visit", kAssumption);
  r.add("niche.poor_get_richer", ni.poor_get_richer, 0, 10, "-",
        "extra tie formation in groups for people with few ties", "Marasti 2024 (direction)");
  r.add("niche.volunteer_slots", ni.volunteer_slots, 0, 1000, "roles",
        "volunteer roles per niche at the start", kAssumption);
  r.add("niche.accompany_hospitality", ni.accompany_hospitality, 0, 1, "-",
        "H gain per visit accompanied by a kwartiermaker", kAssumption);
  r.add("niche.expected_rejection_rate", ni.expected_rejection_rate, 0, 1, "-",
        "share by which a welcome (rejection) moves expected rejection toward 0 (1)", kAssumption);

  auto& a = p.attitude;
  r.add("attitude.contact_effect", a.contact_effect, 0, 1, "-",
        "delta_c: tolerance gain per positive contact under ideal conditions",
        "Maunder & White 2019 (about 0.35 SD per programme, halved for community members)");
  r.add("attitude.negative_ratio", a.negative_ratio, 0, 10, "-", "delta_neg / delta_c",
        "MODEL.md (negativity asymmetry); assumption");
  r.add("attitude.everyday_quality", a.everyday_quality, 0, 1, "-",
        "Allport quality of an everyday tie contact", kAssumption);
  r.add("attitude.negative_in_crisis", a.negative_in_crisis, 0, 1, "-",
        "chance that a contact with someone in crisis is negative", kAssumption);
  r.add("attitude.epsilon", a.epsilon, 0, 1, "-", "Deffuant confidence bound", "Deffuant et al. 2000");
  r.add("attitude.mu", a.mu, 0, 0.5, "-", "Deffuant convergence rate", "Deffuant et al. 2000; assumption");
  r.add("attitude.influence", a.influence, 0, 1, "-",
        "chance that a tie contact is also an exchange of views", kAssumption);
  r.add("attitude.indirect_factor", a.indirect_factor, 0, 1, "-",
        "effect of indirect contact (neighbourhood work) relative to delta_c", "MODEL.md; assumption");
  r.add("attitude.fade", a.fade, 0, 1, "1/week", "fade of contact-induced tolerance toward the norm",
        "Maunder & White 2019 (persistence with attenuation); assumption");
  r.add("attitude.neighbour_threshold", a.neighbour_threshold, 0, 1, "-",
        "tolerance above which a resident accepts an (ex-)patient as neighbour",
        "ten Have et al. 2015 (> 70% accept)");
  r.add("attitude.intimate_threshold", a.intimate_threshold, 0, 1, "-",
        "tolerance above which a resident accepts one as son-in-law", "ten Have et al. 2015 (< 30%)");
  r.add("attitude.young_adult_shift", a.young_adult_shift, -0.5, 0.5, "-",
        "initial tolerance shift for ages 18-44", "ten Have et al. 2015 (direction); size assumption");

  auto& k = p.kwartiermaker;
  r.add("kwartiermaker.per_wijk", k.per_wijk, 0, 100, "persons", "kwartiermakers per active wijk",
        "Oss project plan");
  r.add("kwartiermaker.hours_per_week", k.hours_per_week, 0, 60, "hours",
        "hours per kwartiermaker per week (0.5 FTE)", "evidence.md §5; assumption");
  r.add("kwartiermaker.budget_hours", k.budget_hours, 0, 100000, "hours",
        "fixed hours per week shared equally by all kwartiermakers (caseload scaled with the hours); 0: "
        "hours_per_week each", "scale-up question; assumption");
  r.add("kwartiermaker.caseload", k.caseload, 0, 1000, "clients", "clients per kwartiermaker at once",
        kAssumption);
  r.add("kwartiermaker.trajectory_weeks", k.trajectory_weeks, 1, 520, "weeks",
        "time limit of a trajectory", "Oss project plan ('limieten in tijd'); 39 weeks assumption");
  r.add("kwartiermaker.exploring_min", k.exploring_min, 1, 520, "weeks", "shortest exploring phase",
        "MODEL.md");
  r.add("kwartiermaker.exploring_max", k.exploring_max, 1, 520, "weeks", "longest exploring phase",
        "MODEL.md");
  r.add("kwartiermaker.niche_min", k.niche_min, 1, 520, "weeks",
        "shortest niche-finding and accompanying phase", "MODEL.md");
  r.add("kwartiermaker.niche_max", k.niche_max, 1, 520, "weeks",
        "longest niche-finding and accompanying phase", "MODEL.md");
  r.add("kwartiermaker.pressure", k.pressure, 0, 1, "-",
        "pi: chance the activity is predefined instead of the person's wish",
        "Movisie 2014 (assimilation pressure); assumption");
  r.add("kwartiermaker.engagement", k.engagement, 0, 1, "-",
        "chance a planned contact happens (0.8 expert by experience, 0.6 professional)", kAssumption);
  r.add("kwartiermaker.hours_exploring", k.hours_exploring, 0, 40, "hours/week",
        "hours per client in the exploring phase", kAssumption);
  r.add("kwartiermaker.hours_niche", k.hours_niche, 0, 40, "hours/week",
        "hours per client in the niche phase", kAssumption);
  r.add("kwartiermaker.hours_fading", k.hours_fading, 0, 40, "hours/week",
        "hours per client in the fading phase", kAssumption);
  r.add("kwartiermaker.min_neighbourhood_share", k.min_neighbourhood_share, 0, 1, "-",
        "share of hours kept for neighbourhood work", kAssumption);
  r.add("kwartiermaker.referral", k.referral, 0, 1, "1/week",
        "referral chance per eligible (vulnerable, lonely) resident",
        "evidence.md §5 (calibrate to 8-15 intakes per wijk)");
  r.add("kwartiermaker.walk_in", k.walk_in, 0, 1, "1/week", "walk-in chance, times self-efficacy",
        "Oss project plan (Friday walk-in hour); rate assumption");
  r.add("kwartiermaker.hospitality_per_hour", k.hospitality_per_hour, 0, 1, "1/hour",
        "hospitality gain per neighbourhood hour, shared over allied niches", kAssumption);
  r.add("kwartiermaker.indirect_contacts_per_hour", k.indirect_contacts_per_hour, 0, 1000,
        "residents/hour", "residents reached by neighbourhood work per hour", kAssumption);
  r.add("kwartiermaker.job_carving_per_hour", k.job_carving_per_hour, 0, 10, "roles/hour",
        "new role slots per neighbourhood hour", "Movisie 2014 (job carving); rate assumption");
  r.add("kwartiermaker.cost_per_hour", k.cost_per_hour, 0, 10000, "euro/hour",
        "cost of a kwartiermaker hour", kAssumption);
  r.add("kwartiermaker.mismatch_wellbeing", k.mismatch_wellbeing, 0, 1, "1/week",
        "wellbeing lost per week when the activity is not the wish", kAssumption);
  r.add("kwartiermaker.mismatch_dropout", k.mismatch_dropout, 1, 100, "-",
        "drop-out hazard multiplier under a mismatch", "Movisie 2014 (direction); assumption");
  r.add("kwartiermaker.dropout", k.dropout, 0, 1, "1/week", "weekly drop-out hazard", kAssumption);
  r.add("kwartiermaker.visit_contact", k.visit_contact, 0, 10, "contacts",
        "satisfying contact of a kwartiermaker contact", kAssumption);
  r.add("kwartiermaker.success_min_weeks", k.success_min_weeks, 0, 520, "weeks",
        "weeks in the programme before an early success is declared", kAssumption);

  auto& s = p.support;
  r.add("support.kappa", s.kappa, 0, 1, "-", "self-efficacy change per support act",
        "evidence.md §5 (0.02); assumption");
  r.add("support.phi", s.phi, 0, 10, "-", "cost of visible support for the non-distressed",
        "Girme et al. 2013; Bolger & Amarel 2007 (direction)");
  r.add("support.autonomy_wish", s.autonomy_wish, 0, 1, "-",
        "autonomy of support that follows the person's wish", kAssumption);
  r.add("support.autonomy_pressure", s.autonomy_pressure, 0, 1, "-",
        "autonomy of support toward a predefined activity", kAssumption);
  r.add("support.visibility_exploring", s.visibility_exploring, 0, 1, "-",
        "visibility of kwartiermaker support while exploring", kAssumption);
  r.add("support.visibility_niche", s.visibility_niche, 0, 1, "-",
        "visibility of kwartiermaker support in the niche phase", kAssumption);
  r.add("support.visibility_fading", s.visibility_fading, 0, 1, "-",
        "visibility of kwartiermaker support while fading out", kAssumption);
  r.add("support.buddy_autonomy", s.buddy_autonomy, 0, 1, "-", "autonomy of a buddy's support",
        kAssumption);
  r.add("support.buddy_visibility", s.buddy_visibility, 0, 1, "-", "visibility of a buddy's support",
        kAssumption);
  r.add("support.kin_autonomy", s.kin_autonomy, 0, 1, "-", "autonomy of kin support", kAssumption);
  r.add("support.kin_visibility", s.kin_visibility, 0, 1, "-", "visibility of kin support", kAssumption);
  r.add("support.disapproval", s.disapproval, 0, 10, "kappa",
        "negative support per contact with a disapproving tie", "Movisie 2014 (direction)");
  r.add("support.dependence_rate", s.dependence_rate, 0, 1, "1/week",
        "dependence moves this share toward received / (received + given)", kAssumption);
  r.add("support.withdrawal_rate", s.withdrawal_rate, 0, 1, "-",
        "growth of withdrawal per kappa of negative experienced support", "Movisie 2014 (direction)");
  r.add("support.withdrawal_recovery", s.withdrawal_recovery, 0, 1, "1/week",
        "weekly recovery of withdrawal otherwise", kAssumption);
  r.add("support.wellbeing_rate", s.wellbeing_rate, 0, 1, "1/week",
        "wellbeing moves this share toward 1 - L each week", kAssumption);

  auto& ro = p.roles;
  r.add("roles.attendance_share", ro.attendance_share, 0, 1, "-",
        "share of the last 12 weeks attended for a role", "MODEL.md (75%)");
  r.add("roles.acceptance_threshold", ro.acceptance_threshold, 0, 1, "-",
        "felt acceptance needed for a role and for success", kAssumption);
  r.add("roles.stable_weeks", ro.stable_weeks, 0, 520, "weeks",
        "weeks in a role before it counts as stable", kAssumption);
  r.add("roles.success_min_role", ro.success_min_role, 1, 3, "-",
        "lowest role that counts for success: 1 participant, 2 volunteer, 3 carved job", kAssumption);
  r.add("roles.min_ties", ro.min_ties, 0, 100, "ties",
        "non-kin, non-professional ties of medium weight needed for success", "MODEL.md (2)");
  r.add("roles.medium_weight", ro.medium_weight, 0, 1, "-", "weight of a medium tie", kAssumption);
  r.add("roles.loss_share", ro.loss_share, 0, 1, "-", "attendance share below which a role is lost",
        kAssumption);
  r.add("roles.volunteer_after", ro.volunteer_after, 0, 520, "weeks",
        "weeks as participant before a volunteer role can be taken", kAssumption);
  r.add("roles.paid_work", ro.paid_work, 0, 1, "-", "share of vulnerable adults in paid work at start",
        "Panel Psychisch Gezien 2022 (21% of long-term problems; lower for EPA: assumption)");

  auto& c = p.crisis;
  r.add("crisis.hazard", c.hazard, 0, 1, "1/week", "weekly crisis hazard at wellbeing 0.5",
        "evidence.md M7 (0.005); assumption");
  r.add("crisis.wellbeing_effect", c.wellbeing_effect, 0, 100, "-",
        "hazard multiplier per unit of (0.5 - wellbeing)", kAssumption);
  r.add("crisis.duration", c.duration, 1, 520, "weeks", "mean crisis length without care", kAssumption);
  r.add("crisis.wellbeing_drop", c.wellbeing_drop, 0, 1, "-", "wellbeing lost in a crisis", kAssumption);
  r.add("crisis.care_wait", c.care_wait, 0, 520, "weeks", "weeks from referral to care", kAssumption);
  r.add("crisis.care_wait_short", c.care_wait_short, 0, 520, "weeks",
        "weeks from referral to care with short lines", "Oss project plan (short lines); assumption");
  r.add("crisis.care_weeks", c.care_weeks, 1, 520, "weeks", "weeks of care", kAssumption);
  r.add("crisis.care_restore", c.care_restore, 0, 1, "1/week",
        "wellbeing restored per week of care (share of the gap to 1)", kAssumption);
  r.add("crisis.short_lines", c.short_lines, "kwartiermakers have short lines to care",
        "Oss project plan");

  auto& b = p.buddy;
  r.add("buddy.enabled", b.enabled, "the buddy (maatje) project runs", "-");
  r.add("buddy.responders_per_10k", b.responders_per_10k, 0, 100, "1/week",
        "volunteers responding per week per 10,000 adults", "Vriendschap op Maat (Almere); scaling assumption");
  r.add("buddy.conversion", b.conversion, 0, 1, "-", "share of responders who start",
        "Vriendschap op Maat (1 in 3)");
  r.add("buddy.max_weeks", b.max_weeks, 1, 520, "weeks", "longest a pair lasts",
        "Vriendschap op Maat (2 years)");
  r.add("buddy.end_hazard", b.end_hazard, 0, 1, "1/week", "weekly chance a pair ends early",
        "evidence.md M8 (2% a month)");
  r.add("buddy.contact_rate", b.contact_rate, 0, 1, "1/week", "weekly chance buddies meet",
        "Vriendschap op Maat (weekly or fortnightly)");
  r.add("buddy.request", b.request, 0, 1, "1/week",
        "chance a lonely vulnerable resident asks for a buddy", kAssumption);
  r.add("buddy.kwartiermaker_referral", b.kwartiermaker_referral, 0, 1, "-",
        "share of kwartiermaker clients put forward for a buddy", kAssumption);
  r.add("buddy.accompany", b.accompany, 0, 1, "-", "chance a buddy goes along to the niche",
        kAssumption);
  r.add("buddy.return_to_pool", b.return_to_pool, 0, 1, "-",
        "chance a volunteer takes a new buddy after a pair ends", kAssumption);
}

std::vector<std::string> validate(const Parameters& p) {
  std::vector<std::string> problems;
  const auto& k = p.kwartiermaker;
  if (k.exploring_min > k.exploring_max)
    problems.push_back("kwartiermaker.exploring_min (" + std::to_string(k.exploring_min) +
                       ") must not exceed kwartiermaker.exploring_max (" +
                       std::to_string(k.exploring_max) + ")");
  if (k.niche_min > k.niche_max)
    problems.push_back("kwartiermaker.niche_min (" + std::to_string(k.niche_min) +
                       ") must not exceed kwartiermaker.niche_max (" + std::to_string(k.niche_max) + ")");
  if (p.loneliness.moderate_threshold > p.loneliness.strong_threshold)
    problems.push_back("loneliness.moderate_threshold must not exceed loneliness.strong_threshold");
  if (p.attitude.neighbour_threshold > p.attitude.intimate_threshold)
    problems.push_back("attitude.neighbour_threshold must not exceed attitude.intimate_threshold");
  return problems;
}

}  // namespace kw::model
