"""Four-terminal resistances from a conductance matrix (Buttiker, PRL 57, 1761 (1986))."""

import numpy as np

__all__ = ["four_terminal_resistance", "hall_resistances"]


def four_terminal_resistance(conductance_matrix, source, drain, plus, minus):
    """Resistance (V_plus - V_minus) / I in h/e^2 for current from ``source`` to ``drain``.

    All terminals other than ``source`` and ``drain`` are floating voltage
    probes (zero net current); the drain is grounded.

    Parameters
    ----------
    conductance_matrix : array_like, shape (n, n)
        G in e^2/h with I = G V (`physics.conductance_matrix`).
    source, drain, plus, minus : int
        Terminal numbers.

    Returns
    -------
    float
    """
    G = np.asarray(conductance_matrix)
    n = G.shape[0]
    if G.ndim != 2 or G.shape != (n, n):
        raise ValueError(f"conductance_matrix must be square, got shape {G.shape}")
    for name, value in dict(source=source, drain=drain, plus=plus, minus=minus).items():
        if not 0 <= value < n:
            raise ValueError(f"{name} must be a terminal in [0, {n}), got {value}")
    if source == drain:
        raise ValueError("source and drain must differ")
    keep = [p for p in range(n) if p != drain]
    current = np.zeros(n - 1)
    current[keep.index(source)] = 1.0
    voltages = np.zeros(n)
    voltages[keep] = np.linalg.solve(G[np.ix_(keep, keep)], current)
    return float(voltages[plus] - voltages[minus])


def hall_resistances(conductance_matrix):
    """(R_xx, R_xy) in h/e^2 of a six-terminal `devices.HallBar`.

    Current flows from terminal 0 to 3; R_xx = V_1 - V_2 (bottom-left minus
    bottom-right), R_xy = V_5 - V_1 (top-left minus bottom-left), both per unit
    current.  For electrons (charge -e) in a field phi > 0 along +z,
    R_xy = +1/nu on the quantum Hall plateaus of a spinless model.
    """
    return (four_terminal_resistance(conductance_matrix, 0, 3, 1, 2),
            four_terminal_resistance(conductance_matrix, 0, 3, 5, 1))
