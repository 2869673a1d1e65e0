"""Random-matrix and quasi-1D results: DMPK, UCF, the Dorokhov density, localization length, chaotic cavities.

Conductances in e^2/h; beta = 1, 2, 4 the symmetry class (docs/theory/cavities.md).
"""

import numpy as np

from .diffusive import weak_localization_correction

__all__ = ["dmpk_mean_conductance", "ucf_variance_quasi_1d", "ucf_mode_sum", "dorokhov_density",
           "localization_length", "cavity_mean_conductance", "cavity_conductance_variance"]


def dmpk_mean_conductance(n_channels, s, beta, degeneracy=1):
    """Mean g (e^2/h) of a wire with N channels and s = L/l (docs/theory/quasi_1d.md#dmpk-mean-conductance).

    ``<g> = N/(1+s) + d (1 - 2/beta)/3 [1 - (1+s)^-3]``, N counting all
    channels (both spins for d = 2).  Mello & Stone, PRB 44, 3559 (1991).
    """
    s = np.asarray(s, dtype=float)
    return (n_channels / (1 + s)
            + weak_localization_correction(beta, degeneracy) * (1 - (1 + s) ** -3))


def ucf_variance_quasi_1d(beta, degeneracy=1):
    """var g (e^2/h)^2 of a long quasi-1D wire: ``d^2 2 / (15 beta)`` (Lee & Stone 1985)."""
    return degeneracy**2 * 2 / (15 * beta)


def ucf_mode_sum(aspect_ratio, beta=1, degeneracy=1, n_max=400):
    """Diffuson mode sum for var g of an L x W box with ideal leads, hard-wall sides.

    ``var g = (12/pi^4) sum_{n_x>=1, n_y>=0} [n_x^2 + (aspect n_y)^2]^-2``,
    ``aspect = L/W``; times ``d^2 / beta``.  Reproduces 2/15 in the quasi-1D
    limit (aspect -> infinity).  Lee, Stone, Fukuyama PRB 35, 1039 (1987).
    """
    n_x = np.arange(1, n_max + 1)[:, None]
    n_y = np.arange(0, n_max + 1)[None, :]
    total = np.sum((n_x**2 + (aspect_ratio * n_y) ** 2) ** -2.0)
    return degeneracy**2 / beta * 12 / np.pi**4 * total


def dorokhov_density(transmission, n_channels, s):
    """Bimodal density of transmission eigenvalues ``(N/2s) / (T sqrt(1-T))`` (docs/theory/quasi_1d.md#transmission-eigenvalues).

    Dorokhov, JETP Lett. 36, 318 (1982); Mello, Pereyra, Kumar, Ann. Phys.
    181, 290 (1988).  Valid for 4 exp(-2s) <~ T <= 1.
    """
    t = np.asarray(transmission, dtype=float)
    return n_channels / (2 * s) / (t * np.sqrt(1 - t))


def localization_length(n_channels, mean_free_path, beta):
    """xi = (beta N + 2 - beta) l, defined by <ln g> = -2 L / xi (docs/theory/quasi_1d.md#localization-length).

    N counts Kramers pairs once for beta = 4.  Beenakker RMP 69, 731 (1997) §IV.C.
    """
    return (beta * n_channels + 2 - beta) * mean_free_path


def cavity_mean_conductance(n1, n2, beta):
    """Random-matrix <g> of a chaotic cavity with ideal leads of n1 and n2 channels.

    ``<g> = n1 n2 / (n1 + n2 - 1 + 2/beta)`` (e^2/h per spin-degenerate copy): Baranger
    and Mello, PRL 73, 142 (1994); Jalabert, Pichard and Beenakker, EPL 27, 255 (1994).
    The weak-localization correction is ``<g>(beta=1) - <g>(beta=2)``.
    """
    n1, n2 = np.asarray(n1, dtype=float), np.asarray(n2, dtype=float)
    return n1 * n2 / (n1 + n2 - 1 + 2.0 / beta)


def cavity_conductance_variance(n1, n2, beta):
    """Random-matrix var g of a chaotic cavity (ideal leads, n = n1 + n2 channels in all).

    beta = 2: ``(n1 n2)^2 / (n^2 (n^2 - 1))``; beta = 1:
    ``2 n1 n2 (n1 + 1)(n2 + 1) / (n (n + 1)^2 (n + 3))``; both -> 1/16 and 1/8 for
    n1 = n2 -> infinity.  (Checked against circular-ensemble sampling,
    tests/test_theory.py; docs/theory/cavities.md.)
    """
    n1, n2 = np.asarray(n1, dtype=float), np.asarray(n2, dtype=float)
    n = n1 + n2
    if beta == 2:
        return (n1 * n2) ** 2 / (n**2 * (n**2 - 1))
    if beta == 1:
        return 2 * n1 * n2 * (n1 + 1) * (n2 + 1) / (n * (n + 1) ** 2 * (n + 3))
    raise ValueError(f"beta must be 1 or 2, got {beta!r}")
