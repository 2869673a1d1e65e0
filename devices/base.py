"""The device contract: a frozen description, one Hamiltonian model, one finalized Kwant system.

A device holds only what fixes the Kwant graph (lattice, region, leads, spin,
the potential's form).  Everything physical that can change between solves
(disorder, seed, fields, spin-orbit, Zeeman, Aharonov-Bohm flux, the
potential's own parameters) is a *solve-time parameter*: `Device.parameters`
lists them with their defaults and `Device.solve_params` validates user input
into a complete ``params`` dict.

**One model.**  The Hamiltonian is defined once, by two vectorized methods:
`Device.onsite` (sites -> on-site matrices) and `Device.hopping` (bonds ->
hopping matrices), acting on `devices.model.Sites` and `devices.model.Bonds`.
Kwant's value functions (`Device.builder`), the numpy assembly of the fast
solvers (`devices.assembly`), the slices of long bars (`devices.slices`) and
closed samples (`devices.closed`) all evaluate these two methods; a subclass
that overrides them changes every consumer at once.

Conventions (lattice units): lattice constant a = 1, hopping t = 1, on-site
energy of the clean lattice `devices.lattices.Lattice.band_offset` (4t square,
6t cubic: energies from the band bottom; 0 honeycomb: from the Dirac point).
Fields are given as flux per plaquette in units of h/e; the Peierls factor of
the hopping from site j to site i is ``exp(-2 pi i phi * int_j^i A.dl)``
(electron charge -e) with A = (-y, 0) in 2D and, in every lead, a gauge
translation invariant along it (`devices.geometry.LeadGeometry.gauge`).
See docs/theory/lattice_model.md.
"""

import dataclasses
import inspect
from functools import cached_property

import kwant
import numpy as np

from . import geometry as geometry_module, random_fields
from .lattices import Lattice
from .model import Bonds, ModelMismatchError, Sites
from .quantities import quantity_in
from .validation import (check_direction, check_flag, check_flux, check_real, check_seed,
                         check_site_count)

__all__ = ["Device", "Parameter", "Geometry", "RESERVED_NAMES", "REQUIRED"]

_TWO_PI = 2 * np.pi
_PAULI = np.array([[[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[1, 0], [0, -1]]], dtype=complex)

#: Names that are not solve-time parameters of a device: transport options,
#: ensemble arguments and the names Kwant gives the sites of a value function.
RESERVED_NAMES = frozenset({
    "energy", "dephasing", "probes", "temperature", "solver", "seeds", "sweep", "store",
    "executor", "observables", "progress", "params", "site", "to_site", "from_site",
    "site1", "site2", "args", "kwargs"})


class _Required:
    def __repr__(self):
        return "<required>"


#: Default of a parameter that has none (Kwant value functions cannot have defaults).
REQUIRED = _Required()


@dataclasses.dataclass(frozen=True)
class Parameter:
    """A solve-time parameter: name, default, check, description (with units).

    ``lead``: whether the leads' Hamiltonian depends on it (fields, Rashba,
    Zeeman); lead self-energies are cached on the values of these only.
    ``probe``: the value used in the one-off comparison of a fast solver's
    Hamiltonian with Kwant's (`devices.assembly.structure_probe_params`); None
    derives one from the default.
    ``unit``: the unit of its values, recorded with datasets ("t", "h/e", "V", ...).
    ``physical``: ``unit`` is a physical unit (a potential's gate voltage in V, see
    `devices.Units.potential`): a pint quantity or a string such as '0.3 V' is converted
    to it; lattice units ("t", "h/e") are not physical.
    """

    name: str
    default: object
    check: object
    doc: str
    lead: bool = False
    probe: object = None
    unit: str = ""
    physical: bool = False

    def __post_init__(self):
        if self.physical:
            # Quantities converted before the check: every caller checks.
            object.__setattr__(self, "check", _QuantityCheck(self.check, self.unit))

    @property
    def required(self):
        """True when the parameter has no default and must be given."""
        return self.default is REQUIRED


@dataclasses.dataclass(frozen=True)
class _QuantityCheck:
    """``check(name, value)`` after converting a quantity (or '0.3 V') to ``unit``."""

    check: object
    unit: str

    def __call__(self, name, value):
        return self.check(name, quantity_in(name, value, self.unit))


def _nonnegative(name, value):
    return check_real(name, value, minimum=0.0)


def _positive(name, value):
    value = check_real(name, value)
    if not value > 0:
        raise ValueError(f"{name} must be positive, got {value}")
    return value


def _unit_interval(name, value):
    return check_real(name, value, minimum=0.0, maximum=1.0)


_COMMON = (
    Parameter("disorder", 0.0, _nonnegative,
              "Anderson box disorder width W in t: V_i uniform in [-W/2, W/2]; leads stay clean.", unit="t"),
    Parameter("seed", 0, check_seed,
              "Disorder seed: the realization is a function of (seed, site) only."),
    Parameter("phi", 0.0, check_flux,
              "Uniform magnetic field as flux per plaquette of the square lattice (a^2) in "
              "units of h/e.", lead=True, unit="h/e"),
    Parameter("random_flux", 0.0, _nonnegative,
              "Random Peierls phases, uniform in [-random_flux, random_flux] rad per bond "
              "(scattering region only): breaks time reversal without a Lorentz force.", unit="rad"),
    Parameter("smooth_disorder", 0.0, _nonnegative,
              "Amplitude K (t) of smooth, Gaussian-correlated disorder: "
              "V(r) = sum_j K_j exp(-|r - R_j|^2 / 2 xi^2), K_j uniform in [-K, K].", unit="t"),
    # The probes keep the check of the fast solvers cheap: a short-ranged smooth potential
    # has few impurities within reach of each site (the default costs ~1.5 s on 40 x 200).
    Parameter("correlation_length", 2.0, _positive,
              "Correlation length xi of the smooth disorder (lattice constants).", probe=0.3, unit="a"),
    Parameter("impurity_density", 0.05, _positive,
              "Density of the smooth-disorder impurities R_j (per a^2 in 2D, a^3 in 3D): one "
              "per cell of a square (cubic) grid, at a random place in it.", probe=1.0, unit="a^-d"),
)
_FIELD_DIRECTION = Parameter(
    "field_direction", (0.0, 0.0, 1.0), check_direction,
    "Direction of the magnetic field (3-vector, normalized internally); phi is the flux "
    "per plaquette perpendicular to it.", lead=True)
_SPIN = (
    Parameter("rashba", 0.0, check_real,
              "Lattice Rashba coupling in t: hopping i rashba (d_y sigma_x - d_x sigma_y) for a "
              "bond vector d (alpha_R = 2 rashba t a on the square lattice).", lead=True, unit="t"),
    Parameter("zeeman", 0.0, check_real,
              "Zeeman splitting g mu_B B in t (on-site term zeeman/2 n.sigma).", lead=True, unit="t"),
    Parameter("zeeman_direction", (0.0, 0.0, 1.0), check_direction,
              "Direction n of the Zeeman field (3-vector, normalized internally).", lead=True),
    Parameter("so_disorder", 0.0, _unit_interval,
              "Spin-orbit disorder in [0, 1]: hoppings t exp(i s theta n.sigma) with "
              "(theta, n) Haar-random in SU(2) scaled by s; s = 1 is the SU(2) model "
              "(symplectic class).", unit="1"),
)
_FLUX = Parameter(
    "flux", 0.0, check_flux,
    "Aharonov-Bohm flux through the hole in units of h/e (phases on a branch cut from the "
    "hole, so G(flux) is exactly periodic with period 1).", unit="h/e")


@dataclasses.dataclass(frozen=True)
class Geometry:
    """The resolved geometry of a device: region sites and leads (`devices.geometry`)."""

    sublattice: np.ndarray
    tags: np.ndarray
    leads: tuple


def _with_signature(function, names):
    """Give ``function(site, *args)`` the explicit signature Kwant reads params from."""
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    function.__signature__ = inspect.Signature(
        [inspect.Parameter(name, kind) for name in names])
    return function


@dataclasses.dataclass(frozen=True)
class Device:
    """Base class of all devices built on the project's model.

    Subclasses are frozen dataclasses that describe a geometry through two
    public hooks, `region` (the sites of the scattering region) and
    `lead_specs` (a list of `devices.Lead`), and optionally
    `aharonov_bohm_cut`.  The Hamiltonian is `onsite` plus `hopping`; override
    them (calling ``super()``) to add terms, with any new solve-time
    parameters declared in `extra_parameters`.  The finalized Kwant system is
    built on first use and cached (`finalized`).

    Parameters
    ----------
    potential : callable, array_like or None (keyword only)
        Electrostatic potential energy (t) added on the sites of the
        scattering region: a vectorized function ``V(x, y[, z], **p)`` of the
        positions (lattice constants) whose keyword parameters ``p`` (with
        defaults) become solve-time parameters, or an array with one value per
        site of `finalized` (``device.site_positions`` gives their positions).
        The leads stay at V = 0.
    """

    potential: object = dataclasses.field(default=None, kw_only=True)

    #: Lattice of the device: 'square', 'cubic' or 'honeycomb' (`devices.lattices`).
    lattice_name = "square"
    #: Device-specific solve-time parameters (`Parameter` records).
    extra_parameters = ()
    #: ``(x, y)``: an Aharonov-Bohm branch cut, the half-line from (x, y) upwards
    #: (x between two columns of sites); enables the ``flux`` parameter.
    aharonov_bohm_cut = None

    # --- construction -------------------------------------------------------

    def __post_init__(self):
        check_flag("spin", self.spin)
        self._validate()
        check_site_count(type(self).__name__, self.estimated_sites())
        # Functions that cannot be pickled (lambdas, closures) get their stand-in now, before
        # any worker process is forked, so that forked workers find them.
        from .local_objects import portable
        stand_ins = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if callable(value) and not isinstance(value, type):
                stand_in = portable(value, f"{type(self).__name__}.{f.name}")
                if stand_in is not value:
                    stand_ins[f.name] = stand_in
        if stand_ins:
            self.__dict__["_stand_ins"] = stand_ins
        if self.potential is not None:
            object.__setattr__(self, "potential", _check_potential(self.potential))
            check_potential_signature(self)
            names = set(self.potential_parameter_names)
            clash = sorted(names & (set(self._model_specs()) | RESERVED_NAMES))
            if clash:
                raise ValueError(f"potential parameter(s) {', '.join(clash)} clash with "
                                 "reserved or device parameter names; rename them")

    def _validate(self):
        """Check the geometry arguments; raise ValueError/TypeError naming the argument."""

    def __getstate__(self):
        # Pickle the description only: the finalized system holds closures and
        # is rebuilt on first use in the receiving process.  A field that cannot be
        # pickled (a lambda potential or shape) travels as a token (devices.local_objects).
        stand_ins = self.__dict__.get("_stand_ins", {})
        return {f.name: stand_ins.get(f.name, getattr(self, f.name))
                for f in dataclasses.fields(self)}

    def __setstate__(self, state):
        from .local_objects import LocalObject
        for name, value in state.items():
            if isinstance(value, LocalObject):
                value = value.resolve()
            object.__setattr__(self, name, value)

    @property
    def norbs(self):
        """Orbitals per site: 2 with spin, 1 without."""
        return 2 if self.spin else 1

    @cached_property
    def site_lattice(self):
        """The `devices.lattices.Lattice` of the sites."""
        return Lattice(self.lattice_name, self.norbs)

    @property
    def dimension(self):
        """Spatial dimension (2 or 3)."""
        return self.site_lattice.dimension

    @property
    def band_offset(self):
        """On-site energy of the clean lattice (t): 4 square, 6 cubic, 0 honeycomb."""
        return self.site_lattice.band_offset

    # --- geometry hooks -----------------------------------------------------

    def region(self):
        """Sites of the scattering region: ``(sublattice, tags)`` integer arrays."""
        raise NotImplementedError

    def lead_specs(self):
        """The leads, in lead order: a list of `devices.Lead`."""
        raise NotImplementedError

    def estimated_sites(self):
        """Sites of the scattering region estimated from the parameters alone (None: no
        estimate); a device of more than `devices.validation.MAX_SITES` is refused."""
        return None

    @cached_property
    def geometry(self):
        """The resolved `Geometry` (checked: every lead touches the region, none overlap)."""
        sublattice, tags = self.region()
        sublattice = np.asarray(sublattice, dtype=np.int64)
        tags = np.asarray(tags, dtype=np.int64).reshape(-1, self.dimension)
        if len(tags) == 0:
            raise ValueError(f"{type(self).__name__}: the scattering region has no site")
        leads = geometry_module.resolve_leads(self.site_lattice, sublattice, tags,
                                              self.lead_specs())
        return Geometry(sublattice, tags, tuple(leads))

    @property
    def n_leads(self):
        """Number of leads (without building the Kwant system)."""
        return len(self.geometry.leads)

    # --- parameters ---------------------------------------------------------

    def _model_specs(self):
        specs = list(_COMMON)
        if self.dimension == 3:
            specs.append(_FIELD_DIRECTION)
        if self.spin:
            specs.extend(_SPIN)
        if self.aharonov_bohm_cut is not None:
            specs.append(_FLUX)
        specs.extend(self.extra_parameters)
        return {spec.name: spec for spec in specs}

    @property
    def potential_parameter_names(self):
        """Names of the solve-time parameters of a callable ``potential`` (after the coordinates)."""
        if not callable(self.potential):
            return ()
        return tuple(inspect.signature(self.potential).parameters)[self.dimension:]

    @cached_property
    def parameter_specs(self):
        """The solve-time parameters of this device, as `Parameter` records (name -> record)."""
        specs = self._model_specs()
        if callable(self.potential):
            signature = inspect.signature(self.potential).parameters
            # Physical units declared with `devices.Units.potential(..., parameter_units=)`.
            declared = getattr(self.potential, "parameter_units", {})
            for name in self.potential_parameter_names:
                unit = declared.get(name, "")
                specs[name] = Parameter(
                    name, signature[name].default, check_real,
                    f"Parameter of the potential {_name(self.potential)}"
                    + (f" in {unit}." if unit else "."), unit=unit, physical=bool(unit))
        return specs

    @property
    def parameters(self):
        """Names and default values of the solve-time parameters."""
        return {name: spec.default for name, spec in self.parameter_specs.items()}

    def solve_params(self, **params):
        """Validated, complete ``params`` dict for Kwant.

        Unknown names raise TypeError, bad values ValueError or TypeError,
        both naming the parameter.  Missing parameters take their defaults.
        """
        specs = self.parameter_specs
        unknown = sorted(set(params) - set(specs))
        if unknown:
            raise TypeError(
                f"{type(self).__name__} got unknown parameter(s) {', '.join(unknown)}; "
                f"known: {', '.join(specs)}")
        return {name: spec.check(name, params.get(name, spec.default))
                for name, spec in specs.items()}

    # --- the Hamiltonian: one definition ------------------------------------

    def onsite(self, sites, params):
        """On-site Hamiltonian (t) of ``sites``: shape (n,), or (n, 2, 2) with spin.

        Band offset, box disorder, smooth disorder and the potential in the
        scattering region; band offset (and Zeeman) only in the leads.
        """
        value = np.full(len(sites), self.band_offset)
        if sites.lead is None:
            if params["disorder"]:
                value = value + params["disorder"] * (sites.uniform("onsite", params["seed"]) - 0.5)
            if params["smooth_disorder"]:
                value = value + self._smooth_disorder(sites, params)
            if self.potential is not None:
                value = value + self._potential_values(sites, params)
        if not self.spin:
            return value
        zeeman = 0.5 * params["zeeman"] * np.tensordot(params["zeeman_direction"], _PAULI, 1)
        return value[:, None, None] * np.eye(2) + zeeman

    def hopping(self, bonds, params):
        """Hopping matrices (t) of ``bonds`` (to <- from): shape (n,), or (n, 2, 2) with spin."""
        factor = np.exp(-1j * self.peierls_phase(bonds, params))
        if not self.spin:
            return -factor
        identity = np.eye(2)
        kinetic = np.broadcast_to(identity, (len(bonds), 2, 2)).astype(complex)
        if bonds.lead is None and params["so_disorder"]:
            angles, axes = bonds.su2(params["seed"])
            angle = bonds.orientation * params["so_disorder"] * angles
            kinetic = (np.cos(angle)[:, None, None] * identity
                       + 1j * np.sin(angle)[:, None, None]
                       * np.einsum("bk,kij->bij", axes, _PAULI))
        d = bonds.displacement
        rashba = 1j * params["rashba"] * (d[:, 1, None, None] * _PAULI[0]
                                          - d[:, 0, None, None] * _PAULI[1])
        return factor[:, None, None] * (-kinetic + rashba)

    def peierls_phase(self, bonds, params):
        """Phase (rad) of every bond's hopping: field, Aharonov-Bohm flux, random flux."""
        phase = bonds.extra_phase.copy()
        phi = params["phi"]
        if phi:
            d, mid = bonds.displacement, bonds.midpoint
            if self.dimension == 2:
                line = -mid[:, 1] * d[:, 0]
            else:
                nx, ny, nz = params["field_direction"]
                line = (-nz * mid[:, 1] + ny * mid[:, 2]) * d[:, 0] - nx * mid[:, 2] * d[:, 1]
            line = line + self._gauge_difference(bonds)
            _check_phase_precision("phi (flux per plaquette, h/e)", phi, line)
            phase = phase + _TWO_PI * phi * line
        if bonds.lead is None:
            flux = params.get("flux", 0.0)
            if flux:
                winding = bonds.memo("winding", lambda: self.aharonov_bohm_winding(bonds))
                _check_phase_precision("flux (through the hole, h/e)", flux, winding)
                phase = phase + _TWO_PI * flux * winding
            if params["random_flux"]:
                u = bonds.uniform("random_flux", params["seed"])
                phase = phase + bonds.orientation * params["random_flux"] * (2 * u - 1)
        return phase

    # --- gauge and Aharonov-Bohm hooks --------------------------------------

    def gauge(self, sites):
        """Lattice gauge function Lambda(r)/phi added to the Landau gauge in the scattering region.

        Any function of the sites is an exact gauge transformation inside; on
        the interface sites of lead k it must equal that lead's gauge
        (`lead_gauge`), which makes the flux through the plaquettes between
        the region and the lead right.  Default: the lead's gauge on its
        interface sites, 0 elsewhere.
        """
        lookup = self._interface_gauges
        if not lookup:
            return np.zeros(len(sites))
        lead_of = np.array([lookup.get(tuple(key), -1) for key in sites.keys.tolist()])
        values = np.zeros(len(sites))
        for k in np.unique(lead_of[lead_of >= 0]):
            on = lead_of == k
            values[on] = self.lead_gauge(Sites(sites.lattice, sites.sublattice[on],
                                               sites.tags[on], lead=int(k)), int(k))
        return values

    def lead_gauge(self, sites, lead):
        """Lambda(r)/phi of lead ``lead``: makes A translation invariant along it."""
        return self.geometry.leads[lead].gauge(sites.positions)

    def aharonov_bohm_winding(self, bonds):
        """Times each bond (to <- from) crosses the Aharonov-Bohm cut (+1 counter-clockwise)."""
        if self.aharonov_bohm_cut is None:
            return np.zeros(len(bonds))
        xc, yc = self.aharonov_bohm_cut
        x_to = bonds.to.positions[:, 0]
        x_from = x_to - bonds.displacement[:, 0]
        crosses = (x_from - xc) * (x_to - xc) < 0
        with np.errstate(divide="ignore", invalid="ignore"):
            fraction = np.where(crosses, (xc - x_from) / (x_to - x_from), 0.0)
        y_cross = bonds.to.positions[:, 1] - bonds.displacement[:, 1] * (1 - fraction)
        above = crosses & (y_cross > yc)
        # Crossing the cut above the hole from left to right goes clockwise.
        return np.where(above, np.sign(x_from - x_to), 0.0)

    @cached_property
    def _interface_gauges(self):
        """Hash key of every lead-interface site -> lead number (2D leads not along x only)."""
        lattice = self.site_lattice
        lookup = {}
        if self.dimension != 2:
            return lookup
        fsyst = self.finalized
        for k, interface in enumerate(fsyst.lead_interfaces):
            direction = self.geometry.leads[k].direction
            if abs(abs(direction[0]) - 1) < 1e-12 and type(self).lead_gauge is Device.lead_gauge:
                continue  # Landau gauge already invariant along x: Lambda = 0
            sites = Sites.from_kwant(lattice, [fsyst.sites[i] for i in interface])
            for key in sites.keys.tolist():
                lookup[tuple(key)] = k
        return lookup

    def _gauge_difference(self, bonds):
        def compute():
            if bonds.lead is None:
                to, frm = self.gauge(bonds.to), self.gauge(bonds.frm)
            else:
                to = self.lead_gauge(bonds.to, bonds.lead)
                frm = self.lead_gauge(bonds.frm, bonds.lead)
            return to - frm
        return bonds.memo("gauge", compute)

    # --- disorder and potential terms -----------------------------------------

    def _smooth_disorder(self, sites, params):
        key = ("smooth", params["seed"], params["smooth_disorder"], params["correlation_length"],
               params["impurity_density"])
        return sites.memo(key, lambda: random_fields.gaussian_impurities(
            params["seed"], sites.positions, params["smooth_disorder"],
            params["correlation_length"], params["impurity_density"]))

    def _potential_values(self, sites, params):
        potential = self.potential
        if isinstance(potential, SitePotential):
            index = sites.memo("potential_index", lambda: self._region_index(sites))
            return potential.values[index]
        names = self.potential_parameter_names
        coordinates = [sites.positions[:, k] for k in range(self.dimension)]
        with np.errstate(all="ignore"):  # non-finite values are reported below, by name
            values = np.asarray(potential(*coordinates, **{name: params[name] for name in names}))
        if np.iscomplexobj(values):
            raise ValueError(f"potential {_name(potential)} returned complex values: the "
                             "electrostatic potential must be real")
        try:
            values = np.broadcast_to(values.astype(float), (len(sites),))
        except ValueError:
            raise ValueError(f"potential {_name(potential)} returned shape {values.shape}; "
                             f"expected one value per site ({len(sites)},)") from None
        bad = ~np.isfinite(values)
        if np.any(bad):
            first = tuple(round(float(c), 6) for c in sites.positions[np.argmax(bad)])
            raise ValueError(f"potential {_name(potential)} is not finite at {int(bad.sum())} "
                             f"site(s), e.g. at {first}, with "
                             + ", ".join(f"{n}={params[n]!r}" for n in names))
        return values

    def _region_index(self, sites):
        lookup = self._site_lookup
        index = np.array([lookup.get(tuple(key), -1) for key in sites.keys.tolist()])
        if np.any(index < 0):
            raise ValueError("a potential given as an array covers the device's scattering "
                             "region only (sites of device.finalized)")
        return index

    @cached_property
    def _site_lookup(self):
        sites = Sites.from_kwant(self.site_lattice, self.finalized.sites)
        return {tuple(key): i for i, key in enumerate(sites.keys.tolist())}

    # --- the Kwant system -------------------------------------------------------

    @cached_property
    def finalized(self):
        """The finalized Kwant system (built once, then cached)."""
        system = self.builder().finalized()
        if isinstance(self.potential, SitePotential) and \
                len(self.potential.values) != len(system.sites):
            raise ValueError(f"potential has {len(self.potential.values)} values; the device "
                             f"has {len(system.sites)} sites")
        return system

    @cached_property
    def assembly(self):
        """The model evaluated on every site and bond of `finalized` (`devices.assembly`)."""
        from .assembly import HamiltonianAssembler
        return HamiltonianAssembler(self)

    @property
    def site_positions(self):
        """Positions (lattice constants) of the sites of `finalized`, shape (n, dimension)."""
        return np.array([site.pos for site in self.finalized.sites], dtype=float)

    def builder(self):
        """A new (unfinalized) ``kwant.Builder`` of the device with its leads attached.

        For extensions Kwant supports on builders (e.g. extra self-energy leads);
        transport uses the cached `finalized` system.  Its value functions
        evaluate `onsite` and `hopping`.
        """
        from .kwant_values import value_functions
        lattice = self.site_lattice
        geometry = self.geometry
        onsite, hopping = value_functions(self, None)
        builder = kwant.Builder()
        for sublattice, tag in zip(geometry.sublattice, geometry.tags):
            builder[lattice.site(sublattice, tag)] = onsite
        builder[lattice.neighbors()] = hopping
        for lead in geometry.leads:
            lead_builder = kwant.Builder(kwant.TranslationalSymmetry(lead.vector))
            lead_onsite, lead_hopping = value_functions(self, lead.index)
            for sublattice, tag in zip(lead.cell_sublattice, lead.cell_tags):
                lead_builder[lattice.site(sublattice, tag)] = lead_onsite
            lead_builder[lattice.neighbors()] = lead_hopping
            try:
                builder.attach_lead(lead_builder)
            except ValueError as error:
                raise ValueError(f"leads[{lead.index}] ({lead.spec.side!r}) cannot be attached "
                                 f"to the region: {error}") from None
        # attach_lead adds the sites that complete a lead's interface with the lead's values;
        # they belong to the scattering region, so they get the region's terms.
        n_region = len(geometry.tags)
        if len(builder.H) != n_region:
            for site in list(builder.sites()):
                builder[site] = onsite
            for hop in list(builder.hoppings()):
                builder[hop] = hopping
        return builder


@dataclasses.dataclass(frozen=True, eq=False)
class SitePotential:
    """A potential given as one value (t) per site of a device's finalized system."""

    values: np.ndarray

    def __eq__(self, other):
        return isinstance(other, SitePotential) and np.array_equal(self.values, other.values)

    def __hash__(self):
        return hash(self.values.tobytes())

    def __repr__(self):
        return f"SitePotential(<{len(self.values)} values>)"


def _check_potential(potential):
    if isinstance(potential, SitePotential):
        return potential
    if callable(potential):
        try:
            signature = inspect.signature(potential)
        except (TypeError, ValueError):
            raise TypeError(f"potential {_name(potential)}: its signature cannot be read; "
                            "use a Python function V(x, y, **params)") from None
        parameters = list(signature.parameters.values())
        for p in parameters:
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                raise TypeError(f"potential {_name(potential)}: *args/**kwargs are not "
                                "allowed; name every parameter (with a default)")
        return potential
    try:
        values = np.array(potential, dtype=float)
    except (TypeError, ValueError):
        raise TypeError("potential must be a function V(x, y[, z], **params), an array with one "
                        f"value per site, or None; got {type(potential).__name__}") from None
    if values.ndim != 1:
        raise ValueError(f"a potential array needs one value per site (1-d), got shape "
                         f"{values.shape}")
    if not np.all(np.isfinite(values)):
        raise ValueError("the potential array has non-finite values")
    values.setflags(write=False)
    return SitePotential(values)


def _name(function):
    return getattr(function, "__qualname__", repr(function))


def check_potential_signature(device):
    """Coordinates first, then keyword parameters with real defaults (raises naming them)."""
    potential = device.potential
    if not callable(potential):
        return
    parameters = list(inspect.signature(potential).parameters.values())
    d = device.dimension
    if len(parameters) < d:
        raise TypeError(f"potential {_name(potential)} must take the {d} coordinates "
                        f"({', '.join('xyz'[:d])}) first, got {len(parameters)} parameter(s)")
    for p in parameters[:d]:
        if p.kind == p.KEYWORD_ONLY:
            raise TypeError(f"potential {_name(potential)}: the coordinates must be positional")
    for p in parameters[d:]:
        if p.default is inspect.Parameter.empty:
            raise TypeError(f"potential {_name(potential)}: parameter {p.name!r} needs a "
                            "default value (it becomes a solve-time parameter)")
        check_real(f"default of potential parameter {p.name!r}", p.default)


#: Largest round-off (rad) allowed in a Peierls phase 2 pi phi x (bond line integral).
PHASE_PRECISION = 1e-10


def _check_phase_precision(name, value, line_integrals):
    """Refuse a field or flux so large that its Peierls phases lose `PHASE_PRECISION`.

    The flux per plaquette (or through a ring) matters only modulo one flux quantum;
    beyond that the phases are huge numbers whose round-off is the result.
    """
    size = _TWO_PI * abs(value) * float(np.max(np.abs(line_integrals), initial=0.0))
    if size * np.finfo(float).eps > PHASE_PRECISION:
        raise ValueError(f"{name} = {value!r} is too large: its Peierls phases reach "
                         f"{size:.3g} rad and lose {size * np.finfo(float).eps:.1g} rad to "
                         f"round-off.  A flux matters only modulo one flux quantum: pass its "
                         f"fractional part (e.g. value - round(value)).")
