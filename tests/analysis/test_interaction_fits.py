"""`fit_damped_response`: amplitude and decay length of a disorder-averaged response against
its clean reference (docs/theory/kubo.md#static-susceptibility-and-the-rkky-range-function).

Synthetic ensembles with a known A and l: the fit recovers them, and its jackknife errors
are honest (the pulls over independent ensembles have unit spread within its sampling error).
"""

import numpy as np
import pytest

from physics.analysis.interaction_fits import fit_damped_response

R = np.arange(1.0, 41.0)
REFERENCE = np.sin(1.45 * R + 0.3) / R**2


def _ensemble(rng, amplitude=1.2, length=9.0, n=64, noise=0.02):
    signal = amplitude * REFERENCE * np.exp(-R / length)
    # noise of the clean size at every r: the averaged signal decays below it
    return signal + noise * rng.standard_normal((n, R.size)) / R**2


def test_recovers_amplitude_and_length_with_honest_errors():
    rng = np.random.default_rng(5)
    pulls = []
    for _ in range(40):
        fit = fit_damped_response(R, _ensemble(rng), REFERENCE, fit_range=(3, 30))
        pulls.append(((fit["amplitude"] - 1.2) / fit["amplitude_error"],
                      (fit["decay_length"] - 9.0) / fit["error"]))
    pulls = np.array(pulls)
    # 40 pulls: mean within 3/sqrt(40) = 0.47, spread 1 within ~35 % (8 jackknife blocks)
    assert np.all(np.abs(pulls.mean(axis=0)) < 0.5)
    assert np.all((0.65 < pulls.std(axis=0)) & (pulls.std(axis=0) < 1.45))
    assert fit["fitted"].sum() == 28
    assert np.allclose(fit["mean"], _ensemble(np.random.default_rng(0), noise=0).mean(axis=0),
                       atol=5 * fit["mean_error"].max())


def test_undamped_response_has_a_long_decay_length():
    rng = np.random.default_rng(1)
    fit = fit_damped_response(R, _ensemble(rng, length=1e6, noise=0.002), REFERENCE)
    assert fit["decay_length"] > 500
    assert fit["amplitude"] == pytest.approx(1.2, rel=0.01)


def test_bad_input_names_the_parameter():
    samples = np.ones((16, R.size))
    with pytest.raises(ValueError, match="samples must have shape"):
        fit_damped_response(R, samples[:, :-1], REFERENCE)
    with pytest.raises(ValueError, match="at least 2 n_blocks = 16"):
        fit_damped_response(R, samples[:15], REFERENCE)
    with pytest.raises(ValueError, match="fit_range"):
        fit_damped_response(R, samples, REFERENCE, fit_range=(30, 3))
    with pytest.raises(ValueError, match="fewer than 3 points"):
        fit_damped_response(R, samples, REFERENCE, fit_range=(3.2, 3.8))
