"""The clients and resources: `_async/` is written by hand, `_sync/` generated from it by
`make generate` (wrapper/unasync.py) and checked by `make check-generated`."""
