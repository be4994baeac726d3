"""Service clients: creation, calls, endpoints, signing plans, transport."""
