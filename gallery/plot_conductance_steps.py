"""Conductance quantization of a clean wire
=========================================

A clean wire between leads of the same width is a perfect waveguide: every
open transverse mode transmits with probability one, so the two-terminal
conductance is the number of open channels, g = N(E), in units of e^2/h
(spinless).  On the square lattice with hard walls the subband bottoms are
E_n = 2t (1 - cos(n pi / (W + 1))) from the band bottom, and subband n is open
for E_n < E < E_n + 4t: the steps go up through the lower half of the band
and come down again through the upper half.

The check: ``|g(E) - N(E)|`` over the whole band, excluding energies within
1e-6 t of a threshold (where the new mode has zero velocity).

References: van Wees et al., PRL 60, 848 (1988); Wharam et al., J. Phys. C 21,
L209 (1988); Landauer, IBM J. Res. Dev. 1, 223 (1957).
"""

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from physics import theory

from _common import Checks, pick

# The energy grid runs from the band bottom to the band top on purpose: g = 0 where the
# leads are closed is part of the staircase, not a mistake to warn about.
warnings.filterwarnings("ignore", message=".*no open channel",
                        category=devices.RegimeWarning)
checks = Checks("conductance_steps")
width = pick(12, 20)
wire = devices.Wire(width=width, length=10)
energies = np.linspace(0.01, 7.99, pick(300, 800))

# %%
g = np.array([physics.conductance(wire, e) for e in energies])
n_open = theory.open_channels(energies, width)
thresholds = np.concatenate([theory.hard_wall_subband_energies(width),
                             theory.hard_wall_subband_energies(width) + 4])
away = np.min(np.abs(energies[:, None] - thresholds[None, :]), axis=1) > 1e-6
# Exact identity for a clean wire: only rounding errors remain.
checks.add("max |g - N(E)| away from thresholds", np.max(np.abs(g - n_open)[away]), 0, 0, 1e-8,
           "e^2/h")

# %%
fig, (ax, ax_err) = plt.subplots(2, 1, figsize=(7, 5.5), sharex=True,
                                 gridspec_kw=dict(height_ratios=[3, 1]))
ax.step(energies, n_open, where="mid", color="0.6", lw=3, label="analytic N(E)")
physics.plotting.plot_conductance(energies, g, ax=ax, color="C0", lw=1.2,
                                  label=f"Kwant, W = {width}")
ax.set_ylabel("g (e²/h)")
ax.set_title("Clean hard-wall wire: g = number of open channels")
ax.legend()
ax_err.semilogy(energies, np.abs(g - n_open) + 1e-17, ".", ms=3)
ax_err.set_ylabel("|g − N|")
ax_err.set_xlabel("E (t, from the band bottom)")
ax_err.set_ylim(1e-17, 1e-6)
checks.save_figure(fig)
checks.save()
