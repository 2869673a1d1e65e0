"""Physical units: nm, meV, tesla, kelvin, effective mass, Rashba alpha, g-factor <-> lattice units.

For a square (cubic) lattice of constant ``a`` discretizing a parabolic band of
effective mass m*, the hopping is ``t = hbar^2 / (2 m* a^2)`` and the band
bottom of the lattice coincides with that of the continuum.  Conversions:

===============================  ===============================================
physical                         lattice parameter
===============================  ===============================================
energy E [meV]                   E / t
disorder W [meV]                 W / t
temperature T [K]                k_B T / t
field B [T]                      phi = B a^2 / (h/e)   (flux per plaquette)
Rashba alpha_R [meV nm]          rashba = alpha_R / (2 a t)
Zeeman: g, B [T]                 zeeman = g mu_B B / t  (full splitting)
length along x [nm]              sites = L / a
width of a hard-wall strip [nm]  sites = w / a - 1  (psi vanishes on the two
                                 missing rows, so the effective width is w)
===============================  ===============================================

Every input may also be a `pint` quantity (``5 * ureg.meV``, ``ureg("50 mT")``) or a
string with its unit (``"50 mT"``); it is converted to the unit of the table and
refused, naming the argument, when its dimension is wrong.  Outputs convert back:
`Units.energy_to_meV`, `Units.tesla`, `Units.nm`, `Units.seconds`,
`Units.diffusion_constant_si`, and without a material `conductance_siemens`,
`resistance_ohm` (conductances are in e^2/h, resistances in h/e^2).
"""

import dataclasses
import math
import warnings

import numpy as np

from .quantities import is_quantity, magnitudes_in, quantity_in, registry, ureg
from .validation import RegimeWarning, check_length, check_real, check_real_array

__all__ = ["Units", "Material", "MATERIALS", "PHYSICAL_PARAMETERS", "magnitudes_in", "is_quantity", "HBAR2_OVER_2ME", "FLUX_QUANTUM", "BOHR_MAGNETON",
           "BOLTZMANN", "HBAR", "CONDUCTANCE_QUANTUM", "RESISTANCE_QUANTUM", "ELEMENTARY_CHARGE",
           "PLANCK", "BOLTZMANN_SI", "MEV", "ELECTRON_MASS", "ureg", "quantity_in",
           "conductance_siemens", "resistance_ohm", "kelvin"]

#: The SI's exact constants: e in C, h in J s, k_B in J/K.
ELEMENTARY_CHARGE, PLANCK, BOLTZMANN_SI = 1.602176634e-19, 6.62607015e-34, 1.380649e-23
#: One meV in J.
MEV = 1e-3 * ELEMENTARY_CHARGE
#: Electron mass in kg (CODATA 2018).
ELECTRON_MASS = 9.1093837015e-31
#: hbar^2 / (2 m_e) in meV nm^2.
HBAR2_OVER_2ME = (PLANCK / (2 * math.pi)) ** 2 / (2 * ELECTRON_MASS) / MEV * 1e18
#: h/e in T nm^2.
FLUX_QUANTUM = PLANCK / ELEMENTARY_CHARGE * 1e18
#: Bohr magneton in meV/T.
BOHR_MAGNETON = 0.05788381806
#: Boltzmann constant in meV/K.
BOLTZMANN = BOLTZMANN_SI / MEV
#: hbar in meV s.
HBAR = PLANCK / (2 * math.pi) / MEV
#: e^2/h in S (the unit of the conductances the solvers return).
CONDUCTANCE_QUANTUM = ELEMENTARY_CHARGE**2 / PLANCK
#: h/e^2 in Ohm (the von Klitzing constant: the unit of the resistances).
RESISTANCE_QUANTUM = PLANCK / ELEMENTARY_CHARGE**2


def kelvin(temperature, hopping):
    """k_B T in t -> T in kelvin, for a hopping t in meV (`Units.hopping`)."""
    hopping = check_real("hopping", hopping, 0.0, strict=True)
    return np.asarray(temperature, dtype=float) * hopping / BOLTZMANN


@dataclasses.dataclass(frozen=True)
class Material:
    """Band parameters of a semiconductor 2DEG (conduction band, bulk values).

    Attributes
    ----------
    name : str
    effective_mass : float
        m* in units of the electron mass.
    g_factor : float
        Effective Lande g-factor.
    dielectric_constant : float or None
        Static relative permittivity (for Coulomb interactions and gates); None where
        the environment sets it (graphene: its substrate and cover).
    fermi_velocity : float, optional
        A Dirac material's Fermi velocity (m/s): its lattice is the honeycomb one, the
        hopping t = 2 hbar v_F / (sqrt 3 a), energies from the Dirac point.
    """

    name: str
    effective_mass: float | None
    g_factor: float
    dielectric_constant: float | None
    fermi_velocity: float | None = None


#: Material presets (conduction-band values of the common 2DEG hosts; Si: the (100)
#: inversion layer's in-plane mass).
MATERIALS = {m.name: m for m in (
    Material("GaAs", effective_mass=0.067, g_factor=-0.44, dielectric_constant=12.9),
    Material("InAs", effective_mass=0.023, g_factor=-14.9, dielectric_constant=15.15),
    Material("InSb", effective_mass=0.014, g_factor=-51.0, dielectric_constant=16.8),
    Material("Si", effective_mass=0.19, g_factor=2.0, dielectric_constant=11.7),
    Material("graphene", effective_mass=None, g_factor=2.0, dielectric_constant=None,
             fermi_velocity=1.0e6),
)}

#: Largest magnitude of the energy (t from the Dirac point) of a Dirac material treated as its linear
#: (Dirac-cone) band without a `RegimeWarning`: k a_cc < 0.2, the trigonal warping of the
#: Fermi line (~ k a_cc / 4) under 5 %, the Fermi wavelength >= 18 a.
MAX_DIRAC_ENERGY = 0.3

#: Smallest magnetic length sqrt(hbar/eB), in lattice constants, without a `RegimeWarning`
#: (flux per plaquette 1/(2 pi 9) = 0.018 h/e: Landau levels within ~2 % of hbar omega_c).
MIN_MAGNETIC_LENGTH = 3.0
#: Largest energy (t from the band bottom) treated as the material's parabolic band
#: without a `RegimeWarning`: the Fermi wavelength is then >= 6 a and the lattice
#: dispersion 2 - 2 cos k within 10 % of k^2.
MAX_CONTINUUM_ENERGY = 1.0

#: The physical parameters `Units` converts: name -> (unit of plain numbers, the lattice
#: parameter it sets, what it is).  ``field`` also sets ``zeeman`` given a ``g_factor``.
PHYSICAL_PARAMETERS = {
    "energy": ("meV", "energy", "Fermi energy from the band bottom"),
    "disorder": ("meV", "disorder", "Anderson box-disorder width W"),
    "smooth_disorder": ("meV", "smooth_disorder", "smooth-disorder amplitude K"),
    "dephasing": ("meV", "dephasing", "Buttiker-probe coupling eta"),
    "field": ("T", "phi", "magnetic field"),
    "rashba": ("meV * nm", "rashba", "Rashba coefficient alpha_R"),
    "temperature": ("K", "temperature", "temperature"),
}

#: Physical names that are not parameters of `Units.params`, and the ones meant.
_ALIASES = {"B": "field", "b": "field", "B_field": "field", "magnetic_field": "field",
            "E": "energy", "E_F": "energy", "fermi_energy": "energy", "W": "disorder",
            "alpha": "rashba", "alpha_R": "rashba", "g": "g_factor", "T": "temperature"}

_TRANSVERSE = {"width", "thickness", "lead_width", "arm_width", "height"}
_ALONG = {"length"}
_RADII = {"inner_radius", "outer_radius"}


def conductance_siemens(g):
    """Conductance in e^2/h (what the solvers return) -> S."""
    return np.multiply(g, CONDUCTANCE_QUANTUM)


def resistance_ohm(r):
    """Resistance in h/e^2 -> Ohm."""
    return np.multiply(r, RESISTANCE_QUANTUM)


@dataclasses.dataclass(frozen=True)
class Units:
    """Conversion between physical units and the lattice units of the devices.

    Parameters
    ----------
    lattice_constant : float or quantity
        Lattice constant a in nm.
    effective_mass : float, optional
        Effective mass m* in units of the electron mass (default: the material's).
    material : str, optional
        A key of `MATERIALS` ('GaAs', 'InAs', 'InSb', 'Si', 'graphene'): sets the
        effective mass (graphene: the Fermi velocity) unless given, and `g_factor`.
    fermi_velocity : float or quantity, optional
        A Dirac material's Fermi velocity in m/s (graphene's preset: 1e6): the hopping
        of the honeycomb lattice is then t = 2 hbar v_F / (sqrt 3 a) (a the lattice
        constant, sqrt 3 times the carbon-carbon distance: 0.246 nm for real graphene,
        larger for scaled graphene), energies are from the Dirac point.

    Examples
    --------
    >>> units = Units(lattice_constant=2.0, material="GaAs")
    >>> wire = units.device(Wire, width=100.0, length=400.0)   # nm
    >>> params = units.params(energy=5.0, field="50 mT", disorder=2.0)   # meV, T, meV
    >>> units.tesla(params["phi"])
    0.05
    """

    lattice_constant: float
    effective_mass: float = None
    material: str = None
    fermi_velocity: float = None

    def __post_init__(self):
        # Floats: Units("5 nm") and Units(5) are the same (and record the same).
        object.__setattr__(self, "lattice_constant", check_length(
            "lattice_constant", quantity_in("lattice_constant", self.lattice_constant, "nm")))
        if self.material is not None and self.material not in MATERIALS:
            raise ValueError(f"material must be one of {', '.join(MATERIALS)}, "
                             f"got {self.material!r}")
        preset = MATERIALS.get(self.material)
        if self.fermi_velocity is None and preset is not None and preset.fermi_velocity:
            object.__setattr__(self, "fermi_velocity", preset.fermi_velocity)
        if self.fermi_velocity is not None:   # a Dirac material: no effective mass
            if self.effective_mass is not None:
                raise TypeError("Units takes effective_mass (a parabolic band) or "
                                "fermi_velocity (graphene's Dirac cone), not both")
            object.__setattr__(self, "fermi_velocity", check_length(
                "fermi_velocity", quantity_in("fermi_velocity", self.fermi_velocity, "m/s")))
            return
        if self.effective_mass is None:
            if self.material is None:
                raise TypeError("Units needs effective_mass, material or fermi_velocity")
            object.__setattr__(self, "effective_mass", preset.effective_mass)
        object.__setattr__(self, "effective_mass",
                           check_length("effective_mass", self.effective_mass))

    @property
    def is_dirac(self):
        """True for a Dirac material (``fermi_velocity`` set): honeycomb devices, energies
        from the Dirac point."""
        return self.fermi_velocity is not None

    @property
    def g_factor(self):
        """The material's g-factor (None without a material)."""
        return None if self.material is None else MATERIALS[self.material].g_factor

    @property
    def hopping(self):
        """Hopping t in meV: hbar^2 / (2 m* a^2), or 2 hbar v_F / (sqrt 3 a) for a Dirac
        material on the honeycomb lattice (lattice constant a = sqrt 3 times the bond)."""
        if self.is_dirac:
            return 2 * HBAR * self.fermi_velocity * 1e9 / (math.sqrt(3) * self.lattice_constant)
        return HBAR2_OVER_2ME / (self.effective_mass * self.lattice_constant**2)

    def _magnitude(self, name, value, unit, minimum=None):
        """A checked float (or float array, for a sequence) in ``unit``."""
        value = magnitudes_in(name, value, unit)
        label = f"{name} ({unit.replace(' * ', ' ')})"
        if np.ndim(value) == 0:
            return check_real(label, value, minimum=minimum)
        return check_real_array(label, value, minimum=minimum)

    def energy(self, meV, name="energy", minimum=None):
        """Energy in meV (or a quantity; a sequence for a sweep) -> t."""
        return self._magnitude(name, meV, "meV", minimum) / self.hopping

    def energy_to_meV(self, value):
        """Energy in t -> meV."""
        return value * self.hopping

    def temperature(self, kelvin, name="temperature"):
        """Temperature in K (or a quantity; a sequence for a sweep) -> k_B T in t."""
        return BOLTZMANN * self._magnitude(name, kelvin, "K", minimum=0.0) / self.hopping

    def kelvin(self, value):
        """k_B T in t -> K."""
        return kelvin(value, self.hopping)

    def flux_per_plaquette(self, tesla, name="field"):
        """Magnetic field in T (or a quantity; a sequence for a sweep) -> flux per
        plaquette in h/e."""
        return self._magnitude(name, tesla, "T") * self.lattice_constant**2 / FLUX_QUANTUM

    def tesla(self, phi):
        """Flux per plaquette in h/e -> magnetic field in T."""
        return np.multiply(phi, FLUX_QUANTUM / self.lattice_constant**2)

    def nm(self, length):
        """A length in lattice constants -> nm (for lengths: L_phi, l, xi; not strip widths,
        see `sites`)."""
        return np.multiply(length, self.lattice_constant)

    def seconds(self, time):
        """A time in hbar/t -> s."""
        return np.multiply(time, HBAR / self.hopping)

    def diffusion_constant_si(self, diffusion_constant):
        """A diffusion constant in t a^2/hbar -> m^2/s."""
        return np.multiply(diffusion_constant,
                           self.hopping * (self.lattice_constant * 1e-9) ** 2 / HBAR)

    def rashba(self, alpha_meV_nm, name="rashba"):
        """Rashba coefficient alpha_R in meV nm (or a quantity) -> lattice ``rashba`` in t."""
        return self._magnitude(name, alpha_meV_nm, "meV * nm") / (2 * self.lattice_constant
                                                                   * self.hopping)

    def zeeman(self, tesla, g_factor):
        """Zeeman splitting g mu_B B (field in T, a quantity or a sequence) -> t."""
        check_real("g_factor", g_factor)
        return g_factor * BOHR_MAGNETON * self._magnitude("field", tesla, "T") / self.hopping

    def sites(self, name, nm):
        """A device size in nm (or a quantity) -> lattice units (see the module table)."""
        n = check_length(name, quantity_in(name, nm, "nm")) / self.lattice_constant
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

    def _check_field(self, phi, tesla):
        """Refuse a field that aliases on the lattice; warn where its magnetic length is a
        few lattice constants (numbers in the message).  Arrays: the largest field magnitude."""
        k = int(np.argmax(np.abs(phi))) if np.ndim(phi) else None
        phi, tesla = (phi, tesla) if k is None else (phi[k], tesla[k])
        if abs(phi) >= 0.5:
            raise ValueError(f"field = {tesla:g} T is a flux of {phi:.3g} h/e per plaquette of "
                             f"{self.lattice_constant} nm: the lattice aliases it to "
                             f"{phi - round(phi):+.3g}; use a smaller lattice constant")
        if phi:
            magnetic_length = 1 / math.sqrt(2 * math.pi * abs(phi))    # in a
            if magnetic_length < MIN_MAGNETIC_LENGTH:
                in_nm = magnetic_length * self.lattice_constant
                warnings.warn(f"field = {tesla:g} T: the magnetic length {in_nm:.3g} "
                              f"nm is {magnetic_length:.2f} lattice constants (< "
                              f"{MIN_MAGNETIC_LENGTH}): Landau levels show lattice (Hofstadter) "
                              f"artefacts; use a smaller lattice constant", RegimeWarning,
                              stacklevel=4)

    def _check_energy(self, energy):
        """Warn where the Fermi wavelength is a few lattice constants (the largest energy)."""
        if self.is_dirac:
            self._check_dirac_energy(energy)
            return
        energy = float(np.max(energy))
        if energy > MAX_CONTINUUM_ENERGY:
            k = math.acos(max(1 - energy / 2, -1.0))
            warnings.warn(f"energy = {self.energy_to_meV(energy):.4g} meV is {energy:.3g} t: the "
                          f"Fermi wavelength {2 * math.pi / k * self.lattice_constant:.3g} nm is "
                          f"{2 * math.pi / k:.2g} lattice constants, and the lattice band departs "
                          f"from the parabolic one of m* = {self.effective_mass} by "
                          f"{abs(energy / k**2 - 1):.0%}; use a smaller lattice constant",
                          RegimeWarning, stacklevel=4)

    def _check_dirac_energy(self, energy):
        energies = np.ravel(energy)
        energy = float(energies[np.argmax(np.abs(energies))])
        if abs(energy) > MAX_DIRAC_ENERGY:
            wavelength = 2 * math.pi * (math.sqrt(3) / 2) / abs(energy)     # a
            warnings.warn(f"energy = {self.energy_to_meV(energy):.4g} meV is {energy:.3g} t "
                          f"from the Dirac point (> {MAX_DIRAC_ENERGY} t): the Fermi "
                          f"wavelength {wavelength * self.lattice_constant:.3g} nm is "
                          f"{wavelength:.2g} lattice constants and the cone is trigonally "
                          f"warped by ~{abs(energy) / 6:.0%}; use a smaller "
                          "lattice constant", RegimeWarning, stacklevel=4)

    def potential(self, function, parameter_units=None):
        """A potential in lattice units from ``function(x_nm, y_nm[, z_nm], **p) -> meV``.

        The keyword parameters ``p`` (with their defaults, in the units the
        function uses) stay solve-time parameters of the device.

        Parameters
        ----------
        function : callable
        parameter_units : dict, optional
            ``{parameter: unit}`` for parameters in physical units (``{"v_gate": "V"}``):
            their values may then be given as quantities or strings ('-0.4 V'), in
            `physics.conductance`, ensembles and their sweeps, which record the unit.
        """
        import functools
        import inspect
        a, t = self.lattice_constant, self.hopping
        parameter_units = dict(parameter_units or {})
        names = list(inspect.signature(function).parameters)
        for name, unit in parameter_units.items():
            if name not in names:
                raise ValueError(f"parameter_units: {name!r} is not a parameter of "
                                 f"{getattr(function, '__qualname__', function)!r}")
            try:
                registry().Unit(unit)
            except Exception:  # noqa: BLE001 - pint raises several types
                raise ValueError(f"parameter_units[{name!r}] = {unit!r} is not a unit") from None

        @functools.wraps(function)
        def lattice_potential(*coordinates, **parameters):
            return function(*(c * a for c in coordinates), **parameters) / t

        lattice_potential.__signature__ = inspect.signature(function)
        lattice_potential.parameter_units = parameter_units
        return lattice_potential

    def lattice_values(self, name, value, g_factor=None):
        """The lattice parameters a physical one sets: ``{lattice name: value}``.

        Parameters
        ----------
        name : str
            A key of `PHYSICAL_PARAMETERS`.
        value : number, quantity, str or sequence of them
            In the unit of `PHYSICAL_PARAMETERS` when a plain number; a sequence gives
            arrays (a sweep).
        g_factor : float, optional
            With ``name = 'field'``: also the Zeeman splitting ``zeeman``.

        Raises
        ------
        ValueError
            Naming the parameter, for a wrong dimension, a non-finite value, a negative
            disorder or temperature, or a field that aliases on the lattice; a
            `RegimeWarning` where the lattice no longer stands for the material.
        """
        if name not in PHYSICAL_PARAMETERS:
            raise TypeError(f"{name} is not a physical parameter of Units; they are "
                            f"{', '.join(PHYSICAL_PARAMETERS)}")
        lattice_name = PHYSICAL_PARAMETERS[name][1]
        if name == "field":
            tesla = self._magnitude(name, value, "T")
            out = {"phi": self.flux_per_plaquette(tesla)}
            self._check_field(out["phi"], tesla)
            if g_factor is not None:
                out["zeeman"] = self.zeeman(tesla, g_factor)
            return out
        if name == "rashba":
            return {lattice_name: self.rashba(value)}
        if name == "temperature":
            return {lattice_name: self.temperature(value)}
        # An energy: the Fermi energy, or a disorder or probe-coupling strength (>= 0).
        lattice = self.energy(value, name, minimum=None if name == "energy" else 0.0)
        if name == "energy":
            self._check_energy(lattice)
        return {lattice_name: lattice}

    def params(self, *, energy=None, disorder=0.0, field=0.0, rashba=None,
               g_factor=None, temperature=None, **lattice_params):
        """Solve-time parameters from physical values (numbers in these units, pint
        quantities or strings such as '50 mT').

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
            Lande g-factor (spinful devices); `g_factor` is the material's.
        temperature : float, optional
            Temperature in K; returned as ``temperature`` (k_B T in t).
        **lattice_params
            Passed through unchanged (``seed``, ``field_direction``, ...): lattice units.

        Raises
        ------
        TypeError
            For a physical name that is not one of these (``B``: give ``field``) or a
            quantity with a unit among the lattice parameters.
        """
        for key, value in lattice_params.items():
            if key in _ALIASES:
                raise TypeError(f"Units.params got {key}=: the physical parameter is "
                                f"{_ALIASES[key]}= (see the docstring for its unit)")
            if is_quantity(value):
                raise TypeError(f"Units.params: {key} = {value:~} has a unit, but only "
                                f"energy, disorder, field, rashba, g_factor and temperature "
                                f"are converted; {key} is passed through in lattice units")
        out = dict(lattice_params)
        physical = {"energy": energy, "disorder": disorder, "rashba": rashba,
                    "temperature": temperature}
        for name, value in physical.items():
            if value is not None:
                out.update(self.lattice_values(name, value))
        out.update(self.lattice_values("field", field, g_factor))
        return out
