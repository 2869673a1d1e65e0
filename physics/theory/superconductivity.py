"""Fluctuation conductivity of a 2D superconductor above T_c: Aslamazov-Larkin and Maki-Thompson.

Closed forms of the dirty-limit theory (docs/theory/superconductivity.md#fluctuation-conductivity),
in e^2/h per square, as functions of the reduced temperature eps = ln(T / T_c) (~ (T - T_c) /
T_c near T_c).  Assumptions: 2D (film thickness below the coherence length), T - T_c >> the
Ginzburg region, the Gaussian (non-interacting) fluctuations of the order parameter, a
short-range pairing interaction and a diffusive metal (k_F l >> 1, T tau << 1).
"""

import numpy as np

from devices.validation import check_positive, check_real_array

__all__ = ["aslamazov_larkin_2d", "maki_thompson_2d", "thompson_pair_breaking"]


def aslamazov_larkin_2d(reduced_temperature):
    """Aslamazov-Larkin paraconductivity ``e^2 / (16 hbar eps)`` of a film, in e^2/h.

    ``e^2/hbar = 2 pi e^2/h``, so ``sigma_AL = (pi / 8) / eps`` (e^2/h per square),
    independent of the disorder.

    Parameters
    ----------
    reduced_temperature : float or array_like
        eps = ln(T / T_c) > 0.
    """
    eps = check_real_array("reduced_temperature", reduced_temperature, minimum=0, strict=True)
    return np.pi / 8 / eps


def thompson_pair_breaking(temperature, dephasing_time):
    """Thompson's cut-off ``delta = pi hbar / (8 k_B T tau_phi)`` of the Maki-Thompson term.

    Parameters
    ----------
    temperature : float
        k_B T > 0 (energy unit of hbar / tau_phi).
    dephasing_time : float
        tau_phi > 0 (hbar over the same energy unit).
    """
    temperature = check_positive("temperature", temperature)
    dephasing_time = check_positive("dephasing_time", dephasing_time)
    return np.pi / (8 * temperature * dephasing_time)


def maki_thompson_2d(reduced_temperature, pair_breaking):
    """Anomalous Maki-Thompson conductivity ``(e^2 / 8 hbar) ln(eps / delta) / (eps - delta)``.

    In e^2/h per square: ``(pi / 4) ln(eps / delta) / (eps - delta)``, tending to
    ``(pi / 4) / eps`` as delta -> eps and to ``(pi / 4) ln(eps / delta) / eps`` for
    delta << eps (twice AL times the log: the MT term dominates weakly dephased films).

    Parameters
    ----------
    reduced_temperature : float or array_like
        eps = ln(T / T_c) > 0.
    pair_breaking : float
        delta > 0 (`thompson_pair_breaking`).
    """
    eps = check_real_array("reduced_temperature", reduced_temperature, minimum=0, strict=True)
    delta = check_positive("pair_breaking", pair_breaking)
    ratio = eps / delta
    # ln(x) / (x - 1) -> 1 at x -> 1: its series avoids 0/0 there
    near = np.abs(ratio - 1) < 1e-6
    safe = np.where(near, 2.0, ratio)
    factor = np.where(near, 1 - (ratio - 1) / 2, np.log(safe) / (safe - 1))
    return np.pi / 4 * factor / delta
