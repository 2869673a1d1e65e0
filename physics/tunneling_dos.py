"""Tunneling density of states of mean-field spectra, aligned at each sample's Fermi energy.

A tunneling experiment measures the single-particle density of states at
energy E relative to the Fermi energy of the sample (dI/dV at bias eV = E).
The mean-field (Hartree-Fock) levels of a closed sample are broadened
(Lorentzian or Gaussian of a stated width), measured from that sample's own
Fermi energy and averaged over disorder.  Aligning at E_F removes the
uniform shift of all levels that an interaction (or a constant potential)
produces, which no tunneling experiment can see.

Units: energies in t, DOS per site per unit energy summed over both spins
(a non-interacting band of width B has DOS ~ 2/B per site).

The second part of the module holds the analytic forms compared against
(THEORY §9): the Efros-Shklovskii Coulomb gap and the Altshuler-Aronov
logarithm.
"""

import numpy as np

__all__ = ["broadened_dos", "tunneling_dos", "dip_depth", "power_law_exponent",
           "level_shift_fit", "efros_shklovskii_dos", "altshuler_aronov_log",
           "altshuler_aronov_coupling"]


def _check_width(width):
    if not np.isfinite(width) or not width > 0:
        raise ValueError(f"width must be a positive broadening in t, got {width!r}")


def broadened_dos(levels, energies, width, shape="lorentzian", sites=1):
    """Sum of broadened delta peaks at ``levels``, divided by ``sites``.

    Parameters
    ----------
    levels : array_like
        Single-particle levels (t).
    energies : array_like
        Where to evaluate (t).
    width : float
        Lorentzian half width at half maximum, or Gaussian standard deviation (t).
    shape : {"lorentzian", "gaussian"}
    sites : int
        Normalization: the number of sites (DOS per site).
    """
    _check_width(width)
    x = np.asarray(energies, dtype=float)[..., None] - np.asarray(levels, dtype=float)
    if shape == "lorentzian":
        kernel = (width / np.pi) / (x**2 + width**2)
    elif shape == "gaussian":
        kernel = np.exp(-0.5 * (x / width)**2) / (np.sqrt(2 * np.pi) * width)
    else:
        raise ValueError(f"shape must be 'lorentzian' or 'gaussian', got {shape!r}")
    return kernel.sum(axis=-1) / sites


def _per_sample(results, energies, width, shape, align):
    rows = []
    for result in results:
        levels = result.levels - (result.fermi_energy if align else 0.0)
        rows.append(broadened_dos(levels, energies, width, shape, sites=len(result.density_up)))
    return np.array(rows)


def tunneling_dos(results, energies, width, shape="lorentzian", align=True):
    """Disorder-averaged broadened DOS of Hartree-Fock results.

    Parameters
    ----------
    results : sequence of physics.hartree_fock.HartreeFockResult
        One per disorder realization.
    energies : array_like
        E - E_F (t) if ``align``, else E from the band bottom (t).
    width : float
        Broadening (t), see `broadened_dos`.
    shape : {"lorentzian", "gaussian"}
    align : bool
        Measure each sample's levels from its own Fermi energy.

    Returns
    -------
    mean, error : numpy.ndarray
        Average DOS per site (both spins, 1/t) and its standard error over samples
        (zero for a single sample).
    """
    rows = _per_sample(results, energies, width, shape, align)
    n = len(rows)
    error = rows.std(axis=0, ddof=1) / np.sqrt(n) if n > 1 else np.zeros(rows.shape[1])
    return rows.mean(axis=0), error


def dip_depth(results, width, reference, shape="lorentzian", baseline=None):
    """Relative depth of the zero-bias dip of the aligned, broadened DOS.

    depth = 1 - nu(E_F) / nu_ref, with nu_ref the DOS averaged over the
    reference window on both sides of E_F (so a linear slope cancels).  With a
    ``baseline`` (the non-interacting results of the same realizations, in the
    same order) the ratio nu / nu_baseline is used instead of nu, which removes
    the band structure and any interaction-induced change of the bandwidth:
    depth = 1 - r(E_F) / r_ref, r = nu / nu_baseline.

    Parameters
    ----------
    results : sequence of HartreeFockResult
    width : float
        Broadening (t).
    reference : (float, float)
        |E - E_F| window (t) of the background.
    shape : {"lorentzian", "gaussian"}
    baseline : sequence of HartreeFockResult, optional

    Returns
    -------
    depth, error : float
        Depth from the sample averages; error by the jackknife over samples
        (nan for one sample).
    """
    low, high = map(float, reference)
    if not 0 <= low < high:
        raise ValueError(f"reference must be (low, high) with 0 <= low < high, got {reference!r}")
    if baseline is not None and len(baseline) != len(results):
        raise ValueError("baseline must hold one result per sample of results")
    side = np.linspace(low, high, 41)
    grid = np.concatenate([[0.0], -side[::-1], side])
    rows = [_per_sample(results, grid, width, shape, True)]
    if baseline is not None:
        rows.append(_per_sample(baseline, grid, width, shape, True))
    n = len(rows[0])

    def depth_of(keep):
        means = [r[keep].mean(axis=0) for r in rows]
        ratio = means[0] / means[1] if baseline is not None else means[0]
        return 1 - ratio[0] / ratio[1:].mean()

    depth = depth_of(np.ones(n, bool))
    if n < 2:
        return float(depth), np.nan
    leave_one_out = np.array([depth_of(np.arange(n) != k) for k in range(n)])
    error = np.sqrt((n - 1) / n * np.sum((leave_one_out - leave_one_out.mean())**2))
    return float(depth), float(error)


def power_law_exponent(energies, window):
    """Maximum-likelihood exponent alpha of a density ~ |E|^alpha within a window.

    Parameters
    ----------
    energies : array_like
        Levels measured from E_F (t), pooled over samples.
    window : (float, float)
        Range lo < |E| < hi used.

    Returns
    -------
    alpha, error, count : float, float, int
        Error from the Fisher information, count of levels used.
    """
    low, high = map(float, window)
    if not 0 <= low < high:
        raise ValueError(f"window must be (low, high) with 0 <= low < high, got {window!r}")
    x = np.abs(np.asarray(energies, dtype=float))
    x = x[(x > low) & (x < high)] / high
    if x.size < 5:
        raise ValueError(f"window {window!r} holds only {x.size} levels")
    r = low / high
    mean_log = np.log(x).mean()

    # Truncated power law p(x) = (a+1) x^a / (1 - r^(a+1)) on [r, 1].
    def score(a):
        s = a + 1
        tail = r**s * np.log(r) / (1 - r**s) if r > 0 else 0.0
        return 1 / s + mean_log + tail

    import scipy.optimize
    alpha = scipy.optimize.brentq(score, -0.99, 20.0)
    step = 1e-4
    information = -(score(alpha + step) - score(alpha - step)) / (2 * step) * x.size
    return alpha, 1 / np.sqrt(information), int(x.size)


def level_shift_fit(interacting, noninteracting, window):
    """Fit the interaction shift of each level: s(x) = p x ln|x| + q x + r sign(x).

    Level n of a Hartree-Fock result is paired with level n of the
    non-interacting result of the same realization (both sorted, same
    electron number, so the Fermi index agrees); x = e0_n - E_F0 and
    s = (e_n - E_F) - x.  To first order the DOS is nu0 / (1 + ds/dx), so

        nu / nu0 - 1 = -ds/dx = A ln|x| + const,   A = -p,

    the Altshuler-Aronov form (`altshuler_aronov_log`) without the noise of
    a ratio of two broadened densities; q (a uniform change of the level
    velocity, e.g. the exchange widening of the band) and r (half the extra
    gap between the highest occupied and the lowest empty level: the charging
    and self-exchange energy of a closed box) do not change the DOS away from E_F.

    Parameters
    ----------
    interacting, noninteracting : sequence of HartreeFockResult
        The same realizations in the same order.
    window : (float, float)
        |x| range (t) of the fit.

    Returns
    -------
    numpy.ndarray, shape (n_samples, 3)
        (A, q, r) per sample (A = -p, in units of 1; q dimensionless; r in t).
    """
    low, high = map(float, window)
    if not 0 < low < high:
        raise ValueError(f"window must be (low, high) with 0 < low < high, got {window!r}")
    if len(interacting) != len(noninteracting):
        raise ValueError("interacting and noninteracting must hold the same realizations")
    rows = []
    for one, zero in zip(interacting, noninteracting):
        if one.levels.shape != zero.levels.shape or abs(one.electrons - zero.electrons) > 1e-6:
            raise ValueError("paired results must have the same levels count and electrons")
        x = zero.levels - zero.fermi_energy
        s = (one.levels - one.fermi_energy) - x
        inside = (np.abs(x) > low) & (np.abs(x) < high)
        if inside.sum() < 6:
            raise ValueError(f"window {window!r} holds fewer than 6 levels of a sample")
        x, s = x[inside], s[inside]
        design = np.c_[x * np.log(np.abs(x)), x, np.sign(x)]
        p, q, r = np.linalg.lstsq(design, s, rcond=None)[0]
        rows.append((-p, q, r))
    return np.array(rows)


# --------------------------------------------------------------------------------------
# Analytic forms (THEORY §9)
# --------------------------------------------------------------------------------------

def efros_shklovskii_dos(energy, coulomb, dimension=2):
    """Efros-Shklovskii bound on the DOS of the Coulomb gap, per site (a = 1), 1/t.

    g(E) = (2/pi) |E| / V0^2 in 2D, (3/pi) E^2 / V0^3 in 3D, with V0 = e^2/(4 pi eps a).

    Notes
    -----
    Efros & Shklovskii, J. Phys. C 8, L49 (1975): stability of the ground state
    against one-electron transfers gives this as an upper bound; simulations of
    classical Coulomb glasses find the same power with a prefactor below it
    (e.g. Mobius, Richter & Drittler PRB 45, 11568 (1992)).  Only the power
    |E|^(d-1) is a hard test; the prefactor is a reference line.
    """
    energy = np.abs(np.asarray(energy, dtype=float))
    if dimension == 2:
        return 2 / np.pi * energy / coulomb**2
    if dimension == 3:
        return 3 / np.pi * energy**2 / coulomb**3
    raise ValueError(f"dimension must be 2 or 3, got {dimension!r}")


def altshuler_aronov_log(energy, prefactor, scale):
    """Altshuler-Aronov 2D form delta nu / nu = prefactor * ln(|E| / scale).

    Notes
    -----
    First-order exchange with a statically screened (short-range) interaction in
    a 2D diffusive conductor, Altshuler, Aronov & Lee PRL 44, 1288 (1980); Lee &
    Ramakrishnan RMP 57, 287 (1985): delta nu / nu = (nu V_eff / (2 pi g))
    ln(|E| tau / hbar) for hbar/tau >> |E| >> E_Thouless, g = 2 pi hbar nu D per
    spin; so ``prefactor`` > 0 (a dip) and proportional to 1/g.  THEORY §9 rates
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
    for hbar/tau >> |E| >> E_T gives delta nu / nu = (c/g) ln(|E| tau/hbar)
    (derivation: delta nu/nu = -(1/pi) Im int dw int d^2q/(2pi)^2
    V(q)/(Dq^2 - iw)^2; Altshuler & Aronov 1985 review; THEORY §9 [M]).

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
    from physics.theory import density_of_states_2d
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
    v = coulomb * np.exp(-r / screening_length) / r
    v[0, 0] = 0.0
    nu = float(density_of_states_2d(fermi_energy))
    nu_v0, nu_vfs = nu * v.sum(), nu * float(np.sum(v * w_r))
    return (nu_v0 - 2 * nu_vfs) / (2 * np.pi), nu_v0, nu_vfs
