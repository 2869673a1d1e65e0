"""Six-terminal Hall bar."""

import dataclasses

import numpy as np

from .base import Device
from .geometry import Lead
from .validation import check_size

__all__ = ["HallBar"]


@dataclasses.dataclass(frozen=True)
class HallBar(Device):
    """A six-terminal Hall bar: a ``width`` x ``length`` strip with four side arms.

    Terminal numbering (counter-clockwise, current along x)::

             5         4
           __|_|_____|_|__
        0 |               | 3
          |_______________|
             | |     | |
             1         2

    0: left current lead, 1: bottom-left, 2: bottom-right, 3: right current lead,
    4: top-right, 5: top-left.  The side leads have ``arm_width`` sites and are
    centred at x = length/4 and 3 length/4.  With current from 0 to 3,
    R_xx = V_1 - V_2 and R_xy = V_5 - V_1 (see `physics.hall_resistances`).

    Parameters
    ----------
    width : int
        Sites across the bar (y), also the width of leads 0 and 3.
    length : int
        Sites along the bar (x).
    arm_width : int, optional
        Sites across each side lead; default ``max(1, width // 2)``.
    spin : bool
        Two orbitals per site.

    Notes
    -----
    The vector potential is the Landau gauge A = (-B y, 0) in the bar and in
    leads 0 and 3, and A = (-B y_e, B x) in the side leads (y_e the bar edge
    they attach to); the two are joined by an exact lattice gauge
    transformation, so every lead is translation invariant.
    """

    width: int
    length: int
    arm_width: int | None = None
    spin: bool = False

    def _validate(self):
        check_size("width", self.width)
        check_size("length", self.length, minimum=4)
        if self.arm_width is not None:
            check_size("arm_width", self.arm_width)
        first, second = self._arm_starts
        a = self._arm
        if first < 1 or first + a >= second or second + a > self.length - 1:
            raise ValueError(
                f"arm_width ({a}) is too wide for length ({self.length}): the four side "
                "leads must fit between the current leads without touching")

    @property
    def _arm(self):
        return max(1, self.width // 2) if self.arm_width is None else self.arm_width

    @property
    def _arm_starts(self):
        return (round(self.length / 4 - self._arm / 2),
                round(3 * self.length / 4 - self._arm / 2))

    def estimated_sites(self):
        return self.width * self.length * 2  # the bar and generous arms

    def region(self):
        x, y = np.meshgrid(np.arange(self.length), np.arange(self.width), indexing="ij")
        tags = np.column_stack([x.ravel(), y.ravel()]).astype(np.int64)
        return np.zeros(len(tags), dtype=np.int64), tags

    def lead_specs(self):
        # Arms of ``arm_width`` rows centred on the middle of their columns.  The side leads
        # get the gauge A = (-B y_e, B x) (`devices.geometry.LeadGeometry.gauge`).
        left_arm, right_arm = (s + (self._arm - 1) / 2 for s in self._arm_starts)
        arm = self._arm
        return [Lead("left"), Lead("bottom", left_arm, arm), Lead("bottom", right_arm, arm),
                Lead("right"), Lead("top", right_arm, arm), Lead("top", left_arm, arm)]
