"""The yearly smart-city evaluation and the SPBE self-assessment."""
