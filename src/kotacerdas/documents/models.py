"""Tables of the documents app."""
