"""Transfer-matrix localization lengths: exact 1D limit and agreement with Kwant."""

import numpy as np
import pytest

import devices
import physics
from devices.slices import BarSlices
from physics import scaling


def test_one_dimensional_thouless_formula():
    # 1D Anderson chain, weak box disorder away from the band centre:
    # 1/lambda = W^2 / (96 (1 - (eps/2)^2)) (Thouless 1979; Kappus & Wegner 1981),
    # eps measured from the band centre.  O(W^2) corrections are ~1 % here.
    chain = BarSlices(devices.Wire(width=1, length=1))
    eps, disorder = 1.0, 1.0
    lam, err = scaling.localization_length_transfer_matrix(chain, 4.0 + eps, disorder, 200_000)
    expected = 96 * (1 - eps**2 / 4) / disorder**2
    assert abs(lam - expected) < 0.03 * expected + 3 * err, (lam, err, expected)


def test_bar_slices_reproduce_the_kwant_device_disorder():
    block = devices.Block(length=5, width=3, height=2)
    slices = BarSlices(block)
    params = block.solve_params(disorder=3.0, seed=7)
    fsyst = block.finalized
    onsite = slices.onsite(0, 5, 3.0, 7)
    for i, site in enumerate(fsyst.sites):
        x, y, z = site.tag
        j = int(np.nonzero((slices.cross_section == (y, z)).all(axis=1))[0][0])
        assert fsyst.hamiltonian(i, i, params=params).real == pytest.approx(onsite[x, j],
                                                                            abs=1e-14)


@pytest.mark.slow
def test_transfer_matrix_agrees_with_kwant_ln_g():
    # Hard-wall 3x3 bar, localized regime: lambda from the Lyapunov exponent equals
    # -2 L / <ln g> slope of Kwant's conductance (docs/theory/scaling.md#transfer-matrix: same convention).
    width, disorder, energy = 3, 12.0, 6.0
    slices = BarSlices(devices.Block(length=1, width=width, height=width))
    lam, lam_error = scaling.localization_length_transfer_matrix(slices, energy, disorder,
                                                                 100_000)
    lengths = np.array([8, 12, 16, 20])
    means, errors = [], []
    for k, length in enumerate(lengths):
        ds = physics.ensemble(devices.Block(length=int(length), width=width, height=width),
                              energy=energy, seeds=range(k * 10**5, k * 10**5 + 400),
                              disorder=disorder)
        ln_g = np.log(ds.conductance.values)
        means.append(ln_g.mean())
        errors.append(ln_g.std(ddof=1) / np.sqrt(ln_g.size))
    xi, xi_error, chi2 = physics.measurements.fit_localization_length(lengths, means, errors)
    assert abs(xi - lam) < 3 * np.hypot(xi_error, lam_error) + 0.03 * lam, (xi, xi_error, lam)


def test_spinful_slices_equal_the_kwant_hamiltonian():
    wire = devices.Wire(width=4, length=3, spin=True)
    params = wire.solve_params(disorder=2.0, seed=3, so_disorder=0.7)
    hamiltonian = wire.finalized.hamiltonian_submatrix(params=params)
    blocks, couplings = BarSlices(wire).spin_blocks(0, 3, 2.0, 3, 0.7)
    tags = np.array([site.tag for site in wire.finalized.sites])

    def orbitals(x, y):
        i = int(np.nonzero((tags == (x, y)).all(axis=1))[0][0])
        return slice(2 * i, 2 * i + 2)

    for x in range(3):
        block = blocks[x].reshape(4, 2, 4, 2)
        for a in range(4):
            for b in range(4):
                assert np.array_equal(hamiltonian[orbitals(x, a), orbitals(x, b)],
                                      block[a, :, b, :])
            if x < 2:
                assert np.array_equal(hamiltonian[orbitals(x, a), orbitals(x + 1, a)],
                                      -couplings[x, a])


@pytest.mark.slow
def test_spinful_transfer_matrix_agrees_with_kwant_ln_g():
    width, disorder, energy, so = 3, 6.0, 4.5, 1.0
    slices = BarSlices(devices.Wire(width=width, length=1, spin=True))
    lam, lam_error = scaling.localization_length_transfer_matrix(
        slices, energy, disorder, 60_000, so_disorder=so)
    lengths = np.array([20, 30, 40, 50])
    means, errors = [], []
    for k, length in enumerate(lengths):
        ds = physics.ensemble(devices.Wire(width=width, length=int(length), spin=True),
                              energy=energy, seeds=range(k * 10**5, k * 10**5 + 400),
                              disorder=disorder, so_disorder=so)
        ln_g = np.log(ds.conductance.values)
        means.append(ln_g.mean())
        errors.append(ln_g.std(ddof=1) / np.sqrt(ln_g.size))
    xi, xi_error, chi2 = physics.measurements.fit_localization_length(lengths, means, errors)
    assert abs(xi - lam) < 3 * np.hypot(xi_error, lam_error) + 0.03 * lam, (xi, xi_error, lam)
