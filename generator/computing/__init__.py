"""Scorecard values computed from raw contact exports, by the catalog's methods."""
