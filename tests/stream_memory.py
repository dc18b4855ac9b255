"""How much memory a streamed download holds, measured so that the interpreter's own stores
do not count: one way for every bounded-stream test (matrix CSV, plain grid, letters grid).

Two of CPython's stores depend on what the process ran before, not on the stream, and once
made a CI run measure 3.1 times what the same test measures alone (2.1):
- its method cache keeps up to 4,096 attribute names by their address, among them the
  "as_<vendor>" string Django makes each time it compiles a query part (so a stream of many
  queries leaves thousands of them held): `stream_peak` clears it after each piece;
- a full collection empties its free lists of tuples, which the stream's rows then fill
  again under tracing: `steady_interpreter` keeps collections off from the warm-up stream
  to the end of the measured one (the streams make no reference cycles to collect)."""

import gc
import sys
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager


@contextmanager
def steady_interpreter() -> Iterator[None]:
    """No garbage collection inside: wrap the warm-up stream and the measured one."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def stream_peak(
    pieces: Iterable[str | bytes], each: Callable[[str | bytes], object] | None = None
) -> tuple[int, int]:
    """Bytes of the pieces, and the most memory Python held while they streamed (each piece
    let go once counted, as a server sends it); `each` sees every piece."""
    size = 0
    tracemalloc.start()
    try:
        for piece in pieces:
            size += len(piece.encode() if isinstance(piece, str) else piece)
            if each is not None:
                each(piece)
            sys._clear_type_cache()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return size, peak
