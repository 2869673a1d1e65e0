"""Hartree-Fock of the Anderson-Hubbard model with Coulomb tails, and the tunneling DOS."""

import numpy as np
import pytest
import scipy.optimize
import scipy.special

import devices
from physics import hartree_fock as hf
from physics import tunneling_dos as td

# Converged states are compared at 1e-6: the loop stops when no density entry changes by
# more than tolerance = 1e-10, so energies and moments are accurate far below that.
TOL = 1e-10


@pytest.fixture(scope="module")
def dimer():
    return devices.ClosedSample(devices.Wire(width=1, length=2))


def test_no_interaction_is_the_noninteracting_solution_in_one_iteration():
    sample = devices.ClosedSample(devices.Film(width=5, length=6))
    h0 = sample.hamiltonian(disorder=3.0, seed=2).toarray()
    result = hf.hartree_fock_sample(sample, params=dict(disorder=3.0, seed=2), filling=0.3)
    assert result.iterations == 1
    exact = np.linalg.eigvalsh(h0)
    for energies in result.energies:
        assert np.allclose(energies, exact, atol=1e-12)
    n = int(round(0.3 * 60))
    levels = np.sort(np.r_[exact, exact])
    assert result.fermi_energy == pytest.approx(0.5 * (levels[n - 1] + levels[n]), abs=1e-12)
    assert result.total_energy == pytest.approx(levels[:n].sum(), abs=1e-10)


@pytest.mark.parametrize("mixing", ["anderson", "linear", "oda"])
def test_hubbard_dimer_against_exact_mean_field(dimer, mixing):
    """Two sites (on-site 4, hopping -1), two electrons.

    Restricted solution for U < 2t: E = 2 eps0 - 2t + U/2.  Unrestricted for U > 2t:
    moment m = sqrt(1 - 4t^2/U^2), E = 2 eps0 - 2t^2/U, gap between the spin levels = U.
    """
    kwargs = dict(electrons=2, tolerance=TOL, mixing=mixing, max_iterations=2000)
    weak = hf.hartree_fock_sample(dimer, U=1.0, **kwargs)
    assert weak.total_energy == pytest.approx(8 - 2 + 0.5, abs=1e-6)
    assert np.abs(weak.magnetization).max() < 1e-6
    U = 4.0
    strong = hf.hartree_fock_sample(dimer, U=U, **kwargs)
    assert strong.total_energy == pytest.approx(8 - 2 / U, abs=1e-8)
    m = np.sqrt(1 - 4 / U**2)
    assert np.allclose(np.abs(strong.magnetization), m, atol=1e-6)
    assert strong.magnetization[0] == pytest.approx(-strong.magnetization[1], abs=1e-8)
    levels = strong.levels
    assert levels[2] - levels[1] == pytest.approx(U, abs=1e-6)


def test_antiferromagnetic_ring_solves_the_gap_equation():
    """Half-filled clean ring of L sites: 1 = (U/2L) sum_k 1/sqrt(eps_k^2 + Delta^2),
    staggered moment m = 2 Delta/U, levels +-sqrt(eps_k^2 + Delta^2), so the gap of a
    finite ring (no k with eps_k = 0 for L = 10) is 2 sqrt(min eps_k^2 + Delta^2)."""
    length, U = 10, 3.0
    ring = devices.ClosedSample(devices.Wire(width=1, length=length), periodic=True)
    result = hf.hartree_fock_sample(ring, U=U, filling=0.5, tolerance=TOL)
    eps = -2 * np.cos(2 * np.pi * np.arange(length) / length)
    delta = scipy.optimize.brentq(
        lambda d: U / (2 * length) * np.sum(1 / np.sqrt(eps**2 + d**2)) - 1, 1e-9, 10)
    stagger = (-1) ** np.arange(length)
    assert np.allclose(result.magnetization * stagger * np.sign(result.magnetization[0]),
                       2 * delta / U, atol=1e-7)
    gap = 2 * np.sqrt(np.min(eps**2) + delta**2)
    assert result.levels[length] - result.levels[length - 1] == pytest.approx(gap, abs=1e-7)


def test_large_u_neel_state_and_gap():
    """Half-filled clean 6x6 square at U = 20: Neel order with gap U m, m = 1 - 8t^2/U^2
    + O(t^4/U^4) in the bulk (second order in t/Delta with Delta = U/2, z = 4): tolerance
    0.005 covers the O(1e-3) higher orders and the less coordinated edge sites."""
    U = 20.0
    sample = devices.ClosedSample(devices.Film(width=6, length=6))
    result = hf.hartree_fock_sample(sample, U=U, filling=0.5, tolerance=1e-9)
    parity = (-1) ** np.round(sample.positions.sum(axis=1)).astype(int)
    staggered = result.magnetization * parity
    assert np.all(np.sign(staggered) == np.sign(staggered[0])), "not a Neel pattern"
    assert np.abs(staggered).min() > 0.95
    gap = result.levels[36] - result.levels[35]
    assert abs(gap / U - (1 - 8 / U**2)) < 0.005


def test_conservation_hermiticity_and_energy_identity():
    """Complex H0 (random flux) with U, Coulomb tail and Fock exchange: the electron number
    is exact, the mean-field Hamiltonians are Hermitian (no symmetrization in the code), and
    the total energy equals sum_occ eps - (double counting) computed from the densities,
    which holds only if H_MF is the derivative of the energy functional."""
    sample = devices.ClosedSample(devices.Film(width=5, length=5))
    params = dict(disorder=2.0, seed=4, random_flux=1.0)
    U, v0, lam = 1.5, 0.8, 3.0
    result = hf.hartree_fock_sample(sample, params=params, U=U, coulomb=v0,
                                    screening_length=lam, electrons=19, tolerance=TOL)
    assert result.electrons == pytest.approx(19, abs=1e-12)
    assert result.density.sum() == pytest.approx(19, abs=1e-9)
    for h in result.hamiltonians:
        assert np.iscomplexobj(h)
        assert np.abs(h - h.conj().T).max() < 1e-13
    rho = [(vec * f) @ vec.conj().T for vec, f in zip(result.vectors, result.occupations)]
    v = hf.coulomb_matrix(sample.positions, v0, lam)
    q = result.density - 19 / 25
    band = sum(np.dot(f, e) for f, e in zip(result.occupations, result.energies))
    double_counting = (U * result.density_up @ result.density_down
                       + result.density @ v @ q - 0.5 * q @ v @ q
                       - 0.5 * sum(np.sum(v * np.abs(r)**2) for r in rho))
    assert result.total_energy == pytest.approx(band - double_counting, abs=1e-7)


def test_spinful_device_equals_spinless_copies():
    params = dict(disorder=2.0, seed=1)
    kwargs = dict(U=2.0, coulomb=0.5, filling=0.4, tolerance=TOL)
    spinless = hf.hartree_fock_sample(devices.ClosedSample(devices.Film(width=4, length=4)),
                                      params=params, **kwargs)
    spinful = hf.hartree_fock_sample(
        devices.ClosedSample(devices.Film(width=4, length=4, spin=True)), params=params, **kwargs)
    assert spinful.total_energy == pytest.approx(spinless.total_energy, abs=1e-7)
    assert np.allclose(spinful.levels, spinless.levels, atol=1e-6)


def test_clean_torus_with_coulomb_tails_stays_uniform():
    """On a torus every site is equivalent only if the Coulomb tails take the minimum image
    along both axes (`devices.ClosedSample.periods`)."""
    torus = devices.ClosedSample(devices.Film(width=6, length=6), periodic="xy")
    result = hf.hartree_fock_sample(torus, U=1.0, coulomb=1.0, filling=0.25, smearing=0.1,
                                    seed_field=0.0, tolerance=TOL)
    assert np.ptp(result.density) < 1e-8
    assert result.density.mean() == pytest.approx(0.5, abs=1e-12)


def test_uniform_shift_leaves_aligned_dos_unchanged():
    sample = devices.ClosedSample(devices.Film(width=5, length=5))
    h0 = sample.hamiltonian(disorder=3.0, seed=7)
    kwargs = dict(U=1.0, coulomb=1.0, filling=0.3, tolerance=TOL)
    base = hf.hartree_fock(h0, sample.positions, **kwargs)
    moved = hf.hartree_fock(h0 + 0.9 * np.eye(25), sample.positions, **kwargs)
    assert moved.fermi_energy - base.fermi_energy == pytest.approx(0.9, abs=1e-9)
    assert np.allclose(moved.levels - moved.fermi_energy, base.levels - base.fermi_energy,
                       atol=1e-9)
    energies = np.linspace(-2, 2, 81)
    a = td.tunneling_dos([base], energies, 0.1)[0]
    b = td.tunneling_dos([moved], energies, 0.1)[0]
    assert np.abs(a - b).max() < 1e-9
    unaligned = [td.tunneling_dos([r], energies + 3, 0.1, align=False)[0] for r in (base, moved)]
    assert np.abs(unaligned[0] - unaligned[1]).max() > 0.01


def test_chemical_potential_mode():
    sample = devices.ClosedSample(devices.Film(width=4, length=5))
    h0 = sample.hamiltonian(disorder=2.0, seed=3).toarray()
    result = hf.hartree_fock_sample(sample, params=dict(disorder=2.0, seed=3),
                                    chemical_potential=3.1)
    assert result.electrons == 2 * np.sum(np.linalg.eigvalsh(h0) < 3.1)
    with pytest.raises(ValueError, match="background"):
        hf.hartree_fock_sample(sample, coulomb=1.0, chemical_potential=3.1)


def test_non_convergence_raises(dimer):
    with pytest.raises(hf.HartreeFockConvergenceError, match="1 iterations") as info:
        hf.hartree_fock_sample(dimer, U=4.0, electrons=2, max_iterations=1)
    assert isinstance(info.value, RuntimeError)
    assert info.value.iterations == 1 and info.value.residual > 1e-8
    assert info.value.residuals == [info.value.residual]


@pytest.mark.parametrize("kwargs, name", [
    (dict(U=-1.0, filling=0.5), "U"),
    (dict(coulomb=-0.1, filling=0.5), "coulomb"),
    (dict(filling=1.0), "filling"),
    (dict(filling=0.0), "filling"),
    (dict(filling=-0.2), "filling"),
    (dict(electrons=0), "electrons"),
    (dict(), "exactly one"),
    (dict(filling=0.5, electrons=4), "exactly one"),
    (dict(filling=0.5, coulomb=1.0, screening_length=0.0), "screening_length"),
    (dict(filling=0.5, smearing=-0.1), "smearing"),
    (dict(filling=0.5, mixing="broyden"), "mixing"),
    (dict(filling=0.5, mixing_parameter=0.0), "mixing_parameter"),
    (dict(filling=0.5, max_iterations=0), "max_iterations"),
    (dict(filling=0.5, norbs=3), "norbs"),
])
def test_bad_input(kwargs, name):
    sample = devices.ClosedSample(devices.Film(width=3, length=3))
    options = dict(norbs=1)
    options.update(kwargs)
    with pytest.raises(ValueError, match=name):
        hf.hartree_fock(sample.hamiltonian(), sample.positions, **options)


def test_wrong_types_raise_type_error():
    """Convention (devices.validation): a wrong type is a TypeError, a bad value a ValueError."""
    sample = devices.ClosedSample(devices.Film(width=3, length=3))
    for kwargs, name in [(dict(electrons=2.5), "electrons"), (dict(filling="half"), "filling"),
                         (dict(filling=0.5, max_iterations=10.0), "max_iterations"),
                         (dict(filling=0.5, U="1"), "U")]:
        with pytest.raises(TypeError, match=name):
            hf.hartree_fock(sample.hamiltonian(), sample.positions, **kwargs)


def test_spin_flip_hamiltonian_is_refused():
    sample = devices.ClosedSample(devices.Film(width=3, length=3, spin=True))
    with pytest.raises(ValueError, match="spin-flip"):
        hf.hartree_fock_sample(sample, params=dict(rashba=0.2), filling=0.5)


def test_broadened_dos_and_power_law_fit():
    levels = np.linspace(-1, 1, 201)
    energies = np.linspace(-0.3, 0.3, 7)
    for shape in ("lorentzian", "gaussian"):
        # Equally spaced levels (spacing 0.01) broadened by 0.05: flat DOS 100 per unit
        # energy; Lorentzian tails beyond the ends miss (2/pi) width/0.7 ~ 5 %.
        dos = td.broadened_dos(levels, energies, 0.05, shape=shape)
        assert np.allclose(dos, 100, rtol=0.06)
    rng = np.random.default_rng(5)
    sample = rng.uniform(size=4000) ** (1 / 2) * rng.choice([-1, 1], 4000)  # density ~ |E|
    alpha, error, count = td.power_law_exponent(sample, (0.1, 1.0))
    assert abs(alpha - 1) < 4 * error and error < 0.05 and count > 3500
    with pytest.raises(ValueError, match="width"):
        td.broadened_dos(levels, energies, 0.0)


class _Levels:
    """Stand-in for a HartreeFockResult: the fields level_shift_fit reads."""

    def __init__(self, levels, fermi_energy, electrons):
        self.levels, self.fermi_energy, self.electrons = np.sort(levels), fermi_energy, electrons


def test_level_shift_fit_recovers_an_exact_shift_law():
    """Levels shifted by s(x) = -A x ln|x| + q x + r sign(x) (monotonic, so the order is kept):
    the fit is linear least squares of an exact model, so it returns (A, q, r) to rounding."""
    rng = np.random.default_rng(3)
    results = []
    for A, q, r in [(0.08, 0.2, 0.01), (0.03, -0.1, 0.0)]:
        x = np.sort(rng.uniform(-2, 2, 300))
        x = x[np.abs(x) > 1e-3]
        shifted = x - A * x * np.log(np.abs(x)) + q * x + r * np.sign(x)
        zero = _Levels(x + 2.5, 2.5, 150.0)
        one = _Levels(shifted + 3.0, 3.0, 150.0)
        results.append(((A, q, r), td.level_shift_fit([one], [zero], (0.1, 1.0))[0]))
    for expected, fitted in results:
        assert np.allclose(fitted, expected, atol=1e-12)
    with pytest.raises(ValueError, match="window"):
        td.level_shift_fit([one], [zero], (0.0, 1.0))
    with pytest.raises(ValueError, match="same realizations"):
        td.level_shift_fit([one, one], [zero], (0.1, 1.0))


def test_altshuler_aronov_coupling_matches_direct_fermi_surface_average():
    """The FFT identity <V(k - k')> = sum_r V(r) |w(r)|^2 / w(0)^2 against the direct double
    sum over k-points of a small grid (same periodic images): equal to rounding."""
    grid, lam, e_f, width = 24, 1.5, 2.56, 0.3
    c, nu_v0, nu_vfs = td.altshuler_aronov_coupling(1.0, lam, e_f, grid=grid, smearing=width)
    k = 2 * np.pi * np.arange(grid) / grid
    kx, ky = (a.ravel() for a in np.meshgrid(k, k, indexing="ij"))
    w = np.exp(-0.5 * ((4 - 2 * np.cos(kx) - 2 * np.cos(ky) - e_f) / width) ** 2)
    n = np.fft.fftfreq(grid, 1 / grid)
    rx, ry = (a.ravel() for a in np.meshgrid(n, n, indexing="ij"))
    r = np.hypot(rx, ry)
    keep = r > 0
    v = np.exp(-r[keep] / lam) / r[keep]
    qx, qy = kx[:, None] - kx[None, :], ky[:, None] - ky[None, :]
    v_q = sum(vi * np.cos(qx * x + qy * y) for vi, x, y in zip(v, rx[keep], ry[keep]))
    average = w @ v_q @ w / w.sum() ** 2
    from physics.theory import density_of_states_2d
    nu = float(density_of_states_2d(e_f))
    assert nu_vfs == pytest.approx(nu * average, rel=1e-10)
    assert nu_v0 == pytest.approx(nu * v.sum(), rel=1e-12)
    assert c == pytest.approx((nu_v0 - 2 * nu_vfs) / (2 * np.pi), rel=1e-12)


def _spin_susceptibility_matrix(hamiltonian, mu, temperature):
    """-chi_0(r, r') of one spin from the eigen double sum (positive definite)."""
    values, states = np.linalg.eigh(hamiltonian)
    f = scipy.special.expit(-(values - mu) / temperature)
    with np.errstate(divide="ignore", invalid="ignore"):
        difference = (f[:, None] - f[None, :]) / (values[:, None] - values[None, :])
    same = np.abs(values[:, None] - values[None, :]) < 1e-10
    difference[same] = np.broadcast_to((-f * (1 - f) / temperature)[:, None], same.shape)[same]
    return -np.einsum("nm,rn,sn,sm,rm->rs", difference, states.conj(), states, states.conj(),
                      states).real


def test_uniform_spin_response_is_the_rpa_and_stoner_on_a_clean_torus():
    """Hartree-Fock in a small Zeeman splitting: -dm/dDelta_Z = (1 - U chi)^-1 chi 1 with
    chi of its own paramagnetic state (docs/theory/interactions.md#stoner-instability);
    on a clean torus the uniform mode is an eigenmode and this is nu / (1 - U nu)."""
    from physics import theory
    torus = devices.ClosedSample(devices.Film(width=6, length=6, spin=True), periodic="xy")
    options = dict(filling=0.25, smearing=0.1, seed_field=0.0, tolerance=1e-12)
    zeeman, u = 1e-4, 2.0
    for disorder in (0.0, 1.5):
        params = dict(disorder=disorder, seed=3)
        para = hf.hartree_fock_sample(torus, params=params, U=u, **options)
        field = hf.hartree_fock_sample(torus, params=dict(params, zeeman=zeeman), U=u, **options)
        chi = _spin_susceptibility_matrix(para.hamiltonians[0], para.fermi_energy, 0.1)
        rpa = np.linalg.solve(np.eye(36) - u * chi, chi @ np.ones(36))
        assert np.allclose(-field.magnetization / zeeman, rpa, rtol=1e-5, atol=1e-7)
        nu = chi.sum() / 36  # the uniform Rayleigh quotient: the thermal DOS
        f = np.concatenate(para.occupations)
        assert nu == pytest.approx(np.sum(f * (1 - f)) / 0.1 / 72, rel=1e-10)
        if disorder == 0:
            assert rpa.mean() == pytest.approx(float(theory.stoner_susceptibility(nu, u)),
                                               rel=1e-10)
            hartree = para.hamiltonians[0][0, 0].real - 4  # U <n_down>, uniform
            lindhard = theory.lattice_lindhard_2d(para.fermi_energy - hartree, 0.1, 6)
            # plane waves diagonalize chi: chi_0(q) = sum_r chi(r, 0) exp(-i q r)
            q = 2 * np.pi * np.array([2, 1]) / 6
            phase = np.exp(-1j * (torus.positions - torus.positions[0]) @ q)
            assert lindhard[2, 1] == pytest.approx((chi[:, 0] * phase).sum().real, rel=1e-10)
            assert lindhard[0, 0] == pytest.approx(nu, rel=1e-10)
    with pytest.raises(ValueError, match="hubbard_u x dos must be < 1"):
        theory.stoner_susceptibility(0.1, 10.0)


def test_zero_temperature_state_falls_back_to_a_small_smearing():
    sample = devices.ClosedSample(devices.Film(width=6, length=6))
    kwargs = dict(params=dict(disorder=8.0, seed=4), coulomb=1.0, filling=0.25, tolerance=1e-8)
    direct = hf.hartree_fock_sample(sample, mixing="oda", max_iterations=300, **kwargs)
    state = hf.zero_temperature_state(sample, **kwargs)
    assert state.total_energy == pytest.approx(direct.total_energy, abs=1e-9)
    assert direct.iterations > 1
    # One optimal-damping update is not enough: the smeared second attempt converges.
    fallback = hf.zero_temperature_state(sample, max_iterations=1, fallback_smearing=0.01,
                                         **kwargs)
    assert fallback.iterations > 1  # the second attempt's count
    assert fallback.total_energy == pytest.approx(direct.total_energy, abs=1e-3)
    with pytest.raises(ValueError, match="fallback_smearing"):
        hf.zero_temperature_state(sample, fallback_smearing=0.0, **kwargs)
