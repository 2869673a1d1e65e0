"""The transport regime of a disordered 2D Anderson film, and the disorder that gives a
measured mean free path, mobility or sheet resistance.

Born approximation on the square lattice (docs/theory/drude.md), to leading order in W^2
including the shift of the band: the self-energy ``Sigma(E) = (W^2/12) G_0(E)``
(`physics.theory.born_self_energy_2d`) pulls the states down, so a sample at chemical
potential E behaves as the clean lattice at ``E* = E - Re Sigma(E)`` with the elastic rate
``hbar/tau = (pi/6) W^2 nu(E*)`` (`physics.theory.born_scattering_rate_2d`) and the sheet
conductance per spin ``g_sq(E*, W)`` (`physics.theory.drude_sheet_conductance`).  From
them the diffusion constant ``D = g_sq / (2 pi nu(E*))`` (Einstein relation, hbar = 1),
the transport mean free path ``l = v tau`` with ``v^2 = 2 D / tau`` (so that ``D = v l / 2``
as in the continuum) and ``k l = 2 g_sq``.  Measured against simulated wires (tests): the
shift matters near the band bottom (without it g_sq is 4 % low at E = 1 t, W = 1.4 t, and
10 % at E = 0.5 t); with it the Born values agree within ~2 % for W <~ 2t.  A density
fixes E* (the clean lattice's Fermi energy at that filling): the chemical potential to
simulate is then E = E* + Re Sigma(E).

Lattice units throughout (lengths in a, energies in t, times in hbar/t, D in t a^2/hbar);
with a `devices.Units` the inputs may be physical (densities in 1/cm^2 or quantities,
mobilities in cm^2/(V s), sheet resistances in Ohm) and `transport_parameters` adds the
values in SI.
"""

import math
import warnings

import numpy as np

from devices.units import (ELECTRON_MASS, ELEMENTARY_CHARGE, HBAR, RESISTANCE_QUANTUM,
                           quantity_in)
from devices.validation import RegimeWarning, check_positive, check_real

from .. import theory

__all__ = ["diffusion_constant_2d", "transport_mean_free_path",
           "disorder_for_mean_free_path", "fermi_energy_for_density", "disorder_for_mobility",
           "disorder_for_sheet_resistance", "transport_parameters"]

#: Largest Born disorder (t) the inversions return without a `RegimeWarning`.
BORN_MAX_DISORDER = 2.5
#: Largest filling (electrons per site per spin) treated as a parabolic band without a
#: `RegimeWarning` (E_F ~ 1.1 t: the lattice dispersion deviates by ~10 %).
CONTINUUM_MAX_FILLING = 0.1


def _check_energy(energy):
    energy = check_real("energy", energy, 0.0, 8.0, strict=True)
    if abs(energy - 4.0) < 1e-6:
        raise ValueError("energy = 4 t is the band centre, where the Born DOS diverges")
    return energy


def _effective_energy(energy, disorder):
    """E* = E - Re Sigma(E): the clean lattice's energy that a sample at E resembles."""
    return energy - float(np.real(theory.born_self_energy_2d(energy, disorder)))


def _born(energy, disorder):
    """``(g_sq, D, tau, l)`` at chemical potential ``energy`` (checked) and ``disorder``."""
    disorder = check_positive("disorder", disorder)
    shifted = _effective_energy(_check_energy(energy), disorder)
    g_sq = theory.drude_sheet_conductance(shifted, disorder)
    d = g_sq / (2 * np.pi * float(theory.density_of_states_2d(shifted)))
    tau = 1.0 / theory.born_scattering_rate_2d(shifted, disorder)
    return g_sq, d, tau, math.sqrt(2 * d / tau) * tau


def diffusion_constant_2d(energy, disorder):
    """Born diffusion constant D (t a^2/hbar) of the 2D Anderson model at chemical potential
    ``energy`` (t): g_sq / (2 pi nu) at the shifted energy E*."""
    return _born(energy, disorder)[1]


def transport_mean_free_path(energy, disorder):
    """Born transport mean free path l = v tau (a), with v^2 = 2 D / tau: D = v l / 2."""
    return _born(energy, disorder)[3]


def _warn_if_not_born(name, target, disorder):
    if disorder > BORN_MAX_DISORDER:
        warnings.warn(f"{name} = {target:.4g} needs disorder W = {disorder:.3g} t > "
                      f"{BORN_MAX_DISORDER} t, beyond the Born approximation: the simulated "
                      f"value will differ", RegimeWarning, stacklevel=3)
    return disorder


def disorder_for_mean_free_path(energy, mean_free_path):
    """Box disorder W (t) whose Born transport mean free path at chemical potential
    ``energy`` (t) is ``mean_free_path`` (a)."""
    import scipy.optimize
    energy = _check_energy(energy)
    mean_free_path = check_positive("mean_free_path", mean_free_path)

    def mismatch(log_w):  # l decreases monotonically with W
        return math.log(transport_mean_free_path(energy, math.exp(log_w)) / mean_free_path)

    low, high = math.log(1e-3), math.log(6.0)  # Born is meaningless far beyond 2.5 t
    if mismatch(low) < 0 or mismatch(high) > 0:
        raise ValueError(f"mean_free_path = {mean_free_path:g} a is out of the Born range at "
                         f"energy = {energy:g} t")
    disorder = math.exp(scipy.optimize.brentq(mismatch, low, high, xtol=1e-14))
    return _warn_if_not_born("mean_free_path", mean_free_path, disorder)


def fermi_energy_for_density(units, density, spin_degeneracy=2):
    """Fermi energy (t) of the clean lattice at a sheet density.

    Parameters
    ----------
    units : devices.Units
    density : float or quantity
        Electrons per cm^2 (all spins).
    spin_degeneracy : int
        2 for a spin-degenerate 2DEG (the density is shared by both spins), 1 spinless.
    """
    density = check_positive("density", quantity_in("density", density, "1/cm**2"))
    filling = density * (units.lattice_constant * 1e-7) ** 2 / spin_degeneracy
    if not 0 < filling < 0.5:
        raise ValueError(f"density = {density:.4g} /cm^2 is {filling:.3g} electrons per "
                         f"site per spin on a lattice of {units.lattice_constant} nm; choose "
                         f"a smaller lattice constant (the band holds 1)")
    if filling > CONTINUUM_MAX_FILLING:
        warnings.warn(f"density = {density:.4g} /cm^2 fills {filling:.3g} of the lattice "
                      f"band per spin (> {CONTINUUM_MAX_FILLING}): the lattice is far from "
                      f"the parabolic band of m* = {units.effective_mass}; use a smaller "
                      f"lattice constant", RegimeWarning, stacklevel=2)
    return theory.fermi_energy_2d(filling)


def _at_density(units, density, spin_degeneracy, name, target, at_unit_disorder):
    """``(chemical potential, W)`` for a quantity ~ 1/W^2 at the density's E*: closed form
    in W, then E = E* + Re Sigma(E) by fixed-point iteration (|d Sigma/dE| << 1)."""
    shifted = fermi_energy_for_density(units, density, spin_degeneracy)
    disorder = _warn_if_not_born(name, target, math.sqrt(at_unit_disorder(shifted) / target))
    energy = shifted
    for _ in range(50):
        previous, energy = energy, shifted + float(np.real(
            theory.born_self_energy_2d(energy, disorder)))
        if abs(energy - previous) < 1e-13:
            break
    return energy, disorder


def disorder_for_mobility(units, density, mobility, spin_degeneracy=2):
    """``(energy, disorder)`` in t for a 2DEG of sheet ``density`` (1/cm^2) and ``mobility``
    (cm^2/(V s), or quantities): tau = mu m*/e, and W from the Born rate.  ``energy`` is the
    chemical potential to simulate at."""
    mobility = check_positive("mobility", quantity_in("mobility", mobility, "cm**2/(V*s)"))
    tau_si = mobility * 1e-4 * units.effective_mass * ELECTRON_MASS / ELEMENTARY_CHARGE
    tau = tau_si * units.hopping / HBAR                        # in hbar/t
    return _at_density(units, density, spin_degeneracy, "mobility", tau,
                       lambda e: 1.0 / theory.born_scattering_rate_2d(e, 1.0))


def disorder_for_sheet_resistance(units, density, sheet_resistance, spin_degeneracy=2):
    """``(energy, disorder)`` in t for a 2DEG of sheet ``density`` (1/cm^2) and
    ``sheet_resistance`` (Ohm per square, or quantities); ``energy`` is the chemical
    potential to simulate at."""
    resistance = check_positive("sheet_resistance",
                                quantity_in("sheet_resistance", sheet_resistance, "ohm"))
    g_sq = RESISTANCE_QUANTUM / resistance / spin_degeneracy   # per spin, e^2/h
    return _at_density(units, density, spin_degeneracy, "sheet_resistance", g_sq,
                       lambda e: theory.drude_sheet_conductance(e, 1.0))


def transport_parameters(energy, disorder, *, units=None, length=None, width=None,
                         temperature=None, spin_degeneracy=2, beta=1):
    """The transport regime of a disordered film (or wire of ``width``) at ``energy``.

    Parameters
    ----------
    energy, disorder : float
        Fermi energy and box disorder W in t.
    units : devices.Units, optional
        Adds the values in SI (keys ending in ``_nm``, ``_s``, ``_m2_per_s``, ``_meV``,
        ``_ohm``).
    length, width : float, optional
        Sample length and width in a: the Thouless energy (length) and the quasi-1D
        localization length (width).
    temperature : float, optional
        k_B T in t: the thermal length.
    spin_degeneracy : int
        Copies of each channel (2 for spin-degenerate electrons) in the sheet resistance.
    beta : int
        Dyson index for the localization-length estimate (1, 2 or 4).

    Returns
    -------
    dict
        ``kfl`` (k_F l = 2 g_sq), ``mean_free_path`` (a), ``diffusion_constant``
        (t a^2/hbar), ``scattering_time`` (hbar/t), ``sheet_conductance`` (per spin,
        e^2/h), ``sheet_resistance`` (h/e^2), ``localization_length`` (a: the quasi-1D
        (beta N + 2 - beta) l_DMPK with ``width``; else the 2D one-parameter-scaling
        estimate, where g per spin flows as dg/dln L = -1/pi (beta = 1: xi = l exp(pi g_sq))
        or -1/(2 pi^2 g) (beta = 2: xi = l exp(pi^2 g_sq^2)), and inf for beta = 4), and
        with ``length`` ``thouless_energy`` (hbar D / L^2, t), with ``temperature``
        ``thermal_length`` (sqrt(hbar D / k_B T), a).
    """
    energy = _check_energy(energy)
    disorder = check_positive("disorder", disorder)
    if beta not in (1, 2, 4):
        raise ValueError(f"beta must be 1, 2 or 4, got {beta!r}")
    g_sq, d, tau, l = _born(energy, disorder)
    out = dict(kfl=2 * g_sq, mean_free_path=l, diffusion_constant=d, scattering_time=tau,
               sheet_conductance=g_sq, sheet_resistance=1.0 / (spin_degeneracy * g_sq))
    if width is not None:
        width = check_positive("width", width)
        n = int(theory.open_channels(energy, int(round(width))))
        # DMPK's l of the wire: N l_DMPK = g_sq W (docs/theory/drude.md#mean-free-path-of-a-wire).
        out["localization_length"] = theory.localization_length(n, g_sq * width / n, beta)
    elif beta == 1:
        out["localization_length"] = l * math.exp(min(math.pi * g_sq, 700.0))
    elif beta == 2:
        out["localization_length"] = l * math.exp(min(math.pi**2 * g_sq**2, 700.0))
    else:  # symplectic: antilocalization, a metal at any g in 2D
        out["localization_length"] = math.inf
    if length is not None:
        out["thouless_energy"] = d / check_positive("length", length) ** 2
    if temperature is not None:
        out["thermal_length"] = math.sqrt(d / check_positive("temperature", temperature))
    if disorder > BORN_MAX_DISORDER:
        warnings.warn(f"disorder = {disorder:g} t > {BORN_MAX_DISORDER} t is beyond the Born "
                      f"approximation: these values are rough estimates", RegimeWarning,
                      stacklevel=2)
    shift = energy - _effective_energy(energy, disorder)
    if abs(shift) > min(energy, 8.0 - energy):
        warnings.warn(f"energy = {energy:g} t is within the Born band shift |Re Sigma| = "
                      f"{abs(shift):.3g} t of the band edge (disorder = {disorder:g} t): "
                      f"Lifshitz-tail states, where Born and diffusive theory do not apply",
                      RegimeWarning, stacklevel=2)
    if out["kfl"] < 1:
        warnings.warn(f"k_F l = {out['kfl']:.3g} < 1 at disorder = {disorder:g} t: not a "
                      f"weakly disordered metal (Born and diffusive theory do not apply)",
                      RegimeWarning, stacklevel=2)
    if units is not None:
        out.update(_in_si(out, units))
    return out


def _in_si(values, units):
    si = dict(mean_free_path_nm=units.nm(values["mean_free_path"]),
              localization_length_nm=units.nm(values["localization_length"]),
              diffusion_constant_m2_per_s=units.diffusion_constant_si(
                  values["diffusion_constant"]),
              scattering_time_s=units.seconds(values["scattering_time"]),
              sheet_resistance_ohm=values["sheet_resistance"] * RESISTANCE_QUANTUM)
    if "thouless_energy" in values:
        si["thouless_energy_meV"] = units.energy_to_meV(values["thouless_energy"])
    if "thermal_length" in values:
        si["thermal_length_nm"] = units.nm(values["thermal_length"])
    return si
