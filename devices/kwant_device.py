"""Your own Kwant system as a device: `from_kwant`.

``devices.from_kwant(builder)`` (a ``kwant.Builder`` with leads, a finalized
system, or a ``"package.module:function"`` that returns one) gives a device
that every part of the project accepts: conductance, conductance matrices,
transmission eigenvalues, ensembles, dephasing probes, wave functions and
current maps, the CLI.  Its solve-time parameters are the names its value
functions take (Kwant's ``params``), validated by name; ``seed`` is the
disorder seed of ensembles when the value functions take it.

The fast solver calls the system's own value functions (`KwantAssembler`:
the system's Hamiltonian *is* the model here; each group of elements is
re-evaluated only when the parameters its function takes change, and the first
matrix is compared with Kwant's ``hamiltonian_submatrix``), caches the lead
self-energies on the values of the parameters the leads take, and reuses the
MUMPS analysis; results equal ``kwant.smatrix`` to ~1e-13.
"""

import importlib
import numbers
import uuid
from functools import cached_property

import kwant
import numpy as np
import scipy.sparse

from .base import REQUIRED as _REQUIRED, RESERVED_NAMES, Parameter

__all__ = ["from_kwant", "KwantDevice", "KwantAssembler"]

#: Devices made from system objects (not from an importable factory), by token, so
#: that a forked worker process finds them (`KwantDevice.__reduce__`).
_REGISTRY = {}


def from_kwant(system, *, defaults=None, **arguments):
    """A device from a Kwant system.

    Parameters
    ----------
    system : kwant.Builder, kwant.system.FiniteSystem, callable or str
        A builder with leads attached (finalized here), a finalized system, or
        a factory returning either: a callable or its import path
        ``"package.module:function"``, called with ``arguments``.  Use a
        factory for ensembles on Dask or other spawned workers: the device is
        then rebuilt from it in each worker (and from a stored dataset by
        `physics.rerun`).
    defaults : dict, optional
        Default values of solve-time parameters (Kwant value functions cannot
        have defaults).  ``seed`` defaults to 0 when the value functions take it.
    **arguments
        Keyword arguments of the factory.

    Returns
    -------
    KwantDevice

    Examples
    --------
    >>> def make_wire(width=10, length=30):
    ...     lat = kwant.lattice.square(norbs=1)
    ...     syst = kwant.Builder()
    ...     def onsite(site, disorder, seed):
    ...         return 4 + disorder * (kwant.digest.uniform(repr(site), str(seed)) - 0.5)
    ...     syst[(lat(x, y) for x in range(length) for y in range(width))] = onsite
    ...     syst[lat.neighbors()] = -1
    ...     lead = kwant.Builder(kwant.TranslationalSymmetry((-1, 0)))
    ...     lead[(lat(0, y) for y in range(width))] = 4
    ...     lead[lat.neighbors()] = -1
    ...     syst.attach_lead(lead); syst.attach_lead(lead.reversed())
    ...     return syst
    >>> wire = devices.from_kwant(make_wire, width=12, defaults={"disorder": 0.0})
    >>> physics.conductance(wire, 1.0, disorder=1.5, seed=3)
    """
    factory = None
    if isinstance(system, str):
        factory = system
        system = _import(system)
    if callable(system) and not isinstance(system, (kwant.Builder, kwant.system.System)):
        if factory is None:
            factory = _path_of(system)
        try:
            built = system(**arguments)
        except TypeError as error:
            raise TypeError(f"from_kwant: calling the factory {factory or system!r} with "
                            f"{arguments}: {error}") from None
        system = built
    elif arguments:
        raise TypeError(f"from_kwant got arguments {sorted(arguments)} but no factory to "
                        "pass them to")
    return KwantDevice(system, factory=factory, arguments=arguments, defaults=defaults)


def import_factory(path):
    """The function named by ``"package.module:function"`` (ValueError naming what is missing)."""
    return _import(path)


def _import(path):
    module_name, _, name = path.partition(":")
    if not module_name or not name:
        raise ValueError(f"a factory path must look like 'package.module:function', got {path!r}")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise ValueError(f"cannot import {module_name!r} for the factory {path!r}: {error}") \
            from None
    try:
        function = getattr(module, name)
    except AttributeError:
        raise ValueError(f"module {module_name!r} has no {name!r} (factory {path!r})") from None
    if not callable(function):
        raise TypeError(f"{path!r} is not callable")
    return function


def _path_of(function):
    """``module:qualname`` when ``function`` can be imported by it again, else None."""
    module, name = getattr(function, "__module__", None), getattr(function, "__qualname__", "")
    if not module or "<" in name or module == "__main__":
        return None
    try:
        return f"{module}:{name}" if _import(f"{module}:{name}") is function else None
    except (ValueError, TypeError):
        return None


def _check_any(name, value):
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        if not np.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value}")
    return value


class KwantDevice:
    """A finalized Kwant system with the device interface (see `from_kwant`).

    Attributes
    ----------
    finalized : kwant.system.FiniteSystem
    factory : str or None
        Import path of the factory that built it, if any.
    arguments : dict
        The factory's arguments.
    """

    def __init__(self, system, factory=None, arguments=None, defaults=None):
        if isinstance(system, kwant.Builder):
            if not system.leads:
                raise ValueError("from_kwant: the builder has no leads; attach at least one "
                                 "(builder.attach_lead) before transport")
            if system.symmetry.num_directions:
                raise ValueError("from_kwant needs a finite system with leads, not a lead "
                                 "(a builder with a translational symmetry)")
            system = system.finalized()
        if not isinstance(system, kwant.system.FiniteSystem):
            raise TypeError(f"from_kwant needs a kwant.Builder, a finalized system or a "
                            f"factory, got {type(system).__name__}")
        if not system.leads:
            raise ValueError("from_kwant: the system has no leads; attach at least one before "
                             "finalizing")
        self.finalized = system
        self.factory = factory
        self.arguments = dict(arguments or {})
        self._token = uuid.uuid4().hex if factory is None else None
        if self._token is not None:
            _REGISTRY[self._token] = self
        names = set(system.parameters or ())
        lead_names = set()
        for k, lead in enumerate(system.leads):
            parameters = getattr(lead, "parameters", None)
            if parameters is None:
                raise ValueError(f"from_kwant: the parameters of lead {k} cannot be determined "
                                 "(value functions with *args); name them explicitly")
            lead_names |= set(parameters)
        names |= lead_names
        clash = sorted(names & RESERVED_NAMES)
        if clash:
            raise ValueError(f"from_kwant: value-function parameter(s) {', '.join(clash)} clash "
                             "with reserved names of this project; rename them")
        defaults = dict(defaults or {})
        unknown = sorted(set(defaults) - names)
        if unknown:
            raise TypeError(f"from_kwant: defaults for parameter(s) {', '.join(unknown)} that no "
                            f"value function takes (known: {', '.join(sorted(names))})")
        if "seed" in names:
            defaults.setdefault("seed", 0)
        self._specs = {}
        for name in sorted(names):
            check = _check_seed if name == "seed" else _check_any
            self._specs[name] = Parameter(
                name, defaults.get(name, _REQUIRED), check,
                "Parameter of the Kwant system's value functions.", lead=name in lead_names)
        self.norbs = _uniform_norbs(system)
        self.dimension = len(system.sites[0].pos)
        self.spin = False  # no model terms of its own: what the system defines is what it is

    # --- identity, pickling -------------------------------------------------------

    def _identity(self):
        if self.factory is not None:
            return ("factory", self.factory, repr(sorted(self.arguments.items())),
                    repr(sorted((n, s.default) for n, s in self._specs.items())))
        return ("object", self._token)

    def __eq__(self, other):
        return isinstance(other, KwantDevice) and self._identity() == other._identity()

    def __hash__(self):
        return hash(self._identity())

    def __repr__(self):
        if self.factory is not None:
            args = ", ".join(f"{k}={v!r}" for k, v in self.arguments.items())
            return f"from_kwant({self.factory!r}{', ' if args else ''}{args})"
        return f"from_kwant(<Kwant system, {len(self.finalized.sites)} sites, " \
               f"{len(self.finalized.leads)} leads>)"

    def __reduce__(self):
        defaults = {n: s.default for n, s in self._specs.items() if s.default is not _REQUIRED}
        if self.factory is not None:
            return (_rebuild, (self.factory, self.arguments, defaults))
        return (_from_registry, (self._token,))

    @property
    def portable(self):
        """True when the device can be rebuilt in another process (made from a factory)."""
        return self.factory is not None

    # --- the device interface -------------------------------------------------------

    @property
    def parameter_specs(self):
        return dict(self._specs)

    @property
    def parameters(self):
        return {name: spec.default for name, spec in self._specs.items()}

    def solve_params(self, **params):
        """Validated ``params``: unknown names raise TypeError, missing required ones too."""
        unknown = sorted(set(params) - set(self._specs))
        if unknown:
            raise TypeError(f"the Kwant system got unknown parameter(s) {', '.join(unknown)}; "
                            f"known: {', '.join(self._specs) or '(none)'}")
        out = {}
        missing = []
        for name, spec in self._specs.items():
            value = params.get(name, spec.default)
            if value is _REQUIRED:
                missing.append(name)
                continue
            out[name] = spec.check(name, value)
        if missing:
            raise TypeError(f"the Kwant system needs parameter(s) {', '.join(missing)} (no "
                            "default; pass them, or give from_kwant(..., defaults=...))")
        return out

    @property
    def n_leads(self):
        return len(self.finalized.leads)

    @property
    def site_positions(self):
        return np.array([site.pos for site in self.finalized.sites], dtype=float)

    @cached_property
    def assembly(self):
        """The system's Hamiltonian as the fast solvers need it (`KwantAssembler`)."""
        return KwantAssembler(self)


def _check_seed(name, value):
    from .validation import check_seed
    return check_seed(name, value)


def _uniform_norbs(system):
    norbs = {site.family.norbs for site in system.sites}
    if None in norbs:
        raise ValueError("from_kwant needs the number of orbitals of every lattice: create the "
                         "lattices with norbs=... (e.g. kwant.lattice.square(norbs=1))")
    if len(norbs) != 1:
        raise ValueError(f"from_kwant needs the same number of orbitals on every site, got "
                         f"{sorted(norbs)}")
    return norbs.pop()


def _rebuild(factory, arguments, defaults):
    return from_kwant(factory, defaults=defaults, **arguments)


def _from_registry(token):
    try:
        return _REGISTRY[token]
    except KeyError:
        raise RuntimeError(
            "this device was made from a Kwant system object, which exists only in the "
            "process that made it (and in processes forked from it); for Dask or spawned "
            "workers build it with devices.from_kwant('package.module:function', ...)") from None


class KwantAssembler:
    """A Kwant system's Hamiltonian in a fixed sparsity structure, for the fast solvers.

    The elements are the system's own value functions, called as Kwant calls
    them (``value(site, *params)``, the reverse of a stored hopping conjugated),
    but each group of elements that share a value function is re-evaluated
    only when the parameters *that function takes* change: in an ensemble
    sweeping a field at a fixed seed the on-site disorder is not recomputed,
    and across seeds the field-dependent hoppings are not.  On the first
    evaluation the matrix is compared with Kwant's ``hamiltonian_submatrix``
    (a `devices.ModelMismatchError` if they differ).  Structure: the on-site
    blocks (whose diagonal `diagonal` indexes), then every bond ``i < j`` and its
    Hermitian partner.  Attribute names follow `devices.assembly.HamiltonianAssembler`.
    """

    def __init__(self, device):
        self.device = device
        fsyst = device.finalized
        n = self.norbs = device.norbs
        self.n_sites = len(fsyst.sites)
        self.size = self.n_sites * n
        self.positions = device.site_positions
        self.tags = np.array([site.tag for site in fsyst.sites], dtype=np.int64)
        graph = fsyst.graph
        pairs = [(i, j) for i in range(self.n_sites) for j in graph.out_neighbors(i) if i < j]
        self.to_index = np.array([p[0] for p in pairs], dtype=np.int64).reshape(-1)
        self.from_index = np.array([p[1] for p in pairs], dtype=np.int64).reshape(-1)
        a, b = (m.ravel() for m in np.meshgrid(np.arange(n), np.arange(n), indexing="ij"))
        sites = np.arange(self.n_sites)
        onsite_rows, onsite_cols = (sites[:, None] * n + a).ravel(), (sites[:, None] * n + b).ravel()
        hop_rows = (self.to_index[:, None] * n + a).ravel()
        hop_cols = (self.from_index[:, None] * n + b).ravel()
        self.rows = np.concatenate([onsite_rows, hop_rows, hop_cols])
        self.cols = np.concatenate([onsite_cols, hop_cols, hop_rows])
        self.diagonal = np.nonzero(self.rows == self.cols)[0][:self.size]
        self._onsite_groups = _groups([fsyst.onsites[i] for i in range(self.n_sites)])
        self._hopping_elements = [self._stored_hopping(i, j) for i, j in pairs]
        self._hopping_groups = _groups([(value, names) for value, names, _, _ in
                                        self._hopping_elements])
        self._cache = {}
        self._checked = False

    def _stored_hopping(self, i, j):
        """``(value, names, (site_a, site_b), conjugate)`` of H[i, j] as Kwant finds it."""
        fsyst = self.device.finalized
        graph = fsyst.graph
        value, names = fsyst.hoppings[graph.first_edge_id(i, j)]
        conjugate = value is kwant.builder.Other
        a, b = i, j
        if conjugate:
            a, b = j, i
            value, names = fsyst.hoppings[graph.first_edge_id(a, b)]
        return value, names, (fsyst.sites[a], fsyst.sites[b]), conjugate

    def _evaluate(self, kind, groups, params, element):
        out = []
        for key, (value, names, members) in groups.items():
            if isinstance(names, Exception):
                raise names
            arguments = None if names is None else tuple(params[name] for name in names)
            cached = self._cache.get((kind, key))
            if cached is not None and _same(cached[0], arguments):
                out.append((members, cached[1]))
                continue
            values = np.array([element(k, value, arguments) for k in members], dtype=complex)
            values = values.reshape(len(members), self.norbs, self.norbs)
            self._cache[(kind, key)] = (arguments, values)
            out.append((members, values))
        return out

    def _onsite(self, k, value, arguments):
        if arguments is None:
            return value
        return value(self.device.finalized.sites[k], *arguments)

    def _hop(self, k, value, arguments):
        _, _, (a, b), conjugate = self._hopping_elements[k]
        result = value if arguments is None else value(a, b, *arguments)
        result = np.asarray(result, dtype=complex).reshape(self.norbs, self.norbs)
        return result.conj().T if conjugate else result

    def values(self, params):
        """Matrix elements in the order of ``(rows, cols)``."""
        n = self.norbs
        onsite = np.zeros((self.n_sites, n, n), dtype=complex)
        for members, values in self._evaluate("onsite", self._onsite_groups, params, self._onsite):
            onsite[members] = values
        hop = np.zeros((len(self.to_index), n, n), dtype=complex)
        for members, values in self._evaluate("hop", self._hopping_groups, params, self._hop):
            hop[members] = values
        result = np.concatenate([onsite.ravel(), hop.ravel(), hop.conj().ravel()])
        if not self._checked:
            self._check(result, params)
        return result

    def _check(self, values, params):
        from .assembly import check_against_kwant
        self._checked = True
        check_against_kwant(self.device, lambda p: scipy.sparse.coo_matrix(
            (values, (self.rows, self.cols)), shape=(self.size, self.size)), params=params)

    def matrix(self, params):
        return scipy.sparse.coo_matrix((self.values(params), (self.rows, self.cols)),
                                       shape=(self.size, self.size))


def _groups(elements):
    """Element indices grouped by (value function, its parameter names)."""
    groups = {}
    for k, (value, names) in enumerate(elements):
        key = (id(value), names if not isinstance(names, Exception) else id(names))
        if key not in groups:
            groups[key] = (value, names, [])
        groups[key][2].append(k)
    return {key: (value, names, np.array(members, dtype=np.int64))
            for key, (value, names, members) in groups.items()}


def _same(old, new):
    if old is None or new is None:
        return old is new
    if len(old) != len(new):
        return False
    for a, b in zip(old, new):
        if a is b:
            continue
        try:
            equal = a == b
            if isinstance(equal, np.ndarray):
                equal = equal.shape == () and bool(equal) or (
                    isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
                    and a.shape == b.shape and bool(np.all(equal)))
            if not equal:
                return False
        except Exception:
            return False
    return True
