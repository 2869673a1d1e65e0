"""Scaling theory of localization: MacKinnon-Kramer localization lengths and finite-size scaling.

The smallest Lyapunov exponent gamma of the transfer matrix of a long bar of
cross-section M (x M) gives the localization length lambda_M = 1/gamma, in the
convention <ln g> = -2 L / lambda_M (docs/theory/quasi_1d.md#localization-length,
docs/theory/scaling.md#transfer-matrix).  Near the Anderson
transition Lambda_M = lambda_M / M is a function of (W - W_c) M^(1/nu) only
(MacKinnon & Kramer, PRL 47, 1546 (1981); Z. Phys. B 53, 1 (1983); Slevin &
Ohtsuki, PRL 82, 382 (1999)).
"""

import numpy as np

__all__ = ["localization_length_transfer_matrix", "normalized_localization_lengths",
           "fit_finite_size_scaling"]


def localization_length_transfer_matrix(slices, energy, disorder, length, seed=0,
                                        qr_every=8, chunk=2000, so_disorder=0.0):
    """lambda_M (lattice constants) of a bar from a QR-stabilized transfer-matrix product.

    Parameters
    ----------
    slices : devices.slices.BarSlices
        The bar's cross-section and disorder.
    energy : float
        Energy in t from the band bottom.
    disorder : float
        Box disorder width W in t.
    length : int
        Number of slices multiplied (the relative error of lambda is about
        sqrt(lambda / length)).
    seed : int
        Disorder seed (same realization as the Kwant device for x < its length).
    qr_every : int
        Re-orthonormalize every ``qr_every`` slices (exponential growth of the
        columns is at most exp(qr_every * gamma_max), harmless at 8 for W >~ 1).
    so_disorder : float
        Spinful bars only: strength of the random SU(2) hoppings.

    Returns
    -------
    (lambda_M, error) : tuple of float
        The error is the standard error of the mean growth rate over blocks.
    """
    spin = slices.spin
    m = slices.size * (2 if spin else 1)
    hopping = slices.transverse_hopping
    if spin:
        chunk = min(chunk, 200)  # dense 2m x 2m blocks per slice
    # psi_{x+1} = V_x^+ [(H_x - E) psi_x - V_{x-1}^+ psi_{x-1}]  (V = 1 without spin);
    # the state holds (psi_x, V_{x-1}^+ psi_{x-1}) for m vectors.
    rng = np.random.default_rng(12345)  # initial subspace only; exponents do not depend on it
    q, _ = np.linalg.qr(rng.normal(size=(2 * m, m)))
    current, previous = q[:m], q[m:]
    logs = []
    done = 0
    k = slices.size
    previous_coupling = None
    while done < length:
        count = min(chunk, length - done)
        if spin:
            blocks, couplings = slices.spin_blocks(done, count, disorder, seed, so_disorder)
            if previous_coupling is None:
                previous_coupling = np.broadcast_to(np.eye(2), (k, 2, 2))
        else:
            potential = slices.onsite(done, count, disorder, seed) - energy
        for x in range(count):
            if spin:
                dagger = couplings[x].conj().transpose(0, 2, 1)
                back = np.einsum("kab,kbm->kam", previous_coupling.conj().transpose(0, 2, 1),
                                 previous.reshape(k, 2, -1)).reshape(m, -1)
                rhs = blocks[x] @ current - energy * current - back
                new = np.einsum("kab,kbm->kam", dagger, rhs.reshape(k, 2, -1)).reshape(m, -1)
                previous_coupling = couplings[x]
            else:
                new = potential[x][:, None] * current + hopping @ current - previous
            previous, current = current, new
            if (done + x + 1) % qr_every == 0:
                q, r = np.linalg.qr(np.vstack([current, previous]))
                current, previous = q[:m], q[m:]
                logs.append(np.log(np.abs(np.diag(r))))
        done += count
    logs = np.array(logs)  # (blocks, m): growth of each direction per qr_every slices
    # The m retained directions converge to the m largest exponents; the
    # smallest of them is the smallest positive one.
    rates = np.sort(logs.sum(axis=0))[0] / (len(logs) * qr_every)
    per_block = np.sort(logs, axis=1)[:, 0] / qr_every
    # Error from blocks of 50 QR steps (correlations decay within a few lambda).
    n_blocks = max(len(per_block) // 50, 2)
    means = np.array([b.mean() for b in np.array_split(per_block, n_blocks)])
    gamma, error = rates, means.std(ddof=1) / np.sqrt(n_blocks)
    return 1 / gamma, error / gamma**2


def _grid_point(args):
    slices, size, energy, disorder, length, so_disorder = args
    lam, error = localization_length_transfer_matrix(slices, energy, disorder, length,
                                                     seed=size, so_disorder=so_disorder)
    return lam / size, error / size


def normalized_localization_lengths(slices_by_size, disorders, energy, length,
                                    so_disorder=0.0, workers=None):
    """Lambda_M = lambda_M / M and its error on a grid of bar sizes and disorders.

    Parameters
    ----------
    slices_by_size : dict
        ``{M: devices.slices.BarSlices}``; the disorder seed of each bar is M.
    disorders : array_like
        Box-disorder widths W in t.
    energy, length, so_disorder
        As in `localization_length_transfer_matrix`.
    workers : int, optional
        Worker processes (default: all cores); the points are independent.

    Returns
    -------
    (values, errors) : numpy.ndarray, shape (number of sizes, number of disorders)
    """
    from ..ensembles.executors import process_pool

    sizes = list(slices_by_size)
    tasks = [(slices_by_size[m], m, energy, float(w), length, so_disorder)
             for m in sizes for w in disorders]
    with process_pool(workers) as pool:
        results = np.array(list(pool.map(_grid_point, tasks)))
    shape = (len(sizes), len(disorders))
    return results[:, 0].reshape(shape), results[:, 1].reshape(shape)


def fit_finite_size_scaling(disorders, sizes, lambdas, errors, w_c=16.5, nu=1.5, order=2,
                            irrelevant_exponent=None, fixed_nu=False):
    """Fit Lambda = Lambda_c + sum_k a_k z^k + b M^-y, z = (W - W_c) M^(1/nu).

    Parameters
    ----------
    disorders, sizes, lambdas, errors : array_like
        Data points (W, M, Lambda_M, standard error).
    w_c, nu : float
        Starting values.
    order : int
        Order of the expansion of the scaling function.
    irrelevant_exponent : float, optional
        y of the leading irrelevant correction b M^-y (fixed, not fitted); None
        for no correction.  Slevin & Ohtsuki, PRL 82, 382 (1999): y = 2.8(5).
    fixed_nu : bool
        Keep nu at its starting value (too few sizes to determine it).

    Returns
    -------
    dict with ``w_c``, ``nu``, ``lambda_c`` and their standard errors, ``chi2``
    (reduced) and ``dof``.
    """
    from scipy.optimize import least_squares
    w = np.asarray(disorders, float)
    m = np.asarray(sizes, float)
    y = np.asarray(lambdas, float)
    s = np.asarray(errors, float)
    correction = irrelevant_exponent is not None

    def model(p):
        if fixed_nu:
            p = [p[0], 1 / nu, *p[1:]]
        wc, inv_nu, lam_c, *rest = p
        a = rest[:order]
        z = (w - wc) * m ** inv_nu
        value = lam_c + sum(ak * z ** (k + 1) for k, ak in enumerate(a))
        if correction:
            value = value + rest[order] * m ** (-irrelevant_exponent)
        return value

    p0 = [w_c, 1 / nu, np.mean(y)] + [-0.01] * order + ([0.0] if correction else [])
    if fixed_nu:
        p0.pop(1)
    result = least_squares(lambda p: (model(p) - y) / s, p0)
    jac = result.jac
    cov = np.linalg.pinv(jac.T @ jac)
    dof = max(len(y) - len(p0), 1)
    chi2 = float(np.sum(result.fun**2) / dof)
    x = list(result.x)
    errs = list(np.sqrt(np.diag(cov)))
    if fixed_nu:
        x.insert(1, 1 / nu)
        errs.insert(1, 0.0)
    wc, inv_nu, lam_c = x[:3]
    result.x = np.array(x)
    return {"w_c": wc, "w_c_error": errs[0], "nu": 1 / inv_nu, "nu_error": errs[1] / inv_nu**2,
            "lambda_c": lam_c, "lambda_c_error": errs[2], "chi2": chi2, "dof": dof,
            "correction": result.x[3 + order] if correction else 0.0,
            "irrelevant_exponent": irrelevant_exponent}
