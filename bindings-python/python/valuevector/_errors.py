"""Raising valuevector's exceptions from the Python side, with `.kind` and `.path`."""

from ._native import InputError, ModelError


def input_error(path: str, message: str) -> InputError:
    """An InputError about `path`, shaped like the ones the core raises."""
    err = InputError(f"{path}: {message}" if path else message)
    err.kind = "input"
    err.path = path
    err.detail = message
    return err


def model_error(path: str, message: str) -> ModelError:
    """A ModelError about `path`, shaped like the ones the core raises."""
    err = ModelError(f"{path}: {message}" if path else message)
    err.kind = "model"
    err.path = path
    err.detail = message
    return err
