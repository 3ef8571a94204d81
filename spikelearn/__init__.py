"""spikelearn: plasticity rules as Brian2 synaptic equations, next to their rate forms.

Layers: :mod:`spikelearn.neurons` and :mod:`spikelearn.inputs` make groups,
:mod:`spikelearn.rules` hold each plasticity rule in rate form and as Brian2 synapse equations,
:mod:`spikelearn.circuits` wire them into a :class:`brian2.Network`, and :mod:`spikelearn.bridge`
measures how far the spiking circuit's learning follows the rate prediction.
"""

__version__ = "0.1.0"
