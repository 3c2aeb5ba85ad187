"""Intervals across replicates and the rule that adds wijken up to the whole area.

The 95% interval is the one the experiment writer uses: mean ± t(0.975, n-1)·sd/√n.
With one replicate sd and the interval are NaN: the report then says so instead
of showing an interval that is not there.
"""
from __future__ import annotations

import warnings

import numpy as np

# t(0.975, df), five decimals; between the rows linear in 1/df (error < 1e-4).
_T975 = {1: 12.7062, 2: 4.30265, 3: 3.18245, 4: 2.77645, 5: 2.57058, 6: 2.44691, 7: 2.36462,
         8: 2.30600, 9: 2.26216, 10: 2.22814, 11: 2.20099, 12: 2.17881, 13: 2.16037, 14: 2.14479,
         15: 2.13145, 16: 2.11991, 17: 2.10982, 18: 2.10092, 19: 2.09302, 20: 2.08596, 21: 2.07961,
         22: 2.07387, 23: 2.06866, 24: 2.06390, 25: 2.05954, 26: 2.05553, 27: 2.05183, 28: 2.04841,
         29: 2.04523, 30: 2.04227, 40: 2.02108, 50: 2.00856, 60: 2.00030, 80: 1.99006, 100: 1.98397,
         120: 1.97993, 200: 1.97190, 500: 1.96472, 1000: 1.96234}
_Z975 = 1.959964


def t975(df: int) -> float:
    """The 0.975 quantile of Student's t with df degrees of freedom (NaN for df < 1)."""
    if df < 1:
        return float("nan")
    if df in _T975:
        return _T975[df]
    keys = sorted(_T975)
    if df > keys[-1]:
        lo, hi, tlo, thi = keys[-1], float("inf"), _T975[keys[-1]], _Z975
    else:
        hi = next(k for k in keys if k > df)
        lo = max(k for k in keys if k < df)
        tlo, thi = _T975[lo], _T975[hi]
    w = (1 / lo - 1 / df) / (1 / lo - (0 if hi == float("inf") else 1 / hi))
    return tlo + w * (thi - tlo)


def interval(values: np.ndarray, axis: int = 0) -> dict[str, np.ndarray]:
    """mean, sd, n, ci_low, ci_high over `axis` (replicates), ignoring NaN."""
    v = np.asarray(values, dtype=float)
    n = np.sum(~np.isnan(v), axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices give NaN, as they should
        mean = np.nanmean(v, axis=axis)
        sd = np.nanstd(v, axis=axis, ddof=1) if v.shape[axis] > 1 else np.full_like(mean, np.nan)
        t = np.vectorize(lambda k: t975(int(k) - 1), otypes=[float])(n) if np.size(n) else n
        half = t * sd / np.sqrt(n)
    sd = np.where(n > 1, sd, np.nan)
    half = np.where(n > 1, half, np.nan)
    return {"n": n, "mean": mean, "sd": sd, "ci_low": mean - half, "ci_high": mean + half}


def combine(values: np.ndarray, rule: str, wijken) -> np.ndarray:
    """Adds the last axis (wijken) up to the whole area by the outcome's `combine` attribute.

    count: the sum; per adult / per vulnerable resident / per niche: the mean weighted
    by /wijken/adults, /wijken/vulnerable or /wijken/niches (wijken without a value,
    NaN, are left out, as are wijken with weight 0).
    """
    v = np.asarray(values, dtype=float)
    if rule == "count":
        return np.nansum(v, axis=-1)
    column = {"per adult": "adults", "per vulnerable resident": "vulnerable", "per niche": "niches"}.get(rule)
    if column is None:
        raise ValueError(f"unknown combine rule '{rule}'")
    w = np.broadcast_to(np.asarray(wijken[column], dtype=float), v.shape)
    w = np.where(np.isnan(v), 0.0, w)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(w.sum(axis=-1) > 0, np.nansum(np.nan_to_num(v) * w, axis=-1) / w.sum(axis=-1), np.nan)
