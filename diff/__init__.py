"""Norm-level comparison of two agreements (issue #9)."""
