"""Kwartier's output files as tidy pandas tables, plots and an HTML report.

    import kwartier_analysis as ka
    res = ka.load("pilot.h5")                       # a run or an experiment file
    res = ka.load_many(["pilot.h5", "baseline.h5"])  # several, side by side
    res.summary      # final figures per wijk and for all wijken, with 95% intervals
    res.band("vulnerable_lonely_share")               # over time, with intervals
    ka.plots.plot_outcome(res, "reached", lang="en")  # a matplotlib Figure

Report: /usr/bin/python3 -m kwartier_analysis.report pilot.h5 baseline.h5 -o report.html
(or `kwartier report ...`). Uses Debian's python3-h5py, numpy, pandas and matplotlib.
"""
from .data import ALL, Arm, FileError, Results, load, load_many, parse_ini
from . import stats

__all__ = ["ALL", "Arm", "FileError", "Results", "load", "load_many", "parse_ini", "stats", "plots", "report"]


def __getattr__(name):  # plots and report import matplotlib: only when asked for
    if name in ("plots", "report", "labels"):
        import importlib
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(name)
