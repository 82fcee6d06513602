"""``nrgraph serve``: arguments and the port are checked before anything is announced."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from click.testing import CliRunner

from nrgraph.cli.main import cli
from nrgraph.web.app import ENDPOINTS

from ..conftest import FIXTURES, ONTOLOGY

ENV = {**os.environ, "NRGRAPH_DATA_DIR": str(FIXTURES / "valid.ttl"), "NRGRAPH_ONTOLOGY_DIR": str(ONTOLOGY)}


def test_a_port_out_of_range_is_refused_before_anything() -> None:
    result = CliRunner().invoke(cli, ["serve", "--port", "99999"])
    assert result.exit_code == 2
    assert "99999 is not in the range 1<=x<=65535" in result.output
    assert "serving on" not in result.output


def test_a_taken_port_fails_before_serving_on_is_printed() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port)], env=ENV)
    assert result.exit_code == 1
    assert f"cannot serve on 127.0.0.1:{port}" in result.output
    assert "serving on" not in result.output


def test_the_banner_lists_the_endpoints() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "nrgraph", "serve", "--port", str(port)],
        env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert server.stderr is not None
        lines = [server.stderr.readline() for _ in range(1 + len(ENDPOINTS))]
    finally:
        server.terminate()
        server.wait(timeout=15)
        if server.stderr:
            server.stderr.close()
    assert lines[0].strip() == f"nrgraph serving on http://127.0.0.1:{port}"
    for (path, _), line in zip(ENDPOINTS, lines[1:], strict=True):
        assert f"http://127.0.0.1:{port}{path}" in line
