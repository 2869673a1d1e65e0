"""Closed-form interaction theory the closed-sample numerics are compared with (docs/theory/interactions.md).

Formulas only, no sample: the interaction V(r); the Coulomb gap and the
variable-range-hopping temperatures (Mott, Efros-Shklovskii); the
Altshuler-Aronov zero-bias anomaly; Thomas-Fermi screening of a point charge in
a 2D sheet; and the clean square-lattice forms behind Friedel oscillations
(Fermi surface, Born scattering rate and mean free path, the lattice Green's
function of the infinite clean lattice with one point scatterer).

Units: energies in t (from the band bottom for lattice energies, E = 4 - 2 cos k_x
- 2 cos k_y), lengths in lattice constants a, hbar = k_B = 1, DOS per site per
spin.  The hopping formulas (`mott_temperature`, `efros_shklovskii_temperature`,
`efros_shklovskii_dos`) hold in any consistent units (k_B = 1).
"""

import numpy as np
import scipy.fft
import scipy.integrate
import scipy.optimize
import scipy.special

from devices.validation import check_count, check_positive, check_real, check_real_array

from .clean import density_of_states_2d, electron_density_2d

__all__ = ["coulomb_potential", "efros_shklovskii_dos", "MOTT_BETA", "EFROS_SHKLOVSKII_BETA",
           "mott_temperature", "efros_shklovskii_temperature", "altshuler_aronov_log",
           "altshuler_aronov_coupling", "thomas_fermi_wavevector", "thomas_fermi_profile_2d",
           "thomas_fermi_tail_2d", "thomas_fermi_enclosed_charge_2d", "fermi_energy_2d",
           "fermi_surface_point_2d", "born_scattering_rate_2d", "elastic_mean_free_path_2d",
           "clean_lattice_green_function_2d", "clean_point_scatterer_green_change",
           "friedel_scaled_distance", "stoner_susceptibility", "lattice_lindhard_2d",
           "kondo_coupling_flow", "kondo_temperature", "kondo_temperature_log_dos",
           "interaction_conductivity_correction_2d"]


def _dimension(dimension):
    """2 or 3 (an integer)."""
    dimension = check_count("dimension", dimension, minimum=2)
    if dimension > 3:
        raise ValueError(f"dimension must be 2 or 3, got {dimension!r}")
    return dimension


# --- the interaction ---------------------------------------------------------------------

def coulomb_potential(distance, strength, screening_length=np.inf):
    """Screened Coulomb (Yukawa) interaction ``V(r) = V0 exp(-r / lambda) / r``.

    Elementwise and unchecked (``distance`` must be > 0): the kernel of
    `physics.interactions.coulomb.coulomb_matrix`, which builds and checks the
    matrices between sites.

    Parameters
    ----------
    distance : array_like of float
        r > 0 in lattice constants a.
    strength : float
        V0 = e^2 / (4 pi eps a) in t: the interaction at r = a.
    screening_length : float
        lambda in lattice constants; ``numpy.inf`` (default) for the bare 1/r.

    Returns
    -------
    numpy.ndarray
        V(r) in t.
    """
    r = np.asarray(distance, dtype=float)
    if screening_length == np.inf:
        return strength / r  # = strength * exp(-r / inf) / r, bit for bit
    return strength * np.exp(-r / screening_length) / r


# --- Coulomb gap and variable-range hopping ----------------------------------------------

def efros_shklovskii_dos(energy, dimension=2, coulomb=1.0):
    """Efros-Shklovskii bound on the single-particle DOS of the Coulomb gap near mu.

    ``g(E) = (2/pi) |E| / c^2`` in 2D, ``(3/pi) E^2 / c^3`` in 3D, with
    c = e^2/(4 pi eps) the interaction at unit distance.

    Parameters
    ----------
    energy : array_like of float
        E - mu (energy; t for lattice samples).
    dimension : int
        2 or 3.
    coulomb : float
        c = e^2 / (4 pi eps) > 0 (energy x length; V0 in t for a = 1).  Best passed
        by keyword: ``tunneling_dos.efros_shklovskii_dos`` (now this function) used
        to take it as the second argument.

    Returns
    -------
    numpy.ndarray
        g(E) per unit energy and volume (per site per t for a = 1, one spin species).

    Notes
    -----
    Efros & Shklovskii, J. Phys. C 8, L49 (1975); Shklovskii & Efros 1984 §10.1:
    stability of the ground state against one-electron transfers gives this as
    an upper bound; simulations of classical Coulomb glasses find the same power
    with a prefactor below it (e.g. Mobius, Richter & Drittler PRB 45, 11568
    (1992)).  Only the power ``|E|^(d-1)`` is a hard test; the prefactor is a
    reference line.
    """
    d = _dimension(dimension)
    c = check_positive("coulomb", coulomb)
    energy = np.abs(np.asarray(energy, dtype=float))
    if d == 2:
        return 2 / np.pi * energy / c**2
    return 3 / np.pi * energy**2 / c**3


#: Mott percolation constants beta_d in T0 = beta_d / (k_B nu xi^d), xi the decay length
#: of ``|psi|``: 2D 13.8 [M, Shklovskii & Efros 1984 §9.1, to be re-checked], 3D 21.2
#: (Skal & Shklovskii 1974; Mott's estimate was 18) [S].
MOTT_BETA = {2: 13.8, 3: 21.2}
#: Efros-Shklovskii constants beta in T_ES = beta e^2 / (4 pi eps k_B xi): 2D 6.5, 3D 2.8
#: [M: Nguyen, Shklovskii & Efros 1979; Shklovskii & Efros 1984 §10.2; percolation
#: with the ES density of states].
EFROS_SHKLOVSKII_BETA = {2: 6.5, 3: 2.8}


def mott_temperature(dos, localization_length, dimension):
    """Mott's T0 = beta_d / (k_B nu xi^d) of ``ln R = (T0/T)^(1/(d+1)) + const`` (docs/theory/interactions.md#variable-range-hopping).

    Parameters
    ----------
    dos : float
        nu > 0, density of states at mu per unit energy per unit volume (per site
        per t for lattice samples with a = 1; one spin species).
    localization_length : float
        xi > 0, the decay length of ``|psi|`` (lattice constants).
    dimension : int
        2 or 3.

    Returns
    -------
    float
        k_B T0 (energy, t for lattice samples).

    Notes
    -----
    Mott, J. Non-Cryst. Solids 1, 1 (1968); percolation constants from
    Shklovskii & Efros (1984), ch. 9 (`MOTT_BETA`; 2D value marked uncertain).
    """
    d = _dimension(dimension)
    return MOTT_BETA[d] / (check_positive("dos", dos)
                           * check_positive("localization_length", localization_length)**d)


def efros_shklovskii_temperature(localization_length, dimension, coulomb=1.0):
    """T_ES = beta e^2 / (4 pi eps k_B xi) of ``ln R = (T_ES/T)^(1/2) + const`` (docs/theory/interactions.md#variable-range-hopping).

    Parameters
    ----------
    localization_length : float
        xi > 0, the decay length of ``|psi|`` (lattice constants).
    dimension : int
        2 or 3 (selects beta, `EFROS_SHKLOVSKII_BETA` [M]).
    coulomb : float
        e^2 / (4 pi eps) > 0 in energy x length (the interaction at unit distance).

    Returns
    -------
    float
        k_B T_ES (energy).

    Notes
    -----
    Efros & Shklovskii, J. Phys. C 8, L49 (1975).
    """
    d = _dimension(dimension)
    return EFROS_SHKLOVSKII_BETA[d] * check_positive("coulomb", coulomb) / check_positive(
        "localization_length", localization_length)


# --- Altshuler-Aronov zero-bias anomaly ---------------------------------------------------

def altshuler_aronov_log(energy, prefactor, scale):
    """Altshuler-Aronov 2D form ``delta nu / nu = prefactor * ln(|E| / scale)``.

    Parameters
    ----------
    energy : array_like of float
        E - E_F (t).
    prefactor : float
        A (dimensionless), > 0 for a dip, ~ 1/g.
    scale : float
        Energy (t) where the correction vanishes (~ hbar/tau).

    Returns
    -------
    numpy.ndarray
        delta nu / nu (dimensionless).

    Notes
    -----
    First-order exchange with a statically screened (short-range) interaction in
    a 2D diffusive conductor, Altshuler, Aronov & Lee PRL 44, 1288 (1980); Lee &
    Ramakrishnan RMP 57, 287 (1985): ``delta nu / nu = (nu V_eff / (2 pi g))
    ln(|E| tau / hbar)`` for ``hbar/tau >> |E| >> E_Thouless``, g = 2 pi hbar nu D per
    spin; so ``prefactor`` > 0 (a dip) and proportional to 1/g.
    docs/theory/interactions.md#zero-bias-anomaly rates
    the numerical prefactor as uncertain [M] and gives the double logarithm for
    dynamically screened Coulomb interaction, which Hartree-Fock does not
    produce; only the logarithm and the sign and 1/g scaling of the prefactor
    are compared, the prefactor is fitted.
    """
    energy = np.abs(np.asarray(energy, dtype=float))
    return prefactor * np.log(energy / scale)


def altshuler_aronov_coupling(coulomb, screening_length, fermi_energy, grid=256, smearing=0.05):
    """First-order coefficient c of A = c / g for V(r) = V0 exp(-r/lambda)/r on the square lattice.

    c = nu [V(q=0) - 2 <V(k - k')>_FS] / (2 pi): exchange (V at small q, same
    spin) minus Hartree (V at the momentum transfer across the Fermi surface,
    both spins), nu = DOS per site per spin of the clean lattice at E_F.  With
    g = 2 pi hbar nu D per spin (e^2/h), first-order perturbation theory in V
    for ``hbar/tau >> |E| >> E_T`` gives ``delta nu / nu = (c/g) ln(|E| tau/hbar)``
    (derivation: delta nu/nu = -(1/pi) Im int dw int d^2q/(2pi)^2
    V(q)/(Dq^2 - iw)^2; Altshuler & Aronov 1985 review;
    docs/theory/interactions.md#zero-bias-anomaly [M]).

    Parameters
    ----------
    coulomb : float
        V0 (t).
    screening_length : float
        lambda (lattice constants).
    fermi_energy : float
        t from the band bottom.
    grid : int
        k-grid (and real-space period) of the lattice sums.
    smearing : float
        Gaussian width (t) of the Fermi-surface weight.

    Returns
    -------
    c, nu_v0, nu_v_fs : float
        c, nu V(q=0) and nu <V(k - k')>_FS (dimensionless).
    """
    k = 2 * np.pi * np.arange(grid) / grid
    kx, ky = np.meshgrid(k, k, indexing="ij")
    epsilon = 4 - 2 * np.cos(kx) - 2 * np.cos(ky)
    weight = np.exp(-0.5 * ((epsilon - fermi_energy) / smearing) ** 2)
    # <V(k - k')> = sum_r V(r) |w(r)|^2 / w(0)^2 with w(r) the Fourier transform of the weight.
    w_r = np.abs(np.fft.fft2(weight)) ** 2 / weight.sum() ** 2
    n = np.fft.fftfreq(grid, 1 / grid)
    rx, ry = np.meshgrid(n, n, indexing="ij")
    r = np.hypot(rx, ry)
    r[0, 0] = 1.0
    v = coulomb_potential(r, coulomb, screening_length)
    v[0, 0] = 0.0
    nu = float(density_of_states_2d(fermi_energy))
    nu_v0, nu_vfs = nu * v.sum(), nu * float(np.sum(v * w_r))
    return (nu_v0 - 2 * nu_vfs) / (2 * np.pi), nu_v0, nu_vfs


# --- Thomas-Fermi screening (docs/theory/interactions.md#thomas-fermi-screening) ---------

def thomas_fermi_wavevector(density_of_states, strength, dimension):
    """Thomas-Fermi wave vector q_TF for V(r) = strength/r (docs/theory/interactions.md#thomas-fermi-screening).

    2D sheet: ``q_TF = e^2 nu / (2 eps) = 2 pi strength nu``; 3D:
    ``q_TF^2 = e^2 nu / eps = 4 pi strength nu``.

    Parameters
    ----------
    density_of_states : float
        nu > 0, DOS per site (1/t; per spin: these samples are spinless, so nu_tot = nu).
    strength : float
        e^2/(4 pi eps a) > 0 in t.
    dimension : int
        2 or 3.

    Returns
    -------
    float
        q_TF in 1/a.
    """
    nu = check_positive("density_of_states", density_of_states)
    u = check_positive("strength", strength)
    if _dimension(dimension) == 2:
        return 2 * np.pi * u * nu
    return np.sqrt(4 * np.pi * u * nu)


def thomas_fermi_profile_2d(r, q_tf, charge=1.0):
    """Induced electron density around a point charge in an infinite 2D sheet, Thomas-Fermi.

    ``delta n(q) = charge q_TF / (q + q_TF)``, so
    ``delta n(r) = (charge q_TF / 2 pi) [1/r - (pi q_TF / 2)(H_0(q_TF r) - Y_0(q_TF r))]``
    (Struve H_0, Neumann Y_0); total charge ``charge`` (perfect screening);
    tail ``charge / (2 pi q_TF r^3)`` (`thomas_fermi_tail_2d`).  Stern, PRL
    18, 546 (1967); Ando, Fowler & Stern, RMP 54, 437 (1982) §II.

    Parameters
    ----------
    r : array_like of float
        Distance from the charge, > 0 (a).
    q_tf : float
        q_TF > 0 (1/a), `thomas_fermi_wavevector`.
    charge : float
        Test charge (:math:`|e|`; positive attracts electrons).

    Returns
    -------
    numpy.ndarray
        delta n (electrons per a^2).
    """
    r = np.asarray(r, dtype=float)
    q = check_positive("q_tf", q_tf)
    x = q * r
    return charge * q / (2 * np.pi) * (1 / r - np.pi * q / 2
                                       * (scipy.special.struve(0, x) - scipy.special.y0(x)))


def thomas_fermi_tail_2d(r, q_tf, charge=1.0):
    """Long-distance limit ``charge / (2 pi q_TF r^3)`` of `thomas_fermi_profile_2d` (q_TF r >> 1).

    Parameters
    ----------
    r : array_like of float
        Distance (a).
    q_tf : float
        q_TF > 0 (1/a).
    charge : float
        Test charge (:math:`|e|`).

    Returns
    -------
    numpy.ndarray
        delta n (electrons per a^2).
    """
    q = check_positive("q_tf", q_tf)
    return charge / (2 * np.pi * q * np.asarray(r, dtype=float) ** 3)


def thomas_fermi_enclosed_charge_2d(radius, q_tf, charge=1.0):
    """Screening charge within ``radius`` of the impurity in an infinite 2D sheet, Thomas-Fermi.

    ``int_0^R 2 pi r delta n(r) dr`` of `thomas_fermi_profile_2d`; tends to
    ``charge`` (perfect screening) as ``1 - 1/(q_TF R)`` for q_TF R >> 1.

    Parameters
    ----------
    radius : float or array_like of float
        R (a).
    q_tf : float
        q_TF > 0 (1/a).
    charge : float
        Test charge (:math:`|e|`).

    Returns
    -------
    float or numpy.ndarray
        Enclosed induced charge (electrons), the shape of ``radius``.
    """
    q = check_positive("q_tf", q_tf)
    radii = np.atleast_1d(np.asarray(radius, dtype=float))

    def integrand(r):
        return 2 * np.pi * r * float(thomas_fermi_profile_2d(max(r, 1e-12), q, 1.0))

    values = [scipy.integrate.quad(integrand, 0, r, limit=200)[0] for r in radii]
    result = charge * np.array(values)
    return result if np.ndim(radius) else float(result[0])


# --- the clean square lattice: Fermi surface, Born rate, Friedel forms
#     (docs/theory/drude.md, docs/theory/interactions.md#friedel-oscillations) -----

def fermi_energy_2d(filling):
    """Fermi energy of the clean square lattice at ``filling`` electrons per site (per spin).

    Parameters
    ----------
    filling : float
        In (0, 1).

    Returns
    -------
    float
        E_F in t from the band bottom.
    """
    filling = check_real("filling", filling, 0.0, 1.0, strict=True)
    return scipy.optimize.brentq(lambda e: electron_density_2d(e) - filling,
                                 0.0, 8.0, xtol=1e-13)


def fermi_surface_point_2d(energy, direction=0.0):
    """The Fermi-surface point of the square lattice whose group velocity points along ``direction``.

    Dispersion ``E = 4 - 2 cos k_x - 2 cos k_y`` (t from the band bottom, a = 1,
    hbar = 1).  A point scatterer's Green function at distance r along
    ``direction`` oscillates as ``exp(i k.r)`` with this k (stationary
    phase), and decays with this speed.

    Parameters
    ----------
    energy : float
        In (0, 4) t (below the band centre: closed Fermi surface).
    direction : float
        Angle of r with the x axis (rad).

    Returns
    -------
    k : numpy.ndarray, shape (2,)
        Wave vector (1/a).
    speed : float
        ``|v| = |dE/dk|`` (t a / hbar).
    """
    energy = check_real("energy", energy, 0.0, 4.0, strict=True)
    direction = check_real("direction", direction)
    cx, sx = np.cos(direction), np.sin(direction)
    ax, ay = abs(cx), abs(sx)
    k_max = np.arccos(1 - energy / 2)

    def ky_of(kx):
        return np.arccos(np.clip(2 - energy / 2 - np.cos(kx), -1, 1))

    def angle_mismatch(kx):  # cross product of v with the target direction (first quadrant)
        ky = ky_of(kx)
        return np.sin(kx) * ay - np.sin(ky) * ax

    if ay == 0:
        kx = k_max
    elif ax == 0:
        kx = 0.0
    else:
        kx = scipy.optimize.brentq(angle_mismatch, 0.0, k_max, xtol=1e-14)
    ky = ky_of(kx)
    k = np.array([np.copysign(kx, cx), np.copysign(ky, sx)])
    speed = 2 * np.hypot(np.sin(kx), np.sin(ky))
    return k, float(speed)


def born_scattering_rate_2d(energy, disorder):
    """Born elastic scattering rate ``hbar/tau = 2 pi <V^2> nu = (pi/6) W^2 nu(E)`` (docs/theory/drude.md#born-scattering-rate).

    Parameters
    ----------
    energy : float
        t from the band bottom.
    disorder : float
        Anderson box width W > 0 (t).

    Returns
    -------
    float
        hbar/tau in t.
    """
    disorder = check_positive("disorder", disorder)
    return np.pi / 6 * disorder**2 * float(density_of_states_2d(energy))


def elastic_mean_free_path_2d(energy, disorder, direction=0.0):
    """Born elastic mean free path ``l = |v| tau`` along ``direction`` in the 2D Anderson model.

    The averaged Green function decays as ``exp(-r/2l)`` (self-energy
    ``-i hbar/2 tau``), so disorder-averaged Friedel oscillations, a product
    of two, decay as ``exp(-r/l)`` (docs/theory/interactions.md#friedel-oscillations).  Near the
    band bottom ``l = 48 (t/W)^2 k`` (docs/theory/drude.md#continuum-limit).
    This is the single-particle (= transport,
    isotropic scattering) mean free path; `physics.theory.born_mean_free_path`
    is the DMPK length of a wire, ``(pi/2) l`` in the continuum limit.

    Parameters
    ----------
    energy : float
        In (0, 4) t from the band bottom.
    disorder : float
        W > 0 (t).
    direction : float
        Angle of the propagation direction with the x axis (rad).

    Returns
    -------
    float
        l in lattice constants.
    """
    _, speed = fermi_surface_point_2d(energy, direction)
    return speed / born_scattering_rate_2d(energy, disorder)


def clean_lattice_green_function_2d(energy, broadening, offsets):
    """Green function G0(r, 0; E + i eta) of the infinite clean square lattice.

    ``G0(r) = int d^2k/(2 pi)^2 exp(i k.r) / (E + i eta - eps_k)``, ``eps_k = 4 - 2 cos k_x
    - 2 cos k_y``, evaluated as the discrete sum on an M x M torus (FFT) with
    M large enough that the images, damped as ``exp(-eta M / v_max)``, are
    below 1e-6 relative (v_max = 2 sqrt 2 t a).

    Parameters
    ----------
    energy : float
        t from the band bottom.
    broadening : float
        eta > 0 (t); below ~0.01 t the torus would exceed 4096^2 (ValueError).
    offsets : (n, 2) array_like of int
        Lattice vectors r (a).

    Returns
    -------
    numpy.ndarray of complex, shape (n,)
        G0(r) in 1/t.
    """
    broadening = check_positive("broadening", broadening)
    energy = check_real("energy", energy)
    offsets = np.asarray(offsets)
    if offsets.ndim != 2 or offsets.shape[1] != 2:
        raise ValueError(f"offsets must have shape (n, 2), got {offsets.shape}")
    offsets = np.rint(offsets).astype(np.int64)
    reach = int(np.max(np.abs(offsets))) if offsets.size else 0
    size = 2 * reach + int(np.ceil(14.0 * 2 * np.sqrt(2) / broadening))
    size = scipy.fft.next_fast_len(size)
    if size > 4096:  # 4096^2 complex numbers = 270 MB
        raise ValueError(f"broadening = {broadening} is too small for an FFT torus (needs M = {size})")
    k = 2 * np.pi * np.fft.fftfreq(size)
    denominator = (energy + 1j * broadening - 4) + 2 * np.cos(k)[:, None] + 2 * np.cos(k)[None, :]
    green = np.fft.ifft2(1.0 / denominator)
    return green[offsets[:, 0] % size, offsets[:, 1] % size]


def clean_point_scatterer_green_change(energy, broadening, strength, offsets):
    """Change ``G0(r)^2 U / (1 - U G0(0))`` of the diagonal Green function, infinite clean lattice.

    The clean-lattice counterpart of
    `physics.interactions.screening.point_scatterer_green_change`.

    Parameters
    ----------
    energy : float
        t from the band bottom.
    broadening : float
        eta > 0 (t).
    strength : float
        U, on-site energy of the scatterer (t).
    offsets : (n, 2) array_like of int
        Lattice vectors r from the scatterer (a).

    Returns
    -------
    numpy.ndarray of complex, shape (n,)
        delta G(r, r) in 1/t; the LDOS change is ``-Im / pi``.
    """
    strength = check_real("strength", strength)
    offsets = np.asarray(offsets)
    values = clean_lattice_green_function_2d(energy, broadening,
                                             np.concatenate([np.zeros((1, 2)), offsets]))
    return values[1:] ** 2 * strength / (1 - strength * values[0])


def friedel_scaled_distance(offsets, energy):
    """Distance rescaled by the Fermi speed along each direction: ``s = |r| v_x / v(theta_r)``.

    The averaged Green function decays as ``exp(-|r| / (2 v(theta) tau))``
    (stationary phase: the Fermi-surface point whose velocity points along r,
    `fermi_surface_point_2d`), so ``exp(-|r|/l(theta)) = exp(-s / l_x)`` with
    ``l_x = v_x tau`` the mean free path along a lattice axis.

    Parameters
    ----------
    offsets : (n, 2) array_like of float
        Vectors r (a).
    energy : float
        In (0, 4) t from the band bottom.

    Returns
    -------
    numpy.ndarray, shape (n,)
        s (a).
    """
    offsets = np.asarray(offsets, dtype=float)
    angles = np.linspace(0, np.pi / 2, 181)
    speeds = np.array([fermi_surface_point_2d(energy, a)[1] for a in angles])
    folded = np.arctan2(np.abs(offsets[:, 1]), np.abs(offsets[:, 0]))
    return np.hypot(offsets[:, 0], offsets[:, 1]) * speeds[0] / np.interp(folded, angles, speeds)


def stoner_susceptibility(dos, hubbard_u):
    """Uniform spin susceptibility chi_s = nu / (1 - U nu) of the Hubbard model in mean field.

    The RPA (= the linear response of Hartree-Fock) of the q = 0 mode
    (docs/theory/interactions.md#stoner-instability): ``chi_s = -dm/d(Delta_Z)`` with m =
    n_up - n_down per site and Delta_Z the Zeeman splitting, so chi_s = nu (Pauli, per spin
    and site) at U = 0; it diverges at the Stoner threshold U nu = 1.

    Parameters
    ----------
    dos : float or array_like
        nu > 0: DOS per spin and site at the Fermi level (1/t), thermal at T > 0.
    hubbard_u : float or array_like
        U >= 0 (t), with U nu < 1 (the paramagnet).

    Returns
    -------
    numpy.ndarray
        chi_s (1/t per site).
    """
    nu = check_real_array("dos", dos, minimum=0, strict=True)
    u = check_real_array("hubbard_u", hubbard_u, minimum=0)
    if np.any(u * nu >= 1):
        raise ValueError(f"hubbard_u x dos must be < 1 (the paramagnet), got up to "
                         f"{np.max(u * nu):.3g}")
    return nu / (1 - u * nu)


def lattice_lindhard_2d(chemical_potential, temperature, size):
    """Static Lindhard function chi_0(q) (1/t per spin and site) of a clean square-lattice torus.

    ``chi_0(q) = (1/N) sum_k (f_k - f_{k+q}) / (e_{k+q} - e_k)`` (``f_k (1 - f_k) / T`` where
    the energies coincide) on the size x size grid of k and q, e_k = 4 - 2 cos k_x - 2 cos
    k_y (docs/theory/interactions.md#stoner-instability); chi_0(0) is the thermal DOS.

    Parameters
    ----------
    chemical_potential, temperature : float
        mu (t from the band bottom) and k_B T > 0 (t).
    size : int
        Sites per side of the torus.

    Returns
    -------
    numpy.ndarray, shape (size, size)
        chi_0 at q = 2 pi (m, n) / size.
    """
    mu = check_real("chemical_potential", chemical_potential)
    temperature = check_positive("temperature", temperature)
    size = int(size)
    if size < 1:
        raise ValueError(f"size must be >= 1, got {size}")
    k = 2 * np.pi * np.arange(size) / size
    energy = 4 - 2 * np.cos(k)[:, None] - 2 * np.cos(k)[None, :]
    occupation = scipy.special.expit(-(energy - mu) / temperature)
    result = np.empty((size, size))
    for m in range(size):
        for n in range(size):
            shifted = np.roll(energy, (-m, -n), axis=(0, 1))
            shifted_occupation = np.roll(occupation, (-m, -n), axis=(0, 1))
            gap = shifted - energy
            same = np.abs(gap) < 1e-12
            safe = np.where(same, 1.0, gap)
            terms = np.where(same, occupation * (1 - occupation) / temperature,
                             (occupation - shifted_occupation) / safe)
            result[m, n] = terms.mean()
    return result


def kondo_coupling_flow(coupling, bandwidth, cutoffs, dos_ratio=None):
    """Poor man's scaling: the Kondo coupling g(D) at the cutoffs D, one loop.

    ``dg / d ln(D0 / D) = r(D) g^2`` with ``r(D) = [nu(E_F + D) + nu(E_F - D)] / 2 nu_0``: the
    states removed at +-D (docs/theory/interactions.md#kondo-scaling-with-the-altshuler-aronov-dos);
    g = 2 nu_0 J for H_sd = J S.s (J > 0 antiferromagnetic, nu_0 per spin).  Then ``1/g`` falls
    by the integral of ``r dE/E``: ``1/g(D) = 1/g0 - int_D^D0 r(E) dE / E``.

    Parameters
    ----------
    coupling : float
        g0 = g(D0) > 0.
    bandwidth : float
        D0 (energy unit of the cutoffs).
    cutoffs : array_like of float
        0 < D <= D0.
    dos_ratio : callable, optional
        r(D) (vectorized, dimensionless, > 0); 1 (a flat band) by default.

    Returns
    -------
    numpy.ndarray
        g(D); ``inf`` at and below the Kondo scale (where 1/g reaches 0).
    """
    g0 = check_positive("coupling", coupling)
    d0 = check_positive("bandwidth", bandwidth)
    cutoffs = check_real_array("cutoffs", cutoffs, minimum=0, strict=True)
    if np.any(cutoffs > d0):
        raise ValueError(f"cutoffs must be <= bandwidth = {d0:g}")
    inverse = np.array([1 / g0 - _log_integral(dos_ratio, d, d0) for d in cutoffs.ravel()])
    with np.errstate(divide="ignore"):
        return np.where(inverse > 0, 1 / np.maximum(inverse, 0), np.inf).reshape(cutoffs.shape)


def _log_integral(dos_ratio, low, high):
    """int_low^high r(E) dE / E, as an integral over ln E."""
    if dos_ratio is None:
        return np.log(high / low)
    value, _ = scipy.integrate.quad(lambda x: float(dos_ratio(np.exp(x))), np.log(low),
                                    np.log(high), limit=200, epsabs=1e-12, epsrel=1e-10)
    return value


def kondo_temperature(coupling, bandwidth, dos_ratio=None, lowest=1e-12):
    """Kondo scale T_K of the one-loop flow: where 1/g reaches 0 (`kondo_coupling_flow`).

    ``int_{T_K}^{D0} r(E) dE / E = 1 / g0``; for a flat band ``T_K = D0 exp(-1/g0)``.

    Parameters
    ----------
    coupling, bandwidth, dos_ratio
        As in `kondo_coupling_flow`.
    lowest : float
        Smallest T_K / D0 searched.

    Returns
    -------
    float
        T_K (unit of the bandwidth).

    Raises
    ------
    ValueError
        When the coupling stays finite down to ``lowest x D0`` (a DOS that vanishes fast
        enough at E_F stops the flow).
    """
    g0 = check_positive("coupling", coupling)
    d0 = check_positive("bandwidth", bandwidth)
    if dos_ratio is None:
        return d0 * np.exp(-1 / g0)
    # Walk down in ln E: the first segment where the integral reaches 1/g0 holds T_K.
    edges = np.linspace(0.0, np.log(lowest), 241)
    total = 0.0
    for upper, lower in zip(edges[:-1], edges[1:]):
        step = _log_integral(dos_ratio, d0 * np.exp(lower), d0 * np.exp(upper))
        if total + step >= 1 / g0:
            excess = lambda x: total + _log_integral(dos_ratio, d0 * np.exp(x),
                                                     d0 * np.exp(upper)) - 1 / g0
            return d0 * np.exp(scipy.optimize.brentq(excess, lower, upper, xtol=1e-13))
        total += step
    raise ValueError(f"the coupling g0 = {g0:g} does not flow to strong coupling above "
                     f"{lowest:g} x bandwidth with this dos_ratio")


def kondo_temperature_log_dos(coupling, cutoff, log_slope):
    """T_K with the Altshuler-Aronov DOS ``r(E) = 1 + A ln(E / E_c)`` below the cutoff E_c.

    Closed form of `kondo_temperature`: with ``L = ln(E_c / T_K)``, ``L - A L^2 / 2 = 1/g0``,
    so ``L = (1 - sqrt(1 - 2 A / g0)) / A`` (``1/g0`` at A = 0)
    (docs/theory/interactions.md#kondo-scaling-with-the-altshuler-aronov-dos).  g0 is the
    coupling at E_c (where the correction starts; above it the band is the clean one).

    Parameters
    ----------
    coupling : float
        g0 > 0 at the cutoff.
    cutoff : float
        E_c > 0, e.g. hbar / tau (the upper end of the diffusive log).
    log_slope : float
        A (> 0: a dip at E_F), with 2 A / g0 < 1.

    Returns
    -------
    float
        T_K (unit of the cutoff).
    """
    g0 = check_positive("coupling", coupling)
    cutoff = check_positive("cutoff", cutoff)
    a = check_real("log_slope", log_slope)
    if 2 * a / g0 >= 1:
        raise ValueError(f"log_slope = {a:g} is too large for coupling = {g0:g}: 2 A / g0 = "
                         f"{2 * a / g0:.3g} >= 1, the log form reaches r = 0 above the Kondo "
                         f"scale")
    if a == 0:
        return cutoff * np.exp(-1 / g0)
    return cutoff * np.exp(-(1 - np.sqrt(1 - 2 * a / g0)) / a)


def interaction_conductivity_correction_2d(temperature, scattering_time, screening_factor=0.0):
    """Altshuler-Aronov correction of a film's conductivity, e^2/h per spin.

    ``delta sigma = ((1 - 3 F / 4) / 2 pi) ln(k_B T tau / hbar)`` for the screened Coulomb
    interaction in the diffusive regime k_B T tau << hbar (docs/theory/interactions.md#altshuler-aronov-correction):
    negative, and growing in size as T falls, like weak localization (the two add in the
    temperature coefficient of the resistance).

    Parameters
    ----------
    temperature : float or array_like
        k_B T > 0 (t).
    scattering_time : float
        tau (hbar / t).
    screening_factor : float
        F in [0, 1] (0: the exchange term alone; F -> 1 for weak screening).
    """
    temperature = check_real_array("temperature", temperature, minimum=0, strict=True)
    tau = check_positive("scattering_time", scattering_time)
    f = check_real("screening_factor", screening_factor, 0.0, 1.0)
    return (1 - 0.75 * f) / (2 * np.pi) * np.log(temperature * tau)
