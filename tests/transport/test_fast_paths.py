"""Every fast path equals Kwant on the same realization (1e-10), for every device type."""

import numpy as np
import pytest

import devices
import physics
from devices.assembly import HamiltonianAssembler
from physics import solvers

FIELD = dict(disorder=1.7, seed=5, phi=0.023, random_flux=0.3)
SPIN = dict(FIELD, rashba=0.25, zeeman=0.15, zeeman_direction=(0.2, 1.0, 0.4), so_disorder=0.4)
CASES = [
    (devices.Wire(width=7, length=11), 1.3, FIELD),
    (devices.Wire(width=5, length=8, spin=True), 1.1, SPIN),
    (devices.Film(width=12, length=5), 2.2, FIELD),
    (devices.Film(width=4, length=5, thickness=3), 2.5, dict(FIELD, field_direction=(1, 0.5, 2))),
    (devices.Film(width=3, length=4, thickness=2, spin=True), 2.5,
     dict(SPIN, field_direction=(0, 1, 0))),
    (devices.Block(length=4), 3.0, dict(FIELD, disorder=4.0, field_direction=(1, 1, 1))),
    (devices.Ring(inner_radius=4, outer_radius=8, lead_width=4), 1.5, dict(FIELD, flux=0.37)),
    (devices.Ring(inner_radius=4, outer_radius=7, lead_width=3, spin=True), 1.0,
     dict(SPIN, flux=0.2)),
    (devices.HallBar(width=8, length=20), 0.9, FIELD),
    (devices.HallBar(width=6, length=16, arm_width=2, spin=True), 1.0, SPIN),
]
IDS = [f"{d!r}" for d, _, _ in CASES]


@pytest.mark.parametrize("device, energy, params", CASES, ids=IDS)
def test_vectorized_hamiltonian_equals_kwant(device, energy, params):
    full = device.solve_params(**params)
    vectorized = HamiltonianAssembler(device).matrix(full).toarray()
    reference = device.finalized.hamiltonian_submatrix(params=full)
    assert np.max(np.abs(vectorized - reference)) < 1e-14


@pytest.mark.parametrize("device, energy, params", CASES, ids=IDS)
def test_fast_transport_equals_kwant(device, energy, params, fast_solver):
    two_terminal = device.n_leads == 2
    if not fast_solver.applies(device, two_terminal):
        pytest.skip(f"solver={fast_solver!r} does not apply to {device!r}")
    if not two_terminal:
        fast = physics.conductance_matrix(device, energy, solver=fast_solver, **params)
        kwant = physics.conductance_matrix(device, energy, solver="kwant", **params)
        assert np.max(np.abs(fast - kwant)) < 1e-10
        return
    kwant_g = physics.conductance(device, energy, solver="kwant", **params)
    kwant_taus = physics.transmission_eigenvalues(device, energy, solver="kwant", **params)
    assert kwant_g > 0.05  # a meaningful comparison
    g = physics.conductance(device, energy, solver=fast_solver, **params)
    taus = physics.transmission_eigenvalues(device, energy, solver=fast_solver, **params)
    assert abs(g - kwant_g) < 1e-10
    assert taus.shape == kwant_taus.shape
    assert np.max(np.abs(taus - kwant_taus)) < 1e-10


def test_automatic_solver_choice():
    assert isinstance(solvers.solver_for(devices.Wire(width=40, length=10)),
                      solvers.SliceGreensSolver)
    assert isinstance(solvers.solver_for(devices.Wire(width=200, length=10)),
                      solvers.SliceGreensSolver)  # fractional recursion
    assert isinstance(solvers.solver_for(devices.Wire(width=300, length=10)),
                      solvers.SparseGreensSolver)
    assert isinstance(solvers.solver_for(devices.Wire(width=60, length=10, spin=True)),
                      solvers.SparseGreensSolver)
    assert isinstance(solvers.solver_for(devices.Ring(inner_radius=4, outer_radius=7,
                                                      lead_width=3)),
                      solvers.SparseGreensSolver)
    assert isinstance(solvers.solver_for(devices.Block(length=6)), solvers.SliceGreensSolver)


def test_lead_quantities_are_cached_across_realizations():
    wire = devices.Wire(width=6, length=10)
    fast = solvers.solver_for(wire)
    for seed in range(3):
        physics.conductance(wire, 1.0, disorder=1.0, seed=seed, phi=0.01)
    assert len(fast._lead_cache) == 1
    physics.conductance(wire, 1.0, disorder=1.0, seed=0, phi=0.02)
    assert len(fast._lead_cache) == 2


def test_bad_solver_name():
    with pytest.raises(ValueError, match="solver"):
        physics.conductance(devices.Wire(width=4, length=4), 1.0, solver="magic")
    with pytest.raises(ValueError, match="slice"):
        physics.conductance(devices.Ring(inner_radius=4, outer_radius=7, lead_width=3), 1.0,
                            solver="slice")


def test_selected_inverse_entries_equal_the_dense_inverse():
    """MUMPS's selected inversion (probe and interface columns, unsorted, with repeats)
    equals the dense inverse of E - H - Sigma, and leaves dense solves working after it."""
    film = devices.Film(width=6, length=7, spin=True)
    params = film.solve_params(**dict(SPIN, rashba=0.1))
    energy = 1.4
    fast = solvers.SparseGreensSolver(film)
    lu = fast.factorize(energy, params)
    sigmas, _, _ = fast.leads(energy, params)
    matrix = energy * np.eye(fast.assembler.size) - fast.assembler.matrix(params).toarray()
    for orbitals, sigma in zip(fast.interfaces, sigmas):
        matrix[np.ix_(orbitals, orbitals)] -= sigma
    inverse = np.linalg.inv(matrix)
    columns = np.concatenate([fast.rhs_orbitals, [30, 2, 30, 55]])
    selected = lu.inverse_block(columns)
    assert selected.shape == (columns.size, columns.size)
    assert np.max(np.abs(selected - inverse[np.ix_(columns, columns)])) < 1e-12
    source = np.eye(fast.interfaces[0].size, 3)
    after = fast.green_10(energy, params, source)
    fresh = solvers.SparseGreensSolver(film).green_10(energy, params, source)
    assert np.max(np.abs(after - fresh)) < 1e-13


def test_solves_run_with_one_blas_thread():
    """physics.conductance limits BLAS to one thread during the solve (as ensembles do)
    and restores the caller's setting after it (physics.threads)."""
    from threadpoolctl import threadpool_info, threadpool_limits
    seen = []

    def gate(x, y, v=0.1):  # evaluated inside the solve, by the model
        seen.extend(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")
        return v + 0 * x

    wire = devices.Wire(width=4, length=6, potential=gate)
    with threadpool_limits(limits=2):
        physics.conductance(wire, 1.0, v=0.2)
        after = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    assert seen and set(seen) == {1}
    assert set(after) == {2}
