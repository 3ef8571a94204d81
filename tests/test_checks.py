import numpy as np
import pytest
from brian2 import Hz, ms, mV

from spikelearn.checks import InputError, check_quantity
from spikelearn.neurons import LIFParams
from spikelearn.rules.spiking_fa import SpikingFA
from spikelearn.rules.stdp import PairSTDP


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: PairSTDP(tau_plus=[10, 20] * ms), r"^PairSTDP.tau_plus must be a scalar, got array\(\[10., 20.\]\)"),
        (lambda: PairSTDP(A_plus=np.array([0.01, 0.02])), "^PairSTDP.A_plus must be a scalar"),
        (lambda: SpikingFA(eta=np.array([[1e-3]])), "^SpikingFA.eta must be a scalar"),
        (lambda: LIFParams(V_th=[-54, -50] * mV), "^LIFParams.V_th must be a scalar"),
    ],
)
def test_dataclass_parameters_must_be_scalars(make, match):
    with pytest.raises(InputError, match=match):
        make()


def test_check_quantity_takes_arrays_unless_told_scalar_and_reports_them_on_one_line():
    rates = np.array([[5.0, 10.0], [20.0, 40.0]]) * Hz  # one rate per neuron, as inputs.py passes them
    assert check_quantity("rates", rates, Hz) is rates
    one_line = r"array\(\[\[ 5., 10.\], \[20., 40.\]\]\) \* hertz$"
    with pytest.raises(InputError, match="^rates must be a scalar, got " + one_line):
        check_quantity("rates", rates, Hz, scalar=True)
    with pytest.raises(InputError, match="rates must be > 0") as error:
        check_quantity("rates", -rates, Hz)
    assert "\n" not in str(error.value)
