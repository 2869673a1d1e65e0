"""Exact results for clean lattices, used to check the numerics.

Energies in t from the band bottom (on-site 4t, hopping -t, square lattice).
"""

import numpy as np

__all__ = ["hard_wall_subband_energies", "open_channels", "landau_level_energies",
           "saddle_point_transmission", "cavity_mean_conductance", "cavity_conductance_variance",
           "graphene_wire_correction"]


def hard_wall_subband_energies(width):
    """Bottoms of the subbands of a hard-wall lattice strip of ``width`` sites.

    ``E_n = 2t (1 - cos(n pi / (width + 1)))``, n = 1 .. width: the transverse
    standing waves of a tight-binding chain with zero boundary conditions.
    Each subband spans [E_n, E_n + 4t].
    """
    n = np.arange(1, width + 1)
    return 2.0 * (1 - np.cos(n * np.pi / (width + 1)))


def open_channels(energy, width):
    """Number of open channels of a clean hard-wall strip: subbands with E_n < E < E_n + 4t.

    Equal to the exact conductance (e^2/h) of a clean spinless wire whose leads
    have the same width.
    """
    bottoms = hard_wall_subband_energies(width)
    energy = np.asarray(energy, dtype=float)[..., np.newaxis]
    return np.sum((bottoms < energy) & (energy < bottoms + 4.0), axis=-1)


def landau_level_energies(phi, n_levels, lattice_correction=False):
    """Landau levels near the band bottom: ``E_n = hbar omega_c (n + 1/2)``.

    ``hbar omega_c = 4 pi t phi`` for flux ``phi`` per plaquette (h/e)
    (THEORY §10), valid for phi << 1 and low n.

    With ``lattice_correction``, adds the first-order effect of the quartic
    term of the cosine band, ``-t (k_x^4 + k_y^4) / 12``:
    ``-(hbar omega_c)^2 (2 n^2 + 2 n + 1) / (32 t)`` [D: <n|k_x^4|n> =
    3 (2n^2 + 2n + 1) / (4 l_m^4) with hbar omega_c = 2 t / l_m^2].
    """
    n = np.arange(n_levels)
    hbar_omega_c = 4 * np.pi * phi
    energies = hbar_omega_c * (n + 0.5)
    if lattice_correction:
        energies = energies - hbar_omega_c**2 * (2 * n**2 + 2 * n + 1) / 32
    return energies


# --- Drude / Born (THEORY §1) -------------------------------------------------

def density_of_states_2d(energy):
    """Square-lattice DOS per site per spin, in 1/t; ``energy`` in t from the band bottom.

    ``nu(E) = K(k) / (2 pi^2 t)``, ``k^2 = 1 - (epsilon / 4t)^2``, epsilon = E - 4t
    measured from the band centre (Economou, Green's Functions in Quantum
    Physics, §5.3).  Log-divergent at the band centre.
    """
    from scipy.special import ellipk
    epsilon = np.asarray(energy, dtype=float) - 4.0
    m = 1 - (epsilon / 4) ** 2
    inside = (m > 0) & (m < 1)
    result = np.zeros_like(m)
    result[inside] = ellipk(m[inside]) / (2 * np.pi**2)
    return result


def electron_density_2d(energy):
    """Electrons per site per spin of the clean square lattice filled up to ``energy``.

    ``n(E) = int_0^E nu(e) de`` with the lattice DOS `density_of_states_2d`;
    ``E / (4 pi t)`` near the band bottom, 1/2 at the band centre E = 4t.
    """
    from scipy.integrate import quad
    energy = float(energy)
    if not 0 <= energy <= 8:
        raise ValueError(f"energy must lie in the band [0, 8] t, got {energy}")

    def dos(e):
        return float(density_of_states_2d(e))

    if energy <= 4:
        return quad(dos, 0.0, energy, limit=200)[0]
    return 1.0 - quad(dos, energy, 8.0, limit=200)[0]  # particle-hole symmetry


def drude_sheet_conductance(energy, disorder):
    """Born-approximation sheet conductance g_sq (e^2/h, per spin) of the 2D Anderson model.

    ``g_sq = -(12/d) (t/W)^2 K(E) / (t^2 nu(E))`` with d = 2 with ``K(E) = int_{-4t}^{E} eps nu(eps) deps``
    (THEORY §1: Born rate hbar/tau = (pi/6) W^2 nu, Kubo with the lattice
    velocity sum rule).  Valid for disorder W <~ 2t away from the band centre
    and edges.
    """
    from scipy.integrate import quad
    energy = float(energy)
    nu = float(density_of_states_2d(energy))

    def integrand(e):
        return (e - 4.0) * float(density_of_states_2d(e))

    # The DOS has a log singularity at the band centre: split the integral there.
    points = [p for p in (4.0,) if 0 < p < energy]
    k_integral = quad(integrand, 0.0, energy, points=points or None, limit=200)[0]
    return -6.0 * k_integral / (disorder**2 * nu)


def born_mean_free_path(energy, disorder, width):
    """DMPK mean free path l (lattice constants) of a hard-wall wire: ``N l = g_sq W``.

    With this l, ``<g> = N/(1 + L/l)`` plus the weak-localization term
    (THEORY §1, §2); l = (pi/2) l_tr in the continuum 2D limit.
    """
    n = int(open_channels(energy, width))
    return drude_sheet_conductance(energy, disorder) * width / n


# --- quasi-1D random-matrix theory (THEORY §2) --------------------------------

def weak_localization_correction(beta, degeneracy=1):
    """Zero-field WL correction to g (e^2/h) of a long diffusive wire: ``d (1 - 2/beta) / 3``.

    ``degeneracy`` = 1 spinless, 2 for spin-degenerate or Kramers-degenerate
    channels (beta = 4).  Spinless AI: -1/3; A: 0; spin-1/2 with strong SOC: +1/3.
    Mello & Stone, PRB 44, 3559 (1991); Beenakker RMP 69, 731 (1997).
    """
    return degeneracy * (1 - 2 / beta) / 3


def dmpk_mean_conductance(n_channels, s, beta, degeneracy=1):
    """Mean g (e^2/h) of a wire with N channels and s = L/l (THEORY §2).

    ``<g> = N/(1+s) + d (1 - 2/beta)/3 [1 - (1+s)^-3]``, N counting all
    channels (both spins for d = 2).  Mello & Stone, PRB 44, 3559 (1991).
    """
    s = np.asarray(s, dtype=float)
    return (n_channels / (1 + s)
            + weak_localization_correction(beta, degeneracy) * (1 - (1 + s) ** -3))


def ucf_variance_quasi_1d(beta, degeneracy=1):
    """var g (e^2/h)^2 of a long quasi-1D wire: ``d^2 2 / (15 beta)`` (Lee & Stone 1985)."""
    return degeneracy**2 * 2 / (15 * beta)


def ucf_mode_sum(aspect_ratio, beta=1, degeneracy=1, n_max=400):
    """Diffuson mode sum for var g of an L x W box with ideal leads, hard-wall sides.

    ``var g = (12/pi^4) sum_{n_x>=1, n_y>=0} [n_x^2 + (aspect n_y)^2]^-2``,
    ``aspect = L/W``; times ``d^2 / beta``.  Reproduces 2/15 in the quasi-1D
    limit (aspect -> infinity).  Lee, Stone, Fukuyama PRB 35, 1039 (1987).
    """
    n_x = np.arange(1, n_max + 1)[:, None]
    n_y = np.arange(0, n_max + 1)[None, :]
    total = np.sum((n_x**2 + (aspect_ratio * n_y) ** 2) ** -2.0)
    return degeneracy**2 / beta * 12 / np.pi**4 * total


def dorokhov_density(transmission, n_channels, s):
    """Bimodal density of transmission eigenvalues ``(N/2s) / (T sqrt(1-T))`` (THEORY §2).

    Dorokhov, JETP Lett. 36, 318 (1982); Mello, Pereyra, Kumar, Ann. Phys.
    181, 290 (1988).  Valid for 4 exp(-2s) <~ T <= 1.
    """
    t = np.asarray(transmission, dtype=float)
    return n_channels / (2 * s) / (t * np.sqrt(1 - t))


#: Fano factor of a diffusive wire (Beenakker & Buttiker PRB 46, 1889 (1992)).
FANO_DIFFUSIVE = 1 / 3


def localization_length(n_channels, mean_free_path, beta):
    """xi = (beta N + 2 - beta) l, defined by <ln g> = -2 L / xi (THEORY §2).

    N counts Kramers pairs once for beta = 4.  Beenakker RMP 69, 731 (1997) §IV.C.
    """
    return (beta * n_channels + 2 - beta) * mean_free_path


# --- magnetoconductance (THEORY §3) ---------------------------------------------

def coherent_wire_wl(x):
    """``f(x) = coth(x)/x - 1/x^2``: WL correction -n_s f(L/L_c) of a coherent wire.

    x = L / L_c with L_c^-2 = L_phi^-2 + l_B^-2; f(0) = 1/3, f ~ 1/x - 1/x^2 for
    large x (the long-wire limit).  Derived in THEORY §3(d) (Cooperon with
    absorbing ends).
    """
    x = np.asarray(x, dtype=float)
    small = np.abs(x) < 1e-3
    safe = np.where(small, 1.0, x)
    value = 1 / (np.tanh(safe) * safe) - 1 / safe**2
    return np.where(small, 1 / 3 - x**2 / 45, value)


def long_wire_wl(x):
    """Long-wire limit of `coherent_wire_wl`: ``1/x - 1/x^2`` (Altshuler & Aronov 1981)."""
    x = np.asarray(x, dtype=float)
    return 1 / x - 1 / x**2


def dirty_wire_field_parameter(phi, length, width):
    """x = L/l_B for a dirty wire, l_B^2 = 3 l_m^4 / W^2: ``x = (2 pi / sqrt 3) phi L W``.

    ``phi`` is the flux per plaquette in h/e (THEORY §3(d)).  Flux cancellation
    in clean-ish wires (l ~ W) makes the true scale smaller: treat as an upper bound.
    """
    return 2 * np.pi / np.sqrt(3) * phi * length * width


def dephased_wire_magnetoconductance(phi, length, width, dephasing_length, field_prefactor=3.0,
                                     degeneracy=1):
    """Delta g(phi) = g(phi) - g(0) of a wire between reservoirs with dephasing (e^2/h).

    The Cooperon of THEORY §3(d) with a mass: ``n_s [f(L/L_phi) - f(L/L_c)]``,
    ``L_c^-2 = L_phi^-2 + l_B^-2``, ``f(x) = coth x / x - 1/x^2``; for
    L >> L_phi the zero-field correction is -n_s L_phi / L (Altshuler & Aronov,
    JETP Lett 33, 499 (1981); Beenakker & van Houten PRB 38, 3232 (1988)).

    Parameters
    ----------
    phi : array_like
        Flux per plaquette (h/e).
    length, width : float
        Wire length L and width W (lattice constants).
    dephasing_length : float
        L_phi (lattice constants).
    field_prefactor : float
        c in ``l_B^2 = c l_m^4 / W^2``, l_m^2 = 1 / (2 pi phi): 3 in the dirty
        limit (l << W); flux cancellation in cleaner wires makes it larger.
    degeneracy : int
        n_s (1 spinless, 2 spin-degenerate).
    """
    phi = np.abs(np.asarray(phi, dtype=float))
    magnetic_length_4 = 1 / (2 * np.pi * np.where(phi > 0, phi, 1.0))**2
    inverse_lb2 = np.where(phi > 0, width**2 / (field_prefactor * magnetic_length_4), 0.0)
    inverse_lc = np.sqrt(dephasing_length**-2.0 + inverse_lb2)
    return degeneracy * (coherent_wire_wl(length / dephasing_length)
                         - coherent_wire_wl(length * inverse_lc))


def hln(b_over_bphi):
    """HLN function ``F(x) = psi(1/2 + 1/x) + ln x`` (Hikami, Larkin, Nagaoka 1980).

    Delta sigma(B) = n_s (e^2/h) F(B/B_phi) / (2 pi) without spin-orbit coupling.
    """
    from scipy.special import digamma
    x = np.asarray(b_over_bphi, dtype=float)
    return digamma(0.5 + 1 / x) + np.log(x)


def dephasing_field(dephasing_length):
    """B_phi = hbar / (4 e L_phi^2) as flux per plaquette (h/e): ``1 / (8 pi L_phi^2)``."""
    return 1 / (8 * np.pi * np.asarray(dephasing_length, dtype=float) ** 2)


def hln_magnetoconductivity(phi, dephasing_length, degeneracy=1):
    """Delta sigma(B) = n_s F(B/B_phi) / (2 pi) in e^2/h per square (THEORY §3(a)).

    ``phi`` is the flux per plaquette (h/e), ``dephasing_length`` L_phi in lattice
    constants.  Valid for B << B_tr = hbar/(2 e l^2) and l << L_phi << sample size.
    """
    phi = np.abs(np.asarray(phi, dtype=float))
    x = phi / dephasing_field(dephasing_length)
    return np.where(phi > 0, degeneracy * hln(np.where(phi > 0, x, 1.0)) / (2 * np.pi), 0.0)


def hln_spin_orbit(b, b_phi, b_so):
    """HLN with isotropic spin-orbit scattering, in e^2/(pi h) (both spins counted).

    ``-[F(B/B_phi)/2 - (3/2) F(B/(B_phi + 4 B_so/3))]`` (THEORY §3(b)); reduces
    to -1/2 of the spinless result times 2 for B_so -> infinity (antilocalization).
    """
    return -(0.5 * hln(b / b_phi) - 1.5 * hln(b / (b_phi + 4 * b_so / 3)))


# --- Aharonov-Bohm (THEORY §5) --------------------------------------------------

def aharonov_bohm_period(mean_radius):
    """h/e period of a ring in flux per plaquette (h/e per a^2): ``1 / (pi r^2)``."""
    return 1 / (np.pi * mean_radius**2)


def aas_period(mean_radius):
    """h/2e (Altshuler-Aronov-Spivak) period in flux per plaquette: half the AB period."""
    return 0.5 * aharonov_bohm_period(mean_radius)


def saddle_point_transmission(energy, barrier, hbar_omega_x, hbar_omega_y, n_modes=50):
    """Buttiker's saddle-point constriction: sum_n T_n with T_n = 1 / (1 + exp(-pi eps_n)).

    For the potential ``V(x, y) = barrier - m omega_x^2 x^2 / 2 + m omega_y^2 y^2 / 2``
    (M. Buttiker, Phys. Rev. B 41, 7906 (1990)), transverse mode n sees the
    inverted parabola of height ``barrier + hbar omega_y (n + 1/2)`` and
    ``eps_n = 2 [E - hbar omega_y (n + 1/2) - barrier] / (hbar omega_x)``.  Steps
    of g at E = barrier + hbar omega_y (n + 1/2), each of slope
    pi / (2 hbar omega_x) at its midpoint.  On the lattice (t = hbar^2/(2 m a^2))
    a curvature V = -a_x x^2 + a_y y^2 gives hbar omega = 2 sqrt(a) t
    (docs/theory/qpc.md).

    Parameters
    ----------
    energy : float or array_like
        E (same units as the others).
    barrier : float or array_like
        Height of the saddle (broadcast against ``energy``).
    hbar_omega_x, hbar_omega_y : float
        Curvatures of the saddle along and across the constriction, as energies.
    n_modes : int
        Transverse modes summed.
    """
    energy = np.asarray(energy, dtype=float)[..., np.newaxis]
    barrier = np.asarray(barrier, dtype=float)[..., np.newaxis]
    n = np.arange(n_modes)
    eps = 2 * (energy - hbar_omega_y * (n + 0.5) - barrier) / hbar_omega_x
    return np.sum(0.5 * (1 + np.tanh(0.5 * np.pi * eps)), axis=-1)


def cavity_mean_conductance(n1, n2, beta):
    """Random-matrix <g> of a chaotic cavity with ideal leads of n1 and n2 channels.

    ``<g> = n1 n2 / (n1 + n2 - 1 + 2/beta)`` (e^2/h per spin-degenerate copy): Baranger
    and Mello, PRL 73, 142 (1994); Jalabert, Pichard and Beenakker, EPL 27, 255 (1994).
    The weak-localization correction is ``<g>(beta=1) - <g>(beta=2)``.
    """
    n1, n2 = np.asarray(n1, dtype=float), np.asarray(n2, dtype=float)
    return n1 * n2 / (n1 + n2 - 1 + 2.0 / beta)


def cavity_conductance_variance(n1, n2, beta):
    """Random-matrix var g of a chaotic cavity (ideal leads, n = n1 + n2 channels in all).

    beta = 2: ``(n1 n2)^2 / (n^2 (n^2 - 1))``; beta = 1:
    ``2 n1 n2 (n1 + 1)(n2 + 1) / (n (n + 1)^2 (n + 3))``; both -> 1/16 and 1/8 for
    n1 = n2 -> infinity.  (Checked against circular-ensemble sampling,
    tests/test_theory.py; docs/theory/cavities.md.)
    """
    n1, n2 = np.asarray(n1, dtype=float), np.asarray(n2, dtype=float)
    n = n1 + n2
    if beta == 2:
        return (n1 * n2) ** 2 / (n**2 * (n**2 - 1))
    if beta == 1:
        return 2 * n1 * n2 * (n1 + 1) * (n2 + 1) / (n * (n + 1) ** 2 * (n + 3))
    raise ValueError(f"beta must be 1 or 2, got {beta!r}")


def graphene_wire_correction(x, intervalley, intravalley=0.0):
    """Quantum correction to g (e^2/h per spin) of a coherent graphene wire, McCann et al. form.

    The four Cooperons of graphene (McCann, Kechedzhi, Fal'ko, Suzuura, Ando,
    Altshuler, PRL 97, 146805 (2006), their Delta rho(B)) in a phase-coherent quasi-1D wire
    between absorbing reservoirs: each Cooperon of relaxation rate Gamma
    contributes -+f(sqrt(x^2 + L^2 Gamma / D)) with the coherent-wire function
    f = `coherent_wire_wl` (THEORY section 3(d)) in place of the 2D F of the paper::

        delta g = -f(x) + f(sqrt(x^2 + 2 x_i^2)) + 2 f(sqrt(x^2 + x_i^2 + x_*^2))

    (the valley-singlet Cooperon, gapless; the intervalley one, rate 2/tau_i;
    the two intravalley ones, rate 1/tau_i + 1/tau_*).  Limits: no intervalley
    and no intravalley symmetry breaking (x_i = x_* = 0), ``+2 f(x)``: two
    symplectic valleys, weak antilocalization, +2/3 at zero field; strong
    intervalley scattering (x_i -> inf), ``-f(x)``: the orthogonal wire, -1/3.
    The magnetoconductance is ``delta g(x) - delta g(0)``.

    Parameters
    ----------
    x : array_like
        L / L_B: the magnetic dephasing of the wire (dimensionless), e.g.
        `dirty_wire_field_parameter` for a uniform field.
    intervalley : float
        x_i = L / L_i with L_i = sqrt(D tau_i) the intervalley length
        (dimensionless; ``numpy.inf`` for valley-mixing disorder).
    intravalley : float
        x_* = L / L_* with L_*^-2 = 1/(D tau_*): trigonal warping and other
        intravalley breaking of the effective single-valley time reversal.

    Returns
    -------
    numpy.ndarray
        delta g in e^2/h for one spin (Kwant's spinless g; double it with spin).
    """
    x = np.asarray(x, dtype=float)
    xi2 = float(intervalley) ** 2
    xs2 = float(intravalley) ** 2
    with np.errstate(invalid="ignore"):
        return (-coherent_wire_wl(x) + coherent_wire_wl(np.sqrt(x**2 + 2 * xi2))
                + 2 * coherent_wire_wl(np.sqrt(x**2 + xi2 + xs2)))
