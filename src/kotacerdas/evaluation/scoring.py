"""Pure scoring of the evaluation: plain values in, plain values out (no ORM)."""

from .spbe_scoring import next_steps, spbe_index, spbe_predicate  # noqa: E402,F401
