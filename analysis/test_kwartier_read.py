"""Reads a real output file made by the program (KWARTIER_BINARY) in the test."""
import os
import subprocess

import numpy as np
import pytest

import kwartier_read as kr

HERE = os.path.dirname(os.path.abspath(__file__))
BINARY = os.environ.get("KWARTIER_BINARY", os.path.join(HERE, "..", "build", "sim", "kwartier"))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "pilot.h5"
    subprocess.run([BINARY, "run", os.path.join(HERE, "..", "scenarios", "oss-pilot.ini"), "-q",
                    "--population.scale", "0.3", "--run.weeks", "12", "--run.burn_in", "2", "--out", str(out)],
                   check=True)
    return kr.load(str(out))


def test_metadata(run):
    assert run.metadata["program"] == "kwartier"
    assert run.metadata["weeks"] == 12
    assert "[kwartiermaker]" in run.metadata["scenario"]


def test_weekly_is_tidy(run):
    assert set(run.weekly.columns) >= {"week", "wijk", "outcome", "value", "unit"}
    loneliness = run.series("lonely_share")
    assert loneliness.shape == (12, 2)
    assert ((loneliness >= 0) & (loneliness <= 1)).all().all()
    assert list(run.wijken.name) == ["Ussen", "Oss-Zuid"]


def test_trajectories_and_summary(run):
    assert len(run.summary) == 2
    assert set(run.trajectories.outcome) <= {"running", "success", "not_worked", "dropped_out"}
    reached = run.series("reached")
    assert np.all(np.diff(reached.values, axis=0) >= 0)
    assert len(run.calibration) >= 8
