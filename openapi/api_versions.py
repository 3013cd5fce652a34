"""Write the spec's API versions into the generated package (run by `make generate` and
`make check-generated` after openapi-python-client, which does not read `servers`).

The versions are the spec's server variable `version`: its `enum` and its `default`. The client
takes both from the module written here, so changing the default version is one edit of the
spec (then `make generate`).

    python openapi/api_versions.py SPEC PACKAGE_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

TEMPLATE = '''"""The API versions the spec's server variable `version` lists, and its default.

Written by `make generate` from the spec (openapi/api_versions.py); never edited by hand.
"""

DEFAULT_API_VERSION = {default}
API_VERSIONS: tuple[str, ...] = ({versions})
'''


def render(spec: dict[str, object]) -> str:
    (server,) = spec["servers"]  # type: ignore[misc]
    variable = server["variables"]["version"]
    versions = [str(v) for v in variable["enum"]]
    default = str(variable["default"])
    if default not in versions:
        raise SystemExit(f"the server variable's default {default!r} is not in {versions}")
    listed = ", ".join(json.dumps(v) for v in versions) + ("," if len(versions) == 1 else "")
    return TEMPLATE.format(default=json.dumps(default), versions=listed)


def main(spec_path: str, package_dir: str) -> None:
    spec = yaml.safe_load(Path(spec_path).read_text(encoding="utf-8"))
    Path(package_dir, "api_versions.py").write_text(render(spec), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
