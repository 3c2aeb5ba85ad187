"""kwartier_analysis.load on real files: a run, several runs, an experiment."""
import h5py
import numpy as np
import pandas as pd
import pytest

import kwartier_analysis as ka
from conftest import WEEKS
from kwartier_analysis import stats


@pytest.fixture(scope="module")
def pilot(files):
    return ka.load(files["pilot"])


@pytest.fixture(scope="module")
def both(files):
    return ka.load_many([files["pilot"], files["baseline"]])


def test_run_is_one_arm_with_one_replicate(pilot):
    assert pilot.labels == ["oss-pilot"]
    arm = pilot.arms[0]
    assert arm.replicates == 1 and arm.variant_label == "base" and not arm.is_baseline
    assert list(arm.wijken.name) == ["Ussen", "Oss-Zuid"]
    assert arm.weekly["reached"].shape == (1, WEEKS, 2)
    assert arm.parameters["run.weeks"] == str(WEEKS)


def test_every_table_is_tidy(both):
    expected = {
        "variants": {"label", "file", "replicates", "weeks", "wijken", "active_wijken", "kwartiermakers", "baseline"},
        "runs": {"label", "seed", "replicate", "program_version", "git_commit", "command_line"},
        "wijken": {"label", "code", "name", "adults", "vulnerable", "niches", "kwartiermakers", "active"},
        "outcomes": {"outcome", "unit", "description", "combine"},
        "weekly": {"label", "replicate", "week", "wijk", "name", "outcome", "value"},
        "municipality": {"label", "replicate", "week", "outcome", "value"},
        "final": {"label", "replicate", "wijk", "name", "outcome", "value"},
        "summary": {"label", "wijk", "name", "outcome", "n", "mean", "sd", "ci_low", "ci_high"},
        "trajectories": {"label", "replicate", "wijk", "outcome", "start_week", "end_week", "wish"},
        "calibration": {"label", "replicate", "name", "target", "model", "low", "high", "source"},
    }
    for name, columns in expected.items():
        table = getattr(both, name)
        assert isinstance(table, pd.DataFrame), name
        assert columns <= set(table.columns), (name, columns - set(table.columns))
        assert len(table), name
    n_outcomes = len(both.outcomes)
    assert len(both.weekly) == 2 * WEEKS * 2 * n_outcomes
    assert len(both.municipality) == 2 * WEEKS * n_outcomes
    assert set(both.variants.baseline) == {True, False}
    assert set(both.trajectories.label) == {"oss-pilot"}  # the baseline has none
    assert set(both.trajectories.outcome) <= {"running", "success", "not_worked", "dropped_out"}


def test_municipality_follows_the_combine_rule(files, pilot):
    finals = pilot.finals(pilot.arms[0])
    with h5py.File(files["pilot"], "r") as f:
        for name, ds in f["summary/final"].items():
            assert finals[name][0, -1] == pytest.approx(ds.attrs["municipality"], rel=1e-9, abs=1e-12), name
            assert np.allclose(finals[name][0, :-1], ds[()], equal_nan=True), name


def test_derived_figures(pilot):
    s = pilot.summary.set_index(["wijk", "outcome"])["mean"]
    hours = pilot.arms[0].weekly["client_hours"].sum() + pilot.arms[0].weekly["neighbourhood_hours"].sum()
    assert s["all", "kwartiermaker_hours"] == pytest.approx(hours)
    if s["all", "ended_success"] > 0:
        assert s["all", "cost_per_success"] == pytest.approx(s["all", "cost"] / s["all", "ended_success"])
    assert s["all", "successes_per_active_wijk"] == pytest.approx(s["all", "ended_success"] / 2)


def test_one_replicate_has_no_interval(pilot):
    iv = pilot.interval("oss-pilot", "reached")
    assert iv["n"] == 1 and np.isnan(iv["ci_low"]) and np.isnan(iv["sd"])


def test_series_and_band(pilot):
    s = pilot.series("lonely_share")
    assert s.shape == (WEEKS, 2) and ((s >= 0) & (s <= 1)).all().all()
    b = pilot.band("reached")
    assert list(b.week) == list(range(1, WEEKS + 1))
    assert np.all(np.diff(b["mean"]) >= 0)


def test_baseline_pairs_with_pilot(both):
    pilot, base = both.arms
    assert base.is_baseline and both.baseline_for(pilot) is base and both.baseline_for(base) is None
    d = both.difference(pilot, base, "reached")
    assert d["paired"] and d["mean"] == both.interval("oss-pilot", "reached")["mean"]


def test_experiment(experiment):
    res = ka.load(experiment["path"])
    assert [a.replicates for a in res.arms] == [3, 3]
    assert res.labels == ["oss-pilot: kwartiermaker.pressure=0", "oss-pilot: kwartiermaker.pressure=0.5"]
    assert res.arms[1].parameters["kwartiermaker.pressure"] == "0.5"
    # the arrays are the runs' own
    with h5py.File(experiment["runs"][1][2], "r") as f:
        assert np.array_equal(res.arms[1].weekly["reached"][2], f["weekly/reached"][()])
    # intervals agree with what the experiment file holds, computed independently of the reader
    with h5py.File(experiment["path"], "r") as f:
        stored = f["summary/final_municipality/vulnerable_lonely_share"]
        for v, a in enumerate(res.arms):
            iv = res.interval(a.label, "vulnerable_lonely_share")
            assert iv["n"] == 3
            assert iv["mean"] == pytest.approx(stored["mean"][v])
            assert iv["ci_low"] == pytest.approx(stored["ci_low"][v])
            assert iv["ci_low"] <= iv["mean"] <= iv["ci_high"]
        band = res.band("reached")
        wm = f["summary/weekly_municipality/reached/mean"][()]
        assert np.allclose(band[band.label == res.labels[0]]["mean"], wm[0])
    assert set(res.final.replicate) == {0, 1, 2}
    assert len(res.runs) == 6


def test_t_quantiles():
    assert stats.t975(2) == pytest.approx(4.30265)
    assert stats.t975(35) == pytest.approx(2.0301, abs=2e-4)
    assert stats.t975(10 ** 6) == pytest.approx(1.96, abs=1e-3)
    iv = stats.interval(np.array([1.0, 2.0, 3.0]))
    assert iv["ci_high"] - iv["mean"] == pytest.approx(4.30265 / np.sqrt(3))


def test_bad_files(tmp_path):
    with pytest.raises(ka.FileError, match="not found"):
        ka.load(str(tmp_path / "missing.h5"))
    bad = tmp_path / "bad.h5"
    bad.write_text("not hdf5")
    with pytest.raises(ka.FileError, match="not an HDF5 file"):
        ka.load(str(bad))
    with h5py.File(tmp_path / "other.h5", "w") as f:
        f.create_group("something")
    with pytest.raises(ka.FileError, match="not a Kwartier output file"):
        ka.load(str(tmp_path / "other.h5"))


def test_real_experiment_file(replicates_file):
    res = ka.load(replicates_file)
    assert res.labels == ["oss-pilot"] and res.arms[0].replicates == 3
    assert list(res.runs.replicate) == [0, 1, 2]
    with h5py.File(replicates_file, "r") as f:
        assert f.attrs["kind"] == "experiment"
        # each replicate has its own population: the whole area's value is each run's own
        own = [f[f"runs/v0000/r{r:04d}/summary/final/vulnerable_lonely_share"].attrs["municipality"] for r in range(3)]
        stored_ci = f["summary/final/reached/ci_low"][0]
    iv = res.interval("oss-pilot", "vulnerable_lonely_share")
    assert iv["n"] == 3 and iv["mean"] == pytest.approx(np.mean(own))
    assert res.interval("oss-pilot", "reached", "OSS-04")["ci_low"] == pytest.approx(stored_ci[0], rel=1e-3)  # t to 3-4 digits
