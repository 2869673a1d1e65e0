"""The five built-in devices on the one device model give the numbers of the code before it.

`tests/data/reference_devices.json` was written by `tests/data/make_reference.py` with the
code of commit 03a1e97 (value functions, numpy assembly and slices written separately).
The fast paths must agree to 1e-12 (the model keeps the old assembly's formulas), Kwant's
path to 1e-12 (its value functions now read the vectorized model).
"""

import hashlib
import json
import pathlib

import numpy as np
import pytest

import devices
import physics
from devices.slices import BarSlices

REFERENCE = json.loads((pathlib.Path(__file__).parents[1] / "data" / "reference_devices.json")
                       .read_text())
TOLERANCE = 1e-12


def _device(entry):
    return getattr(devices, entry["device"])(**entry["arguments"])


def _params(entry):
    return {k: tuple(v) if isinstance(v, list) else v for k, v in entry["params"].items()}


@pytest.mark.parametrize("entry", REFERENCE, ids=[f"{e['device']}{e['arguments']}" for e in REFERENCE])
def test_builtin_devices_reproduce_the_reference(entry):
    device, params, energy = _device(entry), _params(entry), entry["energy"]
    fsyst = device.finalized
    tags = np.array([s.tag for s in fsyst.sites], dtype=np.int64)
    assert hashlib.sha256(tags.tobytes()).hexdigest() == entry["tags_sha256"]
    h = fsyst.hamiltonian_submatrix(params=device.solve_params(**params))
    assert np.allclose([np.trace(h).real, np.abs(h).sum()], entry["hamiltonian_trace"],
                       rtol=TOLERANCE, atol=0)
    if len(fsyst.leads) == 2:
        for solver in ("auto", "kwant"):
            g = physics.conductance(device, energy, solver=solver, **params)
            assert abs(g - entry[f"g_{solver}"]) <= TOLERANCE * max(1, g), solver
            taus = physics.transmission_eigenvalues(device, energy, solver=solver, **params)
            assert np.max(np.abs(taus - entry[f"taus_{solver}"])) <= TOLERANCE, solver
        g = physics.conductance(device, energy, dephasing=0.05, **params)
        assert abs(g - entry["g_dephased"]) <= TOLERANCE * max(1, g)
    else:
        for solver in ("auto", "kwant"):
            matrix = physics.conductance_matrix(device, energy, solver=solver, **params)
            assert np.max(np.abs(matrix - entry[f"G_{solver}"])) <= TOLERANCE, solver
        matrix = physics.conductance_matrix(device, energy, dephasing=0.05, **params)
        assert np.max(np.abs(matrix - entry["G_dephased"])) <= TOLERANCE
    closed = devices.ClosedSample(device).hamiltonian(**params).toarray()
    assert np.max(np.abs(np.linalg.eigvalsh(closed) - entry["closed_eigenvalues"])) <= TOLERANCE
    if "periodic_eigenvalues" in entry:
        ring = devices.ClosedSample(device, periodic=True)
        values = np.linalg.eigvalsh(ring.hamiltonian(twist=0.4, **params).toarray())
        assert np.max(np.abs(values - entry["periodic_eigenvalues"])) <= TOLERANCE
        derivative = np.abs(ring.twist_derivative(twist=0.4, **params).toarray()).sum()
        assert abs(derivative - entry["twist_derivative"]) <= TOLERANCE * derivative
    if "slices_onsite" in entry:
        assert np.array_equal(BarSlices(device).onsite(3, 5, 2.0, 7), entry["slices_onsite"])
        assert np.array_equal(BarSlices(device, periodic=True).transverse_hopping,
                              entry["slices_periodic_hopping"])
    if "spin_blocks" in entry:
        blocks, couplings = BarSlices(device).spin_blocks(2, 3, 2.0, 7, 0.6)
        numbers = [np.abs(blocks).sum(), np.angle(blocks[np.abs(blocks) > 0]).sum(),
                   np.abs(couplings).sum(), np.angle(couplings[np.abs(couplings) > 0]).sum()]
        assert np.allclose(numbers, entry["spin_blocks"], rtol=TOLERANCE, atol=TOLERANCE)
