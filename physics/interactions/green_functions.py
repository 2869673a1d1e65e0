"""Friedel oscillations: the exact change of the Green function caused by one point scatterer.

The change of the Green function on the diagonal caused by one point scatterer
of strength U at site 0 of a closed sample (`devices.ClosedSample`, one orbital
per site, energies in t from the band bottom, lengths in lattice constants) is
exact for a rank-one perturbation (T matrix):
``delta G_ii = G_i0 U G_0i / (1 - U G_00)`` at complex energy ``E + i eta``;
the LDOS change is ``-Im delta G_ii / pi``.  One sparse LU (MUMPS, analysis
reused) per realization gives it on every site.  The disorder average
``<delta G>`` ~ ``<G>^2`` decays as ``exp(-r/l)`` with the elastic mean free
path ``l = v tau`` (docs/theory/interactions.md#friedel-oscillations),
on top of the clean decay set by ``eta``, which
the ratio to the clean sample removes: the clean infinite lattice is
`physics.theory.clean_point_scatterer_green_change`, the fit of the decay
`physics.analysis.interaction_fits.fit_friedel_envelope`.  Also attributes of
`physics.screening`.
"""

import numbers

import numpy as np
import scipy.sparse

from devices.validation import check_positive, check_real

from ..transport.mumps import SparseLU

__all__ = ["point_scatterer_green_change"]


class _Resolvent:
    """Columns of (z - H)^-1 by sparse LU (`physics.transport.mumps.SparseLU`, AMD ordering;
    the symbolic analysis is reused while the sparsity pattern stays the same)."""

    def __init__(self):
        self.lu = SparseLU("amd")

    def columns(self, hamiltonian, z, sites):
        size = hamiltonian.shape[0]
        matrix = (z * scipy.sparse.identity(size, format="csr") - hamiltonian).tocoo()
        return self.lu.factor(matrix).unit_columns(sites)


def _scatterer_sites(site, size):
    """The list of scatterer indices (each an integer in [0, size - 1]) and whether one was given."""
    single = np.ndim(site) == 0
    sites = [site] if single else list(site)
    if not sites:
        raise ValueError("site must not be empty")
    for s in sites:
        if isinstance(s, (bool, np.bool_)) or not isinstance(s, numbers.Integral):
            raise TypeError(f"site must be an integer, got {s!r}")
        if not 0 <= s < size:
            raise ValueError(f"site must be an integer in [0, {size - 1}], got {s!r}")
    return sites, single


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
        ``delta G_ii = G_i0 U G_0i / (1 - U G_00)`` (1/t; Dyson equation for a
        rank-one perturbation, exact); the LDOS change (per t) is
        ``-delta G.imag / pi``.
    """
    broadening = check_positive("broadening", broadening)
    energy = check_real("energy", energy)
    strength = check_real("strength", strength)
    if not scipy.sparse.issparse(hamiltonian):
        hamiltonian = scipy.sparse.csr_matrix(np.asarray(hamiltonian))
    sites, single = _scatterer_sites(site, hamiltonian.shape[0])
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
