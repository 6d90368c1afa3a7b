"""Printable sheets (ReportLab PDFs) made from plain data. Never imports Qt or the database."""
