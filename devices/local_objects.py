"""Objects that cannot be pickled (lambdas, closures, Kwant systems) passed to worker processes.

A process pool pickles its tasks.  A device that holds such an object (a potential
written as a lambda, a Kwant builder) is pickled with a token instead, and the
object is looked up again by that token in the receiving process: a process forked
from this one (the default local pool on Linux) inherits the table.  A spawned
process or a Dask worker does not, and gets an error that says how to make the
object importable.
"""

import pickle
import uuid

__all__ = ["LocalObject", "portable"]

_TABLE = {}


class LocalObject:
    """Stands for an unpicklable object in a pickle; `resolve` returns it again."""

    def __init__(self, obj, what):
        self.token = uuid.uuid4().hex
        self.what = what
        _TABLE[self.token] = obj

    def __getstate__(self):
        return {"token": self.token, "what": self.what}

    def resolve(self):
        try:
            return _TABLE[self.token]
        except KeyError:
            raise RuntimeError(
                f"{self.what} exists only in the process that made it (and in processes forked "
                "from it): define it as a function at the top level of an importable module to "
                "use Dask or spawned workers") from None


def portable(obj, what):
    """``obj`` itself when it can be pickled, else a `LocalObject` standing for it."""
    try:
        pickle.dumps(obj)
        return obj
    except Exception:
        return LocalObject(obj, what)
