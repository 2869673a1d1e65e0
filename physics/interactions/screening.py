"""Static screening of a test charge and Friedel oscillations in disordered samples.

Linear response of closed samples (`devices.ClosedSample`), spinless electrons,
energies in t from the band bottom, lengths in lattice constants a:

* **Screening (static RPA = linear Hartree).**  The non-interacting static
  density response of the exact eigenstates (Lindhard sum)

      chi0_ij = sum_{n, m} (f_n - f_m) / (E_n - E_m) psi_n*(i) psi_m(i) psi_m*(j) psi_n(j)

  (``delta n_i = sum_j chi0_ij delta v_j`` for a potential energy ``delta v``
  added to the diagonal; degenerate pairs take the limit ``f'``), and the
  Hartree equation ``delta n = chi0 (phi_ext + V delta n)`` solved as
  ``delta n = (1 - chi0 V)^-1 chi0 phi_ext`` by conjugate gradients in the
  symmetric form ``1 - V^1/2 chi0 V^1/2`` (`screened_density`).  The same
  equation solved self-consistently with exact diagonalization
  (`hartree_density`) agrees to second order in the test charge.  Two
  ensembles: ``canonical`` (fixed particle number, zero temperature; an
  isolated sample: every row of chi0 sums to zero, the total induced charge
  is zero and the charge that screens the impurity comes from the rest of the
  sample) and ``grand canonical`` (fixed chemical potential, Fermi smearing
  of temperature T > 0; rows sum to minus the thermally smeared local DOS).
  `thomas_fermi_density` is the local (Thomas-Fermi) limit of the same
  equation, ``chi0 -> -nu``, in the same geometry and ensemble.

* **Friedel oscillations** around a point scatterer (the exact T-matrix change
  of the diagonal Green function, `point_scatterer_green_change`) are in
  `physics.interactions.green_functions`.

The Coulomb matrix is `physics.interactions.coulomb.coulomb_matrix`.  The
analytic comparisons (Thomas-Fermi wave vector and the continuum 2D profile,
Born scattering rate, Fermi-surface velocity, elastic mean free path, the clean
lattice's Green function, the Fermi energy at a filling) are in
`physics.theory.interactions`, the envelope fit and the radial average in
`physics.analysis.interaction_fits`; all are also attributes of this module.
"""

import numpy as np
import scipy.linalg
import scipy.sparse
import scipy.sparse.linalg
import scipy.special

from devices.validation import (check_count, check_nonnegative, check_positive, check_real,
                                check_real_array)

from ..analysis.interaction_fits import fit_friedel_envelope, radial_average
from ..theory.interactions import (born_scattering_rate_2d, clean_lattice_green_function_2d,
                                   clean_point_scatterer_green_change, elastic_mean_free_path_2d,
                                   fermi_energy_2d, fermi_surface_point_2d,
                                   friedel_scaled_distance, thomas_fermi_enclosed_charge_2d,
                                   thomas_fermi_profile_2d, thomas_fermi_tail_2d,
                                   thomas_fermi_wavevector)
from .coulomb import coulomb_matrix, unit_cell_average_inverse_distance
from .green_functions import point_scatterer_green_change

__all__ = ["StaticSusceptibility", "CoulombInteraction", "screened_density", "hartree_density",
           "thomas_fermi_density",
           # defined in green_functions, coulomb, theory.interactions, analysis.interaction_fits:
           "point_scatterer_green_change", "unit_cell_average_inverse_distance",
           "clean_lattice_green_function_2d", "clean_point_scatterer_green_change",
           "friedel_scaled_distance", "thomas_fermi_wavevector", "thomas_fermi_profile_2d",
           "thomas_fermi_tail_2d", "thomas_fermi_enclosed_charge_2d", "fermi_energy_2d",
           "fermi_surface_point_2d", "born_scattering_rate_2d", "elastic_mean_free_path_2d",
           "fit_friedel_envelope", "radial_average"]


def _square_hermitian(name, matrix):
    matrix = matrix.toarray() if scipy.sparse.issparse(matrix) else np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty square matrix, got shape {matrix.shape}")
    if not np.allclose(matrix, matrix.conj().T, atol=1e-12, rtol=0):
        raise ValueError(f"{name} must be Hermitian")
    if np.iscomplexobj(matrix) and not np.any(matrix.imag):
        matrix = matrix.real  # real symmetric: real eigenvectors, half the cost
    return matrix


# --- non-interacting static density response ----------------------------------

class StaticSusceptibility:
    """Static density response chi0 of non-interacting electrons (Lindhard sum over eigenstates).

    Parameters
    ----------
    hamiltonian : (N, N) array or sparse matrix
        Single-particle Hamiltonian of a closed sample (t), one orbital per site.
    n_particles : int, optional
        Canonical ensemble at zero temperature: the lowest ``n_particles``
        levels are filled.  The ground state must be non-degenerate (a gap
        ``E_N - E_{N-1} > gap_tolerance``); otherwise use the grand-canonical
        ensemble with a temperature.
    chemical_potential : float, optional
        Grand-canonical ensemble at fixed chemical potential (t, from the band
        bottom); needs ``temperature > 0``.
    temperature : float
        Fermi smearing k_B T (t); grand-canonical ensemble only.
    gap_tolerance : float
        Smallest accepted gap at the Fermi level (t), canonical ensemble.

    Attributes
    ----------
    energies, states : numpy.ndarray
        Eigenvalues (t) and eigenvectors (columns) of the Hamiltonian.
    occupations : numpy.ndarray
        Occupation f_n of every level.
    ensemble : str
        ``"canonical"`` or ``"grand canonical"``.

    Notes
    -----
    ``delta n_i = sum_j chi0_ij delta v_j`` (electrons per site, delta v a
    potential energy in t).  chi0 is real, symmetric and negative
    semidefinite.  Canonical: only occupied-empty pairs contribute and every
    row sums to zero (a uniform shift changes no eigenvector).  Grand
    canonical: the pairs ``n = m`` and degenerate pairs contribute
    ``f'(E_n)``; row ``i`` sums to ``sum_n f'(E_n) |psi_n(i)|^2`` = minus
    the local DOS smeared by ``-f'`` (the local compressibility).
    Applying chi0 costs two matrix products of size N x N x (occupied
    levels); the dense matrix (`matrix`) is for small samples.
    """

    def __init__(self, hamiltonian, *, n_particles=None, chemical_potential=None,
                 temperature=0.0, gap_tolerance=1e-8):
        hamiltonian = _square_hermitian("hamiltonian", hamiltonian)
        size = hamiltonian.shape[0]
        temperature = check_nonnegative("temperature", temperature)
        if (n_particles is None) == (chemical_potential is None):
            raise ValueError("give exactly one of n_particles (canonical) and "
                             "chemical_potential (grand canonical)")
        self.energies, self.states = np.linalg.eigh(hamiltonian)
        if n_particles is not None:
            if temperature != 0:
                raise ValueError("temperature must be 0 in the canonical ensemble (n_particles)")
            active = self._fill_canonical(n_particles, gap_tolerance)
        else:
            active = self._fill_grand_canonical(chemical_potential, temperature)
        self.temperature = temperature
        self._active = active
        self.n_sites = size

    def _fill_canonical(self, n_particles, gap_tolerance):
        """Occupations and pair weights of the lowest ``n_particles`` levels; the active count."""
        size = len(self.energies)
        n_particles = check_count("n_particles", n_particles)
        if not n_particles < size:
            raise ValueError(f"n_particles must be an integer in [1, {size - 1}], "
                             f"got {n_particles!r}")
        gap_tolerance = check_nonnegative("gap_tolerance", gap_tolerance)
        gap = self.energies[n_particles] - self.energies[n_particles - 1]
        if not gap > gap_tolerance:
            raise ValueError(f"n_particles = {n_particles} leaves a degenerate ground state "
                             f"(gap {gap:.3g} t at the Fermi level); use chemical_potential "
                             "with a temperature")
        self.ensemble = "canonical"
        self.n_particles = n_particles
        self.occupations = np.zeros(size)
        self.occupations[:n_particles] = 1.0
        self.fermi_energy = 0.5 * (self.energies[n_particles - 1] + self.energies[n_particles])
        active = n_particles
        weights = 1.0 / (self.energies[:active, None] - self.energies[None, active:])
        self._weights = np.concatenate([np.zeros((active, active)), 2 * weights], axis=1)
        return active

    def _fill_grand_canonical(self, chemical_potential, temperature):
        """Fermi occupations at (mu, T) and the pair weights (f_n - f_m)/(E_n - E_m)."""
        mu = check_real("chemical_potential", chemical_potential)
        if temperature == 0:
            raise ValueError("the grand-canonical ensemble needs temperature > 0")
        self.ensemble = "grand canonical"
        self.fermi_energy = mu
        x = (self.energies - mu) / temperature
        f = scipy.special.expit(-x)
        self.occupations = f
        self.n_particles = float(f.sum())
        # Levels with f below 1e-16 contribute only through pairs with an occupied level.
        active = int(np.count_nonzero(f > 1e-16))
        e_n, e_m = self.energies[:active, None], self.energies[None, :]
        f_n, f_m = f[:active, None], f[None, :]
        delta = e_n - e_m
        close = np.abs(delta) < 1e-9 * max(1.0, temperature)
        mean = 0.5 * (e_n + e_m)
        f_mean = scipy.special.expit(-(mean - mu) / temperature)
        derivative = -f_mean * (1 - f_mean) / temperature
        with np.errstate(divide="ignore", invalid="ignore"):
            weights = np.where(close, derivative, (f_n - f_m) / np.where(close, 1.0, delta))
        factor = np.ones_like(weights)
        factor[:, active:] = 2.0  # the pair (m, n) with m inactive is not listed separately
        self._weights = weights * factor
        return active

    def apply(self, potential):
        """chi0 @ potential for a potential energy on every site.

        Parameters
        ----------
        potential : (N,) array_like of float
            delta v (t).

        Returns
        -------
        numpy.ndarray, shape (N,)
            delta n (electrons per site).
        """
        v = np.asarray(potential, dtype=float)
        if v.shape != (self.n_sites,):
            raise ValueError(f"potential must have shape ({self.n_sites},), got {v.shape}")
        occupied = self.states[:, :self._active]
        # M[m, n] = <m| v |n> for n in the active set.
        m = self.states.conj().T @ (v[:, None] * occupied)
        x = self.states @ (self._weights.T * m)
        return np.real(np.sum(occupied.conj() * x, axis=1))

    def matrix(self):
        """The dense chi0 (N x N, electrons per site per t); O(N^3 x occupied levels)."""
        identity = np.eye(self.n_sites)
        result = np.column_stack([self.apply(column) for column in identity])
        return 0.5 * (result + result.T)

    def local_compressibility(self):
        """dn_i/dmu at fixed potential: zero (canonical) or the smeared local DOS (1/t)."""
        if self.ensemble == "canonical":
            return np.zeros(self.n_sites)
        f = self.occupations
        minus_derivative = f * (1 - f) / self.temperature
        return np.abs(self.states) ** 2 @ minus_derivative


# --- Coulomb interaction ------------------------------------------------------

class CoulombInteraction:
    """Bare Coulomb interaction ``V_ij = strength / |r_i - r_j|`` between the sites of a sample.

    Parameters
    ----------
    positions : (N, d) array_like
        Site positions (lattice constants), d = 2 (a sheet in 3D space) or 3.
    strength : float
        ``e^2 / (4 pi eps a)`` in t: the interaction of two electrons one
        lattice constant apart.  It sets the Thomas-Fermi wave vector
        (`thomas_fermi_wavevector`).
    onsite : float, optional
        ``V_ii / strength``; default `unit_cell_average_inverse_distance`.

    Attributes
    ----------
    matrix : numpy.ndarray
        V (t), symmetric positive definite (checked): ``strength`` times
        `physics.interactions.coulomb.coulomb_matrix` of unit strength.
    sqrt : numpy.ndarray
        V^1/2 (t^1/2), symmetric positive definite.
    """

    def __init__(self, positions, strength, onsite=None):
        positions = np.asarray(positions, dtype=float)
        if positions.ndim != 2 or positions.shape[1] not in (2, 3) or len(positions) < 2:
            raise ValueError(f"positions must have shape (N >= 2, 2 or 3), got {positions.shape}")
        self.dimension = positions.shape[1]
        self.strength = check_positive("strength", strength)
        onsite = (unit_cell_average_inverse_distance(self.dimension) if onsite is None
                  else check_positive("onsite", onsite))
        self.matrix = self.strength * coulomb_matrix(positions, 1.0, onsite=onsite)
        self.positions = positions
        values, vectors = np.linalg.eigh(self.matrix)
        if values[0] <= 0:
            raise ValueError(f"onsite = {onsite} too small: the interaction matrix is not "
                             "positive definite")
        self.sqrt = (vectors * np.sqrt(values)) @ vectors.T

    def potential_of_charge(self, site, charge=1.0):
        """Potential energy of an electron at every site due to a charge ``charge`` :math:`|e|` at ``site``.

        A positive test charge attracts electrons: ``-charge V[:, site]``.

        Parameters
        ----------
        site : int
            Index of the charge.
        charge : float
            In :math:`|e|`.

        Returns
        -------
        numpy.ndarray, shape (N,)
            phi_ext (t).
        """
        return -float(charge) * self.matrix[:, int(site)]


def screened_density(susceptibility, coulomb, external_potential, *, tolerance=1e-11,
                     max_iterations=500):
    """Linear (RPA) screening: ``delta n = (1 - chi0 V)^-1 chi0 phi_ext`` (electrons per site).

    Parameters
    ----------
    susceptibility : StaticSusceptibility
    coulomb : CoulombInteraction
    external_potential : (N,) array_like
        Potential energy phi_ext (t) of an electron.
    tolerance : float
        Relative residual of the conjugate-gradient solve.
    max_iterations : int
        Cap on the conjugate-gradient iterations.

    Returns
    -------
    numpy.ndarray
        Induced electron density delta n (electrons per site); the total
        potential energy is ``phi_ext + V delta n``.

    Notes
    -----
    With ``V = S S`` (S = V^1/2) and ``phi_tot = S y``, the Hartree equation
    becomes ``(1 - S chi0 S) y = S^-1 phi_ext``, symmetric positive definite
    because chi0 is negative semidefinite; the solution is
    ``delta n = chi0 S y``.  ``S^-1 phi_ext`` is obtained by a solve with S.
    """
    tolerance = check_positive("tolerance", tolerance)
    max_iterations = check_count("max_iterations", max_iterations)
    phi = np.asarray(external_potential, dtype=float)
    if phi.shape != (susceptibility.n_sites,):
        raise ValueError(f"external_potential must have shape ({susceptibility.n_sites},), "
                         f"got {phi.shape}")
    if coulomb.matrix.shape[0] != susceptibility.n_sites:
        raise ValueError("coulomb and susceptibility belong to samples of different sizes")
    s = coulomb.sqrt
    rhs = scipy.linalg.solve(s, phi, assume_a="pos")
    operator = scipy.sparse.linalg.LinearOperator(
        s.shape, matvec=lambda y: y - s @ susceptibility.apply(s @ np.ravel(y)), dtype=float)
    y, info = scipy.sparse.linalg.cg(operator, rhs, rtol=tolerance, atol=0.0,
                                     maxiter=max_iterations)
    if info != 0:
        raise RuntimeError(f"screening solve did not converge in {max_iterations} iterations")
    return susceptibility.apply(s @ y)


def hartree_density(hamiltonian, coulomb, external_potential, *, n_particles, tolerance=1e-10,
                    max_iterations=50):
    """Self-consistent Hartree density change (canonical, zero temperature) for any perturbation size.

    Solves ``delta n = n[H + diag(phi_ext + V delta n)] - n[H]`` with
    ``n[H]`` the ground-state density of the lowest ``n_particles`` levels,
    by quasi-Newton steps whose Jacobian is the linear response at the
    unperturbed state, ``1 - chi0 V`` (so the linear regime converges in one
    or two steps, without charge sloshing).

    Parameters
    ----------
    hamiltonian : (N, N) array or sparse matrix
        H of the closed sample (t), one orbital per site.
    coulomb : CoulombInteraction
    external_potential : (N,) array_like
        phi_ext (t).
    n_particles : int
        Electrons (the lowest levels filled).
    tolerance : float
        Largest residual ``|delta n|`` (electrons per site) accepted.
    max_iterations : int
        Cap on the Newton steps.

    Returns
    -------
    numpy.ndarray
        delta n (electrons per site).  Equals `screened_density` to second
        order in phi_ext.
    """
    hamiltonian = _square_hermitian("hamiltonian", hamiltonian)
    tolerance = check_positive("tolerance", tolerance)
    max_iterations = check_count("max_iterations", max_iterations)
    phi = np.asarray(external_potential, dtype=float)
    response = StaticSusceptibility(hamiltonian, n_particles=n_particles)
    n0 = response.occupations @ (np.abs(response.states.T) ** 2)

    def density(potential):
        _, vectors = np.linalg.eigh(hamiltonian + np.diag(potential))
        return np.sum(np.abs(vectors[:, :n_particles]) ** 2, axis=1)

    delta_n = np.zeros_like(phi)
    for _ in range(max_iterations):
        residual = density(phi + coulomb.matrix @ delta_n) - n0 - delta_n
        if np.max(np.abs(residual)) < tolerance:
            return delta_n
        # Newton step with the frozen Jacobian 1 - chi0 V: solve for the correction.
        delta_n = delta_n + _solve_linear_hartree(response, coulomb, residual)
    raise RuntimeError(f"Hartree iteration did not converge in {max_iterations} steps "
                       f"(residual {np.max(np.abs(residual)):.3g})")


def _solve_linear_hartree(response, coulomb, right_hand_side):
    """x with (1 - chi0 V) x = b, via the symmetric form: x = b + chi0 S y, (1 - S chi0 S) y = S b."""
    s = coulomb.sqrt
    operator = scipy.sparse.linalg.LinearOperator(
        s.shape, matvec=lambda y: y - s @ response.apply(s @ np.ravel(y)), dtype=float)
    y, info = scipy.sparse.linalg.cg(operator, s @ right_hand_side, rtol=1e-12, atol=0.0,
                                     maxiter=500)
    if info != 0:
        raise RuntimeError("linear Hartree solve did not converge")
    return right_hand_side + response.apply(s @ y)


def thomas_fermi_density(coulomb, external_potential, density_of_states, ensemble="canonical"):
    """Local (Thomas-Fermi) screening in the same geometry: chi0 replaced by ``-nu`` on every site.

    ``delta n = -nu (phi_ext + V delta n - lambda)``; ``lambda`` = 0 in the
    grand-canonical ensemble, fixed by ``sum delta n = 0`` in the canonical
    one (an isolated sample).

    Parameters
    ----------
    coulomb : CoulombInteraction
    external_potential : (N,) array_like
        phi_ext (t).
    density_of_states : float or (N,) array
        nu = dn/dmu per site (1/t), > 0; an array (>= 0) for a local density
        approximation (the local compressibility of each site).
    ensemble : {"canonical", "grand canonical"}

    Returns
    -------
    numpy.ndarray, shape (N,)
        delta n (electrons per site).
    """
    phi = np.asarray(external_potential, dtype=float)
    size = coulomb.matrix.shape[0]
    if phi.shape != (size,):
        raise ValueError(f"external_potential must have shape ({size},), got {phi.shape}")
    if np.ndim(density_of_states) == 0:
        nu = np.full(size, check_positive("density_of_states", density_of_states))
    else:
        nu = check_real_array("density_of_states", density_of_states, minimum=0.0, ndim=1)
        if nu.shape != (size,):
            raise ValueError(f"density_of_states must be a positive number or {size} "
                             f"non-negative numbers, got shape {nu.shape}")
    if ensemble not in ("canonical", "grand canonical"):
        raise ValueError(f"ensemble must be 'canonical' or 'grand canonical', got {ensemble!r}")
    operator = np.eye(size) + nu[:, None] * coulomb.matrix
    solution = np.linalg.solve(operator, np.column_stack([-nu * phi, nu]))
    particular, homogeneous = solution.T
    if ensemble == "grand canonical":
        return particular
    return particular - homogeneous * particular.sum() / homogeneous.sum()
