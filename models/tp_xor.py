"""Difference target propagation (Lee et al. 2015) solves XOR and classifies iris.

Networks 2-8-8-2 (XOR) and 4-16-16-3 (iris), tanh hidden units, softmax output; the last hidden
layer's target is a gradient step of size 0.5, the first hidden layer's comes through the learned
inverse of the second (DTP, :class:`spikelearn.rules.feedback.TargetPropagation`); Adam lr 0.01,
batches of 4 (XOR, 300 epochs) and 16 (iris, 100 epochs), 5 seeds each.
"""

from spikelearn import datasets
from spikelearn.rate.mlp import MLP
from spikelearn.rate.optim import Adam
from spikelearn.rate.train import train as train_mlp
from spikelearn.rules import feedback

from ._xor_and_iris import DEVICES, xor_and_iris  # noqa: F401  (DEVICES: the registry reads it)

DESCRIPTION = "difference target propagation (Lee et al. 2015): XOR over 5 seeds, iris accuracy"
DEFAULT_DEVICE = "numpy"
SETTINGS = {  # dataset -> (sizes, batch size, epochs)
    "xor": ((2, 8, 8, 2), 4, 300),
    "iris": ((4, 16, 16, 3), 16, 100),
}
LR = 0.01


def train(name: str, seed: int, scale: float) -> dict:
    sizes, batch, epochs = SETTINGS[name]
    net = MLP(sizes, hidden="tanh", seed=seed)
    history = train_mlp(
        net, feedback.make("DTP"), datasets.load(name), max(1, int(round(epochs * scale))), batch, Adam(LR), seed=seed
    )
    return history.as_dict()


def run(scale: float = 1.0, seed: int = 0, device: str = DEFAULT_DEVICE, out=None, progress: bool = False):
    """``scale`` shrinks the number of epochs."""
    return xor_and_iris(
        "tp_xor", train, {"settings": SETTINGS, "optimizer": f"Adam(lr={LR})", "rule": "DTP"}, scale, seed, device, out
    )
