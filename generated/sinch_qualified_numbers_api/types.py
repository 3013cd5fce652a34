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


def _set_built(self: Any, name: str, value: Any) -> None:
    # A detail set before its first read: its JSON object must not outlive it (in `vars()`,
    # a pickle, or back after a `del`). `from_dict` sets `__dict__` past this.
    self.__dict__.pop("_raw_" + name, None)
    object.__setattr__(self, name, value)


def _delete_built(self: Any, name: str) -> None:
    values = self.__dict__
    raw = values.pop("_raw_" + name, None)
    if name in values or raw is None:
        object.__delattr__(self, name)


def _copy_built(self: Any) -> Any:
    # A shallow copy shares each detail with its original, as it does when details are built
    # at once: build the ones not read yet, then copy.
    for key in [k for k in self.__dict__ if k.startswith("_raw_")]:
        getattr(self, key[5:])
    copy = object.__new__(type(self))
    copy.__dict__.update(self.__dict__)
    return copy


def _with_lazy_models(cls: type) -> None:
    """What a model class with `_LazyModel` properties needs besides them: setting or deleting
    such a property drops its JSON object, and a shallow copy shares the built details."""
    setattr(cls, "__setattr__", _set_built)
    setattr(cls, "__delattr__", _delete_built)
    setattr(cls, "__copy__", _copy_built)


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
