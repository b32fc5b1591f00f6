"""Worker processes for the per-document stages: a pool whose hung or dead workers are replaced.

A document may hold a worker in C code that no alarm interrupts (a parser, a regular expression
engine): the parent watches how long each job has run, and past the time limit plus a grace period
it kills the pool, reports the job with the stage its worker was in, and starts a new pool for the
rest. A worker that dies (out of memory, a crash) breaks the whole pool: the jobs it held are run
again one at a time, so only the job that kills a worker when running alone is reported. Workers
ignore Ctrl-C (the parent stops them) and die with the parent, even when it is killed outright.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, TypeVar

_SLOT_BYTES = 200  # 'job id<TAB>stage' of one worker
_SLOTS_PER_WORKER = 64  # slots are not reused until this many pools have been started
_PR_SET_PDEATHSIG = 1
_POLL_SECONDS = 0.5


class Job(Protocol):
    """What the pool needs to know of a job: an id to report it by."""

    @property
    def doc_id(self) -> str: ...


J = TypeVar("J", bound=Job)
R = TypeVar("R")

# in a worker process: the shared board and this worker's slot on it
_BOARD: dict[str, Any] = {}


def note(job_id: str, stage: str) -> None:
    """Tell the parent which stage this worker is in (nothing happens outside a pool)."""
    board = _BOARD.get("board")
    if board is None:
        return
    slot = _BOARD["slot"]
    data = f"{job_id}\t{stage}".encode("utf-8", "replace")[: _SLOT_BYTES - 1].ljust(_SLOT_BYTES, b"\0")
    board[slot * _SLOT_BYTES : (slot + 1) * _SLOT_BYTES] = data


def _stage_of(board: Any, slots: int, job_id: str) -> str | None:
    for slot in range(slots):
        raw = bytes(board[slot * _SLOT_BYTES : (slot + 1) * _SLOT_BYTES]).rstrip(b"\0")
        owner, _, stage = raw.decode("utf-8", "replace").partition("\t")
        if owner == job_id:
            return stage
    return None


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux); exit now if it already has."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is not None:
        # not Linux (no prctl): a killed parent's workers end when they next find the pool gone
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(libc_name, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _init_worker(board: Any, counter: Any, slots: int, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)
    with counter.get_lock():
        slot = counter.value % slots
        counter.value += 1
    _BOARD["board"] = board
    _BOARD["slot"] = slot


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: its processes are killed, not asked."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout=5)


def run_jobs(
    jobs: Sequence[J],
    fn: Callable[[J], R],
    *,
    workers: int,
    limit: float,
    lost: Callable[[J, str, str], R],
) -> Iterator[R]:
    """Results of ``fn`` over ``jobs`` in worker processes, in completion order.

    ``limit`` is the seconds after which a job's worker is killed (0: never); ``lost(job, stage,
    message)`` makes the result of a job whose worker was killed or died.
    """
    context = multiprocessing.get_context("fork")  # workers share the models the parent loaded
    slots = max(1, workers) * _SLOTS_PER_WORKER
    board = context.Array("c", slots * _SLOT_BYTES, lock=False)
    counter = context.Value("i", 0)

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(board, counter, slots, os.getpid()),
        )

    queue: deque[J] = deque(jobs)
    alone: deque[J] = deque()  # jobs that were in flight when a worker died
    inflight: dict[Future[R], tuple[J, float, bool]] = {}
    pool = new_pool()
    try:
        while queue or alone or inflight:
            if not inflight and alone:
                job = alone.popleft()
                inflight[pool.submit(fn, job)] = (job, time.monotonic(), True)
            while queue and not alone and len(inflight) < workers:
                job = queue.popleft()
                inflight[pool.submit(fn, job)] = (job, time.monotonic(), False)
            done, _ = wait(list(inflight), timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                job, _, solo = inflight.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken = True
                    if solo:
                        yield lost(job, "unknown", "the worker process died (out of memory, or a crash)")
                    else:
                        alone.append(job)
            if broken:
                alone.extend(job for job, _, _ in inflight.values())
                inflight.clear()
                _kill(pool)
                pool = new_pool()
                continue
            now = time.monotonic()
            overdue = [f for f, (_, started, _) in inflight.items() if limit > 0 and now - started > limit]
            if overdue:
                for future in overdue:
                    job, _, _ = inflight.pop(future)
                    stage = _stage_of(board, slots, job.doc_id) or "unknown"
                    yield lost(job, stage, f"did not stop within {limit:g} s; its worker was stopped")
                queue.extendleft(reversed([job for job, _, _ in inflight.values()]))
                inflight.clear()
                _kill(pool)
                pool = new_pool()
    finally:
        _kill(pool)
