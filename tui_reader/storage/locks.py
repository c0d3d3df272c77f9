"""Locks between the processes sharing one cache (files beside it, held with `flock`):
`<cache>.lock` serialises recovery, `<cache>.pass.lock` the corpus-wide passes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

try:
    import fcntl
except ImportError:  # Windows: recovery is then not serialised between instances
    fcntl = None  # type: ignore[assignment]


@contextmanager
def file_lock(lock_path: str, *, shared: bool = False) -> Iterator[None]:
    """Hold an exclusive lock on `lock_path` (so that one instance at a time recovers), or
    with `shared` a shared one (checking, while no instance recovers). Without a lock
    file (a folder we cannot write in), nothing is held."""
    if fcntl is None:
        yield
        return
    try:
        handle = open(lock_path, "a")  # noqa: SIM115 - closed below
    except OSError:
        if shared:
            yield
            return
        raise
    with handle:
        fcntl.flock(handle, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def pass_lock(cache_path: str) -> Iterator[None]:
    """Hold `<cache_path>.pass.lock` exclusively (see `Cache.corpus_pass`). Nothing is held
    for a cache in memory or where the lock file cannot be made."""
    try:
        handle = (None if cache_path == ":memory:"
                  else open(cache_path + ".pass.lock", "a"))  # noqa: SIM115 - closed below
    except OSError:  # a folder we cannot write in: rows vanishing are tolerated anyway
        handle = None
    if handle is None or fcntl is None:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
