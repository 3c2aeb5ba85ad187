"""The HTML report: its content in Dutch and English, the `kwartier report` command,
and the report rendered in headless Chromium (no console messages, a screenshot).

The screenshot goes to $KWARTIER_SCREENSHOT_DIR (CTest: the build's tests/ folder)
or the test's temporary folder.
"""
import os
import re
import shutil
import subprocess

import pytest

from conftest import BINARY
from kwartier_analysis import report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def html_nl(files):
    return report.build([files["pilot"], files["baseline"]], "nl", BINARY)


def _external(html: str) -> list[str]:
    """Addresses the page would fetch: anything in src/href that is not inline or an anchor."""
    return [u for u in re.findall(r'(?:src|href)="([^"]*)"', html) if not u.startswith(("data:", "#"))]


def test_dutch_report(html_nl):
    for heading in ["In het kort", "Wat is er gerekend", "Kerncijfers per wijk", "Vergeleken met niets doen",
                    "Opschaling naast elkaar", "Participatieladder", "Eenzaamheid", "Houding van de buurt",
                    "Zorgvraag", "Inzet en kosten van kwartiermakers", "Verloop in de tijd", "Per wijk",
                    "Aannames en bronnen"]:
        assert f">{heading}</h2>" in html_nl, heading
    assert '<html lang="nl">' in html_nl
    assert "1 replicatie: geen interval; draai met --replicates 20" in html_nl
    assert "doel 1–2" in html_nl or "1–2 per wijk" in html_nl
    assert "oss-pilot − oss-baseline" in html_nl  # the effect against doing nothing
    assert "programme.active_wijken" in html_nl and "assumption" in html_nl  # changed parameters, sources
    assert html_nl.count("data:image/png;base64,") >= 15
    assert _external(html_nl) == []
    assert "<script" not in html_nl


def test_english_report(files):
    html = report.build([files["pilot"], files["baseline"]], "en", BINARY)
    assert '<html lang="en">' in html
    for heading in ["In short", "What was run", "Headline figures per wijk", "Against doing nothing",
                    "Assumptions and sources"]:
        assert f">{heading}</h2>" in html, heading
    assert "1 replicate: no interval; run with --replicates 20" in html
    assert "Kerncijfers" not in html and "bewoners" not in html


def test_experiment_report_has_intervals(experiment, replicates_file):
    html = report.build([experiment["path"]], "en", BINARY)
    assert "3 replicates: figures are means with a 95% interval" in html
    assert html.count('<span class=ci>(') > 20
    assert "kwartiermaker.pressure=0.5" in html
    html = report.build([replicates_file], "nl", BINARY)  # a real `kwartier run --replicates 3` file
    assert "3 replicaties: de getallen zijn gemiddelden met een 95%-interval" in html


def test_command(files, tmp_path):
    out = tmp_path / "report.html"
    r = subprocess.run([BINARY, "report", files["pilot"], files["baseline"], "-o", str(out), "--lang", "en"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not (tmp_path / "report.html.partial").exists()
    for args, message in [([files["pilot"], "--lang", "fr"], "--lang 'fr' is not known (allowed: nl, en)"),
                          ([str(tmp_path / "missing.h5")], "missing.h5' not found"),
                          ([], "required: FILE.h5"),
                          ([files["pilot"], "-o", str(tmp_path / "no" / "dir.html")], "cannot write output")]:
        r = subprocess.run([BINARY, "report", *args], capture_output=True, text=True)
        assert r.returncode == 2, (args, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("kwartier: error: ") and message in lines[0], r.stderr


def chromium(url: str, tmp_path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-background-networking", "--enable-logging=stderr", "--v=0",
                           f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars", *extra, url],
                          capture_output=True, text=True, timeout=120)


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (bash .ci/install-deps)")
def test_checker_sees_console_errors(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html><body><script>console.error('boom'); nothing();</script></body></html>")
    r = chromium(page.as_uri(), tmp_path, "--dump-dom")
    assert len(console_messages(r.stderr)) == 2, r.stderr


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (bash .ci/install-deps)")
def test_report_renders_in_chromium(files, tmp_path):
    shots = os.environ.get("KWARTIER_SCREENSHOT_DIR") or str(tmp_path)
    os.makedirs(shots, exist_ok=True)
    page = tmp_path / "report.html"
    r = subprocess.run([BINARY, "report", files["pilot"], files["baseline"], "-o", str(page)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr

    dom = chromium(page.as_uri(), tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr
    assert console_messages(dom.stderr) == []
    for heading in ["In het kort", "Kerncijfers per wijk", "Vergeleken met niets doen", "Aannames en bronnen"]:
        assert heading in dom.stdout, heading
    assert dom.stdout.count("<img") >= 15

    shot = os.path.join(shots, "report-nl.png")
    if os.path.exists(shot):
        os.remove(shot)
    r = chromium(page.as_uri(), tmp_path, f"--screenshot={shot}", "--window-size=1280,2400")
    assert r.returncode == 0, r.stderr
    assert console_messages(r.stderr) == []
    with open(shot, "rb") as f:
        png = f.read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000  # a rendered page, not a blank one
