"""PostgreSQL's Arrow reads (ADBC) on reused connections.

Opening an ADBC connection costs 50–200 ms here, more than most of a page's queries, and a
cold page makes a dozen reads. A read takes an idle connection of its URL (or opens one,
in autocommit, so that none sits idle in a transaction) and gives it back; at most
`IDLE_PER_URL` wait per URL and process. A connection whose read failed is closed, never
reused. A read that fails on a reused one because the server dropped it (a restart, a
terminated backend) is tried once more on a new connection; a refused statement is not. A
forked process starts with no connections of its own, and a process closes its idle ones
as it exits.
"""

from __future__ import annotations

import atexit
import os
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

IDLE_PER_URL = 4
T = TypeVar("T")
_lock = threading.Lock()
_idle: dict[str, queue.LifoQueue[Any]] = {}
_owner = os.getpid()


def _pool(uri: str) -> queue.LifoQueue[Any]:
    global _owner
    with _lock:
        if os.getpid() != _owner:  # a forked child must not share its parent's sockets
            _idle.clear()
            _owner = os.getpid()
        return _idle.setdefault(uri, queue.LifoQueue(IDLE_PER_URL))


def _connect(uri: str) -> Any:
    import adbc_driver_postgresql.dbapi as adbc_pg

    return adbc_pg.connect(uri, autocommit=True)


def with_connection(uri: str, read: Callable[[Any], T]) -> T:
    """`read(connection)` on an idle connection of `uri`, or a new one."""
    pool = _pool(uri)
    try:
        reused = pool.get_nowait()
    except queue.Empty:
        reused = None
    if reused is not None:
        try:
            return _give_back(pool, reused, read(reused))
        except Exception as exc:
            reused.close()
            if not _connection_lost(exc):
                raise
    fresh = _connect(uri)
    try:
        return _give_back(pool, fresh, read(fresh))
    except BaseException:
        fresh.close()
        raise


def _connection_lost(exc: Exception) -> bool:
    """Whether the server dropped the connection (SQLSTATE class 08, or 57P: shut down,
    terminated), rather than refusing the statement."""
    state = getattr(exc, "sqlstate", None) or ""
    return state.startswith(("08", "57P")) or not state


def _give_back(pool: queue.LifoQueue[Any], connection: Any, result: T) -> T:
    try:
        pool.put_nowait(connection)
    except queue.Full:
        connection.close()
    return result


def close_idle() -> None:
    """Close every idle connection of this process (a bench's cold start, a test's end)."""
    with _lock:
        pools = list(_idle.values())
        _idle.clear()
    for pool in pools:
        while True:
            try:
                pool.get_nowait().close()
            except queue.Empty:
                break


atexit.register(close_idle)  # before the interpreter tears down the driver's modules
