#include "model/outcomes.h"

#include "engine/parallel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace kw::model {

const std::vector<OutcomeDef>& outcome_definitions() {
  static const std::vector<OutcomeDef> defs = {
#define KW_DEF(name, unit, scope, description) {#name, unit, Scope::scope, description, &WijkWeek::name},
      KW_OUTCOMES(KW_DEF)
#undef KW_DEF
  };
  return defs;
}

const OutcomeDef& outcome(const std::string& name) {
  for (const auto& d : outcome_definitions())
    if (name == d.name) return d;
  throw std::out_of_range("unknown outcome '" + name + "'");
}

std::vector<WijkWeek> observe(const World& w, const std::vector<WijkWeek>& previous) {
  const auto& lp = w.params.loneliness;
  const auto& ap = w.params.attitude;
  const Residents& R = w.residents;
  const Vulnerable& V = w.vulnerable;
  const Niches& N = w.niches;
  const Ties& T = w.ties;
  const std::size_t nw = w.wijken.size();
  std::vector<WijkWeek> out(nw);

  // Adults: one wijk per task, summed in resident order.
  engine::for_each_range(nw, [&](std::size_t b, std::size_t e) {
    for (std::size_t wi = b; wi < e; ++wi) {
      const Wijk& wijk = w.wijken[wi];
      WijkWeek& o = out[wi];
      // Counts in integers (exact, and adds the CPU need not wait for);
      // only the two sums of fractions are doubles, summed in resident order.
      std::uint64_t lonely = 0, strong = 0, isolated = 0, degree = 0, contacts = 0, nb = 0, intimate = 0;
      double lsum = 0, tol = 0;
      for (std::uint32_t i = wijk.begin; i < wijk.end; ++i) {
        const float l = R.loneliness[i];
        lonely += l >= lp.moderate_threshold;
        strong += l >= lp.strong_threshold;
        lsum += l;
        isolated += R.outside_contacts[i] == 0;
        contacts += R.contacts[i];
        degree += T.degree(i);
        const float a = R.tolerance(i);
        tol += a;
        nb += a > ap.neighbour_threshold;
        intimate += a > ap.intimate_threshold;
      }
      const double n = std::max<double>(1, wijk.end - wijk.begin);
      o.lonely_share = lonely / n;
      o.strongly_lonely_share = strong / n;
      o.loneliness_mean = lsum / n;
      o.isolated_share = isolated / n;
      o.degree_mean = degree / n;
      o.contacts_mean = contacts / n;
      o.tolerance_mean = tol / n;
      o.accept_neighbour_share = nb / n;
      o.accept_intimate_share = intimate / n;
    }
  }, 1);

  // Vulnerable residents, niches and kwartiermakers: small, serial.
  std::vector<double> vulnerable(nw, 0.0);
  for (std::uint32_t v = 0; v < V.size; ++v) {
    const std::uint32_t i = V.resident[v];
    WijkWeek& o = out[R.wijk[i]];
    vulnerable[R.wijk[i]] += 1;
    const float l = R.loneliness[i];
    o.vulnerable_lonely_share += l >= lp.moderate_threshold;
    o.vulnerable_strongly_lonely_share += l >= lp.strong_threshold;
    o.vulnerable_isolated_share += R.outside_contacts[i] == 0;
    o.vulnerable_degree_mean += T.degree(i);
    for (std::uint32_t s = T.first(i); s < T.last(i); ++s) o.vulnerable_non_kin_ties_mean += !is_kin(T.kind(s));
    o.felt_acceptance_mean += V.felt_acceptance[v];
    o.self_efficacy_mean += V.self_efficacy[v];
    o.wellbeing_mean += V.wellbeing[v];
    o.withdrawal_mean += R.withdrawal[i];
    o.dependence_mean += V.dependence[v];
    switch (V.trajectory[v]) {
      case Trajectory::Waiting: o.waiting += 1; break;
      case Trajectory::Exploring: o.exploring += 1; break;
      case Trajectory::NicheFinding: o.niche_phase += 1; break;
      case Trajectory::Fading: o.fading += 1; break;
      default: break;
    }
    o.accepted_with_role += V.accepted_with_role[v];
    double* rungs[] = {&o.ladder_1, &o.ladder_2, &o.ladder_3, &o.ladder_4, &o.ladder_5, &o.ladder_6};
    *rungs[std::clamp<int>(V.ladder[v], 1, 6) - 1] += 1;
    o.buddy_pairs += V.buddy[v] != kNone;
    o.in_crisis += V.crisis_until[v] != 0;
    o.care_waiting += V.care[v] == Care::Waiting;
    o.in_care += V.care[v] == Care::InCare;
  }
  for (std::size_t wi = 0; wi < nw; ++wi) {
    WijkWeek& o = out[wi];
    const double n = std::max(1.0, vulnerable[wi]);
    for (double* x : {&o.vulnerable_lonely_share, &o.vulnerable_strongly_lonely_share, &o.vulnerable_isolated_share,
                      &o.vulnerable_degree_mean, &o.vulnerable_non_kin_ties_mean, &o.felt_acceptance_mean,
                      &o.self_efficacy_mean, &o.wellbeing_mean, &o.withdrawal_mean, &o.dependence_mean})
      *x /= n;
  }
  std::vector<double> niches(nw, 0.0);
  for (std::uint32_t k = 0; k < N.size; ++k) {
    WijkWeek& o = out[N.wijk[k]];
    niches[N.wijk[k]] += 1;
    o.hospitality_mean += N.hospitality[k];
    o.niche_clients += N.clients[k];
    o.niche_client_places += N.client_capacity[k];
    o.niche_visits += N.visits[k];
    o.roles_filled += N.volunteers[k] + N.jobs[k];
    o.role_slots += N.volunteer_slots[k] + N.job_slots[k];
  }
  for (std::size_t wi = 0; wi < nw; ++wi) out[wi].hospitality_mean /= std::max(1.0, niches[wi]);
  for (std::uint32_t k = 0; k < w.kwartiermakers.size; ++k) {
    WijkWeek& o = out[w.kwartiermakers.wijk[k]];
    o.client_hours += w.kwartiermakers.client_hours[k];
    o.neighbourhood_hours += w.kwartiermakers.neighbourhood_hours[k];
  }

  const auto& c = w.counters;
  for (std::size_t wi = 0; wi < nw; ++wi) {
    WijkWeek& o = out[wi];
    const WijkWeek* p = previous.empty() ? nullptr : &previous[wi];
    o.intakes = c.intakes[wi];
    o.reached = (p ? p->reached : 0) + c.intakes[wi];
    o.ended_success = (p ? p->ended_success : 0) + c.successes[wi];
    o.ended_not_worked = (p ? p->ended_not_worked : 0) + c.not_worked[wi];
    o.dropped_out = (p ? p->dropped_out : 0) + c.dropped_out[wi];
    o.niche_shortage = c.niche_shortage[wi];
    o.buddy_pairs_started = c.buddy_pairs_started[wi];
    o.crises = c.crises[wi];
    o.care_referrals = c.care_referrals[wi];
    o.care_started = c.care_started[wi];
    o.care_wait_weeks = c.care_wait_weeks[wi];
    o.indirect_contacts = c.indirect_contacts[wi];
    o.ties_formed = c.ties_formed[wi];
    o.cost = (p ? p->cost : 0) + (o.client_hours + o.neighbourhood_hours) * w.params.kwartiermaker.cost_per_hour;
  }
  return out;
}

void OutcomeRecorder::record(const World& w) {
  static const std::vector<WijkWeek> none;
  rows_.push_back(observe(w, rows_.empty() ? none : rows_.back()));
}

Series OutcomeRecorder::series(const OutcomeDef& d) const {
  const std::size_t nw = rows_.empty() ? 0 : rows_.front().size();
  Series s(rows_.size(), nw);
  for (std::size_t t = 0; t < rows_.size(); ++t)
    for (std::size_t wi = 0; wi < nw; ++wi) s(t, wi) = rows_[t][wi].*(d.field);
  return s;
}

double municipality(const OutcomeDef& d, const std::vector<WijkWeek>& wijken, const World& w) {
  const std::size_t nw = wijken.size();
  std::vector<double> value(nw), adults(nw), vulnerable(nw, 0.0), niches(nw, 0.0);
  for (std::uint32_t v = 0; v < w.vulnerable.size; ++v) vulnerable[w.residents.wijk[w.vulnerable.resident[v]]] += 1;
  for (std::uint32_t k = 0; k < w.niches.size; ++k) niches[w.niches.wijk[k]] += 1;
  for (std::size_t wi = 0; wi < nw; ++wi) {
    value[wi] = wijken[wi].*(d.field);
    adults[wi] = w.wijken[wi].end - w.wijken[wi].begin;
  }
  return combine_wijken(d.scope, value, adults, vulnerable, niches);
}

double combine_wijken(Scope scope, std::span<const double> values, std::span<const double> adults,
                      std::span<const double> vulnerable, std::span<const double> niches) {
  const std::size_t nw = values.size();
  Eigen::VectorXd value(nw), weight(nw);
  for (std::size_t wi = 0; wi < nw; ++wi) {
    value[wi] = values[wi];
    switch (scope) {
      case Scope::Count: weight[wi] = 1; break;
      case Scope::PerAdult: weight[wi] = adults[wi]; break;
      case Scope::PerVulnerable: weight[wi] = vulnerable[wi]; break;
      case Scope::PerNiche: weight[wi] = niches[wi]; break;
    }
  }
  if (scope == Scope::Count) return value.sum();
  const double total = weight.sum();
  return total > 0 ? value.dot(weight) / total : std::numeric_limits<double>::quiet_NaN();
}

MatchedComparison participant_loneliness_smd(const World& w) {
  const Vulnerable& V = w.vulnerable;
  const Residents& R = w.residents;
  std::vector<std::uint32_t> participants, pool;
  for (std::uint32_t v = 0; v < V.size; ++v) {
    const bool reached = V.event_row[v] != kNone && w.trajectories[V.event_row[v]].start_week >= 0;
    (reached ? participants : pool).push_back(v);
  }
  std::vector<std::uint8_t> used(pool.size(), 0);
  std::vector<double> a, b;
  for (std::uint32_t v : participants) {
    std::size_t best = pool.size();
    double best_gap = 1e9;
    for (std::size_t c = 0; c < pool.size(); ++c) {
      if (used[c] || R.age[V.resident[pool[c]]] != R.age[V.resident[v]]) continue;
      const double gap = std::abs(V.initial_loneliness[pool[c]] - V.initial_loneliness[v]);
      if (gap < best_gap) {
        best_gap = gap;
        best = c;
      }
    }
    if (best == pool.size()) continue;
    used[best] = 1;
    a.push_back(R.loneliness[V.resident[v]]);
    b.push_back(R.loneliness[V.resident[pool[best]]]);
  }
  MatchedComparison m;
  m.pairs = static_cast<std::uint32_t>(a.size());
  if (a.size() < 2) {
    m.participants_mean = m.controls_mean = m.smd = std::numeric_limits<double>::quiet_NaN();
    return m;
  }
  const Eigen::Map<const Eigen::VectorXd> x(a.data(), a.size()), y(b.data(), b.size());
  const double n = static_cast<double>(a.size());
  m.participants_mean = x.mean();
  m.controls_mean = y.mean();
  const double vx = (x.array() - m.participants_mean).square().sum() / (n - 1);
  const double vy = (y.array() - m.controls_mean).square().sum() / (n - 1);
  const double pooled = std::sqrt((vx + vy) / 2.0);
  const double correction = 1.0 - 3.0 / (4.0 * (2.0 * n) - 9.0);  // Hedges' small-sample factor
  m.smd = pooled > 0 ? correction * (m.participants_mean - m.controls_mean) / pooled : 0.0;
  return m;
}

}  // namespace kw::model
