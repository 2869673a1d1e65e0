"""One registry for the computational objects built per device: solvers, assemblers, checks.

A device is a frozen value, so everything built from it (a fast solver with its
MUMPS analysis and lead self-energies, a closed-sample assembler, the record that
its Hamiltonian was checked against Kwant's) depends on its value only.  The
registry keys them by the device's value: an equal device (an unpickled copy in a
worker process, a device made again with the same arguments) finds them ready.
It keeps the `MAX_DEVICES` most recently used devices and drops the oldest, so a
sweep over many device sizes does not accumulate solvers without bound.
"""

import collections
import threading

__all__ = ["per_device", "canonical", "clear", "MAX_DEVICES"]

#: Devices whose objects are kept (least recently used dropped first).
MAX_DEVICES = 8

_ENTRIES = collections.OrderedDict()  # device -> {key: object}
_LOCK = threading.Lock()


def per_device(device, key, build):
    """The object registered for ``device`` under ``key``; ``build()`` makes it the first time.

    Parameters
    ----------
    device : devices.Device or devices.KwantDevice
        Any hashable device (equal devices share their objects).
    key : hashable
        What the object is, e.g. ``"fast_solver"`` or ``("dephasing", "all")``.
    build : callable
        ``build() -> object``, called without the registry's lock held (it may
        itself use the registry for the same device).

    Returns
    -------
    object
    """
    with _LOCK:
        entry = _ENTRIES.get(device)
        if entry is not None:
            _ENTRIES.move_to_end(device)
            if key in entry:
                return entry[key]
    value = build()
    with _LOCK:
        entry = _ENTRIES.setdefault(device, {})
        _ENTRIES.move_to_end(device)
        while len(_ENTRIES) > MAX_DEVICES:
            _ENTRIES.popitem(last=False)
        return entry.setdefault(key, value)


def clear():
    """Forget every registered object (they are rebuilt on next use)."""
    with _LOCK:
        _ENTRIES.clear()


def canonical(device):
    """The registered device equal to ``device`` (the first one seen), or ``device`` itself.

    An unpickled copy in a worker process is a new object; its canonical twin
    already holds the built Kwant system, so nothing is rebuilt per task.
    """
    return per_device(device, "canonical", lambda: device)
