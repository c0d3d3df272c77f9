"""A worker-side function for tests/test_ingest_interrupt.py (spawned workers import it by
name): it sends the start of a result and never the rest, as a worker stopped while
sending a large batch's results does."""

from __future__ import annotations

import os
import struct
import sys
import time


def send_half_a_result() -> None:
    """Write a result's length and a few bytes of it to the pool's results pipe, then wait
    to be ended (concurrent.futures.process._process_worker holds the queue)."""
    queue = sys._getframe(1).f_locals["result_queue"]
    os.write(queue._writer.fileno(), struct.pack("!i", 1_000_000) + b"\x80\x04")
    time.sleep(600)
