"""Every plot function on real files, in both languages: a Figure with labelled axes,
a legend and the arms' Okabe-Ito colours."""
import matplotlib
import pytest

import kwartier_analysis as ka
from kwartier_analysis import labels, plots


@pytest.fixture(scope="module")
def res(files):
    return ka.load_many([files["pilot"], files["baseline"]])


def _texts(fig):
    out = []
    for ax in fig.axes:
        out += [ax.get_xlabel(), ax.get_ylabel(), ax.get_title()]
        out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        if ax.get_legend():
            out += [t.get_text() for t in ax.get_legend().get_texts()]
    for leg in fig.legends:
        out += [t.get_text() for t in leg.get_texts()]
    return " | ".join(out)


def _check(fig, tmp_path, name):
    assert isinstance(fig, matplotlib.figure.Figure)
    assert any(ax.get_xlabel() or ax.get_ylabel() for ax in fig.axes), name
    assert any(ax.get_legend() for ax in fig.axes) or fig.legends, name
    fig.savefig(tmp_path / f"{name}.png")
    assert (tmp_path / f"{name}.png").stat().st_size > 5000
    plots.plt.close(fig)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", sorted(plots.PLOTS))
def test_thematic_plots(res, tmp_path, name, lang):
    _check(plots.PLOTS[name](res, lang), tmp_path, f"{name}-{lang}")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_outcome_over_time(res, tmp_path, lang):
    for outcome in res.outcomes.outcome:
        fig = plots.plot_outcome(res, outcome, lang=lang)
        assert labels.display_unit(outcome, lang, res.info) == fig.axes[0].get_ylabel()
        assert fig.axes[0].get_xlabel().startswith("week")
        plots.plt.close(fig)
    _check(plots.plot_outcome(res, "vulnerable_lonely_share", wijk="OSS-04", lang=lang), tmp_path, "one-wijk")
    _check(plots.plot_wijken(res, "reached", lang=lang), tmp_path, "wijken")


def test_language_and_palette(res):
    nl, en = _texts(plots.plot_headline(res, "nl")), _texts(plots.plot_headline(res, "en"))
    assert "bereikte bewoners" in nl and "doel pilot" in nl and "residents reached" not in nl
    assert "residents reached" in en and "pilot target" in en
    fig = plots.plot_outcome(res, "reached", lang="en")
    colours = [matplotlib.colors.to_hex(line.get_color()).upper() for line in fig.axes[0].get_lines()]
    assert colours == [c.upper() for c in labels.OKABE_ITO[:2]]
    with pytest.raises(ValueError):
        plots.plot_ladder(res, "fr")


def test_experiment_plots_have_bands(experiment, tmp_path):
    res = ka.load(experiment["path"])
    fig = plots.plot_outcome(res, "reached", lang="en")
    assert fig.axes[0].collections, "a 95% band per arm"
    _check(fig, tmp_path, "bands")
    _check(plots.plot_headline(res, "nl"), tmp_path, "headline-experiment")
