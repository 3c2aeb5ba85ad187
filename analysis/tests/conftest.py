"""Small real output files made by the program (KWARTIER_BINARY) for the tests:
the pilot and its baseline (20 weeks), and an experiment of two variants × three
replicates built from single runs in the experiment layout (experiment_file.py)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "analysis"))
sys.path.insert(0, HERE)

BINARY = os.environ.get("KWARTIER_BINARY", os.path.join(ROOT, "build", "sim", "kwartier"))
WEEKS = 20


def run(scenario: str, out, *overrides: str) -> str:
    subprocess.run([BINARY, "run", os.path.join(ROOT, "scenarios", scenario), "-q", "--run.weeks", str(WEEKS),
                    "--out", str(out), *overrides], check=True)
    return str(out)


@pytest.fixture(scope="session")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("runs")
    return {"pilot": run("oss-pilot.ini", d / "pilot.h5"), "baseline": run("oss-baseline.ini", d / "baseline.h5")}


@pytest.fixture(scope="session")
def experiment(tmp_path_factory):
    import experiment_file
    d = tmp_path_factory.mktemp("experiment")
    pressures = ["0", "0.5"]
    runs = [[run("oss-pilot.ini", d / f"v{v}r{r}.h5", "--run.replicate", str(r), "--kwartiermaker.pressure", p)
             for r in range(3)] for v, p in enumerate(pressures)]
    out = d / "experiment.h5"
    experiment_file.write(str(out), runs, ["kwartiermaker.pressure"], [[p] for p in pressures], "pressure sweep")
    return {"path": str(out), "runs": runs}


@pytest.fixture(scope="session")
def replicates_file(tmp_path_factory):
    """A real experiment file: `kwartier run --replicates 3`."""
    return run("oss-pilot.ini", tmp_path_factory.mktemp("replicates") / "pilot-r3.h5", "--replicates", "3")
