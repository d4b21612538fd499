"""Exceptions raised by the library. The CLI turns them into one-line messages and exit code 2."""

from __future__ import annotations


class MtreviewError(Exception):
    """Base class: every error mtreview raises on purpose."""


class InputError(MtreviewError):
    """An input file is missing, unreadable or malformed.

    The message names the file, and where it helps, the line.
    """

    def __init__(self, path: object, problem: str, line: int | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")

    def __reduce__(self):
        # Raised on a worker process (a Dask worker reading a shard) and re-raised here: rebuilt from
        # its own arguments, not from the formatted message Exception would pass back.
        return type(self), (self.path, self.problem, self.line)


class TermListError(InputError):
    """A term list has a bad header, an empty required field or an unknown value."""


class UnknownCheckError(MtreviewError):
    """A check id given to --select or --exclude does not exist."""


class MetricError(MtreviewError):
    """A metric cannot be computed on the input as given (e.g. counts do not match)."""


class ModelNotFoundError(MetricError):
    """A model (e.g. a COMET checkpoint or its encoder) is not on this machine; the message says where
    mtreview looked and how to get it."""


class AlignmentError(MtreviewError):
    """The aligner cannot run as asked: e.g. its embedding model's extra is missing or the model does not load."""


class EngineError(MtreviewError):
    """The engine that runs the work (a Dask cluster) cannot be reached, or lost its workers."""


class HistoryError(MtreviewError):
    """The history database cannot be opened or written."""


class ReportError(MtreviewError):
    """A report cannot be written where it was asked for."""
