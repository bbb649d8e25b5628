"""Independent fits in forked processes, with results identical to fitting them in turn
(the theme model's per-theme heads), and how many processes to use by default.

BLAS runs on one thread either way: a multi-threaded BLAS splits its sums by thread count,
so results would otherwise change in the last bits with the number of cores or jobs.

liblinear seeds one process-wide random generator at every fit, so fits in threads would
draw from each other's sequence and lose reproducibility; forked processes each have
their own. A fork inherits the caller's memory, so the feature matrix every fit reads is
not pickled to the workers: only the item in and the result out cross a pipe.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from typing import Any

_task: Callable[[Any], Any] | None = None
_limits: Any = None  # kept: the limits hold while the object lives


def default_jobs() -> int:
    """One process per core, at most four."""
    return max(1, min(4, os.cpu_count() or 1))


def fork_map(function: Callable[[Any], Any], items: Iterable[Any], jobs: int) -> list[Any]:
    """``[function(item) for item in items]``, in up to ``jobs`` forked processes (in turn
    where ``jobs`` is 1 or fork is not available). ``function`` may be a closure: it is
    inherited by the fork, never pickled."""
    global _task
    items = list(items)
    if jobs <= 1 or len(items) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        with one_blas_thread():  # as in the workers: the same sums, the same results
            return [function(item) for item in items]
    _task = function
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(jobs, len(items)), initializer=_one_blas_thread) as pool:
            return pool.map(_run, items, chunksize=1)
    finally:
        _task = None


def one_blas_thread() -> Any:
    """A context in which BLAS runs on one thread (its sums then never depend on the
    number of cores)."""
    from threadpoolctl import threadpool_limits  # a scikit-learn dependency

    return threadpool_limits(1)


def _one_blas_thread() -> None:
    """Each worker's BLAS on one thread: workers whose BLAS each start a thread per core
    oversubscribe the cores, and liblinear's many small BLAS calls then spin (measured:
    every fit three times as slow)."""
    global _limits
    _limits = one_blas_thread()


def _run(item: Any) -> Any:
    assert _task is not None  # set by fork_map before the pool forks
    return _task(item)
