"""Magnetotransport helpers: field symmetry, Hall slope, Hall coefficient, field scales.

Units: flux per plaquette ``phi`` in h/e, resistance in h/e^2, energy in t from
the band bottom of the clean lattice, lengths in lattice constants.  In these
units the magnetic field is B = 2 pi phi (hbar = e = a = 1) and a Hall
coefficient R_H = 1/(n e) turns into R_xy [h/e^2] = R_H phi.

Analytic parts:

* `hall_coefficient_2d`: Boltzmann Hall coefficient of the square lattice with
  an isotropic relaxation time (on-site white-noise disorder scatters
  isotropically, docs/theory/drude.md#born-scattering-rate), ``R_H = 1/n`` in the
  parabolic limit (docs/theory/multiterminal.md#classical-hall-coefficient).
* `born_self_energy_2d`: the Born self-energy ``(W^2/12) G_0(E + i0)``; its real
  part shifts the Fermi surface, so the Hall slope of a disordered sample is
  ``R_H(E - Re Sigma)`` to leading order in the disorder.
* `cooperon_transverse_extent`, `coherent_wire_field_scale`: the dirty-limit
  Cooperon mass of a wire or slab in a field perpendicular to the current,
  ``l_B^-2 = (2 e / hbar)^2 var(A_x)`` (docs/theory/weak_localization.md#field-geometry).
* `cooperon_magnetoconductance`: the same Cooperon solved on the box with all
  its diffusion modes (absorbing ends, reflecting sides), for samples whose
  width is not small against their length.
"""

import numpy as np

from devices.validation import check_positive

from .. import theory

__all__ = ["field_parts", "hall_slope", "sheet_magnetoconductance"]


# --- symmetry in the field ---------------------------------------------------------

def field_parts(at_plus, at_minus):
    """Even and odd parts in the field, ``(X(B) + X(-B))/2`` and ``(X(B) - X(-B))/2``.

    Parameters
    ----------
    at_plus, at_minus : array_like
        The same quantity (e.g. R_xy in h/e^2) at +B and at -B, same shape.

    Returns
    -------
    even, odd : numpy.ndarray
    """
    plus, minus = np.asarray(at_plus, dtype=float), np.asarray(at_minus, dtype=float)
    if plus.shape != minus.shape:
        raise ValueError(f"at_plus and at_minus must have the same shape, got {plus.shape} "
                         f"and {minus.shape}")
    return 0.5 * (plus + minus), 0.5 * (plus - minus)


def hall_slope(phi, r_xy, errors):
    """Slope of R_xy = slope * phi through the origin (weighted least squares).

    Parameters
    ----------
    phi : array_like
        Flux per plaquette (h/e), non-zero.
    r_xy : array_like
        Hall resistance (h/e^2), best its odd part (`field_parts`).
    errors : array_like
        One-sigma errors of ``r_xy`` (independent points), positive.

    Returns
    -------
    dict with ``slope`` (h/e^2 per h/e per plaquette; 1/n for free electrons),
    ``error`` and the reduced ``chi2``.
    """
    phi, r_xy, errors = (np.asarray(a, dtype=float) for a in (phi, r_xy, errors))
    if not phi.shape == r_xy.shape == errors.shape or phi.ndim != 1 or phi.size < 1:
        raise ValueError("phi, r_xy and errors must be 1-D arrays of the same length")
    if np.any(errors <= 0):
        raise ValueError("errors must be positive")
    if np.any(phi == 0):
        raise ValueError("phi must not contain 0: the fit goes through the origin")
    weights = 1 / errors**2
    curvature = np.sum(weights * phi**2)
    slope = np.sum(weights * phi * r_xy) / curvature
    dof = max(phi.size - 1, 1)
    chi2 = float(np.sum(weights * (r_xy - slope * phi) ** 2) / dof)
    return {"slope": float(slope), "error": float(curvature**-0.5), "chi2": chi2}


# --- clean square lattice: density and Boltzmann Hall coefficient
#     (docs/theory/drude.md, docs/theory/multiterminal.md#classical-hall-coefficient) ---

# --- weak-localization field scales (docs/theory/weak_localization.md#field-geometry) ---


def sheet_magnetoconductance(delta_g, mean_g, n_modes, aspect_ratio=1.0):
    """Convert <g(B) - g(0)> of a film between leads into Delta sigma (e^2/h per square).

    The contact (Sharvin) resistance of the N lead modes is in series with the
    film: 1/g = 1/N + (L/W)/sigma, so Delta sigma = (L/W)(g_s/g)^2 Delta g with
    g_s = 1/(1/g - 1/N) the film's own conductance.

    Parameters
    ----------
    delta_g : array_like
        Magnetoconductance of the sample (e^2/h).
    mean_g : float
        Ensemble-mean conductance (e^2/h) at the field where the conversion is
        made (the variation of the factor over the fit range is second order).
    n_modes : int
        Open modes of one lead (both spins for a spinful device).
    aspect_ratio : float
        L / W.
    """
    mean_g = float(check_positive("mean_g", mean_g))
    n_modes = float(check_positive("n_modes", n_modes))
    if mean_g >= n_modes:
        raise ValueError(f"mean_g ({mean_g}) must be below n_modes ({n_modes})")
    g_sheet = 1 / (1 / mean_g - 1 / n_modes)
    return float(aspect_ratio) * (g_sheet / mean_g) ** 2 * np.asarray(delta_g, dtype=float)
