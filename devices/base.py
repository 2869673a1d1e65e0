"""The device contract: a frozen description that builds one finalized Kwant system.

A device holds only what fixes the Kwant graph (sizes, dimension, spin).
Everything physical that can change between solves (disorder, seed, fields,
spin-orbit, Zeeman, Aharonov-Bohm flux) is a *solve-time parameter*: a named
argument of the value functions, filled from ``params`` by Kwant, never a
rebuild.  `Device.parameters` lists them with their defaults and
`Device.solve_params` validates user input into a complete ``params`` dict.

Conventions (lattice units): lattice constant a = 1, hopping t = 1, on-site
energy 4t (2D) or 6t (3D) so that energies are measured from the band bottom
of the clean lattice.  Fields are given as flux per plaquette in units of
h/e; the Peierls factor of the hopping from site j to site i is
``exp(-2 pi i phi * int_j^i A.dl)`` (electron charge -e), where the vector
potential is translation invariant along every lead.
"""

import cmath
import dataclasses
import inspect
from functools import cached_property

import kwant
import numpy as np

from . import random_fields, spin as spin_matrices
from .validation import (check_direction, check_flag, check_real, check_seed)

__all__ = ["Device", "Parameter", "LeadCell"]


def _no_shift(position):
    return 0.0


@dataclasses.dataclass(frozen=True)
class LeadCell:
    """One lead: symmetry vector, tags of one unit cell, and its gauge.

    ``gauge_shift(r)`` (Lambda/phi, added to the Landau gauge) must make the
    vector potential translation invariant along the lead *as a function on the
    whole lattice*: Kwant evaluates lead hoppings on its fundamental domain,
    which is not where the lead is attached.
    """

    symmetry: tuple
    cell: list
    gauge_shift: object = _no_shift

_TWO_PI = 2 * np.pi


@dataclasses.dataclass(frozen=True)
class Parameter:
    """A solve-time parameter: name, default, check and description (with units)."""

    name: str
    default: object
    check: object
    doc: str


def _nonnegative(name, value):
    return check_real(name, value, minimum=0.0)


def _unit_interval(name, value):
    return check_real(name, value, minimum=0.0, maximum=1.0)


_COMMON = (
    Parameter("disorder", 0.0, _nonnegative,
              "Anderson box disorder width W in t: V_i uniform in [-W/2, W/2]; leads stay clean."),
    Parameter("seed", 0, check_seed,
              "Disorder seed: the realization is a function of (seed, site) only."),
    Parameter("phi", 0.0, check_real,
              "Uniform magnetic field as flux per plaquette in units of h/e."),
    Parameter("random_flux", 0.0, _nonnegative,
              "Random Peierls phases, uniform in [-random_flux, random_flux] rad per bond "
              "(scattering region only): breaks time reversal without a Lorentz force."),
)
_FIELD_DIRECTION = Parameter(
    "field_direction", (0.0, 0.0, 1.0), check_direction,
    "Direction of the magnetic field (3-vector, normalized internally); phi is the flux "
    "per plaquette perpendicular to it.")
_SPIN = (
    Parameter("rashba", 0.0, check_real,
              "Lattice Rashba coupling in t (alpha_R = 2 rashba t a)."),
    Parameter("zeeman", 0.0, check_real,
              "Zeeman splitting g mu_B B in t (on-site term zeeman/2 n.sigma)."),
    Parameter("zeeman_direction", (0.0, 0.0, 1.0), check_direction,
              "Direction n of the Zeeman field (3-vector, normalized internally)."),
    Parameter("so_disorder", 0.0, _unit_interval,
              "Spin-orbit disorder in [0, 1]: hoppings t exp(i s theta n.sigma) with "
              "(theta, n) Haar-random in SU(2) scaled by s; s = 1 is the SU(2) model "
              "(symplectic class)."),
)


def _with_signature(function, names):
    """Give ``function(site, *args)`` the explicit signature Kwant reads params from."""
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    function.__signature__ = inspect.Signature(
        [inspect.Parameter(name, kind) for name in names])
    return function


class Device:
    """Base class of all devices.

    Subclasses are frozen dataclasses that define the geometry hooks
    `_scattering_tags`, `_lead_cells` and optionally `_gauge_shift` and
    `_aharonov_bohm_winding`.  The finalized Kwant system is built on first
    use and cached (`finalized`).
    """

    #: Spatial dimension of the lattice (2: square, 3: cubic).
    dimension = 2
    #: Optional device-specific solve-time parameters.
    _extra_parameters = ()

    # --- construction -------------------------------------------------------

    def __post_init__(self):
        check_flag("spin", self.spin)
        self._validate()

    def _validate(self):
        """Check the geometry; raise ValueError/TypeError naming the argument."""

    def __getstate__(self):
        # Pickle the description only: the finalized system holds closures and
        # is rebuilt on first use in the receiving process.
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def __setstate__(self, state):
        for name, value in state.items():
            object.__setattr__(self, name, value)

    @property
    def norbs(self):
        """Orbitals per site: 2 with spin, 1 without."""
        return 2 if self.spin else 1

    @property
    def band_offset(self):
        """On-site energy of the clean lattice, 2d t: puts the band bottom at E = 0."""
        return 2.0 * self.dimension

    def _lattice(self):
        if self.dimension == 2:
            return kwant.lattice.square(a=1, norbs=self.norbs, name="")
        return kwant.lattice.cubic(a=1, norbs=self.norbs, name="")

    # --- geometry hooks -----------------------------------------------------

    def _scattering_tags(self):
        """Integer lattice tags of the scattering region, shape (n, dimension)."""
        raise NotImplementedError

    def _lead_cells(self):
        """List of `LeadCell` (symmetry vector, tags of one unit cell, gauge), in lead order."""
        raise NotImplementedError

    def _gauge_shift(self, position):
        """Lattice gauge function Lambda(r)/phi added to the Landau gauge in the scattering region.

        Must agree, on the sites next to each lead, with that lead's own
        `LeadCell.gauge_shift`.
        """
        return 0.0

    def _aharonov_bohm_winding(self, to_position, from_position):
        """Times a hop crosses the Aharonov-Bohm branch cut (+1 counter-clockwise)."""
        return 0

    # --- parameters ---------------------------------------------------------

    @property
    def parameter_specs(self):
        """The solve-time parameters of this device, as `Parameter` records."""
        specs = list(_COMMON)
        if self.dimension == 3:
            specs.append(_FIELD_DIRECTION)
        if self.spin:
            specs.extend(_SPIN)
        specs.extend(self._extra_parameters)
        return {spec.name: spec for spec in specs}

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

    # --- the Kwant system ---------------------------------------------------

    @cached_property
    def finalized(self):
        """The finalized Kwant system (built once, then cached)."""
        return self.builder().finalized()

    def builder(self):
        """A new (unfinalized) ``kwant.Builder`` of the device with its leads attached.

        For extensions Kwant supports on builders (e.g. extra self-energy leads);
        transport uses the cached `finalized` system.
        """
        lattice = self._lattice()
        onsite, hopping, lead_onsite, lead_hopping = self._value_functions()
        builder = kwant.Builder()
        for tag in self._scattering_tags():
            builder[lattice(*tag)] = onsite
        builder[lattice.neighbors()] = hopping
        for lead_cell in self._lead_cells():
            lead = kwant.Builder(kwant.TranslationalSymmetry(lead_cell.symmetry))
            for tag in lead_cell.cell:
                lead[lattice(*tag)] = lead_onsite
            lead[lattice.neighbors()] = lead_hopping(lead_cell.gauge_shift)
            builder.attach_lead(lead)
        return builder

    @cached_property
    def _site_tags(self):
        return np.array([site.tag for site in self.finalized.sites], dtype=np.int64)

    @cached_property
    def _site_index(self):
        return {site: i for i, site in enumerate(self.finalized.sites)}

    @cached_property
    def _bonds(self):
        """Bonds of the scattering region in a canonical, order-independent form.

        Returns a dict ``(site_i, site_j) -> (bond number, orientation)`` for both
        orders of every bond, and the integer keys (tags of the lexicographically
        smaller site, then of the larger) that feed the random-number hash.
        """
        sites = self.finalized.sites
        graph = self.finalized.graph
        lookup, keys = {}, []
        for i in range(graph.num_nodes):
            for j in graph.out_neighbors(i):
                if j <= i:
                    continue
                a, b = sites[i], sites[j]
                if tuple(a.tag) > tuple(b.tag):
                    a, b = b, a
                number = len(keys)
                keys.append(tuple(a.tag) + tuple(b.tag))
                lookup[a, b] = (number, 1)
                lookup[b, a] = (number, -1)
        return lookup, np.array(keys, dtype=np.int64).reshape(-1, 2 * self.dimension)

    def _random(self, stream, seed):
        """Uniform [0, 1) numbers of one stream for all sites (or bonds); cached per seed."""
        cache = self.__dict__.setdefault("_random_cache", {})
        key = (stream, seed)
        if key not in cache:
            if len(cache) >= 16:
                cache.pop(next(iter(cache)))
            if stream == "onsite":
                tags = self._site_tags
            else:
                tags = self._bonds[1]
            cache[key] = random_fields.hash_uniform(seed, stream, tags)
        return cache[key]

    def _su2_disorder(self, seed):
        """Haar-random SU(2) angles and axes for every bond (cached per seed)."""
        cache = self.__dict__.setdefault("_random_cache", {})
        key = ("su2", seed)
        if key not in cache:
            cache[key] = random_fields.haar_su2(seed, self._bonds[1])
        return cache[key]

    def _peierls_phase(self, to_pos, from_pos, phi, direction, gauge_shift):
        """2 pi phi int_from^to A.dl: Landau gauge plus a lattice gauge transformation."""
        if self.dimension == 2:
            (x1, y1), (x0, y0) = to_pos, from_pos
            line_integral = -0.5 * (y1 + y0) * (x1 - x0)
        else:
            (x1, y1, z1), (x0, y0, z0) = to_pos, from_pos
            nx, ny, nz = direction
            y_mid, z_mid = 0.5 * (y1 + y0), 0.5 * (z1 + z0)
            line_integral = (-nz * y_mid + ny * z_mid) * (x1 - x0) - nx * z_mid * (y1 - y0)
        line_integral += gauge_shift(to_pos) - gauge_shift(from_pos)
        return _TWO_PI * phi * line_integral

    def _value_functions(self):
        """Build the on-site and hopping value functions with explicit parameter names."""
        offset = self.band_offset
        spinful = self.spin
        three_d = self.dimension == 3
        ring = "flux" in self.parameter_specs
        device = self

        field_names = ["phi"] + (["field_direction"] if three_d else [])
        spin_onsite_names = ["zeeman", "zeeman_direction"] if spinful else []
        spin_hop_names = ["rashba"] if spinful else []

        def field_args(args):
            return args[0], (args[1] if three_d else None)

        def onsite(site, disorder, seed, *spin_args):
            value = offset
            if disorder:
                u = device._random("onsite", seed)[device._site_index[site]]
                value += disorder * (u - 0.5)
            if spinful:
                return value * spin_matrices.SIGMA_0 + spin_matrices.zeeman_onsite(*spin_args)
            return value

        def lead_onsite(site, *spin_args):
            if spinful:
                return offset * spin_matrices.SIGMA_0 + spin_matrices.zeeman_onsite(*spin_args)
            return offset

        n_field = len(field_names)

        def hopping_matrix(to_site, from_site, phase, rashba, rotation):
            if not spinful:
                return -cmath.exp(-1j * phase) if phase else -1.0
            d = to_site.pos - from_site.pos
            kinetic = -spin_matrices.SIGMA_0 if rotation is None else -rotation
            return np.exp(-1j * phase) * (
                kinetic + spin_matrices.rashba_hopping(rashba, d[0], d[1]))

        def hopping(to_site, from_site, random_flux, seed, *args):
            phi, direction = field_args(args)
            rest = args[n_field:]
            to_pos, from_pos = to_site.pos, from_site.pos
            phase = 0.0
            if phi:
                phase = device._peierls_phase(to_pos, from_pos, phi, direction,
                                              device._gauge_shift)
            if ring and rest[-1]:
                phase += _TWO_PI * rest[-1] * device._aharonov_bohm_winding(to_pos, from_pos)
            so_disorder = rest[1] if spinful else 0.0
            if random_flux or so_disorder:
                number, orientation = device._bonds[0][to_site, from_site]
            if random_flux:
                u = device._random("random_flux", seed)[number]
                phase += orientation * random_flux * (2 * u - 1)
            rotation = None
            if spinful:
                rashba = rest[0]
                if so_disorder:
                    angles, axes = device._su2_disorder(seed)
                    rotation = spin_matrices.su2_rotation(
                        orientation * so_disorder * angles[number], axes[number])
            else:
                rashba = 0.0
            return hopping_matrix(to_site, from_site, phase, rashba, rotation)

        def lead_hopping(gauge_shift):
            def hopping(to_site, from_site, *args):
                phi, direction = field_args(args)
                phase = 0.0
                if phi:
                    phase = device._peierls_phase(to_site.pos, from_site.pos, phi, direction,
                                                  gauge_shift)
                rashba = args[n_field] if spinful else 0.0
                return hopping_matrix(to_site, from_site, phase, rashba, None)
            return _with_signature(
                hopping, ["to_site", "from_site"] + field_names + spin_hop_names)

        hop_names = (["random_flux", "seed"] + field_names + spin_hop_names
                     + (["so_disorder"] if spinful else []) + (["flux"] if ring else []))
        return (
            _with_signature(onsite, ["site", "disorder", "seed"] + spin_onsite_names),
            _with_signature(hopping, ["to_site", "from_site"] + hop_names),
            _with_signature(lead_onsite, ["site"] + spin_onsite_names),
            lead_hopping,
        )
