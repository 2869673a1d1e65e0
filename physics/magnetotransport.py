"""Magnetotransport helpers: field symmetry, Hall slope, Hall coefficient, field scales.

Units: flux per plaquette ``phi`` in h/e, resistance in h/e^2, energy in t from
the band bottom of the clean lattice, lengths in lattice constants.  In these
units the magnetic field is B = 2 pi phi (hbar = e = a = 1) and a Hall
coefficient R_H = 1/(n e) turns into R_xy [h/e^2] = R_H phi.

Analytic parts:

* `hall_coefficient_2d`: Boltzmann Hall coefficient of the square lattice with
  an isotropic relaxation time (on-site white-noise disorder scatters
  isotropically, THEORY §1), ``R_H = 1/n`` in the parabolic limit (THEORY §10).
* `born_self_energy_2d`: the Born self-energy ``(W^2/12) G_0(E + i0)``; its real
  part shifts the Fermi surface, so the Hall slope of a disordered sample is
  ``R_H(E - Re Sigma)`` to leading order in the disorder.
* `cooperon_transverse_extent`, `coherent_wire_field_scale`: the dirty-limit
  Cooperon mass of a wire or slab in a field perpendicular to the current,
  ``l_B^-2 = (2 e / hbar)^2 var(A_x)`` (THEORY §3(c), (d)).
* `cooperon_magnetoconductance`: the same Cooperon solved on the box with all
  its diffusion modes (absorbing ends, reflecting sides), for samples whose
  width is not small against their length.
"""

import numpy as np

from . import theory

__all__ = ["field_parts", "hall_slope", "fermi_surface_average_2d",
           "hall_coefficient_2d", "born_self_energy_2d", "states_below",
           "cooperon_transverse_extent", "coherent_wire_field_scale",
           "cooperon_magnetoconductance"]


# --- symmetry in the field ---------------------------------------------------------

def field_parts(at_plus, at_minus):
    """Even and odd parts in the field, ``(X(B) + X(-B))/2`` and ``(X(B) - X(-B))/2``.

    Parameters
    ----------
    at_plus, at_minus : array_like
        The same quantity (e.g. R_xy in h/e^2) at +B and at -B, same shape.

    Returns
    -------
    even, odd : numpy.ndarray
    """
    plus, minus = np.asarray(at_plus, dtype=float), np.asarray(at_minus, dtype=float)
    if plus.shape != minus.shape:
        raise ValueError(f"at_plus and at_minus must have the same shape, got {plus.shape} "
                         f"and {minus.shape}")
    return 0.5 * (plus + minus), 0.5 * (plus - minus)


def hall_slope(phi, r_xy, errors):
    """Slope of R_xy = slope * phi through the origin (weighted least squares).

    Parameters
    ----------
    phi : array_like
        Flux per plaquette (h/e), non-zero.
    r_xy : array_like
        Hall resistance (h/e^2), best its odd part (`field_parts`).
    errors : array_like
        One-sigma errors of ``r_xy`` (independent points), positive.

    Returns
    -------
    dict with ``slope`` (h/e^2 per h/e per plaquette; 1/n for free electrons),
    ``error`` and the reduced ``chi2``.
    """
    phi, r_xy, errors = (np.asarray(a, dtype=float) for a in (phi, r_xy, errors))
    if not phi.shape == r_xy.shape == errors.shape or phi.ndim != 1 or phi.size < 1:
        raise ValueError("phi, r_xy and errors must be 1-D arrays of the same length")
    if np.any(errors <= 0):
        raise ValueError("errors must be positive")
    if np.any(phi == 0):
        raise ValueError("phi must not contain 0: the fit goes through the origin")
    weights = 1 / errors**2
    curvature = np.sum(weights * phi**2)
    slope = np.sum(weights * phi * r_xy) / curvature
    dof = max(phi.size - 1, 1)
    chi2 = float(np.sum(weights * (r_xy - slope * phi) ** 2) / dof)
    return {"slope": float(slope), "error": float(curvature**-0.5), "chi2": chi2}


# --- clean square lattice: density and Boltzmann Hall coefficient (THEORY §1, §10) ---

def _check_below_van_hove(energy):
    energy = float(energy)
    if not 0 < energy < 4:
        raise ValueError(f"energy must lie in (0, 4) t (below the van Hove point), got {energy}")
    return energy


def fermi_surface_average_2d(function, energy):
    """``(2 pi)^-2 int d^2k delta(E - eps_k) F(k_x, k_y)`` on the square lattice, 0 < E < 4.

    ``eps_k = 4 - 2 cos k_x - 2 cos k_y`` (t = a = 1).  The Fermi line is split at
    its diagonals: where |v_y| >= |v_x| it is parametrized by k_x, elsewhere by
    k_y (the mirror image), so the Jacobian 1/|v| stays bounded.  F = 1 gives
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


def _local_green_function_2d(energy):
    """G_0(E + i0) = int nu(e) / (E + i0 - e) de of the clean square lattice (1/t).

    Outside the band it equals ``(2 / (pi z)) K(16 / z^2)``, z = E - 4 (Economou,
    Green's Functions in Quantum Physics, §5.3).
    """
    from scipy.integrate import quad

    def dos(e):
        return float(theory.density_of_states_2d(e))

    energy = float(energy)
    if energy in (0.0, 4.0, 8.0) or not np.isfinite(energy):
        raise ValueError(f"energy must avoid the band edges and centre (0, 4, 8 t), got {energy}")
    # Principal value: the Cauchy weight on the half band holding the pole; the
    # log singularity of the DOS at the band centre sits at an interval end.
    halves = [(0.0, 4.0), (4.0, 8.0)]
    real = 0.0
    for low, high in halves:
        if low < energy < high:
            real -= quad(dos, low, high, weight="cauchy", wvar=energy, limit=200)[0]
        else:
            real += quad(lambda e: dos(e) / (energy - e), low, high, limit=200)[0]
    return real - 1j * np.pi * dos(energy)


def born_self_energy_2d(energy, disorder):
    """Born self-energy ``Sigma = (W^2/12) G_0(E + i0)`` of the 2D Anderson model, in t.

    ``-2 Im Sigma = hbar/tau = (pi/6) W^2 nu(E)`` (THEORY §1).  ``Re Sigma < 0``
    near the band bottom: disorder pulls states down, so at fixed E the
    disordered sample holds more electrons, ``n ~ n_clean(E - Re Sigma)``, and
    its Hall slope is ``hall_coefficient_2d(E - Re Sigma)`` to leading order in W^2.
    """
    disorder = float(disorder)
    if not disorder >= 0:
        raise ValueError(f"disorder must be >= 0, got {disorder}")
    return disorder**2 / 12 * _local_green_function_2d(energy)


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


# --- weak-localization field scales (THEORY §3(c), (d)) ---------------------------

def cooperon_transverse_extent(width, thickness=1, field_direction=(0.0, 0.0, 1.0)):
    """Effective width W_perp of a wire or slab for the Cooperon field mass.

    The current flows along x; for a field in the y-z plane, A_x = B (-n_z y + n_y z)
    and the dirty-limit mass is ``l_B^-2 = (2 e/hbar)^2 var(A_x)`` averaged
    over the uniform transverse zero mode (THEORY §3(c)), i.e.
    ``l_B^2 = 3 l_m^4 / W_perp^2`` with ``W_perp^2 = 12 var = n_z^2 (W^2 - 1) + n_y^2 (H^2 - 1)``
    for W (y) and H (z) lattice sites (the variance of a uniform distribution on
    n sites is (n^2 - 1)/12).  A z field sees the width, a y field the thickness.

    Parameters
    ----------
    width, thickness : int
        Sites along y and z (thickness 1 for a 2D sheet).
    field_direction : 3-vector
        Normalized internally; must be perpendicular to the current (n_x = 0):
        a field along the wire has a different, boundary-dependent mass.
    """
    for name, value in (("width", width), ("thickness", thickness)):
        if int(value) != value or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    direction = np.asarray(field_direction, dtype=float)
    if direction.shape != (3,) or not np.all(np.isfinite(direction)) or not direction.any():
        raise ValueError(f"field_direction must be a non-zero 3-vector, got {field_direction!r}")
    nx, ny, nz = direction / np.linalg.norm(direction)
    if abs(nx) > 1e-12:
        raise ValueError("field_direction must be perpendicular to the current (x component 0), "
                         f"got {field_direction!r}")
    return float(np.sqrt(nz**2 * (width**2 - 1) + ny**2 * (thickness**2 - 1)))


def coherent_wire_field_scale(length, transverse_extent):
    """c in x = L/l_B = c phi for the coherent-wire Cooperon, dirty limit (THEORY §3(d)).

    ``c = (2 pi / sqrt 3) L W_perp`` (flux per plaquette phi in h/e), so that
    Delta g(phi) = n_s [1/3 - f(c phi)] with f = `theory.coherent_wire_wl`; half
    suppression at c phi = 4.73.  W_perp from `cooperon_transverse_extent`.
    Flux cancellation when the mean free path is not small against W_perp
    lowers the true scale (THEORY §3(c)).
    """
    return float(theory.dirty_wire_field_parameter(1.0, length, transverse_extent))


def cooperon_magnetoconductance(shape, phi, field_direction=(0.0, 0.0, 1.0), copies=1):
    """Dirty-limit WL magnetoconductance of a coherent box from its Cooperon, all modes kept.

    ``Delta g(phi) = (2 d / L_D^2) [Tr K_0^-1 - Tr K_phi^-1]``, where K is the
    Cooperon (diffusion) operator ``-(grad - 2 i e A)^2`` discretized on the grid
    of the sample's sites (spacing a): absorbing (Dirichlet) ends at the leads,
    x = -1 and x = L (so L_D = L + 1), reflecting (Neumann) side walls, and
    x-bond phases of charge 2e in the gauge A_x = B (-n_z y + n_y z).  For a
    long narrow wire (W_perp << L) only the transverse zero mode matters and
    this reduces to ``d [1/3 - f(x)]``, x = (2 pi/sqrt 3) L_D W_perp phi
    (THEORY §3(d)); for W_perp ~ L the transverse modes and the coupling of the
    zero mode to them through the field lower the low-field curvature (the
    quasi-1D mass l_B^-2 = W^2/(3 l_m^4) holds only for q W << 1).

    Parameters
    ----------
    shape : tuple of int
        Sites (L, W) or (L, W, H); current along the first axis.
    phi : float or array_like
        Flux per plaquette normal to the field (h/e).
    field_direction : 3-vector
        Perpendicular to the current (n_x = 0); for a 2D shape only z is allowed.
    copies : int
        Degenerate copies d (1 spinless, 2 spin-degenerate without SOC).

    Returns
    -------
    numpy.ndarray of Delta g (e^2/h), the shape of ``phi``.

    Notes
    -----
    The diffusion equation is valid on scales >> l: the result is the dirty
    limit; flux cancellation when l is not small against W_perp lowers the field
    scale (Beenakker & van Houten, PRB 38, 3232 (1988)).  Cost: O(L (W H)^3) per field.
    """
    shape = tuple(int(n) for n in shape)
    if len(shape) == 2:
        shape = shape + (1,)
    if len(shape) != 3 or min(shape) < 1:
        raise ValueError(f"shape must be (L, W) or (L, W, H) positive integers, got {shape}")
    direction = np.asarray(field_direction, dtype=float)
    if direction.shape != (3,) or not direction.any():
        raise ValueError(f"field_direction must be a non-zero 3-vector, got {field_direction!r}")
    nx, ny, nz = direction / np.linalg.norm(direction)
    if abs(nx) > 1e-12:
        raise ValueError("field_direction must be perpendicular to the current (x component 0)")
    length, width, height = shape
    # One cross-section (slice): Neumann Laplacian of the W x H grid, plus 2 for
    # the two x neighbours of every site (inside, or the absorbing lead where C = 0).
    y, z = (a.ravel() for a in np.meshgrid(np.arange(width), np.arange(height), indexing="ij"))
    section = np.zeros((y.size, y.size))
    for axis_values, other, n in ((y, z, width), (z, y, height)):
        for a in range(y.size):
            for b in range(y.size):
                if other[a] == other[b] and abs(axis_values[a] - axis_values[b]) == 1:
                    section[a, b] = -1.0
    section[np.diag_indices(y.size)] = -section.sum(axis=1) + 2
    gauge = -nz * y + ny * z  # A_x / B, the same on every x bond of a transverse site

    def trace_inverse(flux):
        # Block-tridiagonal along x (identical slices): diagonal blocks of K^-1 by
        # the recursive Green's function, O(L (W H)^3) instead of O((L W H)^3).
        hop = np.diag(-np.exp(-1j * 2 * (2 * np.pi * flux) * gauge))  # charge 2e, B = 2 pi phi
        left = [np.linalg.inv(section)]
        for _ in range(length - 1):
            left.append(np.linalg.inv(section - hop @ left[-1] @ hop.conj().T))
        total, right = 0.0, None
        for i in range(length - 1, -1, -1):
            block = section - (hop @ left[i - 1] @ hop.conj().T if i > 0 else 0)
            if right is not None:
                block = block - hop.conj().T @ right @ hop
            total += np.trace(np.linalg.inv(block)).real
            right = np.linalg.inv(section - hop.conj().T @ right @ hop if right is not None
                                  else section)
        return total

    phis = np.asarray(phi, dtype=float)
    zero = trace_inverse(0.0)
    values = np.array([zero - trace_inverse(f) if f else 0.0 for f in phis.ravel()])
    return (2 * copies / (length + 1) ** 2 * values).reshape(phis.shape)
