"""Raising valuevector's exceptions from the Python side, with `.kind` and `.path`."""

from ._native import InputError


def input_error(path: str, message: str) -> InputError:
    """An InputError about `path`, shaped like the ones the core raises."""
    err = InputError(f"{path}: {message}" if path else message)
    err.kind = "input"
    err.path = path
    err.detail = message
    return err
