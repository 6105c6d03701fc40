"""Overlaps, gaps, coverage and eligibility: the coordination the Committee asked for."""
