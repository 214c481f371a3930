"""Journal item templates: each module exports a TEMPLATES list."""
