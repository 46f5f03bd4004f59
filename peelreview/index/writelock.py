"""The index write lock, held across processes: one writer of a workspace's index at a time.

Whoosh's own lock lives inside the index folder, so it cannot guard a rebuild that builds a
new folder beside the old one and swaps it in: an import in another process would write
into the folder about to be replaced (or read segment files the swap just removed). This
lock is a file beside the index folder (``index.lock``), taken with ``flock`` (``msvcrt`` on
Windows); the operating system releases it when its holder dies, so a killed process never
leaves it stuck. Within one process it is re-entrant per thread and serialises threads.

A writer that finds it taken says so once through ``on_wait`` and keeps waiting (an
import waiting for a long rebuild must not die of it).
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

#: How often a waiting writer tries again, and how often it repeats that it is waiting.
POLL_SECONDS = 0.1
REMIND_SECONDS = 60.0

_locks: dict[str, _ProcessLock] = {}
_locks_guard = threading.Lock()


def lock_path_for(index_folder: Path) -> Path:
    """The lock file of the index at `index_folder` (beside it, so it outlives a swap)."""
    index_folder = Path(index_folder)
    return index_folder.with_name(index_folder.name + ".lock")


class _ProcessLock:
    """One lock file: an RLock for the threads of this process, flock for the others."""

    def __init__(self, path: Path):
        self.path = path
        self.thread_lock = threading.RLock()
        self.depth = 0
        self.fd: int | None = None

    def _try_file_lock(self) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if _lock_nowait(fd):
                self.fd = fd
                return True
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        return False

    def try_acquire(self) -> bool:
        """Take the lock if neither another thread nor another process holds it."""
        if not self.thread_lock.acquire(blocking=False):
            return False
        if self.depth:
            self.depth += 1
            return True
        try:
            got = self._try_file_lock()
        except BaseException:
            self.thread_lock.release()
            raise
        if not got:
            self.thread_lock.release()
            return False
        self.depth = 1
        return True

    def acquire(self, on_wait: Callable[[str], None] | None, what: str) -> None:
        self.thread_lock.acquire()
        if self.depth:
            self.depth += 1
            return
        try:
            told = None
            while not self._try_file_lock():
                now = time.monotonic()
                if on_wait and (told is None or now - told >= REMIND_SECONDS):
                    on_wait(f"waiting for another peelreview to finish writing the search "
                            f"index before {what}…")
                    told = now
                time.sleep(POLL_SECONDS)
        except BaseException:
            self.thread_lock.release()
            raise
        self.depth = 1

    def release(self) -> None:
        self.depth -= 1
        if self.depth == 0 and self.fd is not None:
            fd, self.fd = self.fd, None
            _unlock(fd)
            os.close(fd)
        self.thread_lock.release()


def _lock_nowait(fd: int) -> bool:
    """Take the file lock on fd without waiting; False when another process holds it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_UN)


def _lock_for(path: Path) -> _ProcessLock:
    key = os.path.abspath(path)
    with _locks_guard:
        lock = _locks.get(key)
        if lock is None:
            lock = _locks[key] = _ProcessLock(Path(key))
        return lock


@contextmanager
def index_write_lock(lock_path: Path, on_wait: Callable[[str], None] | None = None,
                     what: str = "going on") -> Iterator[None]:
    """Hold the index write lock at lock_path (waiting, with a message, while another
    process holds it). A read-only workspace cannot hold a lock file: PermissionError /
    OSError escapes for the caller to turn into its read-only message."""
    lock = _lock_for(lock_path)
    lock.acquire(on_wait, what)
    try:
        yield
    finally:
        lock.release()


@contextmanager
def index_write_lock_if_free(lock_path: Path) -> Iterator[bool]:
    """Hold the lock only if nobody else holds it; yields whether it is held (for upkeep
    that must not disturb another process's rebuild, and need not wait for it)."""
    lock = _lock_for(lock_path)
    got = lock.try_acquire()
    try:
        yield got
    finally:
        if got:
            lock.release()
