"""The README's examples of the public device API run as written, and say what they claim."""

import pathlib
import re

import numpy as np
import pytest

README = (pathlib.Path(__file__).resolve().parents[1] / "README.md").read_text()


def _section(title):
    start = README.index(f"## {title}")
    end = README.index("\n## ", start + 1)
    return README[start:end]


@pytest.mark.slow
def test_your_own_devices_examples_run():
    blocks = re.findall(r"```python\n(.*?)```", _section("Your own devices"), re.S)
    assert len(blocks) == 4
    namespace = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    import physics
    assert namespace["G"].shape == (3, 3)
    assert np.max(np.abs(namespace["G"].sum(axis=0))) < 1e-10
    assert abs(physics.conductance(namespace["ribbon"], 0.5) - 1.0) < 1e-8  # N = 8: p = 6 only
    g = np.array(namespace["g"])
    assert g[0] > 3.5 and g[-1] < 0.5 and np.all(np.diff(g) < 1e-2)        # steps down
    assert namespace["ds"].conductance.shape == (100,)
    assert "flux" in namespace["antidot"].parameters


GUIDE = sorted((pathlib.Path(__file__).resolve().parents[1] / "docs" / "guide").glob("*.md"))


@pytest.mark.slow
@pytest.mark.parametrize("page", GUIDE, ids=lambda page: page.stem)
def test_user_guide_examples_run(page, tmp_path, monkeypatch):
    """Every python block of a guide page runs, in order, in one namespace (as a reader
    pasting them into one session would run them)."""
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(), re.S)
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "guide"}  # not "__main__": guarded cluster examples stay off
    for block in blocks:
        exec(compile(block, str(page), "exec"), namespace)


@pytest.mark.slow
def test_layout_to_fitted_dephasing_length_example_runs(tmp_path, monkeypatch):
    """The README's worked example in physical units: the layout QPC steps through 2 and 1,
    and the wire's fitted L_phi is that of the gallery page (same sites, seeds, inputs)."""
    blocks = re.findall(r"```python\n(.*?)```", _section("From a layout to a fitted L"), re.S)
    assert len(blocks) == 1
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "readme"}
    import devices
    with pytest.warns(devices.RegimeWarning, match="energy = 19.3 meV is 3.39 t"):
        exec(compile(blocks[0], "README.md", "exec"), namespace)
    np.testing.assert_allclose(namespace["g"], [2.0, 1.0], atol=0.05)
    fit = namespace["fit"]
    assert fit.length_unit == "nm" and fit.errors_estimated
    # The input sqrt(hbar D / 2 eta) of the gallery page is 180 nm; its check allows 30 %.
    assert 0.7 * 180 < fit.values["dephasing_length"] < 1.3 * 180
