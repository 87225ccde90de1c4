"""The static export: the map in one self-contained HTML file."""

from geo.export.page import export_html, write_export

__all__ = ["export_html", "write_export"]
