"""Density response chi(q, omega) of large closed samples by the kernel polynomial method.

For non-interacting electrons at zero temperature the dissipative density response per
site is (docs/theory/kubo.md#density-response-and-the-diffusion-pole)

    Im chi(q, omega) / omega = (pi / omega) int_{E_F - omega}^{E_F} dE S_q(E, E + omega),
    S_q(E1, E2) = Tr[rho_q^dagger delta(E1 - H) rho_q delta(E2 - H)] / N_sites,

with the density wave ``rho_q = exp(i q.r)``: the Kubo-Greenwood correlation with the
velocity replaced by rho_q (`kubo.spectral_correlation`).  In a diffusive metal it is the
diffusion pole, a Lorentzian in omega of half-width D q^2 and weight pi nu, whatever the
disorder: the static limit chi(q -> 0, 0) = nu is thermodynamic.

The wave vectors must fit the ring: q_x L / 2 pi an integer on a sample closed along x.
"""

import dataclasses

import numpy as np
import scipy.sparse

from devices.validation import check_count, check_real

from . import chebyshev, kubo

__all__ = ["density_wave", "DensityCorrelation", "density_correlation"]


def density_wave(positions, wavenumber, period):
    """The diagonal operator ``exp(i q x)`` on a ring of ``period`` sites along x.

    Parameters
    ----------
    positions : numpy.ndarray, shape (n, d)
        Orbital positions (a).
    wavenumber : float
        q along x (1/a); q period / 2 pi must be an integer (a wave that fits the ring).
    period : float
        Ring length along x (a).
    """
    q = check_real("wavenumber", wavenumber)
    turns = q * period / (2 * np.pi)
    if abs(turns - round(turns)) > 1e-9:
        raise ValueError(f"wavenumber = {q!r} does not fit the ring: q L / 2 pi = {turns:.6g} "
                         f"must be an integer (L = {period})")
    return scipy.sparse.diags(np.exp(1j * q * np.asarray(positions)[:, 0]), format="csr")


@dataclasses.dataclass(frozen=True)
class DensityCorrelation:
    """S_q(E1, E2) of one or more disorder samples on an energy grid.

    Attributes
    ----------
    energies : numpy.ndarray, shape (n_E,)
        Uniform energy grid (t).
    wavenumbers : numpy.ndarray, shape (n_q,)
        q along x (1/a).
    samples : numpy.ndarray, shape (n_seeds * n_vectors, n_q, n_E, n_E)
        ``Tr[rho_q^dagger delta(E1 - H) rho_q delta(E2 - H)] / N_sites`` (1/t^2 per site),
        one row per (disorder seed, random vector), seed-major.  Their spread is the
        stochastic error of the mean (and, with several seeds, part of the disorder
        spread: rows of one seed share its disorder).
    dos : numpy.ndarray, shape (n_seeds, n_E)
        Density of states per site (1/t) of each sample, from the same vectors.
    resolution : numpy.ndarray, shape (n_E,)
        The kernel's standard deviation (t).
    """

    energies: np.ndarray
    wavenumbers: np.ndarray
    samples: np.ndarray
    dos: np.ndarray
    resolution: np.ndarray

    def spectrum(self, fermi_energy, window):
        """Im chi(q, omega) / (pi omega) near ``fermi_energy``, as a function of omega.

        ``S_q(E, E + omega)`` averaged over the grid pairs whose mean energy lies within
        ``window`` (t) of E_F, both orders of the pair (the zero-temperature integral over
        [E_F - omega, E_F] when nu and D vary slowly over the window).

        Returns
        -------
        omega : numpy.ndarray, shape (n_omega,)
            0, dE, 2 dE, ... (t), as far as the grid reaches.
        values, errors : numpy.ndarray, shape (n_q, n_omega)
            The mean over the rows of `samples` (1/t^2 per site) and its standard error
            (their spread; NaN for one row).
        """
        step = np.diff(self.energies)
        if len(step) == 0 or not np.allclose(step, step[0], rtol=1e-9, atol=0):
            raise ValueError("spectrum() needs a uniform energy grid")
        window = check_real("window", window)
        if window < step[0] / 2:  # else the odd separations have no pair centred there
            raise ValueError(f"window = {window!r} must be at least half the grid step "
                             f"({step[0] / 2:.6g} t)")
        first, second = np.meshgrid(np.arange(len(self.energies)), np.arange(len(self.energies)),
                                    indexing="ij")
        centre = (self.energies[first] + self.energies[second]) / 2
        separation = np.abs(second - first)
        near = np.abs(centre - fermi_energy) <= window + 1e-12
        reach = int(separation[near].max()) if near.any() else 0
        if reach < 2:
            raise ValueError(f"fermi_energy = {fermi_energy!r} with window = {window!r} leaves "
                             "fewer than three frequencies on the grid")
        values = np.stack([self.samples[:, :, near & (separation == j)].real.mean(axis=-1)
                           for j in range(reach + 1)], axis=-1)  # (n_rows, n_q, n_omega)
        errors = chebyshev.sample_error(values, None)
        return step[0] * np.arange(reach + 1), values.mean(axis=0), errors

    def dos_near(self, fermi_energy, window):
        """Mean density of states (1/t per site) over the grid energies within ``window``."""
        near = np.abs(self.energies - fermi_energy) <= window + 1e-12
        return float(self.dos[:, near].mean())


def density_correlation(sample, energies, wavenumbers, num_moments, *, num_vectors=2,
                     seeds=(0,), vector_seed=0, bounds=None, **params):
    """Density correlation S_q(E1, E2) of a ring-shaped closed sample (KPM).

    Parameters
    ----------
    sample : devices.ClosedSample
        Closed along x (``periodic=True``).
    energies : array_like, shape (n_E,)
        Uniform grid (t) around the Fermi energies of interest.
    wavenumbers : sequence of float
        q along x (1/a), each fitting the ring (`density_wave`).
    num_moments, num_vectors, seeds, vector_seed, bounds, **params
        As `kubo.kubo_greenwood`.

    Returns
    -------
    DensityCorrelation

    Notes
    -----
    Cost: ``(1 + n_q) num_moments`` sparse products per vector and sample.
    """
    if not sample.periodic:
        raise ValueError("density_correlation needs a ring (devices.ClosedSample(device, "
                         "periodic=True)): the density waves must be periodic")
    energies, num_moments, seeds, vector_seed = kubo.check_trace_arguments(
        energies, num_moments, seeds, vector_seed, params)
    num_vectors = check_count("num_vectors", num_vectors)
    positions = np.repeat(sample.positions, sample.norbs, axis=0)
    wavenumbers = np.atleast_1d(np.asarray(wavenumbers, dtype=float))
    waves = [density_wave(positions, q, sample.length) for q in wavenumbers]
    vectors = chebyshev.random_phase_vectors(len(positions), num_vectors, vector_seed)
    per_sample, dos, resolution = [], [], []
    for seed in seeds:
        hamiltonian = sample.hamiltonian(seed=seed, **params)
        sample_bounds = chebyshev.spectral_bounds(hamiltonian) if bounds is None else bounds
        resolution.append(chebyshev.kernel_resolution(energies, num_moments, sample_bounds))
        correlation = kubo.spectral_correlation(hamiltonian, waves, vectors, energies,
                                                num_moments, sample_bounds)
        per_sample.append(np.swapaxes(correlation, 0, 1) / sample.n_sites)
        dos.append(chebyshev.density_of_states(hamiltonian, energies, num_moments, num_vectors,
                                               vector_seed, sample_bounds)[0] * sample.norbs)
    return DensityCorrelation(energies, wavenumbers, np.concatenate(per_sample), np.array(dos),
                           np.mean(resolution, axis=0))
