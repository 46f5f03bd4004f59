"""One path for long work: run a plain core function or generator off the UI thread.

    task = run_task(ws.iter_import, paths, on_progress=show, on_done=finish)
    task.cancel()

A generator's yielded items arrive on the UI thread through `on_progress`; cancel() is
checked between items, so a long import stops after the file in hand (never mid-report).
Results and errors come back by signal; the UI thread never waits on disk or parsing.
Tests may set `Task.inline = True` to run work synchronously.
"""
from __future__ import annotations

import inspect
import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

log = logging.getLogger("peelreview.ui")
_running: set[Task] = set()  # keep tasks alive until they report back


class _Signals(QObject):
    progress = Signal(object)
    done = Signal(object)
    failed = Signal(str)


class Task(QRunnable):
    inline = False

    def __init__(self, fn: Callable, *args, **kwargs):
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = _Signals()
        self._cancel = threading.Event()
        self.finished = False

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
            if inspect.isgenerator(result):
                items = []
                for item in result:
                    items.append(item)
                    self.signals.progress.emit(item)
                    if self._cancel.is_set():
                        result.close()
                        break
                result = items
            self.signals.done.emit(result)
        except Exception as e:  # noqa: BLE001 -- reported to the officer, details to the log
            log.error("background task failed:\n%s", traceback.format_exc())
            self.signals.failed.emit(f"{type(e).__name__}: {e}")
        finally:
            self.finished = True


def _release_later(task: Task) -> None:
    QTimer.singleShot(0, lambda: _running.discard(task))


def run_task(fn: Callable, *args, on_progress: Callable[[Any], None] | None = None,
             on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[str], None] | None = None,
             pool: QThreadPool | None = None, **kwargs) -> Task:
    """Start fn(*args, **kwargs) on the pool; callbacks run on the UI thread."""
    task = Task(fn, *args, **kwargs)
    if on_progress:
        task.signals.progress.connect(on_progress)
    if on_done:
        task.signals.done.connect(on_done)
    if on_error:
        task.signals.failed.connect(on_error)
    _running.add(task)
    # Let go of the task only after the signal that reports its end has been delivered:
    # dropping it inside that signal's own slot would free the emitting object mid-emit.
    task.signals.done.connect(lambda _r, t=task: _release_later(t))
    task.signals.failed.connect(lambda _m, t=task: _release_later(t))
    if Task.inline:
        task.run()
    else:
        (pool or QThreadPool.globalInstance()).start(task)
    return task
