"""Plots of Kwartier results: every function takes a `Results` and `lang` ("nl" or
"en") and returns a matplotlib Figure with labelled axes (units), a legend and
the Okabe-Ito palette, one colour per arm (scenario or variant) throughout.

Intervals are 95% over replicates (bands over time, error bars at the end); an
arm with one replicate is drawn without one.
"""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from . import labels as L  # noqa: E402
from .data import ALL, Results  # noqa: E402

LADDER = [f"ladder_{i}" for i in range(1, 7)]
LONELINESS = ["vulnerable_lonely_share", "vulnerable_strongly_lonely_share", "lonely_share", "strongly_lonely_share"]
ATTITUDES = ["accept_neighbour_share", "accept_intimate_share"]
CARE = ["in_care", "care_waiting", "care_referrals_total", "crises_total"]
TRAJECTORY_OUTCOMES = ["success", "not_worked", "dropped_out", "running"]
TRAJECTORY_LABELS = {"success": ("geslaagd", "success"), "not_worked": ("werkte niet", "did not work"),
                     "dropped_out": ("voortijdig gestopt", "dropped out"), "running": ("loopt nog", "still running")}


def style() -> None:
    plt.rcParams.update({
        "axes.prop_cycle": matplotlib.cycler(color=L.OKABE_ITO), "axes.spines.top": False,
        "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3, "font.size": 10,
        "axes.titlesize": 11, "axes.titleweight": "bold", "legend.frameon": False, "figure.dpi": 100,
        "savefig.bbox": "tight",
    })


style()


def colours(res: Results) -> dict[str, str]:
    return {a.label: L.OKABE_ITO[i % len(L.OKABE_ITO)] for i, a in enumerate(res.arms)}


def _i(lang: str) -> int:
    if lang not in L.LANGUAGES:
        raise ValueError(f"language '{lang}' (allowed: nl, en)")
    return 0 if lang == "nl" else 1


def _ylabel(res: Results, outcome: str, lang: str) -> str:
    return f"{L.outcome_label(outcome, lang, res.info)} ({L.display_unit(outcome, lang, res.info)})"


def _wijk_name(res: Results, code: str, lang: str) -> str:
    if code == ALL:
        return L.text(lang)["all"]
    w = res.wijken
    return str(w[w.code == code].name.iloc[0])


def _draw_bands(ax, res: Results, outcome: str, wijk: str, lw: float) -> None:
    """The outcome week by week in one wijk: per arm its mean and, over replicates, its 95% band."""
    band = res.band(outcome, wijk)
    k = L.scale(outcome)
    c = colours(res)
    for label in res.labels:
        b = band[band.label == label]
        if b.empty:
            continue
        ax.plot(b.week, k * b["mean"], color=c[label], lw=lw, label=label)
        if (b.n > 1).any():
            ax.fill_between(b.week, k * b.ci_low, k * b.ci_high, color=c[label], alpha=0.22, lw=0)


def plot_outcome(res: Results, outcome: str, wijk: str = ALL, lang: str = "nl", ax=None):
    """One outcome week by week, one line per arm with its 95% band."""
    _i(lang)
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(7.5, 3.6))
    _draw_bands(ax, res, outcome, wijk, lw=1.8)
    t = L.text(lang)
    ax.set_xlabel(f"{t['week']} ({L.UNITS['weeks'][_i(lang)]})")
    ax.set_ylabel(L.display_unit(outcome, lang, res.info))
    ax.set_title(f"{L.outcome_label(outcome, lang, res.info)} — {_wijk_name(res, wijk, lang)}")
    ax.legend(loc="best", fontsize=8)
    return fig


def plot_wijken(res: Results, outcome: str, lang: str = "nl", columns: int = 4):
    """Small multiples: the outcome over time in each wijk, same y scale, one line per arm."""
    _i(lang)
    codes = list(dict.fromkeys(c for a in res.arms for c in a.wijken.code))
    n = len(codes)
    cols = min(columns, n)
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(2.6 * cols + 0.8, 2.1 * rows + 0.9), sharex=True, sharey=True,
                             squeeze=False)
    for ax, code in zip(axes.flat, codes):
        _draw_bands(ax, res, outcome, code, lw=1.4)
        ax.set_title(_wijk_name(res, code, lang), fontsize=9)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    t = L.text(lang)
    for ax in axes[-1, :]:
        ax.set_xlabel(t["week"])
    for ax in axes[:, 0]:
        ax.set_ylabel(L.display_unit(outcome, lang, res.info))
    handles, names = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="upper center", ncol=min(4, len(names)), bbox_to_anchor=(0.5, 1.0), fontsize=8)
    fig.suptitle(L.outcome_label(outcome, lang, res.info), y=1.05, fontweight="bold")
    fig.tight_layout()
    return fig


def _bars(ax, res: Results, groups: list[str], value, group_labels: list[str], horizontal: bool = False):
    """Grouped bars: one group per entry of `groups`, one bar per arm, 95% error bars.
    value(arm_label, group) -> interval dict or None (no bar)."""
    c = colours(res)
    arms = res.labels
    width = 0.8 / max(1, len(arms))
    x = np.arange(len(groups))
    for j, label in enumerate(arms):
        pos = x - 0.4 + width * (j + 0.5)
        means, lo, hi, ok = [], [], [], []
        for g in groups:
            iv = value(label, g)
            ok.append(iv is not None and not np.isnan(iv["mean"]))
            m = iv["mean"] if ok[-1] else 0.0
            means.append(m)
            has_ci = ok[-1] and not np.isnan(iv["ci_low"])
            lo.append(m - iv["ci_low"] if has_ci else 0.0)
            hi.append(iv["ci_high"] - m if has_ci else 0.0)
        ok = np.array(ok)
        if not ok.any():
            continue
        err = np.array([lo, hi])[:, ok]
        if horizontal:
            ax.barh(pos[ok], np.array(means)[ok], height=width, color=c[label], label=label, zorder=2,
                    xerr=err if err.any() else None, error_kw={"elinewidth": 1, "capsize": 2})
        else:
            ax.bar(pos[ok], np.array(means)[ok], width=width, color=c[label], label=label, zorder=2,
                   yerr=err if err.any() else None, error_kw={"elinewidth": 1, "capsize": 2})
    if horizontal:
        ax.set_yticks(x, group_labels)
        ax.invert_yaxis()
    else:
        ax.set_xticks(x, group_labels, rotation=30 if len(groups) > 4 else 0, ha="right" if len(groups) > 4 else "center")


def _scaled(res: Results, label: str, outcome: str, wijk: str = ALL):
    iv = res.interval(label, outcome, wijk)
    if iv["n"] == 0:
        return None
    k = L.scale(outcome)
    return {key: (v * k if key in ("mean", "ci_low", "ci_high") else v) for key, v in iv.items()}


def plot_headline(res: Results, lang: str = "nl"):
    """Per wijk: residents reached, successes and accepted-with-role at the end, against
    the pilot's target of 1–2 per wijk (shaded)."""
    _i(lang)
    t = L.text(lang)
    codes = list(dict.fromkeys(c for a in res.arms for c in a.wijken.code))
    names = [_wijk_name(res, code, lang) for code in codes]
    outcomes = ["reached", "ended_success", "accepted_with_role"]
    fig, axes = plt.subplots(1, 3, figsize=(max(9.5, 1.0 + 0.75 * len(codes) * 3), 3.8))
    for ax, outcome in zip(axes, outcomes):
        _bars(ax, res, codes, lambda label, code: _scaled(res, label, outcome, code), names)
        if outcome != "reached":
            ax.axhspan(1, 2, color="#009E73", alpha=0.15, lw=0, label=t["target"], zorder=0)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(L.outcome_label(outcome, lang, res.info), fontsize=10)
        ax.set_ylabel(L.display_unit(outcome, lang, res.info))
        ax.set_xlabel(t["wijk"])
    handles, lab = axes[1].get_legend_handles_labels()
    fig.legend(handles, lab, loc="upper center", ncol=min(5, len(lab)), bbox_to_anchor=(0.5, 1.08), fontsize=8)
    fig.tight_layout()
    return fig


def plot_final(res: Results, outcomes: list[str], lang: str = "nl", title: str | None = None, wijk: str = ALL):
    """Final values of several outcomes (same unit) for all arms, as horizontal bars with 95% error bars."""
    _i(lang)
    outcomes = [o for o in outcomes if any(o in res.finals(a) for a in res.arms)]
    fig, ax = plt.subplots(figsize=(8, 0.28 * len(outcomes) * max(1, len(res.arms)) + 1.3))
    _bars(ax, res, outcomes, lambda label, o: _scaled(res, label, o, wijk),
          [L.outcome_label(o, lang, res.info) for o in outcomes], horizontal=True)
    ax.set_xlabel(L.display_unit(outcomes[0], lang, res.info) if outcomes else "")
    if title:
        ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


def plot_ladder(res: Results, lang: str = "nl"):
    """The participation ladder at the end: vulnerable residents on each rung, stacked per arm (means)."""
    i = _i(lang)
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(res.arms) + 1.6))
    palette = ["#000000", "#56B4E9", "#0072B2", "#009E73", "#E69F00", "#D55E00"]
    left = np.zeros(len(res.arms))
    for rung, colour in zip(LADDER, palette):
        vals = np.array([res.interval(label, rung)["mean"] for label in res.labels])
        vals = np.nan_to_num(vals)
        ax.barh(np.arange(len(res.arms)), vals, left=left, color=colour, label=L.outcome_label(rung, lang))
        left += vals
    ax.set_yticks(np.arange(len(res.arms)), res.labels)
    ax.invert_yaxis()
    ax.set_xlabel(L.UNITS["residents"][i])
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25 if len(res.arms) < 3 else -0.12), ncol=3, fontsize=8)
    ax.set_title(L.text(lang)["s_ladder"])
    fig.tight_layout()
    return fig


def plot_loneliness(res: Results, lang: str = "nl"):
    return plot_final(res, LONELINESS, lang, L.text(lang)["s_lonely"])


def plot_attitudes(res: Results, lang: str = "nl"):
    return plot_final(res, ATTITUDES, lang, L.text(lang)["s_attitudes"])


def plot_care(res: Results, lang: str = "nl"):
    return plot_final(res, CARE, lang, L.text(lang)["s_care"])


def plot_hours_cost(res: Results, lang: str = "nl"):
    """Kwartiermaker hours, cost and cost per success per arm (three panels)."""
    _i(lang)
    outcomes = ["kwartiermaker_hours", "cost", "cost_per_success"]
    fig, axes = plt.subplots(1, 3, figsize=(10, 0.5 * len(res.arms) + 2.2))
    for ax, o in zip(axes, outcomes):
        _bars(ax, res, [o], lambda label, oo: _scaled(res, label, oo), [""], horizontal=True)
        ax.set_yticks([])
        ax.set_title(L.outcome_label(o, lang, res.info), fontsize=9)
        ax.set_xlabel(L.display_unit(o, lang, res.info))
    handles, lab = axes[0].get_legend_handles_labels()
    fig.legend(handles, lab, loc="upper center", ncol=min(4, len(lab)), bbox_to_anchor=(0.5, 1.1), fontsize=8)
    fig.tight_layout()
    return fig


def plot_trajectories(res: Results, lang: str = "nl"):
    """How trajectories ended, per arm (mean per replicate), stacked."""
    i = _i(lang)
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(res.arms) + 1.6))
    t = res.trajectories
    palette = {"success": "#009E73", "not_worked": "#E69F00", "dropped_out": "#D55E00", "running": "#56B4E9"}
    left = np.zeros(len(res.arms))
    for o in TRAJECTORY_OUTCOMES:
        vals = []
        for a in res.arms:
            d = t[(t.label == a.label) & (t.outcome == o)] if len(t) else t
            vals.append(len(d) / a.replicates)
        ax.barh(np.arange(len(res.arms)), vals, left=left, color=palette[o], label=TRAJECTORY_LABELS[o][i])
        left += np.array(vals)
    ax.set_yticks(np.arange(len(res.arms)), res.labels)
    ax.invert_yaxis()
    ax.set_xlabel(("trajecten (gemiddeld per replicatie)" if i == 0 else "trajectories (mean per replicate)"))
    ax.set_title("Hoe trajecten afliepen" if i == 0 else "How trajectories ended")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25 if len(res.arms) < 3 else -0.12), ncol=4, fontsize=8)
    fig.tight_layout()
    return fig


PLOTS = {  # name -> function(res, lang): every plot the report draws
    "headline": plot_headline, "ladder": plot_ladder, "loneliness": plot_loneliness, "attitudes": plot_attitudes,
    "care": plot_care, "hours_cost": plot_hours_cost, "trajectories": plot_trajectories,
}
