"""Static screening (Lindhard chi0, RPA/Hartree, Thomas-Fermi) and Friedel oscillations."""

import numpy as np
import pytest
import scipy.integrate

import devices
from physics import screening as sc
from physics import theory as th


def _sample(width=6, length=7, periodic=False):
    return devices.ClosedSample(devices.Wire(width=width, length=length), periodic=periodic)


def _density(hamiltonian, n_particles=None, mu=None, temperature=None):
    energies, states = np.linalg.eigh(hamiltonian)
    if n_particles is not None:
        weights = np.zeros(len(energies))
        weights[:n_particles] = 1
    else:
        weights = 1 / (1 + np.exp((energies - mu) / temperature))
    return np.abs(states) ** 2 @ weights


# --- chi0: exact properties ------------------------------------------------------

@pytest.fixture(scope="module")
def disordered():
    sample = _sample()
    return sample, sample.hamiltonian(disorder=2.0, seed=1).toarray()


def test_canonical_chi0_matches_lindhard_double_sum(disordered):
    _, h = disordered
    chi0 = sc.StaticSusceptibility(h, n_particles=10).matrix()
    energies, states = np.linalg.eigh(h.real)
    brute = np.zeros_like(chi0)
    for n in range(10):
        for m in range(10, len(energies)):
            pair = states[:, n] * states[:, m]
            brute += 2 * np.outer(pair, pair) / (energies[n] - energies[m])
    assert np.max(np.abs(chi0 - brute)) < 1e-13


@pytest.mark.parametrize("phi", [0.0, 0.1])
def test_canonical_chi0_symmetric_negative_rows_sum_to_zero(phi):
    """Fixed particle number: a uniform shift changes no eigenvector, so rows sum to zero."""
    h = _sample().hamiltonian(disorder=2.0, seed=3, phi=phi).toarray()
    response = sc.StaticSusceptibility(h, n_particles=12)
    chi0 = response.matrix()
    assert np.max(np.abs(chi0 - chi0.T)) < 1e-14
    assert np.max(np.linalg.eigvalsh(chi0)) < 1e-13          # negative semidefinite
    assert np.max(np.abs(chi0.sum(axis=1))) < 1e-13          # canonical ensemble
    assert np.min(np.diag(chi0)) < -1e-3                     # and not trivially zero
    # chi0 is the derivative of the ground-state density (finite difference, O(step^2)).
    step = 1e-5 * np.random.default_rng(0).normal(size=len(h))
    numeric = (_density(h + np.diag(step), 12) - _density(h - np.diag(step), 12)) / 2
    assert np.max(np.abs(numeric - chi0 @ step)) < 1e-9 * np.max(np.abs(numeric)) + 1e-15


def test_grand_canonical_rows_sum_to_minus_local_dos(disordered):
    """Fixed mu: the rows sum to sum_n f'(E_n)|psi_n(i)|^2 = minus the smeared local DOS."""
    _, h = disordered
    response = sc.StaticSusceptibility(h, chemical_potential=2.0, temperature=0.1)
    chi0 = response.matrix()
    local = response.local_compressibility()
    assert np.max(np.abs(chi0 - chi0.T)) < 1e-14
    assert np.max(np.linalg.eigvalsh(chi0)) < 1e-13
    assert np.max(np.abs(chi0.sum(axis=1) + local)) < 1e-13
    # sum_i dn_i/dmu = -sum_n f'(E_n): the total compressibility.
    f = response.occupations
    assert abs(local.sum() - np.sum(f * (1 - f)) / 0.1) < 1e-12
    step = 1e-5 * np.random.default_rng(1).normal(size=len(h))
    numeric = (_density(h + np.diag(step), mu=2.0, temperature=0.1)
               - _density(h - np.diag(step), mu=2.0, temperature=0.1)) / 2
    assert np.max(np.abs(numeric - chi0 @ step)) < 1e-8 * np.max(np.abs(numeric))


def _lindhard_ring(length, mu, temperature, q):
    """(1/L) sum_k (f_k - f_{k+q}) / (e_k - e_{k+q}), e_k = 4 - 2 cos k (the 2D on-site energy 4)."""
    k = 2 * np.pi * np.arange(length) / length
    e_k, e_kq = 4 - 2 * np.cos(k), 4 - 2 * np.cos(k + q)

    def f(e):
        return 1 / (1 + np.exp((e - mu) / temperature))

    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = (f(e_k) - f(e_kq)) / (e_k - e_kq)
    same = np.abs(e_k - e_kq) < 1e-12
    ratio[same] = -f(e_k[same]) * (1 - f(e_k[same])) / temperature
    return ratio.sum() / length


def test_clean_chain_equals_lindhard_function():
    """Clean ring (translation invariant): chi0_ij depends on i - j only and its Fourier
    transform is the lattice Lindhard sum, exactly (degenerate +-k pairs included)."""
    length, mu, temperature = 16, 3.3, 0.05
    ring = _sample(width=1, length=length, periodic=True)
    response = sc.StaticSusceptibility(ring.hamiltonian(), chemical_potential=mu,
                                       temperature=temperature)
    chi0 = response.matrix()
    x = np.rint(ring.positions[:, 0]).astype(int)
    for n_q in range(length):
        q = 2 * np.pi * n_q / length
        phase = np.exp(-1j * q * (x[:, None] - x[None, :]))
        assert abs(np.sum(phase * chi0) / length - _lindhard_ring(length, mu, temperature, q)) \
            < 1e-12


def test_clean_strip_equals_mode_resolved_lindhard():
    """Periodic strip (hard walls in y): chi0(q; y, y') = (1/L) sum_{k n m} w phi_n phi_m phi_n phi_m."""
    width, length, mu, temperature = 3, 10, 2.5, 0.07
    strip = _sample(width=width, length=length, periodic=True)
    chi0 = sc.StaticSusceptibility(strip.hamiltonian(), chemical_potential=mu,
                                   temperature=temperature).matrix()
    x = np.rint(strip.positions[:, 0]).astype(int)
    y = np.rint(strip.positions[:, 1]).astype(int)
    n = np.arange(1, width + 1)
    modes = np.sqrt(2 / (width + 1)) * np.sin(np.pi * np.outer(y + 1, n) / (width + 1))  # (site, n)
    k = 2 * np.pi * np.arange(length) / length

    def f(e):
        return 1 / (1 + np.exp((e - mu) / temperature))

    q = 2 * np.pi * 3 / length
    transverse = 2 - 2 * np.cos(np.pi * n / (width + 1))
    e1, e2 = np.broadcast_arrays((2 - 2 * np.cos(k))[:, None, None] + transverse[None, :, None],
                                 (2 - 2 * np.cos(k + q))[:, None, None] + transverse[None, None, :])
    same = np.abs(e1 - e2) < 1e-12
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.where(same, -f(e1) * (1 - f(e1)) / temperature, (f(e1) - f(e2)) / (e1 - e2))
    weight = w.sum(axis=0) / length                                        # (n, m)
    first_column = np.flatnonzero(x == 0)
    for a in first_column:
        for b in first_column:
            # Fourier transform over x' of chi0[(0, y_a), (x', y_b)].
            numeric = np.sum(chi0[a] * (y == y[b]) * np.exp(1j * q * x))
            exact = np.einsum("nm,n,m,n,m->", weight, modes[a], modes[a], modes[b], modes[b])
            assert abs(numeric - exact) < 1e-12


# --- screening: RPA, Hartree, Thomas-Fermi, sum rules ------------------------------

@pytest.fixture(scope="module")
def screening_setup():
    sample = _sample(8, 8)
    h = sample.hamiltonian(disorder=1.5, seed=2).toarray()
    coulomb = sc.CoulombInteraction(sample.positions, 1.0)
    return sample, h, coulomb


def test_rpa_equals_self_consistent_hartree_in_linear_regime(screening_setup):
    """(1 - chi0 V)^-1 chi0 phi equals the self-consistent Hartree solution to O(phi^2)."""
    sample, h, coulomb = screening_setup
    response = sc.StaticSusceptibility(h, n_particles=16)
    differences = []
    for charge in (1e-2, 5e-3):
        phi = coulomb.potential_of_charge(27, charge)
        rpa = sc.screened_density(response, coulomb, phi)
        hartree = sc.hartree_density(h, coulomb, phi, n_particles=16)
        differences.append(np.max(np.abs(rpa - hartree)) / np.max(np.abs(rpa)))
        # The RPA solves the linear Hartree equation exactly.
        assert np.max(np.abs(rpa - response.apply(phi + coulomb.matrix @ rpa))) < 1e-10 * charge
    assert differences[0] < 2e-2
    # Second order: halving the charge halves the relative difference (within 10 %).
    assert differences[0] / differences[1] == pytest.approx(2.0, rel=0.1)


def test_isolated_sample_total_induced_charge_is_zero(screening_setup):
    sample, h, coulomb = screening_setup
    response = sc.StaticSusceptibility(h, n_particles=16)
    delta_n = sc.screened_density(response, coulomb, coulomb.potential_of_charge(27))
    assert abs(delta_n.sum()) < 1e-12
    assert delta_n[27] > 0.1                                   # electrons gather at the charge
    tf = sc.thomas_fermi_density(coulomb, coulomb.potential_of_charge(27), 0.12)
    assert abs(tf.sum()) < 1e-12


def test_perfect_screening_at_fixed_chemical_potential(screening_setup):
    """Grand canonical, Coulomb cost -> infinity: the induced charge cancels the test charge
    exactly (perfect screening needs only a finite compressibility); deviation O(1/U)."""
    sample, h, _ = screening_setup
    response = sc.StaticSusceptibility(h, chemical_potential=1.5, temperature=0.2)
    totals = []
    for strength in (1e3, 1e4):
        coulomb = sc.CoulombInteraction(sample.positions, strength)
        delta_n = sc.screened_density(response, coulomb, coulomb.potential_of_charge(27),
                                      tolerance=1e-13)
        totals.append(delta_n.sum())
        assert abs(delta_n[27] - 1) < 30 / strength
    assert abs(totals[1] - 1) < 3e-3
    assert abs(totals[0] - 1) / abs(totals[1] - 1) == pytest.approx(10, rel=0.05)
    tf = sc.thomas_fermi_density(sc.CoulombInteraction(sample.positions, 1e4),
                                 coulomb.potential_of_charge(27), 0.1, ensemble="grand canonical")
    assert abs(tf.sum() - 1) < 3e-3


def test_solvers_equal_dense_formulas(screening_setup):
    """The CG solution equals (1 - chi0 V)^-1 chi0 phi with the dense chi0; lattice TF equals
    the same formula with chi0 -> -nu (grand canonical)."""
    sample, h, coulomb = screening_setup
    response = sc.StaticSusceptibility(h, n_particles=16)
    chi0 = response.matrix()
    phi = coulomb.potential_of_charge(27)
    dense = np.linalg.solve(np.eye(len(h)) - chi0 @ coulomb.matrix, chi0 @ phi)
    assert np.max(np.abs(dense - sc.screened_density(response, coulomb, phi))) < 1e-10
    nu = 0.13
    local = np.linalg.solve(np.eye(len(h)) + nu * coulomb.matrix, -nu * phi)
    assert np.max(np.abs(local - sc.thomas_fermi_density(coulomb, phi, nu, "grand canonical"))) \
        < 1e-13


def test_one_coulomb_matrix_for_all_users():
    """Screening, Hartree-Fock and the Coulomb glass share physics.interactions.coulomb."""
    from physics import hartree_fock
    from physics.interactions import coulomb
    length = 7
    positions = _sample(4, length).positions
    onsite = coulomb.unit_cell_average_inverse_distance(2)
    assert np.array_equal(sc.CoulombInteraction(positions, 1.0).matrix,
                          coulomb.coulomb_matrix(positions, 1.0, onsite=onsite))
    assert hartree_fock.coulomb_matrix is coulomb.coulomb_matrix
    delta = np.abs(positions[:, None] - positions[None])
    delta[..., 0] = np.minimum(delta[..., 0], length - delta[..., 0])  # minimum image along x
    r = np.linalg.norm(delta, axis=-1)
    off = ~np.eye(len(r), dtype=bool)
    v = coulomb.coulomb_matrix(positions, 0.7, 2.0, period=length)
    assert np.allclose(v[off], 0.7 * np.exp(-r[off] / 2.0) / r[off], rtol=1e-14, atol=0)
    assert np.all(np.diag(v) == 0)
    with pytest.raises(ValueError, match="distinct"):
        coulomb.coulomb_matrix([[0.0, 0.0], [7.0, 0.0]], 1.0, period=7)


def test_continuum_thomas_fermi_profile_sum_rule_and_tail():
    q = 0.8
    # Perfect screening: the enclosed charge tends to 1 as 1 - 1/(q R).
    for radius in (50.0, 200.0):
        assert sc.thomas_fermi_enclosed_charge_2d(radius, q) == pytest.approx(
            1 - 1 / (q * radius), abs=2 / (q * radius) ** 2)
    r = 60.0
    assert sc.thomas_fermi_profile_2d(r, q) == pytest.approx(sc.thomas_fermi_tail_2d(r, q),
                                                             rel=10 / (q * r) ** 2)
    # Short distance: the unscreened 1/r core of delta n(q) -> q_TF.
    assert sc.thomas_fermi_profile_2d(1e-4, q) == pytest.approx(q / (2 * np.pi * 1e-4), rel=1e-3)


def test_thomas_fermi_wavevector_and_onsite_constants():
    assert sc.thomas_fermi_wavevector(0.1, 2.0, 2) == pytest.approx(2 * np.pi * 0.2)
    assert sc.thomas_fermi_wavevector(0.1, 2.0, 3) == pytest.approx(np.sqrt(4 * np.pi * 0.2))
    square = scipy.integrate.dblquad(lambda y, x: 1 / np.hypot(x, y), 0, 0.5, 0, 0.5)[0]
    assert sc.unit_cell_average_inverse_distance(2) == pytest.approx(4 * square, rel=1e-8)
    # Cube: six pyramids over the faces, int 1/r = (h/2) int_face dA / |p|, h = 1/2.
    face = scipy.integrate.dblquad(lambda y, x: 1 / np.sqrt(0.25 + x * x + y * y),
                                   -0.5, 0.5, -0.5, 0.5)[0]
    assert sc.unit_cell_average_inverse_distance(3) == pytest.approx(6 * 0.25 * face, rel=1e-8)


def test_fermi_energy_and_dos():
    assert sc.fermi_energy_2d(0.5) == pytest.approx(4.0, abs=1e-6)       # half filling
    energy = sc.fermi_energy_2d(0.25)
    assert th.electron_density_2d(energy) == pytest.approx(0.25, abs=1e-10)
    # Near the band bottom: n = E / (4 pi).
    assert th.electron_density_2d(0.01) == pytest.approx(0.01 / (4 * np.pi), rel=1e-3)


# --- Friedel oscillations ---------------------------------------------------------

def test_t_matrix_equals_direct_inverse():
    sample = _sample(7, 8, periodic=True)
    for params in (dict(disorder=1.0, seed=4), dict(disorder=1.0, seed=4, phi=0.07)):
        h = sample.hamiltonian(**params)
        z = 1.3 + 0.05j
        site, u = 20, 1.7
        dense = h.toarray()
        g0 = np.linalg.inv(z * np.eye(len(dense)) - dense)
        bumped = dense.copy()
        bumped[site, site] += u
        g1 = np.linalg.inv(z * np.eye(len(dense)) - bumped)
        change = sc.point_scatterer_green_change(h, site, u, 1.3, 0.05)
        assert np.max(np.abs(change - np.diag(g1 - g0))) < 1e-12
        several = sc.point_scatterer_green_change(h, [site, 3], u, 1.3, 0.05)
        assert np.max(np.abs(several[0] - change)) < 1e-13


def test_clean_infinite_lattice_green_function_matches_large_sample():
    length = 50
    ring = _sample(length, length, periodic=True)
    center = int(np.argmin(np.linalg.norm(ring.positions - length // 2, axis=1)))
    offsets = np.rint(ring.positions - ring.positions[center]).astype(int)
    near = np.linalg.norm(offsets, axis=1) < 12
    eta = 0.5  # decay length v / eta < 4 a: the walls 25 a away are invisible (e^-12)
    finite = sc.point_scatterer_green_change(ring.hamiltonian(), center, 2.0, 1.0, eta)
    infinite = sc.clean_point_scatterer_green_change(1.0, eta, 2.0, offsets[near])
    # FFT torus accurate to 1e-6 relative (images damped by exp(-eta M / v_max)).
    assert np.max(np.abs(finite[near] - infinite)) < 1e-6 * np.max(np.abs(infinite))
    # Local DOS of the clean lattice: -Im G(0)/pi -> nu(E) as eta -> 0.
    # Broadening smooths the DOS by O(eta / E): 0.4 % at eta = 0.02, 1 % at eta = 0.05.
    for eta, tolerance in ((0.05, 1.5e-2), (0.02, 6e-3)):
        g00 = sc.clean_lattice_green_function_2d(1.0, eta, np.zeros((1, 2)))[0]
        assert -g00.imag / np.pi == pytest.approx(float(th.density_of_states_2d(1.0)),
                                                  rel=tolerance)


def test_clean_friedel_wavelength_is_pi_over_kf():
    """Along the x axis the LDOS change oscillates as exp(2 i k_x x) with E = 2 - 2 cos k_x
    (stationary point k_y = 0): wavelength pi/k_F = 3 a at E = 1 t, exactly as eta -> 0."""
    length, energy, eta = 70, 1.0, 0.2
    ring = _sample(length, length, periodic=True)
    center = int(np.argmin(np.linalg.norm(ring.positions - length // 2, axis=1)))
    offsets = np.rint(ring.positions - ring.positions[center]).astype(int)
    change = sc.point_scatterer_green_change(ring.hamiltonian(), center, 2.0, energy, eta)
    axis = (offsets[:, 1] == 0) & (offsets[:, 0] >= 6) & (offsets[:, 0] <= 25)
    order = np.argsort(offsets[axis, 0])
    slope = np.polyfit(offsets[axis, 0][order], np.unwrap(np.angle(change[axis][order])), 1)[0]
    k_complex = np.arccos(1 - (energy + 1j * eta) / 2)
    assert slope / 2 == pytest.approx(k_complex.real, rel=2e-3)  # asymptotic, 1/r corrections
    k_f = sc.fermi_surface_point_2d(energy, 0.0)[0][0]
    assert k_f == pytest.approx(np.pi / 3, rel=1e-12)
    assert np.pi / (slope / 2) == pytest.approx(np.pi / k_f, rel=1e-2)  # O(eta^2) shift


def test_fermi_surface_points_and_mean_free_path():
    energy = 1.0
    k, speed = sc.fermi_surface_point_2d(energy, 0.0)
    assert speed == pytest.approx(2 * np.sin(np.pi / 3))
    k, speed = sc.fermi_surface_point_2d(energy, np.pi / 4)
    assert k[0] == pytest.approx(k[1]) and 4 - 4 * np.cos(k[0]) == pytest.approx(energy)
    for angle in (0.3, 1.0, 2.5, -2.0):
        k, speed = sc.fermi_surface_point_2d(energy, angle)
        velocity = 2 * np.sin(k)
        assert 4 - 2 * np.cos(k).sum() == pytest.approx(energy, abs=1e-12)
        assert np.arctan2(velocity[1], velocity[0]) == pytest.approx(angle, abs=1e-9)
    # Continuum limit (docs/theory/drude.md#continuum-limit): l = 48 (t/W)^2 k near the band bottom.
    energy = 0.001  # lattice corrections O(E / 8)
    assert sc.elastic_mean_free_path_2d(energy, 0.5) == pytest.approx(
        48 / 0.25 * np.sqrt(energy), rel=1e-3)
    # DMPK length of a wide wire = (pi/2) l in the continuum limit.
    assert th.born_mean_free_path(0.05, 0.5, 4000) / sc.elastic_mean_free_path_2d(0.05, 0.5) \
        == pytest.approx(np.pi / 2, rel=0.02)


def test_friedel_fit_recovers_synthetic_decay():
    rng = np.random.default_rng(5)
    distance = np.repeat(np.arange(3.0, 40.0), 20)
    clean = np.exp(2j * distance) / distance
    truth = 12.0
    samples = (clean * np.exp(-distance / truth + 0.05j * distance)
               + clean * 0.3 * (rng.normal(size=(200, distance.size))
                                + 1j * rng.normal(size=(200, distance.size))))
    fit = sc.fit_friedel_envelope(samples, clean, distance, np.arange(2.5, 40, 2.0))
    assert abs(fit["decay_length"] - truth) < 3 * fit["error"] + 0.02 * truth
    assert fit["error"] < 0.1 * truth


# --- bad input ----------------------------------------------------------------

def test_bad_input_raises_value_error():
    h = _sample(4, 4).hamiltonian().toarray()  # clean square: degenerate levels
    with pytest.raises(ValueError, match="exactly one"):
        sc.StaticSusceptibility(h)
    with pytest.raises(ValueError, match="exactly one"):
        sc.StaticSusceptibility(h, n_particles=2, chemical_potential=1.0)
    with pytest.raises(ValueError, match="degenerate"):
        sc.StaticSusceptibility(h, n_particles=2)
    with pytest.raises(ValueError, match="n_particles"):
        sc.StaticSusceptibility(h, n_particles=16)
    with pytest.raises(ValueError, match="temperature"):
        sc.StaticSusceptibility(h, chemical_potential=1.0)
    with pytest.raises(ValueError, match="temperature"):
        sc.StaticSusceptibility(h, chemical_potential=1.0, temperature=-0.1)
    with pytest.raises(ValueError, match="temperature"):
        sc.StaticSusceptibility(h + 0.01 * np.diag(np.arange(16)), n_particles=3,
                                temperature=0.1)
    with pytest.raises(ValueError, match="Hermitian"):
        sc.StaticSusceptibility(np.triu(h), n_particles=3)
    with pytest.raises(ValueError, match="square"):
        sc.StaticSusceptibility(h[:3], n_particles=1)
    response = sc.StaticSusceptibility(h, chemical_potential=1.0, temperature=0.1)
    with pytest.raises(ValueError, match="potential"):
        response.apply(np.ones(5))
    positions = _sample(4, 4).positions
    with pytest.raises(ValueError, match="strength"):
        sc.CoulombInteraction(positions, 0.0)
    with pytest.raises(ValueError, match="positions"):
        sc.CoulombInteraction(positions[:, :1], 1.0)
    with pytest.raises(ValueError, match="distinct"):
        sc.CoulombInteraction(np.zeros((3, 2)), 1.0)
    with pytest.raises(ValueError, match="onsite"):
        sc.CoulombInteraction(positions, 1.0, onsite=0.1)
    coulomb = sc.CoulombInteraction(positions, 1.0)
    with pytest.raises(ValueError, match="external_potential"):
        sc.screened_density(response, coulomb, np.ones(3))
    with pytest.raises(ValueError, match="ensemble"):
        sc.thomas_fermi_density(coulomb, np.ones(16), 0.1, ensemble="micro")
    with pytest.raises(ValueError, match="density_of_states"):
        sc.thomas_fermi_density(coulomb, np.ones(16), -0.1)
    with pytest.raises(ValueError, match="dimension"):
        sc.thomas_fermi_wavevector(0.1, 1.0, 1)
    with pytest.raises(ValueError, match="broadening"):
        sc.point_scatterer_green_change(_sample(4, 4).hamiltonian(), 0, 1.0, 1.0, 0.0)
    with pytest.raises(ValueError, match="site"):
        sc.point_scatterer_green_change(_sample(4, 4).hamiltonian(), 16, 1.0, 1.0, 0.1)
    with pytest.raises(ValueError, match="energy"):
        sc.fermi_surface_point_2d(4.5)
    with pytest.raises(ValueError, match="filling"):
        sc.fermi_energy_2d(1.2)
    with pytest.raises(ValueError, match="disorder"):
        sc.born_scattering_rate_2d(1.0, -1.0)
    with pytest.raises(ValueError, match="bin_edges"):
        sc.radial_average(positions, (0, 0), np.ones(16), [1.0, 0.5])
    with pytest.raises(ValueError, match="samples"):
        sc.fit_friedel_envelope(np.ones((4, 16)), np.ones(16), np.arange(16.0), [0, 5, 10, 15])
    with pytest.raises(ValueError, match="broadening"):
        sc.clean_lattice_green_function_2d(1.0, 1e-5, np.zeros((1, 2)))
