"""The installed package: a wheel built from the checkout, installed into a fresh venv, works
from any folder with the ontology and data it carries, and still reads NRGRAPH_DATA_DIR."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from .conftest import FIXTURES, ROOT
from .servers import nrgraph_serve

pytestmark = pytest.mark.slow


def clean_environment(**extra: str) -> dict[str, str]:
    """This process's environment without what points at the checkout (PYTHONPATH, NRGRAPH_*)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NRGRAPH_") and k != "PYTHONPATH"}
    return {**environ, **extra}


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel built from this checkout installed (dependencies from the registry)."""
    base = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(base / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (base / "dist").glob("nrgraph-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(base / "venv")], check=True)
    subprocess.run(
        [str(base / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        env=clean_environment(),
    )
    return base / "venv"


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working folder far from the checkout."""
    return tmp_path


def run(venv: Path, *args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(venv / "bin" / "nrgraph"), *args],
        cwd=cwd,
        env=clean_environment(**(env or {})),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_installed_package_imports_from_the_venv_not_the_checkout(venv: Path, elsewhere: Path) -> None:
    code = "import nrgraph.config as c; print(c.PROJECT_ROOT == c.BUNDLED_DIR, c.PROJECT_ROOT)"
    out = subprocess.run(
        [str(venv / "bin" / "python"), "-c", code],
        cwd=elsewhere,
        env=clean_environment(),
        capture_output=True,
        text=True,
    ).stdout
    assert out.startswith("True"), out
    assert str(venv) in out


def test_survived_answers_from_the_bundled_data(venv: Path, elsewhere: Path) -> None:
    out = run(venv, "survived", "2021-10", cwd=elsewhere)
    assert "nato-information-office-moscow" in out
    assert "survivors" in out


def test_the_sparql_gallery_is_in_the_package(venv: Path, elsewhere: Path) -> None:
    listing = run(venv, "sparql", "--list-examples", cwd=elsewhere)
    assert "survived-october-2021" in listing
    answer = run(venv, "sparql", "--example", "survived-october-2021", cwd=elsewhere)
    assert "id:" in answer


def test_the_data_dir_setting_still_points_elsewhere(venv: Path, elsewhere: Path) -> None:
    out = run(venv, "stats", cwd=elsewhere, env={"NRGRAPH_DATA_DIR": str(FIXTURES / "valid.ttl")})
    bundled = run(venv, "stats", cwd=elsewhere)
    assert out != bundled


@pytest.fixture
def served(venv: Path, elsewhere: Path) -> Iterator[str]:
    with nrgraph_serve(command=[str(venv / "bin" / "nrgraph")], environ=clean_environment(), cwd=elsewhere) as base:
        yield base


def test_serve_answers_graphql_and_sparql_from_any_folder(served: str) -> None:
    query = '{ survived(period: "2021-10") { casualties { subject { slug } } } }'
    survived = httpx2.post(f"{served}/graphql", json={"query": query}, timeout=30)
    assert survived.status_code == 200, survived.text
    assert "nato-information-office-moscow" in survived.text
    sparql = httpx2.get(
        f"{served}/sparql",
        params={"query": "ASK { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert sparql.json()["boolean"] is True
