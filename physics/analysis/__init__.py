"""Analysis of simulated (or measured) data: ensemble statistics, magnetotransport data, all
fits, the probe coupling for a target dephasing length, and the transport regime (and the
disorder) of measured parameters."""

from . import dephasing_calibration, fits, interaction_fits, magnetotransport, regime, statistics
