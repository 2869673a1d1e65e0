"""Localization: transfer matrices and finite-size scaling, closed-sample spectra."""

from . import scaling, spectra
