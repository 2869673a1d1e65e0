"""Analysis of simulated (or measured) data: ensemble statistics, magnetotransport data, all fits."""

from . import fits, interaction_fits, magnetotransport, statistics
