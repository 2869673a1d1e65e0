"""The probe coupling eta for a target dephasing length, with D measured with the probes on.

Buttiker probes set ``L_phi = sqrt(hbar D / (2 eta f))`` (f: fraction of sites with
a probe; docs/theory/dephasing.md#buttiker-probes), where D is the diffusion constant
*with* the probes: they relax momentum too, so D falls as eta grows.  The helpers
measure D from the mean two-terminal conductance of a few disorder realizations
(`physics.analysis.fits.diffusion_constant`: series with the contact resistance of
the lead modes, the density of states per length from the lead modes) and solve
``eta = hbar D(eta) / (2 f L_phi^2)`` by fixed-point iteration (it contracts by
about ``(l / L_phi)^2`` per step, l the mean free path).

Units: eta in t, lengths in lattice constants, D in t a^2 / hbar.
"""

import numpy as np

from devices.validation import check_count, check_positive

from ..transport.dephasing import dephasing_length, dephasing_solver
from ..transport.landauer import conductance, open_modes
from .fits import diffusion_constant

__all__ = ["measured_diffusion_constant", "probe_dephasing_length", "coupling_for_length"]

#: Relative change of eta at which `coupling_for_length` stops, and its iteration limit.
COUPLING_TOLERANCE = 1e-3
MAX_STEPS = 20


def _bar_length(device):
    length = getattr(device, "length", None)
    if length is None or len(device.finalized.leads) != 2:
        raise ValueError(f"the diffusion constant is measured on a two-terminal bar with a "
                         f"length (Wire, Film, Block), not on {type(device).__name__}")
    return float(length)


def _dos_per_length(device, energy, params):
    """Density of states per unit length along the current (1/(t a)), from lead 0's modes:
    sum over open channels of 1/(pi hbar v_n)."""
    modes = device.finalized.leads[0].modes(energy, params=device.solve_params(**params))[0]
    velocities = modes.velocities[modes.velocities > 0]
    return float(np.sum(1 / (np.pi * velocities)))


def measured_diffusion_constant(device, energy, *, dephasing=0.0, probes="all", seeds=range(8),
                                **params):
    """D from the mean conductance over ``seeds``, with the probes on.

    Parameters
    ----------
    device : devices.Device
        A two-terminal bar (Wire, Film, Block).
    energy : float
        Fermi energy in t from the band bottom.
    dephasing : float
        Probe coupling eta in t (0: phase coherent).
    probes : str or array_like
        Probe layout (`physics.dephasing.DephasingSolver`).
    seeds : iterable of int
        Disorder realizations averaged over.
    **params
        Device parameters (disorder, field, ...).  A field that suppresses weak
        localization (phi well above the dephasing field) removes its ~1/g correction.

    Returns
    -------
    dict
        ``diffusion_constant`` (t a^2/hbar) and its standard error (from the spread of
        the conductances), ``conductance`` (mean, e^2/h), ``n_modes``.
    """
    seeds = [int(s) for s in seeds]
    check_count("number of seeds", len(seeds), minimum=2)
    length = _bar_length(device)
    values = np.array([conductance(device, energy, dephasing=dephasing, probes=probes,
                                   seed=seed, **params) for seed in seeds])
    n_modes = open_modes(device, energy, **params)
    nu = _dos_per_length(device, energy, params)
    mean = values.mean()
    error = values.std(ddof=1) / np.sqrt(len(values))
    value = diffusion_constant(mean, n_modes, length, nu)
    # dD/dg = D / (g^2 (1/g - 1/N)) from 1/g = 1/N + L / (2 pi nu D).
    d_error = value * error / (mean**2 * (1 / mean - 1 / n_modes))
    return dict(diffusion_constant=value, diffusion_constant_error=float(d_error),
                conductance=float(mean), n_modes=int(n_modes))


def probe_dephasing_length(device, energy, dephasing, *, probes="all", seeds=range(8), **params):
    """L_phi = sqrt(hbar D / (2 eta f)) of ``device`` with D measured at this eta.

    Parameters and the measurement of D as in `measured_diffusion_constant`.

    Returns
    -------
    dict
        ``dephasing_length`` (a), ``diffusion_constant`` (t a^2/hbar), ``probe_fraction``.
    """
    check_positive("dephasing (probe coupling eta in t)", dephasing)
    fraction = dephasing_solver(device, probes).probe_fraction
    measured = measured_diffusion_constant(device, energy, dephasing=dephasing, probes=probes,
                                           seeds=seeds, **params)
    value = dephasing_length(dephasing, measured["diffusion_constant"], fraction)
    return dict(dephasing_length=value, diffusion_constant=measured["diffusion_constant"],
                probe_fraction=fraction)


def coupling_for_length(device, energy, target_length, *, probes="all", seeds=range(8),
                        **params):
    """The probe coupling eta (t) that gives the dephasing length ``target_length`` (a).

    Solves ``eta = hbar D(eta) / (2 f L_phi^2)`` with D measured with the probes on
    (`measured_diffusion_constant`, same ``seeds`` at every step, so the iteration sees
    a deterministic function of eta), starting from the phase-coherent D.

    Returns
    -------
    dict
        ``dephasing`` (eta in t), ``diffusion_constant`` at that eta, ``probe_fraction``,
        ``steps``.

    Examples
    --------
    >>> wire = devices.Wire(width=12, length=150)
    >>> physics.analysis.dephasing_calibration.coupling_for_length(
    ...     wire, 3.4, 20.0, probes="all", disorder=2.0, phi=0.01)["dephasing"]
    """
    check_positive("target_length (dephasing length in lattice constants)", target_length)
    fraction = dephasing_solver(device, probes).probe_fraction
    seeds = list(seeds)
    measure = lambda eta: measured_diffusion_constant(  # noqa: E731
        device, energy, dephasing=eta, probes=probes, seeds=seeds, **params)["diffusion_constant"]
    diffusion = measure(0.0)
    eta = diffusion / (2 * fraction * target_length**2)
    for step in range(1, MAX_STEPS + 1):
        diffusion = measure(eta)
        new = diffusion / (2 * fraction * target_length**2)
        if abs(new - eta) <= COUPLING_TOLERANCE * eta:
            return dict(dephasing=float(new), diffusion_constant=diffusion,
                        probe_fraction=fraction, steps=step)
        eta = new
    raise RuntimeError(f"the probe coupling for L_phi = {target_length} a did not converge in "
                       f"{MAX_STEPS} steps (last eta = {eta:.3g} t): is L_phi shorter than "
                       f"the mean free path?")
