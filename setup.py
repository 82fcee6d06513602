"""Build step that pyproject.toml cannot declare: a wheel carries the ontology and the data.

``ontology/`` and ``data/`` stay at the root of the repository (they are the project's, not
the code's); a built wheel gets a copy under ``nrgraph/bundled/`` so that an installed
``nrgraph`` serves and answers from any folder (``nrgraph.config.PROJECT_ROOT``). An editable
install reads them from the checkout instead and copies nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLED = ("ontology", "data")


class BuildWithData(build_py):
    """``build_py``, then the ontology and data copied into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        root = Path(__file__).resolve().parent
        for name in BUNDLED:
            target = Path(self.build_lib) / "nrgraph" / "bundled" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(root / name, target, ignore=shutil.ignore_patterns("*.md"))


setup(cmdclass={"build_py": BuildWithData})
