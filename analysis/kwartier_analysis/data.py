"""Kwartier output files (HDF5) as tidy pandas tables.

Two kinds of file hold the same per-run content:

* a run (`kwartier run`; root attribute `kind` absent or "run"): one run at the root;
* an experiment (`kind` = "experiment"; `kwartier run --replicates R`, `kwartier sweep`):
  variants × replicates, each run in /runs/vNNNN/rNNNN/ laid out as a run file's root.

Both load into a `Results`: a list of arms (one per variant; a run file is one arm
with one replicate) holding arrays, from which the tidy tables are built on first
use. Several files load into one `Results` with `load_many`, so that a pilot, its
baseline and a municipality run sit side by side. Intervals are always computed
here from the runs (mean ± t·sd/√n over replicates), the same rule the experiment
writer uses, so that derived figures (cost per success, hours) get them too.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property

import h5py
import numpy as np
import pandas as pd

from . import stats

ALL = "all"  # the wijk code of the whole simulated area in tidy tables
OUTCOME_NAMES = ["running", "success", "not_worked", "dropped_out"]


class FileError(Exception):
    """A file that is missing or is not a Kwartier output file."""


def _str(v) -> str:
    return v.decode("utf-8") if isinstance(v, bytes) else str(v)


def _strings(ds) -> list[str]:
    return [_str(s) for s in ds[()]]


def _attrs(obj) -> dict:
    out = {}
    for k, v in obj.attrs.items():
        if isinstance(v, bytes):
            v = v.decode("utf-8")
        elif isinstance(v, np.generic):
            v = v.item()
        elif isinstance(v, np.ndarray) and v.dtype.kind in "OS":
            v = [_str(x) for x in v]
        out[k] = v
    return out


def parse_ini(text: str) -> dict[str, str]:
    """The resolved scenario text ("[section]" then "key = value") as {"section.key": "value"}."""
    out, section = {}, ""
    for line in (text or "").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif "=" in line:
            k, v = line.split("=", 1)
            out[f"{section}.{k.strip()}" if section else k.strip()] = v.strip()
    return out


@dataclass
class Arm:
    """One variant of one file: R replicates of the same scenario."""
    label: str                      # shown in tables and legends
    file: str
    variant: int                    # index of the variant in its file
    variant_label: str              # "base" or e.g. "kwartiermaker.pressure=0.25"
    scenario: str                   # resolved INI text of every parameter
    wijken: pd.DataFrame            # one row per wijk
    weeks: np.ndarray               # [W]
    weekly: dict[str, np.ndarray]   # outcome -> [R, W, K]
    runs: list[dict]                # root attributes of each run
    trajectories: pd.DataFrame
    calibration: pd.DataFrame
    smd: np.ndarray                 # participants' loneliness SMD per replicate [R]
    cost_per_success: np.ndarray    # [R, K] as written by the program
    weights: dict[str, np.ndarray]  # adults, vulnerable, niches per replicate [R, K] (the population differs)
    file_metadata: dict = field(default_factory=dict)

    @property
    def replicates(self) -> int:
        return len(self.runs)

    @property
    def parameters(self) -> dict[str, str]:
        return parse_ini(self.scenario)

    @property
    def is_baseline(self) -> bool:
        """No kwartiermakers anywhere: the counterfactual of 'doing nothing'."""
        return not bool(np.any(self.wijken["active"])) and not bool(np.any(self.wijken["kwartiermakers"] > 0))


def _read_run(g, codes: list[str] | None = None) -> dict:
    """One run's content from a group laid out as a run file's root."""
    names = _strings(g["wijken/name"])
    codes_here = _strings(g["wijken/code"])
    wijken = pd.DataFrame({
        "code": codes_here, "name": names,
        "adults": g["wijken/adults"][()].astype(float), "vulnerable": g["wijken/vulnerable"][()].astype(float),
        "niches": g["wijken/niches"][()].astype(float), "kwartiermakers": g["wijken/kwartiermakers"][()].astype(float),
        "active": g["wijken/active"][()].astype(bool),
        "population": g["wijken/population"][()].astype(float) if "population" in g["wijken"] else np.nan,
        "source": _strings(g["wijken/source"]) if "source" in g["wijken"] else "",
    })
    weekly, info = {}, {}
    for name, ds in g["weekly"].items():
        if name == "week":
            continue
        weekly[name] = ds[()].astype(float)
        info[name] = {k: _str(ds.attrs.get(k, "")) for k in ("unit", "description", "combine")}
    t = pd.DataFrame({k: v[()] for k, v in g["trajectories"].items()}) if "trajectories" in g else pd.DataFrame()
    niche_types = _strings(g["legend/niche_types"]) if "legend/niche_types" in g else []
    outcome_names = _strings(g["legend/outcomes"]) if "legend/outcomes" in g else OUTCOME_NAMES
    if len(t):
        t["outcome"] = [outcome_names[o] for o in t["outcome"]]
        for col in ("wish", "activity"):
            if col in t and niche_types:
                t[col] = [niche_types[x] if 0 <= x < len(niche_types) else "" for x in t[col]]
        t["wijk"] = [codes_here[w] for w in t["wijk"]]
    cal = g.get("summary/calibration")
    calibration = pd.DataFrame({
        "name": _strings(cal["name"]), "target": _strings(cal["target"]), "model": cal["model"][()],
        "low": cal["low"][()], "high": cal["high"][()], "source": _strings(cal["source"]),
    }) if cal is not None else pd.DataFrame(columns=["name", "target", "model", "low", "high", "source"])
    pl = g.get("summary/participant_loneliness")
    smd = float(pl.attrs["smd"]) if pl is not None and "smd" in pl.attrs else np.nan
    cps = g["summary/cost_per_success"][()].astype(float) if "summary/cost_per_success" in g else np.full(len(codes_here), np.nan)
    return {"wijken": wijken, "weeks": g["weekly/week"][()], "weekly": weekly, "info": info, "trajectories": t,
            "calibration": calibration, "smd": smd, "cost_per_success": cps, "attrs": _attrs(g)}


def _arm(path: str, variant: int, variant_label: str, scenario: str, runs: list[dict], file_meta: dict) -> Arm:
    first = runs[0]
    trajectories = pd.concat([r["trajectories"].assign(replicate=i) for i, r in enumerate(runs)], ignore_index=True)
    calibration = pd.concat([r["calibration"].assign(replicate=i) for i, r in enumerate(runs)], ignore_index=True)
    weekly = {name: np.stack([r["weekly"][name] for r in runs]) for name in first["weekly"]}
    return Arm(label=variant_label, file=path, variant=variant, variant_label=variant_label, scenario=scenario,
               wijken=first["wijken"], weeks=first["weeks"], weekly=weekly, runs=[r["attrs"] for r in runs],
               trajectories=trajectories, calibration=calibration, smd=np.array([r["smd"] for r in runs]),
               cost_per_success=np.stack([r["cost_per_success"] for r in runs]), file_metadata=file_meta,
               weights={c: np.stack([r["wijken"][c].to_numpy(dtype=float) for r in runs])
                        for c in ("adults", "vulnerable", "niches")})


def _scenario_stem(meta: dict, path: str) -> str:
    f = meta.get("scenario_file") or path
    return os.path.splitext(os.path.basename(str(f)))[0]


def load(path: str) -> "Results":
    """Reads one Kwartier output file (a run or an experiment)."""
    if not os.path.exists(path):
        raise FileError(f"file '{path}' not found")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise FileError(f"'{path}' is not an HDF5 file ({e})") from None
    with f:
        meta = _attrs(f)
        kind = meta.get("kind", "run")
        info: dict = {}
        arms = []
        if kind == "run":
            if "weekly" not in f or "wijken" not in f:
                raise FileError(f"'{path}' is not a Kwartier output file (no /weekly or /wijken)")
            r = _read_run(f)
            info = r["info"]
            arms.append(_arm(path, 0, "base", meta.get("scenario", ""), [r], meta))
        elif kind == "experiment":
            if "variants" not in f or "runs" not in f:
                raise FileError(f"'{path}': an experiment file without /variants or /runs")
            labels = _strings(f["variants/label"])
            scenarios = _strings(f["variants/scenario"]) if "variants/scenario" in f else [meta.get("scenario", "")] * len(labels)
            for v, label in enumerate(labels):
                g = f[f"runs/v{v:04d}"]
                runs = [_read_run(g[name]) for name in sorted(g)]
                if not runs:
                    raise FileError(f"'{path}': variant {v} has no runs")
                info = info or runs[0]["info"]
                arms.append(_arm(path, v, label, scenarios[v], runs, meta))
        else:
            raise FileError(f"'{path}': unknown file kind '{kind}' (expected run or experiment)")
    stem = _scenario_stem(meta, path)
    for a in arms:
        a.label = stem if len(arms) == 1 else f"{stem}: {a.variant_label}"
    return Results(arms, info, [path])


def load_many(paths: list[str]) -> "Results":
    """Reads several files into one Results, one arm per variant, in the order given."""
    parts = [load(p) for p in paths]
    arms = [a for r in parts for a in r.arms]
    seen: dict[str, int] = {}
    for a in arms:  # two files of the same scenario: tell them apart by file name
        seen[a.label] = seen.get(a.label, 0) + 1
    for a in arms:
        if seen[a.label] > 1:
            a.label = f"{a.label} ({os.path.basename(a.file)})"
    info = {}
    for r in parts:
        info.update(r.info)
    return Results(arms, info, list(paths))


class Results:
    """Arms (variants of one or more files) with tidy tables built from them.

    Tables (pandas DataFrames, long form, `label` names the arm):
      variants      one row per arm: file, scenario, replicates, wijken, kwartiermakers
      runs          one row per run: label, replicate, seed, weeks, version, commit, command line
      wijken        label, code, name, adults, vulnerable, niches, kwartiermakers, active
      outcomes      outcome, unit, description, combine
      weekly        label, replicate, week, wijk, name, outcome, value   (per wijk)
      municipality  label, replicate, week, outcome, value                (wijken added up)
      final         label, replicate, wijk, name, outcome, value          (last week, derived figures too; wijk 'all')
      summary       label, wijk, name, outcome, n, mean, sd, ci_low, ci_high (over replicates)
      trajectories  label, replicate and the /trajectories columns
      calibration   label, replicate, name, target, model, low, high, source
    """

    def __init__(self, arms: list[Arm], info: dict, files: list[str]):
        self.arms = arms
        self.info = info
        self.files = files
        self._finals: dict[int, dict[str, np.ndarray]] = {}

    # ----- arrays ---------------------------------------------------------------------------
    def arm(self, label: str) -> Arm:
        for a in self.arms:
            if a.label == label:
                return a
        raise KeyError(label)

    @property
    def labels(self) -> list[str]:
        return [a.label for a in self.arms]

    def combine_rule(self, outcome: str) -> str:
        return self.info.get(outcome, {}).get("combine", "count")

    def area(self, arm: Arm, outcome: str) -> np.ndarray:
        """[R, W]: the outcome for all simulated wijken together (each replicate with its own weights)."""
        weights = {c: w[:, None, :] for c, w in arm.weights.items()}
        return stats.combine(arm.weekly[outcome], self.combine_rule(outcome), weights)

    def finals(self, arm: Arm) -> dict[str, np.ndarray]:
        """outcome -> [R, K + 1]: last-week values per wijk and (last column) all wijken,
        with derived figures: <flow>_total (sum over weeks of each 'per week' outcome),
        kwartiermaker_hours, cost_per_success, successes_per_active_wijk and
        participant_loneliness_smd (whole area only)."""
        if id(arm) not in self._finals:
            self._finals[id(arm)] = self._compute_finals(arm)
        return self._finals[id(arm)]

    def _compute_finals(self, arm: Arm) -> dict[str, np.ndarray]:
        out = {}
        for name, v in arm.weekly.items():
            out[name] = np.concatenate([v[:, -1, :], self.area(arm, name)[:, -1:]], axis=1)
        for name, v in arm.weekly.items():
            if self.info.get(name, {}).get("unit", "").endswith("/week"):
                per_wijk = np.nansum(v, axis=1)
                out[f"{name}_total"] = np.concatenate([per_wijk, per_wijk.sum(axis=1, keepdims=True)], axis=1)
        if "client_hours_total" in out and "neighbourhood_hours_total" in out:
            out["kwartiermaker_hours"] = out["client_hours_total"] + out["neighbourhood_hours_total"]
        if "cost" in out and "ended_success" in out:
            with np.errstate(invalid="ignore", divide="ignore"):
                out["cost_per_success"] = np.where(out["ended_success"] > 0, out["cost"] / out["ended_success"], np.nan)
        if "ended_success" in out:
            active = int(np.sum(arm.wijken["active"]))
            per = np.full_like(out["ended_success"], np.nan)
            if active:
                per[:, :-1] = np.where(arm.wijken["active"].to_numpy()[None, :], out["ended_success"][:, :-1], np.nan)
                per[:, -1] = out["ended_success"][:, -1] / active
            out["successes_per_active_wijk"] = per
        smd = np.full((arm.replicates, len(arm.wijken) + 1), np.nan)
        smd[:, -1] = arm.smd
        out["participant_loneliness_smd"] = smd
        return out

    def interval(self, label: str, outcome: str, wijk: str = ALL) -> dict[str, float]:
        """n, mean, sd, ci_low, ci_high of one final figure over replicates."""
        s = self.summary
        row = s[(s.label == label) & (s.wijk == wijk) & (s.outcome == outcome)]
        if row.empty:
            return {"n": 0, "mean": np.nan, "sd": np.nan, "ci_low": np.nan, "ci_high": np.nan}
        return row.iloc[0][["n", "mean", "sd", "ci_low", "ci_high"]].to_dict()

    def band(self, outcome: str, wijk: str = ALL) -> pd.DataFrame:
        """label, week, n, mean, ci_low, ci_high: one outcome over time with its interval."""
        frames = []
        for a in self.arms:
            if outcome not in a.weekly:
                continue
            if wijk == ALL:
                v = self.area(a, outcome)
            elif wijk in set(a.wijken.code):
                v = a.weekly[outcome][:, :, list(a.wijken.code).index(wijk)]
            else:
                continue
            iv = stats.interval(v, axis=0)
            frames.append(pd.DataFrame({"label": a.label, "week": a.weeks, **iv}))
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
            columns=["label", "week", "n", "mean", "sd", "ci_low", "ci_high"])

    def series(self, outcome: str, label: str | None = None, replicate: int = 0) -> pd.DataFrame:
        """Weeks × wijken table of one outcome for one arm and replicate (as kwartier_read)."""
        a = self.arms[0] if label is None else self.arm(label)
        return pd.DataFrame(a.weekly[outcome][replicate], index=pd.Index(a.weeks, name="week"),
                            columns=pd.Index(list(a.wijken.code), name="wijk"))

    # ----- tidy tables ----------------------------------------------------------------------
    def _cat(self, df: pd.DataFrame) -> pd.DataFrame:
        if "label" in df:
            df["label"] = pd.Categorical(df["label"], categories=self.labels)
        for c in ("wijk", "name", "outcome"):
            if c in df:
                df[c] = df[c].astype("category")
        return df

    @cached_property
    def outcomes(self) -> pd.DataFrame:
        return pd.DataFrame([{"outcome": k, **v} for k, v in sorted(self.info.items())])

    @cached_property
    def variants(self) -> pd.DataFrame:
        rows = []
        for a in self.arms:
            rows.append({
                "label": a.label, "file": a.file, "variant": a.variant, "variant_label": a.variant_label,
                "scenario_file": a.file_metadata.get("scenario_file", ""), "kind": a.file_metadata.get("kind", "run"),
                "replicates": a.replicates, "weeks": len(a.weeks), "wijken": len(a.wijken),
                "active_wijken": int(a.wijken.active.sum()), "kwartiermakers": float(a.wijken.kwartiermakers.sum()),
                "adults": float(a.weights["adults"].sum(axis=1).mean()),
                "vulnerable": float(a.weights["vulnerable"].sum(axis=1).mean()),
                "seed": a.runs[0].get("seed"), "baseline": a.is_baseline,
            })
        return self._cat(pd.DataFrame(rows))

    @cached_property
    def runs(self) -> pd.DataFrame:
        keys = ["seed", "replicate", "weeks", "program_version", "git_commit", "command_line", "threads", "scenario_file"]
        rows = [{"label": a.label, "replicate_index": i, **{k: r.get(k) for k in keys}}
                for a in self.arms for i, r in enumerate(a.runs)]
        return self._cat(pd.DataFrame(rows))

    @cached_property
    def wijken(self) -> pd.DataFrame:
        return self._cat(pd.concat([a.wijken.assign(label=a.label) for a in self.arms], ignore_index=True))

    @cached_property
    def weekly(self) -> pd.DataFrame:
        frames = []
        for a in self.arms:
            R, W, K = next(iter(a.weekly.values())).shape
            base = pd.DataFrame({
                "label": a.label,
                "replicate": np.repeat(np.arange(R), W * K),
                "week": np.tile(np.repeat(a.weeks, K), R),
                "wijk": np.tile(a.wijken.code.to_numpy(), R * W),
                "name": np.tile(a.wijken.name.to_numpy(), R * W),
            })
            for outcome, v in a.weekly.items():
                frames.append(base.assign(outcome=outcome, value=v.reshape(-1)))
        return self._cat(pd.concat(frames, ignore_index=True))

    @cached_property
    def municipality(self) -> pd.DataFrame:
        frames = []
        for a in self.arms:
            for outcome in a.weekly:
                v = self.area(a, outcome)
                R, W = v.shape
                frames.append(pd.DataFrame({"label": a.label, "replicate": np.repeat(np.arange(R), W),
                                            "week": np.tile(a.weeks, R), "outcome": outcome, "value": v.reshape(-1)}))
        return self._cat(pd.concat(frames, ignore_index=True))

    def _final_frames(self, summarise: bool) -> pd.DataFrame:
        frames = []
        for a in self.arms:
            codes = list(a.wijken.code) + [ALL]
            names = list(a.wijken.name) + [ALL]
            for outcome, v in self.finals(a).items():
                if summarise:
                    iv = stats.interval(v, axis=0)
                    frames.append(pd.DataFrame({"label": a.label, "wijk": codes, "name": names, "outcome": outcome, **iv}))
                else:
                    R, K = v.shape
                    frames.append(pd.DataFrame({"label": a.label, "replicate": np.repeat(np.arange(R), K),
                                                "wijk": codes * R, "name": names * R, "outcome": outcome,
                                                "value": v.reshape(-1)}))
        return self._cat(pd.concat(frames, ignore_index=True))

    @cached_property
    def final(self) -> pd.DataFrame:
        return self._final_frames(summarise=False)

    @cached_property
    def summary(self) -> pd.DataFrame:
        return self._final_frames(summarise=True)

    @cached_property
    def trajectories(self) -> pd.DataFrame:
        return self._cat(pd.concat([a.trajectories.assign(label=a.label) for a in self.arms], ignore_index=True))

    @cached_property
    def calibration(self) -> pd.DataFrame:
        return self._cat(pd.concat([a.calibration.assign(label=a.label) for a in self.arms], ignore_index=True))

    def baseline_for(self, arm: Arm) -> Arm | None:
        """The arm without kwartiermakers over the same wijken, if one was loaded."""
        if arm.is_baseline:
            return None
        for b in self.arms:
            if b.is_baseline and list(b.wijken.code) == list(arm.wijken.code) and len(b.weeks) == len(arm.weeks):
                return b
        return None

    def difference(self, arm: Arm, base: Arm, outcome: str) -> dict[str, float]:
        """arm − base, whole area, last week, with its 95% interval. Replicates are paired
        when both arms hold the same seeds and replicate numbers (same random streams), else
        the interval is Welch's."""
        x, y = self.finals(arm)[outcome][:, -1], self.finals(base)[outcome][:, -1]
        key = lambda a: [(r.get("seed"), r.get("replicate")) for r in a.runs]
        if key(arm) == key(base):
            iv = stats.interval(x - y)
            return {k: float(np.asarray(v)) for k, v in iv.items()} | {"paired": True}
        mx, my = np.nanmean(x), np.nanmean(y)
        nx, ny = np.sum(~np.isnan(x)), np.sum(~np.isnan(y))
        if nx < 2 or ny < 2:
            return {"n": float(min(nx, ny)), "mean": mx - my, "sd": np.nan, "ci_low": np.nan, "ci_high": np.nan, "paired": False}
        vx, vy = np.nanvar(x, ddof=1) / nx, np.nanvar(y, ddof=1) / ny
        se = np.sqrt(vx + vy)
        df = (vx + vy) ** 2 / (vx ** 2 / (nx - 1) + vy ** 2 / (ny - 1)) if se > 0 else nx + ny - 2
        half = stats.t975(max(1, int(df))) * se
        return {"n": float(min(nx, ny)), "mean": mx - my, "sd": np.nan, "ci_low": mx - my - half,
                "ci_high": mx - my + half, "paired": False}
