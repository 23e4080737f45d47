"""The SPBE self-assessment's tables."""
