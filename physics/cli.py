"""The ``meso`` command line.

    meso run CONFIG.toml [--out STORE] [--workers N] [--scheduler ADDR]
        Run (or resume) the disorder ensemble described by CONFIG.toml
        (format: `physics.config`), streaming results to a zarr store.
    meso info STORE
        What a store holds, how complete it is, and its provenance.
    meso plot STORE [--out PNG]
        Mean and variance of the conductance versus the swept parameter,
        with error bars (a histogram when nothing is swept).
    meso fit DATA.csv [--model hln|wire|ilp|dp] [--width W --length L] [--out PNG]
        Fit a measured magnetoconductance (a CSV whose header gives each column's
        unit, e.g. ``B [mT], delta_sigma [e^2/h], error [e^2/h]``; format:
        `physics.analysis.measured_data`): the lengths in nm with standard errors,
        the reduced chi^2, and a PNG of data and fit.
    meso devices
        List the devices, their construction arguments and solve-time parameters.
    meso conductance DEVICE [SIZE=VALUE ...] --energy E [PARAM=VALUE ...]
        Two-terminal conductance (e^2/h), e.g.
        ``meso conductance Wire width=40 length=200 --energy 1 disorder=1.5 seed=3``.

Errors in the arguments are reported in one line naming the argument.
"""

import argparse
import ast
import dataclasses
import os
import sys

import numpy as np

import devices

__all__ = ["main"]


def _parse_assignments(items):
    values = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key.isidentifier():
            raise ValueError(f"expected NAME=VALUE, got {item!r}")
        try:
            values[key] = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            values[key] = text
    return values


def _list_devices():
    for name, cls in devices.BUILT_IN.items():
        fields = ", ".join(f.name for f in dataclasses.fields(cls) if f.name != "potential")
        print(f"{name}({fields})")
        print(f"    {cls.__doc__.strip().splitlines()[0]}")
    print("package.module:function(...)\n    Your own Kwant system: a function returning a "
          "kwant.Builder with leads (devices.from_kwant); in Python also devices.ShapedDevice.")
    example = devices.Wire(width=1, length=1, spin=True)
    print("\nsolve-time parameters (3D devices add field_direction, Ring adds flux):")
    for spec in example.parameter_specs.values():
        print(f"  {spec.name} = {spec.default!r}: {spec.doc}")


def _conductance(args):
    import inspect
    import physics
    if ":" in args.device:  # your own Kwant system: factory arguments by its signature
        assignments = _parse_assignments(args.assignments)
        factory = devices.kwant_device.import_factory(args.device)
        names = set(inspect.signature(factory).parameters)
        device = devices.from_kwant(args.device,
                                    **{k: v for k, v in assignments.items() if k in names})
        params = {k: v for k, v in assignments.items() if k not in names}
        print(repr(physics.conductance(device, args.energy, **params)))
        return
    classes = devices.BUILT_IN
    if args.device not in classes:
        raise ValueError(f"unknown device {args.device!r}; choose from {', '.join(classes)}")
    cls = classes[args.device]
    assignments = _parse_assignments(args.assignments)
    field_names = {f.name for f in dataclasses.fields(cls)}
    sizes = {k: v for k, v in assignments.items() if k in field_names}
    params = {k: v for k, v in assignments.items() if k not in field_names}
    device = cls(**sizes)
    print(repr(physics.conductance(device, args.energy, **params)))


def _run(args):
    from .ensembles import config as config_module
    from .ensembles import ensemble
    device, options = config_module.load(args.config)
    store = args.out if args.out is not None else options.pop("store")
    options.pop("store", None)
    if args.scheduler is not None and args.workers is not None:
        raise ValueError("give --workers or --scheduler, not both")
    executor = args.scheduler if args.scheduler is not None else args.workers
    if isinstance(executor, int) and executor < 1:
        raise ValueError(f"--workers must be >= 1, got {executor}")
    try:
        ensemble(device, store=store, executor=executor, progress=True, **options)
    except KeyboardInterrupt:
        print(f"meso: interrupted; run the same command again to resume ({store})",
              file=sys.stderr)
        return 130
    print(f"results in {store}")
    return 0


def _open(store):
    import pathlib
    from .ensembles import store as result_store
    if not pathlib.Path(store).exists():
        raise ValueError(f"no store at {store}")
    try:
        dataset = result_store.load(store)
    except Exception as error:  # not a zarr store written by meso
        raise ValueError(f"{store} is not a meso ensemble store: {error}") from None
    if "done" not in dataset or "config" not in dataset.attrs:
        raise ValueError(f"{store} is not a meso ensemble store")
    return dataset


def _info(args):
    import json
    dataset = _open(args.store)
    done = int(dataset["done"].sum())
    total = dataset.sizes["seed"]
    print(f"store: {args.store}")
    damaged = int(dataset["damaged"].sum()) if "damaged" in dataset else 0
    # Rounded down: 1991 of 2000 is 99.5 %, never "100 %".
    percent = (1000 * done // total) / 10
    print(f"complete: {done}/{total} seeds ({percent:g} %)"
          + (f"; {damaged} damaged (data not intact: the next `meso run` recomputes them)"
             if damaged else ""))
    print("dimensions: " + ", ".join(f"{d}={n}" for d, n in dataset.sizes.items()))
    print("observables: " + ", ".join(v for v in dataset.data_vars
                                      if v not in ("done", "damaged")))
    config = json.loads(dataset.attrs["config"])
    print("configuration:")
    physical_units = {}
    if "units" in config:
        from devices.units import PHYSICAL_PARAMETERS
        physical_units = {name: unit.replace(" * ", " ")
                          for name, (unit, _, _) in PHYSICAL_PARAMETERS.items()}
    for key, value in config.items():
        if key == "energy" and value is not None and physical_units:
            value = f"{value:g} meV"
        elif key == "fixed" and physical_units:
            value = {k: f"{v:g} {physical_units[k]}" if k in physical_units else v
                     for k, v in value.items()}
        elif key == "seeds":
            value = f"{len(value)} seeds, {min(value)}..{max(value)}"
        elif key == "sweep":
            value = {k: f"{len(v)} values {min(v):g}..{max(v):g}"
                        + (f" {_unit(dataset[k])}" if _unit(dataset[k]) else "")
                     for k, v in value.items()}
        print(f"  {key}: {value}")
    print("provenance:")
    for key, value in dataset.attrs.items():
        if key not in ("config",):
            print(f"  {key}: {value}")
    return 0


def _unit(variable):
    """The ``units`` attribute of a dataset variable ('' if none)."""
    return str(variable.attrs.get("units", ""))


def _label(name, variable):
    """An axis label: the name and, in parentheses, the unit (e^2/h as e²/h)."""
    unit = _unit(variable).replace("e^2/h", "e²/h")
    return f"{name} ({unit})" if unit and unit != "1" else name


def _plot(args):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from .analysis import statistics

    dataset = _open(args.store)
    dataset = dataset.isel(seed=np.nonzero(dataset["done"].values)[0])
    if dataset.sizes["seed"] < 2:
        raise ValueError(f"{args.store}: fewer than 2 completed seeds, nothing to plot")
    name = "conductance" if "conductance" in dataset else "conductance_matrix"
    g = dataset[name]
    if name == "conductance_matrix":
        g = -g.isel(lead_out=1, lead_in=0)  # T_10
    swept = [d for d in g.dims if d != "seed"]
    n = dataset.sizes["seed"]
    out = args.out or str(args.store).rstrip("/").removesuffix(".zarr") + ".png"
    if not swept:
        fig, ax = plt.subplots(figsize=(6, 4))
        mu, sigma = float(g.mean()), float(g.std(ddof=1))
        statistics.plot_histogram(
            g.values, ax=ax, theory=lambda x: np.exp(-(x - mu)**2 / (2 * sigma**2))
            / np.sqrt(2 * np.pi * sigma**2), theory_label="Gaussian, same mean and variance")
        ax.set_xlabel(_label("g", g))
        ax.set_title(f"{dataset.attrs['device']}: <g> = {mu:.3f}, var g = {sigma**2:.4f}")
    else:
        x = swept[0]
        others = [d for d in swept if d != x]
        if others:
            g = g.isel({d: 0 for d in others})
        mean, mean_error = statistics.mean(g)
        var, var_error = statistics.variance(g, n_resamples=300)
        fig, (ax_mean, ax_var) = plt.subplots(2, 1, figsize=(6.5, 6), sharex=True,
                                              layout="constrained")
        ax_mean.errorbar(g[x], mean, mean_error, fmt="o-", ms=3, capsize=2)
        ax_mean.set_ylabel(_label("<g>", g))
        ax_var.errorbar(g[x], var, var_error, fmt="o-", ms=3, capsize=2, color="C1")
        unit = _label("", g).strip()
        ax_var.set_ylabel(f"var g {unit}²" if unit else "var g")
        ax_var.set_xlabel(_label(x, dataset[x]))
        fixed = ", ".join(f"{d}={float(g[d]):g}" + (f" {_unit(dataset[d])}"
                                                    if _unit(dataset[d]) else "")
                          for d in others)
        ax_mean.set_title(f"{dataset.attrs['device']}, {n} seeds" + (f" ({fixed})" if fixed else ""),
                          fontsize=9)
    fig.savefig(out, dpi=110)
    print(f"plot written to {out}")
    return 0


def _fit(args):
    from .analysis import magnetoconductance_fits, measured_data
    data = measured_data.read_magnetoconductance_csv(args.data)
    use = np.abs(data.field) <= _tesla("--field-max", args.field_max) \
        if args.field_max else np.ones(data.field.size, bool)
    fit = magnetoconductance_fits.fit_magnetoconductance(
        data.field[use], data.delta_sigma[use],
        None if data.errors is None else data.errors[use], model=args.model,
        width=_nm("--width", args.width), length=_nm("--length", args.length),
        degeneracy=args.degeneracy, dephasing_length=_nm("--dephasing-length",
                                                         args.dephasing_length))
    print(f"{args.data}: {args.model} fit of {int(use.sum())} points, "
          f"|B| <= {np.abs(data.field[use]).max() * 1e3:.4g} mT")
    print(fit.summary())
    if fit.p_value < 1e-3:
        print(f"warning: chi^2 = {fit.chi2:.3g} per degree of freedom (p = {fit.p_value:.1e}): "
              f"the {args.model} formula does not describe these data within their errors")
    out = args.out or os.path.splitext(args.data)[0] + f"_{args.model}.png"
    measured_data.plot_magnetoconductance_fit(fit, data, out)
    print(f"plot written to {out}")
    return 0


def _nm(option, value):
    """A length option: a number in nm or a quantity ('1.5 um')."""
    if value is None:
        return None
    from devices.quantities import magnitudes_in
    try:
        return magnitudes_in(option, float(value), "nm")
    except ValueError:
        return magnitudes_in(option, value, "nm")


def _tesla(option, value):
    from devices.quantities import magnitudes_in
    try:
        return float(value)
    except ValueError:
        return magnitudes_in(option, value, "T")


def main(argv=None):
    """The ``meso`` command: parse ``argv`` (default: the command line) and run it; returns 0."""
    parser = argparse.ArgumentParser(prog="meso", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("devices", help="list devices and parameters")
    run_parser = commands.add_parser("run", help="run or resume an ensemble from a TOML file")
    run_parser.add_argument("config")
    run_parser.add_argument("--out", help="zarr store (default: from the config)")
    run_parser.add_argument("--workers", type=int, help="local worker processes (default: all cores)")
    run_parser.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786")
    info = commands.add_parser("info", help="contents, completeness and provenance of a store")
    info.add_argument("store")
    plot = commands.add_parser("plot", help="mean and variance versus the swept parameter, to PNG")
    plot.add_argument("store")
    plot.add_argument("--out", help="PNG file (default: STORE with .png)")
    fit = commands.add_parser("fit", help="fit a measured magnetoconductance CSV (lengths in nm)")
    fit.add_argument("data", help="CSV with unit headers, e.g. 'B [mT], delta_sigma [e^2/h]'")
    fit.add_argument("--model", choices=("hln", "wire", "ilp", "dp"), default="hln")
    fit.add_argument("--width", help="wire width (nm, or with a unit: '200 nm'), --model wire")
    fit.add_argument("--length", help="wire length (nm or with a unit), --model wire")
    fit.add_argument("--degeneracy", type=int, default=2,
                     help="n_s for hln and wire: 2 spin-degenerate (default), 1 spinless")
    fit.add_argument("--dephasing-length", help="ilp/dp: fix L_phi (nm) and fit L_so only")
    fit.add_argument("--field-max", help="fit only |B| up to this (T, or with a unit: '10 mT')")
    fit.add_argument("--out", help="PNG file (default: DATA_<model>.png)")
    run = commands.add_parser("conductance", help="two-terminal conductance in e^2/h")
    run.add_argument("device")
    run.add_argument("assignments", nargs="*", metavar="NAME=VALUE")
    run.add_argument("--energy", type=float, required=True, help="t, from the band bottom")
    # NAME=VALUE pairs may come before or after --energy.
    args, extra = parser.parse_known_args(argv)
    stray = [item for item in extra if item.startswith("-") or args.command != "conductance"]
    if stray:
        parser.error(f"unrecognized arguments: {' '.join(stray)}")
    if extra:
        args.assignments = args.assignments + extra
    from .ensembles.store import StoreWriteError
    try:
        if args.command == "devices":
            _list_devices()
        elif args.command == "conductance":
            _conductance(args)
        else:
            return {"run": _run, "info": _info, "plot": _plot, "fit": _fit}[args.command](args)
    except (ValueError, TypeError, StoreWriteError) as error:
        print(f"meso: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `meso info STORE | head`: the reader has all it wants
        _silence_stdout()
        return 0
    return 0


def _silence_stdout():
    """Point stdout at /dev/null so that the interpreter's final flush of a closed pipe
    does not print a second BrokenPipeError."""
    import os
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
