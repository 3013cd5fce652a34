"""One module per command (group); `cli/__init__.py` puts them together."""
