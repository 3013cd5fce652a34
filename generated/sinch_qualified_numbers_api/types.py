"""Contains some shared types for properties"""

from collections.abc import Callable, Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, Any, BinaryIO, Generic, Literal, TypeVar

from attrs import define


class Unset:
    def __bool__(self) -> Literal[False]:
        return False

    def __reduce__(self) -> str:
        return "UNSET"


UNSET: Unset = Unset()


class _LazyModel:
    """A nested model built at its first read, set on the model's class after its definition.

    `from_dict` keeps the JSON object of such a property under `_raw_<name>` in the instance's
    `__dict__` (and no `<name>` there); this non-data descriptor is only consulted while
    `<name>` is missing, builds the model from the raw object, stores it as `<name>` (every
    later read is a plain attribute read) and drops the raw object. A model made by its
    `__init__`, or whose attribute was set, has `<name>` in its `__dict__` and never gets here.
    """

    __slots__ = ("build", "name", "raw_name")

    def __init__(self, name: str, build: Callable[[Mapping[str, Any]], Any]) -> None:
        self.name = name
        self.raw_name = "_raw_" + name
        self.build = build

    def __get__(self, instance: object | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        values = instance.__dict__
        try:
            raw = values[self.raw_name]
        except KeyError:
            # Another thread built it between the lookup and here (or it was deleted).
            try:
                return values[self.name]
            except KeyError:
                raise AttributeError(f"{type(instance).__name__!r} object has no attribute {self.name!r}") from None
        # setdefault: two threads reading at once both get the one model stored.
        value = values.setdefault(self.name, self.build(raw))
        values.pop(self.raw_name, None)
        return value


# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


__all__ = ["UNSET", "File", "FileTypes", "RequestFiles", "Response", "Unset"]
