"""Credential providers, the chain that orders them, and credentials objects."""
