"""Tables of the portal app."""
