"""A self-contained HTML report of Kwartier output files, in Dutch (default) or English.

    /usr/bin/python3 -m kwartier_analysis.report pilot.h5 baseline.h5 [--lang nl|en] [-o report.html]
    kwartier report pilot.h5 baseline.h5 -o report.html        (the program calls this module)

One HTML file: CSS inline, plots as inline PNG, no scripts, no external addresses,
so it opens offline and can be mailed. It says what was run, the headline figures
per wijk against the pilot's target of 1–2 per wijk, the effect against the
scenario without kwartiermakers (when one is given), the scenarios side by side,
ladder, loneliness, attitudes, care, hours and cost, plots over time and per
wijk, the calibration targets, and every parameter with its source.

Bad input (a missing or unreadable file, an unknown --lang, an output that cannot
be written) gives one line "kwartier: error: ..." on stderr and exit status 2.
"""
from __future__ import annotations

import argparse
import base64
import datetime
import html
import io
import math
import os
import shutil
import subprocess
import sys

import numpy as np

from . import labels as L
from . import plots
from .data import ALL, FileError, Results, load_many
from .stats import interval

HERE = os.path.dirname(os.path.abspath(__file__))

CALIBRATION_NL = {
    "strongly lonely, all adults": "ernstig eenzaam, alle volwassenen",
    "lonely (moderate or strong), all adults": "eenzaam (matig of ernstig), alle volwassenen",
    "lonely, vulnerable residents": "eenzaam, kwetsbare bewoners",
    "strongly lonely, vulnerable residents": "ernstig eenzaam, kwetsbare bewoners",
    "isolated (no contact outside the household this week)": "geïsoleerd (geen contact buiten het huishouden deze week)",
    "accept as neighbour": "accepteert als buur",
    "accept as son-in-law": "accepteert als schoonzoon",
    "participants' loneliness SMD vs matched": "eenzaamheid deelnemers, SMD t.o.v. vergelijkbare niet-deelnemers",
    "successes per active wijk": "geslaagde trajecten per wijk met kwartiermaker",
}

EFFECT_OUTCOMES = ["ended_success", "accepted_with_role", "vulnerable_lonely_share", "vulnerable_strongly_lonely_share",
                   "vulnerable_isolated_share", "ladder_1", "felt_acceptance_mean", "wellbeing_mean",
                   "tolerance_mean", "accept_neighbour_share", "in_care", "care_waiting", "care_referrals_total",
                   "crises_total"]
SCALE_OUTCOMES = ["reached", "ended_success", "successes_per_active_wijk", "accepted_with_role",
                  "vulnerable_lonely_share", "felt_acceptance_mean", "tolerance_mean", "in_care", "care_waiting",
                  "kwartiermaker_hours", "cost", "cost_per_success", "participant_loneliness_smd"]
TIME_OUTCOMES = ["reached", "ended_success", "accepted_with_role", "waiting", "vulnerable_lonely_share",
                 "felt_acceptance_mean", "tolerance_mean", "in_care"]
WIJK_OUTCOMES = ["reached", "accepted_with_role", "vulnerable_lonely_share", "tolerance_mean"]


class ReportError(Exception):
    pass


# ----- numbers -------------------------------------------------------------------------------
def number(x: float, lang: str, digits: int | None = None) -> str:
    """A number as people of the language write it (nl: 1.234,5)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if digits is None:
        ax = abs(x)
        digits = 0 if ax >= 100 or float(x).is_integer() else (1 if ax >= 10 else 2 if ax >= 0.1 else 3)
    s = f"{x:,.{digits}f}"
    if lang == "nl":
        s = s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return s.replace("-", "−")


def _digits(outcome: str, iv: dict) -> int | None:
    if outcome in ("cost", "cost_per_success", "kwartiermaker_hours"):
        return 0
    if L.is_share(outcome):
        return 1
    return None


def with_interval(iv: dict, outcome: str, lang: str, scale: float | None = None, signed: bool = False) -> str:
    """'3,2 (1,1–5,0)', or the mean alone where there is no interval."""
    k = L.scale(outcome) if scale is None else scale
    d = _digits(outcome, iv)
    mean = iv["mean"] * k
    if isinstance(mean, float) and math.isnan(mean):
        return "–"
    if d is None:
        spread = (iv["ci_high"] - iv["ci_low"]) * k if not math.isnan(iv.get("ci_low", math.nan)) else abs(mean)
        d = 0 if spread >= 20 else 1 if spread >= 1 else 2 if spread >= 0.1 else 3
        if float(mean).is_integer() and math.isnan(iv.get("ci_low", math.nan)):
            d = 0
    s = number(mean, lang, d)
    if signed and mean > 0:
        s = "+" + s
    if not math.isnan(iv.get("ci_low", math.nan)):
        s += f" <span class=ci>({number(iv['ci_low'] * k, lang, d)} – {number(iv['ci_high'] * k, lang, d)})</span>"
    return s


# ----- defaults and sources from the program ---------------------------------------------------
def find_program(explicit: str | None) -> str | None:
    for p in (explicit, os.environ.get("KWARTIER_BINARY"), shutil.which("kwartier"),
              os.path.join(HERE, "..", "..", "build", "sim", "kwartier")):
        if p and os.path.isfile(p) and os.access(p, os.X_OK):
            return p
    return None


def parameter_table(program: str | None) -> dict[str, dict[str, str]]:
    """key -> default, allowed, unit, meaning, source, from `kwartier params --markdown`."""
    if not program:
        return {}
    try:
        out = subprocess.run([program, "params", "--markdown"], capture_output=True, text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    table = {}
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 6 or cells[0] in ("key", "") or set(cells[0]) <= set("-"):
            continue
        table[cells[0]] = dict(zip(["default", "allowed", "unit", "meaning", "source"], cells[1:]))
    return table


def _same(a: str, b: str) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    except ValueError:
        norm = lambda s: ",".join(x.strip() for x in s.split(","))
        return norm(a) == norm(b)


# ----- HTML pieces ---------------------------------------------------------------------------
def esc(s) -> str:
    return html.escape(str(s))


def figure(fig, alt: str) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plots.plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<figure><img src="data:image/png;base64,{data}" alt="{esc(alt)}"></figure>'


def table(header: list[str], rows: list[list[str]], cls: str = "") -> str:
    """Cells are HTML already (escape text before)."""
    h = "".join(f"<th>{c}</th>" for c in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    # A table wider than the page (a sweep of many variants) scrolls on its
    # own instead of widening the whole page.
    return (f'<div class="scroll"><table class="{cls}"><thead><tr>{h}</tr></thead>'
            f'<tbody>{body}</tbody></table></div>')


CSS = """
body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;color:#1a1a1a;max-width:1080px;margin:0 auto;padding:24px 28px;line-height:1.45;font-size:15px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:34px 0 8px;border-bottom:2px solid #0072B2;padding-bottom:3px}
h3{font-size:16px;margin:20px 0 6px}.sub{color:#444;margin:0 0 2px}.meta{color:#666;font-size:13px}
.scroll{overflow-x:auto;max-width:100%}table{border-collapse:collapse;margin:8px 0 14px;font-size:13.5px}th,td{border-bottom:1px solid #ddd;padding:4px 9px;text-align:left;vertical-align:top}
th{background:#eef4f9}td.num,th.num{text-align:right}.ci{color:#555;font-size:12px;white-space:nowrap}
.note{background:#fff6e0;border-left:4px solid #E69F00;padding:7px 12px;margin:10px 0}
.short{background:#eef7f3;border-left:4px solid #009E73;padding:8px 14px;margin:10px 0}.short p{margin:6px 0}
figure{margin:10px 0}img{max-width:100%;height:auto}.grid{display:grid;grid-template-columns:1fr 1fr;gap:6px 18px}
.within{color:#006b4f;font-weight:bold}.below{color:#a04000}.above{color:#0b5394;font-weight:bold}
nav ol{columns:2;font-size:14px}details{margin:8px 0}summary{cursor:pointer;font-weight:bold}
code{background:#f3f3f3;padding:0 3px}footer{margin-top:40px;color:#666;font-size:12px;border-top:1px solid #ddd;padding-top:8px}
@media print{.grid{grid-template-columns:1fr 1fr}h2{page-break-after:avoid}}
"""


class Report:
    def __init__(self, res: Results, lang: str, program: str | None):
        self.res, self.lang, self.t = res, lang, L.text(lang)
        self.params = parameter_table(program)
        self.sections: list[tuple[str, str, str]] = []  # id, title, html

    def add(self, ident: str, title: str, body: str) -> None:
        self.sections.append((ident, title, body))

    def label(self, outcome: str) -> str:
        return esc(L.outcome_label(outcome, self.lang, self.res.info))

    def unit(self, outcome: str) -> str:
        return esc(L.display_unit(outcome, self.lang, self.res.info))

    def iv(self, label: str, outcome: str, wijk: str = ALL) -> str:
        return with_interval(self.res.interval(label, outcome, wijk), outcome, self.lang)

    # ----- sections ----------------------------------------------------------------------------
    def replicate_note(self) -> str:
        def text(n: int) -> str:
            return self.t["one_replicate"] if n == 1 else self.t["n_replicates"].format(n=n)
        counts = {a.replicates for a in self.res.arms}
        # One line when every scenario has the same number of replicates (a
        # sweep of many variants), else one per scenario.
        if len(self.res.arms) > 1 and len(counts) == 1:
            return f'<div class="note">{esc(text(counts.pop()))}</div>'
        notes = [f"<b>{esc(a.label)}</b>: {esc(text(a.replicates))}" for a in self.res.arms]
        return '<div class="note">' + "<br>".join(notes) + "</div>"

    def short(self) -> str:
        t, lang, res = self.t, self.lang, self.res
        parts = []
        for a in res.arms:
            if a.is_baseline:
                parts.append("<p>" + esc(t["short_base"].format(arm=a.label)) + "</p>")
                continue
            f = lambda o: self.iv(a.label, o)
            parts.append("<p>" + t["short_reached"].format(
                arm=f"<b>{esc(a.label)}</b>", weeks=len(a.weeks), reached=f("reached"), success=f("ended_success"),
                per_wijk=f("successes_per_active_wijk"), accepted=f("accepted_with_role")) + " " +
                t["short_cost"].format(cost=f("cost"), hours=f("kwartiermaker_hours"), cps=f("cost_per_success")) + "</p>")
            base = res.baseline_for(a)
            if base is not None:
                d = lambda o, k=None: with_interval(res.difference(a, base, o), o, lang, scale=k, signed=True)
                parts.append("<p>" + t["short_effect"].format(
                    base=esc(base.label), d_lonely=d("vulnerable_lonely_share", 100.0), d_acc=d("accepted_with_role"),
                    d_care=d("in_care")) + "</p>")
        return '<div class="short">' + "".join(parts) + "</div>" + self.replicate_note()

    def what_was_run(self) -> str:
        t, res = self.t, self.res
        rows = []
        for a in res.arms:
            r0 = a.runs[0]
            seeds = sorted({r.get("seed") for r in a.runs})
            active = ", ".join(a.wijken.name[a.wijken.active]) or "–"
            rows.append([f"<b>{esc(a.label)}</b>", esc(os.path.basename(a.file)),
                         esc(a.variant_label if a.file_metadata.get("kind") == "experiment" else "–"),
                         esc(os.path.basename(str(a.file_metadata.get("scenario_file", "")))),
                         f"{len(a.wijken)}: {esc(', '.join(a.wijken.name))}", esc(active),
                         number(float(a.wijken.kwartiermakers.sum()), self.lang),
                         str(len(a.weeks)), str(a.replicates), esc(", ".join(str(s) for s in seeds)),
                         esc(f"{r0.get('program_version', '?')} ({str(r0.get('git_commit', '?'))[:10]})")])
        out = table([t["arm"], t["file"], t["variant"], t["scenario_file"], t["wijken"], t["active_wijken"],
                     t["kwartiermakers"], t["weeks"], t["replicates"], t["seed"], t["version"]], rows)
        out += f"<h3>{esc(t['changed'])}</h3>"
        if not self.params:
            out += f'<p class="note">{esc(t["defaults_unknown"])}</p>'
        values = [a.parameters for a in res.arms]
        keys = sorted({k for v in values for k in v
                       if not self.params or (k in self.params and not _same(v[k], self.params[k]["default"]))},
                      key=lambda k: list(self.params).index(k) if k in self.params else 10 ** 6)
        if self.params:
            keys = [k for k in keys if k in self.params]
        if not keys:
            out += f"<p>{esc(t['no_changes'])}</p>"
        else:
            rows = []
            for k in keys:
                p = self.params.get(k, {})
                cells = [f"<code>{esc(k)}</code>", esc(p.get("default", ""))]
                for v in values:
                    val = v.get(k, "")
                    changed = p and val and not _same(val, p.get("default", ""))
                    cells.append(f"<b>{esc(val)}</b>" if changed else esc(val))
                cells += [esc(p.get("unit", "")), esc(p.get("meaning", ""))]
                rows.append(cells)
            out += table([t["key"], t["default"]] + [esc(a.label) for a in res.arms] + [t["unit"], t["meaning"]], rows)
        return out

    def headline(self) -> str:
        t, res = self.t, self.res
        rows = []
        for a in res.arms:
            for code, name, active in list(zip(a.wijken.code, a.wijken.name, a.wijken.active)) + [(ALL, t["all"], None)]:
                cells = [esc(a.label), esc(name) if code != ALL else f"<i>{esc(name)}</i>"]
                for o in ("reached", "ended_success", "accepted_with_role"):
                    cells.append(self.iv(a.label, o, code))
                if code == ALL:
                    per = res.interval(a.label, "successes_per_active_wijk")
                    verdict = (self.verdict(per["mean"]) + " <span class=ci>(" +
                               with_interval(per, "successes_per_active_wijk", self.lang) + " " +
                               esc(t["per_wijk_target"]) + ")</span>") if not math.isnan(per["mean"]) else "–"
                elif active:
                    verdict = self.verdict(res.interval(a.label, "ended_success", code)["mean"])
                else:
                    verdict = esc(t["baseline"])
                rows.append(cells + [verdict])
        out = f"<p>{esc(t['headline_intro'])}</p>"
        out += table([t["arm"], t["wijk"], esc(t["reached_col"]), esc(t["success_col"]), esc(t["accepted_col"]),
                      esc(t["verdict"])], rows)
        out += f'<p class="meta">{esc(t["interval_note"])}</p>'
        out += figure(plots.plot_headline(res, self.lang), t["s_headline"])
        out += figure(plots.plot_trajectories(res, self.lang), t["s_headline"])
        return out

    def verdict(self, mean: float) -> str:
        if math.isnan(mean):
            return "–"
        key = "below" if mean < 1 else "within" if mean <= 2 else "above"
        return f'<span class="{key}">{esc(self.t[key])}</span>'

    def effect(self) -> str:
        t, res = self.t, self.res
        pairs = [(a, res.baseline_for(a)) for a in res.arms if not a.is_baseline]
        pairs = [(a, b) for a, b in pairs if b is not None]
        if not pairs:
            return f'<p class="note">{esc(t["effect_none"])}</p>'
        out = f"<p>{esc(t['effect_intro'])}</p>"
        for a, b in pairs:
            rows = []
            for o in EFFECT_OUTCOMES:
                if o not in res.finals(a):
                    continue
                d = res.difference(a, b, o)
                unit = "%-punt" if self.lang == "nl" else "%-points"
                rows.append([self.label(o), self.unit(o) if not L.is_share(o) else "%",
                             self.iv(a.label, o), self.iv(b.label, o),
                             with_interval(d, o, self.lang, signed=True) + (f" {unit}" if L.is_share(o) else "")])
            paired = res.difference(a, b, "reached")["paired"]
            out += f"<h3>{esc(a.label)} − {esc(b.label)} ({esc(t['end_of'].format(weeks=len(a.weeks)))}" + \
                   (f", {esc(t['paired'])}" if paired else "") + ")</h3>"
            out += table([t["outcome"], t["unit"], f"{esc(a.label)}<br><span class=ci>{esc(t['with'])}</span>",
                          f"{esc(b.label)}<br><span class=ci>{esc(t['without'])}</span>", esc(t["difference"])], rows)
        return out

    def side_by_side(self) -> str:
        t, res = self.t, self.res
        v = res.variants.set_index("label")
        rows = [[esc(t["wijken"]), ""] + [str(v.loc[a.label, "wijken"]) for a in res.arms],
                [esc(t["active_wijken"]), ""] + [str(v.loc[a.label, "active_wijken"]) for a in res.arms],
                [esc(t["kwartiermakers"]), ""] + [number(v.loc[a.label, "kwartiermakers"], self.lang) for a in res.arms],
                [esc(t["adults"]), ""] + [number(v.loc[a.label, "adults"], self.lang) for a in res.arms],
                [esc(t["vulnerable"]), ""] + [number(v.loc[a.label, "vulnerable"], self.lang) for a in res.arms],
                [esc(t["weeks"]), ""] + [str(v.loc[a.label, "weeks"]) for a in res.arms],
                [esc(t["replicates"]), ""] + [str(v.loc[a.label, "replicates"]) for a in res.arms]]
        for o in SCALE_OUTCOMES:
            rows.append([self.label(o), self.unit(o)] + [self.iv(a.label, o) for a in res.arms])
        return f"<p>{esc(t['scale_intro'])}</p>" + table(["", t["unit"]] + [esc(a.label) for a in res.arms], rows)

    def theme(self, intro: str, outcomes: list[str], fig) -> str:
        res = self.res
        rows = [[self.label(o), self.unit(o)] + [self.iv(a.label, o) for a in res.arms]
                for o in outcomes if any(o in res.finals(a) for a in res.arms)]
        return (f"<p>{esc(intro)}</p>" + table([self.t["outcome"], self.t["unit"]] + [esc(a.label) for a in res.arms], rows)
                + figure(fig, intro))

    def over_time(self) -> str:
        figs = "".join(figure(plots.plot_outcome(self.res, o, lang=self.lang), L.outcome_label(o, self.lang))
                       for o in TIME_OUTCOMES if o in self.res.info)
        return f"<p>{esc(self.t['time_intro'])}</p><div class=grid>{figs}</div>"

    def per_wijk(self) -> str:
        figs = "".join(figure(plots.plot_wijken(self.res, o, lang=self.lang), L.outcome_label(o, self.lang))
                       for o in WIJK_OUTCOMES if o in self.res.info)
        return f"<p>{esc(self.t['wijken_intro'])}</p>{figs}"

    def calibration(self) -> str:
        t, res = self.t, self.res
        cal = res.calibration
        if cal.empty:
            return ""
        names = list(dict.fromkeys(cal["name"]))
        rows = []
        for name in names:
            d = cal[cal["name"] == name]
            target = str(d.target.iloc[0])
            pct = "%" in target
            cells = [esc(CALIBRATION_NL.get(name, name) if self.lang == "nl" else name),
                     esc(target.replace(".", ",") if self.lang == "nl" else target)]
            for a in res.arms:
                m = d[d.label == a.label]
                vals = m.model.to_numpy(dtype=float)
                iv = {k: float(np.asarray(x)) for k, x in interval(vals).items()}
                low, high = float(m.low.iloc[0]), float(m.high.iloc[0])
                verdict = t["na"] if math.isnan(iv["mean"]) else t["near"] if low <= iv["mean"] <= high else t["off"]
                cells.append(with_interval(iv, "x_share" if pct else "x", self.lang) + f" <span class=ci>{esc(verdict)}</span>")
            rows.append(cells)
        sources = sorted(set(cal["source"]))
        return (f"<p>{esc(t['calibration_intro'])}</p>" +
                table([t["cal_name"], t["cal_target"]] + [esc(a.label) for a in res.arms], rows) +
                f'<p class="meta">{esc("; ".join(sources))}</p>')

    def assumptions(self) -> str:
        t, res = self.t, self.res
        if not self.params:
            values = res.arms[0].parameters
            rows = [[f"<code>{esc(k)}</code>", esc(v)] for k, v in values.items()]
            return f'<p class="note">{esc(t["defaults_unknown"])}</p>' + table([t["key"], t["value"]], rows)
        by_source: dict[str, list[str]] = {}
        for k, p in self.params.items():
            for src in [s.strip() for s in p["source"].split(";")] or ["-"]:
                by_source.setdefault(src or "-", []).append(k)
        n_assumed = sum(1 for p in self.params.values() if "assumption" in p["source"])
        out = f"<p>{t['assumptions_intro']}</p><p><b>{esc(t['assumption_count'].format(n=n_assumed, total=len(self.params)))}</b></p>"
        rows = [[esc(src), str(len(keys)), ", ".join(f"<code>{esc(k)}</code>" for k in keys)]
                for src, keys in sorted(by_source.items(), key=lambda kv: (-len(kv[1]), kv[0])) if src != "-"]
        out += table([t["source"], "n", t["key"]], rows)
        values = [a.parameters for a in res.arms]
        rows = []
        for k, p in self.params.items():
            vals = [v.get(k, "") for v in values]
            rows.append([f"<code>{esc(k)}</code>"] + [esc(x) for x in vals] +
                        [esc(p["default"]), esc(p["unit"]), esc(p["allowed"]), esc(p["meaning"]), esc(p["source"])])
        out += (f"<details><summary>{esc(t['all_params'])} ({len(rows)})</summary>" +
                table([t["key"]] + [esc(a.label) for a in res.arms] +
                      [t["default"], t["unit"], t["range"], t["meaning"], t["source"]], rows) + "</details>")
        return out

    def reproduce(self) -> str:
        lines = sorted({str(r.get("command_line", "")) for a in self.res.arms for r in a.runs[:1]})
        return "<pre>" + esc("\n".join(lines)) + "</pre>"

    # ----- the whole -----------------------------------------------------------------------------
    def build(self) -> str:
        t, res = self.t, self.res
        self.add("kort", t["s_short"], self.short())
        self.add("lezen", t["s_reading"], f"<p>{t['reading']}</p>")
        self.add("run", t["s_run"], self.what_was_run())
        self.add("kerncijfers", t["s_headline"], self.headline())
        self.add("effect", t["s_effect"], self.effect())
        if len(res.arms) > 1:
            self.add("opschaling", t["s_scale"], self.side_by_side())
        self.add("ladder", t["s_ladder"], self.theme(t["ladder_intro"], plots.LADDER, plots.plot_ladder(res, self.lang)))
        self.add("eenzaamheid", t["s_lonely"], self.theme(t["lonely_intro"], plots.LONELINESS + ["participant_loneliness_smd"],
                                                          plots.plot_loneliness(res, self.lang)))
        self.add("houding", t["s_attitudes"], self.theme(t["attitudes_intro"], ["tolerance_mean"] + plots.ATTITUDES,
                                                         plots.plot_attitudes(res, self.lang)))
        self.add("zorg", t["s_care"], self.theme(t["care_intro"], plots.CARE, plots.plot_care(res, self.lang)))
        self.add("inzet", t["s_hours"], self.theme(t["hours_intro"], ["kwartiermaker_hours", "client_hours_total",
                                                                      "neighbourhood_hours_total", "cost", "cost_per_success"],
                                                   plots.plot_hours_cost(res, self.lang)))
        self.add("tijd", t["s_time"], self.over_time())
        self.add("wijken", t["s_wijken"], self.per_wijk())
        self.add("kalibratie", t["s_calibration"], self.calibration())
        self.add("aannames", t["s_assumptions"], self.assumptions())
        self.add("reproduceren", t["reproduce"], self.reproduce())
        version = res.arms[0].runs[0].get("program_version", "?")
        date = datetime.date.today().isoformat()
        nav = "".join(f'<li><a href="#{i}">{esc(title)}</a></li>' for i, title, _ in self.sections)
        body = "".join(f'<section id="{i}"><h2>{esc(title)}</h2>{h}</section>' for i, title, h in self.sections)
        return (f'<!DOCTYPE html>\n<html lang="{self.lang}"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<link rel="icon" href="data:,"><title>{esc(t["title"])}</title><style>{CSS}</style></head><body>'
                f'<header><h1>{esc(t["title"])}</h1><p class="sub">{esc(t["subtitle"])}</p>'
                f'<p class="meta">{esc(t["generated"].format(date=date, version=version))} · '
                f'{esc(", ".join(os.path.basename(f) for f in res.files))}</p></header>'
                f'<nav><h2>{esc(t["toc"])}</h2><ol>{nav}</ol></nav>{body}'
                f'<footer>{esc(t["footer"])}</footer></body></html>\n')


def build(paths: list[str], lang: str = "nl", program: str | None = None) -> str:
    """The report's HTML text for the files `paths`."""
    if lang not in L.LANGUAGES:
        raise ReportError(f"--lang '{lang}' is not known (allowed: nl, en)")
    return Report(load_many(paths), lang, find_program(program)).build()


def write(paths: list[str], out: str, lang: str = "nl", program: str | None = None) -> None:
    text = build(paths, lang, program)
    partial = out + ".partial"
    try:
        with open(partial, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(partial, out)
    except OSError as e:
        raise ReportError(f"cannot write output '{out}' ({e.strerror})") from None


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise ReportError(f"command line: {message} (see kwartier report --help)")


def main(argv: list[str] | None = None) -> int:
    p = _Parser(prog="kwartier report", description=(
        "Writes one self-contained HTML report (Dutch or English) of Kwartier output files: what was run, headline "
        "figures per wijk with 95% intervals, the effect against the baseline, scenarios side by side, plots over "
        "time and per wijk, and the assumptions and sources behind the parameters. Give e.g. the pilot and the "
        "baseline: kwartier report pilot.h5 baseline.h5 -o report.html"))
    p.add_argument("files", nargs="+", metavar="FILE.h5", help="output files of kwartier run (or an experiment)")
    p.add_argument("--lang", default="nl", help="nl (default) or en")
    p.add_argument("-o", "--out", default="report.html", help="the HTML file to write (default report.html)")
    p.add_argument("--kwartier", default=None, help="the kwartier program (for parameter defaults and sources)")
    try:
        args = p.parse_args(argv)
        if args.lang not in L.LANGUAGES:
            raise ReportError(f"command line: --lang '{args.lang}' is not known (allowed: nl, en)")
        for f in args.files:
            if not os.path.isfile(f):
                raise ReportError(f"file '{f}' not found")
        write(args.files, args.out, args.lang, args.kwartier)
    except (ReportError, FileError) as e:
        print(f"kwartier: error: {e}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
