"""Python client for the Sinch Qualified Numbers API."""

from importlib.metadata import version as _version

__version__ = _version("sinch-qualified-numbers")

__all__ = ["__version__"]
