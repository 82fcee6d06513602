"""Settings, declared once.

Every setting is a :class:`Setting` in :data:`SETTINGS`; it feeds ``nrgraph --help-settings``,
the environment (``NRGRAPH_<NAME>``, read once by :meth:`Settings.from_env`) and a docs test
that checks each one is described in docs/settings.md.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nrgraph.errors import InvalidInput

__all__ = [
    "BUNDLED_DIR",
    "ENV_PREFIX",
    "PROJECT_ROOT",
    "SETTINGS",
    "STATE_DIR",
    "STATIC_DIR",
    "TEMPLATES_DIR",
    "Setting",
    "Settings",
]

ENV_PREFIX = "NRGRAPH_"
PACKAGE_DIR = Path(__file__).resolve().parent

BUNDLED_DIR = PACKAGE_DIR / "bundled"
"""Where an installed wheel carries its own copy of ``ontology/`` and ``data/`` (see ``setup.py``)."""


def _project_root() -> Path:
    checkout = PACKAGE_DIR.parents[1]
    return checkout if (checkout / "ontology" / "nrgraph.ttl").is_file() else BUNDLED_DIR


PROJECT_ROOT = _project_root()
"""The folder that holds ``ontology/`` and ``data/``: the checkout when nrgraph runs from one
(installed editable), else the copy bundled in the installed package."""

STATE_DIR = (
    PROJECT_ROOT / "var"
    if PROJECT_ROOT != BUNDLED_DIR
    else Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "nrgraph"
)
"""Where nrgraph writes what it keeps (the audit log): ``var/`` in a checkout, the user's state
folder (``$XDG_STATE_HOME/nrgraph``) for an installed package, never inside the package."""

CACHE_DIR = (
    PROJECT_ROOT / "var" / "cache"
    if PROJECT_ROOT != BUNDLED_DIR
    else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nrgraph"
)
"""Where the CLI keeps the loaded store between commands: ``var/cache/`` in a checkout, the
user's cache folder (``$XDG_CACHE_HOME/nrgraph``) for an installed package."""

STATIC_DIR = PACKAGE_DIR / "web" / "static"
"""The browser assets nrgraph serves itself (``make assets`` copies them there from npm)."""

TEMPLATES_DIR = PACKAGE_DIR / "web" / "templates"
"""The HTML pages the web layer and the SPARQL explorer fill in."""


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default and a sentence of help."""

    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", "Interface the server listens on."),
    Setting("port", 8000, "TCP port the server listens on (PORT is read too)."),
    Setting("workers", 1, "Number of uvicorn worker processes."),
    Setting("store", "memory", "Where the data lives: memory, oxigraph:PATH or sparql:QUERY_URL[,UPDATE_URL]."),
    Setting("ontology_dir", str(PROJECT_ROOT / "ontology"), "Folder with the ontology and the SHACL shapes."),
    Setting("data_dir", str(PROJECT_ROOT / "data"), "Folder with the curated Turtle data."),
    Setting("production", False, "Mask error details and hide debugging aids."),
    Setting("cors_origins", "", "Comma-separated origins allowed to call the API from a browser."),
    Setting("graphql_ide", True, "Serve GraphiQL at /graphql to browsers."),
    Setting("graphql_introspection", True, "Answer GraphQL introspection queries (__schema, __type)."),
    Setting("graphql_max_depth", 10, "Deepest GraphQL selection nesting allowed."),
    Setting("graphql_max_aliases", 15, "Most aliases one GraphQL query may use."),
    Setting("graphql_max_tokens", 2000, "Most tokens one GraphQL query may have."),
    Setting("graphql_max_cost", 5000, "Highest estimated number of objects one GraphQL query may return."),
    Setting("graphql_max_body", 65536, "Largest GraphQL request body, in bytes."),
    Setting("sparql_timeout", 10.0, "Seconds a SPARQL query may run before it is stopped."),
    Setting("sparql_max_rows", 10000, "Most result rows (or triples) a SPARQL query returns; more are cut and marked."),
    Setting("sparql_max_query_bytes", 100000, "Longest SPARQL query accepted, in bytes (UTF-8)."),
    Setting("sparql_federation", False, "Allow SERVICE and FROM of graphs this server does not hold (off: refused)."),
    Setting("sparql_workers", 2, "Worker processes that evaluate SPARQL queries (each is killed at the time limit)."),
    Setting("graphql_record_cache", True, "Keep what GraphQL read from the store until the data changes."),
    Setting("graphql_compile", True, "Compile GraphQL queries answered without errors into Python code."),
    Setting("audit_dir", str(STATE_DIR / "audit"), "Folder of the append-only audit log of edits."),
    Setting("edit_token", "", "Token that allows edits through the API, as NAME:TOKEN or TOKEN (none: read-only)."),
    Setting("edit_token_file", "", "File of edit tokens, one NAME:TOKEN per line (none: read-only)."),
    # ---- HTTP server limits (nrgraph.web.limits) ----
    Setting("http_header_timeout", 10.0, "Seconds a client has to send a request's line and headers (then 408)."),
    Setting("http_body_timeout", 30.0, "Seconds a client has to send a request's body after its headers (then 408)."),
    Setting("http_max_header_bytes", 65536, "Longest request line plus headers, in bytes (longer: 431)."),
    Setting("http_max_connections", 256, "Open connections (or running requests) per worker before 503."),
    Setting("http_keep_alive_timeout", 5, "Seconds an idle keep-alive connection stays open."),
    # ingest: reading new documents into proposals (issue 20)
    Setting("proposals_dir", str(STATE_DIR / "proposals"), "Folder of the proposals read from new documents."),
    Setting("ingest_max_bytes", 20_000_000, "Largest document 'nrgraph ingest' reads, in bytes."),
    # SPARQL hardening: base IRI, nesting, memory and concurrency limits
    Setting("sparql_base_iri", "", "Base IRI of relative IRIs in SPARQL queries (empty: the URL requested)."),
    Setting("sparql_max_depth", 64, "Deepest nesting of groups, parentheses, brackets in a SPARQL query (<= 256)."),
    Setting("sparql_worker_memory_mb", 1024, "Memory in MB one SPARQL query may take in its worker (0: no limit)."),
    Setting("sparql_queue_wait", 1.0, "Seconds a SPARQL query waits for a free worker before a 429."),
    Setting("sparql_client_queries", 2, "SPARQL queries one client address may have in progress at once (more: 429)."),
    # ---- GraphQL hardening: the byte budget of every cache on the request path, the response cap
    Setting(
        "graphql_cache_bytes",
        67_108_864,
        "Bytes the GraphQL caches may hold together: half for responses (none above 1/16 of the budget), "
        "a quarter each for parsed-and-validated documents and compiled plans (0 turns them off).",
    ),
    Setting("graphql_response_cache", True, "Keep the answers to repeated GraphQL queries (in graphql_cache_bytes)."),
    Setting("graphql_max_response_bytes", 8_388_608, "Largest GraphQL response body in bytes (larger: refused)."),
    Setting(
        "graphql_network_workers",
        1,
        "Worker processes that answer the GraphQL network analyses on an embedded store (0: the server's threads).",
    ),
    Setting("graphql_network_timeout", 10.0, "Seconds a GraphQL network analysis may wait and run."),
    # one-answer-interfaces: the CLI's store cache
    Setting("cache_dir", str(CACHE_DIR), "Folder where CLI commands keep the loaded store, by digest (off: none)."),
)


def _cast(setting: Setting, raw: str) -> Any:
    default = setting.default
    if isinstance(default, bool):
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off", ""}:
            return False
        raise InvalidInput(f"Setting {setting.name!r} has value {raw!r}. Not a valid bool (use true or false).")
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise InvalidInput(f"Setting {setting.name!r} has value {raw!r}. Not a valid integer.") from None
    if isinstance(default, float):
        try:
            return float(raw)
        except ValueError:
            raise InvalidInput(f"Setting {setting.name!r} has value {raw!r}. Not a valid number.") from None
    return raw


@dataclass(frozen=True)
class Settings:
    """The settings in force; build it with :meth:`from_env` or directly in tests."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    store: str = "memory"
    ontology_dir: str = str(PROJECT_ROOT / "ontology")
    data_dir: str = str(PROJECT_ROOT / "data")
    production: bool = False
    cors_origins: str = ""
    graphql_ide: bool = True
    graphql_introspection: bool = True
    graphql_max_depth: int = 10
    graphql_max_aliases: int = 15
    graphql_max_tokens: int = 2000
    graphql_max_cost: int = 5000
    graphql_max_body: int = 65536
    sparql_timeout: float = 10.0
    sparql_max_rows: int = 10000
    sparql_max_query_bytes: int = 100000
    sparql_federation: bool = False
    sparql_workers: int = 2
    graphql_record_cache: bool = True
    graphql_compile: bool = True
    audit_dir: str = str(STATE_DIR / "audit")
    edit_token: str = dataclasses.field(default="", repr=False)
    edit_token_file: str = ""
    # ---- HTTP server limits (nrgraph.web.limits) ----
    http_header_timeout: float = 10.0
    http_body_timeout: float = 30.0
    http_max_header_bytes: int = 65536
    http_max_connections: int = 256
    http_keep_alive_timeout: int = 5
    # ingest
    proposals_dir: str = str(STATE_DIR / "proposals")
    ingest_max_bytes: int = 20_000_000
    # SPARQL hardening
    sparql_base_iri: str = ""
    sparql_max_depth: int = 64
    sparql_worker_memory_mb: int = 1024
    sparql_queue_wait: float = 1.0
    sparql_client_queries: int = 2
    # ---- GraphQL hardening ----
    graphql_cache_bytes: int = 67_108_864
    graphql_response_cache: bool = True
    graphql_max_response_bytes: int = 8_388_608
    graphql_network_workers: int = 1
    graphql_network_timeout: float = 10.0
    cache_dir: str = str(CACHE_DIR)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read ``NRGRAPH_*`` variables (and ``PORT``), then apply non-None overrides."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = env.get(ENV_PREFIX + setting.name.upper())
            if raw is None and setting.name == "port":
                raw = env.get("PORT")
            if raw is not None:
                values[setting.name] = _cast(setting, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def replace(self, **changes: Any) -> Settings:
        """A copy with some settings changed."""
        return dataclasses.replace(self, **changes)

    @property
    def sparql_base(self) -> str:
        """The base IRI of a SPARQL query run outside a request (``nrgraph sparql``).

        ``sparql_base_iri`` if set, else the URL ``nrgraph serve`` answers ``/sparql`` at.
        """
        return self.sparql_base_iri or f"http://{self.host}:{self.port}/sparql"

    @property
    def source_paths(self) -> tuple[Path, Path]:
        """The ontology and data folders."""
        return (Path(self.ontology_dir), Path(self.data_dir))
