"""Plot helpers: draw into a given matplotlib axis (or a new one) and return it.

Matplotlib and holoviews are imported only when a helper is called; nothing
here calls ``show()``.
"""

import numpy as np

__all__ = ["plot_current", "plot_density", "plot_conductance", "conductance_curve"]


def _kwant_plotter():
    import warnings
    with warnings.catch_warnings():
        # Kwant warns at import that plotly is absent; matplotlib is what we use.
        warnings.filterwarnings("ignore", message="plotly is not available")
        import kwant.plotter
    return kwant.plotter


def _finalized(device):
    """The finalized Kwant system of any device, or of a Kwant system given directly."""
    from .transport.system import as_device
    return as_device(device).finalized


def get_axes(ax=None):
    """``ax``, or the axes of a new matplotlib figure when ``ax`` is None."""
    if ax is None:
        import matplotlib.pyplot as plt
        _, ax = plt.subplots()
    return ax


def plot_current(device, current, ax=None, **kwargs):
    """Streamline plot of a current density (2D devices) via `kwant.plotter.current`."""
    ax = get_axes(ax)
    _kwant_plotter().current(_finalized(device), current, ax=ax, **kwargs)
    ax.set_xlabel("x (a)")
    ax.set_ylabel("y (a)")
    ax.set_aspect("equal")
    return ax


def plot_density(device, values, ax=None, cmap="viridis", label=None, **kwargs):
    """Colour map of a per-site quantity (2D devices) via `kwant.plotter.map`, with colour bar."""
    import warnings
    ax = get_axes(ax)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The plotted data contains")
        _kwant_plotter().map(_finalized(device), values, ax=ax, cmap=cmap, show=False, **kwargs)
    ax.figure.colorbar(ax.images[-1], ax=ax, label=label)
    ax.set_xlabel("x (a)")
    ax.set_ylabel("y (a)")
    return ax


def plot_conductance(energies, conductances, ax=None, label=None, **kwargs):
    """g (e^2/h) versus energy (t from the band bottom)."""
    ax = get_axes(ax)
    ax.plot(np.asarray(energies), np.asarray(conductances), label=label, **kwargs)
    ax.set_xlabel("E (t, from band bottom)")
    ax.set_ylabel("g (e²/h)")
    return ax


def conductance_curve(energies, conductances, label="g"):
    """holoviews Curve of g (e^2/h) versus energy (t)."""
    try:
        import holoviews as hv
    except ImportError as error:  # pragma: no cover
        raise ImportError("conductance_curve needs holoviews: pip install holoviews") from error
    return hv.Curve((np.asarray(energies), np.asarray(conductances)),
                    kdims=["E (t)"], vdims=[label])
