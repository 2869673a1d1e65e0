"""Self-consistent Hartree-Fock for the disordered Anderson-Hubbard model with Coulomb tails.

The Hamiltonian of a closed sample (`devices.ClosedSample`, energies in t from
the band bottom) plus interactions, ::

    H = H0 + U sum_i n_i,up n_i,dn
          + 1/2 sum_{i != j} V(r_ij) (n_i - nbar)(n_j - nbar),
    V(r) = V0 exp(-r / lambda) / r,

is decoupled in the unrestricted, collinear Hartree-Fock approximation: each
spin sigma has its own single-particle Hamiltonian

    H_sigma = H0_sigma + diag(U n_{-sigma} + phi) + F_sigma,
    phi_i = sum_{j != i} V_ij (n_j - nbar),        (Hartree, long range)
    F_sigma[i, j] = -V_ij <c+_{j sigma} c_{i sigma}>,   (Fock, long range, optional)

where nbar is the density of a uniform neutralizing background (by default
the mean electron density, so the Hartree potential stays finite as the
sample grows).  The
on-site part of the interaction is U alone (V_ii is excluded); on-site
exchange vanishes in the collinear decoupling because U couples opposite
spins only.  Spin-flip terms of H0 (Rashba, spin-orbit disorder, an in-plane
Zeeman field) are not allowed: the spin quantization axis is z.

Occupations: zero temperature (Aufbau over the levels of both spins, so the
spin populations are found self-consistently; exactly degenerate levels at
the Fermi energy share the remaining electrons equally) unless ``smearing``
> 0, which uses a Fermi function of temperature ``smearing`` (t) and reports
the internal energy (not the free energy).  Particle number fixed (``electrons``
or ``filling``) or chemical potential fixed (``chemical_potential``).

Iteration: the density matrices (with Fock) or site densities (without) are
mixed linearly or by Anderson/Pulay (DIIS) mixing until the largest change of
an entry between input and output is below ``tolerance``.  In the glassy,
strongly localized regime with Coulomb tails, plain mixing at zero
temperature can oscillate for ever between occupation patterns;
``mixing="oda"`` then takes the optimal-damping step (Cances & Le Bris,
Int. J. Quantum Chem. 79, 82 (2000)), the exact minimum of the (quadratic)
HF energy on the segment between the input and the Aufbau output, which
lowers the energy at every step, and switches to Anderson steps once the
density change is below 1e-3.

References: Hartree-Fock for the Anderson-Hubbard model: Heidarian & Trivedi,
PRL 93, 126401 (2004); Chiesa, Chakraborty, Pickett & Scalettar, PRL 101,
086401 (2008); with Coulomb interactions: Epperlein, Schreiber & Vojta,
PRB 56, 5890 (1997).  Pulay mixing: Pulay, Chem. Phys. Lett. 73, 393 (1980).
"""

import dataclasses
import typing

import numpy as np
import scipy.optimize
import scipy.special
import scipy.sparse

from devices.validation import (check_count, check_nonnegative, check_positive, check_real,
                                check_real_array)

from .coulomb import check_screening_length, coulomb_matrix
from .mixing import AndersonMixing

__all__ = ["hartree_fock", "hartree_fock_sample", "zero_temperature_state", "HartreeFockResult",
           "HartreeFockConvergenceError", "coulomb_matrix"]


class HartreeFockConvergenceError(RuntimeError):
    """The self-consistency loop did not reach the tolerance.

    Attributes
    ----------
    iterations : int
        Number of mean-field updates performed.
    residual : float
        Largest density change of the last update.
    residuals : list of float
        The residual history.
    """

    def __init__(self, iterations, residual, residuals, tolerance):
        self.iterations = iterations
        self.residual = residual
        self.residuals = list(residuals)
        super().__init__(f"Hartree-Fock did not converge in {iterations} iterations: last "
                         f"density change {residual:.3g} > tolerance {tolerance:.3g}")


@dataclasses.dataclass
class HartreeFockResult:
    """A converged Hartree-Fock state.

    Attributes
    ----------
    energies : tuple of numpy.ndarray
        (up, down) mean-field eigenvalues in t (from the band bottom), ascending.
    vectors : tuple of numpy.ndarray
        (up, down) eigenvectors, columns, shape (n_sites, n_sites).
    occupations : tuple of numpy.ndarray
        (up, down) occupation of each level, in [0, 1].
    density_up, density_down : numpy.ndarray
        Site occupations <n_i,up>, <n_i,dn>.
    hamiltonians : tuple of numpy.ndarray
        (up, down) dense mean-field Hamiltonians of the last iteration.
    fermi_energy : float
        t from the band bottom: the midpoint between the highest occupied and
        lowest empty level (fixed number, zero temperature), otherwise the
        chemical potential.
    total_energy : float
        <H> in the Hartree-Fock state (t), including the background terms.
    electrons : float
        Total number of electrons.
    iterations : int
        Mean-field updates until convergence.
    residuals : list of float
        Largest density change of each update.
    """

    energies: tuple
    vectors: tuple
    occupations: tuple
    density_up: np.ndarray
    density_down: np.ndarray
    hamiltonians: tuple
    fermi_energy: float
    total_energy: float
    electrons: float
    iterations: int
    residuals: list

    @property
    def levels(self):
        """All single-particle levels of both spins, ascending (t)."""
        return np.sort(np.concatenate(self.energies))

    @property
    def magnetization(self):
        """Site moments <n_up> - <n_dn>."""
        return self.density_up - self.density_down

    @property
    def density(self):
        """Site charges <n_up> + <n_dn>."""
        return self.density_up + self.density_down


def _spin_blocks(hamiltonian, norbs):
    """(H_up, H_down) dense from a spinless (copied) or spinful (orbital 0 = up) H0."""
    if scipy.sparse.issparse(hamiltonian):
        hamiltonian = hamiltonian.toarray()
    h = np.asarray(hamiltonian)
    if h.ndim != 2 or h.shape[0] != h.shape[1]:
        raise ValueError(f"hamiltonian must be a square matrix, got shape {h.shape}")
    if not np.allclose(h, h.conj().T, atol=1e-12):
        raise ValueError("hamiltonian must be Hermitian")
    if norbs == 1:
        blocks = (h, h)
    elif norbs == 2:
        if h.shape[0] % 2:
            raise ValueError("a spinful hamiltonian (norbs=2) needs an even dimension")
        if np.abs(h[0::2, 1::2]).max(initial=0.0) > 1e-12:
            raise ValueError("hamiltonian has spin-flip terms (rashba, so_disorder or an in-plane "
                             "zeeman field): collinear Hartree-Fock needs spin along z conserved")
        blocks = (h[0::2, 0::2], h[1::2, 1::2])
    else:
        raise ValueError(f"norbs must be 1 (spinless H0, two spin copies) or 2 (spinful), "
                         f"got {norbs!r}")
    # Real symmetric blocks diagonalize faster and keep the density matrices real.
    return tuple(np.ascontiguousarray(b.real if not np.any(b.imag) else b) for b in blocks)


def _occupy(levels, electrons, mu, smearing):
    """Occupations of the concatenated levels and the Fermi energy."""
    if electrons is None:
        if smearing > 0:
            return scipy.special.expit(-(levels - mu) / smearing), mu
        scale = 1e-10 * max(1.0, np.abs(levels).max())
        occ = np.where(levels < mu - scale, 1.0, 0.0)
        occ[np.abs(levels - mu) <= scale] = 0.5
        return occ, mu
    order = np.argsort(levels)
    e = levels[order]
    if smearing > 0:
        def excess(m):
            return scipy.special.expit(-(e - m) / smearing).sum() - electrons
        low, high = e[0] - 50 * smearing - 1, e[-1] + 50 * smearing + 1
        mu = scipy.optimize.brentq(excess, low, high, xtol=1e-14, rtol=1e-15)
        return scipy.special.expit(-(levels - mu) / smearing), mu
    n = int(electrons)
    occ_sorted = np.zeros_like(e)
    occ_sorted[:n] = 1.0
    scale = 1e-10 * max(1.0, np.abs(e).max())
    fermi = 0.5 * (e[n - 1] + e[n]) if n < len(e) else e[-1]
    # Exactly degenerate levels at the Fermi energy share the electrons equally,
    # so the result does not depend on the eigensolver's order within the shell.
    shell = np.abs(e - e[n - 1]) <= scale
    if shell.sum() > 1 and n < len(e) and shell[n]:
        inside = shell[:n].sum()
        occ_sorted[shell] = inside / shell.sum()
        fermi = e[n - 1]
    occ = np.empty_like(occ_sorted)
    occ[order] = occ_sorted
    return occ, fermi


# --- the mean-field problem ------------------------------------------------------------

def _electron_number(filling, electrons, chemical_potential, n_sites):
    """(electrons, chemical_potential): a fixed number (mu None) or a fixed mu (electrons None)."""
    given = [name for name, v in (("filling", filling), ("electrons", electrons),
                                  ("chemical_potential", chemical_potential)) if v is not None]
    if len(given) != 1:
        raise ValueError(f"give exactly one of filling, electrons, chemical_potential; got {given}")
    n_spin_orbitals = 2 * n_sites
    if filling is not None:
        filling = check_real("filling", filling, 0.0, 1.0, strict=True)
        electrons = int(round(filling * n_spin_orbitals))
        if not 0 < electrons < n_spin_orbitals:
            raise ValueError(f"filling {filling} gives {electrons} electrons on "
                             f"{n_sites} sites: no partially filled level")
    elif electrons is not None:
        electrons = check_count("electrons", electrons)
        if not electrons < n_spin_orbitals:
            raise ValueError(f"electrons must be an integer in [1, {n_spin_orbitals - 1}], "
                             f"got {electrons!r}")
    else:
        chemical_potential = check_real("chemical_potential", chemical_potential)
    return electrons, chemical_potential


def _background(background, coulomb, electrons, n_sites):
    """nbar (electrons per site): given, or the electron density (fixed number)."""
    if background is not None:
        return check_real("background", background, 0.0, 2.0)
    if coulomb and electrons is None:
        raise ValueError("background (electrons per site) is needed with coulomb > 0 at "
                         "fixed chemical_potential")
    return electrons / n_sites if electrons is not None else 0.0


class _Update(typing.NamedTuple):
    """One mean-field update rho_in -> H_MF[rho_in] -> rho_out (Aufbau or Fermi occupations)."""

    rho_in: tuple
    hamiltonians: tuple
    eigen: list          # (energies, vectors) of each spin
    occupations: tuple
    rho_out: tuple
    fermi: float
    x_out: np.ndarray    # rho_out packed as the mixer's vector
    residual: float      # max |change| of a density-matrix entry (or site density)


class _MeanField:
    """The decoupled problem: H0 of both spins, U, V_ij, the filling rule and the background."""

    def __init__(self, h_pair, positions, U, v, fock, electrons, chemical_potential, smearing,
                 background):
        self.h_up, self.h_dn = h_pair
        self.n_sites = self.h_up.shape[0]
        self.positions, self.U, self.v = positions, U, v
        self.fock = bool(fock) and v is not None
        self.electrons, self.chemical_potential = electrons, chemical_potential
        self.smearing, self.background = smearing, background
        self.dtype = np.result_type(self.h_up.dtype, self.h_dn.dtype)
        self.complex = np.issubdtype(self.dtype, np.complexfloating)

    @classmethod
    def build(cls, hamiltonian, positions, *, norbs, U, coulomb, screening_length, fock, period,
              filling, electrons, chemical_potential, smearing, background):
        """Check the arguments of `hartree_fock` and build the problem."""
        U = check_nonnegative("U", U)
        coulomb = check_nonnegative("coulomb", coulomb)
        screening_length = check_screening_length(screening_length)
        smearing = check_nonnegative("smearing", smearing)
        h_pair = _spin_blocks(hamiltonian, norbs)
        n_sites = h_pair[0].shape[0]
        positions = check_real_array("positions", positions, ndim=2)
        if positions.shape[0] != n_sites:
            raise ValueError(f"positions must have shape (n_sites={n_sites}, dimension), "
                             f"got {positions.shape}")
        electrons, chemical_potential = _electron_number(filling, electrons, chemical_potential,
                                                         n_sites)
        background = _background(background, coulomb, electrons, n_sites)
        v = coulomb_matrix(positions, coulomb, screening_length, period) if coulomb else None
        return cls(h_pair, positions, U, v, fock, electrons, chemical_potential, smearing,
                   background)

    def solve(self, h_pair):
        """Eigenpairs, occupations, density matrices and Fermi energy of (H_up, H_down)."""
        eps_vec = [np.linalg.eigh(h) for h in h_pair]
        levels = np.concatenate([e for e, _ in eps_vec])
        occ, fermi = _occupy(levels, self.electrons, self.chemical_potential, self.smearing)
        occ_pair = (occ[:self.n_sites], occ[self.n_sites:])
        rho = tuple((vec * f) @ vec.conj().T for (_, vec), f in zip(eps_vec, occ_pair))
        return eps_vec, occ_pair, rho, fermi

    def initial_density(self, seed_field, initial):
        """The given (up, down) density matrices, or the ground state of H0 + seed field."""
        seed_field = check_nonnegative("seed_field", 0.1 * self.U if seed_field is None
                                       else seed_field)
        if initial is None:
            sublattice = np.where(np.round(self.positions.sum(axis=1)).astype(int) % 2, -1.0, 1.0)
            field = np.diag(seed_field * sublattice)
            return self.solve((self.h_up - field, self.h_dn + field))[2]
        rho = tuple(np.array(r, dtype=self.dtype) for r in initial)
        if len(rho) != 2 or any(r.shape != (self.n_sites, self.n_sites) for r in rho):
            raise ValueError(f"initial must be two ({self.n_sites}, {self.n_sites}) density "
                             "matrices")
        return rho

    def pack(self, rho_pair, full):
        """Both density matrices (``full``) or both site densities as one flat vector."""
        if full:
            return np.concatenate([r.ravel() for r in rho_pair])
        return np.concatenate([np.diagonal(r) for r in rho_pair]).real

    def unpack(self, x, full):
        """The (up, down) density matrices of a vector made by `pack`."""
        n = self.n_sites
        if full:
            return x[:n**2].reshape(n, n), x[n**2:].reshape(n, n)
        return np.diag(x[:n]).astype(self.dtype), np.diag(x[n:]).astype(self.dtype)

    def hamiltonians(self, rho_pair):
        """H_sigma = H0_sigma + diag(U n_-sigma + phi) + F_sigma for the densities ``rho_pair``."""
        n_up, n_dn = (np.diagonal(r).real for r in rho_pair)
        h_pair = [self.h_up + np.diag(self.U * n_dn), self.h_dn + np.diag(self.U * n_up)]
        if self.v is not None:
            hartree = self.v @ (n_up + n_dn - self.background)
            for k in range(2):
                h_pair[k] = h_pair[k] + np.diag(hartree)
                if self.fock:
                    h_pair[k] = h_pair[k] - self.v * rho_pair[k]
        return tuple(h_pair)

    def interaction_energy(self, rho_pair, nbar=None):
        """Interaction energy (t); with nbar = 0 the quadratic form alone."""
        nbar = self.background if nbar is None else nbar
        n_up, n_dn = (np.diagonal(r).real for r in rho_pair)
        energy = self.U * np.dot(n_up, n_dn)
        if self.v is not None:
            charge = n_up + n_dn - nbar
            energy += 0.5 * charge @ self.v @ charge
            if self.fock:
                energy -= 0.5 * sum(np.sum(self.v * np.abs(r)**2) for r in rho_pair)
        return energy

    def update(self, x_in, full):
        """One mean-field update of the packed input ``x_in``: an `_Update`."""
        rho_in = self.unpack(x_in, full)
        h_pair = self.hamiltonians(rho_in)
        eps_vec, occ_pair, rho_out, fermi = self.solve(h_pair)
        residual = float(np.abs(self.pack(rho_out, self.fock)
                                - self.pack(rho_in, self.fock)).max())
        return _Update(rho_in, h_pair, eps_vec, occ_pair, rho_out, fermi,
                       self.pack(rho_out, full), residual)

    def damping_step(self, update):
        """Optimal damping (Cances & Le Bris 2000): the minimizing step on rho_in -> rho_out.

        The HF energy is quadratic along the segment; its slope at rho_in is
        Tr[H_MF delta] (<= 0 for an Aufbau rho_out), its curvature the quadratic
        interaction form of delta.
        """
        delta = tuple(o - i for o, i in zip(update.rho_out, update.rho_in))
        slope = sum(np.vdot(h, d).real for h, d in zip(update.hamiltonians, delta))
        if self.chemical_potential is not None:
            slope -= self.chemical_potential * sum(np.trace(d).real for d in delta)
        curvature = self.interaction_energy(delta, nbar=0.0)
        return 1.0 if curvature <= 0 else min(1.0, max(0.0, -slope / (2 * curvature)))

    def result(self, update, iterations, residuals):
        """The `HartreeFockResult` of the converged ``update``."""
        eps_vec, occ_pair, rho_out = update.eigen, update.occupations, update.rho_out
        n_up, n_dn = (np.diagonal(r).real.copy() for r in rho_out)
        energy = sum(np.vdot(h, r).real for h, r in zip((self.h_up, self.h_dn), rho_out))
        energy += self.interaction_energy(rho_out)  # Tr H0 rho + interaction
        return HartreeFockResult(
            energies=tuple(e for e, _ in eps_vec), vectors=tuple(vec for _, vec in eps_vec),
            occupations=occ_pair, density_up=n_up, density_down=n_dn,
            hamiltonians=update.hamiltonians, fermi_energy=float(update.fermi),
            total_energy=float(energy), electrons=float(sum(o.sum() for o in occ_pair)),
            iterations=iterations, residuals=residuals)


# --- the self-consistency loop ---------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class _SolverOptions:
    """Options of the self-consistency loop, checked on creation (see `hartree_fock`)."""

    mixing: str = "anderson"
    mixing_parameter: float = 0.5
    history: int = 8
    tolerance: float = 1e-8
    max_iterations: int = 500

    def __post_init__(self):
        if self.mixing not in ("anderson", "linear", "oda"):
            raise ValueError(f"mixing must be 'anderson', 'linear' or 'oda', got {self.mixing!r}")
        beta = check_real("mixing_parameter", self.mixing_parameter, 0.0, strict=True)
        checked = dict(mixing_parameter=check_real("mixing_parameter", beta, maximum=1.0),
                       tolerance=check_positive("tolerance", self.tolerance),
                       max_iterations=check_count("max_iterations", self.max_iterations),
                       history=check_count("history", self.history))
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    def mixer(self, model):
        """A fresh mixer: an object whose ``mix(x_in, update)`` gives the next input."""
        if self.mixing == "linear":
            return _LinearMixing(self.mixing_parameter)
        if self.mixing == "anderson":
            return _Anderson(self.mixing_parameter, self.history)
        return _OptimalDamping(model, self.mixing_parameter, self.history)


class _LinearMixing:
    """x_in + beta (x_out - x_in)."""

    def __init__(self, beta):
        self.beta = beta

    def mix(self, x_in, update):
        return x_in + self.beta * (update.x_out - x_in)


#: Density change below which mixing="oda" adds Anderson acceleration.
_ODA_SWITCH = 1e-3


class _Anderson(AndersonMixing):
    """`AndersonMixing` driven by the mean-field updates."""

    def mix(self, x_in, update):
        """The next input from the last `_Update`."""
        return self(x_in, update.x_out)


class _OptimalDamping:
    """mixing="oda": optimal-damping steps, Anderson steps once the residual is below 1e-3.

    Near a minimum the occupations no longer switch and Pulay steps converge
    fast; a residual growing tenfold beyond the switching point means they switch
    again, and optimal damping takes over until the next switch.
    """

    def __init__(self, model, beta, history):
        self.model, self.beta, self.history = model, beta, history
        self.anderson, self.switched_at = None, None

    def mix(self, x_in, update):
        residual = update.residual
        if self.anderson is None and residual < _ODA_SWITCH:
            self.anderson, self.switched_at = _Anderson(self.beta, self.history), residual
        elif self.anderson is not None and residual > 10 * self.switched_at:
            self.anderson = None
        if self.anderson is not None:
            return self.anderson.mix(x_in, update)
        step = self.model.damping_step(update)
        return x_in + step * (update.x_out - x_in)


def _self_consistent(model, rho, options):
    """Mix rho -> H_MF[rho] -> rho_out until the residual is <= tolerance.

    Returns (the last `_Update`, the number of updates, the residual history);
    raises `HartreeFockConvergenceError` after ``max_iterations`` updates.
    """
    # Optimal damping needs the whole density matrices (Tr H0 rho), with or without Fock.
    full = options.mixing == "oda" or model.fock
    mixer = options.mixer(model)
    x_in = model.pack(rho, full)
    residuals = []
    for iteration in range(1, options.max_iterations + 1):
        update = model.update(x_in, full)
        residuals.append(update.residual)
        if update.residual <= options.tolerance:
            return update, iteration, residuals
        x_in = mixer.mix(x_in, update)
        if not model.complex and np.iscomplexobj(x_in):
            x_in = x_in.real
    raise HartreeFockConvergenceError(options.max_iterations, residuals[-1], residuals,
                                      options.tolerance)


def hartree_fock(hamiltonian, positions, *, norbs=1, U=0.0, coulomb=0.0,
                 screening_length=np.inf, fock=True, period=None, filling=None,
                 electrons=None, chemical_potential=None, smearing=0.0, mixing="anderson",
                 mixing_parameter=0.5, history=8, tolerance=1e-8, max_iterations=500,
                 seed_field=None, initial=None, background=None):
    """Unrestricted collinear Hartree-Fock ground state of H0 + Hubbard U + Coulomb tail.

    Parameters
    ----------
    hamiltonian : scipy.sparse matrix or numpy.ndarray
        H0 in t, from `devices.ClosedSample.hamiltonian` (or any Hermitian matrix).
    positions : array_like, shape (n_sites, dimension)
        Site positions in lattice constants.
    norbs : {1, 2}
        1: spinless H0, used for both spins; 2: spinful H0 with orbital 0 = up
        (no spin-flip terms).
    U : float
        Hubbard on-site repulsion in t, >= 0.
    coulomb : float
        V0 in t: strength of V(r) = V0 exp(-r/lambda)/r between distinct sites, >= 0.
    screening_length : float
        lambda in lattice constants (> 0; ``numpy.inf`` for bare 1/r).
    fock : bool
        Include the exchange (Fock) term of the long-range part.
    period : int or sequence, optional
        Period along x for minimum-image distances (rings), or one period (or None) per
        axis (a torus: `devices.ClosedSample.periods`).
    filling : float, optional
        Electrons per spin-orbital in (0, 1); the number of electrons is
        round(filling * 2 * n_sites).
    electrons : int, optional
        Number of electrons, in [1, 2 n_sites - 1].
    chemical_potential : float, optional
        Fixed chemical potential (t) instead of a fixed number.
    smearing : float
        Fermi-function temperature in t; 0 is zero temperature.
    mixing : {"anderson", "linear", "oda"}
        Anderson/Pulay, linear, or optimal damping accelerated by Anderson near
        convergence (robust in the localized regime; zero temperature only).
    mixing_parameter : float
        Fraction of the new density in (0, 1].
    history : int
        Number of previous steps Anderson mixing uses.
    tolerance : float
        Convergence: ``max |density change|`` of one update.
    max_iterations : int
        Cap on the number of mean-field updates.
    seed_field : float, optional
        Staggered Zeeman field (t, sign (-1)^(x+y+z)) that breaks the spin symmetry of the
        initial guess only; default 0.1 U (none without U, so U = 0 converges in one update).
    initial : tuple of numpy.ndarray, optional
        Initial (up, down) density matrices (n_sites x n_sites) instead of the
        non-interacting ground state of H0 + seed field.
    background : float, optional
        Electrons per site of the uniform neutralizing background nbar of the
        long-range part; default: the electron density (fixed number).  Needed
        with ``coulomb`` at fixed chemical potential.

    Returns
    -------
    HartreeFockResult

    Raises
    ------
    HartreeFockConvergenceError
        When ``max_iterations`` updates do not reach ``tolerance``.
    """
    options = _SolverOptions(mixing, mixing_parameter, history, tolerance, max_iterations)
    model = _MeanField.build(hamiltonian, positions, norbs=norbs, U=U, coulomb=coulomb,
                             screening_length=screening_length, fock=fock, period=period,
                             filling=filling, electrons=electrons,
                             chemical_potential=chemical_potential, smearing=smearing,
                             background=background)
    if options.mixing == "oda" and model.smearing > 0:
        raise ValueError("mixing='oda' minimizes the zero-temperature energy: use smearing=0")
    rho = model.initial_density(seed_field, initial)
    update, iterations, residuals = _self_consistent(model, rho, options)
    return model.result(update, iterations, residuals)


def hartree_fock_sample(sample, *, twist=0.0, params=None, **options):
    """`hartree_fock` on a `devices.ClosedSample` with solve-time ``params``.

    Parameters
    ----------
    sample : devices.ClosedSample
    twist : float
        Boundary twist (rad) of a periodic sample.
    params : dict, optional
        Device parameters (``disorder``, ``seed``, ``zeeman``, ...).
    **options
        Keyword arguments of `hartree_fock` (``U``, ``coulomb``, ``filling``, ...).
    """
    h0 = sample.hamiltonian(twist, **(params or {}))
    return hartree_fock(h0, sample.positions, norbs=sample.norbs,
                        period=sample.periods if sample.periodic else None, **options)


def zero_temperature_state(sample, *, params=None, fallback_smearing=0.005, max_iterations=300,
                           **options):
    """Zero-temperature `hartree_fock_sample` by optimal damping, with a fallback for glassy cases.

    Deep in the localized regime with Coulomb tails a few realizations do not converge in
    ``max_iterations`` optimal-damping updates; those are solved at a Fermi smearing
    ``fallback_smearing`` (t, a fraction of the level spacing) with Anderson mixing and up
    to 2000 updates.

    Parameters
    ----------
    sample : devices.ClosedSample
    params : dict, optional
        Device parameters (``disorder``, ``seed``, ...).
    fallback_smearing : float
        Smearing (t) of the second attempt, > 0.
    max_iterations : int
        Updates of the first, zero-temperature attempt.
    **options
        Keyword arguments of `hartree_fock` (``U``, ``coulomb``, ``filling``, ``tolerance``, ...).
    """
    fallback_smearing = check_positive("fallback_smearing", fallback_smearing)
    try:
        return hartree_fock_sample(sample, params=params, mixing="oda",
                                   max_iterations=max_iterations, **options)
    except HartreeFockConvergenceError:
        return hartree_fock_sample(sample, params=params, smearing=fallback_smearing,
                                   max_iterations=2000, **options)
