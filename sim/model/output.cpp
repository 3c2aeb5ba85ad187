#include "model/output.h"

#include "engine/h5_file.h"

#include <cmath>
#include <cstdio>

namespace kw::model {

namespace {

template <class T, class F>
std::vector<T> column(const std::vector<TrajectoryRecord>& rows, F f) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(static_cast<T>(f(r)));
  return out;
}

}  // namespace

std::vector<CalibrationRow> calibration(const Model& m) {
  const World& w = m.world();
  const auto& last = m.outcomes().last();
  auto muni = [&](const char* name) { return municipality(outcome(name), last, w); };
  const MatchedComparison smd = participant_loneliness_smd(w);
  std::vector<CalibrationRow> rows = {
      {"strongly lonely, all adults", "10.7%", "CBS 85766NED 2022", muni("strongly_lonely_share"), 0.09, 0.125},
      {"lonely (moderate or strong), all adults", "39.9%", "CBS 85766NED 2022", muni("lonely_share"), 0.33, 0.47},
      {"lonely, vulnerable residents", "81%", "Trimbos, Panel Psychisch Gezien", muni("vulnerable_lonely_share"), 0.7, 0.9},
      {"strongly lonely, vulnerable residents", "40%", "Trimbos, Panel Psychisch Gezien",
       muni("vulnerable_strongly_lonely_share"), 0.3, 0.5},
      {"isolated (no contact outside the household this week)", "3.7%", "CBS 2016", muni("isolated_share"), 0.02, 0.06},
      {"accept as neighbour", "> 70%", "ten Have et al. 2015", muni("accept_neighbour_share"), 0.65, 0.85},
      {"accept as son-in-law", "< 30%", "ten Have et al. 2015", muni("accept_intimate_share"), 0.15, 0.32},
      {"participants' loneliness SMD vs matched", "-0.2 to -0.47", "Mead 2010; loneliness meta-analyses",
       smd.smd, -0.6, -0.1},
  };
  // Pilot target: 1-2 accepted with a role per active wijk.
  double accepted = 0, active = 0;
  for (std::size_t wi = 0; wi < w.wijken.size(); ++wi)
    if (w.wijken[wi].active) {
      accepted += last[wi].ended_success;
      active += 1;
    }
  rows.push_back({"successes per active wijk", "1-2", "Oss project plan (78 weeks)",
                  active > 0 ? accepted / active : std::nan(""), 1.0, 2.0});
  return rows;
}

void write_run(const std::string& path, const Scenario& s, const Model& m, const RunMetadata& meta) {
  engine::H5Writer h5(path);
  write_run(h5, s, m, meta);
  h5.commit();
}

void write_run(engine::H5Writer& h5, const Scenario& s, const Model& m, const RunMetadata& meta) {
  const World& w = m.world();

  h5.attribute("/", "program", "kwartier");
  h5.attribute("/", "program_version", meta.version);
  h5.attribute("/", "git_commit", meta.git_commit);
  h5.attribute("/", "scenario", s.resolved_ini);
  h5.attribute("/", "scenario_file", s.file);
  h5.attribute("/", "wijk_table", s.wijk_table_path);
  h5.attribute("/", "seed", std::int64_t{s.params.run.seed});
  h5.attribute("/", "replicate", std::int64_t{s.params.run.replicate});
  h5.attribute("/", "weeks", static_cast<std::int64_t>(m.outcomes().weeks()));
  if (!meta.command_line.empty()) h5.attribute("/", "command_line", meta.command_line);
  if (meta.threads > 0) h5.attribute("/", "threads", std::int64_t{meta.threads});

  // Wijken
  std::vector<std::string> codes, names, sources;
  std::vector<std::uint32_t> adults, vulnerable(w.wijken.size(), 0), niches, kwartiermakers;
  std::vector<std::uint8_t> active;
  std::vector<double> population;
  for (const Wijk& wijk : w.wijken) {
    codes.push_back(wijk.row.code);
    names.push_back(wijk.row.name);
    sources.push_back(wijk.row.source);
    adults.push_back(wijk.end - wijk.begin);
    niches.push_back(wijk.niches_end - wijk.niches_begin);
    kwartiermakers.push_back(static_cast<std::uint32_t>(wijk.kwartiermakers.size()));
    active.push_back(wijk.active);
    population.push_back(wijk.row.population);
  }
  for (std::uint32_t v = 0; v < w.vulnerable.size; ++v) ++vulnerable[w.residents.wijk[w.vulnerable.resident[v]]];
  h5.write_strings("/wijken/code", codes);
  h5.write_strings("/wijken/name", names);
  h5.write_strings("/wijken/source", sources);
  h5.write("/wijken/adults", adults);
  h5.write("/wijken/vulnerable", vulnerable);
  h5.write("/wijken/niches", niches);
  h5.write("/wijken/kwartiermakers", kwartiermakers);
  h5.write("/wijken/active", active);
  h5.write("/wijken/population", population);

  // Weekly series, weeks x wijken
  const auto weeks = m.outcomes().weeks();
  std::vector<std::int32_t> week(weeks);
  for (std::size_t t = 0; t < weeks; ++t) week[t] = static_cast<std::int32_t>(t + 1);
  h5.write("/weekly/week", week);
  for (const OutcomeDef& d : outcome_definitions()) {
    const Series series = m.outcomes().series(d);
    const std::string p = std::string("/weekly/") + d.name;
    h5.write<double>(p, std::span<const double>(series.data(), static_cast<std::size_t>(series.size())),
                     {weeks, w.wijken.size()});
    h5.attribute(p, "unit", d.unit);
    h5.attribute(p, "description", d.description);
    static const char* scopes[] = {"count", "per adult", "per vulnerable resident", "per niche"};
    h5.attribute(p, "combine", scopes[static_cast<int>(d.scope)]);
  }

  // Trajectory events
  const auto& T = w.trajectories;
  h5.write("/trajectories/resident", column<std::uint32_t>(T, [](auto& r) { return r.resident; }));
  h5.write("/trajectories/wijk", column<std::uint16_t>(T, [](auto& r) { return r.wijk; }));
  h5.write("/trajectories/kwartiermaker", column<std::int32_t>(T, [](auto& r) {
             return r.start_week >= 0 ? static_cast<std::int32_t>(r.kwartiermaker) : -1; }));
  h5.write("/trajectories/referral_week", column<std::int32_t>(T, [](auto& r) { return r.referral_week; }));
  h5.write("/trajectories/start_week", column<std::int32_t>(T, [](auto& r) { return r.start_week; }));
  h5.write("/trajectories/niche_phase_week", column<std::int32_t>(T, [](auto& r) { return r.niche_phase_week; }));
  h5.write("/trajectories/niche_found_week", column<std::int32_t>(T, [](auto& r) { return r.niche_found_week; }));
  h5.write("/trajectories/fading_week", column<std::int32_t>(T, [](auto& r) { return r.fading_week; }));
  h5.write("/trajectories/end_week", column<std::int32_t>(T, [](auto& r) { return r.end_week; }));
  h5.write("/trajectories/outcome", column<std::int8_t>(T, [](auto& r) { return static_cast<int>(r.outcome); }));
  h5.write("/trajectories/wish", column<std::uint8_t>(T, [](auto& r) { return r.wish; }));
  h5.write("/trajectories/activity", column<std::uint8_t>(T, [](auto& r) { return r.activity; }));
  h5.write("/trajectories/pressure_applied", column<std::uint8_t>(T, [](auto& r) { return r.pressure_applied; }));
  h5.write("/trajectories/niche", column<std::int32_t>(T, [](auto& r) {
             return r.niche == kNone ? -1 : static_cast<std::int32_t>(r.niche); }));
  h5.write("/trajectories/crises", column<std::uint16_t>(T, [](auto& r) { return r.crises; }));
  h5.attribute("/trajectories", "weeks", "weeks count from 1 (the first simulated week); -1: not (yet) reached");
  h5.attribute("/trajectories/outcome", "values", "0 still running or waiting, 1 success, 2 accepted it did not work, 3 dropped out");
  std::vector<std::string> types(kNicheTypeNames.begin(), kNicheTypeNames.end());
  h5.write_strings("/legend/niche_types", types);
  h5.write_strings("/legend/outcomes", {"running", "success", "not_worked", "dropped_out"});

  // Niches
  const Niches& N = w.niches;
  std::vector<std::uint8_t> ntype(N.size);
  for (std::uint32_t k = 0; k < N.size; ++k) ntype[k] = static_cast<std::uint8_t>(N.type[k]);
  h5.write("/niches/type", ntype);
  h5.write("/niches/wijk", N.wijk);
  h5.write("/niches/hospitality", N.hospitality);
  h5.write("/niches/clients", N.clients);
  h5.write("/niches/client_capacity", N.client_capacity);
  h5.write("/niches/volunteers", N.volunteers);
  h5.write("/niches/volunteer_slots", N.volunteer_slots);
  h5.write("/niches/jobs", N.jobs);
  h5.write("/niches/job_slots", N.job_slots);

  // Summary: final week per wijk, the municipality and the calibration table.
  const auto& last = m.outcomes().last();
  for (const OutcomeDef& d : outcome_definitions()) {
    std::vector<double> v;
    for (const auto& row : last) v.push_back(row.*(d.field));
    const std::string p = std::string("/summary/final/") + d.name;
    h5.write(p, v);
    h5.attribute(p, "municipality", municipality(d, last, w));
  }
  std::vector<double> cost_per_success;
  for (const auto& row : last)
    cost_per_success.push_back(row.ended_success > 0 ? row.cost / row.ended_success : std::nan(""));
  h5.write("/summary/cost_per_success", cost_per_success);
  h5.attribute("/summary/cost_per_success", "unit", "euro");
  const MatchedComparison smd = participant_loneliness_smd(w);
  h5.create_group("/summary/participant_loneliness");
  h5.attribute("/summary/participant_loneliness", "smd", smd.smd);
  h5.attribute("/summary/participant_loneliness", "pairs", std::int64_t{smd.pairs});
  h5.attribute("/summary/participant_loneliness", "participants_mean", smd.participants_mean);
  h5.attribute("/summary/participant_loneliness", "controls_mean", smd.controls_mean);
  const auto cal = calibration(m);
  std::vector<std::string> cname, ctarget, csource;
  std::vector<double> cmodel, clow, chigh;
  for (const auto& c : cal) {
    cname.push_back(c.name);
    ctarget.push_back(c.target);
    csource.push_back(c.source);
    cmodel.push_back(c.model);
    clow.push_back(c.low);
    chigh.push_back(c.high);
  }
  h5.write_strings("/summary/calibration/name", cname);
  h5.write_strings("/summary/calibration/target", ctarget);
  h5.write_strings("/summary/calibration/source", csource);
  h5.write("/summary/calibration/model", cmodel);
  h5.write("/summary/calibration/low", clow);
  h5.write("/summary/calibration/high", chigh);

  for (const Snapshot& snap : m.snapshots()) {
    char group[32];
    std::snprintf(group, sizeof group, "/snapshots/week_%04u", snap.week);
    const std::string g(group);
    h5.write(g + "/tolerance", snap.tolerance);
    h5.write(g + "/loneliness", snap.loneliness);
    h5.write(g + "/degree", snap.degree);
    h5.write(g + "/vulnerable/self_efficacy", snap.self_efficacy);
    h5.write(g + "/vulnerable/wellbeing", snap.wellbeing);
    h5.write(g + "/vulnerable/felt_acceptance", snap.felt_acceptance);
    h5.write(g + "/vulnerable/expected_rejection", snap.expected_rejection);
    h5.write(g + "/vulnerable/ladder", snap.ladder);
    h5.write(g + "/vulnerable/trajectory", snap.trajectory);
  }
  if (!m.snapshots().empty()) {
    h5.write("/snapshots/resident_wijk", w.residents.wijk);
    h5.write("/snapshots/vulnerable_resident", w.vulnerable.resident);
  }
}

}  // namespace kw::model
