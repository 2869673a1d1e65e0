"""Field geometry: Zeeman versus orbital fields, in-plane fields, reciprocity, Hall helpers.

Exact identities are checked to 1e-10 (machine precision of the solvers,
`tests/test_fast_paths.py`); the analytic helpers of `physics.magnetotransport`
against closed forms and limits.
"""

import numpy as np
import pytest

import devices
import physics
from physics import magnetotransport, theory

from conftest import assert_close


# --- Zeeman only: two independent spinless copies at E -+ E_Z/2 ----------------------

@pytest.mark.parametrize("extra", [dict(), dict(phi=0.013)])
def test_zeeman_splits_into_two_spinless_copies(extra):
    # Without spin-orbit coupling the spinful Hamiltonian is H_0 (x) 1 + (E_Z/2) sigma_z:
    # spin up (sigma_z = +1, on-site +E_Z/2, devices/spin.py) at energy E is the spinless
    # system at E - E_Z/2, spin down at E + E_Z/2.  The disorder (hash of seed and site)
    # and the orbital field act on both copies identically.
    params = dict(disorder=2.0, seed=12, **extra)
    energy, zeeman = 1.3, 0.37
    spinful = devices.Wire(width=7, length=15, spin=True)
    spinless = devices.Wire(width=7, length=15)
    g = physics.conductance(spinful, energy, zeeman=zeeman, **params)
    up = physics.conductance(spinless, energy - zeeman / 2, **params)
    down = physics.conductance(spinless, energy + zeeman / 2, **params)
    assert abs(up - down) > 1e-2, "the two copies must differ, or the check is empty"
    assert_close(g, up + down, 1e-10, "g_spinful(E, E_Z) - g(E - E_Z/2) - g(E + E_Z/2)")
    # The transmission eigenvalues are the union of the two spectra.
    taus = physics.transmission_eigenvalues(spinful, energy, zeeman=zeeman, **params)
    union = np.concatenate([
        physics.transmission_eigenvalues(spinless, energy - zeeman / 2, **params),
        physics.transmission_eigenvalues(spinless, energy + zeeman / 2, **params)])
    assert_close(np.sort(taus), np.sort(union), 1e-10, "transmission eigenvalues")


def test_zeeman_direction_is_irrelevant_without_spin_orbit():
    # A global spin rotation maps n.sigma onto sigma_z: g cannot depend on n ...
    wire = devices.Wire(width=6, length=12, spin=True)
    params = dict(disorder=2.0, seed=3, phi=0.01, zeeman=0.3)
    along_z = physics.conductance(wire, 1.1, **params)
    tilted = physics.conductance(wire, 1.1, zeeman_direction=(1.0, -0.5, 0.2), **params)
    assert_close(tilted, along_z, 1e-10, "g(n = z) - g(n tilted), no SOC")
    # ... which Rashba coupling (spin locked to momentum) breaks.
    with_soc = [physics.conductance(wire, 1.1, rashba=0.3, zeeman_direction=n, **params)
                for n in ((0, 0, 1), (1.0, -0.5, 0.2))]
    assert abs(with_soc[0] - with_soc[1]) > 1e-4


# --- in-plane fields thread no flux through a single layer ------------------------

def test_in_plane_field_leaves_a_single_layer_unchanged():
    # A one-layer slab has no z bonds, so a field in the plane (along the current x
    # or across it, y) threads no plaquette: g is exactly the zero-field value.  A 2D
    # sheet (thickness=None) has no field_direction at all: its phi is always normal.
    sheet = devices.Film(width=9, length=12, thickness=1)
    params = dict(disorder=2.0, seed=5)
    energy = 2.0 + 1.4  # on-site 6t with only four neighbours: the band starts at 2t
    g0 = physics.conductance(sheet, energy, **params)
    for direction in ((1, 0, 0), (0, 1, 0), (1, 1, 0)):
        g = physics.conductance(sheet, energy, phi=0.05, field_direction=direction, **params)
        assert_close(g, g0, 1e-10, f"in-plane field along {direction}")
    g_normal = physics.conductance(sheet, energy, phi=0.05, field_direction=(0, 0, 1), **params)
    assert abs(g_normal - g0) > 1e-3, "a normal field must change g"


def test_field_along_current_threads_a_thick_slab():
    # With two or more layers, a field along the current threads the y-z plaquettes
    # of the cross-section: the in-plane field is no longer trivially absent.
    slab = devices.Film(width=6, length=10, thickness=3)
    params = dict(disorder=3.0, seed=2)
    g0 = physics.conductance(slab, 4.0, **params)
    g = physics.conductance(slab, 4.0, phi=0.05, field_direction=(1, 0, 0), **params)
    assert abs(g - g0) > 1e-3


# --- four-terminal reciprocity (Onsager-Casimir, Buttiker 1986) -------------------

def test_four_terminal_reciprocity_disordered_hall_bar():
    # tests/test_symmetries.py checks G(B) = G(-B)^T; this checks the resistance
    # formula's index conventions: R_{mn,kl}(B) = R_{kl,mn}(-B) for every
    # (current pair, voltage pair) of a disordered six-terminal bar.
    bar = devices.HallBar(width=10, length=28, arm_width=4)
    params = dict(disorder=1.5, seed=9)
    G_plus = physics.conductance_matrix(bar, 0.9, phi=0.015, **params)
    G_minus = physics.conductance_matrix(bar, 0.9, phi=-0.015, **params)
    worst, asymmetry = 0.0, 0.0
    for m, n, k, l in [(0, 3, 5, 1), (0, 3, 1, 2), (1, 4, 2, 5), (0, 2, 5, 3), (1, 5, 4, 0)]:
        forward = physics.four_terminal_resistance(G_plus, m, n, k, l)
        backward = physics.four_terminal_resistance(G_minus, k, l, m, n)
        worst = max(worst, abs(forward - backward))
        asymmetry = max(asymmetry, abs(forward - physics.four_terminal_resistance(
            G_minus, m, n, k, l)))
    assert worst < 1e-10, f"R_mn,kl(B) - R_kl,mn(-B) = {worst:.3g}"
    # A single disordered sample is not symmetric in B by itself: non-trivial check.
    assert asymmetry > 1e-3


# --- helpers of physics.magnetotransport -----------------------------------------

def test_field_parts():
    even, odd = magnetotransport.field_parts([3.0, 1.0], [1.0, 2.0])
    assert_close(even, [2.0, 1.5], 1e-15, "even part")
    assert_close(odd, [1.0, -0.5], 1e-15, "odd part")
    with pytest.raises(ValueError, match="same shape"):
        magnetotransport.field_parts([1.0, 2.0], [1.0])


def test_hall_slope_recovers_a_line():
    phi = np.array([0.001, 0.002, 0.004])
    errors = np.array([0.01, 0.02, 0.01])
    fit = magnetotransport.hall_slope(phi, 12.5 * phi, errors)
    assert abs(fit["slope"] - 12.5) < 1e-12 and fit["chi2"] < 1e-20
    # Error of a weighted fit through the origin: (sum phi^2 / sigma^2)^-1/2.
    assert abs(fit["error"] - np.sum(phi**2 / errors**2) ** -0.5) < 1e-12
    with pytest.raises(ValueError, match="phi"):
        magnetotransport.hall_slope([0.0, 0.1], [0.0, 1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="errors"):
        magnetotransport.hall_slope([0.1], [1.0], [0.0])


def test_density_and_fermi_surface_integrals():
    # F = 1 on the Fermi line is the DOS (elliptic-integral form, theory.py).
    for energy in (0.3, 1.7, 3.5):
        dos = theory.fermi_surface_average_2d(lambda kx, ky: 1.0, energy)
        assert abs(dos - theory.density_of_states_2d(energy)) < 1e-10
    # Half filling at the band centre; near the bottom the parabolic E/(4 pi) with
    # the first lattice correction (1 + E/16) (from nu = (1 + E/8 + ...)/(4 pi)).
    assert abs(theory.electron_density_2d(4.0) - 0.5) < 1e-8
    for energy in (0.01, 0.05):
        ratio = theory.electron_density_2d(energy) / (energy / (4 * np.pi))
        assert abs(ratio - 1 - energy / 16) < 1e-3 * energy
    # Particle-hole symmetry: n(E) + n(8 - E) = 1.
    assert abs(theory.electron_density_2d(2.5)
               + theory.electron_density_2d(5.5) - 1) < 1e-8
    with pytest.raises(ValueError, match="energy"):
        theory.electron_density_2d(9.0)


def test_hall_coefficient_limits():
    # Parabolic limit: R_H = 1/n; corrections O(E/t) from the cosine band.
    n = theory.electron_density_2d(0.05)
    assert abs(theory.hall_coefficient_2d(0.05) * n - 1) < 1e-3
    # The lattice reduces R_H n monotonically toward zero at half filling.
    values = [theory.hall_coefficient_2d(e) * theory.electron_density_2d(e)
              for e in (0.5, 1.0, 2.0, 3.0, 3.99)]
    assert np.all(np.diff(values) < 0) and values[-1] < 0.1
    with pytest.raises(ValueError, match="energy"):
        theory.hall_coefficient_2d(4.5)


def test_born_self_energy():
    # Im Sigma = -hbar / 2 tau = -(pi/12) W^2 nu (docs/theory/drude.md#born-scattering-rate).
    energy, disorder = 1.2, 2.0
    sigma = theory.born_self_energy_2d(energy, disorder)
    nu = float(theory.density_of_states_2d(energy))
    assert abs(sigma.imag + np.pi / 12 * disorder**2 * nu) < 1e-12
    # Re Sigma by principal value against the closed form outside the band,
    # G_0 = (2 / (pi z)) K(16 / z^2), z = E - 4, and its continuity into the band.
    from scipy.special import ellipk
    for e in (-0.4, 8.6):
        z = e - 4
        exact = disorder**2 / 12 * 2 / (np.pi * z) * ellipk(16 / z**2)
        assert abs(theory.born_self_energy_2d(e, disorder) - exact) < 1e-10
    inside = theory.born_self_energy_2d(1e-4, disorder).real
    outside = theory.born_self_energy_2d(-1e-4, disorder).real
    assert sigma.real < 0 and abs(inside - outside) < 1e-2


def test_cooperon_transverse_extent():
    # z field: the width; y field: the thickness; both: Pythagoras on W^2 - 1, H^2 - 1.
    assert_close(theory.cooperon_transverse_extent(16, 6, (0, 0, 1)),
                 np.sqrt(255), 1e-12, "z field")
    assert_close(theory.cooperon_transverse_extent(16, 6, (0, 2, 0)),
                 np.sqrt(35), 1e-12, "y field")
    assert_close(theory.cooperon_transverse_extent(16, 6, (0, 1, 1)),
                 np.sqrt((255 + 35) / 2), 1e-12, "diagonal field")
    with pytest.raises(ValueError, match="perpendicular"):
        theory.cooperon_transverse_extent(16, 6, (1, 0, 1))
    with pytest.raises(ValueError, match="thickness"):
        theory.cooperon_transverse_extent(16, 0)
    # c phi = L / l_B with l_B^2 = 3 l_m^4 / W^2, l_m^2 = 1 / (2 pi phi).
    length, width, phi = 40, 12.0, 0.003
    l_b = np.sqrt(3 / (2 * np.pi * phi) ** 2 / width**2)
    assert_close(theory.coherent_wire_field_scale(length, width) * phi, length / l_b,
                 1e-12, "x = L / l_B")


def test_states_below_counts_eigenvalues():
    rng = np.random.default_rng(1)
    for size in (10, 120):
        a = rng.normal(size=(size, size)) + 1j * rng.normal(size=(size, size))
        h = a + a.conj().T
        for energy in (-3.0, 0.2, 5.0):
            expected = int(np.sum(np.linalg.eigvalsh(h) < energy))
            assert theory.states_below(h, energy) == expected
    with pytest.raises(ValueError, match="square"):
        theory.states_below(np.ones((2, 3)), 0.0)


def test_cooperon_long_wire_limit():
    # W << L: only the transverse zero mode matters and the box Cooperon is the
    # quasi-1D coherent-wire result 1/3 - f(x), x = (2 pi/sqrt 3) (L + 1) W_perp phi
    # (docs/theory/weak_localization.md#coherent-wire); the residual O((W/L)^2) is ~ 0.4 % here.
    length, width = 240, 6
    scale = theory.coherent_wire_field_scale(
        length + 1, theory.cooperon_transverse_extent(width, 1))
    x = np.array([1.0, 2.0, 4.0, 8.0])
    values = theory.cooperon_magnetoconductance((length, width), x / scale)
    expected = 1 / 3 - theory.coherent_wire_wl(x)
    assert np.max(np.abs(values / expected - 1)) < 0.01, (values, expected)
    # Spin-degenerate copies double it.
    doubled = theory.cooperon_magnetoconductance((length, width), x / scale, copies=2)
    assert_close(doubled, 2 * values, 1e-12, "two copies")


def test_cooperon_geometry():
    phi = np.array([-0.004, 0.0, 0.004])
    slab = (20, 8, 4)
    along_z = theory.cooperon_magnetoconductance(slab, phi, (0, 0, 1))
    assert along_z[1] == 0 and along_z[2] > 0
    assert_close(along_z[0], along_z[2], 1e-12, "even in B")
    # A one-layer slab in a z field is the 2D strip; a y field threads nothing.
    assert_close(theory.cooperon_magnetoconductance((20, 8, 1), phi, (0, 0, 1)),
                 theory.cooperon_magnetoconductance((20, 8), phi), 1e-12, "2D = 1 layer")
    assert_close(theory.cooperon_magnetoconductance((20, 8, 1), phi, (0, 1, 0)), 0.0,
                 1e-12, "y field, one layer")
    # A wide, short box is less sensitive than the quasi-1D mass says (W/L = 0.4).
    extent = theory.cooperon_transverse_extent(8, 4, (0, 0, 1))
    x = 1.0
    phi1 = x / theory.coherent_wire_field_scale(21, extent)
    box = theory.cooperon_magnetoconductance(slab, phi1, (0, 0, 1))
    assert box < 0.9 * (1 / 3 - theory.coherent_wire_wl(x))
    with pytest.raises(ValueError, match="perpendicular"):
        theory.cooperon_magnetoconductance(slab, 0.01, (1, 0, 0))
    with pytest.raises(ValueError, match="shape"):
        theory.cooperon_magnetoconductance((20, 0), 0.01)
