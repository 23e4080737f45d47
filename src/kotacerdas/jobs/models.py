"""Tables of the jobs app."""
