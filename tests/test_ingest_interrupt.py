"""Stopping ingest's worker pool while a worker is sending results: nothing hangs."""

from __future__ import annotations

import threading
import time

import interrupted_worker

from tui_reader.ingest import _Pools


def test_discarding_the_pool_while_a_worker_sends_a_result_does_not_hang() -> None:
    """ctrl+c (or SIGTERM) during `newsreader index` ends the workers at once; one cut off
    while sending a batch's results left the pool's manager thread waiting for the rest of
    the message forever, and the interrupted command with it (seen under load in CI)."""
    pools = _Pools(1, None)
    pools.get().submit(interrupted_worker.send_half_a_result)
    time.sleep(3)  # the worker starts and sends half a result
    done = threading.Event()

    def discard() -> None:
        pools.discard()
        done.set()

    threading.Thread(target=discard, daemon=True).start()
    assert done.wait(30), "discarding the pool hung"
