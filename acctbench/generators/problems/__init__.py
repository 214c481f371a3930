"""Multi-step problem templates (the ``problems`` suite): four or more dependent computations each."""
