"""Real SPARQL servers for the tests, each on a free loopback port, stopped at the end.

- Oxigraph: the ``oxigraph`` server binary from PyPI's ``oxigraph`` package (a test extra);
- Virtuoso: Debian's ``virtuoso-opensource`` (``virtuoso-t``), where it is installed; the
  tests that need it skip otherwise.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx2

__all__ = ["Servers", "free_port", "nrgraph_serve"]

ROOT = Path(__file__).resolve().parents[1]

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
VIRTUOSO_ATTEMPTS = 3
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/db.db
ErrorLogFile = {dir}/db.log
LockFile = {dir}/db.lck
TransactionFile = {dir}/db.trx
xa_persistent_file = {dir}/db.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/db-temp.db
TransactionFile = {dir}/db-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
CheckpointInterval = 60
DirsAllowed = ., {dir}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
EnabledDavVSP = 0
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(url: str, process: subprocess.Popen[bytes], seconds: float, *, get: bool = False) -> None:
    """Wait until ``url`` answers (a SPARQL ``ASK {}``, or a GET with ``get``)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with code {process.returncode}")
        try:
            if get:
                httpx2.get(url, timeout=2).raise_for_status()
            else:
                httpx2.post(url, data={"query": "ASK {}"}, timeout=2)
            return
        except (httpx2.TransportError, httpx2.HTTPStatusError):
            time.sleep(0.1)
    raise RuntimeError(f"the server for {url} did not answer within {seconds} s")


@contextmanager
def nrgraph_serve(
    env: Mapping[str, str] | None = None,
    *,
    command: Sequence[str] | None = None,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Iterator[str]:
    """``nrgraph serve`` on a free loopback port; its base URL once ``/healthz`` answers; stopped
    afterwards. By default this checkout's (``python -m nrgraph`` with ``src/`` first on the path,
    the bundled data unless ``env`` says otherwise); ``command`` runs another installation's
    ``nrgraph`` in ``environ`` (instead of this process's environment) from ``cwd``."""
    port = free_port()
    base_environ = {**os.environ, "PYTHONPATH": str(ROOT / "src")} if environ is None else dict(environ)
    variables = {**base_environ, "NRGRAPH_HOST": "127.0.0.1", **(env or {}), "NRGRAPH_PORT": str(port)}
    process = subprocess.Popen(
        [*(command or [sys.executable, "-m", "nrgraph"]), "serve"],
        env=variables,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/healthz", process, 120, get=True)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@dataclass
class Servers:
    """Starts servers on demand under ``root``; :meth:`stop` ends every one it started."""

    root: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def oxigraph(self) -> str:
        """A fresh, empty Oxigraph server; its ``sparql:QUERY_URL,UPDATE_URL`` store URL."""
        port = free_port()
        location = self.root / f"oxigraph-{port}"
        process = subprocess.Popen(
            [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/query", process, 30)
        return f"sparql:{base}/query,{base}/update"

    def virtuoso(self) -> str | None:
        """A fresh Virtuoso server open to SPARQL Update, or None if Virtuoso is not installed.

        A start that fails (the server exits at once, as it may when another process takes
        one of its two ports between the probe and the bind) is tried again on new ports.
        """
        binary = shutil.which("virtuoso-t")
        isql = shutil.which("isql-vt")
        if binary is None or isql is None:
            return None
        for _ in range(VIRTUOSO_ATTEMPTS - 1):
            try:
                return self._start_virtuoso(binary, isql)
            except RuntimeError:
                continue
        return self._start_virtuoso(binary, isql)

    def _start_virtuoso(self, binary: str, isql: str) -> str:
        sql_port = free_port()
        http_port = free_port()
        while http_port == sql_port:
            http_port = free_port()
        folder = self.root / f"virtuoso-{http_port}"
        folder.mkdir()
        ini = folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
        process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        url = f"http://127.0.0.1:{http_port}/sparql"
        try:
            _wait_for(url, process, 60)
        except RuntimeError as error:
            log = folder / "db.log"
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{error}; the end of its log:\n{tail}") from error
        grant = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
        subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={grant}"],
            check=True, capture_output=True, timeout=60,
        )
        return f"sparql:{url},{url}"

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()
