"""Poor man's scaling of the Kondo coupling with an energy-dependent DOS
(docs/theory/interactions.md#kondo-scaling-with-the-altshuler-aronov-dos)."""

import numpy as np
import pytest

from physics import theory


def test_flat_band_flow_and_kondo_scale_are_andersons():
    g0, d0 = 0.3, 2.0
    cutoffs = np.array([2.0, 1.0, 0.3, 0.1])  # above T_K = 0.071
    assert np.allclose(theory.kondo_coupling_flow(g0, d0, cutoffs),
                       g0 / (1 - g0 * np.log(d0 / cutoffs)), rtol=1e-12)
    assert theory.kondo_temperature(g0, d0) == pytest.approx(d0 * np.exp(-1 / g0), rel=1e-12)
    flat = theory.kondo_temperature(g0, d0, lambda e: np.ones_like(e))
    assert flat == pytest.approx(d0 * np.exp(-1 / g0), rel=1e-9)
    # Half the DOS: half the rate, T_K = D0 exp(-2/g0).
    half = theory.kondo_temperature(g0, d0, lambda e: 0.5 + 0 * e)
    assert half == pytest.approx(d0 * np.exp(-2 / g0), rel=1e-9)
    assert np.isinf(theory.kondo_coupling_flow(g0, d0, [0.9 * flat])).all()


@pytest.mark.parametrize("slope", [0.05, 0.1, 0.2])
def test_log_dos_scale_is_the_closed_form_and_lower(slope):
    g0, cutoff = 0.7, 0.6
    numeric = theory.kondo_temperature(g0, cutoff, lambda e: 1 + slope * np.log(e / cutoff))
    closed = theory.kondo_temperature_log_dos(g0, cutoff, slope)
    assert numeric == pytest.approx(closed, rel=1e-9)
    assert closed < cutoff * np.exp(-1 / g0)
    # 1/g just above T_K is small and positive: the flow diverges there.
    g = theory.kondo_coupling_flow(g0, cutoff, [1.001 * closed],
                                   lambda e: 1 + slope * np.log(e / cutoff))
    assert 50 < g[0] < np.inf
    assert theory.kondo_temperature_log_dos(g0, cutoff, 0.0) == pytest.approx(
        cutoff * np.exp(-1 / g0), rel=1e-12)


def test_bad_input_names_the_number():
    with pytest.raises(ValueError, match="log_slope = 0.5 is too large"):
        theory.kondo_temperature_log_dos(0.7, 0.6, 0.5)
    with pytest.raises(ValueError, match="does not flow to strong coupling"):
        theory.kondo_temperature(0.5, 1.0, lambda e: e)  # int_0^1 r dE/E = 1 < 1/g0 = 2
    with pytest.raises(ValueError, match="cutoffs must be <= bandwidth"):
        theory.kondo_coupling_flow(0.5, 1.0, [2.0])
    with pytest.raises(ValueError, match="coupling"):
        theory.kondo_temperature(-0.1, 1.0)
