"""Builders that wire groups and rules into a :class:`brian2.Network`, one module per circuit kind."""
