"""The model's Hamiltonian of a device's scattering region as a sparse matrix, for the fast solvers.

The matrix elements are the device's own `Device.onsite` and `Device.hopping`
evaluated on every site and bond at once (the same functions Kwant's value
functions read, `devices.kwant_values`), placed in a fixed sparsity
structure so that a sparse solver can reuse its analysis from one disorder
realization to the next.  Orbital ordering is Kwant's: site ``i`` of
``device.finalized.sites`` owns rows ``i * norbs ... i * norbs + norbs - 1``.
The fast solvers check once per device that this matrix equals Kwant's
``hamiltonian_submatrix`` (`check_against_kwant`).
"""

import numpy as np
import scipy.sparse

from .model import Bonds, ModelMismatchError, Sites

__all__ = ["HamiltonianAssembler", "check_against_kwant", "structure_probe_params"]


class HamiltonianAssembler:
    """Sites and bonds of a device's finalized system; `matrix` gives H for any parameters.

    Parameters
    ----------
    device : devices.Device
    extra_bonds : devices.model.Bonds, optional
        Bonds that are not in the Kwant graph (the wrap-around bonds of a
        closed ring), appended after the graph's bonds; their ends must be
        sites of the scattering region (``extra_to_index``, ``extra_from_index``).
    extra_to_index, extra_from_index : array_like of int, optional
        Site indices of the ends of ``extra_bonds``.
    """

    def __init__(self, device, extra_bonds=None, extra_to_index=None, extra_from_index=None):
        self.device = device
        fsyst = device.finalized
        self.norbs = device.norbs
        self.n_sites = len(fsyst.sites)
        self.size = self.n_sites * self.norbs
        lattice = device.site_lattice
        self.sites = Sites.from_kwant(lattice, fsyst.sites)
        self.positions = self.sites.positions
        pairs = [(i, j) for i in range(self.n_sites)
                 for j in fsyst.graph.out_neighbors(i) if i < j]
        self.to_index = np.array([p[0] for p in pairs], dtype=np.int64)
        self.from_index = np.array([p[1] for p in pairs], dtype=np.int64)
        self.n_graph_bonds = len(pairs)
        self.bonds = Bonds(_subset(self.sites, self.to_index), _subset(self.sites, self.from_index))
        if extra_bonds is not None:
            self.to_index = np.concatenate([self.to_index, np.asarray(extra_to_index, np.int64)])
            self.from_index = np.concatenate([self.from_index,
                                              np.asarray(extra_from_index, np.int64)])
            self.bonds = _concatenate(lattice, self.bonds, extra_bonds)
        self.rows, self.cols = self._structure()
        #: Positions in `values` of the diagonal entry of every orbital (on-site blocks).
        self.diagonal = np.nonzero(self.rows == self.cols)[0][:self.size]
        self.tags = self.sites.tags

    def _structure(self):
        """Fixed (row, col) pattern: on-site blocks, then hoppings i->j and j->i."""
        n = self.norbs
        a, b = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
        a, b = a.ravel(), b.ravel()
        sites = np.arange(self.n_sites)
        onsite_rows = (sites[:, None] * n + a).ravel()
        onsite_cols = (sites[:, None] * n + b).ravel()
        hop_rows = (self.to_index[:, None] * n + a).ravel()
        hop_cols = (self.from_index[:, None] * n + b).ravel()
        rows = np.concatenate([onsite_rows, hop_rows, hop_cols])
        cols = np.concatenate([onsite_cols, hop_cols, hop_rows])
        return rows, cols

    def onsite_values(self, params):
        """`Device.onsite` of every site: (n_sites,) or (n_sites, norbs, norbs)."""
        return self.device.onsite(self.sites, params)

    def hopping_values(self, params):
        """`Device.hopping` of every bond (to <- from): (n_bonds,) or (n_bonds, norbs, norbs)."""
        return self.device.hopping(self.bonds, params)

    def values(self, params):
        """Matrix elements in the order of ``(rows, cols)``; ``params`` from `solve_params`."""
        onsite = np.asarray(self.onsite_values(params))
        hop = np.asarray(self.hopping_values(params), dtype=complex)
        if self.norbs == 1:
            return np.concatenate([onsite.astype(complex), hop, hop.conj()])
        # (j, i) entries: the conjugate of the (i, j) entries, element by element
        # (row a, col b of block (j, i) = conj of row b, col a of block (i, j)).
        return np.concatenate([onsite.astype(complex).ravel(), hop.ravel(),
                               hop.conj().ravel()])

    def matrix(self, params):
        """H as a scipy.sparse COO matrix with the fixed structure (duplicates not summed)."""
        return scipy.sparse.coo_matrix((self.values(params), (self.rows, self.cols)),
                                       shape=(self.size, self.size))


def _subset(sites, index):
    subset = Sites(sites.lattice, sites.sublattice[index], sites.tags[index], lead=sites.lead,
                   positions=sites.positions[index])
    return subset


def _concatenate(lattice, first, second):
    def join(a, b):
        return Sites(lattice, np.concatenate([a.sublattice, b.sublattice]),
                     np.concatenate([a.tags, b.tags]),
                     positions=np.concatenate([a.positions, b.positions]))
    return Bonds(join(first.to, second.to), join(first.frm, second.frm),
                 displacement=np.concatenate([first.displacement, second.displacement]),
                 keys=np.concatenate([first.keys, second.keys]),
                 orientation=np.concatenate([first.orientation, second.orientation]),
                 extra_phase=np.concatenate([first.extra_phase, second.extra_phase]))


#: Generic values tried for the real-valued parameters in `check_against_kwant`: every
#: term the parameters switch on is then present in the compared matrices.
_PROBE_VALUES = (0.37, 0.013, 0.29, 0.61, 0.11, 0.23, 0.43, 0.07)


def structure_probe_params(device):
    """One parameter set with every term switched on (a non-default value for each parameter)."""
    specs = device.parameter_specs
    params = {}
    # The potential's own parameters keep their defaults: what values are safe is the
    # user's business (the potential is one function whichever consumer calls it).
    potential_names = set(getattr(device, "potential_parameter_names", ()))
    for k, (name, spec) in enumerate(specs.items()):
        if name in potential_names:
            continue
        default = spec.default
        candidates = []
        if getattr(spec, "probe", None) is not None:
            candidates = [spec.probe]
        elif name == "seed":
            candidates = [7]
        elif isinstance(default, tuple):
            candidates = [(0.3, -0.5, 0.8)]
        elif isinstance(default, (int, float)) and not isinstance(default, bool):
            candidates = [default + _PROBE_VALUES[k % len(_PROBE_VALUES)] * (1 + abs(default)),
                          default + 0.1]
        for value in candidates:
            try:
                params[name] = spec.check(name, value)
                break
            except (TypeError, ValueError):
                continue
    return device.solve_params(**params)


def check_against_kwant(device, matrix_function, params=None, tolerance=1e-10):
    """Raise `devices.ModelMismatchError` unless ``matrix_function(params)`` equals Kwant's H.

    Parameters
    ----------
    device : devices.Device
    matrix_function : callable
        ``params -> scipy.sparse matrix`` of a fast solver, in Kwant's orbital order.
    params : dict, optional
        Default: `structure_probe_params`.
    tolerance : float
        Largest allowed ``max |H_fast - H_kwant|`` relative to ``max |H_kwant|``.
    """
    params = structure_probe_params(device) if params is None else params
    fast = scipy.sparse.csr_matrix(matrix_function(params))  # the model's own errors first
    reference = device.finalized.hamiltonian_submatrix(params=params, sparse=True).tocsr()
    if fast.shape != reference.shape:
        raise ModelMismatchError(
            f"{type(device).__name__}: the fast solver's Hamiltonian has shape {fast.shape}, "
            f"Kwant's {reference.shape}")
    difference = abs(fast - reference).max() if fast.nnz or reference.nnz else 0.0
    scale = max(abs(reference).max(), 1.0)
    if not difference <= tolerance * scale:
        raise ModelMismatchError(
            f"{type(device).__name__}: the fast solver's Hamiltonian differs from Kwant's by "
            f"{difference:.3g} t (parameters {params}).  The device's Kwant system has terms "
            "its model (onsite/hopping) does not: define every term in Device.onsite and "
            "Device.hopping, or use solver='kwant'.")
