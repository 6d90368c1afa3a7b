"""DermaDesk: client records, consent, sessions and photos for microneedling practitioners."""

__version__ = "0.1.0"
