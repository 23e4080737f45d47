"""Tables of the guidance app."""
