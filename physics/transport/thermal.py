"""Thermal smearing and thermoelectric response from the Landauer integrals.

At temperature T the (non-interacting, elastic) Landauer-Buttiker currents
are energy integrals of the zero-temperature transmission T(E) against the
Fermi window ``-df/dE``.  This module provides the window, an accurate
quadrature for it, the Landauer moments

    L_n = (1/h) int dE T(E) (E - mu)^n (-df/dE),   n = 0, 1, 2,

and from them the conductance G, thermopower S, electronic heat conductance
kappa and the Lorenz ratio L/L0 (docs/theory/thermal.md#landauer-moments).  The
thermally averaged conductance of one device is `physics.smeared_conductance`
(built on `thermal_average`); the closed forms (Fermi window, Sommerfeld and
Mott limits, the thermal length) are in `physics.theory.thermal`.

Units (natural, ``k_B = e = h = 1``)
------------------------------------
* energies, ``mu`` and the temperature ``k_B T`` in t (energies from the band
  bottom, as everywhere in this project);
* L_n in ``t^n`` (times e^2/h for n = 0, so L_0 = G in e^2/h);
* thermopower S in k_B/e (= 86.17 microvolt/K); S = -L_1/(T L_0) is negative
  when T(E) rises through mu (electron-like);
* heat conductance kappa = (L_2 - L_1^2/L_0)/T in k_B t/h; one fully open
  channel at low T carries kappa_0 = (pi^2/3) k_B T;
* Lorenz number kappa/(G T) in (k_B/e)^2, Wiedemann-Franz value
  L0 = pi^2/3 (`LORENZ_NUMBER`), i.e. 2.443e-8 W Ohm/K^2 (`LORENZ_NUMBER_SI`).

`to_si` converts given the hopping t in meV (`devices.Units.hopping`).

Quadratures
-----------
Two exact-by-construction schemes, both in the variable x = (E - mu)/k_BT,
weight w(x) = 1/(4 cosh^2(x/2)):

* **grid** (tabulated T(E) on any increasing energy grid): T(E) is taken as
  the piecewise-linear interpolant of the samples (continued as a constant
  beyond the grid ends) and that interpolant is integrated against the
  window essentially exactly: every grid interval inside mu +- 40 k_BT is cut
  into pieces no longer than k_BT, each integrated by 8-point Gauss-Legendre
  (the window is analytic with poles at x = +-i pi, so the error is below
  ~1e-16 relative), and the tails beyond the grid are added analytically.
  The only error is therefore the interpolation error of T(E) itself,
  O(dE^2 T''/8) pointwise; k_BT -> 0 smoothly becomes linear interpolation
  at mu.  A grid that misses more than ``tail_tolerance`` of the window's
  weight is refused (the constant continuation would then matter).
* **Gauss-Fermi** (callables, ``nodes=n``): Gaussian quadrature for the
  weight w(x) itself.  Its Jacobi matrix is known in closed form,
  ``b_k = pi^2 k^4 / (4 k^2 - 1)`` (checked against the exact moments
  int x^2k w dx = 2 (2k)! (1 - 2^(1-2k)) zeta(2k) by `tests/test_thermal.py`),
  so an n-point rule is exact for polynomial T(E) of degree <= 2n - 1 - m
  in the m-th moment.  Use it when T(E) is smooth on the scale of k_BT
  (k_BT << E_c); for rougher T(E) (k_BT >~ E_c, steps of a clean wire)
  tabulate T(E) on a grid finer than both k_BT and E_c.

References
----------
Sivan & Imry, PRB 33, 551 (1986); Butcher, J. Phys.: Condens. Matter 2,
4869 (1990) (Landauer moments, thermopower, Wiedemann-Franz in mesoscopic
conductors); Ashcroft & Mermin ch. 2 (Sommerfeld expansion); Cutler & Mott,
Phys. Rev. 181, 1336 (1969) (Mott formula); Lee, Stone & Fukuyama, PRB 35,
1039 (1987) (thermal smearing of UCF).
"""

import functools
import math
from typing import NamedTuple

import numpy as np

from devices.units import (BOLTZMANN_SI, CONDUCTANCE_QUANTUM, ELEMENTARY_CHARGE, MEV, PLANCK,
                           kelvin)
from devices.validation import check_count, check_real

from ..theory.thermal import (LORENZ_NUMBER, check_temperature, fermi_window_moment,
                              window_weight)

__all__ = ["gauss_fermi_rule", "window_energies", "thermal_average", "landauer_moments",
           "thermoelectric", "Thermoelectric", "LORENZ_NUMBER_SI", "BOLTZMANN_OVER_CHARGE",
           "to_si", "kelvin", "check_temperature"]
#: k_B/e in V/K (CODATA 2018, exact): the unit of the thermopower here.
BOLTZMANN_OVER_CHARGE = BOLTZMANN_SI / ELEMENTARY_CHARGE
#: L0 in W Ohm / K^2.
LORENZ_NUMBER_SI = LORENZ_NUMBER * BOLTZMANN_OVER_CHARGE**2

#: Default weight of the window allowed outside a tabulated grid.
TAIL_TOLERANCE = 1e-9
#: Default Gauss-Fermi order for callables.
DEFAULT_NODES = 24
# Half-width (in k_BT) beyond which the window (< 4e-18) is dropped inside a grid.
_CUTOFF = 40.0
_GL_ORDER = 8


# --- input checks ---------------------------------------------------------------

def _check_nodes(nodes):
    return check_count("nodes", nodes)


def _check_grid(energies):
    energies = np.asarray(energies, dtype=float)
    if energies.ndim != 1 or energies.size < 2:
        raise ValueError(f"energies must be a 1-D grid of at least 2 points, "
                         f"got shape {energies.shape}")
    if not np.all(np.isfinite(energies)):
        raise ValueError("energies must be finite")
    if np.any(np.diff(energies) <= 0):
        raise ValueError("energies must be strictly increasing")
    return energies


# --- the Fermi window ------------------------------------------------------------

@functools.lru_cache(maxsize=32)
def _gauss_fermi(nodes):
    k = np.arange(1, nodes)
    off_diagonal = np.pi * k**2 / np.sqrt(4.0 * k**2 - 1)
    jacobi = np.diag(off_diagonal, 1) + np.diag(off_diagonal, -1)
    x, vectors = np.linalg.eigh(jacobi)
    weights = vectors[0] ** 2
    x = 0.5 * (x - x[::-1])  # the rule is symmetric: remove rounding asymmetry
    weights = 0.5 * (weights + weights[::-1])
    return x, weights / weights.sum()


def gauss_fermi_rule(nodes):
    """Gaussian quadrature for the Fermi window: ``int F(x) w(x) dx ~ sum_k w_k F(x_k)``.

    Golub-Welsch with the closed-form recurrence ``b_k = pi^2 k^4/(4k^2 - 1)``
    (zero diagonal: w is even) [D; moments checked in the tests].  Exact for
    polynomials of degree <= 2 nodes - 1.

    Parameters
    ----------
    nodes : int
        Number of nodes n >= 1.

    Returns
    -------
    x, weights : numpy.ndarray
        Nodes in units of k_BT around mu (largest ~ 2.3 n), positive weights summing to 1.
    """
    x, weights = _gauss_fermi(_check_nodes(nodes))
    return x.copy(), weights.copy()


def window_energies(mu, temperature, energy_step=None, tail_tolerance=TAIL_TOLERANCE):
    """Uniform energy grid that covers the Fermi window up to ``tail_tolerance``.

    Tabulate T(E) on it and pass it to `thermal_average` / `thermoelectric`
    (``energies=``).  Spans mu +- x_c k_BT with 2 f(x_c) = tail_tolerance
    (x_c = 21.4 for 1e-9).

    Parameters
    ----------
    mu : float
        Chemical potential in t.
    temperature : float
        k_B T in t, > 0.
    energy_step : float, optional
        Grid spacing in t; default k_BT/4.  It must also resolve the
        structure of T(E) (a disordered sample: its correlation energy E_c).
    tail_tolerance : float
        Window weight allowed outside the grid, in (0, 1).

    Returns
    -------
    numpy.ndarray
    """
    mu = check_real("mu", mu)
    temperature = check_temperature(temperature, positive=True)
    tail_tolerance = _check_tail(tail_tolerance)
    step = temperature / 4 if energy_step is None else check_real(
        "energy_step", energy_step, 0.0, strict=True)
    half_width = temperature * math.log(2 / tail_tolerance)
    n = max(int(math.ceil(half_width / step)), 1)
    return mu + step * np.arange(-n, n + 1)


def _check_tail(tail_tolerance):
    value = check_real("tail_tolerance", tail_tolerance, 0.0, strict=True)
    if value >= 1:
        raise ValueError(f"tail_tolerance must be < 1, got {value:g}")
    return value


def _upper_tail(c, order):
    """``U_n(c) = int_c^inf x^n w(x) dx`` for n = 0, 1, 2 (closed forms, any real c)."""
    from scipy.special import expit, spence
    if c < 0:  # reflect: stable closed forms need c >= 0
        return fermi_window_moment(order) - (-1) ** order * _upper_tail(-c, order)
    f = float(expit(-c))
    log_term = math.log1p(math.exp(-c))  # int_c^inf f dx
    if order == 0:
        return f
    if order == 1:
        return c * f + log_term
    if order == 2:
        # int_c^inf ln(1 + e^-x) dx = -Li2(-e^-c) = -spence(1 + e^-c)
        return c * c * f + 2 * (c * log_term - float(spence(1 + math.exp(-c))))
    raise ValueError(f"order must be 0, 1 or 2 for a tabulated grid, got {order}")


def _grid_weights(energies, mu, temperature, order, tail_tolerance):
    """Weights W_k with ``sum_k W_k T_k = int T_lin(mu + k_BT x) x^order w(x) dx``."""
    n = energies.size
    if temperature == 0:
        if not energies[0] <= mu <= energies[-1]:
            raise ValueError(f"mu = {mu:g} lies outside the energy grid "
                             f"[{energies[0]:g}, {energies[-1]:g}]")
        weights = np.zeros(n)
        if order == 0:
            i = min(int(np.searchsorted(energies, mu, side="right")) - 1, n - 2)
            t = (mu - energies[i]) / (energies[i + 1] - energies[i])
            weights[i], weights[i + 1] = 1 - t, t
        return weights
    x_grid = (energies - mu) / temperature
    missing = _upper_tail(x_grid[-1], 0) + _upper_tail(-x_grid[0], 0)
    if missing > tail_tolerance:
        raise ValueError(
            f"energies [{energies[0]:g}, {energies[-1]:g}] miss a weight {missing:.2g} of the "
            f"Fermi window around mu = {mu:g} at k_BT = {temperature:g} (tail_tolerance "
            f"{tail_tolerance:g}); extend the grid to mu +- {math.log(2 / tail_tolerance):.1f} "
            f"k_BT (see window_energies)")
    # Grid intervals clipped to |x| <= cutoff, split into pieces of length <= 1.
    lo = np.maximum(x_grid[:-1], -_CUTOFF)
    hi = np.minimum(x_grid[1:], _CUTOFF)
    keep = np.nonzero(hi > lo)[0]
    weights = np.zeros(n)
    if keep.size:
        lo, hi = lo[keep], hi[keep]
        pieces = np.maximum(np.ceil(hi - lo).astype(np.int64), 1)
        interval = np.repeat(keep, pieces)
        length = np.repeat((hi - lo) / pieces, pieces)
        start = np.repeat(lo, pieces) + length * (np.arange(pieces.sum())
                                                  - np.repeat(np.cumsum(pieces) - pieces, pieces))
        gl_x, gl_w = np.polynomial.legendre.leggauss(_GL_ORDER)
        x = start[:, None] + 0.5 * length[:, None] * (gl_x[None, :] + 1)
        node_weight = 0.5 * length[:, None] * gl_w[None, :] * window_weight(x) * x**order
        left = x_grid[interval][:, None]
        right = x_grid[interval + 1][:, None]
        fraction = (x - left) / (right - left)  # hat functions of the interpolant
        weights += np.bincount(interval, (node_weight * (1 - fraction)).sum(axis=1), n)
        weights += np.bincount(interval + 1, (node_weight * fraction).sum(axis=1), n)
    # Constant continuation beyond the grid ends: analytic tails.
    if x_grid[-1] < _CUTOFF:
        weights[-1] += _upper_tail(x_grid[-1], order)
    if x_grid[0] > -_CUTOFF:
        weights[0] += (-1) ** order * _upper_tail(-x_grid[0], order)
    return weights


def _moments(values, mu, temperature, orders, energies, nodes, energy_step, tail_tolerance,
             axis):
    """Dimensionless ``int T x^n w dx`` for each n in ``orders``: a list of arrays."""
    mu = check_real("mu", mu)
    temperature = check_temperature(temperature)
    tail_tolerance = _check_tail(tail_tolerance)
    if callable(values):
        if energies is not None:
            raise ValueError("energies must not be given with a callable; use energy_step")
        if temperature == 0:
            value = np.asarray(values(mu), dtype=float)
            return [value if n == 0 else np.zeros_like(value) for n in orders]
        if energy_step is None:
            x, w = _gauss_fermi(_check_nodes(DEFAULT_NODES if nodes is None else nodes))
            samples = np.array([np.asarray(values(mu + temperature * xk), dtype=float)
                                for xk in x])
            return [np.tensordot(w * x**n, samples, axes=(0, 0)) for n in orders]
        if nodes is not None:
            raise ValueError("give either nodes (Gauss-Fermi) or energy_step (grid), not both")
        energies = window_energies(mu, temperature, energy_step, tail_tolerance)
        values = np.array([np.asarray(values(e), dtype=float) for e in energies])
        axis = 0
    else:
        if energies is None:
            raise ValueError("energies must be given with tabulated values "
                             "(or pass a callable of the energy)")
        if nodes is not None or energy_step is not None:
            raise ValueError("nodes and energy_step apply to callables only")
    energies = _check_grid(energies)
    values = np.asarray(values, dtype=float)
    if values.ndim == 0 or values.shape[axis] != energies.size:
        raise ValueError(f"values must have {energies.size} entries along axis {axis} "
                         f"(one per energy), got shape {values.shape}")
    values = np.moveaxis(values, axis, 0)
    return [np.tensordot(_grid_weights(energies, mu, temperature, n, tail_tolerance), values,
                         axes=(0, 0)) for n in orders]


def _as_result(array):
    array = np.asarray(array, dtype=float)
    return float(array) if array.ndim == 0 else array


def thermal_average(values, mu, temperature, *, energies=None, nodes=None, energy_step=None,
                    tail_tolerance=TAIL_TOLERANCE, axis=-1):
    """Thermal average ``int dE F(E) (-df/dE)`` of an energy-dependent quantity F.

    Parameters
    ----------
    values : callable or array_like
        ``F(energy) -> float or array`` (energy in t), or samples of F on
        ``energies`` (any extra dimensions; energy along ``axis``).
    mu : float
        Chemical potential in t.
    temperature : float
        k_B T in t, >= 0 (0 gives F(mu), interpolated for a grid).
    energies : array_like, optional
        Strictly increasing energy grid of tabulated ``values``; must cover the
        window up to ``tail_tolerance``.  F is interpolated linearly and the
        interpolant integrated exactly (module notes).
    nodes : int, optional
        Callables: Gauss-Fermi order (default 24; exact for polynomial F of
        degree <= 2 nodes - 1).
    energy_step : float, optional
        Callables: evaluate F on `window_energies` with this spacing instead
        (for F with structure on scales below k_BT).
    tail_tolerance : float
        Window weight allowed outside a grid (default 1e-9).
    axis : int
        Energy axis of tabulated values.

    Returns
    -------
    float or numpy.ndarray
        Same units as F.
    """
    (l0,) = _moments(values, mu, temperature, (0,), energies, nodes, energy_step,
                     tail_tolerance, axis)
    return _as_result(l0)


def landauer_moments(transmission, mu, temperature, *, energies=None, nodes=None,
                     energy_step=None, tail_tolerance=TAIL_TOLERANCE, axis=-1):
    """Landauer moments ``L_n = int dE T(E) (E - mu)^n (-df/dE)``, n = 0, 1, 2 (h = 1).

    ``transmission`` and the keywords as in `thermal_average` (T(E) = g(E)
    in e^2/h, summed over channels: spin degeneracy cancels in S and L/L0).

    Returns
    -------
    numpy.ndarray, shape (3,) + extra dimensions of the values
        L_0 (e^2/h), L_1 (t e^2/h), L_2 (t^2 e^2/h).
    """
    temperature = check_temperature(temperature)
    moments = _moments(transmission, mu, temperature, (0, 1, 2), energies, nodes, energy_step,
                       tail_tolerance, axis)
    return np.array([m * temperature**n for n, m in enumerate(moments)])


class Thermoelectric(NamedTuple):
    """Linear-response thermoelectric coefficients (natural units, see the module notes)."""

    #: G = L_0 in e^2/h.
    conductance: float | np.ndarray
    #: S = -L_1/(T L_0) in k_B/e.
    thermopower: float | np.ndarray
    #: kappa = (L_2 - L_1^2/L_0)/T in k_B t/h (open circuit, electrons only).
    kappa: float | np.ndarray
    #: kappa/(G T L0): 1 for Wiedemann-Franz.
    lorenz_ratio: float | np.ndarray
    #: (L_0, L_1, L_2).
    moments: np.ndarray
    #: k_B T in t.
    temperature: float


def thermoelectric(transmission, mu, temperature, **options):
    """G, thermopower, heat conductance and Lorenz ratio from the Landauer moments.

    ``S = -L_1/(T L_0)``, ``kappa = (L_2 - L_1^2/L_0)/T``,
    ``L/L0 = kappa/(G T L0)``, ``L0 = pi^2/3``
    (docs/theory/thermal.md#landauer-moments; Butcher 1990).
    Wherever L_0 = 0 the thermopower and Lorenz ratio are NaN.

    Parameters
    ----------
    transmission, mu
        As in `landauer_moments`.
    temperature : float
        k_B T in t, > 0.
    **options
        ``energies``, ``nodes``, ``energy_step``, ``tail_tolerance``, ``axis``.

    Returns
    -------
    Thermoelectric
    """
    temperature = check_temperature(temperature, positive=True)
    moments = landauer_moments(transmission, mu, temperature, **options)
    l0, l1, l2 = moments
    with np.errstate(divide="ignore", invalid="ignore"):
        safe = np.where(l0 != 0, l0, np.nan)
        thermopower = -l1 / (temperature * safe)
        kappa = np.where(l0 != 0, (l2 - l1**2 / safe) / temperature, 0.0)
        lorenz_ratio = kappa / (safe * temperature * LORENZ_NUMBER)
    return Thermoelectric(_as_result(l0), _as_result(thermopower), _as_result(kappa),
                          _as_result(lorenz_ratio), moments, temperature)


# --- SI conversion ------------------------------------------------------------------

def to_si(result, hopping):
    """A `Thermoelectric` result in SI units, for a hopping t in meV.

    Returns
    -------
    dict
        ``temperature`` (K), ``conductance`` (S), ``thermopower`` (V/K),
        ``kappa`` (W/K), ``lorenz_number`` (W Ohm/K^2).
    """
    hopping = check_real("hopping", hopping, 0.0, strict=True)
    return dict(temperature=kelvin(result.temperature, hopping),
                conductance=np.asarray(result.conductance) * CONDUCTANCE_QUANTUM,
                thermopower=np.asarray(result.thermopower) * BOLTZMANN_OVER_CHARGE,
                kappa=np.asarray(result.kappa) * BOLTZMANN_SI * hopping * MEV / PLANCK,
                lorenz_number=np.asarray(result.lorenz_ratio) * LORENZ_NUMBER_SI)


# --- analytic low-temperature limits (docs/theory/thermal.md#sommerfeld-expansion) ---

# --- thermal smearing of UCF (docs/theory/thermal.md#thermal-smearing-of-ucf) -------

