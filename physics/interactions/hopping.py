"""Variable-range hopping deep in the localized phase (docs/theory/interactions.md#variable-range-hopping).

A strongly disordered sample conducts at low temperature by phonon-assisted
hops between localized states.  This module provides the three ingredients:

1. *Localized states of a closed sample* (`localized_states`,
   `closed_sample_states`): from the eigenvectors of the scattering region's
   Hamiltonian, each state's energy, centre (``|psi|^2``-weighted position) and
   localization length xi, the decay length of the wave function
   ``|psi(r)| ~ exp(-|r - centre| / xi)``, obtained by a least-squares fit of
   ``ln|psi|`` against the distance from the centre (`decay_length`).  This is
   the same xi as the transfer-matrix length lambda (``<ln g> = -2 L / lambda``,
   `physics.scaling`).
2. *Miller-Abrahams resistor network* (`miller_abrahams_resistance`): sites are
   localized states, the bond conductances are (Miller & Abrahams, Phys. Rev.
   120, 745 (1960); Ambegaokar, Halperin & Langer, PRB 4, 2612 (1971);
   Shklovskii & Efros, *Electronic Properties of Doped Semiconductors*
   (Springer 1984), §4.2, eq. 4.2.20 for epsilon_ij)::

       G_ij = G0 exp(-xi_ij),
       xi_ij = 2 r_ij / xi + (|E_i - mu| + |E_j - mu| + |E_i - E_j|) / (2 k_B T),

   and two electrodes (planes x = 0 and x = length) act as sites at energy mu,
   so a site at distance d from an electrode is joined to it by
   ``G0 exp(-2 d / xi - |E_i - mu| / k_B T)``.  Kirchhoff's equations of the
   network are solved with a sparse LU factorization (scipy.sparse) for R(T).
3. *Coulomb gap* (`coulomb_glass`): Efros's classical Coulomb glass -- sites
   with random energies, a compensating background charge, occupations in a
   pseudo-ground state stable against every single-electron transfer.  Its
   single-particle energies have a density of states vanishing at mu (linearly
   in 2D, quadratically in 3D; Efros & Shklovskii, J. Phys. C 8, L49 (1975));
   the same network then gives ``ln R ~ (T_ES / T)^(1/2)``.

Units: k_B = 1 (temperatures are energies, in the units of the site energies:
t for Kwant samples), lengths in lattice constants, G0 = 1 (``ln R`` is the
logarithm of R in units of 1/G0).  Energies in the network functions are
absolute; ``chemical_potential`` says where mu is.

The analytic laws compared with (`mott_temperature`,
`efros_shklovskii_temperature`, `coulomb_gap_dos` = the Efros-Shklovskii DOS,
`MOTT_BETA`, `EFROS_SHKLOVSKII_BETA`) are in `physics.theory.interactions`, the
fits (`decay_length`, `fit_hopping_law`) in `physics.analysis.interaction_fits`,
the Coulomb matrix in `physics.interactions.coulomb`; all are also attributes
of this module.
"""

import dataclasses

import numpy as np
import scipy.sparse
import scipy.sparse.csgraph
import scipy.sparse.linalg
import scipy.spatial

from devices.validation import (check_count, check_positive, check_real, check_real_array)

from ..analysis.interaction_fits import decay_length, fit_hopping_law
from ..theory.interactions import (EFROS_SHKLOVSKII_BETA, MOTT_BETA,
                                   efros_shklovskii_dos as coulomb_gap_dos,
                                   efros_shklovskii_temperature, mott_temperature)
from .coulomb import coulomb_matrix

__all__ = ["LocalizedStates", "decay_length", "localized_states", "closed_sample_states",
           "density_of_states", "NetworkResult", "bond_exponents",
           "miller_abrahams_resistance", "CoulombGlass", "coulomb_glass", "fit_hopping_law",
           "MOTT_BETA", "EFROS_SHKLOVSKII_BETA", "mott_temperature",
           "efros_shklovskii_temperature", "coulomb_gap_dos"]


def _positions(name, positions, n=None):
    positions = check_real_array(name, positions, ndim=2)
    if positions.shape[1] not in (1, 2, 3):
        raise ValueError(f"{name} must be an array of shape (n, d) with d = 1, 2 or 3, "
                         f"got shape {positions.shape}")
    if n is not None and len(positions) != n:
        raise ValueError(f"{name} must have {n} rows, got {len(positions)}")
    return positions


# --- Localized states of a closed sample ------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class LocalizedStates:
    """Eigenstates of a closed sample, one entry per state.

    Attributes
    ----------
    energies : ndarray, shape (n,)
        Eigenvalues (t from the band bottom).
    centres : ndarray, shape (n, d)
        ``|psi|^2``-weighted positions (lattice constants).
    localization_lengths : ndarray, shape (n,)
        Decay lengths xi of ``|psi|`` (lattice constants), from `decay_length`.
    participation_ratios : ndarray, shape (n,)
        ``1 / sum |psi|^4`` (number of sites), for comparison only.
    n_sites : int
        Number of sites of the sample (for densities of states per site).
    """

    energies: np.ndarray
    centres: np.ndarray
    localization_lengths: np.ndarray
    participation_ratios: np.ndarray
    n_sites: int


def localized_states(hamiltonian, positions, *, energy_window=None, depth=25.0):
    """Energies, centres and decay lengths of the eigenstates of a closed sample.

    Parameters
    ----------
    hamiltonian : array_like or scipy.sparse matrix, shape (n_sites * norbs,) * 2
        Hermitian Hamiltonian in Kwant orbital order (site i owns rows
        ``i * norbs .. i * norbs + norbs - 1``); diagonalized densely.
    positions : array_like, shape (n_sites, d)
        Site positions (lattice constants).
    energy_window : (float, float), optional
        Keep only states with energies inside (t).
    depth : float
        Amplitude range (natural log) used by `decay_length`.

    Returns
    -------
    LocalizedStates
    """
    positions = _positions("positions", positions)
    if scipy.sparse.issparse(hamiltonian):
        hamiltonian = hamiltonian.toarray()  # COO: duplicates are summed here
    hamiltonian = np.asarray(hamiltonian)
    size = hamiltonian.shape[0]
    if hamiltonian.shape != (size, size) or size % len(positions):
        raise ValueError(f"hamiltonian must be square with a multiple of {len(positions)} "
                         f"rows, got shape {hamiltonian.shape}")
    norbs = size // len(positions)
    if not np.isrealobj(hamiltonian) and np.allclose(hamiltonian.imag, 0):
        hamiltonian = hamiltonian.real
    energies, vectors = np.linalg.eigh(hamiltonian)
    if energy_window is not None:
        low, high = (check_real("energy_window", value) for value in energy_window)
        if not low < high:
            raise ValueError(f"energy_window must be (low, high) with low < high, "
                             f"got {energy_window!r}")
        keep = (energies >= low) & (energies <= high)
        energies, vectors = energies[keep], vectors[:, keep]
    # site weights: sum over the orbitals of each site
    weights = (np.abs(vectors)**2).reshape(len(positions), norbs, -1).sum(axis=1)
    centres = weights.T @ positions
    xi = np.array([decay_length(np.sqrt(weights[:, k]), positions, centres[k], depth)
                   for k in range(len(energies))])
    participation = 1.0 / np.sum(weights**2, axis=0)
    return LocalizedStates(energies, centres, xi, participation, len(positions))


def closed_sample_states(device, *, energy_window=None, depth=25.0, **params):
    """`localized_states` of a device's scattering region without leads (hard walls).

    Parameters
    ----------
    device : devices.Device
        Its scattering region is the closed sample (its Hamiltonian: ``device.assembly``).
    energy_window : (float, float), optional
        Keep only states with energies inside (t).
    depth : float
        Amplitude range (natural log) used by `decay_length`.
    **params
        Solve-time parameters (``disorder``, ``seed``, ...), validated by
        ``device.solve_params``.

    Returns
    -------
    LocalizedStates
    """
    assembler = device.assembly
    matrix = assembler.matrix(device.solve_params(**params))
    return localized_states(matrix, assembler.positions, energy_window=energy_window,
                            depth=depth)


def density_of_states(energies, n_sites, energy, half_width):
    """Density of states per site per unit energy in ``[energy - half_width, energy + half_width]``.

    Parameters
    ----------
    energies : array_like
        Levels (t), pooled over samples.
    n_sites : int
        Sites the levels belong to (summed over samples), >= 1.
    energy : float
        Centre of the window (t).
    half_width : float
        > 0 (t).

    Returns
    -------
    nu, error : float
        nu per site per t and its Poisson error ``sqrt(count) / (2 half_width n_sites)``.
    """
    n_sites = check_count("n_sites", n_sites)
    energy = check_real("energy", energy)
    half_width = check_positive("half_width", half_width)
    count = np.count_nonzero(np.abs(np.asarray(energies) - energy) <= half_width)
    norm = 2 * half_width * n_sites
    return count / norm, np.sqrt(max(count, 1)) / norm


# --- Miller-Abrahams resistor network ---------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class NetworkResult:
    """Resistance of one Miller-Abrahams network at one temperature.

    Attributes
    ----------
    log_resistance : float
        ln(R G0).
    critical_exponent : float
        xi_c: the smallest exponent such that bonds with xi_ij <= xi_c join the
        electrodes (the percolation bottleneck of Ambegaokar, Halperin & Langer).
    activation_energy : float
        ``d ln R / d(1/k_B T)`` at fixed sites, exact for the kept network: the
        power-weighted mean of epsilon_ij over the bonds.  ``w = activation_energy / T``
        is the reduced activation energy ``-d ln R / d ln T`` (= p (T0/T)^p).
    n_nodes, n_bonds : int
        Size of the solved network (after pruning and merging).
    nodes, bonds, conductances, voltages : ndarray or None
        Only with ``details=True``: the site index (or -1, -2 for the left and
        right electrode) of each solved node's representative, bond node pairs,
        scaled conductances ``G_b exp(xi_c) / G0`` and node voltages (left
        electrode at 1, right at 0).
    """

    log_resistance: float
    critical_exponent: float
    activation_energy: float
    n_nodes: int
    n_bonds: int
    nodes: np.ndarray = None
    bonds: np.ndarray = None
    conductances: np.ndarray = None
    voltages: np.ndarray = None


def bond_exponents(positions, energies, localization_length, temperature, pairs,
                   chemical_potential=0.0):
    """Miller-Abrahams exponents xi_ij and activation energies epsilon_ij of site pairs.

    ``xi_ij = 2 r_ij / xi + epsilon_ij / k_B T`` with
    ``epsilon_ij = (|E_i - mu| + |E_j - mu| + |E_i - E_j|) / 2`` (Shklovskii & Efros
    1984, eq. 4.2.20).

    Parameters
    ----------
    positions : ndarray, shape (n, d)
        Site positions (lattice constants).
    energies : array_like, shape (n,)
        Site energies (the unit of ``temperature``).
    localization_length : float
        xi (lattice constants).
    temperature : float
        k_B T (energy).
    pairs : array_like of int, shape (m, 2)
        Site pairs (i, j).
    chemical_potential : float
        mu (energy).

    Returns
    -------
    xi_ij, epsilon_ij : numpy.ndarray, shape (m,)
        Exponents (dimensionless) and activation energies (energy) of the pairs.
    """
    i, j = np.asarray(pairs).T
    e = np.asarray(energies, dtype=float) - chemical_potential
    epsilon = 0.5 * (np.abs(e[i]) + np.abs(e[j]) + np.abs(e[i] - e[j]))
    r = np.linalg.norm(positions[i] - positions[j], axis=1)
    return 2 * r / localization_length + epsilon / temperature, epsilon


def _candidate_bonds(positions, eps, xi, temperature, length, cutoff):
    """All bonds (site-site and site-electrode) with exponent <= cutoff.

    Node numbering: sites 0..n-1, left electrode n, right electrode n + 1.
    Returns (a, b, exponent, epsilon).
    """
    n = len(positions)
    if np.isinf(cutoff):
        active = np.arange(n)
        i, j = np.triu_indices(n, 1)
    else:
        # epsilon_ij >= max(|e_i|, |e_j|): sites above the cutoff cannot take part
        active = np.nonzero(np.abs(eps) / temperature <= cutoff)[0]
        tree = scipy.spatial.cKDTree(positions[active])
        pairs = tree.query_pairs(0.5 * cutoff * xi, output_type="ndarray").reshape(-1, 2)
        i, j = active[pairs[:, 0]], active[pairs[:, 1]]
    site_exp, site_eps = bond_exponents(positions, eps, xi, temperature,
                                        np.column_stack([i, j]))
    x = positions[active, 0]
    a_eps = np.abs(eps[active])
    left = 2 * x / xi + a_eps / temperature
    right = 2 * (length - x) / xi + a_eps / temperature
    a = np.concatenate([i, active, active])
    b = np.concatenate([j, np.full(len(active), n), np.full(len(active), n + 1)])
    exponent = np.concatenate([site_exp, left, right])
    epsilon = np.concatenate([site_eps, a_eps, a_eps])
    keep = exponent <= cutoff
    return a[keep], b[keep], exponent[keep], epsilon[keep]


def _bottleneck(a, b, exponent, n_nodes, source, sink):
    """Smallest max-exponent over paths source -> sink (minimax path via the MST), or None."""
    # a constant shift keeps the MST and makes every weight > 0 (csgraph drops zeros)
    graph = scipy.sparse.coo_matrix((exponent + 1.0, (a, b)), shape=(n_nodes, n_nodes)).tocsr()
    n_comp, labels = scipy.sparse.csgraph.connected_components(graph, directed=False)
    if labels[source] != labels[sink]:
        return None
    tree = scipy.sparse.csgraph.minimum_spanning_tree(graph)
    tree = (tree + tree.T).tocsr()
    _, predecessors = scipy.sparse.csgraph.breadth_first_order(tree, source, directed=False,
                                                               return_predecessors=True)
    node, largest = sink, -np.inf
    while node != source:
        parent = predecessors[node]
        largest = max(largest, tree[parent, node])
        node = parent
    return largest - 1.0


def _percolating_bonds(positions, eps, xi, temperature, length, prune):
    """Bonds within ``prune`` above the bottleneck exponent xi_c, and xi_c.

    Without ``prune`` every bond; otherwise the candidate cutoff grows until the
    bonds below it join the electrodes with ``xi_c + prune`` inside it.
    Returns (bonds, xi_c) with bonds = (a, b, exponent, epsilon).
    """
    n = len(positions)
    left, right = n, n + 1
    if prune is None:
        bonds = _candidate_bonds(positions, eps, xi, temperature, length, np.inf)
        return bonds, _bottleneck(*bonds[:3], n + 2, left, right)
    cutoff = 2 * prune
    while True:
        bonds = _candidate_bonds(positions, eps, xi, temperature, length, cutoff)
        xi_c = _bottleneck(*bonds[:3], n + 2, left, right)
        if xi_c is not None and xi_c + prune <= cutoff:
            keep = bonds[2] <= xi_c + prune
            return tuple(column[keep] for column in bonds), xi_c
        cutoff = max(1.5 * cutoff, (xi_c or 0.0) + prune)


def _merge_short_circuits(bonds, xi_c, short, n_nodes):
    """Merge the nodes joined by bonds with exponent < xi_c - short.

    Returns (bonds between distinct merged nodes, label of every original node).
    """
    a, b, exponent, epsilon = bonds
    if short is None:
        return bonds, np.arange(n_nodes)
    strong = exponent < xi_c - short
    graph = scipy.sparse.coo_matrix((np.ones(strong.sum()), (a[strong], b[strong])),
                                    shape=(n_nodes, n_nodes))
    _, label = scipy.sparse.csgraph.connected_components(graph, directed=False)
    a, b, exponent, epsilon = a[~strong], b[~strong], exponent[~strong], epsilon[~strong]
    a, b = label[a], label[b]
    external = a != b
    return (a[external], b[external], exponent[external], epsilon[external]), label


def _electrode_component(bonds, source, sink, n_labels):
    """The bonds of the component that holds the electrodes, nodes renumbered 0..m-1.

    Returns (bonds, nodes, source, sink) with ``nodes`` the old labels of the new nodes.
    """
    a, b, exponent, epsilon = bonds
    graph = scipy.sparse.coo_matrix((np.ones(len(a)), (a, b)), shape=(n_labels, n_labels))
    _, component = scipy.sparse.csgraph.connected_components(graph, directed=False)
    inside = component[a] == component[source]
    a, b, exponent, epsilon = a[inside], b[inside], exponent[inside], epsilon[inside]
    nodes = np.unique(np.concatenate([a, b, [source, sink]]))
    index = np.full(n_labels, -1)
    index[nodes] = np.arange(len(nodes))
    return (index[a], index[b], exponent, epsilon), nodes, index[source], index[sink]


def _node_voltages(a, b, g, m, source, sink):
    """Kirchhoff: node voltages with the source at 1 and the sink at 0 (sparse LU)."""
    laplacian = scipy.sparse.coo_matrix(
        (np.concatenate([g, g, -g, -g]), (np.concatenate([a, b, a, b]),
                                          np.concatenate([a, b, b, a]))),
        shape=(m, m)).tocsr()
    free = np.setdiff1d(np.arange(m), [source, sink])
    voltages = np.zeros(m)
    voltages[source] = 1.0
    if len(free):
        rhs = -laplacian[free][:, [source]].toarray().ravel()
        voltages[free] = scipy.sparse.linalg.spsolve(laplacian[free][:, free].tocsc(), rhs)
    return voltages


def _network_details(label, nodes, n_sites, source, sink):
    """Site index of each solved node's representative (-1, -2: left, right electrode)."""
    left, right = n_sites, n_sites + 1
    representative = np.full(label.max() + 1, -3)
    representative[label[::-1]] = np.arange(n_sites + 2)[::-1]  # smallest original index
    rep = representative[nodes]
    rep = np.where(rep == left, -1, np.where(rep == right, -2, rep))
    rep[source], rep[sink] = -1, -2
    return rep


def _solve_network(bonds, xi_c, label, n_sites, details):
    """Resistance of the merged network (``bonds`` between merged labels) as a `NetworkResult`."""
    source, sink = label[n_sites], label[n_sites + 1]
    (a, b, exponent, epsilon), nodes, source, sink = _electrode_component(
        bonds, source, sink, label.max() + 1)
    g = np.exp(-(exponent - xi_c))  # scaled: the bottleneck bond has g = 1
    m = len(nodes)
    voltages = _node_voltages(a, b, g, m, source, sink)
    power = g * (voltages[a] - voltages[b])**2
    conductance = power.sum()  # = current at unit voltage (Tellegen)
    log_resistance = xi_c - np.log(conductance)
    activation = float(np.dot(power, epsilon) / conductance)
    result = dict(log_resistance=float(log_resistance), critical_exponent=float(xi_c),
                  activation_energy=activation, n_nodes=m, n_bonds=len(a))
    if details:
        result.update(nodes=_network_details(label, nodes, n_sites, source, sink),
                      bonds=np.column_stack([a, b]), conductances=g, voltages=voltages)
    return NetworkResult(**result)


def miller_abrahams_resistance(positions, energies, localization_length, temperature, *,
                               length, chemical_potential=0.0, prune=10.0, short=12.0,
                               details=False):
    """Resistance of the Miller-Abrahams network between electrodes at x = 0 and x = length.

    Bonds: ``G_ij = G0 exp(-2 r_ij/xi - (|E_i-mu| + |E_j-mu| + |E_i-E_j|) / (2 k_B T))``
    between sites, ``G0 exp(-2 d/xi - |E_i - mu| / k_B T)`` between a site and an
    electrode at distance d (an electrode is a site at energy mu).  Kirchhoff's
    equations are solved with the left electrode at voltage 1, the right at 0.

    Only bonds that matter are kept: with xi_c the percolation bottleneck
    exponent, bonds with ``xi_ij > xi_c + prune`` are dropped and bonds with
    ``xi_ij < xi_c - short`` are short circuits (their nodes are merged).  By
    Rayleigh's monotonicity dropping raises R and merging lowers it; both by a
    relative amount of order ``exp(-prune)`` and ``exp(-short)`` per bond
    (``tests/test_hopping.py`` checks ``|d ln R| < 1e-3`` against wider margins).
    Merging also keeps the conductance ratios within ``exp(prune + short)``, so
    the sparse LU solve stays accurate.  Sites not joined to the electrodes
    carry no current and are left out.

    Parameters
    ----------
    positions : array_like, shape (n, d)
        Site positions (lattice constants); the x coordinate must lie in [0, length].
    energies : array_like, shape (n,)
        Site energies (same unit as ``temperature``).
    localization_length : float
        xi, decay length of ``|psi|`` (lattice constants).
    temperature : float
        k_B T (energy).
    length : float
        Distance between the electrode planes (lattice constants).
    chemical_potential : float
        mu (energy).
    prune, short : float or None
        Margins below and above xi_c (None: keep every bond / merge nothing; exact
        but O(n^2) bonds, for small networks).
    details : bool
        Also return the solved network (nodes, bonds, conductances, voltages).

    Returns
    -------
    NetworkResult
        ln(R G0) and the network's bottleneck, activation energy and size.
    """
    temperature = check_positive("temperature", temperature)
    xi = check_positive("localization_length", localization_length)
    length = check_positive("length", length)
    energies = check_real_array("energies", energies, ndim=1)
    if len(energies) < 1:
        raise ValueError("energies must be a non-empty 1-D array of finite numbers")
    positions = _positions("positions", positions, len(energies))
    if positions[:, 0].min() < 0 or positions[:, 0].max() > length:
        raise ValueError(f"positions: x must lie between the electrodes, in [0, length={length}]")
    for name, value in (("prune", prune), ("short", short)):
        if value is not None:
            check_positive(name, value)
    n = len(energies)
    eps = energies - check_real("chemical_potential", chemical_potential)
    bonds, xi_c = _percolating_bonds(positions, eps, xi, temperature, length, prune)
    bonds, label = _merge_short_circuits(bonds, xi_c, short, n + 2)
    return _solve_network(bonds, xi_c, label, n, details)


# --- Coulomb glass (Efros-Shklovskii gap) -----------------------------------------------------

@dataclasses.dataclass(frozen=True)
class CoulombGlass:
    """Pseudo-ground state of a classical Coulomb glass.

    Attributes
    ----------
    energies : ndarray
        Single-particle energies ``epsilon_i = phi_i + sum_j (e^2/kappa r_ij)(n_j - K)``.
    occupation : ndarray of bool
        Occupied sites.
    chemical_potential : float
        Midway between the highest occupied and the lowest empty epsilon.
    n_transfers : int
        Number of single-electron transfers performed by the relaxation.
    """

    energies: np.ndarray
    occupation: np.ndarray
    chemical_potential: float
    n_transfers: int


def _fill_lowest(phi, interaction, filling, n_electrons):
    """Add electrons one at a time on the empty site of lowest epsilon_i.

    Returns (occupied, energy) with energy the single-particle energies epsilon_i.
    """
    occupied = np.zeros(len(phi), dtype=bool)
    energy = phi - filling * interaction.sum(axis=1)
    for _ in range(n_electrons):
        k = np.flatnonzero(~occupied)[np.argmin(energy[~occupied])]
        occupied[k] = True
        energy += interaction[:, k]
    return occupied, energy


def _unstable_pairs(occupied, energy, interaction, threshold):
    """Occupied and empty sites, and the (row, col) pairs whose transfer lowers the energy.

    Sorted by energy change; None when no transfer is favourable.
    """
    occ, emp = np.flatnonzero(occupied), np.flatnonzero(~occupied)
    # a transfer can lower the energy only if eps_j - eps_i < max interaction
    reach = interaction.max()
    occ = occ[energy[occ] > energy[emp].min() - reach]
    emp = emp[energy[emp] < energy[occ].max() + reach] if len(occ) else emp[:0]
    if len(occ) == 0 or len(emp) == 0:
        return None
    change = energy[emp][None, :] - energy[occ][:, None] - interaction[np.ix_(occ, emp)]
    bad = np.argwhere(change < threshold)
    if len(bad) == 0:
        return None
    order = np.argsort(change[bad[:, 0], bad[:, 1]])
    return occ, emp, bad[order]


def _relax(occupied, energy, interaction, coulomb, max_transfers):
    """Greedy single-electron transfers until none lowers the energy (in place); their number."""
    threshold = -1e-12 * coulomb
    transfers = 0
    while True:
        found = _unstable_pairs(occupied, energy, interaction, threshold)
        if found is None:
            return transfers
        occ, emp, pairs = found
        moved = np.zeros(len(energy), dtype=bool)
        for row, col in pairs:
            i, j = occ[row], emp[col]
            if moved[i] or moved[j]:
                continue
            if energy[j] - energy[i] - interaction[i, j] >= threshold:
                continue  # no longer favourable after earlier transfers
            occupied[i], occupied[j] = False, True
            energy += interaction[:, j] - interaction[:, i]
            moved[i] = moved[j] = True
            transfers += 1
            if transfers > max_transfers:
                raise RuntimeError(f"no stable state after max_transfers={max_transfers}")


def coulomb_glass(positions, site_energies, *, coulomb=1.0, filling=0.5, max_transfers=None):
    """Efros's Coulomb glass relaxed to stability against all single-electron transfers.

    Hamiltonian ``H = sum_i phi_i n_i + 1/2 sum_{i != j} (e^2/kappa r_ij)(n_i - K)(n_j - K)``
    with a compensating background charge K = ``filling`` per site (Efros, J. Phys. C 9,
    2021 (1976); Baranovskii, Efros, Gelmont & Shklovskii, J. Phys. C 12, 1023 (1979)).
    Electrons are first added one at a time on the empty site of lowest
    epsilon_i, then moved, greedily, from occupied i to empty j while the
    energy change ``epsilon_j - epsilon_i - e^2/(kappa r_ij)`` is negative.
    Stability against these transfers is what opens the Coulomb gap:
    ``g(epsilon) <= (2/pi) kappa^2 |epsilon| / e^4`` in 2D,
    ``(3/pi) kappa^3 epsilon^2 / e^6`` in 3D (Efros & Shklovskii 1975,
    `coulomb_gap_dos`).

    Parameters
    ----------
    positions : array_like, shape (n, d)
        Site positions (distinct; any length unit).
    site_energies : array_like, shape (n,)
        Bare random energies phi_i.
    coulomb : float
        e^2 / kappa (energy x length): the interaction of two charges at unit distance.
    filling : float
        Electrons per site, in (0, 1).
    max_transfers : int, optional
        Give up (RuntimeError) after this many transfers; default 50 n.

    Returns
    -------
    CoulombGlass
        Energies in the unit of ``site_energies``.
    """
    phi = check_real_array("site_energies", site_energies, ndim=1)
    if len(phi) < 2:
        raise ValueError("site_energies must be a 1-D array of at least 2 finite numbers")
    positions = _positions("positions", positions, len(phi))
    coulomb = check_positive("coulomb", coulomb)
    filling = check_real("filling", filling, 0.0, 1.0, strict=True)
    n = len(phi)
    n_electrons = int(round(filling * n))
    if not 0 < n_electrons < n:
        raise ValueError(f"filling={filling} leaves no electron or no empty site")
    max_transfers = 50 * n if max_transfers is None else check_count("max_transfers",
                                                                     max_transfers, minimum=0)
    interaction = coulomb_matrix(positions, coulomb)
    occupied, energy = _fill_lowest(phi, interaction, filling, n_electrons)
    transfers = _relax(occupied, energy, interaction, coulomb, max_transfers)
    mu = 0.5 * (energy[occupied].max() + energy[~occupied].min())
    return CoulombGlass(energy, occupied, float(mu), transfers)
