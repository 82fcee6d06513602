"""Linked Data: a page for every resource at ``/id/{slug}``, for people and for machines.

The public IRIs are ``https://w3id.org/nrgraph/id/{slug}``; w3id.org redirects them to a
deployment's ``/id/{slug}`` (README, "Linked Data"). One URL serves every representation:

- ``/id/{slug}`` answers by content negotiation (``Accept``): HTML for a browser, or Turtle,
  JSON-LD, N-Triples or RDF/XML, always ``200`` with ``Vary: Accept``, a ``Content-Location``
  naming the representation chosen and ``Link: rel="alternate"`` headers naming the others
  (no 303: the IRI is the w3id one, and ``/id/{slug}`` is already a document about it);
- ``/id/{slug}.ttl``, ``.jsonld``, ``.nt``, ``.rdf`` (and ``.html``) name one representation.

The RDF is the resource's concise bounded description
(:meth:`~nrgraph.knowledge_graph.KnowledgeGraph.describe`); the HTML page adds what a reader
needs around it: the status now and over time, the status changes with their dates as
recorded, causes, conflicting claims and citations, the related resources and the events.
An unknown slug is a 404 (HTML with suggestions, or the JSON error envelope).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from nrgraph.catalogue.resources import Resource, SearchHit
from nrgraph.errors import NrgraphError
from nrgraph.knowledge_graph import KnowledgeGraph
from nrgraph.namespaces import DATA, NRG, PREFIXES, RDFS
from nrgraph.network.palette import UNKNOWN_COLOUR, status_style
from nrgraph.status import Status
from nrgraph.temporal.model import Change, StatusPeriodRecord
from nrgraph.web.home import link
from nrgraph.web.html import document, text

__all__ = ["REPRESENTATIONS", "Representation", "negotiate", "rdf_document", "resource_page", "routes"]


@dataclass(frozen=True)
class Representation:
    """One way to serve a resource: its file suffix, media type and (for RDF) pyoxigraph format."""

    suffix: str
    media_type: str
    name: str
    rdf: ox.RdfFormat | None = None


REPRESENTATIONS: tuple[Representation, ...] = (
    Representation("html", "text/html", "HTML"),
    Representation("ttl", "text/turtle", "Turtle", ox.RdfFormat.TURTLE),
    Representation("jsonld", "application/ld+json", "JSON-LD", ox.RdfFormat.JSON_LD),
    Representation("nt", "application/n-triples", "N-Triples", ox.RdfFormat.N_TRIPLES),
    Representation("rdf", "application/rdf+xml", "RDF/XML", ox.RdfFormat.RDF_XML),
)
"""Every representation, the server's preference first (HTML when the client has none)."""
_BY_SUFFIX = {r.suffix: r for r in REPRESENTATIONS}
_ALIASES = {"application/json": "jsonld", "text/plain": "nt", "application/xml": "rdf", "application/xhtml+xml": "html"}


def negotiate(accept: str | None) -> Representation | None:
    """The representation ``accept`` prefers (q-values honoured; ties go to the server's order).

    None when it accepts none of them.

    >>> negotiate("text/turtle;q=0.9, application/ld+json").suffix
    'jsonld'
    >>> negotiate(None).suffix, negotiate("*/*").suffix, negotiate("image/png")
    ('html', 'html', None)
    """
    if not accept or not accept.strip():
        return REPRESENTATIONS[0]
    scores: dict[str, float] = {}
    for item in accept.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        media = media.lower()
        if media in ("*/*", "text/*", "application/*"):
            matched = [r.suffix for r in REPRESENTATIONS if media == "*/*" or r.media_type.startswith(media[:-1])]
        else:
            matched = [r.suffix for r in REPRESENTATIONS if r.media_type == media] or (
                [_ALIASES[media]] if media in _ALIASES else []
            )
        for suffix in matched:
            # a specific type outranks a wildcard with the same q
            score = quality - (0.0001 if "*" in media else 0.0)
            scores[suffix] = max(scores.get(suffix, 0.0), score)
    best = max((scores.get(r.suffix, 0.0) for r in REPRESENTATIONS), default=0.0)
    if best <= 0:
        return None
    return next(r for r in REPRESENTATIONS if scores.get(r.suffix, 0.0) == best)


def rdf_document(triples: Sequence[ox.Triple], representation: Representation) -> bytes:
    """``triples`` serialised as ``representation`` (an RDF one), with the project's prefixes."""
    if representation.rdf is None:
        raise ValueError(f"{representation.name} is not an RDF format")
    data = ox.serialize(list(triples), format=representation.rdf, prefixes=PREFIXES)
    if data is None:  # pyoxigraph returns None only when given an output file
        raise TypeError("pyoxigraph.serialize returned nothing")
    return data


# ---------------------------------------------------------------- the HTML page ----

_LABEL, _TYPE = str(RDFS.label), "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SHOWN_APART = {_LABEL, _TYPE, str(NRG.citation)}
_HIDDEN_FAMILIES = {"StatusPeriod"}


def _badge(status: Status | None, suffix: str = "") -> str:
    if status is None:
        return f'<span class="badge" style="--colour:{UNKNOWN_COLOUR}">unknown{text(suffix)}</span>'
    colour, line = status_style(status.value, status.top.value.lower())
    return (f'<span class="badge {line}" data-status="{text(status.value)}" style="--colour:{colour}">'
            f"{text(status.value)}{text(suffix)}</span>")


class _Page:
    """The HTML of one resource's page; reads what it shows through the facade."""

    def __init__(self, kg: KnowledgeGraph, resource: Resource, base: str, today: dt.date) -> None:
        self.kg, self.resource, self.base, self.today = kg, resource, base, today
        self.family = kg.family(resource.iri)
        self.inbound = kg.inbound(resource.iri)
        self.labels: dict[str, str] = {}

    def learn(self, iris: Iterable[str]) -> None:
        """Fetch the labels of ``iris`` (one query for all those not known yet)."""
        wanted = sorted({i for i in iris if i not in self.labels})
        for iri, found in zip(wanted, self.kg.resources(wanted), strict=True):
            self.labels[iri] = found.label if found is not None else iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def who(self, parties: Sequence[str | None]) -> str:
        named = [p for p in parties if p]
        return ", ".join(self.a(p) for p in named) + (f" ({len(named)} parties)" if len(named) > 2 else "")

    def a(self, iri: str) -> str:
        return link(iri, self.labels.get(iri, iri), self.base)

    def date(self, value: object) -> str:
        return f"<time>{text(value)}</time>" if value is not None else '<span class="muted">—</span>'

    # -- sections
    def head(self) -> str:
        r = self.resource
        kind = f"{self.family.type_label}" if self.family else "resource"
        if self.family and self.family.type_label.lower() != self.family.name.lower():
            kind += f" ({self.family.name.replace('StatusChange', 'status change').lower()})"
        aliases = f"<dt>Also called</dt><dd>{text(', '.join(r.aliases))}</dd>" if r.aliases else ""
        formats = " ".join(
            f'<a href="{text(r.slug)}.{f.suffix}" type="{text(f.media_type)}">{text(f.name)}</a>'
            for f in REPRESENTATIONS[1:]
        )
        return (
            f'<p class="kind">{text(kind)}</p><h1>{text(r.label)}</h1>'
            + (f"<p>{text(r.description)}</p>" if r.description else "")
            + f'<dl class="facts">{aliases}<dt>IRI</dt><dd class="iri">{text(r.iri)}</dd>'
            f'<dt>As data</dt><dd class="formats">{formats}</dd></dl>'
        )

    def status_now(self, periods: Sequence[StatusPeriodRecord]) -> str:
        now = self.kg.status_at(self.resource.iri, self.today)
        parties = sorted({p.party for p in periods if p.party})
        cells: dict[str, list[str]] = defaultdict(list)  # parties that stand alike share a row
        for party in parties:
            at = self.kg.status_at(self.resource.iri, self.today, party)
            cells[f"{_badge(at.status)} <span class=muted>({text(at.certainty.value)})</span>"].append(party)
        rows = [f"<tr><th scope=row>As a whole</th><td>{_badge(now.status)} <span class=muted>"
                f"({text(now.certainty.value)})</span></td></tr>"]
        rows += [f"<tr><th scope=row>For {self.who(group)}</th><td>{cell}</td></tr>" for cell, group in cells.items()]
        return (f"<h2>Status on {self.today.isoformat()}</h2><table><tbody>{''.join(rows)}</tbody></table>")

    def timeline(self, periods: Sequence[StatusPeriodRecord]) -> str:
        by_party: dict[str | None, list[StatusPeriodRecord]] = defaultdict(list)
        for period in periods:
            by_party[period.party].append(period)
        cells: dict[str, list[str | None]] = defaultdict(list)  # parties with the same history share a row
        for party in sorted(by_party, key=lambda p: (p is not None, self.labels.get(p or "", ""))):
            spells = "; ".join(
                f"{_badge(p.status)} from {self.date(p.start)}" + (f" to {self.date(p.end)}" if p.end else " on")
                for p in sorted(by_party[party], key=lambda p: p.start_earliest)
            )
            cells[spells if party is not None else f"whole:{spells}"].append(party)
        rows = [
            f"<tr><th scope=row>{'As a whole' if group == [None] else 'For ' + self.who(group)}</th>"
            f"<td>{cell.removeprefix('whole:')}</td></tr>"
            for cell, group in cells.items()
        ]
        return ("<h2>Timeline</h2><p class=muted>One row for the link as a whole and one for each party whose "
                f"history differs (parties alike share one).</p><table><tbody>{''.join(rows)}</tbody></table>")

    def change_block(self, change: Change, by_iri: dict[str, Change], heading: bool = True) -> str:
        title = (f"<h3>{self.a(change.iri)}: {_badge(change.status)}</h3>" if heading else "")
        facts = [
            ("Subject", self.a(change.subject)),
            ("Effective", f"{self.date(change.effective)} <span class=muted>(recorded to the "
                          f"{text(change.effective.precision.value)})</span>"),
            ("Announced", self.date(change.announced) + (
                f" <span class=muted>(recorded to the {text(change.announced.precision.value)})</span>"
                if change.announced else "")),
            ("Certainty", "definite" if change.confidence >= 1 else f"a claim, confidence {change.confidence:g}"),
        ]
        if change.parties:
            facts.append(("Parties concerned", ", ".join(self.a(p) for p in change.parties)))
        if change.actors:
            facts.append(("Decided by", ", ".join(self.a(p) for p in change.actors)))
        if change.causes:
            facts.append(("Causes", ", ".join(self.a(c) for c in change.causes)))
        dl = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts)
        conflicts = ""
        rivals = [by_iri[i] for i in change.conflicts_with if i in by_iri]
        if change.conflicts_with:
            sides = [change, *rivals]
            conflicts = "<h4>Conflicting claims, side by side</h4><div class=conflict>" + "".join(
                f"<div>{self.a(c.iri)}<br>{_badge(c.status)} effective {self.date(c.effective)}"
                f"<br><span class=muted>confidence {c.confidence:g}; "
                f"{len(c.citations)} citation{'s' if len(c.citations) != 1 else ''}</span></div>"
                for c in sides
            ) + "</div>"
        return f"{title}<dl class=facts>{dl}</dl>{conflicts}{self.citations_list(change.iri)}"

    def citations_list(self, fact: str) -> str:
        (found,) = self.kg.citations([fact])
        if not found:
            return ""
        sources = self.kg.resources([c.source for c in found])
        items = []
        for citation, source in zip(found, sources, strict=True):
            url = source.text(str(NRG.url)) if source else None
            where = f", {text(citation.locator)}" if citation.locator else ""
            items.append(
                f"<li>{link(citation.source, source.label if source else citation.source, self.base)}{where}"
                + (f' (<a href="{text(url)}" rel="external">source</a>)' if url else "")
                + (f"<blockquote>wording: “{text(citation.wording)}”</blockquote>" if citation.wording else "")
                + (f"<blockquote>note: {text(citation.note)}</blockquote>" if citation.note else "")
                + "</li>"
            )
        return f"<h4>Citations</h4><ul class=citations>{''.join(items)}</ul>"

    def link_sections(self) -> str:
        timeline = self.kg.timeline(self.resource.iri)
        periods = list(timeline.periods)
        changes = list(timeline.changes)
        self.learn([p.party for p in periods if p.party])
        self.learn(i for c in changes for i in (c.iri, c.subject, *c.parties, *c.actors, *c.causes))
        by_iri = {c.iri: c for c in changes}
        blocks = "".join(self.change_block(c, by_iri) for c in changes)
        return (self.status_now(periods) + self.timeline(periods)
                + f"<h2>Status changes ({len(changes)})</h2>{blocks or '<p>None recorded.</p>'}")

    def change_sections(self) -> str:
        subject = self.resource.iris(str(NRG.subject))
        if not subject:
            return ""
        changes = list(self.kg.timeline(subject[0]).changes)
        by_iri = {c.iri: c for c in changes}
        mine = by_iri.get(self.resource.iri)
        if mine is None:
            return ""
        self.learn(i for c in changes for i in (c.iri, c.subject, *c.parties, *c.actors, *c.causes))
        return "<h2>The change</h2>" + self.change_block(mine, by_iri, heading=False)

    def statements(self) -> str:
        r = self.resource
        predicates = sorted(p for p in r.values if p not in _SHOWN_APART)
        self.learn(predicates)
        self.learn(v.value for p in predicates for v in r.all(p) if isinstance(v, ox.NamedNode))
        rows = []
        for p in predicates:
            values = []
            for value in r.all(p):
                if isinstance(value, ox.NamedNode):
                    href = value.value
                    values.append(self.a(href) if href.startswith(str(DATA)) else
                                  f'<a href="{text(href)}" rel="external">{text(href)}</a>'
                                  if p == str(NRG.url) else text(self.labels.get(href, href)))
                else:
                    values.append(text(value.value))
            rows.append(f"<tr><th scope=row>{text(self.labels.get(p, p))}</th><td>{'<br>'.join(values)}</td></tr>")
        return f"<h2>Statements</h2><table><tbody>{''.join(rows)}</tbody></table>"

    def related(self) -> str:
        by_predicate: dict[str, list[str]] = defaultdict(list)
        for subject, predicate in self.inbound:
            by_predicate[predicate].append(subject)
        self.learn(by_predicate)
        self.learn(s for subjects in by_predicate.values() for s in subjects)
        families = self.kg.families(sorted({s for s, _ in self.inbound}))
        sections = []
        for predicate in sorted(by_predicate, key=lambda p: self.labels.get(p, p)):
            subjects = [s for s in by_predicate[predicate]
                        if s not in families or families[s].name not in _HIDDEN_FAMILIES]
            if not subjects:
                continue
            label = self.labels.get(predicate, predicate)
            name = "cited by" if predicate == str(NRG.citation) else f"is the {label} of"
            items = "".join(
                f"<li>{self.a(s)}"
                + (f" <span class=muted>({text(families[s].type_label)})</span>" if s in families else "")
                + "</li>" for s in sorted(subjects, key=lambda s: self.labels.get(s, s))
            )
            sections.append(f"<h3>{text(self.resource.label)} {text(name)} ({len(subjects)})</h3><ul>{items}</ul>")
        return "<h2>Related</h2>" + "".join(sections) if sections else ""

    def render(self) -> str:
        parts = [self.head()]
        name = self.family.name if self.family else ""
        if name in ("Channel", "Agreement"):
            parts.append(self.link_sections())
        elif name == "StatusChange":
            parts.append(self.change_sections())
        parts.append(self.statements())
        citations = self.citations_list(self.resource.iri)
        if citations:
            parts.append(citations.replace("<h4>", "<h2>").replace("</h4>", "</h2>"))
        parts.append(self.related())
        return document(self.resource.label, "\n".join(parts), base=self.base)


def resource_page(kg: KnowledgeGraph, resource: Resource, base: str = "../", today: dt.date | None = None) -> str:
    """The HTML page of ``resource``."""
    return _Page(kg, resource, base, today or dt.date.today()).render()


def not_found_page(kg: KnowledgeGraph, slug: str, base: str = "../") -> str:
    """The HTML of a 404 for ``/id/{slug}``, with the resources whose names come closest."""
    words = sorted({w for w in slug.replace("_", "-").split("-") if len(w) > 2}, key=lambda w: (-len(w), w))[:2]
    score: dict[str, int] = {}
    try:
        for word in words:  # the resources matching most of the slug's words first
            for hit in kg.search(word, limit=50):
                score[hit.iri] = score.get(hit.iri, 0) + 1
    except NrgraphError:  # a store too slow to search (its time limit): the 404 without suggestions
        score.clear()
    def likeness(iri: str) -> float:
        return difflib.SequenceMatcher(None, slug, iri.rsplit("/", 1)[-1]).ratio()

    ranked = sorted(score, key=lambda iri: (-score[iri], -likeness(iri)))[:10]
    found = kg.resources(ranked)
    hits = [SearchHit(iri, r.label if r else iri) for iri, r in zip(ranked, found, strict=True)]
    items = "".join(
        f"<li>{link(h.iri, r.label if r else h.matched, base)}</li>" for h, r in zip(hits, found, strict=True)
    )
    body = (f"<h1>No resource called “{text(slug)}”</h1><p>The graph has no resource with the IRI "
            f"<code>{text(DATA)}{text(slug)}</code>. Search for it with the box above"
            + (f", or try one of these:</p><ul>{items}</ul>" if items else ".</p>"))
    return document("Not found", body, base=base)


# ---------------------------------------------------------------- HTTP ----

def _split(name: str, kg: KnowledgeGraph) -> tuple[str, Representation | None]:
    """The slug and the representation named by a suffix (None: negotiate)."""
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix in _BY_SUFFIX:
        return stem, _BY_SUFFIX[suffix]
    return name, None


def _alternates(slug: str) -> str:
    return ", ".join(f'<{slug}.{r.suffix}>; rel="alternate"; type="{r.media_type}"' for r in REPRESENTATIONS)


async def resource_endpoint(request: Request) -> Response:
    """``GET /id/{slug}[.ttl|.jsonld|.nt|.rdf|.html]``."""
    kg: KnowledgeGraph = request.app.state.kg
    slug, chosen = _split(request.path_params["name"], kg)
    negotiated = chosen is None
    chosen = chosen or negotiate(request.headers.get("accept"))
    headers = {"Vary": "Accept"} if negotiated else {}
    if chosen is None:
        offered = ", ".join(r.media_type for r in REPRESENTATIONS)
        return JSONResponse({"error": {"code": "NOT_ACCEPTABLE", "message": (
            f"no representation matches Accept: {request.headers.get('accept')!r}; offered: {offered}, "
            "or a suffix: " + ", ".join(f".{r.suffix}" for r in REPRESENTATIONS))}}, status_code=406, headers=headers)
    iri = f"{DATA}{slug}"
    try:
        (resource,) = await run_in_threadpool(kg.resources, [iri])
    except NrgraphError as error:  # a slug that makes no IRI (spaces, '<')
        resource = None
        message = str(error)
    else:
        message = f"no resource has the IRI {iri}; search for it at /search?q=..."
    if resource is None:
        if chosen.rdf is None:
            return HTMLResponse(await run_in_threadpool(not_found_page, kg, slug), status_code=404, headers=headers)
        return JSONResponse({"error": {"code": "NOT_FOUND", "message": message}}, status_code=404, headers=headers)
    headers["Link"] = _alternates(slug)
    if negotiated:
        headers["Content-Location"] = f"{slug}.{chosen.suffix}"
    if chosen.rdf is None:
        return HTMLResponse(await run_in_threadpool(resource_page, kg, resource), headers=headers)
    triples = await run_in_threadpool(kg.describe, iri)
    body = rdf_document(triples, chosen)
    media = chosen.media_type + ("; charset=utf-8" if chosen.suffix in ("ttl", "nt") else "")
    return Response(body, media_type=media, headers=headers)


def routes() -> list[BaseRoute]:
    """The Linked Data routes, for :func:`nrgraph.web.app.create_app`."""
    return [Route("/id/{name:path}", resource_endpoint, methods=["GET", "HEAD"])]
