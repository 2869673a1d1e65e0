"""Spectra of closed samples: level statistics.

The scattering region of a device without its leads is a closed hard-wall
box; its eigenvalues carry the level statistics of the symmetry class
(THEORY §7): the mean ratio of consecutive spacings <r> is 0.5307 (GOE),
0.5996 (GUE), 0.6744 (GSE) in a diffusive metal and 2 ln 2 - 1 = 0.3863
(Poisson) deep in the insulator (Oganesyan & Huse PRB 75, 155111 (2007);
Atas, Bogomolny, Giraud, Roux PRL 110, 084101 (2013)).
"""

import numpy as np

__all__ = ["closed_spectrum", "spacing_ratios", "RATIO_GOE", "RATIO_GUE", "RATIO_GSE",
           "RATIO_POISSON"]

RATIO_GOE = 0.5307
RATIO_GUE = 0.5996
RATIO_GSE = 0.6744
RATIO_POISSON = 2 * np.log(2) - 1


def closed_spectrum(device, **params):
    """All eigenvalues (t, from the band bottom) of the device's scattering region without leads."""
    from devices.assembly import HamiltonianAssembler
    cached = device.__dict__.get("_closed_assembler")
    if cached is None:
        cached = device.__dict__["_closed_assembler"] = HamiltonianAssembler(device)
    matrix = cached.matrix(device.solve_params(**params)).toarray()
    return np.linalg.eigvalsh(matrix)


def spacing_ratios(eigenvalues, window=None, kramers=False):
    """r_n = min(s_n, s_{n-1}) / max(s_n, s_{n-1}) of consecutive levels in ``window``.

    Parameters
    ----------
    eigenvalues : array_like
        Sorted eigenvalues of one sample.
    window : (float, float), optional
        Energy window (where the density of states is nearly flat).
    kramers : bool
        Keep one level of each Kramers pair (spinful, time-reversal invariant).
    """
    e = np.sort(np.asarray(eigenvalues, dtype=float))
    if kramers:
        e = e[::2]
    if window is not None:
        e = e[(e >= window[0]) & (e <= window[1])]
    s = np.diff(e)
    s_prev, s_next = s[:-1], s[1:]
    return np.minimum(s_prev, s_next) / np.maximum(s_prev, s_next)
