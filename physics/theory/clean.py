"""Clean lattices: subbands, Landau levels, densities, the Fermi surface, ballistic constrictions, ring periods.

Energies in t from the band bottom (square lattice: on-site 4t, hopping -t),
lengths in lattice constants, fluxes per plaquette in h/e (docs/theory/lattice_model.md).
"""

import numpy as np

__all__ = ["hard_wall_subband_energies", "open_channels", "landau_level_energies",
           "density_of_states_2d", "electron_density_2d", "aharonov_bohm_period",
           "saddle_point_transmission", "fermi_surface_average_2d", "hall_coefficient_2d",
           "states_below", "rkky_range_function_2d"]


def hard_wall_subband_energies(width):
    """Bottoms of the subbands of a hard-wall lattice strip of ``width`` sites.

    ``E_n = 2t (1 - cos(n pi / (width + 1)))``, n = 1 .. width: the transverse
    standing waves of a tight-binding chain with zero boundary conditions.
    Each subband spans [E_n, E_n + 4t].
    """
    n = np.arange(1, width + 1)
    return 2.0 * (1 - np.cos(n * np.pi / (width + 1)))


def open_channels(energy, width):
    """Number of open channels of a clean hard-wall strip: subbands with E_n < E < E_n + 4t.

    Equal to the exact conductance (e^2/h) of a clean spinless wire whose leads
    have the same width.
    """
    bottoms = hard_wall_subband_energies(width)
    energy = np.asarray(energy, dtype=float)[..., np.newaxis]
    return np.sum((bottoms < energy) & (energy < bottoms + 4.0), axis=-1)


def landau_level_energies(phi, n_levels, lattice_correction=False):
    """Landau levels near the band bottom: ``E_n = hbar omega_c (n + 1/2)``.

    ``hbar omega_c = 4 pi t phi`` for flux ``phi`` per plaquette (h/e)
    (docs/theory/multiterminal.md#landau-levels), valid for phi << 1 and low n.

    With ``lattice_correction``, adds the first-order effect of the quartic
    term of the cosine band, ``-t (k_x^4 + k_y^4) / 12``:
    ``-(hbar omega_c)^2 (2 n^2 + 2 n + 1) / (32 t)`` [D: <n|k_x^4|n> =
    3 (2n^2 + 2n + 1) / (4 l_m^4) with hbar omega_c = 2 t / l_m^2].
    """
    n = np.arange(n_levels)
    hbar_omega_c = 4 * np.pi * phi
    energies = hbar_omega_c * (n + 0.5)
    if lattice_correction:
        energies = energies - hbar_omega_c**2 * (2 * n**2 + 2 * n + 1) / 32
    return energies


def density_of_states_2d(energy):
    """Square-lattice DOS per site per spin, in 1/t; ``energy`` in t from the band bottom.

    ``nu(E) = K(k) / (2 pi^2 t)``, ``k^2 = 1 - (epsilon / 4t)^2``, epsilon = E - 4t
    measured from the band centre (Economou, Green's Functions in Quantum
    Physics, §5.3).  Log-divergent at the band centre.
    """
    from scipy.special import ellipk
    epsilon = np.asarray(energy, dtype=float) - 4.0
    m = 1 - (epsilon / 4) ** 2
    inside = (m > 0) & (m < 1)
    result = np.zeros_like(m)
    result[inside] = ellipk(m[inside]) / (2 * np.pi**2)
    return result


def electron_density_2d(energy):
    """Electrons per site per spin of the clean square lattice filled up to ``energy``.

    ``n(E) = int_0^E nu(e) de`` with the lattice DOS `density_of_states_2d`;
    ``E / (4 pi t)`` near the band bottom, 1/2 at the band centre E = 4t.
    """
    from scipy.integrate import quad
    energy = float(energy)
    if not 0 <= energy <= 8:
        raise ValueError(f"energy must lie in the band [0, 8] t, got {energy}")

    def dos(e):
        return float(density_of_states_2d(e))

    if energy <= 4:
        return quad(dos, 0.0, energy, limit=200)[0]
    return 1.0 - quad(dos, energy, 8.0, limit=200)[0]  # particle-hole symmetry


def aharonov_bohm_period(mean_radius):
    """h/e period of a ring in flux per plaquette (h/e per a^2): ``1 / (pi r^2)``."""
    return 1 / (np.pi * mean_radius**2)


def saddle_point_transmission(energy, barrier, hbar_omega_x, hbar_omega_y, n_modes=50):
    """Buttiker's saddle-point constriction: sum_n T_n with T_n = 1 / (1 + exp(-pi eps_n)).

    For the potential ``V(x, y) = barrier - m omega_x^2 x^2 / 2 + m omega_y^2 y^2 / 2``
    (M. Buttiker, Phys. Rev. B 41, 7906 (1990)), transverse mode n sees the
    inverted parabola of height ``barrier + hbar omega_y (n + 1/2)`` and
    ``eps_n = 2 [E - hbar omega_y (n + 1/2) - barrier] / (hbar omega_x)``.  Steps
    of g at E = barrier + hbar omega_y (n + 1/2), each of slope
    pi / (2 hbar omega_x) at its midpoint.  On the lattice (t = hbar^2/(2 m a^2))
    a curvature V = -a_x x^2 + a_y y^2 gives hbar omega = 2 sqrt(a) t
    (docs/theory/qpc.md).

    Parameters
    ----------
    energy : float or array_like
        E (same units as the others).
    barrier : float or array_like
        Height of the saddle (broadcast against ``energy``).
    hbar_omega_x, hbar_omega_y : float
        Curvatures of the saddle along and across the constriction, as energies.
    n_modes : int
        Transverse modes summed.
    """
    energy = np.asarray(energy, dtype=float)[..., np.newaxis]
    barrier = np.asarray(barrier, dtype=float)[..., np.newaxis]
    n = np.arange(n_modes)
    eps = 2 * (energy - hbar_omega_y * (n + 0.5) - barrier) / hbar_omega_x
    return np.sum(0.5 * (1 + np.tanh(0.5 * np.pi * eps)), axis=-1)


def _check_below_van_hove(energy):
    energy = float(energy)
    if not 0 < energy < 4:
        raise ValueError(f"energy must lie in (0, 4) t (below the van Hove point), got {energy}")
    return energy


def fermi_surface_average_2d(function, energy):
    """``(2 pi)^-2 int d^2k delta(E - eps_k) F(k_x, k_y)`` on the square lattice, 0 < E < 4.

    ``eps_k = 4 - 2 cos k_x - 2 cos k_y`` (t = a = 1).  The Fermi line is split at
    its diagonals: where ``|v_y| >= |v_x|`` it is parametrized by k_x, elsewhere by
    k_y (the mirror image), so the Jacobian ``1/|v|`` stays bounded.  F = 1 gives
    the DOS per site.
    """
    from scipy.integrate import quad
    energy = _check_below_van_hove(energy)
    edge = np.arccos(1 - energy / 4)  # the diagonal k_x = k_y of the Fermi line

    def integrand(q):
        kappa = np.arccos(np.clip((4 - energy) / 2 - np.cos(q), -1.0, 1.0))
        velocity = 2 * abs(np.sin(kappa))
        return sum(function(q, s * kappa) + function(s * kappa, q) for s in (1, -1)) / velocity

    return quad(integrand, -edge, edge, limit=200)[0] / (2 * np.pi) ** 2


def hall_coefficient_2d(energy):
    """Weak-field Boltzmann Hall coefficient of the square lattice, isotropic tau.

    Returns ``dR_xy/dphi`` in (h/e^2) per (h/e per plaquette), i.e. R_H in
    lattice units, positive for electrons with our sign convention (README:
    R_xy = +1/nu on the plateaus).  With ``v = grad eps`` and a k-independent
    relaxation time (Ziman, Principles of the Theory of Solids, §7.5)::

        R_H = <v_x^2 d v_y / d k_y> / <v_x^2>^2,   <.> = Fermi-surface integral,

    independent of tau.  Parabolic limit (E -> 0): 1/n(E) (`theory.electron_density_2d`);
    it vanishes at the band centre by particle-hole symmetry.  Valid for
    0 < E < 4 (below the van Hove point).
    """
    energy = _check_below_van_hove(energy)
    velocity_squared = fermi_surface_average_2d(lambda kx, ky: 4 * np.sin(kx) ** 2, energy)
    hall = fermi_surface_average_2d(lambda kx, ky: 8 * np.sin(kx) ** 2 * np.cos(ky), energy)
    return hall / velocity_squared**2


def states_below(hamiltonian, energy):
    """Number of eigenvalues of a Hermitian matrix below ``energy``, without diagonalizing.

    Sylvester's law of inertia: H - E = L D L^dagger (Bunch-Kaufman, `scipy.linalg.ldl`)
    has as many negative eigenvalues as the block-diagonal D.  About four times
    cheaper than a full spectrum; used to count the electrons of a closed
    disordered sample.
    """
    from scipy.linalg import ldl
    import scipy.sparse
    matrix = hamiltonian.toarray() if scipy.sparse.issparse(hamiltonian) else np.asarray(hamiltonian)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"hamiltonian must be a square matrix, got shape {matrix.shape}")
    shifted = matrix - float(energy) * np.eye(matrix.shape[0])
    _, d, _ = ldl(shifted, hermitian=True)
    # D has 1x1 and 2x2 blocks: its (few) eigenvalues are cheap.
    return int(np.sum(np.linalg.eigvalsh(d) < 0)) if d.shape[0] <= 64 else _block_negatives(d)


def _block_negatives(d):
    """Negative eigenvalues of a block-diagonal matrix with 1x1 and 2x2 blocks."""
    n, count, i = d.shape[0], 0, 0
    while i < n:
        if i + 1 < n and d[i + 1, i] != 0:
            count += int(np.sum(np.linalg.eigvalsh(d[i:i + 2, i:i + 2]) < 0))
            i += 2
        else:
            count += int(d[i, i].real < 0)
            i += 1
    return count


def rkky_range_function_2d(distance, fermi_wavenumber, dos):
    """Static susceptibility chi(r) per spin of a clean 2D electron gas at zero temperature.

    ``(nu k_F^2 / 2) [J0(k_F r) Y0(k_F r) + J1(k_F r) Y1(k_F r)]``, tending to
    ``-(nu / 2 pi) sin(2 k_F r) / r^2`` (docs/theory/kubo.md#static-susceptibility-and-the-rkky-range-function):
    the density response dn(r) = chi(r) U to a point potential U, and the RKKY range
    function.  ``distance`` in a, ``fermi_wavenumber`` in 1/a, ``dos`` (nu = m / 2 pi hbar^2,
    1 / (4 pi t) on the square lattice's band bottom) per site and energy; chi in the units
    of ``dos``.
    """
    import scipy.special
    x = fermi_wavenumber * np.asarray(distance, dtype=float)
    return dos * fermi_wavenumber**2 / 2 * (scipy.special.j0(x) * scipy.special.y0(x)
                                            + scipy.special.j1(x) * scipy.special.y1(x))
