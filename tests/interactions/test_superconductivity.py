"""Self-consistent s-wave BdG mean field and Anderson's gap
(docs/theory/superconductivity.md#bogoliubov-de-gennes-mean-field), and the 2D fluctuation
conductivity (docs/theory/superconductivity.md#fluctuation-conductivity)."""

import numpy as np
import pytest
import scipy.optimize

import devices
from physics import theory
from physics.interactions.superconductivity import (BdGConvergenceError, anderson_gap,
                                                     bdg_mean_field)

SIZE, U, MU = 8, 3.0, 1.5


@pytest.fixture(scope="module")
def torus():
    return devices.ClosedSample(devices.Film(width=SIZE, length=SIZE), periodic="xy")


def _bcs_gap(temperature):
    """The BCS equation summed over the torus's k grid, written out independently."""
    k = 2 * np.pi * np.arange(SIZE) / SIZE
    xi = (4 - 2 * np.cos(k)[:, None] - 2 * np.cos(k)[None, :] - MU).ravel()

    def excess(delta):
        energy = np.sqrt(xi**2 + delta**2)
        thermal = 1.0 if temperature == 0 else np.tanh(energy / (2 * temperature))
        return U * np.mean(thermal / (2 * energy)) - 1
    return scipy.optimize.brentq(excess, 1e-9, 10)


@pytest.mark.parametrize("temperature", [0.0, 0.1])
def test_clean_torus_is_bcs(torus, temperature):
    result = bdg_mean_field(torus.hamiltonian(), attraction=U, chemical_potential=MU,
                            temperature=temperature, tolerance=1e-12)
    assert np.ptp(result.gap) < 1e-10
    assert result.gap.mean() == pytest.approx(_bcs_gap(temperature), rel=1e-9)
    levels = np.linalg.eigvalsh(torus.hamiltonian().toarray())
    assert anderson_gap(levels, U, MU, temperature) == pytest.approx(_bcs_gap(temperature),
                                                                     rel=1e-10)
    # particle-hole symmetric spectrum
    assert np.allclose(np.sort(result.energies), np.sort(-result.energies), atol=1e-10)


def test_uniform_zeeman_below_the_gap_shifts_the_spectrum_only(torus):
    """H_up,down = H0 +- h: the BdG matrix gains +h on its diagonal; at T = 0 and h below the
    spectral gap no occupation changes, so Delta is exactly the zero-field one."""
    h0 = torus.hamiltonian(disorder=1.0, seed=2).toarray().real
    zero = bdg_mean_field(h0, attraction=U, chemical_potential=MU, tolerance=1e-12)
    field = 0.5 * zero.spectral_gap
    shifted = bdg_mean_field(h0 + field * np.eye(len(h0)), h0 - field * np.eye(len(h0)),
                             attraction=U, chemical_potential=MU, tolerance=1e-12)
    assert np.allclose(shifted.gap, zero.gap, atol=1e-9)
    assert np.allclose(shifted.energies, zero.energies + field, atol=1e-9)
    # a random exchange field of the same size breaks pairs: the gap falls
    exchange = np.diag(np.random.default_rng(1).uniform(-1.5, 1.5, len(h0)))
    broken = bdg_mean_field(h0 + exchange, h0 - exchange, attraction=U, chemical_potential=MU)
    plain = bdg_mean_field(h0 + exchange, attraction=U, chemical_potential=MU)
    assert broken.gap.mean() < 0.8 * plain.gap.mean()


def test_anderson_gap_solves_its_equation_and_vanishes_above_tc(torus):
    levels = np.linalg.eigvalsh(torus.hamiltonian(disorder=2.0, seed=5).toarray())
    delta = anderson_gap(levels, U, MU)
    energy = np.sqrt((levels - MU)**2 + delta**2)
    assert U * np.mean(1 / (2 * energy)) == pytest.approx(1, rel=1e-10)
    assert anderson_gap(levels, U, MU, temperature=5.0) == 0.0


def test_bad_input_and_non_convergence_are_named(torus):
    h = torus.hamiltonian()
    with pytest.raises(ValueError, match="attraction"):
        bdg_mean_field(h, attraction=-1.0, chemical_potential=MU)
    with pytest.raises(ValueError, match="hamiltonian_down must have the shape"):
        bdg_mean_field(h, np.eye(3), attraction=U, chemical_potential=MU)
    with pytest.raises(ValueError, match="hamiltonian_up must be Hermitian"):
        bdg_mean_field(np.triu(np.ones((4, 4))), attraction=U, chemical_potential=MU)
    with pytest.raises(BdGConvergenceError, match="did not converge in 2 iterations"):
        bdg_mean_field(h, attraction=U, chemical_potential=MU, max_iterations=2)


def test_fluctuation_conductivity_forms():
    eps = np.array([0.02, 0.1, 0.5])
    assert np.allclose(theory.aslamazov_larkin_2d(eps), 2 * np.pi / 16 / eps)  # e^2/16 hbar
    delta = 0.01
    assert np.allclose(theory.maki_thompson_2d(eps, delta),
                       2 * np.pi / 8 * np.log(eps / delta) / (eps - delta))
    # continuous through eps = delta, where it is (pi/4)/delta
    near = theory.maki_thompson_2d(np.array([delta * (1 - 1e-7), delta, delta * (1 + 1e-7)]),
                                   delta)
    assert np.allclose(near, np.pi / 4 / delta, rtol=1e-6)
    assert theory.thompson_pair_breaking(0.5, 2.0) == pytest.approx(np.pi / 8)
    with pytest.raises(ValueError, match="reduced_temperature"):
        theory.aslamazov_larkin_2d(-0.1)
