"""Static screening of a test charge and Friedel oscillations in disordered samples.

Two linear-response calculations on closed samples (`devices.ClosedSample`),
spinless electrons, energies in t from the band bottom, lengths in lattice
constants a:

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

* **Friedel oscillations.**  The change of the Green function on the
  diagonal caused by one point scatterer of strength U at site 0 is exact for
  a rank-one perturbation (T matrix):
  ``delta G_ii = G_i0 U G_0i / (1 - U G_00)`` at complex energy
  ``E + i eta``; the LDOS change is ``-Im delta G_ii / pi``.  One sparse LU
  (MUMPS, analysis reused) per realization gives it on every site.  The
  disorder average ``<delta G>`` ~ ``<G>^2`` decays as ``exp(-r/l)`` with the
  elastic mean free path ``l = v tau`` (THEORY §9), on top of the clean decay
  set by ``eta``, which the ratio to the clean sample removes.

The analytic comparisons (Thomas-Fermi wave vector, the continuum 2D
Thomas-Fermi profile, Born scattering rate, Fermi-surface velocity and
elastic mean free path, Fermi energy at a filling) are collected at the end
of the module.
"""

import numbers

import numpy as np
import scipy.fft
import scipy.linalg
import scipy.optimize
import scipy.sparse
import scipy.sparse.linalg
import scipy.special

__all__ = ["StaticSusceptibility", "CoulombInteraction", "screened_density", "hartree_density",
           "thomas_fermi_density", "point_scatterer_green_change", "clean_lattice_green_function_2d",
           "clean_point_scatterer_green_change", "friedel_scaled_distance", "fit_friedel_envelope",
           "radial_average",
           "unit_cell_average_inverse_distance", "thomas_fermi_wavevector",
           "thomas_fermi_profile_2d", "thomas_fermi_tail_2d", "thomas_fermi_enclosed_charge_2d",

           "fermi_energy_2d", "fermi_surface_point_2d", "born_scattering_rate_2d",
           "elastic_mean_free_path_2d"]


def _positive(name, value, allow_zero=False):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite real number, got {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} must be {'>= 0' if allow_zero else '> 0'}, got {value}")
    return float(value)


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
        temperature = _positive("temperature", temperature, allow_zero=True)
        if (n_particles is None) == (chemical_potential is None):
            raise ValueError("give exactly one of n_particles (canonical) and "
                             "chemical_potential (grand canonical)")
        self.energies, self.states = np.linalg.eigh(hamiltonian)
        if n_particles is not None:
            if (isinstance(n_particles, bool) or not isinstance(n_particles, numbers.Integral)
                    or not 0 < n_particles < size):
                raise ValueError(f"n_particles must be an integer in [1, {size - 1}], "
                                 f"got {n_particles!r}")
            if temperature != 0:
                raise ValueError("temperature must be 0 in the canonical ensemble (n_particles)")
            gap = self.energies[n_particles] - self.energies[n_particles - 1]
            if not gap > gap_tolerance:
                raise ValueError(f"n_particles = {n_particles} leaves a degenerate ground state "
                                 f"(gap {gap:.3g} t at the Fermi level); use chemical_potential "
                                 "with a temperature")
            self.ensemble = "canonical"
            self.n_particles = int(n_particles)
            self.occupations = np.zeros(size)
            self.occupations[:n_particles] = 1.0
            self.fermi_energy = 0.5 * (self.energies[n_particles - 1] + self.energies[n_particles])
            active = n_particles
            weights = 1.0 / (self.energies[:active, None] - self.energies[None, active:])
            self._weights = np.concatenate([np.zeros((active, active)), 2 * weights], axis=1)
        else:
            mu = _positive_or_any("chemical_potential", chemical_potential)
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
        self.temperature = temperature
        self._active = active
        self.n_sites = size

    def apply(self, potential):
        """chi0 @ potential (electrons per site) for a potential energy in t.

        Parameters
        ----------
        potential : (N,) array_like of float
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


def _positive_or_any(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite real number, got {value!r}")
    return float(value)


# --- Coulomb interaction ------------------------------------------------------

def unit_cell_average_inverse_distance(dimension):
    """Average of 1/r over the unit cell centred on a site: the regularized on-site Coulomb term.

    2D: ``4 ln(1 + sqrt 2)`` = 3.5255 (unit square); 3D: the unit cube,
    ``3 ln((sqrt 3 + 1)/(sqrt 3 - 1)) - pi/2`` = 2.3800.  Both are the
    interaction of a site's charge with itself smeared uniformly over its
    cell, so a charge spread evenly over many sites feels the continuum
    Coulomb energy.
    """
    if dimension == 2:
        return 4 * np.log(1 + np.sqrt(2))
    if dimension == 3:
        s = np.sqrt(3)
        return 3 * np.log((s + 1) / (s - 1)) - np.pi / 2
    raise ValueError(f"dimension must be 2 or 3, got {dimension!r}")


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
        V (t), symmetric positive definite (checked).
    """

    def __init__(self, positions, strength, onsite=None):
        positions = np.asarray(positions, dtype=float)
        if positions.ndim != 2 or positions.shape[1] not in (2, 3) or len(positions) < 2:
            raise ValueError(f"positions must have shape (N >= 2, 2 or 3), got {positions.shape}")
        self.dimension = positions.shape[1]
        self.strength = _positive("strength", strength)
        onsite = (unit_cell_average_inverse_distance(self.dimension) if onsite is None
                  else _positive("onsite", onsite))
        distance = np.linalg.norm(positions[:, None, :] - positions[None, :, :], axis=-1)
        np.fill_diagonal(distance, 1.0)
        if np.any(distance < 1e-9):
            raise ValueError("positions must be distinct")
        matrix = 1.0 / distance
        np.fill_diagonal(matrix, onsite)
        self.matrix = self.strength * matrix
        self.positions = positions
        values, vectors = np.linalg.eigh(self.matrix)
        if values[0] <= 0:
            raise ValueError(f"onsite = {onsite} too small: the interaction matrix is not "
                             "positive definite")
        self.sqrt = (vectors * np.sqrt(values)) @ vectors.T

    def potential_of_charge(self, site, charge=1.0):
        """Potential energy (t) of an electron at every site due to a charge ``charge`` |e| at ``site``.

        A positive test charge attracts electrons: ``-charge V[:, site]``.
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

    Returns
    -------
    numpy.ndarray
        delta n (electrons per site).  Equals `screened_density` to second
        order in phi_ext.
    """
    hamiltonian = _square_hermitian("hamiltonian", hamiltonian)
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
        nu = dn/dmu per site (1/t); an array for a local density approximation
        (the local compressibility of each site).
    ensemble : {"canonical", "grand canonical"}
    """
    phi = np.asarray(external_potential, dtype=float)
    size = coulomb.matrix.shape[0]
    if phi.shape != (size,):
        raise ValueError(f"external_potential must have shape ({size},), got {phi.shape}")
    if np.ndim(density_of_states) == 0:
        nu = np.full(size, _positive("density_of_states", density_of_states))
    else:
        nu = np.asarray(density_of_states, dtype=float)
        if nu.shape != (size,) or not np.all(np.isfinite(nu)) or np.any(nu < 0):
            raise ValueError(f"density_of_states must be a positive number or {size} "
                             "non-negative numbers")
    if ensemble not in ("canonical", "grand canonical"):
        raise ValueError(f"ensemble must be 'canonical' or 'grand canonical', got {ensemble!r}")
    operator = np.eye(size) + nu[:, None] * coulomb.matrix
    solution = np.linalg.solve(operator, np.column_stack([-nu * phi, nu]))
    particular, homogeneous = solution.T
    if ensemble == "grand canonical":
        return particular
    return particular - homogeneous * particular.sum() / homogeneous.sum()


# --- Friedel oscillations around a point scatterer -----------------------------

class _Resolvent:
    """Columns of (z - H)^-1 by sparse LU (MUMPS), symbolic analysis reused for one pattern."""

    def __init__(self):
        self._context = None
        self._pattern = None

    def columns(self, hamiltonian, z, sites):
        from kwant.linalg import mumps
        size = hamiltonian.shape[0]
        matrix = (z * scipy.sparse.identity(size, format="csr") - hamiltonian).tocoo()
        pattern = (size, matrix.nnz)
        if self._context is None or pattern != self._pattern:
            self._context = mumps.MUMPSContext()
            self._context.analyze(matrix, ordering="amd")
            self._pattern = pattern
        self._context.factor(matrix, ordering="amd", reuse_analysis=True)
        rhs = np.zeros((size, len(sites)), dtype=complex, order="F")
        rhs[sites, np.arange(len(sites))] = 1.0
        return self._context.solve(rhs, overwrite_b=True)


def point_scatterer_green_change(hamiltonian, site, strength, energy, broadening, *,
                                 resolvent=None):
    """Exact change of the diagonal Green function caused by one point scatterer.

    Parameters
    ----------
    hamiltonian : sparse matrix (N, N)
        Closed sample without the scatterer (t), one orbital per site.
    site : int or sequence of int
        Index of the scatterer.  Several sites give several independent
        one-scatterer problems (one row each) from the same factorization.
    strength : float
        On-site energy U (t) added at ``site``.
    energy : float
        Energy (t, from the band bottom).
    broadening : float
        eta > 0 (t): the Green function is taken at ``energy + i eta``.
    resolvent : object, optional
        Reuse the same object across realizations of one sample to keep the
        sparse-LU analysis (``point_scatterer_green_change.resolvent()``).

    Returns
    -------
    numpy.ndarray of complex, shape (N,) or (len(site), N)
        ``delta G_ii = G_i0 U G_0i / (1 - U G_00)`` (Dyson equation for a
        rank-one perturbation, exact); the LDOS change (per t) is
        ``-delta G.imag / pi``.
    """
    broadening = _positive("broadening", broadening)
    energy = _positive_or_any("energy", energy)
    strength = _positive_or_any("strength", strength)
    if not scipy.sparse.issparse(hamiltonian):
        hamiltonian = scipy.sparse.csr_matrix(np.asarray(hamiltonian))
    size = hamiltonian.shape[0]
    single = np.ndim(site) == 0
    sites = [site] if single else list(site)
    for s in sites:
        if (isinstance(s, (bool, np.bool_)) or not isinstance(s, numbers.Integral)
                or not 0 <= s < size):
            raise ValueError(f"site must be an integer in [0, {size - 1}], got {s!r}")
    if not sites:
        raise ValueError("site must not be empty")
    resolvent = resolvent if resolvent is not None else _Resolvent()
    z = energy + 1j * broadening
    columns = resolvent.columns(hamiltonian, z, sites)  # G_i0
    if np.iscomplexobj(hamiltonian.data) and np.any(np.abs(hamiltonian.data.imag) > 0):
        rows = _Resolvent().columns(hamiltonian.T.tocsr(), z, sites)  # G_0i
    else:
        rows = columns  # real symmetric H: G is symmetric
    local = columns[sites, np.arange(len(sites))]
    result = (columns * rows * (strength / (1 - strength * local))).T
    return result[0] if single else result


point_scatterer_green_change.resolvent = _Resolvent


def clean_lattice_green_function_2d(energy, broadening, offsets):
    """Green function G0(r, 0; E + i eta) of the infinite clean square lattice (1/t).

    ``G0(r) = int d^2k/(2 pi)^2 exp(i k.r) / (E + i eta - eps_k)``, ``eps_k = 4 - 2 cos k_x
    - 2 cos k_y``, evaluated as the discrete sum on an M x M torus (FFT) with
    M large enough that the images, damped as ``exp(-eta M / v_max)``, are
    below 1e-6 relative (v_max = 2 sqrt 2 t a).

    Parameters
    ----------
    energy : float
        t from the band bottom.
    broadening : float
        eta > 0 (t).
    offsets : (n, 2) array_like of int
        Lattice vectors r (a).
    """
    broadening = _positive("broadening", broadening)
    energy = _positive_or_any("energy", energy)
    offsets = np.asarray(offsets)
    if offsets.ndim != 2 or offsets.shape[1] != 2:
        raise ValueError(f"offsets must have shape (n, 2), got {offsets.shape}")
    offsets = np.rint(offsets).astype(np.int64)
    reach = int(np.max(np.abs(offsets))) if offsets.size else 0
    size = 2 * reach + int(np.ceil(14.0 * 2 * np.sqrt(2) / broadening))
    size = scipy.fft.next_fast_len(size)
    if size > 4096:  # 4096^2 complex numbers = 270 MB
        raise ValueError(f"broadening = {broadening} is too small for an FFT torus (needs M = {size})")
    k = 2 * np.pi * np.fft.fftfreq(size)
    denominator = (energy + 1j * broadening - 4) + 2 * np.cos(k)[:, None] + 2 * np.cos(k)[None, :]
    green = np.fft.ifft2(1.0 / denominator)
    return green[offsets[:, 0] % size, offsets[:, 1] % size]


def clean_point_scatterer_green_change(energy, broadening, strength, offsets):
    """`point_scatterer_green_change` for the infinite clean lattice: ``G0(r)^2 U / (1 - U G0(0))``."""
    strength = _positive_or_any("strength", strength)
    offsets = np.asarray(offsets)
    values = clean_lattice_green_function_2d(energy, broadening,
                                             np.concatenate([np.zeros((1, 2)), offsets]))
    return values[1:] ** 2 * strength / (1 - strength * values[0])


def friedel_scaled_distance(offsets, energy):
    """Distance rescaled by the Fermi speed along each direction: ``s = |r| v_x / v(theta_r)``.

    The averaged Green function decays as ``exp(-|r| / (2 v(theta) tau))``
    (stationary phase: the Fermi-surface point whose velocity points along r,
    `fermi_surface_point_2d`), so ``exp(-|r|/l(theta)) = exp(-s / l_x)`` with
    ``l_x = v_x tau`` the mean free path along a lattice axis.
    """
    offsets = np.asarray(offsets, dtype=float)
    angles = np.linspace(0, np.pi / 2, 181)
    speeds = np.array([fermi_surface_point_2d(energy, a)[1] for a in angles])
    folded = np.arctan2(np.abs(offsets[:, 1]), np.abs(offsets[:, 0]))
    return np.hypot(offsets[:, 0], offsets[:, 1]) * speeds[0] / np.interp(folded, angles, speeds)


def fit_friedel_envelope(green_changes, clean_change, distance, bin_edges, *, n_blocks=10,
                         min_distance=3.0):
    """Decay length l of averaged Friedel oscillations: ``|<dG> / dG_clean|^2 ~ exp(-2 s / l)``.

    Parameters
    ----------
    green_changes : (n_samples, n_sites) complex array
        `point_scatterer_green_change` of independent realizations.
    clean_change : (n_sites,) complex array
        The same for the infinite clean lattice at the same energy and
        broadening (`clean_point_scatterer_green_change`): dividing by it
        removes the 1/r amplitude, the lattice anisotropy and the decay
        ``exp(-2 eta r / v)`` due to the broadening.
    distance : (n_sites,) array
        Distance to the scatterer, usually `friedel_scaled_distance`.
    bin_edges : array
        Radial bins of ``distance``.
    n_blocks : int
        Jackknife blocks (over samples) for the errors.
    min_distance : float
        Bins closer than this are left out (near field).

    Returns
    -------
    dict
        ``decay_length`` (l, same unit as ``distance``) and its jackknife
        ``error``; ``radii``, ``envelope`` (binned ``|<dG>/dG_clean|^2``),
        ``envelope_error``, ``fitted`` (bool mask of the bins used) and
        ``amplitude`` (the fitted envelope at s = 0).  Fit: weighted least
        squares of ``A exp(-2 s / l)`` to the binned envelope (all bins, so
        noisy far bins weigh little and none is selected by hand).

    Notes
    -----
    ``|<R>|^2`` is estimated without the noise bias ``var R / n`` as
    ``Re(<R>_even conj <R>_odd)`` from the even and odd samples.
    """
    ratios = np.asarray(green_changes) / np.asarray(clean_change)
    n_samples = ratios.shape[0]
    if ratios.ndim != 2 or n_samples < 2 * n_blocks or n_blocks < 2:
        raise ValueError(f"green_changes needs at least 2 n_blocks = {2 * n_blocks} samples, "
                         f"got shape {ratios.shape}")
    positions = np.column_stack([np.asarray(distance, dtype=float), np.zeros(ratios.shape[1])])

    def envelope(rows):
        cross = np.real(rows[0::2].mean(axis=0) * np.conj(rows[1::2].mean(axis=0)))
        return radial_average(positions, (0.0, 0.0), cross, bin_edges)[:2]

    radii, full = envelope(ratios)
    blocks = []
    for k in range(n_blocks):
        keep = np.ones(n_samples, dtype=bool)
        keep[k::n_blocks] = False
        blocks.append(envelope(ratios[keep])[1])
    blocks = np.array(blocks)
    error = np.sqrt((n_blocks - 1) / n_blocks * np.sum((blocks - blocks.mean(axis=0)) ** 2,
                                                       axis=0))
    fitted = (radii >= min_distance) & np.isfinite(full) & (error > 0)
    if fitted.sum() < 3:
        raise ValueError("fewer than 3 bins beyond min_distance: widen bin_edges")

    def fit(values):
        start = (np.log(max(values[fitted][0], 1e-3)), 10.0)
        (log_amplitude, length), _ = scipy.optimize.curve_fit(
            lambda s, a, l: np.exp(a - 2 * s / l), radii[fitted], values[fitted], p0=start,
            sigma=error[fitted], absolute_sigma=True, maxfev=10000)
        return length, np.exp(log_amplitude)

    length, amplitude = fit(full)
    jack = np.array([fit(b)[0] for b in blocks])
    length_error = np.sqrt((n_blocks - 1) / n_blocks * np.sum((jack - jack.mean()) ** 2))
    return dict(decay_length=length, error=length_error, radii=radii, envelope=full,
                envelope_error=error, fitted=fitted, amplitude=amplitude)


def radial_average(positions, center, values, bin_edges):
    """Average of ``values`` over sites in annuli ``bin_edges[k] <= |r - center| < bin_edges[k+1]``.

    Returns
    -------
    radii, averages, counts : numpy.ndarray
        Mean distance, mean value (NaN for empty bins) and number of sites per bin.
    """
    positions = np.asarray(positions, dtype=float)
    distance = np.linalg.norm(positions - np.asarray(center, dtype=float), axis=1)
    values = np.asarray(values)
    edges = np.asarray(bin_edges, dtype=float)
    if edges.ndim != 1 or len(edges) < 2 or np.any(np.diff(edges) <= 0):
        raise ValueError("bin_edges must be an increasing 1D array of at least two edges")
    index = np.digitize(distance, edges) - 1
    inside = (index >= 0) & (index < len(edges) - 1)
    counts = np.bincount(index[inside], minlength=len(edges) - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        radii = np.bincount(index[inside], distance[inside], minlength=len(edges) - 1) / counts
        if np.iscomplexobj(values):
            sums = (np.bincount(index[inside], values[inside].real, minlength=len(edges) - 1)
                    + 1j * np.bincount(index[inside], values[inside].imag,
                                       minlength=len(edges) - 1))
        else:
            sums = np.bincount(index[inside], values[inside], minlength=len(edges) - 1)
        averages = sums / counts
    return radii, averages, counts


# --- analytic theory (THEORY §1, §9) ---------------------------------------------

def thomas_fermi_wavevector(density_of_states, strength, dimension):
    """Thomas-Fermi wave vector q_TF (1/a) for V(r) = strength/r (THEORY §9).

    2D sheet: ``q_TF = e^2 nu / (2 eps) = 2 pi strength nu``; 3D:
    ``q_TF^2 = e^2 nu / eps = 4 pi strength nu``, with ``strength = e^2/(4 pi
    eps a)`` (t) and nu the DOS per site (per spin: these samples are
    spinless, so nu_tot = nu).
    """
    nu = _positive("density_of_states", density_of_states)
    u = _positive("strength", strength)
    if dimension == 2:
        return 2 * np.pi * u * nu
    if dimension == 3:
        return np.sqrt(4 * np.pi * u * nu)
    raise ValueError(f"dimension must be 2 or 3, got {dimension!r}")


def thomas_fermi_profile_2d(r, q_tf, charge=1.0):
    """Induced electron density (per a^2) around a point charge in an infinite 2D sheet, Thomas-Fermi.

    ``delta n(q) = charge q_TF / (q + q_TF)``, so
    ``delta n(r) = (charge q_TF / 2 pi) [1/r - (pi q_TF / 2)(H_0(q_TF r) - Y_0(q_TF r))]``
    (Struve H_0, Neumann Y_0); total charge ``charge`` (perfect screening);
    tail ``charge / (2 pi q_TF r^3)`` (`thomas_fermi_tail_2d`).  Stern, PRL
    18, 546 (1967); Ando, Fowler & Stern, RMP 54, 437 (1982) §II.
    """
    import scipy.special
    r = np.asarray(r, dtype=float)
    q = _positive("q_tf", q_tf)
    x = q * r
    return charge * q / (2 * np.pi) * (1 / r - np.pi * q / 2
                                       * (scipy.special.struve(0, x) - scipy.special.y0(x)))


def thomas_fermi_tail_2d(r, q_tf, charge=1.0):
    """Long-distance limit ``charge / (2 pi q_TF r^3)`` of `thomas_fermi_profile_2d` (q_TF r >> 1)."""
    q = _positive("q_tf", q_tf)
    return charge / (2 * np.pi * q * np.asarray(r, dtype=float) ** 3)


def thomas_fermi_enclosed_charge_2d(radius, q_tf, charge=1.0):
    """Screening charge within ``radius`` of the impurity in an infinite 2D sheet, Thomas-Fermi.

    ``int_0^R 2 pi r delta n(r) dr`` of `thomas_fermi_profile_2d`; tends to
    ``charge`` (perfect screening) as ``1 - 1/(q_TF R)`` for q_TF R >> 1.
    """
    import scipy.integrate
    q = _positive("q_tf", q_tf)
    radii = np.atleast_1d(np.asarray(radius, dtype=float))

    def integrand(r):
        return 2 * np.pi * r * float(thomas_fermi_profile_2d(max(r, 1e-12), q, 1.0))

    values = [scipy.integrate.quad(integrand, 0, r, limit=200)[0] for r in radii]
    result = charge * np.array(values)
    return result if np.ndim(radius) else float(result[0])


def fermi_energy_2d(filling):
    """Fermi energy (t, band bottom 0) of the clean square lattice at ``filling`` electrons per site."""
    filling = _positive("filling", filling)
    if not filling < 1:
        raise ValueError(f"filling must be in (0, 1), got {filling}")
    from .theory import electron_density_2d
    return scipy.optimize.brentq(lambda e: electron_density_2d(e) - filling,
                                 0.0, 8.0, xtol=1e-13)


def fermi_surface_point_2d(energy, direction=0.0):
    """The Fermi-surface point of the square lattice whose group velocity points along ``direction``.

    Dispersion ``E = 4 - 2 cos k_x - 2 cos k_y`` (t from the band bottom, a = 1,
    hbar = 1).  A point scatterer's Green function at distance r along
    ``direction`` oscillates as ``exp(i k.r)`` with this k (stationary
    phase), and decays with this speed.

    Parameters
    ----------
    energy : float
        In (0, 4) (below the band centre: closed Fermi surface).
    direction : float
        Angle of r with the x axis (rad).

    Returns
    -------
    k : numpy.ndarray, shape (2,)
        Wave vector (1/a).
    speed : float
        |v| = |dE/dk| (t a / hbar).
    """
    energy = _positive("energy", energy)
    if not energy < 4:
        raise ValueError(f"energy must be in (0, 4) (closed Fermi surface), got {energy}")
    direction = _positive_or_any("direction", direction)
    cx, sx = np.cos(direction), np.sin(direction)
    ax, ay = abs(cx), abs(sx)
    k_max = np.arccos(1 - energy / 2)

    def ky_of(kx):
        return np.arccos(np.clip(2 - energy / 2 - np.cos(kx), -1, 1))

    def angle_mismatch(kx):  # cross product of v with the target direction (first quadrant)
        ky = ky_of(kx)
        return np.sin(kx) * ay - np.sin(ky) * ax

    if ay == 0:
        kx = k_max
    elif ax == 0:
        kx = 0.0
    else:
        kx = scipy.optimize.brentq(angle_mismatch, 0.0, k_max, xtol=1e-14)
    ky = ky_of(kx)
    k = np.array([np.copysign(kx, cx), np.copysign(ky, sx)])
    speed = 2 * np.hypot(np.sin(kx), np.sin(ky))
    return k, float(speed)


def born_scattering_rate_2d(energy, disorder):
    """Born elastic scattering rate hbar/tau = 2 pi <V^2> nu = (pi/6) W^2 nu(E) (t; THEORY §1)."""
    from .theory import density_of_states_2d
    disorder = _positive("disorder", disorder)
    return np.pi / 6 * disorder**2 * float(density_of_states_2d(energy))


def elastic_mean_free_path_2d(energy, disorder, direction=0.0):
    """Born elastic mean free path ``l = |v| tau`` (a) along ``direction`` in the 2D Anderson model.

    The averaged Green function decays as ``exp(-r/2l)`` (self-energy
    ``-i hbar/2 tau``), so disorder-averaged Friedel oscillations, a product
    of two, decay as ``exp(-r/l)`` (THEORY §9).  Near the band bottom
    ``l = 48 (t/W)^2 k`` (THEORY §1).  This is the single-particle (= transport,
    isotropic scattering) mean free path; `physics.theory.born_mean_free_path`
    is the DMPK length of a wire, ``(pi/2) l`` in the continuum limit.
    """
    _, speed = fermi_surface_point_2d(energy, direction)
    return speed / born_scattering_rate_2d(energy, disorder)
