"""LDOS, scattering-state densities and plot helpers."""

import numpy as np

import devices
import physics

from conftest import assert_close


def test_ldos_is_sum_of_scattering_state_densities():
    # Identity for a system with leads: LDOS = sum_leads sum_modes |psi|^2 / (2 pi).
    ring = devices.Ring(inner_radius=4, outer_radius=7, lead_width=3, spin=True)
    params = dict(disorder=1.0, seed=2, flux=0.2, rashba=0.2)
    ldos = physics.ldos(ring, 1.2, **params)
    from_states = sum(physics.density(ring, 1.2, lead=k, **params) for k in range(2)) / (2 * np.pi)
    assert ldos.shape == (len(ring.finalized.sites),)
    assert np.all(ldos > 0)
    assert_close(ldos, from_states, 1e-10, "LDOS vs scattering states")


def test_clean_wire_ldos_matches_one_dimensional_subbands():
    # Clean wire, one open subband: rho(x, y) = |chi_1(y)|^2 / (pi v) per site with
    # chi_1(y) = sqrt(2/(W+1)) sin(pi y'/(W+1)), v = 2 sin k, E = E_1 + 2 - 2 cos k.
    width = 5
    wire = devices.Wire(width=width, length=4)
    e1 = physics.theory.hard_wall_subband_energies(width)[0]
    energy = e1 + 0.3
    k = np.arccos(1 - 0.3 / 2)
    y = np.array([site.pos[1] for site in wire.finalized.sites])
    chi2 = 2 / (width + 1) * np.sin(np.pi * (y + 1) / (width + 1))**2
    assert_close(physics.ldos(wire, energy), chi2 / (np.pi * 2 * np.sin(k)), 1e-10,
                 "clean-wire LDOS")


def test_plot_helpers_return_axes_and_elements():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    wire = devices.Wire(width=5, length=8)
    current = physics.current_density(wire, 1.0, disorder=1.0, seed=1)
    ax = physics.plotting.plot_current(wire, current)
    assert isinstance(ax, matplotlib.axes.Axes)
    ax = physics.plotting.plot_density(wire, physics.ldos(wire, 1.0))
    assert isinstance(ax, matplotlib.axes.Axes) and ax.images
    ax = physics.plotting.plot_conductance([0, 1], [0, 1])
    assert len(ax.lines) == 1
    plt.close("all")
    curve = physics.plotting.conductance_curve([0, 1], [0, 1])
    assert type(curve).__name__ == "Curve"
