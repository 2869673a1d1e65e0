"""The ``meso`` command line.

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
import sys

__all__ = ["main"]


def _device_classes():
    import devices
    return {name: getattr(devices, name) for name in ("Wire", "Film", "Block", "Ring", "HallBar")}


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
    for name, cls in _device_classes().items():
        fields = ", ".join(f.name for f in dataclasses.fields(cls))
        print(f"{name}({fields})")
        print(f"    {cls.__doc__.strip().splitlines()[0]}")
    import devices
    example = devices.Wire(width=1, length=1, spin=True)
    print("\nsolve-time parameters (Film/Block add field_direction, Ring adds flux):")
    for spec in example.parameter_specs.values():
        print(f"  {spec.name} = {spec.default!r}: {spec.doc}")


def _conductance(args):
    import physics
    classes = _device_classes()
    if args.device not in classes:
        raise ValueError(f"unknown device {args.device!r}; choose from {', '.join(classes)}")
    cls = classes[args.device]
    assignments = _parse_assignments(args.assignments)
    field_names = {f.name for f in dataclasses.fields(cls)}
    sizes = {k: v for k, v in assignments.items() if k in field_names}
    params = {k: v for k, v in assignments.items() if k not in field_names}
    device = cls(**sizes)
    print(repr(physics.conductance(device, args.energy, **params)))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="meso", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("devices", help="list devices and parameters")
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
    try:
        if args.command == "devices":
            _list_devices()
        else:
            _conductance(args)
    except (ValueError, TypeError) as error:
        print(f"meso: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
