"""Plasticity rules: one module per rule family, rate form and Brian2 form side by side."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SynapseModel:
    """The strings and constants a :class:`brian2.Synapses` object is built from."""

    model: str
    on_pre: str
    on_post: str
    namespace: dict = field(default_factory=dict)

    def synapses(self, source, target, name=None, **kwargs):
        """Build ``brian2.Synapses(source, target, ...)`` from this model (not yet connected)."""
        from brian2 import Synapses

        return Synapses(
            source,
            target,
            model=self.model,
            on_pre=self.on_pre,
            on_post=self.on_post,
            namespace=self.namespace,
            name=name or "synapses*",
            **kwargs,
        )
