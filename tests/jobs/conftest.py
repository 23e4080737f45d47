from __future__ import annotations

from .kinds import register_all

register_all()
