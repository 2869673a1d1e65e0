"""Reference numbers of the five built-in devices from the code before the device-model refactor."""
import json, numpy as np, devices, physics
from devices.slices import BarSlices
FIELD = dict(disorder=1.7, seed=5, phi=0.023, random_flux=0.3)
SPIN = dict(FIELD, rashba=0.25, zeeman=0.15, zeeman_direction=(0.2, 1.0, 0.4), so_disorder=0.4)
CASES = [
    ("Wire", dict(width=7, length=11), 1.3, FIELD),
    ("Wire", dict(width=40, length=30), 1.0, dict(disorder=1.5, seed=3, phi=0.004)),
    ("Wire", dict(width=5, length=8, spin=True), 1.1, SPIN),
    ("Film", dict(width=12, length=5), 2.2, FIELD),
    ("Film", dict(width=4, length=5, thickness=3), 2.5, dict(FIELD, field_direction=(1, 0.5, 2))),
    ("Film", dict(width=3, length=4, thickness=2, spin=True), 2.5, dict(SPIN, field_direction=(0, 1, 0))),
    ("Block", dict(length=4), 3.0, dict(FIELD, disorder=4.0, field_direction=(1, 1, 1))),
    ("Ring", dict(inner_radius=4, outer_radius=8, lead_width=4), 1.5, dict(FIELD, flux=0.37)),
    ("Ring", dict(inner_radius=4, outer_radius=7, lead_width=3, spin=True), 1.0, dict(SPIN, flux=0.2)),
    ("HallBar", dict(width=8, length=20), 0.9, FIELD),
    ("HallBar", dict(width=6, length=16, arm_width=2, spin=True), 1.0, SPIN),
]
out = []
for name, kw, energy, params in CASES:
    dev = getattr(devices, name)(**kw)
    entry = dict(device=name, arguments=kw, energy=energy, params=params)
    fsyst = dev.finalized
    entry["n_sites"] = len(fsyst.sites)
    import hashlib; entry["tags_sha256"] = hashlib.sha256(np.array([s.tag for s in fsyst.sites], dtype=np.int64).tobytes()).hexdigest()
    H = fsyst.hamiltonian_submatrix(params=dev.solve_params(**params))
    entry["hamiltonian_trace"] = [float(np.trace(H).real), float(np.abs(H).sum())]
    if len(fsyst.leads) == 2:
        for solver in ("auto", "kwant"):
            entry[f"g_{solver}"] = physics.conductance(dev, energy, solver=solver, **params)
            entry[f"taus_{solver}"] = physics.transmission_eigenvalues(dev, energy, solver=solver, **params).tolist()
        entry["g_dephased"] = physics.conductance(dev, energy, dephasing=0.05, **params)
    else:
        for solver in ("auto", "kwant"):
            entry[f"G_{solver}"] = physics.conductance_matrix(dev, energy, solver=solver, **params).tolist()
        entry["G_dephased"] = physics.conductance_matrix(dev, energy, dephasing=0.05, **params).tolist()
    closed = devices.ClosedSample(dev)
    entry["closed_eigenvalues"] = np.linalg.eigvalsh(closed.hamiltonian(**params).toarray()).tolist()
    if name in ("Wire", "Film", "Block"):
        ring = devices.ClosedSample(dev, periodic=True)
        entry["periodic_eigenvalues"] = np.linalg.eigvalsh(ring.hamiltonian(twist=0.4, **params).toarray()).tolist()
        entry["twist_derivative"] = float(np.abs(ring.twist_derivative(twist=0.4, **params).toarray()).sum())
        if not dev.spin:
            s = BarSlices(dev)
            entry["slices_onsite"] = s.onsite(3, 5, 2.0, 7).tolist()
            entry["slices_periodic_hopping"] = BarSlices(dev, periodic=True).transverse_hopping.tolist()
        else:
            s = BarSlices(dev)
            b, v = s.spin_blocks(2, 3, 2.0, 7, 0.6)
            entry["spin_blocks"] = [np.abs(b).sum(), float(np.angle(b[np.abs(b)>0]).sum()), np.abs(v).sum(), float(np.angle(v[np.abs(v)>0]).sum())]
    out.append(entry)
    print(name, kw, entry.get("g_auto"), entry.get("g_kwant"))
json.dump(out, open("tests/data/reference_devices.json", "w"), indent=None)
