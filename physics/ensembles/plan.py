"""The plan of an ensemble run: a validated configuration, everything that determines the results.

`make_plan` checks every argument of `physics.ensemble` before anything is
computed or written; the resulting `Plan` is what the store records (its
`Plan.config`) and what the workers receive.
"""

import dataclasses
import itertools

import numpy as np

from . import provenance
from .physical import resolve
from ..transport import dephasing
from ..transport.landauer import (TWO_TERMINAL_OBSERVABLES, check_observables,
                                  open_modes)
from ..transport.system import as_device, check_energy
from ..transport.thermal import check_temperature

__all__ = ["Plan", "make_plan", "sweep_points", "TRANSPORT_OPTIONS", "check_probes",
           "MAX_SEEDS", "MAX_SWEEP_VALUES"]

#: Largest number of seeds of one ensemble (the store keeps one chunk per seed and an
#: in-memory mask over all of them; 10^7 samples is months of CPU for a useful device).
MAX_SEEDS = 10**7
#: Largest number of values along one sweep axis.
MAX_SWEEP_VALUES = 10**5


def check_probes(value):
    """A named probe layout (the only kind an ensemble can record)."""
    if not isinstance(value, str):
        raise ValueError(f"probes must be one of {', '.join(dephasing.PROBE_PATTERNS)} in an "
                         f"ensemble (a named layout is stored with the data), got {value!r}")
    dephasing.probe_grid_stride(value)
    return value


#: Transport options that are not Hamiltonian parameters but can be fixed or swept:
#: name -> (validator, default).  ``dephasing``: Buttiker-probe coupling eta (t).
TRANSPORT_OPTIONS = {"dephasing": (dephasing.check_dephasing, 0.0),
                     "probes": (check_probes, "all"),
                     "temperature": (check_temperature, 0.0)}


@dataclasses.dataclass(frozen=True)
class Plan:
    """A validated ensemble configuration: everything that determines the results.

    ``axes``: dimension name -> `physics.ensembles.physical.Axis` (coordinate values
    and unit, and the lattice parameters each sets); ``energy`` and ``fixed`` in
    lattice units; ``physical``: the physical inputs with ``units`` (else None).
    """

    device: object
    energy: float | None
    seeds: tuple
    axes: dict
    fixed: dict
    observables: tuple
    n_channels: int
    n_leads: int
    physical: dict | None = None

    @property
    def sweep(self):
        """The sweep coordinates: dimension name -> values (in the axis's unit)."""
        return {name: axis.values for name, axis in self.axes.items()}

    @property
    def sweep_parameters(self):
        """Dimension name -> {lattice parameter: values}: what `sweep_points` iterates."""
        return {name: axis.parameters for name, axis in self.axes.items()}

    @property
    def shape(self):
        """The sweep grid's shape (one axis per swept parameter)."""
        return tuple(len(axis.values) for axis in self.axes.values())

    def config(self):
        """The plan as JSON-compatible data (recorded in the store and the dataset).

        With physical units it records the physical inputs and the `devices.Units`
        (a rerun converts them again); without, the lattice values.
        """
        config = {
            "device": provenance.describe_device(self.device),
            "energy": self.energy,
            "seeds": list(self.seeds),
            "sweep": {k: [float(x) for x in v] for k, v in self.sweep.items()},
            "fixed": {k: provenance.jsonable(v) for k, v in self.fixed.items()},
            "observables": list(self.observables),
        }
        if self.physical is not None:
            config["units"] = self.physical["units"]
            config["energy"] = self.physical["energy"]
            config["fixed"] = {k: provenance.jsonable(v)
                               for k, v in self.physical["fixed"].items()}
        return config


def make_plan(device, energy, seeds, sweep, observables, fixed, units=None):
    """Check the arguments of `physics.ensemble` and return the `Plan`."""
    device = as_device(device)
    specs = device.parameter_specs
    if "seed" not in specs:
        raise TypeError("the device has no 'seed' parameter: its Hamiltonian does not depend "
                        "on a disorder seed, so there is no ensemble to run (a Kwant system's "
                        "value functions must take 'seed')")
    seeds = _check_seeds(seeds, specs["seed"])
    if "seed" in fixed:
        raise TypeError("pass seeds=, not seed=")
    inputs = resolve(device, units, energy, sweep, fixed)
    axes = _check_axes(inputs.axes, specs)
    swept = {name for axis in axes.values() for name in axis.parameters}
    energy = inputs.energy
    if "energy" in swept:
        if energy is not None:
            raise TypeError("energy is swept: do not also pass energy=")
    else:
        if energy is None:
            raise TypeError("energy is required (t from the band bottom, or meV with units=) "
                            "unless swept")
        energy = check_energy(energy)
    fixed = _check_fixed(inputs.fixed, swept, specs)
    options = set(fixed) | swept
    observables = _check_observables(observables, device.n_leads,
                                     "dephasing" in options, "temperature" in options)
    n_channels = 0
    if "transmission_eigenvalues" in observables:
        lead_params = {k: v for k, v in fixed.items() if k not in TRANSPORT_OPTIONS}
        n_channels = max(open_modes(device, point.pop("energy", energy), 0,
                                    **lead_params, **point)
                         for point in sweep_points({n: a.parameters for n, a in axes.items()}))
    return Plan(device, energy, seeds, axes, fixed, observables, n_channels, device.n_leads,
                inputs.physical)


def _check_seeds(seeds, spec):
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds must be an iterable of non-negative integers, got {seeds!r}")
    count = len(seeds) if hasattr(seeds, "__len__") else None
    if count is None:  # a generator: read at most one beyond the limit
        seeds = list(itertools.islice(seeds, MAX_SEEDS + 1))
        count = len(seeds)
    if count > MAX_SEEDS:
        raise ValueError(f"seeds: more than MAX_SEEDS = {MAX_SEEDS:.0e} seeds "
                         f"(physics.ensembles.plan.MAX_SEEDS), got {count}"
                         f"{' or more' if count == MAX_SEEDS + 1 else ''}")
    seeds = tuple(spec.check("seeds", s) for s in seeds)
    if not seeds:
        raise ValueError("seeds must not be empty")
    if len(set(seeds)) != len(seeds):
        raise ValueError("seeds must not repeat")
    return seeds


def _check_axes(axes, specs):
    """Each axis's coordinate and lattice values checked (arrays of floats)."""
    checked = {}
    for dim, axis in axes.items():
        label = f"sweep[{dim!r}]"
        coordinate = _sweep_array(label, axis.values)
        parameters = {}
        for name, values in axis.parameters.items():
            if name == "seed":
                raise ValueError("seed cannot be swept: pass seeds=")
            if name == "probes":
                raise ValueError("probes cannot be swept: pass probes= (fixed)")
            if name != "energy" and name not in specs and name not in TRANSPORT_OPTIONS:
                raise TypeError(f"{label}: unknown parameter{'' if name == dim else ' ' + name}; "
                                "sweepable: energy, " + ", ".join(TRANSPORT_OPTIONS) + ", "
                                + ", ".join(n for n in specs if n != "seed"))
            values = _sweep_array(label, values)
            if name == "energy":
                check = check_energy
            elif name in TRANSPORT_OPTIONS:
                check = TRANSPORT_OPTIONS[name][0]
            else:
                check = (lambda v, n=name: specs[n].check(label, v))
            parameters[name] = np.array([check(v.item()) for v in values])
        if not axis.converted:  # a lattice (or gate-voltage) axis: the checked values
            coordinate = parameters[dim]
        checked[dim] = dataclasses.replace(axis, values=coordinate, parameters=parameters)
    return checked


def _sweep_array(label, values):
    values = np.atleast_1d(np.asarray(values))
    if values.size > MAX_SWEEP_VALUES:
        raise ValueError(f"{label}: {values.size} values is beyond MAX_SWEEP_VALUES = "
                         f"{MAX_SWEEP_VALUES:.0e} (physics.ensembles.plan.MAX_SWEEP_VALUES)")
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"{label} must be a non-empty 1-d sequence")
    return values


def _check_fixed(fixed, sweep, specs):
    clash = sorted(set(fixed) & set(sweep))
    if clash:
        raise TypeError(f"{', '.join(clash)} both fixed and swept")
    unknown = sorted(set(fixed) - set(specs) - set(TRANSPORT_OPTIONS))
    if unknown:
        raise TypeError(f"unknown parameter(s) {', '.join(unknown)}; known: "
                        + ", ".join(n for n in specs if n != "seed") + ", "
                        + ", ".join(TRANSPORT_OPTIONS))
    fixed = {name: (TRANSPORT_OPTIONS[name][0](value) if name in TRANSPORT_OPTIONS
                    else specs[name].check(name, value))
             for name, value in fixed.items()}
    required = [name for name, spec in specs.items() if name != "seed"
                and name not in fixed and name not in sweep and spec.required]
    if required:
        raise TypeError(f"the device needs parameter(s) {', '.join(required)}: fix them "
                        "(keyword arguments) or sweep them")
    return fixed


def _check_observables(observables, n_leads, dephased, thermal):
    """None: conductance, or the conductance matrix beyond two leads; that one always first."""
    observables = check_observables(() if observables is None else observables,
                                    dephasing=dephased, temperature=False)
    if n_leads == 2:
        observables = ("conductance",) + tuple(o for o in observables if o != "conductance")
    else:
        two_terminal = sorted(set(observables) & set(TWO_TERMINAL_OBSERVABLES))
        if two_terminal:
            raise ValueError(f"{', '.join(two_terminal)} need a two-terminal device; this one "
                             f"has {n_leads} leads (use conductance_matrix)")
        observables = ("conductance_matrix",) + tuple(
            o for o in observables if o != "conductance_matrix")
    return check_observables(observables, dephasing=dephased, temperature=thermal)


def sweep_points(parameters):
    """Every sweep point as a dict of lattice parameters, in C order of the sweep grid.

    ``parameters``: dimension -> {lattice parameter: values} (`Plan.sweep_parameters`).
    """
    axes = list(parameters.values())
    shape = tuple(len(next(iter(axis.values()))) for axis in axes)
    for index in np.ndindex(*shape):
        yield {name: values[i].item()
               for axis, i in zip(axes, index) for name, values in axis.items()}
