"""The slice solver's special paths equal Kwant (1e-10) on the same realization.

`physics.solvers.SliceGreensSolver` uses O(m^2) products with the site-diagonal
x-hoppings (computed once when every slice has the same Peierls phases, per
slice with random flux; 2x2 blocks when spinful) and, for slices of at least
`BLOCK_INVERSE_MIN_SIZE` orbitals, a 2x2-block inverse with a guarded fallback;
for the transmission sum of one-orbital slices of at least `FRACTIONAL_MIN_SIZE`
sites, the linear-fractional (transfer-matrix) recursion.  Each path is compared
with ``kwant.smatrix``; the guard with a dense inverse, the fractional recursion
with the direct one.
"""

import numpy as np
import pytest

import devices
import physics
from physics import solvers

FIELD = dict(disorder=1.7, seed=3, phi=0.023)
SPIN = dict(FIELD, random_flux=0.3, rashba=0.25, zeeman=0.15, zeeman_direction=(0.2, 1.0, 0.4),
            so_disorder=0.4)
CASES = [
    (devices.Wire(width=9, length=12), 1.3, FIELD),                         # shared phases
    (devices.Wire(width=9, length=11), 1.3, dict(FIELD, random_flux=0.4)),  # phases per slice
    (devices.Wire(width=80, length=7), 2.9, FIELD),                         # 2x2 block inverses
    (devices.Wire(width=76, length=5), 3.3, dict(FIELD, random_flux=0.4)),
    (devices.Wire(width=56, length=40), 4.0, dict(FIELD, random_flux=0.3)),  # fractional
    (devices.Wire(width=60, length=30), 0.6, FIELD),
    (devices.Wire(width=6, length=1), 1.3, FIELD),
    (devices.Wire(width=6, length=2), 1.3, dict(FIELD, phi=0.0)),
    (devices.Wire(width=5, length=9, spin=True), 1.1, SPIN),                # SU(2)/Rashba blocks
    (devices.Film(width=4, length=7, thickness=3), 2.5,
     dict(FIELD, field_direction=(1, 0.5, 2), random_flux=0.2)),
    (devices.Film(width=3, length=6, thickness=2, spin=True), 2.5,
     dict(SPIN, field_direction=(0, 1, 0))),
    # (E = 3.0 sits at a lead threshold of this cross-section, where Kwant and both
    # fast solvers differ by ~4e-9: not a test of the slice recursion.)
    (devices.Block(length=9), 2.7, dict(disorder=4.0, seed=1)),             # 81 orbitals: blocks
]
IDS = [f"{d!r}" for d, _, _ in CASES]


@pytest.mark.parametrize("device, energy, params", CASES, ids=IDS)
def test_slice_paths_equal_kwant(device, energy, params):
    kwant_g = physics.conductance(device, energy, solver="kwant", **params)
    kwant_taus = physics.transmission_eigenvalues(device, energy, solver="kwant", **params)
    assert kwant_g > 0.05  # a meaningful comparison
    fast = solvers.SliceGreensSolver(device)
    g, taus = fast.two_terminal(energy, device.solve_params(**params), eigenvalues=True)
    assert abs(g - kwant_g) < 1e-10
    assert taus.shape == kwant_taus.shape
    assert np.max(np.abs(taus - kwant_taus)) < 1e-10
    # The sum alone comes from the last slice (Tr[Gamma_1 g_N Gamma_left g_N^dagger]).
    g_sum, _ = fast.two_terminal(energy, device.solve_params(**params))
    assert not fast._localized
    assert abs(g_sum - kwant_g) < 1e-10


def test_localized_sum_keeps_relative_precision():
    """T ~ 1e-20: Gamma_left cancels to eps, so the propagator is used, and T stays
    precise relative to itself; results do not depend on what was solved before."""
    wire = devices.Wire(width=8, length=200)
    fast = solvers.SliceGreensSolver(wire)
    localized = wire.solve_params(disorder=5.0, seed=2, phi=0.01)
    amplitude, gamma = fast.transmission_amplitudes(1.0, localized)
    reference = float(np.real(np.trace(amplitude.conj().T @ gamma @ amplitude)))
    assert 0 < reference < 1e-12
    g, _ = fast.two_terminal(1.0, localized)
    assert fast._localized
    assert abs(g - reference) < 1e-10 * reference
    assert fast.two_terminal(1.0, localized, eigenvalues=True)[0] == g
    diffusive = wire.solve_params(disorder=0.3, seed=2, phi=0.01)
    g_diffusive, _ = fast.two_terminal(1.0, diffusive)   # propagated along, not used
    assert not fast._localized and g_diffusive > 0.5
    assert fast.two_terminal(1.0, diffusive)[0] == g_diffusive
    assert solvers.SliceGreensSolver(wire).two_terminal(1.0, diffusive)[0] == g_diffusive
    assert fast.two_terminal(1.0, diffusive, eigenvalues=True)[0] == g_diffusive


@pytest.mark.parametrize("energy", [0.4, 2.0, 4.0, 7.6])
def test_fractional_recursion_equals_the_direct_one(energy):
    """g_N and Sigma_left from an inverse every few slices equal those from an inverse
    per slice, band bottom to top, weak and strong disorder, with random flux."""
    wire = devices.Wire(width=solvers.FRACTIONAL_MIN_SIZE + 8, length=150)
    slab = devices.Film(width=12, length=40, thickness=4)  # 3D: energies scaled to its band
    for device, scale in ((wire, 1.0), (slab, 1.5)):
        fast = solvers.SliceGreensSolver(device)
        assert fast._fractional
        extra = dict(field_direction=(1, 0.5, 2)) if device is slab else {}
        for params in (dict(disorder=0.5, seed=1, phi=0.002),
                       dict(disorder=4.0, seed=2, phi=0.01, random_flux=0.3)):
            full = device.solve_params(**params, **extra)
            g, sigma, _ = fast._recursion(scale * energy, full, None)
            g_fractional, sigma_fractional = fast._fractional_recursion(scale * energy, full)
            assert np.max(np.abs(g_fractional - g)) < 1e-10 * np.max(np.abs(g))
            assert np.max(np.abs(sigma_fractional - sigma)) < 1e-10 * np.max(np.abs(sigma))


def test_fractional_recursion_hands_localized_samples_to_the_propagator():
    """T ~ 1e-9: the fractional sum is not precise relative to T; the propagator is."""
    wire = devices.Wire(width=solvers.FRACTIONAL_MIN_SIZE, length=200)
    fast = solvers.SliceGreensSolver(wire)
    localized = wire.solve_params(disorder=6.0, seed=2, phi=0.01)
    amplitude, gamma = fast.transmission_amplitudes(1.0, localized)
    reference = float(np.real(np.trace(amplitude.conj().T @ gamma @ amplitude)))
    assert 0 < reference < 1e-8
    g, _ = fast.two_terminal(1.0, localized)
    assert fast._localized and abs(g - reference) < 1e-10 * reference
    # Results do not depend on what was solved before (bit for bit).
    diffusive = wire.solve_params(disorder=0.3, seed=2, phi=0.01)
    g_diffusive, _ = fast.two_terminal(1.0, diffusive)
    assert not fast._localized
    assert solvers.SliceGreensSolver(wire).two_terminal(1.0, diffusive)[0] == g_diffusive
    assert fast.two_terminal(1.0, localized)[0] == g
    # After a localized sample the propagator comes first: a localized ensemble pays one
    # recursion per sample, and gets the numbers a fresh solver gives.
    calls = []
    fractional = fast._fractional_recursion
    fast._fractional_recursion = lambda *args: calls.append(1) or fractional(*args)
    other = wire.solve_params(disorder=6.0, seed=3, phi=0.01)
    g_other, _ = fast.two_terminal(1.0, other)
    assert fast._localized and not calls
    assert solvers.SliceGreensSolver(wire).two_terminal(1.0, other)[0] == g_other
    assert fast.two_terminal(1.0, diffusive)[0] == g_diffusive and calls


def test_slice_results_do_not_depend_on_the_order_of_samples():
    """Diffusive, near-threshold and localized samples (W = 80, g ~ 0.5-6) in a mixed
    order: bit for bit what a fresh solver gives for each."""
    wire = devices.Wire(width=80, length=100)
    fast = solvers.SliceGreensSolver(wire)
    disorders = [1.0, 3.5, 2.4, 6.0, 6.5, 2.2, 1.0, 4.0, 2.6, 1.0]
    flags = []
    for seed, disorder in enumerate(disorders):
        params = wire.solve_params(disorder=disorder, seed=seed, phi=0.002)
        g, _ = fast.two_terminal(1.0, params)
        flags.append(fast._localized)
        fresh = solvers.SliceGreensSolver(wire)
        fresh.leads = fast.leads  # the same lead cache: same numbers, less work
        assert fresh.two_terminal(1.0, params)[0] == g
    assert any(flags) and not all(flags)


def test_fractional_sums_are_precise_relative_to_t():
    """g ~ 1-2 (W = 80, disorder 2-3 t): the sums the fractional recursion returns are
    within 5e-11 of the propagator's T, relative to T (measured up to 2e-11: the O(m^2)
    steps multiply the round-off of Sigma_left by the growth of Q; seed 0 at disorder 2
    is that worst case, kept by the PRECISION bound as a sum)."""
    wire = devices.Wire(width=80, length=200)
    fast = solvers.SliceGreensSolver(wire)
    assert fast._fractional
    kept = 0
    for disorder, seed in ((2.0, 0), (2.0, 1), (3.0, 1), (3.0, 3)):
        params = wire.solve_params(disorder=disorder, seed=seed, phi=0.002)
        amplitude, gamma = fast.transmission_amplitudes(1.0, params)
        reference = float(np.real(np.trace(amplitude.conj().T @ gamma @ amplitude)))
        g, _ = fast.two_terminal(1.0, params)
        kept += not fast._localized
        assert abs(g - reference) < 5e-11 * reference
    assert kept >= 2  # the sums themselves were tested, not only the propagator


@pytest.mark.parametrize("leading", ["singular", "ill-conditioned", "generic"])
def test_block_inverse_guard(leading):
    """A singular or nearly singular leading block falls back to the pivoted inverse."""
    rng = np.random.default_rng(7)
    m = solvers.BLOCK_INVERSE_MIN_SIZE + 8
    matrix = rng.normal(size=(m, m)) + 1j * rng.normal(size=(m, m)) + 4 * np.eye(m)
    h = m // 2
    if leading != "generic":
        top = rng.normal(size=(h, h - 1)) @ rng.normal(size=(h - 1, h))  # rank h - 1
        matrix[:h, :h] = top + (1e-9 if leading == "ill-conditioned" else 0) * np.eye(h)
    reference = np.linalg.inv(matrix)
    inverse = solvers.fast_inverse(matrix.copy())
    assert np.max(np.abs(inverse - reference)) < 1e-12 * np.max(np.abs(reference))


@pytest.mark.parametrize("spin", [False, True])
def test_no_open_channel_gives_zero(spin):
    """Below the first subband the leads carry no mode: g = 0, no eigenvalues (regression)."""
    wire = devices.Wire(width=4, length=6, spin=spin)
    params = dict(disorder=1.0, seed=1, phi=0.01)
    if spin:
        params["zeeman"] = 0.02
    with pytest.warns(devices.RegimeWarning, match="below its first subband threshold"):
        assert physics.conductance(wire, 0.05, solver="slice", **params) == 0.0
    with pytest.warns(devices.RegimeWarning, match="no open channel"):
        assert physics.transmission_eigenvalues(wire, 0.05, solver="slice", **params).size == 0
