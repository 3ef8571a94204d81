"""Benchmark: spikelearn's numpy MLP (backprop, Adam) vs scikit-learn's MLPClassifier on 8x8 digits.

Same architecture (64-256-256-10 ReLU, softmax), solver (Adam, lr 1e-3, batches of 32), no weight
decay, same number of epochs, in one process. Prints the time-per-epoch ratio (target <= 1.0x)
and the test-accuracy difference. Usage: ``python benchmarks/rate_mlp.py [--epochs N]``.
"""

import argparse
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from spikelearn import datasets
from spikelearn.rate.mlp import MLP
from spikelearn.rate.optim import Adam
from spikelearn.rate.train import train
from spikelearn.rules import feedback


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    data = datasets.load("digits")
    ours, theirs = [], []
    for seed in range(args.seeds):
        net = MLP([64, 256, 256, 10], seed=seed)
        start = time.perf_counter()
        history = train(
            net, feedback.make("BP"), data, args.epochs, batch_size=32, optimizer=Adam(1e-3), seed=seed, probe=1
        )  # alignment logging on a 1-image probe: a negligible cost
        ours.append(((time.perf_counter() - start) / args.epochs, history.test_accuracy[-1]))
        clf = MLPClassifier(
            (256, 256),
            activation="relu",
            solver="adam",
            alpha=0.0,
            batch_size=32,
            learning_rate_init=1e-3,
            max_iter=args.epochs,
            tol=0,
            n_iter_no_change=args.epochs + 1,
            random_state=seed,
        )
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(data.x_train, data.y_train)
        theirs.append(((time.perf_counter() - start) / args.epochs, clf.score(data.x_test, data.y_test)))
    ours, theirs = np.array(ours), np.array(theirs)
    print(f"spikelearn MLP   {1000 * ours[:, 0].mean():6.1f} ms/epoch, test accuracy {ours[:, 1].mean():.4f}")
    print(f"sklearn MLP      {1000 * theirs[:, 0].mean():6.1f} ms/epoch, test accuracy {theirs[:, 1].mean():.4f}")
    print(f"time per epoch: spikelearn / sklearn = {ours[:, 0].mean() / theirs[:, 0].mean():.2f}x (target <= 1.0)")
    print(f"accuracy difference: spikelearn - sklearn = {ours[:, 1].mean() - theirs[:, 1].mean():+.4f}")


if __name__ == "__main__":
    main()
