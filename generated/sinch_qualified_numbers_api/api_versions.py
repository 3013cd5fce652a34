"""The API versions the spec's server variable `version` lists, and its default.

Written by `make generate` from the spec (openapi/api_versions.py); never edited by hand.
"""

DEFAULT_API_VERSION = "v1beta1"
API_VERSIONS: tuple[str, ...] = ("v1beta1", "v1")
