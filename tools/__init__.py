"""The maintainers' tools for spec changes (`make spec-diff`, `make scaffold`, `make spec-report`).

Not shipped: the wheel packs `generated/`, `wrapper/` and `sandbox/` only. They read the spec
and the source tree as files (AST, not imports), so they also work on a copy of the tree.
"""
