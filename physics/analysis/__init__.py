"""Analysis of simulated (or measured) data: ensemble statistics, magnetotransport data, all
fits, and the probe coupling for a target dephasing length."""

from . import dephasing_calibration, fits, interaction_fits, magnetotransport, statistics
