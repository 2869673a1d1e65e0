"""Weak (anti)localization of a dephased 2D film with Rashba spin-orbit coupling: the theory.

Theory of the magnetoconductance of a film whose phase coherence is
limited by Buttiker dephasing probes (`physics.dephasing`), L_phi << L, W
(docs/theory/weak_localization.md#hln-with-spin-orbit-coupling,
docs/theory/dephasing.md#buttiker-probes, docs/theory/spin_orbit.md).  Fields are fluxes per
plaquette ``phi`` in h/e (docs/theory/conventions.md#magnetic-field-and-flux);
a characteristic field B_x = hbar / (4 e L_x^2) is

    phi_x = B_x a^2 / (h/e) = 1 / (8 pi L_x^2)        (L_x in lattice constants),

and conductivities are in e^2/h with both spins counted (a spinless result is
multiplied by the degeneracy n_s explicitly).

Spin-orbit lengths (D'yakonov-Perel, derived here)
---------------------------------------------------
The lattice Rashba hopping ``-t sigma_0 + i alpha (dy sigma_x - dx sigma_y)``
(`devices.spin.rashba_hopping`) adds ``h(k).sigma`` with
h(k) = 2 alpha (-sin k_y, sin k_x, 0) to the band ``eps(k)``.  The velocity is
v(k) = (2 t a / hbar)(sin k_x, sin k_y), so everywhere on the Fermi surface,
at *any* energy, the precession vector Omega = 2 h / hbar is

    ``Omega(k) = (2 alpha / (t a)) z x v(k)``,       ``|Omega| = Delta_so / hbar``,

with the spin splitting ``Delta_so(k) = 4 alpha |sin k|`` (= 2 alpha_R k_F near the
band bottom, alpha_R = 2 alpha a).  The spin therefore turns by 2 alpha/(t a)
radians per unit length travelled, whatever the direction: the precession
length is

    L_so = v_F / Omega = t a / (2 alpha)     (= hbar^2 / (2 m alpha_R) in the continuum),

independent of the energy and of the mean free time.  In the D'yakonov-Perel
regime Omega tau = l / L_so << 1 the spin relaxes by motional narrowing with
rates (isotropic short-range scattering, tau_1 = tau) 1/tau_zz = <Omega^2> tau
and 1/tau_xx = 1/tau_yy = <Omega^2> tau / 2 (in-plane spin twice as slow); with
D = <v^2> tau / 2 the in-plane spin-relaxation length is sqrt(D tau_xx) =
sqrt(<v^2>/<Omega^2>) = L_so exactly (the ratio ``|v|/|Omega|`` is the same on
the whole Fermi surface), the out-of-plane one L_so / sqrt 2.  The spin-orbit
field of the magnetoconductance is B_so = hbar / (4 e D tau_xx) =
hbar / (4 e L_so^2), i.e. ``phi_so = 1 / (8 pi L_so^2) = alpha^2 / (2 pi t^2)``.
Because Omega is linear in v, the spin-orbit term acts in the Cooperon as an
SU(2) vector potential of strength 1/L_so; the diffusive theory of a linear
Rashba 2DEG (Iordanskii, Lyanda-Geller, Pikus, JETP Lett. 60, 206 (1994); Knap
et al., PRB 53, 3912 (1996), their H_so = H_so' for pure linear Rashba) then
applies to the lattice with D and L_so as above.  Convention check: the same
B_so = m^2 alpha_R^2 / (e hbar^3) = hbar / (4 e L_so^2) with
L_so = hbar^2 / (2 m alpha_R) underlies the Knap-formula implementation of
ShabaniLab/shabanipy (quantum_hall/wal/utils.py, conversion of the linear
spin-orbit field to alpha_R).  In strong coupling (Omega tau >~ 1) the spin
relaxation length saturates near l (docs/theory/spin_orbit.md#strong-coupling) and these formulas no longer
apply.

Magnetoconductance forms (both spins, e^2/h)
--------------------------------------------
* spinless HLN (docs/theory/weak_localization.md#hln-2d-film):
  ``n_s F(B/B_phi) / (2 pi)``, F(x) = psi(1/2 + 1/x) + ln x;
* simplified D'yakonov-Perel (docs/theory/weak_localization.md#hln-with-spin-orbit-coupling):
  two in-plane triplets with
  B_phi + B_so and one out-of-plane triplet with B_phi + 2 B_so,
  ``-(1/pi)[F(B/B_phi)/2 - F(B/(B_phi + B_so)) - F(B/(B_phi + 2 B_so))/2]``;
* ILP / Knap Eq. (37) for pure linear Rashba (exact in the diffusive limit;
  the triplet modes are coupled by the field, so no closed form):
  ``-(1/(2 pi)) [S(B) - S(0)]`` with the Landau-level series S of
  `ilp_magnetoconductance`.

Both forms give twice the spinless HLN result for B_so -> 0 and -1/2 of the
spin-degenerate one (the symplectic singlet alone) for B_so -> infinity.  They
differ strongly in between, because the field couples the triplet modes (for
linear Rashba the spin-orbit term is an SU(2) vector potential, and much of its
q = 0 mass is compensated at finite Cooperon momentum): fitted to an exact ILP
curve the simplified form returns a B_so 0.10, 0.19, 0.42, 0.74 times the true
one for B_so/B_phi = 1, 3, 10, 30 (`simplified_to_ilp_field_ratio`).  Both forms
use the same B_so definition; the difference is an approximation, not a
convention, and B_so from the simplified form is only a lower bound.
"""

import numpy as np

from devices.validation import check_real_array

from .diffusive import dephasing_field, hln

__all__ = ["EULER_GAMMA", "field_from_length", "length_from_field", "lattice_spin_orbit_length",
           "precession_length", "rashba_splitting_band_bottom", "precession_parameter",
           "spin_relaxation_lengths", "spin_orbit_flux", "dp_magnetoconductance",
           "ilp_magnetoconductance", "hln_spin_orbit"]


EULER_GAMMA = 0.5772156649015329


def _positive(name, value):
    return check_real_array(name, value, 0.0, strict=True)


def _non_negative(name, value):
    return check_real_array(name, value, 0.0)


def field_from_length(length):
    """Characteristic flux per plaquette (h/e) of a length: B = hbar/(4 e L^2) -> 1/(8 pi L^2).

    Parameters
    ----------
    length : float or array_like
        L_phi, L_so, ... in lattice constants.
    """
    return dephasing_field(_positive("length", length))


def length_from_field(flux):
    """Inverse of `field_from_length`: L = (8 pi phi_x)^-1/2 (lattice constants)."""
    return 1 / np.sqrt(8 * np.pi * _positive("flux", flux))


def lattice_spin_orbit_length(rashba, hopping=1.0):
    """Precession length L_so = v_F/Omega = t a / (2 alpha) of the lattice Rashba model.

    Exact on the whole Fermi surface at any energy for nearest-neighbour
    Rashba hopping (Omega = (2 alpha/t a) z x v; module docstring), and equal
    to hbar^2 / (2 m alpha_R) near the band bottom (alpha_R = 2 alpha a,
    m = hbar^2 / (2 t a^2)).

    Parameters
    ----------
    rashba : float
        Lattice Rashba coupling alpha in t (> 0).
    hopping : float
        t (default 1).

    Returns
    -------
    float
        L_so in lattice constants.
    """
    return float(_positive("hopping", hopping) / (2 * _positive("rashba", rashba)))


def precession_length(splitting, fermi_velocity):
    """D'yakonov-Perel spin-orbit length L_so = v_F / Omega, Omega = Delta_so / hbar.

    Parameters
    ----------
    splitting : float
        Spin splitting Delta_so at the Fermi energy (t); 2 alpha_R k_F for
        continuum Rashba.
    fermi_velocity : float
        v_F in t a / hbar.

    Returns
    -------
    float
        L_so in lattice constants (independent of tau in the DP regime).
    """
    return float(_positive("fermi_velocity", fermi_velocity) / _positive("splitting", splitting))


def rashba_splitting_band_bottom(rashba, energy):
    """Continuum-limit spin splitting Delta_so = 2 alpha_R k_F = 4 alpha k_F (t).

    Near the band bottom E = t (k_F a)^2 (energy from the band bottom), so
    k_F = sqrt(E / t) / a; the Fermi velocity is v_F = 2 t k_F a^2 / hbar and
    v_F / (Delta_so / hbar) = t a / (2 alpha) = `lattice_spin_orbit_length`.
    """
    return float(4 * _positive("rashba", rashba) * np.sqrt(_positive("energy", energy)))


def precession_parameter(rashba, mean_free_path, hopping=1.0):
    """Omega tau = l / L_so: the D'yakonov-Perel regime needs this << 1.

    Parameters
    ----------
    rashba : float
        alpha in t.
    mean_free_path : float
        Transport mean free path l = v_F tau (lattice constants).
    """
    return float(_positive("mean_free_path", mean_free_path)
                 / lattice_spin_orbit_length(rashba, hopping))


def spin_relaxation_lengths(spin_orbit_length):
    """DP spin-relaxation lengths sqrt(D tau_s): (in-plane, out-of-plane) = (L_so, L_so/sqrt 2).

    Rates 1/tau_xx = 1/tau_yy = <Omega^2> tau / 2, 1/tau_zz = <Omega^2> tau for
    Rashba with isotropic scattering (D'yakonov & Perel 1971; Knap et al. 1996).
    """
    length = float(_positive("spin_orbit_length", spin_orbit_length))
    return length, length / np.sqrt(2)


def spin_orbit_flux(rashba, hopping=1.0):
    """phi_so = 1/(8 pi L_so^2) = alpha^2/(2 pi t^2): B_so in flux per plaquette (h/e)."""
    return float(field_from_length(lattice_spin_orbit_length(rashba, hopping)))


def dp_magnetoconductance(phi, phi_phi, phi_so):
    """Simplified D'yakonov-Perel form (docs/theory/weak_localization.md#hln-with-spin-orbit-coupling), both spins, in e^2/h.

    ``-(1/pi)[F(B/B_phi)/2 - F(B/(B_phi + B_so)) - F(B/(B_phi + 2 B_so))/2]``:
    singlet (massless but for dephasing), two in-plane triplets relaxing with
    1/tau_xx and one out-of-plane triplet relaxing twice as fast.

    Parameters
    ----------
    phi : array_like
        Flux per plaquette (h/e).
    phi_phi, phi_so : float
        B_phi and B_so as fluxes per plaquette, 1/(8 pi L^2).

    Notes
    -----
    Reduces to 2x the spinless HLN result for phi_so = 0 and to -1/2 of the
    spin-degenerate one for phi_so -> infinity.  Neglects the field-induced
    coupling of the triplet modes (exact result: `ilp_magnetoconductance`).
    """
    phi = np.abs(np.asarray(phi, dtype=float))
    phi_phi = float(_positive("phi_phi", phi_phi))
    phi_so = float(_non_negative("phi_so", phi_so))
    return -(0.5 * hln(phi / phi_phi) - hln(phi / (phi_phi + phi_so))
             - 0.5 * hln(phi / (phi_phi + 2 * phi_so))) / np.pi


def _ilp_triplet_series(b_phi, b_so, n_terms):
    """T(B) = 1/a0 + (2a0+1+b)/(a1(a0+b) - 2b) - sum_n [3/n - R_n], with an asymptotic tail."""
    n = np.arange(1, n_terms + 1, dtype=float)
    a0 = 0.5 + b_phi + b_so
    a = n + a0
    numerator = 3 * a**2 + 2 * a * b_so - 1 - 2 * (2 * n + 1) * b_so
    denominator = (a + b_so) * (a - 1) * (a + 1) - 2 * b_so * ((2 * n + 1) * a - 1)
    series = np.sum(3 / n - numerator / denominator)
    # Tail n > N: R_n = 3/a_n + 7 b/a_n^2 + O(b^2/a^3) (expansion of R_n for large n).
    from scipy.special import digamma, polygamma
    last = n_terms + 1
    tail = 3 * (digamma(last + a0) - digamma(last)) - 7 * b_so * polygamma(1, last + a0)
    series += tail
    return 1 / a0 + (2 * a0 + 1 + b_so) / ((a0 + 1) * (a0 + b_so) - 2 * b_so) - series


def _ilp_bracket(field, field_phi, field_so, n_terms):
    """Knap Eq. (37) curly bracket with H_tr = 1 (it cancels in differences)."""
    from scipy.special import digamma
    b_phi, b_so = field_phi / field, field_so / field
    return (_ilp_triplet_series(b_phi, b_so, n_terms) + 2 * np.log(1 / field)
            + digamma(0.5 + b_phi) + 3 * EULER_GAMMA)


def _ilp_bracket_zero_field(field_phi, field_so):
    """B -> 0 limit of `_ilp_bracket`: ln H_phi + lim_Y [int_0^Y rho(y) dy - 3 ln Y].

    The Landau-level sum becomes an integral over y = B(n + 1/2) (Cooperon
    momentum D q^2 in field units) with rho(y) = (3A^2 + 2AH - 4yH) /
    ((A + H) A^2 - 4 H y A), A = y + H_phi + H, H = H_so.
    """
    from scipy.integrate import quad
    h = field_so

    def rho(y):
        big_a = y + field_phi + h
        return (3 * big_a**2 + 2 * big_a * h - 4 * y * h) / ((big_a + h) * big_a**2
                                                            - 4 * h * y * big_a)

    scale = field_phi + h
    inner, _ = quad(rho, 0, scale, limit=200)
    # Above the scale the integrand ~ 1/y^2: integrate in u = ln(y/scale).
    outer, _ = quad(lambda u: scale * np.exp(u) * rho(scale * np.exp(u)) - 3, 0, 80, limit=400)
    return np.log(field_phi) + inner + outer - 3 * np.log(scale)


def ilp_magnetoconductance(phi, phi_phi, phi_so, n_terms=None):
    """Iordanskii-Lyanda-Geller-Pikus magnetoconductance for linear Rashba, both spins (e^2/h).

    Delta sigma(B) = sigma(B) - sigma(0) = -(1/2 pi)[S(B) - S(0)] with Knap et
    al. PRB 53, 3912 (1996) Eq. (37) (prefactor e^2/(4 pi^2 hbar) = e^2/(2 pi h))
    for H_so = H_so' = B_so (no Dresselhaus terms)::

        S(B) = 1/a0 + (2a0 + 1 + b)/(a1 (a0 + b) - 2b)
               - sum_{n>=1} [3/n - (3a_n^2 + 2a_n b - 1 - 2(2n+1) b) /
                             ((a_n + b) a_{n-1} a_{n+1} - 2b((2n+1) a_n - 1))]
               + 2 ln(H_tr/B) + psi(1/2 + B_phi/B) + 3C,

    a_n = n + 1/2 + (B_phi + B_so)/B, b = B_so/B, C Euler's constant; S(0) is
    the B -> 0 limit (an integral over the Cooperon momentum).

    Parameters
    ----------
    phi : array_like
        Flux per plaquette (h/e).
    phi_phi, phi_so : float
        B_phi = hbar/(4 e L_phi^2) and B_so = hbar/(4 e L_so^2) as fluxes per
        plaquette (`field_from_length`), L_so = v_F/Omega.
    n_terms : int, optional
        Landau levels summed exactly before the asymptotic tail (default:
        enough that n >> (B_phi + B_so)/B).

    Notes
    -----
    Valid for B, B_phi, B_so << B_tr (diffusive Cooperon) and Omega tau << 1.
    Limits (tests): B_so = 0 gives (1/pi) F(B/B_phi) (2x spinless HLN),
    B_so -> infinity gives -(1/2 pi) F(B/B_phi).
    """
    phi = np.abs(np.asarray(phi, dtype=float))
    phi_phi = float(_positive("phi_phi", phi_phi))
    phi_so = float(_non_negative("phi_so", phi_so))
    zero = _ilp_bracket_zero_field(phi_phi, phi_so)
    out = np.zeros(phi.shape)
    for index, value in np.ndenumerate(phi):
        if value == 0:
            continue
        ratio = (phi_phi + phi_so) / value
        terms = n_terms if n_terms is not None else int(min(max(2000, 1000 * ratio), 4_000_000))
        # The truncation error of the series falls as (b/N)^2: Richardson-extrapolate N/2, N.
        bracket = (4 * _ilp_bracket(value, phi_phi, phi_so, terms)
                   - _ilp_bracket(value, phi_phi, phi_so, terms // 2)) / 3
        out[index] = -(bracket - zero) / (2 * np.pi)
    return out


def hln_spin_orbit(b, b_phi, b_so):
    """HLN with isotropic spin-orbit scattering, in e^2/(pi h) (both spins counted).

    ``-[F(B/B_phi)/2 - (3/2) F(B/(B_phi + 4 B_so/3))]``
    (docs/theory/weak_localization.md#hln-with-spin-orbit-coupling); reduces
    to -1/2 of the spinless result times 2 for B_so -> infinity (antilocalization).
    """
    return -(0.5 * hln(b / b_phi) - 1.5 * hln(b / (b_phi + 4 * b_so / 3)))
