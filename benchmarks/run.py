"""Benchmarks: the project's solvers against a plain-Kwant reference, in one run.

    python benchmarks/run.py [--quick] [--readme README.md]

Prints (and writes to benchmarks/results.md, and into the README between the
``bench`` markers when asked) four tables:

1. time per disorder sample on one core (BLAS limited to one thread) for each
   device type, plain Kwant (scalar value functions, default ``kwant.smatrix``)
   versus this project (``physics.conductance`` / ``conductance_matrix``);
2. scaling of the time per sample with the width W and the length L (fitted
   exponents);
3. ensemble throughput versus the number of local workers and Dask workers;
4. peak memory of a process computing samples, plain Kwant versus project;
5. dephasing: Buttiker probes on every site (or a grid), time per sample and peak
   memory of the coherent solve, the exact elimination and the slice recursion,
   each in its own process;
6. Kubo conductivity by the kernel polynomial method: the project's
   `physics.linear_response.kubo_greenwood` against `kwant.kpm.conductivity` (Kubo-Bastin)
   on the same sample, moments and vector, and the project alone on a 10^6-site film
   (time and peak memory, each in its own process).
"""

import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
import time
import pathlib

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import plain_kwant  # noqa: E402


def interleaved(plain, fast, rounds, fast_per_round=2):
    """Median seconds per call of ``plain`` and ``fast``, timed alternately on new seeds.

    The VM's speed drifts by tens of percent over minutes; alternating the two
    (after one warm-up call each) exposes both to the same conditions.
    """
    plain(0)
    fast(0)
    plain_times, fast_times = [], []
    for r in range(1, rounds + 1):
        start = time.perf_counter()
        plain(r)
        plain_times.append(time.perf_counter() - start)
        for k in range(fast_per_round):
            start = time.perf_counter()
            fast(r * fast_per_round + k)
            fast_times.append(time.perf_counter() - start)
    return float(np.median(plain_times)), float(np.median(fast_times))


def _saddle(width, length, a_y=0.0025, l_x=11.0, l_y=20.0):
    """The gate potential of `plain_kwant.gated_qpc`, vectorized, for the project's device."""
    x0, y0 = (length - 1) / 2, (width - 1) / 2

    def saddle(x, y, v_gate=0.0):
        return (v_gate * np.exp(-0.5 * ((x - x0) / l_x) ** 2)
                + a_y * (y - y0) ** 2 * np.exp(-((x - x0) / l_y) ** 4))
    return saddle


def device_table(quick):
    import devices
    import physics
    field = dict(disorder=1.5, phi=0.002)
    cases = [
        ("Wire 40x200, field", plain_kwant.wire(40, 200), devices.Wire(width=40, length=200),
         1.0, field, "conductance"),
        ("Wire 80x200, field", plain_kwant.wire(80, 200), devices.Wire(width=80, length=200),
         1.0, field, "conductance"),
        ("Film 2D 80x30, field", plain_kwant.wire(80, 30), devices.Film(width=80, length=30),
         1.0, field, "conductance"),
        ("Wire 160x100, field", plain_kwant.wire(160, 100), devices.Wire(width=160, length=100),
         1.0, field, "conductance"),
        ("Film 3D 20x20x4", plain_kwant.block(20, 20, 4),
         devices.Film(width=20, length=20, thickness=4), 2.0, dict(disorder=2.0), "conductance"),
        ("Block 12^3", plain_kwant.block(12, 12), devices.Block(length=12), 3.0,
         dict(disorder=4.0), "conductance"),
        # Localized or critical samples, where the transmission needs the propagator:
        ("Wire 80x200, disorder 3 (g ~ 0.7)", plain_kwant.wire(80, 200),
         devices.Wire(width=80, length=200), 1.0, dict(disorder=3.0, phi=0.002), "conductance"),
        ("Block 12^3, W = 16.5 (critical)", plain_kwant.block(12, 12), devices.Block(length=12),
         6.0, dict(disorder=16.5), "conductance"),
        ("Ring r=20-30, lead 10, field", plain_kwant.ring(20, 30, 10),
         devices.Ring(inner_radius=20, outer_radius=30, lead_width=10), 1.0,
         dict(disorder=1.0, phi=0.002), "conductance"),
        ("Hall bar 20x60, 6 leads", plain_kwant.hall_bar(20, 60, 10),
         devices.HallBar(width=20, length=60), 0.5, dict(disorder=1.0), "conductance_matrix"),
        # Devices users build themselves (devices.ShapedDevice, potentials, from_kwant):
        ("Gated QPC 41x81 (saddle potential)", plain_kwant.gated_qpc(41, 81),
         devices.Wire(width=41, length=81, potential=_saddle(41, 81)), 0.3,
         dict(disorder=0.2, v_gate=0.15, phi=0.0), "conductance"),
        ("Cavity 60x60, leads of 6", plain_kwant.cavity(60, 6),
         devices.ShapedDevice(devices.Polygon.rectangle(0, 0, 59, 59),
                              [devices.Lead("left", center=4.5, width=6),
                               devices.Lead("right", center=54.5, width=6)]),
         1.0, dict(disorder=1.0, phi=0.002), "conductance"),
        ("Graphene zigzag ribbon 30x80", plain_kwant.zigzag_ribbon(30, 80),
         devices.graphene_ribbon("zigzag", 30, 80), 0.4, dict(disorder=1.0, phi=0.002),
         "conductance"),
        ("from_kwant: the plain-Kwant wire 40x200", plain_kwant.wire(40, 200),
         devices.from_kwant(plain_kwant.wire(40, 200)), 1.0, field, "conductance"),
    ]
    if quick:
        cases = [cases[0], cases[5], cases[8], cases[9], cases[10], cases[13]]
    repeats = 3 if quick else 5
    rows = []
    for name, reference, device, energy, params, quantity in cases:
        plain_call = getattr(plain_kwant, quantity)
        fast_call = getattr(physics, quantity)
        t_plain, t_fast = interleaved(lambda s: plain_call(reference, energy, seed=s, **params),
                                      lambda s: fast_call(device, energy, seed=s, **params),
                                      repeats)
        solver = type(physics.solvers.solver_for(device)).__name__
        if quantity == "conductance_matrix":
            solver = "SparseGreensSolver"
        rows.append((name, t_plain * 1e3, t_fast * 1e3, t_plain / t_fast, solver))
        print(f"  {name}: plain {t_plain * 1e3:.1f} ms, project {t_fast * 1e3:.1f} ms "
              f"({t_plain / t_fast:.1f}x, {solver})", flush=True)
    lines = ["| device | plain Kwant (ms/sample) | project (ms/sample) | speed-up | solver |",
             "|---|---|---|---|---|"]
    lines += [f"| {n} | {a:.1f} | {b:.1f} | {r:.1f}x | {s} |" for n, a, b, r, s in rows]
    return lines


def scaling_table(quick):
    import devices
    import physics
    widths = [20, 40, 80] if quick else [20, 40, 80, 160]
    lengths = [50, 100, 200] if quick else [50, 100, 200, 400]
    params = dict(disorder=1.5, phi=0.002)
    lines = ["| sweep | sizes | project ms/sample | plain ms/sample | exponent project | exponent plain |",
             "|---|---|---|---|---|---|"]
    for label, sizes, make in (("W (L=100)", widths, lambda n: (n, 100)),
                               ("L (W=40)", lengths, lambda n: (40, n))):
        fast, plain = [], []
        for n in sizes:
            width, length = make(n)
            wire = devices.Wire(width=width, length=length)
            reference = plain_kwant.wire(width, length)
            t_plain, t_fast = interleaved(
                lambda s: plain_kwant.conductance(reference, 1.0, seed=s, **params),
                lambda s: physics.conductance(wire, 1.0, seed=s, **params), 2)
            plain.append(t_plain)
            fast.append(t_fast)
        exponent_fast = np.polyfit(np.log(sizes), np.log(fast), 1)[0]
        exponent_plain = np.polyfit(np.log(sizes), np.log(plain), 1)[0]
        lines.append(f"| {label} | {', '.join(map(str, sizes))} | "
                     f"{', '.join(f'{t * 1e3:.1f}' for t in fast)} | "
                     f"{', '.join(f'{t * 1e3:.0f}' for t in plain)} | "
                     f"{exponent_fast:.2f} | {exponent_plain:.2f} |")
        print("  " + lines[-1], flush=True)
    return lines


def throughput_table(quick):
    import devices
    import physics
    from distributed import Client
    wire = devices.Wire(width=40, length=100)
    # Steady-state throughput: with a few dozen seeds (~0.3 s per run) the fixed latency of
    # task submission dominates, most of all for Dask's scheduler round trips.
    seeds = range(192 if quick else 512)
    run = dict(energy=1.0, seeds=seeds, sweep={"phi": np.linspace(0, 0.004, 4)}, disorder=1.5)
    import concurrent.futures
    import multiprocessing
    rates = {}

    def timed(label, executor):
        # Warm up first: worker start-up and the device build happen once per worker (16
        # seeds in 1-seed tasks, so that every worker is warm whatever the scheduler does).
        physics.ensemble(wire, executor=executor, **dict(run, seeds=range(1000, 1016)))
        start = time.perf_counter()
        physics.ensemble(wire, executor=executor, **run)
        rates.setdefault(label, []).append(len(seeds) / (time.perf_counter() - start))

    # Rounds over all executors, each timed once per round (median of the rounds): this
    # VM's throughput drifts by ~10 % over a minute, as much as the differences measured.
    for _ in range(3):
        timed("serial (this process)", "serial")
        for workers in (1, 2):
            with concurrent.futures.ProcessPoolExecutor(
                    workers, mp_context=multiprocessing.get_context("forkserver")) as pool:
                timed(f"{workers} local worker{'s' if workers > 1 else ''}", pool)
        with physics.local_dask_cluster(2) as cluster, Client(cluster) as client:
            timed("2 Dask workers", client)
    results = [(label, float(np.median(values))) for label, values in rates.items()]
    one = results[1][1]
    lines = ["| executor | seeds/s (4 fields each; median of 3 rounds) | relative to 1 worker |",
             "|---|---|---|"]
    lines += [f"| {label} | {rate:.2f} | {rate / one:.2f} |" for label, rate in results]
    for line in lines[2:]:
        print("  " + line, flush=True)
    return lines


#: Peak resident memory of this process in MB, from /proc/self/status (VmHWM).  Not
#: getrusage's ru_maxrss: that survives exec, so a child of the benchmark process would
#: report the parent's size at fork (both rows of the memory table read 323 MB that way).
PEAK_RSS = """
def peak_rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return float(line.split()[1]) / 1024
"""

MEMORY_SCRIPT = PEAK_RSS + """
import sys
sys.path.insert(0, {here!r})
which = sys.argv[1]
if which == "plain":
    import plain_kwant
    system = plain_kwant.wire(80, 200)
    for seed in range(5):
        plain_kwant.conductance(system, 1.0, disorder=1.5, phi=0.002, seed=seed)
else:
    import devices, physics
    wire = devices.Wire(width=80, length=200)
    for seed in range(5):
        physics.conductance(wire, 1.0, disorder=1.5, phi=0.002, seed=seed)
print(peak_rss_mb())
"""


def memory_table():
    peaks = {}
    for which in ("plain", "project"):
        out = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT.format(here=str(HERE)), which],
                             capture_output=True, text=True, check=True,
                             env=dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1"))
        peaks[which] = float(out.stdout.split()[-1])
    lines = ["| process (Wire 80x200, 5 samples) | peak RSS (MB) |", "|---|---|",
             f"| plain Kwant | {peaks['plain']:.0f} |", f"| project | {peaks['project']:.0f} |",
             f"| ratio project / plain | {peaks['project'] / peaks['plain']:.2f} |"]
    for line in lines[2:]:
        print("  " + line, flush=True)
    return lines


DEPHASING_SCRIPT = PEAK_RSS + """
import sys, time
import devices, physics
from physics.threads import one_blas_thread
from physics.transport import dephasing
kind, width, length, probes, eta, energy, disorder, method, samples = sys.argv[1:]
device = getattr(devices, kind)(width=int(width), length=int(length))
eta, energy, samples = float(eta), float(energy), int(samples)
solvers = dict(elimination=dephasing.DephasingSolver, slice=dephasing.SliceDephasingSolver)
solver = None if method == "coherent" else solvers[method](device, probes)
times = []
with one_blas_thread():
    for seed in range(samples + 1):  # the first sample warms up (lead modes, analysis)
        params = device.solve_params(disorder=float(disorder), phi=0.002, seed=seed)
        start = time.perf_counter()
        if solver is None:
            physics.conductance(device, energy, disorder=float(disorder), phi=0.002, seed=seed)
        else:
            solver.conductance_matrix(energy, params, eta)
        times.append(time.perf_counter() - start)
print(sorted(times[1:])[len(times[1:]) // 2], peak_rss_mb())
"""


def dephasing_table(quick):
    """Probes on every site: coherent solve, exact elimination and slice recursion."""
    cases = [  # device, width, length, probes, eta, energy, disorder, methods, samples
        ("Wire", 40, 200, "all", 0.02, 1.0, 2.0, ("coherent", "elimination", "slice"), 3),
        ("Film", 100, 100, "all", 0.01, 3.4, 3.0,
         ("coherent", "slice") if quick else ("coherent", "elimination", "slice"), 1),
    ]
    if not quick:
        # Slices of 200 orbitals: the recursion would cost ~100 s per sample (5 m^3 products
        # per slice and iteration); the cost model picks the elimination of the 10^4 probes.
        cases.append(("Film", 200, 200, "grid:2", 0.02, 3.4, 3.0, ("coherent", "elimination"), 1))
    lines = ["| device, probes | method | s/sample | x coherent | peak RSS (MB) |",
             "|---|---|---|---|---|"]
    for kind, width, length, probes, eta, energy, disorder, methods, samples in cases:
        coherent = None
        for method in methods:
            args = [kind, width, length, probes, eta, energy, disorder, method, samples]
            out = subprocess.run([sys.executable, "-c", DEPHASING_SCRIPT, *map(str, args)],
                                 capture_output=True, text=True, check=True,
                                 env=dict(os.environ, OMP_NUM_THREADS="1",
                                          OPENBLAS_NUM_THREADS="1"))
            seconds, peak = map(float, out.stdout.split()[-2:])
            coherent = seconds if method == "coherent" else coherent
            line = (f"| {kind} {width}x{length}, probes={probes}, eta={eta} | {method} | "
                    f"{seconds:.3g} | {seconds / coherent:.0f} | {peak:.0f} |")
            lines.append(line)
            print("  " + line, flush=True)
    return lines


KUBO_SCRIPT = PEAK_RSS + """
import sys, time, warnings
import numpy as np
import devices
from physics.threads import one_blas_thread
from physics.linear_response import chebyshev, kubo
which, size, moments, n_energies = sys.argv[1], *map(int, sys.argv[2:])
ring = devices.ClosedSample(devices.Film(width=size, length=size), periodic=True)
energies = np.linspace(0.6, 2.0, n_energies)
params = dict(disorder=1.0, phi=2e-4)
with one_blas_thread():
    start = time.perf_counter()
    if which == "kwant":
        import kwant
        h, v, volume = kubo.sample_operators(ring, seed=1, **params)
        bounds = chebyshev.spectral_bounds(h)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            bastin = kwant.kpm.conductivity(
                h, alpha=v, beta=v, positions=np.zeros((h.shape[0], 2)), num_moments=moments,
                num_vectors=1, bounds=bounds,
                vector_factory=list(chebyshev.random_phase_vectors(h.shape[0], 1, 0).T))
            values = [bastin(mu=e, temperature=5e-4).real / volume for e in energies]
    else:
        values = kubo.kubo_greenwood(ring, energies, moments, num_vectors=1, seeds=(1,),
                                     **params).dc
    seconds = time.perf_counter() - start
print(seconds, peak_rss_mb(), float(np.mean(values)))
"""


def kubo_table(quick):
    """KPM sigma_xx: the project against kwant.kpm at a common size, then 10^6 sites."""
    cases = [("kwant", 100, 400, 5), ("project", 100, 400, 5)]
    if not quick:
        cases += [("kwant", 200, 800, 5), ("project", 200, 800, 5)]
    cases.append(("project", 400 if quick else 1000, 1500, 71))
    lines = ["| film (ring), moments, energies | code | s (one vector) | peak RSS (MB) | "
             "mean sigma_xx (e^2/h) | kwant / project |", "|---|---|---|---|---|---|"]
    reference = {}
    for which, size, moments, n_energies in cases:
        out = subprocess.run([sys.executable, "-c", KUBO_SCRIPT, which, str(size), str(moments),
                              str(n_energies)], capture_output=True, text=True, check=True,
                             env=dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1"))
        seconds, peak, mean = map(float, out.stdout.split()[-3:])
        key = (size, moments, n_energies)
        ratio = ""
        if which == "kwant":
            reference[key] = seconds, peak
        elif key in reference:
            ratio = (f"{reference[key][0] / seconds:.0f}x time, "
                     f"{reference[key][1] / peak:.1f}x memory")
        line = (f"| {size}x{size} ({size * size} sites), N = {moments}, {n_energies} | {which} | "
                f"{seconds:.3g} | {peak:.0f} | {mean:.2f} | {ratio} |")
        lines.append(line)
        print("  " + line, flush=True)
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes and repeats")
    parser.add_argument("--readme", type=pathlib.Path, help="update this README's bench section")
    args = parser.parse_args(argv)
    from threadpoolctl import threadpool_limits
    header = (f"Measured {datetime.date.today().isoformat()} on {platform.node()} "
              f"({os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
              f"Python {platform.python_version()}){' (quick mode)' if args.quick else ''}; "
              "one BLAS thread; median of several seeds after a warm-up sample, plain Kwant "
              "and the project timed alternately.")
    sections = [header, ""]
    with threadpool_limits(limits=1):
        print("time per sample:", flush=True)
        sections += device_table(args.quick) + [""]
        print("scaling:", flush=True)
        sections += scaling_table(args.quick) + [""]
    print("ensemble throughput:", flush=True)
    sections += throughput_table(args.quick) + [""]
    print("peak memory:", flush=True)
    sections += memory_table() + [""]
    print("dephasing:", flush=True)
    sections += dephasing_table(args.quick) + [""]
    print("Kubo conductivity (KPM):", flush=True)
    sections += kubo_table(args.quick)
    text = "\n".join(sections) + "\n"
    (HERE / "results.md").write_text(text)
    if args.readme:
        readme = args.readme.read_text()
        pattern = re.compile(r"(<!-- bench:start -->\n).*?(<!-- bench:end -->)", re.S)
        if not pattern.search(readme):
            raise SystemExit(f"{args.readme} has no <!-- bench:start --> ... <!-- bench:end --> section")
        args.readme.write_text(pattern.sub(lambda m: m.group(1) + text + m.group(2), readme))
    print("\n" + text)


if __name__ == "__main__":
    main()
