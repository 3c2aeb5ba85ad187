"""Read a Kwartier output file (HDF5) into pandas tables.

    import kwartier_read as kr
    run = kr.load("pilot.h5")
    run.weekly        # tidy: week, wijk code and name, outcome, value, unit
    run.trajectories  # one row per trajectory
    run.summary       # final week per wijk, wide
    run.calibration   # MODEL.md targets beside the model
    run.metadata      # seed, scenario text, version, commit, threads ...

Uses Debian's python3-h5py, numpy and pandas (call /usr/bin/python3).
Run as a script for a short report: /usr/bin/python3 analysis/kwartier_read.py pilot.h5
"""
from __future__ import annotations

import sys
from dataclasses import dataclass

import h5py
import numpy as np
import pandas as pd


def _strings(ds) -> list[str]:
    return [s.decode("utf-8") if isinstance(s, bytes) else str(s) for s in ds[:]]


@dataclass
class Run:
    metadata: dict
    wijken: pd.DataFrame
    weekly: pd.DataFrame
    trajectories: pd.DataFrame
    summary: pd.DataFrame
    calibration: pd.DataFrame

    def series(self, outcome: str) -> pd.DataFrame:
        """Weeks x wijken table of one outcome."""
        d = self.weekly[self.weekly.outcome == outcome]
        return d.pivot(index="week", columns="wijk", values="value")


def load(path: str) -> Run:
    with h5py.File(path, "r") as f:
        meta = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
        meta = {k: (v.item() if isinstance(v, np.generic) else v) for k, v in meta.items()}
        codes = _strings(f["wijken/code"])
        names = _strings(f["wijken/name"])
        wijken = pd.DataFrame({
            "code": codes, "name": names,
            "adults": f["wijken/adults"][:], "vulnerable": f["wijken/vulnerable"][:],
            "niches": f["wijken/niches"][:], "kwartiermakers": f["wijken/kwartiermakers"][:],
            "active": f["wijken/active"][:].astype(bool), "source": _strings(f["wijken/source"]),
        })
        weeks = f["weekly/week"][:]
        frames = []
        for name, ds in f["weekly"].items():
            if name == "week":
                continue
            values = ds[:]
            frames.append(pd.DataFrame({
                "week": np.repeat(weeks, len(codes)),
                "wijk": np.tile(codes, len(weeks)),
                "name": np.tile(names, len(weeks)),
                "outcome": name,
                "value": values.reshape(-1),
                "unit": ds.attrs["unit"],
            }))
        weekly = pd.concat(frames, ignore_index=True)
        trajectories = pd.DataFrame({k: v[:] for k, v in f["trajectories"].items()})
        outcome_names = _strings(f["legend/outcomes"])
        niche_types = _strings(f["legend/niche_types"])
        if len(trajectories):
            trajectories["outcome"] = [outcome_names[o] for o in trajectories["outcome"]]
            trajectories["wish"] = [niche_types[t] for t in trajectories["wish"]]
            trajectories["wijk"] = [codes[w] for w in trajectories["wijk"]]
        summary = pd.DataFrame({k: v[:] for k, v in f["summary/final"].items()})
        summary.insert(0, "wijk", codes)
        summary["cost_per_success"] = f["summary/cost_per_success"][:]
        cal = f["summary/calibration"]
        calibration = pd.DataFrame({
            "name": _strings(cal["name"]), "target": _strings(cal["target"]), "model": cal["model"][:],
            "low": cal["low"][:], "high": cal["high"][:], "source": _strings(cal["source"]),
        })
        smd = f["summary/participant_loneliness"].attrs
        meta["participant_loneliness_smd"] = float(smd["smd"])
    return Run(meta, wijken, weekly, trajectories, summary, calibration)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: kwartier_read.py FILE.h5", file=sys.stderr)
        return 2
    run = load(argv[1])
    print(f"{argv[1]}: kwartier {run.metadata['program_version']}, seed {run.metadata['seed']}, "
          f"{run.metadata['weeks']} weeks, {len(run.wijken)} wijken")
    print(run.summary[["wijk", "reached", "ended_success", "accepted_with_role", "lonely_share"]].to_string(index=False))
    print(run.calibration[["name", "target", "model"]].to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
