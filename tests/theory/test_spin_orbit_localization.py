"""Weak antilocalization theory (HLN, D'yakonov-Perel, ILP), its fits, and exact checks of
spinful dephased films (docs/theory/weak_localization.md#hln-with-spin-orbit-coupling,
docs/theory/dephasing.md#buttiker-probes, docs/theory/spin_orbit.md)."""

import numpy as np
import pytest

import devices
import physics
from devices.spin import SIGMA_0, rashba_hopping
from physics.analysis import fits
from physics.analysis import magnetotransport
from physics import theory


# --- conventions and lengths ----------------------------------------------------------------

def test_field_length_convention():
    # B = hbar/(4 e L^2) in flux per plaquette (h/e): phi = 1/(8 pi L^2), exactly.
    lengths = np.array([2.0, 5.0, 12.0])
    assert np.allclose(theory.field_from_length(lengths), 1 / (8 * np.pi * lengths**2), rtol=1e-14)
    assert np.allclose(theory.length_from_field(theory.field_from_length(lengths)), lengths, rtol=1e-14)
    assert theory.spin_orbit_flux(0.1) == pytest.approx(0.1**2 / (2 * np.pi), rel=1e-14)


def test_lattice_precession_length_is_v_over_omega_on_the_whole_fermi_surface():
    """Bloch Hamiltonian built from the device's Rashba hopping: Delta_so(k)/|v(k)| = 2 alpha/t."""
    rng = np.random.default_rng(1)
    alpha = 0.13
    for kx, ky in rng.uniform(-np.pi, np.pi, size=(20, 2)):
        h = np.zeros((2, 2), complex)
        for dx, dy in [(1, 0), (0, 1)]:
            hop = -np.array(SIGMA_0) + np.array(rashba_hopping(alpha, dx, dy))
            phase = np.exp(1j * (kx * dx + ky * dy))
            h += hop * phase + hop.conj().T / phase
        splitting = np.ptp(np.linalg.eigvalsh(h))
        speed = 2 * np.hypot(np.sin(kx), np.sin(ky))   # |grad eps|, eps = -2(cos kx + cos ky)
        assert splitting / speed == pytest.approx(1 / theory.lattice_spin_orbit_length(alpha),
                                                  rel=1e-12)
    # Continuum limit: v_F / (Delta_so / hbar) with v_F = 2 t k_F a, Delta_so = 4 alpha k_F.
    energy = 0.3
    v_f = 2 * np.sqrt(energy)
    assert theory.precession_length(theory.rashba_splitting_band_bottom(alpha, energy), v_f) == \
        pytest.approx(theory.lattice_spin_orbit_length(alpha), rel=1e-14)
    assert theory.precession_parameter(alpha, 2.0) == pytest.approx(2.0 * 2 * alpha)
    in_plane, out_of_plane = theory.spin_relaxation_lengths(5.0)
    assert (in_plane, out_of_plane) == pytest.approx((5.0, 5.0 / np.sqrt(2)))


@pytest.mark.parametrize("call", [
    lambda: theory.lattice_spin_orbit_length(0.0),
    lambda: theory.field_from_length(-1.0),
    lambda: theory.dp_magnetoconductance([1e-3], 1e-4, -1.0),
    lambda: theory.ilp_magnetoconductance([1e-3], 0.0, 1e-3),
    lambda: magnetotransport.sheet_magnetoconductance([0.1], 5.0, 4),
    lambda: fits.fit_spin_orbit_magnetoconductance([1e-3, 2e-3], [0, 0], [1, 1], model="hln"),
])
def test_bad_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()


# --- limits of the magnetoconductance forms ----------------------------------------------------

PHI_PHI = 3e-4
FIELDS = np.array([0.5, 1, 2, 4, 10, 30]) * PHI_PHI


@pytest.mark.parametrize("form", [theory.dp_magnetoconductance, theory.ilp_magnetoconductance])
def test_no_spin_orbit_gives_twice_the_spinless_hln(form):
    expected = 2 * theory.hln_magnetoconductivity(FIELDS, theory.length_from_field(PHI_PHI))
    # Exact identity for DP; ILP: the Landau-level series (Richardson-extrapolated) to 1e-5.
    assert np.allclose(form(FIELDS, PHI_PHI, 0.0), expected, rtol=1e-5, atol=1e-9)
    assert np.allclose(theory.hln_magnetoconductivity(FIELDS, theory.length_from_field(PHI_PHI), degeneracy=2), expected)


@pytest.mark.parametrize("form", [theory.dp_magnetoconductance, theory.ilp_magnetoconductance])
def test_strong_spin_orbit_gives_minus_half_of_the_spin_degenerate_hln(form):
    # Only the singlet survives: -(1/2) x (both-spin HLN).  Residual triplets with
    # B_so = 1000 B_phi contribute ~ (B/B_so)^2/24 < 1e-4 of it; series error < 1e-4.
    fields = FIELDS[1:]
    singlet = -0.5 * 2 * theory.hln_magnetoconductivity(fields, theory.length_from_field(PHI_PHI))
    assert np.allclose(form(fields, PHI_PHI, 1000 * PHI_PHI), singlet, rtol=1e-3)


def test_ilp_series_terms_are_traces_of_the_triplet_cooperon_blocks():
    """Knap Eq. (37) term n = Tr of the inverse 3x3 block of the Rashba triplet Cooperon.

    In field units K/B = a^+a + 1/2 + b_phi + b (2 - S_z^2) - i sqrt(b) (a^+ S_+ - a S_-)
    (an SU(2) vector potential whose q = 0 masses are the DP rates B_so, B_so, 2 B_so);
    n - S_z is conserved, block n = {|n+1, +1>, |n, 0>, |n-1, -1>}.
    """
    b_phi, b = 0.37, 1.9
    for n in range(1, 6):
        a = lambda m: m + 0.5 + b_phi + b
        c_up, c_down = np.sqrt(2 * b * (n + 1)), np.sqrt(2 * b * n)
        block = np.array([[a(n + 1), -1j * c_up, 0],
                          [1j * c_up, a(n) + b, -1j * c_down],
                          [0, 1j * c_down, a(n - 1)]])
        knap = ((3 * a(n)**2 + 2 * a(n) * b - 1 - 2 * (2 * n + 1) * b)
                / ((a(n) + b) * a(n - 1) * a(n + 1) - 2 * b * ((2 * n + 1) * a(n) - 1)))
        assert np.trace(np.linalg.inv(block)).real == pytest.approx(knap, rel=1e-12)
    # Block n = 0 lacks |-1, -1>: the second term of Eq. (37).
    block = np.array([[a(1), -1j * np.sqrt(2 * b)], [1j * np.sqrt(2 * b), a(0) + b]])
    knap = (2 * a(0) + 1 + b) / (a(1) * (a(0) + b) - 2 * b)
    assert np.trace(np.linalg.inv(block)).real == pytest.approx(knap, rel=1e-12)


def test_ilp_series_converged_and_continuous_at_small_field():
    # Delta sigma -> 0 quadratically as B -> 0 (the zero-field integral matches the series).
    small = theory.ilp_magnetoconductance(np.array([0.02, 0.04]) * PHI_PHI, PHI_PHI, 5 * PHI_PHI)
    assert abs(small[1] / small[0] - 4) < 0.05
    finer = theory.ilp_magnetoconductance(FIELDS, PHI_PHI, 5 * PHI_PHI, n_terms=400_000)
    assert np.allclose(theory.ilp_magnetoconductance(FIELDS, PHI_PHI, 5 * PHI_PHI), finer,
                       atol=1e-7)


def test_simplified_dp_underestimates_the_field_of_the_exact_theory():
    # The simplified form neglects the triplet coupling; fitted to an exact ILP curve it
    # needs a smaller B_so.  The ratio approaches 1 as B_so >> B_phi.
    grid = np.array([0.3, 1, 2, 4, 8, 15]) * PHI_PHI
    ratios = [fits.simplified_to_ilp_field_ratio(grid, PHI_PHI, r * PHI_PHI) for r in (3, 30)]
    assert 0 < ratios[0] < ratios[1] < 1


# --- fits recover the parameters of synthetic data -------------------------------------------

def test_hln_fit_recovers_dephasing_length():
    rng = np.random.default_rng(7)
    phi = np.array([0, 2.5e-4, 5e-4, 1e-3, 2e-3, 4e-3])
    truth = theory.hln_magnetoconductivity(phi, 10.0)
    errors = np.full(phi.shape, 0.002)
    data = 1.1 * truth + errors * rng.standard_normal(phi.size)
    fit = fits.fit_hln(phi, data, errors)
    assert abs(fit["dephasing_length"] - 10.0) < 3 * fit["dephasing_length_error"]
    assert abs(fit["amplitude"] - 1.1) < 3 * fit["amplitude_error"]
    assert fit["chi2"] < 4


@pytest.mark.parametrize("model", ["ilp", "dp"])
def test_spin_orbit_fit_recovers_spin_orbit_length(model):
    rng = np.random.default_rng(3)
    phi = np.array([0, 2.5e-4, 5e-4, 1e-3, 2e-3, 4e-3])
    l_phi, l_so = 12.0, 5.0
    form = theory.ilp_magnetoconductance if model == "ilp" else theory.dp_magnetoconductance
    truth = form(phi, theory.field_from_length(l_phi), theory.field_from_length(l_so))
    errors = np.full(phi.shape, 0.003)
    data = truth + errors * rng.standard_normal(phi.size)
    fixed = fits.fit_spin_orbit_magnetoconductance(phi, data, errors, dephasing_length=(l_phi, 0.5),
                                                 model=model)
    assert abs(fixed["spin_orbit_length"] - l_so) < 3 * fixed["spin_orbit_length_error"]
    assert fixed["dephasing_length"] == l_phi
    exact = fits.fit_spin_orbit_magnetoconductance(phi, truth, errors, model=model)
    assert exact["spin_orbit_length"] == pytest.approx(l_so, rel=1e-4)
    assert exact["dephasing_length"] == pytest.approx(l_phi, rel=1e-4)


def test_sheet_conversion_removes_the_contact_resistance():
    # g = 1/(1/N + 1/s): d g / d s = (g/s)^2, so Delta sigma = (s/g)^2 Delta g (square film).
    n, s, ds = 30, 2.7, 1e-6
    g = lambda sheet: 1 / (1 / n + 1 / sheet)
    dg = g(s + ds) - g(s)
    assert magnetotransport.sheet_magnetoconductance(dg, g(s), n) == pytest.approx(ds, rel=1e-5)


# --- exact properties of dephased spinful films ------------------------------------------------

def test_spinful_film_without_spin_orbit_is_two_spinless_copies_with_probes():
    """The gallery's rashba = 0 curve uses the spinless film: g_spinful = 2 g_spinless exactly."""
    params = dict(disorder=3.0, seed=4, phi=0.003)
    spinless = devices.Film(width=8, length=8)
    spinful = devices.Film(width=8, length=8, spin=True)
    g1 = physics.conductance(spinless, 3.4, dephasing=0.05, probes="checkerboard", **params)
    g2 = physics.conductance(spinful, 3.4, dephasing=0.05, probes="checkerboard", rashba=0.0,
                             **params)
    assert g2 == pytest.approx(2 * g1, abs=1e-10)


def test_onsager_with_rashba_and_probes():
    film = devices.Film(width=8, length=8, spin=True)
    g = [physics.conductance(film, 3.4, dephasing=0.05, probes="checkerboard", rashba=0.2,
                             disorder=3.0, seed=2, phi=sign * 0.004) for sign in (1, -1)]
    assert g[0] == pytest.approx(g[1], abs=1e-10)


def test_strong_rashba_turns_the_magnetoconductance_negative():
    """WL -> WAL in a small dephased film: paired Delta g = g(phi) - g(0), 3 standard errors.

    16 x 16 film, E = 3.4 t, W = 3 t (l ~ 2.4 a), eta = 0.05 t on a checkerboard
    (L_phi ~ 7 a), phi = 0.01 ~ 0.7 B_tr (omega_c tau ~ 0.1).  Without SOC Delta g ~ +0.13
    (both spins); rashba = 0.35 t (L_so = 1.4 a < l: spin relaxed after ~ l) leaves the
    singlet: Delta g ~ -0.09.  Per-seed spreads 0.2 and 0.12: with 80 seeds the means
    are ~6 standard errors from zero (seeds 0-99 gave +6.6 and -7.3 sigma), ~5 s.
    """
    spinful = devices.Film(width=16, length=16, spin=True)
    results = {}
    for alpha in (0.0, 0.35):
        ds = physics.ensemble(spinful, energy=3.4, seeds=range(80), sweep={"phi": [0.0, 0.01]},
                              disorder=3.0, dephasing=0.05, probes="checkerboard",
                              executor="serial", rashba=alpha)
        g = ds.conductance.values
        diff = g[:, 1] - g[:, 0]
        results[alpha] = diff.mean(), diff.std(ddof=1) / np.sqrt(diff.size)
    mean, error = results[0.0]
    assert mean - 3 * error > 0, results
    mean, error = results[0.35]
    assert mean + 3 * error < 0, results
