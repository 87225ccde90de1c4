"""The map: one payload and one script, drawn in the live page and in the static export."""
