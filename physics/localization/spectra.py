"""Spectra of closed samples: level statistics.

The scattering region of a device without its leads is a closed hard-wall
box; its eigenvalues carry the level statistics of the symmetry class
(docs/theory/thouless_and_levels.md#level-statistics):
the mean ratio of consecutive spacings <r> is 0.5307 (GOE),
0.5996 (GUE), 0.6744 (GSE) in a diffusive metal and 2 ln 2 - 1 = 0.3863
(Poisson) deep in the insulator (Oganesyan & Huse PRB 75, 155111 (2007);
Atas, Bogomolny, Giraud, Roux PRL 110, 084101 (2013)).

The sensitivity of the levels of a ring to a boundary twist measures the
conductance without leads (Thouless; Edwards & Thouless J. Phys. C 5, 807
(1972); Akkermans & Montambaux PRL 68, 642 (1992)): with dH/d(twist) =
(hbar/L) v_x, the Kubo formula ``sigma = pi hbar e^2 / V sum |v_nm|^2
delta(E - e_n) delta(E - e_m)`` and, in the unitary class, ``<v_nn^2> = <|v_nm|^2>``
for nearby levels give (spinless, g in e^2/h)

    g = 2 pi^2 <(d e_n / d twist)^2> / Delta^2,   E_T / Delta = g / (2 pi),

with E_T = hbar D / L^2 and Delta the mean level spacing
(docs/theory/thouless_and_levels.md#thouless-conductance-from-a-twist).  This g is
the intrinsic conductance of the sample: a Landauer g with reservoirs adds the
contact resistance, 1/g_L = 1/g + 1/N.
"""

import numpy as np

__all__ = ["closed_spectrum", "spacing_ratios", "twist_response", "thouless_conductance", "RATIO_GOE", "RATIO_GUE", "RATIO_GSE",
           "RATIO_POISSON"]

RATIO_GOE = 0.5307
RATIO_GUE = 0.5996
RATIO_GSE = 0.6744
RATIO_POISSON = 2 * np.log(2) - 1


def closed_spectrum(device, **params):
    """All eigenvalues (t, from the band bottom) of the device's scattering region without leads."""
    matrix = device.assembly.matrix(device.solve_params(**params)).toarray()
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


def twist_response(sample, twist=0.0, **params):
    """Levels of a periodic closed sample and the matrix of dH/d(twist) between them.

    Parameters
    ----------
    sample : devices.ClosedSample
        A ring (``periodic=True``).
    twist : float
        Boundary twist in rad.
    **params
        Solve-time parameters of the device.

    Returns
    -------
    energies : numpy.ndarray, shape (n,)
        Eigenvalues in t from the band bottom, ascending.
    matrix : numpy.ndarray, shape (n, n)
        ``<n| dH/d(twist) |m>`` in t; its diagonal is the level velocity
        d e_n / d twist (Hellmann-Feynman) for non-degenerate levels.
    """
    if not getattr(sample, "periodic", False):
        raise ValueError("sample must be a devices.ClosedSample with periodic=True")
    energies, vectors = np.linalg.eigh(sample.hamiltonian(twist, **params).toarray())
    derivative = sample.twist_derivative(twist, **params)
    return energies, vectors.conj().T @ (derivative @ vectors)


def thouless_conductance(energies, velocities, window):
    """Thouless conductance 2 pi^2 <v^2> / Delta^2 of an ensemble of rings.

    Parameters
    ----------
    energies, velocities : sequence of array_like
        Per sample: the levels and their velocities d e_n / d twist (t/rad).
    window : (float, float)
        Energy window (t from the band bottom) in which the density of states
        is nearly flat.

    Returns
    -------
    dict
        ``g`` (e^2/h, spinless unitary class), ``thouless_energy`` E_T = g Delta / 2pi
        (t), ``spacing`` Delta (t), ``mean_square_velocity`` (t^2), ``levels`` (count).
    """
    if len(energies) != len(velocities) or not len(energies):
        raise ValueError("energies and velocities must be equal-length, non-empty "
                         "sequences (one entry per sample)")
    low, high = map(float, window)
    if not high > low:
        raise ValueError(f"window must be (low, high) with high > low, got {window!r}")
    squares, count = [], 0
    for e, v in zip(energies, velocities):
        e, v = np.asarray(e, dtype=float), np.asarray(v, dtype=float)
        inside = (e >= low) & (e <= high)
        squares.append(v[inside] ** 2)
        count += int(inside.sum())
    if count < 2:
        raise ValueError(f"window {window!r} holds fewer than two levels")
    spacing = (high - low) * len(energies) / count
    mean_square = float(np.mean(np.concatenate(squares)))
    g = 2 * np.pi**2 * mean_square / spacing**2
    return dict(g=g, thouless_energy=g * spacing / (2 * np.pi), spacing=spacing,
                mean_square_velocity=mean_square, levels=count)
