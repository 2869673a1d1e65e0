"""Physical units: nm, meV, tesla, effective mass, Rashba alpha, g-factor -> lattice units.

For a square (cubic) lattice of constant ``a`` discretizing a parabolic band of
effective mass m*, the hopping is ``t = hbar^2 / (2 m* a^2)`` and the band
bottom of the lattice coincides with that of the continuum.  Conversions:

===============================  ===============================================
physical                         lattice parameter
===============================  ===============================================
energy E [meV]                   E / t
disorder W [meV]                 W / t
field B [T]                      phi = B a^2 / (h/e)   (flux per plaquette)
Rashba alpha_R [meV nm]          rashba = alpha_R / (2 a t)
Zeeman: g, B [T]                 zeeman = g mu_B B / t  (full splitting)
length along x [nm]              sites = L / a
width of a hard-wall strip [nm]  sites = w / a - 1  (psi vanishes on the two
                                 missing rows, so the effective width is w)
===============================  ===============================================
"""

import dataclasses
import math

from .validation import check_length, check_real

__all__ = ["Units", "HBAR2_OVER_2ME", "FLUX_QUANTUM", "BOHR_MAGNETON"]

#: hbar^2 / (2 m_e) in meV nm^2 (CODATA 2018).
HBAR2_OVER_2ME = 38.09982116
#: h/e in T nm^2.
FLUX_QUANTUM = 4135.667696
#: Bohr magneton in meV/T.
BOHR_MAGNETON = 0.05788381806

_TRANSVERSE = {"width", "thickness", "lead_width", "arm_width", "height"}
_ALONG = {"length"}
_RADII = {"inner_radius", "outer_radius"}


@dataclasses.dataclass(frozen=True)
class Units:
    """Conversion between physical units and the lattice units of the devices.

    Parameters
    ----------
    lattice_constant : float
        Lattice constant a in nm.
    effective_mass : float
        Effective mass m* in units of the electron mass.

    Examples
    --------
    >>> units = Units(lattice_constant=2.0, effective_mass=0.067)
    >>> wire = units.device(Wire, width=100.0, length=400.0)   # nm
    >>> params = units.params(energy=5.0, field=0.1, disorder=2.0)   # meV, T, meV
    """

    lattice_constant: float
    effective_mass: float

    def __post_init__(self):
        check_length("lattice_constant", self.lattice_constant)
        check_length("effective_mass", self.effective_mass)

    @property
    def hopping(self):
        """Hopping t = hbar^2 / (2 m* a^2) in meV."""
        return HBAR2_OVER_2ME / (self.effective_mass * self.lattice_constant**2)

    def energy(self, meV, name="energy"):
        """Energy in meV -> t."""
        return check_real(name, meV) / self.hopping

    def energy_to_meV(self, value):
        """Energy in t -> meV."""
        return value * self.hopping

    def flux_per_plaquette(self, tesla, name="field"):
        """Magnetic field in T -> flux per plaquette in h/e."""
        return check_real(name, tesla) * self.lattice_constant**2 / FLUX_QUANTUM

    def rashba(self, alpha_meV_nm, name="rashba"):
        """Rashba coefficient alpha_R in meV nm -> lattice ``rashba`` in t."""
        return check_real(name, alpha_meV_nm) / (2 * self.lattice_constant * self.hopping)

    def zeeman(self, tesla, g_factor):
        """Zeeman splitting g mu_B B -> t."""
        check_real("g_factor", g_factor)
        return g_factor * BOHR_MAGNETON * check_real("field", tesla) / self.hopping

    def sites(self, name, nm):
        """A device size in nm -> lattice units (see the module table)."""
        n = check_length(name, nm) / self.lattice_constant
        if name in _RADII:
            return n
        if abs(n - round(n)) > 1e-9 * max(1.0, n):
            raise ValueError(f"{name} = {nm} nm is not a multiple of the lattice "
                             f"constant {self.lattice_constant} nm")
        n = round(n)
        if name in _TRANSVERSE:
            n -= 1
        elif name not in _ALONG:
            raise TypeError(f"unknown size argument {name!r}")
        if n < 1:
            raise ValueError(f"{name} = {nm} nm is smaller than the lattice allows")
        return n

    def device(self, device_class, *, spin=False, potential=None, **sizes_nm):
        """Build ``device_class`` from sizes given in nm.

        For a `devices.ShapedDevice`, ``shape`` (a `devices.Polygon` in nm, or a shape
        function of a position in nm), ``leads`` (`devices.Lead` with centre and width
        in nm), ``start``, ``bounds`` and ``flux_cut`` are converted; ``lattice`` is
        passed through.  ``potential`` is passed as it is (lattice units: wrap a
        potential in nm and meV with `potential`).
        """
        from .shaped import ShapedDevice
        if isinstance(device_class, type) and issubclass(device_class, ShapedDevice):
            return device_class(spin=spin, potential=potential, **self._shaped(sizes_nm))
        extra = {} if potential is None else {"potential": potential}
        return device_class(spin=spin, **extra,
                            **{k: self.sites(k, v) for k, v in sizes_nm.items()})

    def _shaped(self, arguments):
        from .geometry import Lead, Polygon
        inverse = 1.0 / self.lattice_constant
        out = dict(arguments)
        shape = out.get("shape")
        if isinstance(shape, Polygon):
            out["shape"] = shape.scaled(inverse)
        elif callable(shape):
            a = self.lattice_constant
            out["shape"] = lambda pos, _shape=shape: _shape(tuple(c * a for c in pos))
        if "leads" in out:
            leads = [out["leads"]] if isinstance(out["leads"], Lead) else out["leads"]
            out["leads"] = [lead.scaled(inverse) for lead in leads]
        for name in ("start", "flux_cut"):
            if out.get(name) is not None:
                out[name] = tuple(check_real(name, c) * inverse for c in out[name])
        if out.get("bounds") is not None:
            out["bounds"] = tuple(tuple(check_real("bounds", c) * inverse for c in corner)
                                  for corner in out["bounds"])
        return out

    def potential(self, function):
        """A potential in lattice units from ``function(x_nm, y_nm[, z_nm], **p) -> meV``.

        The keyword parameters ``p`` (with their defaults, in the units the
        function uses) stay solve-time parameters of the device.
        """
        import functools
        import inspect
        a, t = self.lattice_constant, self.hopping

        @functools.wraps(function)
        def lattice_potential(*coordinates, **parameters):
            return function(*(c * a for c in coordinates), **parameters) / t

        lattice_potential.__signature__ = inspect.signature(function)
        return lattice_potential

    def params(self, *, energy=None, disorder=0.0, field=0.0, rashba=None,
               g_factor=None, **lattice_params):
        """Solve-time parameters from physical values.

        Parameters
        ----------
        energy : float, optional
            Fermi energy in meV from the band bottom; returned under ``energy``.
        disorder : float
            Box-disorder width in meV.
        field : float
            Magnetic field in T: sets ``phi`` and, with ``g_factor``, ``zeeman``.
        rashba : float, optional
            Rashba alpha_R in meV nm.
        g_factor : float, optional
            Land\u00e9 g-factor (spinful devices).
        **lattice_params
            Passed through unchanged (``seed``, ``field_direction``, ...).
        """
        out = dict(lattice_params)
        if energy is not None:
            out["energy"] = self.energy(energy)
        out["disorder"] = check_real("disorder (box width in meV)", disorder,
                                     minimum=0.0) / self.hopping
        out["phi"] = self.flux_per_plaquette(field)
        if rashba is not None:
            out["rashba"] = self.rashba(rashba)
        if g_factor is not None:
            out["zeeman"] = self.zeeman(field, g_factor)
        return out
