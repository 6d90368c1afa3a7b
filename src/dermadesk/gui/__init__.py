"""DermaDesk's window: widgets, Qt models and dialogs over dermadesk.core."""
