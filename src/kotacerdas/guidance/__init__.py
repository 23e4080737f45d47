"""Guided drafting (Bimtek I-IV): cohorts, sessions, experts, attendance, stage deliverables."""
