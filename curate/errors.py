"""Errors and problem reports shared by every stage.

Library code raises `CurateError` subclasses; the CLI maps `exit_code` to the process exit code.
Recoverable bad input is reported as `Problem`s and skipped, so good input still flows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One piece of bad input: where it is, what is wrong, how to fix it."""

    file: str
    line: int | None
    reason: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.reason}" + (f" ({self.fix})" if self.fix else "")


class CurateError(Exception):
    """Base of every error curate raises on purpose."""

    exit_code = 1


class BadInputError(CurateError):
    """Input the user can fix: a missing file, a malformed record, a refused precondition."""

    exit_code = 2


class RecordError(BadInputError):
    """A record that does not follow SCHEMA.md."""


class SpanMismatchError(RecordError):
    """A span whose `text` is not `doc.text[start:end]`."""


class VersionExistsError(BadInputError):
    """A dataset version that already exists would be overwritten."""


class LabelStudioError(CurateError):
    """Label Studio answered with an error curate cannot recover from."""

    exit_code = 1


class LabelStudioUnavailableError(LabelStudioError):
    """No Label Studio server answers at the given URL."""


class LabelStudioAuthError(LabelStudioError):
    """The server refused the API key."""
