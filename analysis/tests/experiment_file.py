"""Builds an experiment file (root attribute kind="experiment") from single-run files,
in the layout `kwartier run --replicates R` and `kwartier sweep` write: /variants/*,
/runs/vNNNN/rNNNN/ (each a run file's root), /summary/* with mean, sd, ci_low, ci_high.

The tests use it to check the experiment reader against runs they made themselves;
it copies the runs' content unchanged, so the experiment's numbers are known.
"""
from __future__ import annotations

import h5py
import numpy as np

from kwartier_analysis import stats

STR = h5py.string_dtype("utf-8")


def _summary(group, name: str, values: np.ndarray) -> None:
    """mean, sd, ci_low, ci_high over axis 1 (replicates) of values [V, R, ...]."""
    iv = stats.interval(values, axis=1)
    g = group.create_group(name)
    for key in ("mean", "sd", "ci_low", "ci_high"):
        g.create_dataset(key, data=np.asarray(iv[key], dtype=float))


def write(out: str, runs: list[list[str]], keys: list[str], values: list[list[str]], experiment: str = "") -> None:
    """runs[v][r]: path of the single-run file of variant v, replicate r."""
    V, R = len(runs), len(runs[0])
    with h5py.File(out, "w") as f, h5py.File(runs[0][0], "r") as first:
        for k, v in first.attrs.items():
            f.attrs[k] = v
        f.attrs["kind"] = "experiment"
        f.attrs["experiment"] = experiment
        f.attrs["replicates"] = R
        f.attrs["variants"] = V
        first.copy("wijken", f)
        labels = [", ".join(f"{k}={x}" for k, x in zip(keys, vals)) or "base" for vals in values]
        g = f.create_group("variants")
        g.create_dataset("label", data=labels, dtype=STR)
        g.create_dataset("keys", data=keys, dtype=STR)
        g.create_dataset("values", data=np.array(values, dtype=object).reshape(V, len(keys)), dtype=STR)
        active, scenarios = [], []
        for v in range(V):
            with h5py.File(runs[v][0], "r") as src:
                active.append(src["wijken/active"][()].astype(np.uint8))
                scenarios.append(src.attrs["scenario"])
        g.create_dataset("active", data=np.array(active))
        g.create_dataset("scenario", data=scenarios, dtype=STR)
        weekly, final, muni_final = {}, {}, {}
        smd = np.full((V, R), np.nan)
        for v in range(V):
            for r in range(R):
                with h5py.File(runs[v][r], "r") as src:
                    dst = f.create_group(f"runs/v{v:04d}/r{r:04d}")
                    for name in src:
                        src.copy(name, dst)
                    for k, x in src.attrs.items():
                        dst.attrs[k] = x
                    smd[v, r] = src["summary/participant_loneliness"].attrs.get("smd", np.nan)
                    for name, ds in src["weekly"].items():
                        if name != "week":
                            weekly.setdefault(name, np.zeros((V, R) + ds.shape))[v, r] = ds[()]
                    for name, ds in src["summary/final"].items():
                        final.setdefault(name, np.zeros((V, R, ds.shape[0])))[v, r] = ds[()]
                        muni_final.setdefault(name, np.zeros((V, R)))[v, r] = ds.attrs["municipality"]
        s = f.create_group("summary")
        with h5py.File(runs[0][0], "r") as src:
            s.create_dataset("weekly/week", data=src["weekly/week"][()])
            wijken = {c: src[f"wijken/{c}"][()].astype(float) for c in ("adults", "vulnerable", "niches")}
            rules = {name: ds.attrs["combine"] for name, ds in src["weekly"].items() if name != "week"}
        for name, x in weekly.items():
            _summary(s.require_group("weekly"), name, x)
            _summary(s.require_group("weekly_municipality"), name, stats.combine(x, rules[name], wijken))
        for name, x in final.items():
            _summary(s.require_group("final"), name, x)
            _summary(s.require_group("final_municipality"), name, muni_final[name])
        iv = stats.interval(smd, axis=1)
        g = s.create_group("participant_loneliness_smd")
        for key in ("mean", "sd", "ci_low", "ci_high"):
            g.create_dataset(key, data=iv[key])
