"""Dephasing by Buttiker voltage probes.

Kwant is phase coherent.  Following Buttiker (PRB 33, 3020 (1986); IBM J. Res.
Dev. 32, 63 (1988)) and D'Amato & Pastawski (PRB 41, 7411 (1990)), every
probe site p gets a fictitious wide-band lead: a self-energy ``-i eta`` on its
orbitals, i.e. an escape rate 2 eta / hbar.  The probes are voltage probes
(zero net current): an electron that enters one is re-emitted with a random
phase, so current is conserved but phase memory is lost after tau_phi =
hbar / (2 eta) (probes on every site), i.e. over

    L_phi = sqrt(hbar D tau_phi) = sqrt(hbar D / (2 eta)),

with D the diffusion constant *with* the probes on (they also relax momentum).
At zero temperature and in linear response the voltage probe is identical to
the energy-conserving 'dephasing probe'.  The transmissions between all
terminals (real leads and probes) follow from one Green's function
G = (E - H - Sigma_leads + i eta P)^-1 (Fisher-Lee:
T_pq = Tr[Gamma_p G Gamma_q G^dagger]), and the floating probes are eliminated
exactly from the conductance matrix (docs/theory/dephasing.md#buttiker-probes):

    G_eff = G_LL - G_LP (G_PP)^-1 G_PL.

Units: eta in t, lengths in lattice constants, conductance in e^2/h.
"""

import dataclasses

import numpy as np

from devices.validation import check_positive

from ..cache import per_device
from .probe_layout import PROBE_PATTERNS, check_dephasing, probe_grid_stride, probe_sites
from .slice_probes import SliceDephasingSolver
from .system import as_device, check_energy
from .solvers import SliceGreensSolver, SparseGreensSolver, orbital_indices

#: Cost model that picks the probe solver (`dephasing_solver`), in seconds on this
#: machine's one core, fitted to measured solves (2D wires and films, 800-8000 probe
#: orbitals): the exact elimination ~ a N^2 + b N^3 (N probe orbitals: the probe block
#: of G, then a dense solve), the slice recursion ~ c n m^3 + d n (n slices of m
#: orbitals, ~20 GMRES iterations of 5 products per slice, and Python per slice).
#: Both give the same conductance to ~1e-13; the choice depends on the device and the
#: probes only, never on timing, so results are reproducible.
ELIMINATION_COST = (1.5e-7, 2.4e-11)
SLICE_COST = (6e-8, 3e-4)

#: Exponent p of tau_phi ~ T^-p for electron-electron (Nyquist) dephasing by
#: dimension: p = 1 in 2D, 2/3 in quasi-1D (Altshuler, Aronov, Khmelnitskii,
#: J. Phys. C 15, 7367 (1982); docs/theory/dephasing.md#dephasing-rate-and-temperature).
#: Electron-phonon: p ~ 2-4.
NYQUIST_EXPONENT = {1: 2 / 3, 2: 1.0}

__all__ = ["DephasingSolver", "SliceDephasingSolver", "PROBE_PATTERNS", "DephasingModel",
           "NYQUIST_EXPONENT",
           "dephased_conductance_matrix", "dephased_conductance", "dephasing_length",
           "dephasing_rate", "probe_grid_stride", "check_dephasing", "dephasing_solver"]


def dephasing_length(dephasing, diffusion_constant, probe_fraction=1.0):
    """L_phi = sqrt(hbar D / (2 eta f)) in lattice constants.

    Parameters
    ----------
    dephasing : float
        Probe coupling eta in t (> 0).
    diffusion_constant : float
        D in t a^2 / hbar, measured with the probes on.
    probe_fraction : float
        Fraction f of the sites that carry a probe (1: every site, 1/2: checkerboard).
    """
    eta = check_dephasing(dephasing, allow_zero=False)
    check_positive("diffusion_constant", diffusion_constant)
    check_positive("probe_fraction", probe_fraction)
    return float(np.sqrt(diffusion_constant / (2 * eta * probe_fraction)))


def dephasing_rate(dephasing_length_value, diffusion_constant, probe_fraction=1.0):
    """The probe coupling eta = hbar D / (2 f L_phi^2) (t) that gives ``L_phi`` (lattice constants)."""
    check_positive("dephasing length", dephasing_length_value)
    check_positive("diffusion_constant", diffusion_constant)
    check_positive("probe_fraction", probe_fraction)
    return float(diffusion_constant / (2 * probe_fraction * dephasing_length_value**2))


@dataclasses.dataclass(frozen=True)
class DephasingModel:
    """Temperature dependence of the dephasing length: L_phi(T) = L_0 (T/T_0)^(-p/2).

    Parameters
    ----------
    reference_length : float
        L_0 = L_phi at the reference temperature (lattice constants).
    reference_temperature : float
        T_0, in the same units as the temperatures passed later (e.g. k_B T in t, or K).
    exponent : float
        p in tau_phi ~ T^-p (default 1: electron-electron dephasing in 2D; see
        `NYQUIST_EXPONENT` and `for_dimension`).

    Examples
    --------
    >>> model = DephasingModel.for_dimension(2, reference_length=8.0, reference_temperature=1.0)
    >>> eta = model.coupling(0.5, diffusion_constant=2.5, probe_fraction=0.5)
    >>> physics.conductance(film, 3.4, dephasing=eta, probes="checkerboard", disorder=3.0)
    """

    reference_length: float
    reference_temperature: float
    exponent: float = 1.0

    def __post_init__(self):
        check_positive("reference_length", self.reference_length)
        check_positive("reference_temperature", self.reference_temperature)
        check_positive("exponent", self.exponent)

    @classmethod
    def for_dimension(cls, dimension, reference_length, reference_temperature):
        """Electron-electron (Nyquist) dephasing: p = 1 in 2D, 2/3 in quasi-1D."""
        if dimension not in NYQUIST_EXPONENT:
            raise ValueError(f"dimension must be 1 (quasi-1D wire) or 2 (film), got {dimension!r}")
        return cls(reference_length, reference_temperature, NYQUIST_EXPONENT[dimension])

    def length(self, temperature):
        """L_phi(T) in lattice constants."""
        temperature = np.asarray(temperature, dtype=float)
        if np.any(~np.isfinite(temperature)) or np.any(temperature <= 0):
            raise ValueError(f"temperature must be positive, got {temperature!r}")
        return self.reference_length * (temperature / self.reference_temperature) ** (
            -self.exponent / 2)

    def coupling(self, temperature, diffusion_constant, probe_fraction=1.0):
        """The probe coupling eta (t) that gives L_phi(T): hbar D / (2 f L_phi(T)^2)."""
        check_positive("diffusion_constant", diffusion_constant)
        check_positive("probe_fraction", probe_fraction)
        return diffusion_constant / (2 * probe_fraction * self.length(temperature) ** 2)


class DephasingSolver(SparseGreensSolver):
    """Transport with Buttiker voltage probes on a set of sites of a device.

    Parameters
    ----------
    device : devices.Device
    probes : 'all', 'checkerboard', 'grid:N' or array_like of int or bool
        Sites (indices into ``device.finalized.sites``) that carry a probe, or a
        boolean mask over the sites.  'all': every site of the scattering
        region; 'checkerboard': every other site (half the probes, about 8x
        cheaper); 'grid:N': sites whose every coordinate is a multiple of N
        (fraction 1/N^d: for large films, with N well below L_phi).  The
        dephasing rate is 2 eta / hbar times the probe fraction (`probe_fraction`).
    """

    def __init__(self, device, probes="all"):
        super().__init__(device)
        sites = probe_sites(self.assembler.tags, probes)
        self.probe_sites = sites
        #: Fraction of the sites that carry a probe: tau_phi = hbar / (2 eta fraction).
        self.probe_fraction = sites.size / self.assembler.n_sites
        self.probe_orbitals = orbital_indices(sites, self.norbs)
        self.probe_diagonal = self.diagonal[self.probe_orbitals]

    def green_columns(self, energy, params, dephasing):
        """G at (lead interfaces + probe orbitals) x (same), from one factorization."""
        # -Sigma_probe = +i eta on every probe orbital.
        lu = self.factorize(energy, params, (self.probe_diagonal, 1j * dephasing))
        return lu.inverse_block(np.concatenate([self.rhs_orbitals, self.probe_orbitals]))

    def terminal_transmissions(self, energy, params, dephasing):
        """T_pq between all terminals: the real leads first, then one probe per site."""
        _, gammas, _ = self.leads(energy, params)
        g = self.green_columns(energy, params, dephasing)
        n_leads, norbs = len(self.interfaces), self.norbs
        bounds = np.cumsum([0] + [o.size for o in self.interfaces])
        n_probe = self.probe_sites.size
        lead_rows = [slice(bounds[k], bounds[k + 1]) for k in range(n_leads)]
        probe = slice(bounds[-1], None)
        total = n_leads + n_probe
        t = np.zeros((total, total))
        for p in range(n_leads):
            for q in range(n_leads):
                if p != q:
                    gpq = g[lead_rows[p], lead_rows[q]]
                    # Tr[Gamma_p G_pq Gamma_q G_pq^dagger] (products, no einsum path search)
                    t[p, q] = np.real(np.sum((gammas[p] @ gpq @ gammas[q]) * gpq.conj()))
            # Lead p <- probe orbital b: 2 eta (G_pb^dagger Gamma_p G_pb); sum over a site's orbitals.
            g_lp = g[lead_rows[p], probe]
            into_lead = 2 * dephasing * np.real(np.sum(g_lp.conj() * (gammas[p] @ g_lp), axis=0))
            g_pl = g[probe, lead_rows[p]]
            from_lead = 2 * dephasing * np.real(np.sum((g_pl @ gammas[p]) * g_pl.conj(), axis=1))
            t[p, n_leads:] = into_lead.reshape(n_probe, norbs).sum(axis=1)
            t[n_leads:, p] = from_lead.reshape(n_probe, norbs).sum(axis=1)
        g_pp = np.abs(g[probe, probe]) ** 2
        g_pp = g_pp.reshape(n_probe, norbs, n_probe, norbs).sum(axis=(1, 3))
        t[n_leads:, n_leads:] = (2 * dephasing) ** 2 * g_pp
        np.fill_diagonal(t, 0.0)
        return t

    def conductance_matrix(self, energy, params, dephasing):
        """Conductance matrix of the real leads (e^2/h) with every probe floating."""
        dephasing = check_dephasing(dephasing)
        if dephasing == 0:
            return super().conductance_matrix(energy, params)
        t = self.terminal_transmissions(energy, params, dephasing)
        full = -t
        full[np.diag_indices_from(full)] = t.sum(axis=0)
        n = len(self.interfaces)
        g_ll, g_lp, g_pl, g_pp = full[:n, :n], full[:n, n:], full[n:, :n], full[n:, n:]
        # Floating probes: I_P = 0 = G_PL V_L + G_PP V_P  =>  V_P = -G_PP^-1 G_PL V_L.
        return g_ll - g_lp @ np.linalg.solve(g_pp, g_pl)


def dephasing_solver(device, probes="all"):
    """The probe solver of ``device`` with ``probes`` (built once, `physics.cache`).

    `SliceDephasingSolver` (slice recursion, no dense probe matrix) on bars where
    `SliceGreensSolver` applies and the cost model (`ELIMINATION_COST`, `SLICE_COST`)
    expects it to be faster, else the exact elimination `DephasingSolver`.
    """
    if isinstance(probes, str):
        key = probes
    else:
        array = np.asarray(probes)
        key = (array.dtype.str, array.shape, array.tobytes())
    return per_device(device, ("dephasing_solver", key),
                      lambda: _choose_probe_solver(device, probes))


def _choose_probe_solver(device, probes):
    if SliceGreensSolver.applies(device):
        sliced = SliceDephasingSolver(device, probes)
        n_orbitals = sliced.probe_sites.size * sliced.norbs
        a, b = ELIMINATION_COST
        c, d = SLICE_COST
        elimination = a * n_orbitals**2 + b * n_orbitals**3
        if c * sliced.n_slices * sliced.m**3 + d * sliced.n_slices < elimination:
            return sliced
    return DephasingSolver(device, probes)


def dephased_conductance_matrix(device, energy, dephasing, *, probes="all", **params):
    """Conductance matrix of ``device`` (e^2/h, I = G V) with floating Buttiker probes.

    Parameters
    ----------
    device : devices.Device
    energy : float
        Fermi energy in t from the band bottom.
    dephasing : float
        Probe coupling eta in t (0: phase coherent).  With probes on every site
        tau_phi = hbar / (2 eta) and L_phi = sqrt(hbar D / (2 eta)).
    probes : 'all', 'checkerboard', site indices or boolean mask
        Which sites of the scattering region carry a probe (`DephasingSolver`).
    **params
        Solve-time parameters of the device.

    Returns
    -------
    numpy.ndarray, shape (number of leads, number of leads)
        Rows and columns sum to zero.
    """
    energy = check_energy(energy)
    dephasing = check_dephasing(dephasing)
    device = as_device(device)
    params = device.solve_params(**params)
    return dephasing_solver(device, probes).conductance_matrix(energy, params, dephasing)


def dephased_conductance(device, energy, dephasing, *, probes="all", **params):
    """Two-terminal conductance (e^2/h) with floating Buttiker probes; see
    `dephased_conductance_matrix`."""
    matrix = dephased_conductance_matrix(device, energy, dephasing, probes=probes, **params)
    if matrix.shape != (2, 2):
        raise ValueError(f"a two-terminal quantity needs a device with 2 leads, this one has "
                         f"{matrix.shape[0]}; use dephased_conductance_matrix")
    return float(-matrix[1, 0])
