"""Diffusive metals: Drude and Born transport, weak localization, HLN, Cooperons of wires and films.

Energies in t, lengths in lattice constants, fluxes per plaquette in h/e,
conductances in e^2/h (docs/theory/).
"""

import numpy as np

from devices.validation import check_positive, check_real_array

from .clean import aharonov_bohm_period, density_of_states_2d, open_channels

__all__ = ["drude_sheet_conductance", "drude_optical_conductivity",
           "resolution_broadened_drude", "boltzmann_density_response", "diffusion_pole",
           "boltzmann_pole_width", "born_mean_free_path", "weak_localization_correction",
           "FANO_DIFFUSIVE", "coherent_wire_wl", "long_wire_wl", "dirty_wire_field_parameter",
           "dephased_wire_magnetoconductance", "hln", "dephasing_field",
           "hln_magnetoconductivity", "aas_period", "graphene_wire_correction",
           "born_self_energy_2d", "cooperon_transverse_extent", "coherent_wire_field_scale",
           "cooperon_magnetoconductance", "inelastic_film_conductance"]


def drude_sheet_conductance(energy, disorder):
    """Born-approximation sheet conductance g_sq (e^2/h, per spin) of the 2D Anderson model.

    ``g_sq = -(12/d) (t/W)^2 K(E) / (t^2 nu(E))`` with d = 2 with ``K(E) = int_{-4t}^{E} eps nu(eps) deps``
    (docs/theory/drude.md#drude-sheet-conductance: Born rate hbar/tau = (pi/6) W^2 nu, Kubo with the lattice
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


def drude_optical_conductivity(omega, dc_conductivity, scattering_time, cyclotron_frequency=0.0):
    """Complex Drude conductivity sigma_xx(omega) (units of ``dc_conductivity``).

    ``sigma_0 (1 - i omega tau) / ((1 - i omega tau)^2 + (omega_c tau)^2)`` with the
    e^(-i omega t) convention; ``sigma_0 / (1 - i omega tau)`` without a field, whose real
    part is the Lorentzian ``sigma_0 / (1 + (omega tau)^2)`` of half-width 1/tau
    (docs/theory/kubo.md#ac-drude-conductivity).  ``omega``, ``cyclotron_frequency`` in
    t/hbar (hbar omega in t), ``scattering_time`` in hbar/t.  Valid for hbar omega, hbar/tau
    much smaller than the Fermi energy, and for white-noise disorder (no vertex corrections:
    the transport time is tau).
    """
    x = 1 - 1j * np.asarray(omega, dtype=float) * scattering_time
    return dc_conductivity * x / (x**2 + (cyclotron_frequency * scattering_time) ** 2)


def resolution_broadened_drude(omega, dc_conductivity, scattering_time, resolution,
                               cyclotron_frequency=0.0, nodes=60):
    """Re sigma(omega) of `drude_optical_conductivity` as a Kubo-Greenwood calculation at a
    finite energy resolution sees it.

    Each of the two delta functions of the Kubo-Greenwood formula is broadened by a
    Gaussian of standard deviation ``resolution`` (t), so the frequency omega = E2 - E1 is
    smeared by a Gaussian of standard deviation ``sqrt(2) resolution``: the result is that
    convolution (Gauss-Hermite quadrature with ``nodes`` points); at omega = 0 and
    without a field it is the Voigt profile ``sigma_0 (pi / tau) V(0; sqrt2 resolution, 1/tau)``
    (docs/theory/kubo.md#what-the-resolution-does).
    """
    x, w = np.polynomial.hermite_e.hermegauss(nodes)
    w = w / w.sum()
    omega = np.asarray(omega, dtype=float)
    shifted = omega[..., None] + np.sqrt(2) * resolution * x
    values = drude_optical_conductivity(shifted, dc_conductivity, scattering_time,
                                        cyclotron_frequency).real
    return values @ w


def boltzmann_density_response(wavevector, omega, mean_free_path, scattering_time, dos):
    """Density response chi(q, omega) of a 2D metal with isotropic elastic scattering.

    The Boltzmann equation with one relaxation time tau, relaxing to the angular average:
    ``chi = nu [1 + i omega tau / (sqrt((1 - i omega tau)^2 + (q l)^2) - 1)]``
    (docs/theory/kubo.md#density-response-and-the-diffusion-pole), whose q l, omega tau << 1
    limit is the diffusion pole `diffusion_pole` with D = l^2 / (2 tau).  ``wavevector`` in
    1/a, ``omega`` in t/hbar, ``mean_free_path`` in a, ``scattering_time`` in hbar/t,
    ``dos`` (nu) per site and energy; returns chi in the units of ``dos``.
    """
    q = np.asarray(wavevector, dtype=float)
    x = 1 - 1j * np.asarray(omega, dtype=complex) * scattering_time  # complex: continuation
    root = np.sqrt(x**2 + (q * mean_free_path) ** 2)
    return dos * (1 + (1 - x) / (root - 1))


def diffusion_pole(wavevector, omega, diffusion_constant, dos):
    """``chi(q, omega) = nu D q^2 / (D q^2 - i omega)``: the diffuson's density response
    (docs/theory/kubo.md#density-response-and-the-diffusion-pole); ``Im chi / omega`` is a
    Lorentzian of half-width D q^2 and weight pi nu.  Units as `boltzmann_density_response`
    (D in t a^2 / hbar)."""
    rate = diffusion_constant * np.asarray(wavevector, dtype=float) ** 2
    return dos * rate / (rate - 1j * np.asarray(omega, dtype=float))


def boltzmann_pole_width(wavevector, mean_free_path, scattering_time):
    """Decay rate (t/hbar) of a density wave in `boltzmann_density_response`: the pole at
    ``omega = -i (1 - sqrt(1 - (q l)^2)) / tau`` (q l < 1), D q^2 (1 + (q l)^2 / 4 + ...)."""
    ql = np.asarray(wavevector, dtype=float) * mean_free_path
    if np.any(ql >= 1):
        raise ValueError(f"q l = {ql} must be below 1: beyond it the density wave is "
                         "ballistic and has no diffusive pole")
    return (1 - np.sqrt(1 - ql**2)) / scattering_time


def born_mean_free_path(energy, disorder, width):
    """DMPK mean free path l (lattice constants) of a hard-wall wire: ``N l = g_sq W``.

    With this l, ``<g> = N/(1 + L/l)`` plus the weak-localization term
    (docs/theory/drude.md#mean-free-path-of-a-wire); l = (pi/2) l_tr in the continuum 2D limit.
    """
    n = int(open_channels(energy, width))
    return drude_sheet_conductance(energy, disorder) * width / n


def weak_localization_correction(beta, degeneracy=1):
    """Zero-field WL correction to g (e^2/h) of a long diffusive wire: ``d (1 - 2/beta) / 3``.

    ``degeneracy`` = 1 spinless, 2 for spin-degenerate or Kramers-degenerate
    channels (beta = 4).  Spinless AI: -1/3; A: 0; spin-1/2 with strong SOC: +1/3.
    Mello & Stone, PRB 44, 3559 (1991); Beenakker RMP 69, 731 (1997).
    """
    return degeneracy * (1 - 2 / beta) / 3


#: Fano factor of a diffusive wire (Beenakker & Buttiker PRB 46, 1889 (1992)).
FANO_DIFFUSIVE = 1 / 3


def coherent_wire_wl(x):
    """``f(x) = coth(x)/x - 1/x^2``: WL correction -n_s f(L/L_c) of a coherent wire.

    x = L / L_c with L_c^-2 = L_phi^-2 + l_B^-2; f(0) = 1/3, f ~ 1/x - 1/x^2 for
    large x (the long-wire limit).  Derived in docs/theory/weak_localization.md#coherent-wire
    (Cooperon with absorbing ends).
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

    ``phi`` is the flux per plaquette in h/e (docs/theory/weak_localization.md#coherent-wire).
    Flux cancellation in clean-ish wires (l ~ W) makes the true scale smaller: treat as an
    upper bound.
    """
    return 2 * np.pi / np.sqrt(3) * phi * length * width


def dephased_wire_magnetoconductance(phi, length, width, dephasing_length, field_prefactor=3.0,
                                     degeneracy=1):
    """Delta g(phi) = g(phi) - g(0) of a wire between reservoirs with dephasing (e^2/h).

    The Cooperon of docs/theory/weak_localization.md#coherent-wire
    with a mass: ``n_s [f(L/L_phi) - f(L/L_c)]``,
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
    F(0) = 0; below x = 0.02, where the two terms cancel badly, the series
    ``x^2/24 - 7 x^4/960 + 31 x^6/8064`` (from the asymptotic series of the
    digamma function; both branches agree to ~1e-11 relative at the switch).

    Parameters
    ----------
    b_over_bphi : float or array_like
        x = B/B_phi >= 0.
    """
    from scipy.special import digamma
    x = np.asarray(b_over_bphi, dtype=float)
    small = x < 2e-2
    safe = np.where(small, 1.0, x)
    series = x**2 / 24 - 7 * x**4 / 960 + 31 * x**6 / 8064
    return np.where(small, series, digamma(0.5 + 1 / safe) + np.log(safe))


def dephasing_field(dephasing_length):
    """B_phi = hbar / (4 e L_phi^2) as flux per plaquette (h/e): ``1 / (8 pi L_phi^2)``."""
    return 1 / (8 * np.pi * np.asarray(dephasing_length, dtype=float) ** 2)


def hln_magnetoconductivity(phi, dephasing_length, degeneracy=1):
    """Delta sigma(B) = n_s F(B/B_phi) / (2 pi) in e^2/h per square (docs/theory/weak_localization.md#hln-2d-film).

    ``phi`` is the flux per plaquette (h/e), ``dephasing_length`` L_phi in lattice
    constants.  Valid for B << B_tr = hbar/(2 e l^2) and l << L_phi << sample size.
    """
    phi = np.abs(np.asarray(phi, dtype=float))
    return degeneracy * hln(phi / dephasing_field(dephasing_length)) / (2 * np.pi)


def aas_period(mean_radius):
    """h/2e (Altshuler-Aronov-Spivak) period in flux per plaquette: half the AB period."""
    return 0.5 * aharonov_bohm_period(mean_radius)


def graphene_wire_correction(x, intervalley, intravalley=0.0):
    """Quantum correction to g (e^2/h per spin) of a coherent graphene wire, McCann et al. form.

    The four Cooperons of graphene (McCann, Kechedzhi, Fal'ko, Suzuura, Ando,
    Altshuler, PRL 97, 146805 (2006), their Delta rho(B)) in a phase-coherent quasi-1D wire
    between absorbing reservoirs: each Cooperon of relaxation rate Gamma
    contributes -+f(sqrt(x^2 + L^2 Gamma / D)) with the coherent-wire function
    f = `coherent_wire_wl` (docs/theory/weak_localization.md#coherent-wire)
    in place of the 2D F of the paper::

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


def _local_green_function_2d(energy):
    """G_0(E + i0) = int nu(e) / (E + i0 - e) de of the clean square lattice (1/t).

    Outside the band it equals ``(2 / (pi z)) K(16 / z^2)``, z = E - 4 (Economou,
    Green's Functions in Quantum Physics, §5.3).
    """
    from scipy.integrate import quad

    def dos(e):
        return float(density_of_states_2d(e))

    energy = float(energy)
    if energy in (0.0, 4.0, 8.0) or not np.isfinite(energy):
        raise ValueError(f"energy must avoid the band edges and centre (0, 4, 8 t), got {energy}")
    # Principal value: the Cauchy weight on the half band holding the pole; the
    # log singularity of the DOS at the band centre sits at an interval end.
    halves = [(0.0, 4.0), (4.0, 8.0)]
    real = 0.0
    for low, high in halves:
        if low < energy < high:
            real -= quad(dos, low, high, weight="cauchy", wvar=energy, limit=200)[0]
        else:
            real += quad(lambda e: dos(e) / (energy - e), low, high, limit=200)[0]
    return real - 1j * np.pi * dos(energy)


def born_self_energy_2d(energy, disorder):
    """Born self-energy ``Sigma = (W^2/12) G_0(E + i0)`` of the 2D Anderson model, in t.

    ``-2 Im Sigma = hbar/tau = (pi/6) W^2 nu(E)`` (docs/theory/drude.md#born-scattering-rate).
    ``Re Sigma < 0``
    near the band bottom: disorder pulls states down, so at fixed E the
    disordered sample holds more electrons, ``n ~ n_clean(E - Re Sigma)``, and
    its Hall slope is ``hall_coefficient_2d(E - Re Sigma)`` to leading order in W^2.
    """
    disorder = float(disorder)
    if not disorder >= 0:
        raise ValueError(f"disorder must be >= 0, got {disorder}")
    return disorder**2 / 12 * _local_green_function_2d(energy)


def cooperon_transverse_extent(width, thickness=1, field_direction=(0.0, 0.0, 1.0)):
    """Effective width W_perp of a wire or slab for the Cooperon field mass.

    The current flows along x; for a field in the y-z plane, A_x = B (-n_z y + n_y z)
    and the dirty-limit mass is ``l_B^-2 = (2 e/hbar)^2 var(A_x)`` averaged
    over the uniform transverse zero mode (docs/theory/weak_localization.md#field-geometry), i.e.
    ``l_B^2 = 3 l_m^4 / W_perp^2`` with ``W_perp^2 = 12 var = n_z^2 (W^2 - 1) + n_y^2 (H^2 - 1)``
    for W (y) and H (z) lattice sites (the variance of a uniform distribution on
    n sites is (n^2 - 1)/12).  A z field sees the width, a y field the thickness.

    Parameters
    ----------
    width, thickness : int
        Sites along y and z (thickness 1 for a 2D sheet).
    field_direction : 3-vector
        Normalized internally; must be perpendicular to the current (n_x = 0):
        a field along the wire has a different, boundary-dependent mass.
    """
    for name, value in (("width", width), ("thickness", thickness)):
        if int(value) != value or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    direction = np.asarray(field_direction, dtype=float)
    if direction.shape != (3,) or not np.all(np.isfinite(direction)) or not direction.any():
        raise ValueError(f"field_direction must be a non-zero 3-vector, got {field_direction!r}")
    nx, ny, nz = direction / np.linalg.norm(direction)
    if abs(nx) > 1e-12:
        raise ValueError("field_direction must be perpendicular to the current (x component 0), "
                         f"got {field_direction!r}")
    return float(np.sqrt(nz**2 * (width**2 - 1) + ny**2 * (thickness**2 - 1)))


def coherent_wire_field_scale(length, transverse_extent):
    """c in x = L/l_B = c phi for the coherent-wire Cooperon, dirty limit (docs/theory/weak_localization.md#coherent-wire).

    ``c = (2 pi / sqrt 3) L W_perp`` (flux per plaquette phi in h/e), so that
    Delta g(phi) = n_s [1/3 - f(c phi)] with f = `coherent_wire_wl`; half
    suppression at c phi = 4.73.  W_perp from `cooperon_transverse_extent`.
    Flux cancellation when the mean free path is not small against W_perp
    lowers the true scale (docs/theory/weak_localization.md#flux-cancellation).
    """
    return float(dirty_wire_field_parameter(1.0, length, transverse_extent))


def cooperon_magnetoconductance(shape, phi, field_direction=(0.0, 0.0, 1.0), copies=1):
    """Dirty-limit WL magnetoconductance of a coherent box from its Cooperon, all modes kept.

    ``Delta g(phi) = (2 d / L_D^2) [Tr K_0^-1 - Tr K_phi^-1]``, where K is the
    Cooperon (diffusion) operator ``-(grad - 2 i e A)^2`` discretized on the grid
    of the sample's sites (spacing a): absorbing (Dirichlet) ends at the leads,
    x = -1 and x = L (so L_D = L + 1), reflecting (Neumann) side walls, and
    x-bond phases of charge 2e in the gauge A_x = B (-n_z y + n_y z).  For a
    long narrow wire (W_perp << L) only the transverse zero mode matters and
    this reduces to ``d [1/3 - f(x)]``, x = (2 pi/sqrt 3) L_D W_perp phi
    (docs/theory/weak_localization.md#coherent-wire); for W_perp ~ L the transverse modes and the coupling of the
    zero mode to them through the field lower the low-field curvature (the
    quasi-1D mass l_B^-2 = W^2/(3 l_m^4) holds only for q W << 1).

    Parameters
    ----------
    shape : tuple of int
        Sites (L, W) or (L, W, H); current along the first axis.
    phi : float or array_like
        Flux per plaquette normal to the field (h/e).
    field_direction : 3-vector
        Perpendicular to the current (n_x = 0); for a 2D shape only z is allowed.
    copies : int
        Degenerate copies d (1 spinless, 2 spin-degenerate without SOC).

    Returns
    -------
    numpy.ndarray of Delta g (e^2/h), the shape of ``phi``.

    Notes
    -----
    The diffusion equation is valid on scales >> l: the result is the dirty
    limit; flux cancellation when l is not small against W_perp lowers the field
    scale (Beenakker & van Houten, PRB 38, 3232 (1988)).  Cost: O(L (W H)^3) per field.
    """
    shape = tuple(int(n) for n in shape)
    if len(shape) == 2:
        shape = shape + (1,)
    if len(shape) != 3 or min(shape) < 1:
        raise ValueError(f"shape must be (L, W) or (L, W, H) positive integers, got {shape}")
    direction = np.asarray(field_direction, dtype=float)
    if direction.shape != (3,) or not direction.any():
        raise ValueError(f"field_direction must be a non-zero 3-vector, got {field_direction!r}")
    nx, ny, nz = direction / np.linalg.norm(direction)
    if abs(nx) > 1e-12:
        raise ValueError("field_direction must be perpendicular to the current (x component 0)")
    length, width, height = shape
    # One cross-section (slice): Neumann Laplacian of the W x H grid, plus 2 for
    # the two x neighbours of every site (inside, or the absorbing lead where C = 0).
    y, z = (a.ravel() for a in np.meshgrid(np.arange(width), np.arange(height), indexing="ij"))
    section = np.zeros((y.size, y.size))
    for axis_values, other, n in ((y, z, width), (z, y, height)):
        for a in range(y.size):
            for b in range(y.size):
                if other[a] == other[b] and abs(axis_values[a] - axis_values[b]) == 1:
                    section[a, b] = -1.0
    section[np.diag_indices(y.size)] = -section.sum(axis=1) + 2
    gauge = -nz * y + ny * z  # A_x / B, the same on every x bond of a transverse site

    def trace_inverse(flux):
        # Block-tridiagonal along x (identical slices): diagonal blocks of K^-1 by
        # the recursive Green's function, O(L (W H)^3) instead of O((L W H)^3).
        hop = np.diag(-np.exp(-1j * 2 * (2 * np.pi * flux) * gauge))  # charge 2e, B = 2 pi phi
        left = [np.linalg.inv(section)]
        for _ in range(length - 1):
            left.append(np.linalg.inv(section - hop @ left[-1] @ hop.conj().T))
        total, right = 0.0, None
        for i in range(length - 1, -1, -1):
            block = section - (hop @ left[i - 1] @ hop.conj().T if i > 0 else 0)
            if right is not None:
                block = block - hop.conj().T @ right @ hop
            total += np.trace(np.linalg.inv(block)).real
            right = np.linalg.inv(section - hop.conj().T @ right @ hop if right is not None
                                  else section)
        return total

    phis = np.asarray(phi, dtype=float)
    zero = trace_inverse(0.0)
    values = np.array([zero - trace_inverse(f) if f else 0.0 for f in phis.ravel()])
    return (2 * copies / (length + 1) ** 2 * values).reshape(phis.shape)


def inelastic_film_conductance(drude_conductance, scattering_time, inelastic_rate):
    """Sheet conductance (e^2/h, per spin) of a film with inelastic scattering at rate gamma.

    ``sigma = sigma_0 / (1 + gamma tau) - (1 / 2 pi) ln[(1 + gamma tau) / (gamma tau)]``: the
    inelastic processes (Buttiker probes: gamma = 2 eta / hbar; phonons at high temperature)
    both relax momentum (Matthiessen: 1/tau_tot = 1/tau + gamma) and cut weak localization
    off at tau_phi = 1/gamma (the orthogonal 2D correction -(1/2 pi) ln(tau_phi / tau_tot) per
    spin).  Their competition gives the Mooij sign change of the temperature coefficient
    (docs/theory/dephasing.md#the-mooij-correlation).

    Parameters
    ----------
    drude_conductance : float
        sigma_0 (e^2/h per spin), e.g. `drude_sheet_conductance`.
    scattering_time : float
        The elastic tau (hbar / t), e.g. ``1 / born_scattering_rate_2d``.
    inelastic_rate : float or array_like
        gamma > 0 (t / hbar).

    Returns
    -------
    numpy.ndarray
        sigma (e^2/h per spin).
    """
    sigma0 = check_positive("drude_conductance", drude_conductance)
    tau = check_positive("scattering_time", scattering_time)
    x = check_real_array("inelastic_rate", inelastic_rate, minimum=0, strict=True) * tau
    return sigma0 / (1 + x) - np.log((1 + x) / x) / (2 * np.pi)
