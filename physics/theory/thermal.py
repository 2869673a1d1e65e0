"""The Fermi window and the closed-form thermal results (docs/theory/thermal.md).

Units: energies and k_B T in t, lengths in lattice constants, k_B = e = h = 1
(thermopower in k_B/e, Lorenz numbers in (k_B/e)^2).  The window in the
variable x = (E - mu)/k_BT is w(x) = 1/(4 cosh^2(x/2)), normalized to 1.
"""

import math
import numbers

import numpy as np

from devices.validation import check_nonnegative, check_positive, check_real

__all__ = ["check_temperature", "fermi_function", "fermi_window", "window_weight",
           "fermi_window_moment", "sommerfeld_moments", "mott_thermopower",
           "lorenz_ratio_low_temperature", "thermal_length", "window_autocorrelation",
           "ucf_energy_correlation", "thermal_ucf_reduction", "LORENZ_NUMBER"]

#: Wiedemann-Franz Lorenz number L0 = (pi^2/3) (k_B/e)^2 in natural units.
LORENZ_NUMBER = np.pi**2 / 3


def check_temperature(temperature, positive=False):
    """k_B T in t: a finite real number >= 0 (> 0 with ``positive``)."""
    name = "temperature (k_B T in t)"
    return check_positive(name, temperature) if positive else check_nonnegative(name, temperature)


def fermi_function(energy, mu, temperature):
    """Occupation ``f = 1/(exp((E - mu)/k_BT) + 1)``; a step at k_BT = 0 (f(mu) = 1/2).

    Parameters
    ----------
    energy : float or array_like
        Energy in t.
    mu : float
        Chemical potential in t.
    temperature : float
        k_B T in t (>= 0).
    """
    from scipy.special import expit
    mu = check_real("mu", mu)
    temperature = check_temperature(temperature)
    energy = np.asarray(energy, dtype=float)
    if temperature == 0:
        return np.where(energy < mu, 1.0, np.where(energy > mu, 0.0, 0.5))
    return expit(-(energy - mu) / temperature)


def fermi_window(energy, mu, temperature):
    """The thermal window ``-df/dE = 1/(4 k_BT cosh^2((E - mu)/2k_BT))`` in 1/t.

    Normalized to 1, even in E - mu, variance (pi^2/3)(k_BT)^2.

    Parameters
    ----------
    energy : float or array_like
        Energy in t.
    mu : float
        Chemical potential in t.
    temperature : float
        k_B T in t, > 0 (at zero temperature the window is a delta function).
    """
    mu = check_real("mu", mu)
    temperature = check_temperature(temperature, positive=True)
    x = np.abs(np.asarray(energy, dtype=float) - mu) / temperature
    return window_weight(x) / temperature


def window_weight(x):
    """w(x) = 1/(4 cosh^2(x/2)), overflow-free."""
    decay = np.exp(-np.abs(x))
    return decay / (1 + decay) ** 2


def fermi_window_moment(order):
    """``int x^n w(x) dx`` with w(x) = 1/(4 cosh^2(x/2)): 0 for odd n, 1, pi^2/3, 7 pi^4/15, ...

    ``2 (2k)! (1 - 2^(1-2k)) zeta(2k)`` for n = 2k >= 2 (Gradshteyn & Ryzhik 3.527).
    """
    from scipy.special import zeta
    if isinstance(order, bool) or not isinstance(order, numbers.Integral) or order < 0:
        raise ValueError(f"order must be a non-negative integer, got {order!r}")
    if order == 0:
        return 1.0
    if order % 2:
        return 0.0
    return 2 * math.factorial(order) * (1 - 2.0 ** (1 - order)) * float(zeta(order))


def thermal_length(diffusion_constant, temperature):
    """Thermal length ``L_T = sqrt(hbar D / k_B T)`` in lattice constants a.

    Parameters
    ----------
    diffusion_constant : float or array_like
        D in t a^2/hbar (2D: D = v_F l_tr / 2).
    temperature : float or array_like
        k_B T in t, > 0.

    Notes
    -----
    Electrons within k_BT of each other stay phase-correlated over L_T;
    L_T/L = sqrt(E_T/k_BT) with E_T = hbar D/L^2
    (docs/theory/thouless_and_levels.md#thermal-length).
    """
    d = np.asarray(diffusion_constant, dtype=float)
    t = np.asarray(temperature, dtype=float)
    if not np.all(np.isfinite(d)) or np.any(d <= 0):
        raise ValueError(f"diffusion_constant must be positive and finite, got {diffusion_constant!r}")
    if not np.all(np.isfinite(t)) or np.any(t <= 0):
        raise ValueError(f"temperature must be positive and finite, got {temperature!r}")
    length = np.sqrt(d / t)
    return float(length) if length.ndim == 0 else length


def sommerfeld_moments(derivatives, temperature):
    """Sommerfeld series of L_0, L_1, L_2 from the derivatives of T(E) at mu.

    ``L_n = sum_k T^(k)(mu)/k! (k_BT)^(n+k) M_(n+k)``, M_j = `fermi_window_moment`:
    exact for polynomial T(E), asymptotic otherwise.  To leading order
    ``L_1 = (pi^2/3)(k_BT)^2 T'``, ``L_2 = (pi^2/3)(k_BT)^2 T`` (Ashcroft &
    Mermin eq. 2.70; docs/theory/thermal.md#sommerfeld-expansion).

    Parameters
    ----------
    derivatives : sequence of float
        ``(T(mu), T'(mu), T''(mu), ...)`` in t^-k.
    temperature : float
        k_B T in t.

    Returns
    -------
    numpy.ndarray, shape (3,)
    """
    temperature = check_temperature(temperature)
    derivatives = [float(d) for d in derivatives]
    return np.array([sum(d / math.factorial(k) * temperature ** (n + k)
                         * fermi_window_moment(n + k) for k, d in enumerate(derivatives))
                     for n in range(3)])


def mott_thermopower(transmission, derivative, temperature):
    """Mott formula ``S = -(pi^2/3) k_BT T'(mu)/T(mu)`` in k_B/e.

    Cutler & Mott, Phys. Rev. 181, 1336 (1969); docs/theory/thermal.md#mott-formula.  Relative
    correction O((k_BT/E_c)^2): ``(k_BT)^2 [(7 pi^2/30) T'''/T' - (pi^2/6) T''/T]``
    from `sommerfeld_moments` [D].
    """
    temperature = check_temperature(temperature)
    return -LORENZ_NUMBER * temperature * np.asarray(derivative) / np.asarray(transmission)


def lorenz_ratio_low_temperature(transmission, derivative, second_derivative, temperature):
    """``L/L0 = 1 + (k_BT)^2 [(8 pi^2/15) T''/T - (pi^2/3)(T'/T)^2] + O(T^4)``.

    Derived here from the Sommerfeld series (M_4 - M_2^2 = 16 pi^4/45) [D];
    the Wiedemann-Franz law holds to O((k_BT/E_c)^2) when T(E) varies on
    the scale E_c (docs/theory/thermal.md#beyond-leading-order; Sivan & Imry 1986).
    """
    temperature = check_temperature(temperature)
    t0 = np.asarray(transmission, dtype=float)
    return (1 + temperature**2 * (8 * np.pi**2 / 15 * np.asarray(second_derivative) / t0
                                  - np.pi**2 / 3 * (np.asarray(derivative) / t0) ** 2))


def window_autocorrelation(omega, temperature):
    """``K_T(Omega) = int dE w(E) w(E + Omega)`` of the Fermi window w = -df/dE, in 1/t.

    Closed form ``[y coth(y/2) - 2] / (4 k_BT sinh^2(y/2))``, y = Omega/k_BT
    [D; checked numerically in the tests]; K_T(0) = 1/(6 k_BT).  The variance
    of a thermal average of a stationary random g(E) with covariance C is
    ``int dOmega K_T(Omega) C(Omega)``.
    """
    temperature = check_temperature(temperature, positive=True)
    y = np.abs(np.asarray(omega, dtype=float)) / temperature
    small = y < 1e-3
    safe = np.where(small, 1.0, y)
    decay = np.exp(-safe)  # 4 sinh^2(y/2) = e^y (1 - e^-y)^2: no overflow
    value = (safe * (1 + decay) / (1 - decay) - 2) * decay / (1 - decay) ** 2
    return np.where(small, 1 / 6 - y**2 / 60, value) / temperature


def _diffuson_eigenvalues(aspect_ratio, n_max):
    n_x = np.arange(1, n_max + 1)[:, None]
    n_y = np.arange(0, n_max // 2 + 1)[None, :]
    return (np.pi**2 * (n_x**2 + (aspect_ratio * n_y) ** 2)).ravel()


def ucf_energy_correlation(omega, aspect_ratio, n_max=120):
    """Normalized UCF energy correlation ``<dg(E) dg(E+Omega)> / var g`` of a coherent box.

    Diffuson modes of an L x W box between ideal leads (Dirichlet in x,
    hard-wall transversally), lambda = pi^2 (n_x^2 + (L n_y/W)^2) in units of
    E_T = hbar D/L^2, with the two diagram classes of Lee, Stone & Fukuyama
    (PRB 35, 1039 (1987)) and Altshuler & Shklovskii (JETP 64, 127 (1986))
    taken with equal weight at Omega = 0:
    ``F(w) ~ sum [1/(lambda^2 + w^2) + Re 1/(lambda - i w)^2]``, w = Omega/E_T.
    At w = 0 this is the mode sum of `physics.theory.ucf_mode_sum`.  [M: the
    relative weight of the two terms is from memory; the ``|P|^2`` term alone
    gives a half width 10.6 E_T, the Re P^2 term alone 5.1 E_T (quasi-1D).]
    Only the ``|P|^2`` term contributes to int F dOmega (the other integrates to
    zero), which sets var g(T) ~ (E_T/k_BT) for k_BT >> E_c (quasi-1D).

    Parameters
    ----------
    omega : float or array_like
        Energy difference in units of E_T.
    aspect_ratio : float
        L/W.
    n_max : int
        Longitudinal modes kept (the sum converges as n_max^-3 at fixed omega).
    """
    lam = _diffuson_eigenvalues(float(aspect_ratio), int(n_max))
    w = np.atleast_1d(np.asarray(omega, dtype=float))
    out = np.empty(w.shape)
    flat = w.ravel()
    result = out.ravel()
    for start in range(0, flat.size, 256):  # bounded memory
        chunk = flat[start:start + 256, None] ** 2
        result[start:start + 256] = np.sum(1 / (lam**2 + chunk)
                                           + (lam**2 - chunk) / (lam**2 + chunk) ** 2, axis=1)
    out = result.reshape(w.shape) / (2 * np.sum(1 / lam**2))
    return float(out[0]) if np.ndim(omega) == 0 else out


def thermal_ucf_reduction(temperature, aspect_ratio, n_max=120, points=4001):
    """``var g(T) / var g(0) = int dOmega K_T(Omega) F(Omega)`` for the diffuson model.

    Parameters
    ----------
    temperature : float or array_like
        k_BT in units of E_T = hbar D/L^2.
    aspect_ratio : float
        L/W of the box.

    Notes
    -----
    Lee, Stone & Fukuyama's counting of independent energy windows: for
    k_BT >> E_c, var g(T) -> (1/6k_BT) int F dOmega * var g(0) ~ E_c/k_BT in
    quasi-1D, approached only as 1 - O(sqrt(E_T/k_BT)) (the Omega^-3/2 tail
    of F), and with a logarithm once k_BT exceeds the transverse energy
    pi^2 hbar D/W^2 (2D).  `window_autocorrelation` and
    `ucf_energy_correlation` are its two factors.
    """
    temps = np.atleast_1d(np.asarray(temperature, dtype=float))
    if np.any(~np.isfinite(temps)) or np.any(temps <= 0):
        raise ValueError(f"temperature must be positive and finite, got {temperature!r}")
    # One geometric grid (ratio ~1.005 per step) serves every temperature: F varies on
    # scales >~ E_T, K_T on k_BT, and K_T is negligible (< 1e-15) beyond 40 k_BT.
    omega = np.concatenate([[0.0], np.geomspace(1e-3 * min(temps.min(), 1.0),
                                                40 * temps.max(), points)])
    correlation = ucf_energy_correlation(omega, aspect_ratio, n_max)
    out = np.array([2 * np.trapezoid(window_autocorrelation(omega, kt) * correlation, omega)
                    for kt in temps])
    return float(out[0]) if np.ndim(temperature) == 0 else out
