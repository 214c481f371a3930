"""Scored samples and their summaries: the public files every run and score writes."""
