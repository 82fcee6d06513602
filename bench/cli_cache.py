"""How long a repeated CLI command takes with the store cache (NRGRAPH_CACHE_DIR) and without.

Runs ``nrgraph status nato-russia-council --at 2021-10`` as a user would (a new process each
time): once to fill a fresh cache, then REPEATS times with it and REPEATS times with
``NRGRAPH_CACHE_DIR=off``; prints the median of each and their ratio, and the import time of
the command (``python -c 'import nrgraph.cli.main'``), which no cache can save.

    .venv/bin/python bench/cli_cache.py [REPEATS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

COMMAND = [sys.executable, "-m", "nrgraph", "status", "nato-russia-council", "--at", "2021-10"]


def seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(repeats: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        cached = {**os.environ, "NRGRAPH_CACHE_DIR": folder}
        uncached = {**os.environ, "NRGRAPH_CACHE_DIR": "off"}
        first = seconds(COMMAND, cached)
        warm = statistics.median(seconds(COMMAND, cached) for _ in range(repeats))
        cold = statistics.median(seconds(COMMAND, uncached) for _ in range(repeats))
        imports = statistics.median(
            seconds([sys.executable, "-c", "import nrgraph.cli.main"], uncached) for _ in range(repeats)
        )
    print(f"first run (fills the cache) {first:.2f} s")
    print(f"repeated, cached            {warm:.2f} s (median of {repeats})")
    print(f"repeated, NRGRAPH_CACHE_DIR=off {cold:.2f} s")
    print(f"ratio uncached/cached       {cold / warm:.1f}")
    print(f"import of the CLI alone     {imports:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
