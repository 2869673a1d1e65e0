"""Physical quantities as inputs: pint quantities and strings such as '50 mT' -> numbers.

The lowest layer of the unit handling (`devices.units` builds on it, and device
parameters with a physical unit use it): pint is imported on first use only.
"""

import numbers

import numpy as np

__all__ = ["ureg", "is_quantity", "quantity_in", "magnitudes_in", "registry", "tesla_per"]


def registry():
    """pint's application registry (imported on first use)."""
    import pint
    return pint.get_application_registry()


class _LazyRegistry:
    """`pint`'s application registry, imported on first use (``ureg.meV``, ``ureg("50 mT")``)."""

    def __getattr__(self, name):
        return getattr(registry(), name)

    def __call__(self, *args, **kwargs):
        return registry()(*args, **kwargs)

    def __repr__(self):
        return "<pint application registry (devices.units.ureg)>"


#: The unit registry quantities are made with (pint's application registry).
ureg = _LazyRegistry()


def is_quantity(value):
    """Whether ``value`` is a pint quantity (pint is not imported to find out)."""
    return type(value).__module__.split(".")[0] == "pint" and hasattr(value, "magnitude")


def quantity_in(name, value, unit):
    """``value`` as a number in ``unit``: a pint quantity or a string such as '50 mT' is
    converted; a plain number (or array) is taken to be in ``unit`` already.

    Raises
    ------
    ValueError
        Naming ``name`` when the dimension is not that of ``unit`` or a string does not
        parse.
    """
    if isinstance(value, str):
        try:
            value = registry().Quantity(value)
        except Exception as error:  # noqa: BLE001 - pint raises several types
            raise ValueError(f"{name} = {value!r} is not a quantity with a unit "
                             f"(e.g. '5 {unit}'): {error}") from None
        if not is_quantity(value):  # a bare number in a string
            return float(value)
        if value.dimensionless:
            return float(value.magnitude)
    if is_quantity(value):
        import pint
        try:
            return value.to(unit).magnitude
        except pint.DimensionalityError:
            raise ValueError(f"{name} = {value:~} cannot be converted to {unit}") from None
    return value


def magnitudes_in(name, values, unit):
    """`quantity_in` for a scalar or a sequence (numbers, quantities or strings such as
    '50 mT', or one quantity array): a float or a float array in ``unit``."""
    if is_quantity(values) or isinstance(values, str) or np.ndim(values) == 0:
        value = quantity_in(name, values, unit)
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            return float(value)  # '3 meV' and 3.0 are the same input
        if isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
            return value.astype(float)
        return value  # for the caller's check to name
    return np.array([quantity_in(f"{name}[{i}]", v, unit) for i, v in enumerate(values)],
                    dtype=float)


#: Field units pint counts as Gaussian-CGS (not convertible to tesla without a context):
#: the gauss of a measurement file is 1e-4 T.
_GAUSS = ("G", "gauss", "Gs")


def tesla_per(unit):
    """Tesla in one ``unit`` of magnetic field (T, mT, uT, G or gauss).

    Raises
    ------
    ValueError
        If ``unit`` is not a unit of magnetic field.
    """
    if unit in _GAUSS:
        return 1e-4
    try:
        return float(registry().Quantity(1.0, unit).to("T").magnitude)
    except Exception:  # noqa: BLE001 - pint raises several types
        raise ValueError(f"{unit!r} is not a unit of magnetic field (T, mT, G)") from None
