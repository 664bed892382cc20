"""Shared pure-Python mechanics (no Django imports): deadlines, money, places."""
