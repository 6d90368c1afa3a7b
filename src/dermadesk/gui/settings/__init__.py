"""The practice settings dialog and its pages, one module each."""
