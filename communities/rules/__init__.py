"""Disadvantaged and low-income communities from the census tract: pure Python (issue 23)."""
