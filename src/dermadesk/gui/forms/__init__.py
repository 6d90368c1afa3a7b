"""Modules compiled from ui/*.ui by ui/build.py. Do not edit them by hand."""
