"""Rate (ANN) networks in numpy: the MLP with pluggable credit assignment, its optimisers and training loop."""
