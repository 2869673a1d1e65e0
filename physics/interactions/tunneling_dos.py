"""Tunneling density of states of mean-field spectra, aligned at each sample's Fermi energy.

A tunneling experiment measures the single-particle density of states at
energy E relative to the Fermi energy of the sample (dI/dV at bias eV = E).
The mean-field (Hartree-Fock) levels of a closed sample are broadened
(Lorentzian or Gaussian of a stated width), measured from that sample's own
Fermi energy and averaged over disorder.  Aligning at E_F removes the
uniform shift of all levels that an interaction (or a constant potential)
produces, which no tunneling experiment can see.

Units: energies in t, DOS per site per unit energy summed over both spins
(a non-interacting band of width B has DOS ~ 2/B per site).

The analytic forms compared against (docs/theory/interactions.md: the Efros-Shklovskii Coulomb
gap, the Altshuler-Aronov logarithm and its first-order coupling) are in
`physics.theory.interactions`, the fits (`power_law_exponent`,
`level_shift_fit`) in `physics.analysis.interaction_fits`; both are also
attributes of this module.  ``efros_shklovskii_dos(energy, dimension=2,
coulomb=1.0)``: pass the interaction by keyword.
"""

import numpy as np

from devices.validation import check_count, check_positive

from ..analysis.interaction_fits import level_shift_fit, power_law_exponent
from ..theory.interactions import (altshuler_aronov_coupling, altshuler_aronov_log,
                                   efros_shklovskii_dos)

__all__ = ["broadened_dos", "tunneling_dos", "dip_depth", "power_law_exponent",
           "level_shift_fit", "efros_shklovskii_dos", "altshuler_aronov_log",
           "altshuler_aronov_coupling"]


def broadened_dos(levels, energies, width, shape="lorentzian", sites=1):
    """Sum of broadened delta peaks at ``levels``, divided by ``sites``.

    Parameters
    ----------
    levels : array_like
        Single-particle levels (t).
    energies : array_like
        Where to evaluate (t).
    width : float
        Lorentzian half width at half maximum, or Gaussian standard deviation (t).
    shape : {"lorentzian", "gaussian"}
    sites : int
        Normalization: the number of sites (DOS per site).

    Returns
    -------
    numpy.ndarray, the shape of ``energies``
        DOS per site (1/t).
    """
    width = check_positive("width", width)
    sites = check_count("sites", sites)
    x = np.asarray(energies, dtype=float)[..., None] - np.asarray(levels, dtype=float)
    if shape == "lorentzian":
        kernel = (width / np.pi) / (x**2 + width**2)
    elif shape == "gaussian":
        kernel = np.exp(-0.5 * (x / width)**2) / (np.sqrt(2 * np.pi) * width)
    else:
        raise ValueError(f"shape must be 'lorentzian' or 'gaussian', got {shape!r}")
    return kernel.sum(axis=-1) / sites


def _per_sample(results, energies, width, shape, align):
    rows = []
    for result in results:
        levels = result.levels - (result.fermi_energy if align else 0.0)
        rows.append(broadened_dos(levels, energies, width, shape, sites=len(result.density_up)))
    return np.array(rows)


def tunneling_dos(results, energies, width, shape="lorentzian", align=True):
    """Disorder-averaged broadened DOS of Hartree-Fock results.

    Parameters
    ----------
    results : sequence of physics.hartree_fock.HartreeFockResult
        One per disorder realization.
    energies : array_like
        E - E_F (t) if ``align``, else E from the band bottom (t).
    width : float
        Broadening (t), see `broadened_dos`.
    shape : {"lorentzian", "gaussian"}
    align : bool
        Measure each sample's levels from its own Fermi energy.

    Returns
    -------
    mean, error : numpy.ndarray
        Average DOS per site (both spins, 1/t) and its standard error over samples
        (zero for a single sample).
    """
    rows = _per_sample(results, energies, width, shape, align)
    n = len(rows)
    error = rows.std(axis=0, ddof=1) / np.sqrt(n) if n > 1 else np.zeros(rows.shape[1])
    return rows.mean(axis=0), error


def dip_depth(results, width, reference, shape="lorentzian", baseline=None):
    """Relative depth of the zero-bias dip of the aligned, broadened DOS.

    depth = 1 - nu(E_F) / nu_ref, with nu_ref the DOS averaged over the
    reference window on both sides of E_F (so a linear slope cancels).  With a
    ``baseline`` (the non-interacting results of the same realizations, in the
    same order) the ratio nu / nu_baseline is used instead of nu, which removes
    the band structure and any interaction-induced change of the bandwidth:
    depth = 1 - r(E_F) / r_ref, r = nu / nu_baseline.

    Parameters
    ----------
    results : sequence of HartreeFockResult
    width : float
        Broadening (t).
    reference : (float, float)
        ``|E - E_F|`` window (t) of the background.
    shape : {"lorentzian", "gaussian"}
    baseline : sequence of HartreeFockResult, optional

    Returns
    -------
    depth, error : float
        Depth from the sample averages; error by the jackknife over samples
        (nan for one sample).
    """
    low, high = map(float, reference)
    if not 0 <= low < high:
        raise ValueError(f"reference must be (low, high) with 0 <= low < high, got {reference!r}")
    if baseline is not None and len(baseline) != len(results):
        raise ValueError("baseline must hold one result per sample of results")
    side = np.linspace(low, high, 41)
    grid = np.concatenate([[0.0], -side[::-1], side])
    rows = [_per_sample(results, grid, width, shape, True)]
    if baseline is not None:
        rows.append(_per_sample(baseline, grid, width, shape, True))
    n = len(rows[0])

    def depth_of(keep):
        means = [r[keep].mean(axis=0) for r in rows]
        ratio = means[0] / means[1] if baseline is not None else means[0]
        return 1 - ratio[0] / ratio[1:].mean()

    depth = depth_of(np.ones(n, bool))
    if n < 2:
        return float(depth), np.nan
    leave_one_out = np.array([depth_of(np.arange(n) != k) for k in range(n)])
    error = np.sqrt((n - 1) / n * np.sum((leave_one_out - leave_one_out.mean())**2))
    return float(depth), float(error)
