r"""Credit-assignment rules for :class:`spikelearn.rate.mlp.MLP`: how the output error reaches hidden layers.

Each rule maps the output error :math:`e = \delta_L` to a layer error :math:`\delta_l` (column-vector
notation, :math:`B_{l+1}` standing where backprop has :math:`W_{l+1}^T`):

- backprop (Rumelhart et al. 1986): :math:`\delta_l = (W_{l+1}^T \delta_{l+1}) \odot f'(a_l)`;
- feedback alignment, FA (Lillicrap et al. 2016, *Nat. Commun.* 7:13276):
  :math:`\delta_l = (B_{l+1}\delta_{l+1}) \odot f'(a_l)` with a fixed matrix :math:`B_{l+1}` of the shape of
  :math:`W_{l+1}^T`;
- direct feedback alignment, DFA (Nokland 2016, *NeurIPS*): :math:`\delta_l = (D_l\, e) \odot f'(a_l)`, the
  output error sent to every hidden layer through its own :math:`D_l` (n_l x n_L);
- sign symmetry (Liao, Leibo & Poggio 2016, *AAAI*): FA with :math:`B_{l+1} = \mathrm{sign}(W_{l+1}^T)`;
- weight mirror (Akrout et al. 2019, *NeurIPS*): FA whose :math:`B` is learned in a mirror phase: the layer
  below is driven by noise :math:`\xi`, the layer's response is :math:`y = W\xi`, and
  :math:`\Delta B = \eta_B (\xi y^T - \lambda B)`, so that :math:`B \to W^T` (for unit-variance noise, lambda = 1).

- target propagation, TP, and difference target propagation, DTP (Lee, Zhang, Fischer & Bengio 2015,
  *ECML-PKDD*): the last hidden layer's target is a gradient step, :math:`\hat h_{L-1} = h_{L-1} -
  \hat\eta\, \partial L / \partial h_{L-1}`; lower targets come through learned approximate inverses
  :math:`g_l(h_l) = f(V_l h_l + c_l)` of each layer, :math:`\hat h_{l-1} = g_l(\hat h_l)` (TP) or
  :math:`\hat h_{l-1} = h_{l-1} + g_l(\hat h_l) - g_l(h_l)` (DTP, eq. 13), and each layer descends its
  local loss :math:`\|h_l - \hat h_l\|^2 / 2`, i.e. :math:`\delta_l = (h_l - \hat h_l) \odot f'(a_l)`. The
  inverses learn to reconstruct noise-corrupted activity, :math:`\|g_l(f_l(h_{l-1} + \epsilon)) - (h_{l-1} +
  \epsilon)\|^2` (eq. 14), by SGD after every step.

Feedback-matrix kinds for FA and DFA (Imagination Technologies blog post
"Learning from the best: How nature can inspire AI research", 4 October 2021, section 2):
``random`` (fixed Gaussian), ``random_sign`` (fixed random magnitudes with the current sign of the forward path),
``binary`` (fixed random +-1),
``binary_sign`` (the current sign of the forward path, unit magnitudes). The forward path of
:math:`B_{l+1}` is :math:`W_{l+1}^T`; that of DFA's :math:`D_l` is :math:`W_{l+1}^T \cdots W_L^T` (our
choice: the sign of the linear path from the output back to layer l). Matrices are scaled to the
standard deviation of the forward weights' initialisation: ``sqrt(gain / fan_in)`` of :math:`W_{l+1}`
for FA, ``sqrt(gain / n_l)`` for DFA (gain 2 for ReLU, 1 otherwise).
"""

from __future__ import annotations

import numpy as np

from ..checks import InputError, check_choice
from ..rate.mlp import ACTIVATIONS

FEEDBACK_KINDS = ("random", "random_sign", "binary", "binary_sign")


def _signed(kind: str, fixed: np.ndarray, path: np.ndarray, scale: float) -> np.ndarray:
    """The feedback matrix of ``kind`` from a fixed random draw and the current forward path."""
    if kind == "random":
        return fixed
    if kind == "binary":
        return np.sign(fixed) * scale
    magnitude = np.abs(fixed) if kind == "random_sign" else scale
    return np.sign(path) * magnitude


def _propagate(net, fwd, e, feedback) -> list:
    """Layer errors from the output error: delta_l = (delta_{l+1} B_{l+1}^T) * f'(a_l), row convention."""
    deltas = [e]
    for l in range(net.n_layers - 1, 0, -1):
        deltas.insert(0, (deltas[0] @ feedback[l].T) * net.derivative(fwd.a[l - 1]))
    return deltas


class Backprop:
    """Exact gradient: the feedback is W^T itself."""

    name = "BP"

    def setup(self, net, rng):
        pass

    def feedback(self, net) -> list:
        """B_l for l = 1..L-1 (index 0 unused: no feedback into the input)."""
        return [None] + [W.T for W in net.W[1:]]

    def deltas(self, net, fwd, e) -> list:
        return _propagate(net, fwd, e, self.feedback(net))

    def gradients(self, net, fwd, e) -> list:
        """What the optimiser descends (dW_1..dW_L, db_1..db_L): delta_l^T h_{l-1} from this rule's layer errors."""
        return net.gradients(fwd, self.deltas(net, fwd, e))

    def after_step(self, net, rng):
        pass


class _Kinded(Backprop):
    """A rule with a feedback-matrix kind (one of ``FEEDBACK_KINDS``), named after it."""

    label = ""

    def __init__(self, kind: str = "random", fixed=None):
        self.kind = check_choice("feedback kind", kind, FEEDBACK_KINDS)
        self.name = self.label if kind == "random" else f"{self.label} ({kind})"
        self.given = None if fixed is None else [None if B is None else np.array(B, dtype=float) for B in fixed]

    def _fixed(self, draws: list) -> list:
        """The random draws, or the matrices given to the constructor (same shapes), e.g. a spiking network's."""
        if self.given is None:
            return draws
        needed, given = ([None if B is None else B.shape for B in matrices] for matrices in (draws, self.given))
        if given != needed:
            raise InputError(
                f"{self.label}: the given feedback matrices have shapes {given}, this network needs {needed}"
            )
        return [None if B is None else B.copy() for B in self.given]


class FeedbackAlignment(_Kinded):
    """FA: errors travel back through fixed (or sign-following) matrices of the shape of W^T."""

    label = "FA"

    def setup(self, net, rng):
        self.scale = [None] + [np.sqrt(net.gain / W.shape[1]) for W in net.W[1:]]
        self.fixed = self._fixed([None] + [rng.normal(0, s, W.T.shape) for s, W in zip(self.scale[1:], net.W[1:])])

    def feedback(self, net) -> list:
        return [None] + [_signed(self.kind, B, W.T, s) for B, W, s in zip(self.fixed[1:], net.W[1:], self.scale[1:])]


class SignSymmetry(FeedbackAlignment):
    """Liao et al. (2016): B = sign(W^T), scaled like the forward initialisation."""

    def __init__(self):
        super().__init__("binary_sign")
        self.name = "sign symmetry"


class DirectFeedbackAlignment(_Kinded):
    """DFA: the output error reaches every hidden layer l through its own D_l (n_l x n_L)."""

    label = "DFA"

    def setup(self, net, rng):
        n_out = net.sizes[-1]
        self.scale = [np.sqrt(net.gain / n) for n in net.sizes[1:-1]]
        self.fixed = self._fixed([rng.normal(0, s, (n, n_out)) for s, n in zip(self.scale, net.sizes[1:-1])])

    def paths(self, net) -> list:
        """W_{l+1}^T ... W_L^T for every hidden layer l: the linear path from the output back to l."""
        paths = [net.W[-1].T]
        for W in reversed(net.W[1:-1]):
            paths.insert(0, W.T @ paths[0])
        return paths

    def feedback(self, net) -> list:
        paths = self.paths(net) if self.kind.endswith("sign") else [None] * len(self.fixed)
        return [_signed(self.kind, D, P, s) for D, P, s in zip(self.fixed, paths, self.scale)]

    def deltas(self, net, fwd, e) -> list:
        hidden = [(e @ D.T) * net.derivative(a) for D, a in zip(self.feedback(net), fwd.a[:-1])]
        return hidden + [e]


class WeightMirror(FeedbackAlignment):
    """Akrout et al. (2019): FA whose B is learned from noise-driven activity after every update."""

    def __init__(self, eta: float = 0.05, decay: float = 1.0, noise_batch: int = 64):
        super().__init__("random")
        self.name = "weight mirror"
        if not eta > 0 or not decay >= 0 or noise_batch < 1:
            raise InputError(
                f"WeightMirror needs eta > 0, decay >= 0, noise_batch >= 1; got {eta}, {decay}, {noise_batch}"
            )
        self.eta, self.decay, self.noise_batch = eta, decay, noise_batch

    def after_step(self, net, rng):
        """One mirror step per layer: unit-variance noise xi below, response y = W xi, dB = eta (xi y^T - decay B)."""
        for l in range(1, net.n_layers):
            xi = rng.standard_normal((self.noise_batch, net.W[l].shape[1]))
            y = xi @ net.W[l].T
            self.fixed[l] += self.eta * (xi.T @ y / self.noise_batch - self.decay * self.fixed[l])


class TargetPropagation(Backprop):
    """TP / DTP (module docstring): layer-local targets through learned inverses, no weight transport below the top."""

    def __init__(self, difference: bool = True, step: float = 0.5, inverse_lr: float = 0.05, noise: float = 0.1):
        if not step > 0 or not inverse_lr > 0 or not noise >= 0:
            raise InputError(
                f"TargetPropagation needs step > 0, inverse_lr > 0, noise >= 0; got {step}, {inverse_lr}, {noise}"
            )
        self.difference, self.step, self.inverse_lr, self.noise = difference, step, inverse_lr, noise
        self.name = "DTP" if difference else "TP"

    def setup(self, net, rng):
        # V_l maps layer l back to layer l-1, for the hidden layers l = 2..L-1 (index l-1 of net.W)
        self.V = {
            l: rng.normal(0, np.sqrt(net.gain / net.sizes[l]), (net.sizes[l - 1], net.sizes[l]))
            for l in range(2, net.n_layers)
        }
        self.c = {l: np.zeros(net.sizes[l - 1]) for l in self.V}
        self._h = None

    def inverse(self, net, l, h):
        """g_l(h): the learned approximate inverse of hidden layer l (1-based)."""
        return ACTIVATIONS[net.hidden][0](h @ self.V[l].T + self.c[l])

    def feedback(self, net) -> list:
        """For alignment logging: V_l stands where backprop has W_l^T (the top layer uses W_L^T itself)."""
        return [None] + [self.V[l + 1] if l + 1 in self.V else None for l in range(1, net.n_layers - 1)] + [net.W[-1].T]

    def deltas(self, net, fwd, e) -> list:
        batch = len(e)
        h, targets = fwd.h, {}
        top = net.n_layers - 1  # the last hidden layer (1-based)
        targets[top] = h[top] - self.step * batch * (e @ net.W[-1])  # a gradient step on the per-sample loss
        for l in range(top, 1, -1):
            back = self.inverse(net, l, targets[l])
            targets[l - 1] = h[l - 1] + back - self.inverse(net, l, h[l]) if self.difference else back
        self._h = h
        hidden = [(h[l] - targets[l]) * net.derivative(fwd.a[l - 1]) / batch for l in range(1, top + 1)]
        return hidden + [e]

    def after_step(self, net, rng):
        """Train each inverse g_l to undo layer l on noise-corrupted activity of layer l-1 (eq. 14), one SGD step."""
        f, df = ACTIVATIONS[net.hidden]
        for l in self.V:
            below = self._h[l - 1] + self.noise * rng.standard_normal(self._h[l - 1].shape)
            above = f(below @ net.W[l - 1].T + net.b[l - 1])
            pre = above @ self.V[l].T + self.c[l]
            error = (f(pre) - below) * df(pre) / len(below)
            self.V[l] -= self.inverse_lr * error.T @ above
            self.c[l] -= self.inverse_lr * error.sum(axis=0)


RULES = {
    "BP": Backprop,
    "FA": FeedbackAlignment,
    "DFA": DirectFeedbackAlignment,
    "sign symmetry": SignSymmetry,
    "weight mirror": WeightMirror,
    "TP": lambda **kw: TargetPropagation(difference=False, **kw),
    "DTP": TargetPropagation,
}


def make(name: str, **kwargs):
    """A fresh rule by name (one of ``RULES``); ``kwargs`` go to its constructor (e.g. ``kind=``)."""
    check_choice("credit-assignment rule", name, tuple(RULES))
    return RULES[name](**kwargs)
