"""Raising valuevector's exceptions from the Python side, with `.kind` and `.path`."""

from typing import Type, TypeVar

from ._native import Error, InputError, ModelError

E = TypeVar("E", bound=Error)


def _error(cls: Type[E], kind: str, path: str, message: str) -> E:
    """An exception of `cls` about `path`, shaped like the ones the core raises."""
    err = cls(f"{path}: {message}" if path else message)
    err.kind = kind
    err.path = path
    err.detail = message
    return err


def input_error(path: str, message: str) -> InputError:
    """An InputError about `path`."""
    return _error(InputError, "input", path, message)


def model_error(path: str, message: str) -> ModelError:
    """A ModelError about `path`."""
    return _error(ModelError, "model", path, message)
