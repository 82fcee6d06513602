"""Reading the ontology and the data: parse, derive, validate, all or nothing.

:func:`load` parses every Turtle file, in Rust, into a fresh pyoxigraph store, each file into
its own named graph (``graph:data/channels`` for ``data/channels.ttl``), derives the date
bounds, slugs and status periods into ``graph:derived`` there, and validates the result with
the SHACL shapes and the history rules. Any problem raises :class:`~nrgraph.errors.LoadError`
listing every problem found; a caller never sees a half-loaded dataset, and no quad becomes
a Python object unless the SHACL validation needs it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from nrgraph.errors import LoadError, Problem, ValidationFailed
from nrgraph.loading.derivation import derive_into, file_of
from nrgraph.loading.validation import validate
from nrgraph.namespaces import DERIVED_GRAPH, GRAPH, META_GRAPH
from nrgraph.store.memory import MemoryStore
from nrgraph.temporal.corpus import Corpus

__all__ = ["LoadedData", "digest", "find_files", "graph_name", "load", "parse_files", "parse_into"]

SHAPES_SUFFIX = "shapes.ttl"
_DERIVED = ox.NamedNode(str(DERIVED_GRAPH))
_NOT_CURATED = {str(DERIVED_GRAPH), str(META_GRAPH)}


@dataclass(frozen=True)
class LoadedData:
    """A parsed, derived and validated dataset, ready to put in a store.

    ``dataset`` is a pyoxigraph store holding every file's graph and ``graph:derived``,
    never written once loaded: an embedded store takes it over as it is, others copy it.
    """

    dataset: ox.Store = field(compare=False, repr=False)
    files: tuple[Path, ...]
    digest: str
    warnings: tuple[Problem, ...] = ()
    corpus: Corpus | None = field(default=None, compare=False, repr=False)
    """The status changes read while deriving, kept for the temporal index (None: read them again)."""

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad], derived: Iterable[ox.Quad] = (), digest: str = "") -> LoadedData:
        """Data made in Python (tests, benchmarks): curated ``quads`` and their ``derived`` quads."""
        dataset = ox.Store()
        dataset.bulk_extend(quads)
        dataset.bulk_extend(derived)
        return cls(dataset=dataset, files=(), digest=digest)

    @cached_property
    def quads(self) -> tuple[ox.Quad, ...]:
        """The curated quads (ontology and data), file by file."""
        found: list[ox.Quad] = []
        for graph in self.dataset.named_graphs():
            if graph.value not in _NOT_CURATED:
                found.extend(self.dataset.quads_for_pattern(None, None, None, graph))
        found.extend(self.dataset.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        return tuple(found)

    @cached_property
    def derived(self) -> tuple[ox.Quad, ...]:
        """The quads derived at load (``graph:derived``)."""
        return tuple(self.dataset.quads_for_pattern(None, None, None, _DERIVED))

    def __len__(self) -> int:
        """The curated and derived quads (and the manifest, once written)."""
        return len(self.dataset)

    def all_quads(self) -> Iterable[ox.Quad]:
        """The curated quads, then the derived ones."""
        yield from self.quads
        yield from self.derived


def find_files(paths: Sequence[Path | str]) -> tuple[list[Path], list[Path]]:
    """Expand folders into their ``*.ttl`` files, sorted; split off the SHACL shapes files."""
    data: list[Path] = []
    shapes: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(path.rglob("*.ttl"))
        elif path.exists():
            found = [path]
        else:
            raise LoadError([Problem(f"no such file or folder: {path}", file=str(path))])
        for file in found:
            (shapes if file.name.endswith(SHAPES_SUFFIX) else data).append(file)
    return data, shapes


def graph_name(path: Path) -> ox.NamedNode:
    """The named graph of one file: ``graph:<folder>/<stem>``."""
    return ox.NamedNode(str(GRAPH[f"{path.parent.name}/{path.stem}"]))


def parse_files(
    files: Sequence[Path], *, into_graphs: bool = True, overrides: Mapping[Path, bytes] | None = None
) -> list[ox.Quad]:
    """Parse Turtle files into quads; raise :class:`LoadError` naming ``file:line`` of every syntax error.

    ``overrides`` maps a file to the content to parse instead of what is on disk (an edit
    being checked before it is written).
    """
    dataset = ox.Store()
    parse_into(dataset, files, into_graphs=into_graphs, overrides=overrides)
    return list(dataset)


def parse_into(
    dataset: ox.Store,
    files: Sequence[Path],
    *,
    into_graphs: bool = True,
    overrides: Mapping[Path, bytes] | None = None,
) -> None:
    """Parse Turtle files straight into ``dataset`` (each into its graph), in Rust.

    Raises :class:`LoadError` naming ``file:line`` of every syntax error; ``dataset`` may then
    hold part of the files and must be thrown away.
    """
    problems: list[Problem] = []
    for file in files:
        graph = graph_name(file) if into_graphs else ox.DefaultGraph()
        content = overrides.get(file) if overrides else None
        try:
            if content is not None:
                dataset.bulk_load(content, format=ox.RdfFormat.TURTLE, to_graph=graph)
            else:
                dataset.bulk_load(path=str(file), format=ox.RdfFormat.TURTLE, to_graph=graph)
        except SyntaxError as error:
            problems.append(Problem(_syntax_message(error), file=str(file), line=error.lineno))
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(f"cannot read the file: {error}", file=str(file)))
    if problems:
        raise LoadError(problems)


def _syntax_message(error: SyntaxError) -> str:
    message = str(error.msg)
    # pyoxigraph says "Parser error between line L column C and ...: reason"; keep the reason.
    reason = message.split(": ", 1)[1] if message.startswith("Parser error") and ": " in message else message
    column = f" (column {error.offset})" if error.offset else ""
    return f"Turtle syntax error{column}: {reason}"


def digest(files: Iterable[Path], overrides: Mapping[Path, bytes] | None = None) -> str:
    """A content hash of the files, which changes whenever any of them changes."""
    hasher = hashlib.sha256()
    for file in sorted(files):
        hasher.update(file.name.encode())
        hasher.update(b"\0")
        content = overrides.get(file) if overrides else None
        hasher.update(content if content is not None else file.read_bytes())
        hasher.update(b"\0")
    return hasher.hexdigest()


def _with_paths(problems: list[Problem], files: Sequence[Path]) -> list[Problem]:
    """Name the files as the user gave them, not by their graph names."""
    paths = {file_of(graph_name(f)): str(f) for f in files}
    return [replace(p, file=paths.get(p.file, p.file)) if p.file else p for p in problems]


def load(
    paths: Sequence[Path | str], *, check: bool = True, overrides: Mapping[Path, bytes] | None = None
) -> LoadedData:
    """Parse, derive and (unless ``check`` is false) validate the given files and folders.

    The files are parsed straight into a fresh pyoxigraph store and derived there (see
    :func:`~nrgraph.loading.derivation.derive_into`); the quads cross into Python only for the SHACL
    validation. Raises :class:`LoadError` for files that cannot be read or parsed and
    :class:`ValidationFailed` for data that breaks the shapes or the history rules; in both
    cases nothing is returned, so nothing half-loaded can reach a store. ``overrides`` maps
    data files (existing or new) to the content to load instead of what is on disk.
    """
    data_files, shape_files = find_files(paths)
    if overrides:
        data_files += [file for file in overrides if file not in data_files]
    dataset = ox.Store()
    parse_into(dataset, data_files, overrides=overrides)
    view = MemoryStore()
    view.replace(dataset)
    corpus = Corpus.from_store(view)
    problems = derive_into(dataset, corpus)
    loaded = LoadedData(dataset=dataset, files=tuple(data_files), digest=digest([*data_files, *shape_files], overrides))
    if check:
        shapes = parse_files(shape_files, into_graphs=False)
        problems.extend(validate(loaded.quads, loaded.derived, shapes))
    problems = _with_paths(problems, data_files)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ValidationFailed(problems)
    return replace(loaded, warnings=tuple(p for p in problems if p.severity != "error"), corpus=corpus)
