"""Numeric item templates: each module exports a TEMPLATES list."""
