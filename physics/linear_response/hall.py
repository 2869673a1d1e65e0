"""Hall conductivity sigma_xy of large closed samples: the Kubo formula as a local marker.

At zero temperature the Kubo (TKNN) Hall conductivity of non-interacting electrons,
written with ``v = i [H, r] / hbar``, depends on the Fermi projector P = theta(E_F - H)
alone (docs/theory/kubo.md#hall-conductivity-from-the-fermi-projector):

    sigma_xy = (4 pi / A_R) Im Tr_R [P x Q y P]   (e^2/h, Q = 1 - P),

the trace taken over a region R of area A_R deep inside the sample (over the whole of a
finite sample it vanishes: the edges carry the opposite Hall current).  P comes from
the Jackson-damped Chebyshev expansion (`chebyshev.step_vectors`), the trace from
random-phase vectors supported on R: per vector two expansions, ``a = P r`` on the energy
grid and ``P (y a)`` with each energy's own projector (`chebyshev.expand_columns`).

Sign: electrons (charge -e) in a field phi > 0 along +z have sigma_xy = -nu e^2/h on the
nu-th quantum Hall plateau (j = sigma E), the Streda formula's -dn/dphi; the project's
four-terminal R_xy is then +1/nu (docs/theory/multiterminal.md#quantum-hall-plateaus).
"""

import dataclasses

import numpy as np

from devices.validation import check_count, check_real

from . import chebyshev, kubo

__all__ = ["HallConductivity", "hall_conductivity", "bulk_region"]

#: Memory (bytes) the projected vectors of one block of trace vectors may take.
HALL_MEMORY = 512 * 2**20


def bulk_region(positions, margin):
    """Orbitals farther than ``margin`` (a) from every side of the sample's bounding box.

    Raises ValueError (naming ``margin``) when no orbital is left.
    """
    positions = np.asarray(positions, dtype=float)
    low, high = positions.min(axis=0), positions.max(axis=0)
    inside = np.all((positions >= low + margin) & (positions <= high - margin), axis=1)
    if not inside.any():
        raise ValueError(f"margin = {margin!r} a leaves no site of a sample of extent "
                         f"{np.round(high - low, 6).tolist()} a")
    return inside


@dataclasses.dataclass(frozen=True)
class HallConductivity:
    """sigma_xy (e^2/h) of one or more disorder samples on a grid of Fermi energies.

    Attributes
    ----------
    energies : numpy.ndarray, shape (n_E,)
        Fermi energies (t).
    samples : numpy.ndarray, shape (n_samples, n_E)
        sigma_xy of each sample (mean over its random vectors), e^2/h, summed over all
        orbitals (both spins of a spinful model).
    vector_error : numpy.ndarray, shape (n_E,)
        Standard error of the stochastic trace (over the vectors, pooled over samples).
    resolution : numpy.ndarray, shape (n_E,)
        Standard deviation (t) of the smoothing of the Fermi step (the kernel's).
    region_sites : int
        Orbitals in the bulk region R.
    """

    energies: np.ndarray
    samples: np.ndarray
    vector_error: np.ndarray
    resolution: np.ndarray
    region_sites: int

    @property
    def mean(self):
        """Sample average of sigma_xy (e^2/h)."""
        return self.samples.mean(axis=0)

    @property
    def error(self):
        """Standard error of `mean`: the spread of the samples (two or more, each with
        its own random vectors), else the vector error."""
        return chebyshev.sample_error(self.samples, self.vector_error)


def _marker(hamiltonian, positions, vectors, energies, num_moments, bounds):
    """Per-vector estimates of 4 pi Im <r|P x Q y P|r>, shape (k, n_E)."""
    x, y = positions[:, 0:1], positions[:, 1:2]
    projected = chebyshev.step_vectors(hamiltonian, vectors, energies, num_moments, bounds)
    coefficients = chebyshev.step_coefficients(energies, num_moments, bounds)
    estimates = np.empty((vectors.shape[1], len(energies)))
    for j in range(vectors.shape[1]):
        a = projected[:, :, j].T  # (n, n_E): P_E r for every E
        u, w = x * a, y * a
        pw = chebyshev.expand_columns(hamiltonian, w, coefficients, bounds)
        # <r|P x Q y P|r> = <x P r| (1 - P) |y P r>
        estimates[j] = 4 * np.pi * np.einsum("ie,ie->e", u.conj(), w - pw).imag
    return estimates


def hall_conductivity(sample, energies, num_moments, *, margin=None, num_vectors=8,
                      seeds=(0,), vector_seed=0, bounds=None, **params):
    """Kubo Hall conductivity sigma_xy(E_F) of a closed 2D sample (KPM, zero temperature).

    Parameters
    ----------
    sample : devices.ClosedSample
        A sample with hard walls (``periodic=False``: the position operators need them).
    energies : array_like, shape (n_E,)
        Fermi energies (t from the band bottom).
    num_moments : int
        Chebyshev moments N: the Fermi step is smoothed over ~ pi (half-width) / N
        (`chebyshev.kernel_resolution`), which must be well below the Landau-level gaps.
    margin : float, optional
        The bulk region R: the sites farther than ``margin`` (a) from the sample's
        edges; a quarter of the smaller side by default.  It must exceed the magnetic
        length and the edge states' width by several times.
    num_vectors : int or None
        Random-phase vectors on R per disorder sample (the stochastic error of one
        vector is about ``l_m / sqrt(A_R)``, l_m the magnetic length); None: the exact
        trace over R, one unit vector per orbital of R (for small regions: a clean
        sample's marker is uniform, so a few sites give sigma_xy to the kernel's accuracy).
    seeds : sequence of int
        Disorder seeds, one sample each.
    vector_seed : int
        Seed of the random vectors (the same for every disorder seed).
    bounds : (float, float), optional
        Interval holding the spectrum (t); Gershgorin bounds by default.
    **params
        Solve-time parameters (``phi``, ``disorder``, ...).

    Returns
    -------
    HallConductivity

    Notes
    -----
    Cost per vector and sample: ``N`` sparse products of one vector and ``N`` of a block
    of n_E vectors; memory ``~ 64 n n_E`` bytes (n orbitals) plus the projected vectors of
    a block of trace vectors, at most `HALL_MEMORY`.
    """
    if sample.periodic:
        raise ValueError("hall_conductivity needs a sample with hard walls "
                         "(devices.ClosedSample(device, periodic=False)): the position "
                         "operator is not defined on a ring")
    energies, num_moments, seeds, vector_seed = kubo.check_trace_arguments(
        energies, num_moments, seeds, vector_seed, params)
    exact = num_vectors is None
    positions = np.repeat(sample.positions, sample.norbs, axis=0)
    if positions.shape[1] != 2:
        raise ValueError(f"hall_conductivity needs a 2D sample, got {positions.shape[1]}D")
    extent = positions.max(axis=0) - positions.min(axis=0)
    region = bulk_region(positions, extent.min() / 4 if margin is None
                         else check_real("margin", margin))
    centred = positions - positions[region].mean(axis=0)  # the marker is origin-free
    area = region.sum() / sample.norbs * kubo.volume_per_site(sample)
    vectors = _trace_vectors(region, num_vectors, vector_seed)
    block = int(max(1, HALL_MEMORY // (16 * len(positions) * len(energies))))
    per_sample, deviations, resolution = [], [], []
    for seed in seeds:
        hamiltonian = sample.hamiltonian(seed=seed, **params)
        sample_bounds = chebyshev.spectral_bounds(hamiltonian) if bounds is None else bounds
        resolution.append(chebyshev.kernel_resolution(energies, num_moments, sample_bounds))
        estimates = np.concatenate([
            _marker(hamiltonian, centred, vectors[:, start:start + block], energies,
                    num_moments, sample_bounds)
            for start in range(0, vectors.shape[1], block)]) / area
        if exact:  # the trace is the sum over the unit vectors
            estimates = estimates * len(estimates)
        per_sample.append(estimates.mean(axis=0))
        deviations.append(estimates - estimates.mean(axis=0))
    vector_error = (np.zeros(len(energies)) if exact else
                    chebyshev.pooled_vector_error(np.concatenate(deviations), len(seeds)))
    return HallConductivity(energies, np.array(per_sample), vector_error,
                            np.mean(resolution, axis=0), int(region.sum()))


def _trace_vectors(region, num_vectors, vector_seed):
    """Random-phase vectors on the region (columns), or its unit vectors (``None``)."""
    if num_vectors is None:
        vectors = np.zeros((len(region), region.sum()), dtype=complex)
        vectors[np.flatnonzero(region), np.arange(region.sum())] = 1
        return vectors
    vectors = chebyshev.random_phase_vectors(len(region), check_count("num_vectors", num_vectors),
                                             vector_seed)
    return vectors * region[:, None]
