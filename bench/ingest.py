"""Recall, precision and time per page of ``nrgraph ingest`` on the five seed documents.

Recall: of the status changes and events the curated data cites to a seed document, the
share proposed from that document with the right subject, status and date (dates that can
agree: ``2008`` and ``2008-08``), or confirming that very fact; an event is found by a
proposal that confirms it, or by an event of its kind on a date that can agree in a paragraph
it is cited to. Precision: of the proposals, the share that match a curated
fact (any citation) or are judged right in ``tests/ingest/judgements.json`` (a judgement
overrides: a confirmation judged wrong counts wrong). Time per page:
reading and proposing, per 3,000 characters, the graph already open.

The seeds are read from ``../shared/seeds/`` beside the checkout (a worktree also looks one
level up; ``NRGRAPH_SEEDS`` overrides).
Run: ``python bench/ingest.py``; ``--misses 003`` lists what was missed in a document and what
was proposed in those paragraphs, and the proposals not counted right. The Hunter-Rogov
proceedings (004) were kept out of tuning.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from nrgraph.fuzzydate import FuzzyDate
from nrgraph.ingest import Known, propose, read_document
from nrgraph.ingest.known import overlaps
from nrgraph.ingest.proposals import Proposal
from nrgraph.knowledge_graph import open_graph

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("NRGRAPH_SEEDS") or next(
    (p for p in (ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds") if p.is_dir()),
    ROOT.parent / "shared" / "seeds",
))
DOCUMENTS = {
    "000": ("src-nadtochey-2023", "2023"),
    "001": ("src-eln-liia-2021", "2021-06"),
    "002": ("src-ivanov-2011", "2011"),
    "003": ("src-rmr-blog-2011-2014", "2014"),
    "004": ("src-hunter-rogov-2004", "2004"),
}
HELD_OUT = "004"
JUDGEMENTS = ROOT / "tests" / "ingest" / "judgements.json"
CITED = """
PREFIX nrg: <https://w3id.org/nrgraph/ontology#>
SELECT ?fact ?subject ?status ?date (SAMPLE(?c) AS ?class) (SAMPLE(?l) AS ?label)
       (GROUP_CONCAT(DISTINCT ?locator; SEPARATOR=", ") AS ?locators) WHERE {
  ?fact nrg:citation ?citation . ?citation nrg:source ?source .
  OPTIONAL { ?citation nrg:locator ?locator }
  { ?fact a nrg:StatusChange ; nrg:subject ?subject ; nrg:status ?status ; nrg:effective ?d }
  UNION { ?fact a ?c ; nrg:date ?d . ?c rdfs:subClassOf* nrg:Event . OPTIONAL { ?fact rdfs:label ?l } }
  BIND(STR(?d) AS ?date)
}
GROUP BY ?fact ?subject ?status ?date"""


def _judged() -> dict[str, bool]:
    if not JUDGEMENTS.is_file():
        return {}
    return {k: bool(v["right"]) for k, v in json.loads(JUDGEMENTS.read_text(encoding="utf-8")).items()}


def key(doc: str, p: Proposal) -> str:
    """The judgements file's key of a proposal."""
    what = p.subject or p.label or p.event_kind
    return f"{doc} {p.locator} {p.kind} {what} {p.status or ''} {p.effective or ''}".strip()


def matches(p: Proposal, fact: Fact) -> bool:
    """Whether proposal ``p`` finds the curated ``fact``: it confirms that very fact, or (for a
    status change) it names the same subject and status on a date that can agree.

    An event has no subject or status: the issue's "right subject, status and date" is, for an
    event, its kind and date. A proposal finds it when it confirms it, or when it proposes an
    event of the same kind (a summit is a meeting) on a date that can agree in a paragraph the
    event is cited to: "summit, June 2021" in the paragraph the data cites for the Geneva
    summit found it even when the graph matched it to another summit that month. A proposal
    that merely shares the date elsewhere does not; one that *conflicts* with a fact names it
    in ``existing`` too, and does not find it.
    """
    if p.relation == "confirms" and fact.iri in p.existing:
        return True
    if p.effective is None or not overlaps(FuzzyDate.parse(p.effective), fact.date):
        return False
    if fact.subject is None:
        return p.kind == "event" and _same_kind(p.event_kind, fact.kind) and p.locator in fact.paragraphs()
    return p.subject == fact.subject and p.status == fact.status


def _same_kind(proposed: str | None, curated: str | None) -> bool:
    """Whether an event proposal's kind is the curated event's (a summit is a meeting at the top)."""
    meetings = {"meeting", "summit"}
    return proposed == curated or (proposed in meetings and curated in meetings)


@dataclass(frozen=True)
class Fact:
    """A status change or an event the curated data cites to a seed document."""

    iri: str
    date: FuzzyDate
    subject: str | None
    status: str | None
    kind: str | None
    label: str | None
    locators: str

    def __str__(self) -> str:
        what = f"{_short(self.subject)} {self.status}" if self.subject else f"{self.kind} {self.label!r}"
        return f"{_short(self.iri)}: {what} {self.date} at {self.locators or '?'}"

    def paragraphs(self) -> set[str]:
        """The paragraph locators of its citations ("P3-P5, P7" gives P3, P4, P5, P7)."""
        found = set()
        for first, last in re.findall(r"P(\d+)(?:\s*[-–]\s*P?(\d+))?", self.locators):
            found |= {f"P{n}" for n in range(int(first), int(last or first) + 1)}
        return found


def cited(kg: object, source: str) -> list[Fact]:
    """The facts the curated data cites to ``source``."""
    from nrgraph.namespaces import DATA

    rows = kg.store.select(CITED.replace("?source .", f"<{DATA[source]}> ."), {})  # type: ignore[attr-defined]
    return [
        Fact(
            r["fact"].value, FuzzyDate.parse(r["date"].value),
            r["subject"].value if "subject" in r else None,
            r["status"].value.rsplit("#", 1)[-1] if "status" in r else None,
            r["class"].value.rsplit("#", 1)[-1].lower() if "class" in r else None,
            r["label"].value if "label" in r else None,
            r["locators"].value if "locators" in r else "",
        )
        for r in rows
    ]


def main() -> int:
    if not SEEDS.is_dir():
        print(f"no seed documents at {SEEDS}; set NRGRAPH_SEEDS", file=sys.stderr)
        return 2
    misses = sys.argv[sys.argv.index("--misses") + 1] if "--misses" in sys.argv else None
    if misses == HELD_OUT and "--show-held-out" not in sys.argv:
        print(f"{HELD_OUT} is held out of tuning: its misses are shown only with --show-held-out", file=sys.stderr)
        return 2
    kg = open_graph()
    known = Known.from_graph(kg)
    judged = _judged()
    totals: list[float] = [0, 0, 0, 0, 0.0, 0.0]
    print(f"{'doc':<24} {'recall':>12} {'precision':>12} {'s/page':>8}")
    for prefix, (source, date) in DOCUMENTS.items():
        path = next(SEEDS.glob(f"{prefix}_*.txt"))
        started = time.perf_counter()
        document = read_document(path, date=FuzzyDate.parse(date))
        proposals = propose(document, known, source=source)
        elapsed = time.perf_counter() - started
        facts = cited(kg, source)
        found = [f for f in facts if any(matches(p, f) for p in proposals)]
        right = [p for p in proposals if judged.get(key(prefix, p), p.relation == "confirms" or any(
            matches(p, f) for f in facts))]
        pages = document.pages
        name = f"{prefix} {source}" + (" (held out)" if prefix == HELD_OUT else "")
        print(f"{name:<24} {len(found):>4}/{len(facts):<3} {_pc(len(found), len(facts)):>4} "
              f"{len(right):>4}/{len(proposals):<3} {_pc(len(right), len(proposals)):>4} {elapsed / pages:8.3f}")
        for i, value in enumerate((len(found), len(facts), len(right), len(proposals), elapsed, pages)):
            totals[i] += value
        if misses == prefix:
            _show_misses(prefix, [f for f in facts if f not in found], [p for p in proposals if p not in right],
                         proposals, judged)
    t_found, t_cited, t_right, t_proposed, t_elapsed, t_pages = totals
    print(f"{'all':<24} {int(t_found):>4}/{int(t_cited):<3} {_pc(t_found, t_cited):>4} "
          f"{int(t_right):>4}/{int(t_proposed):<3} {_pc(t_right, t_proposed):>4} {t_elapsed / t_pages:8.3f}")
    if "--unjudged" in sys.argv:
        for prefix, (source, date) in DOCUMENTS.items():
            if prefix == HELD_OUT and "--show-held-out" not in sys.argv:
                continue
            path = next(SEEDS.glob(f"{prefix}_*.txt"))
            facts = cited(kg, source)
            for p in propose(read_document(path, date=FuzzyDate.parse(date)), known, source=source):
                if p.relation != "confirms" and key(prefix, p) not in judged and not any(matches(p, f) for f in facts):
                    print(json.dumps({key(prefix, p): {"right": None, "summary": p.summary(), "how": p.how}}))
    return 0


def _show_misses(
    prefix: str, missed: list[Fact], wrong: list[Proposal], proposals: list[Proposal], judged: dict[str, bool],
) -> None:
    """Each missed fact with what was proposed in its paragraphs; each proposal not counted right."""
    print(f"\n{len(missed)} missed in {prefix}:")
    for fact in sorted(missed, key=lambda f: sorted(f.paragraphs()) or [""]):
        print(f"- {fact}")
        for p in (p for p in proposals if p.locator in fact.paragraphs()):
            print(f"    proposed {p.locator}: {p.summary()} [{p.relation} {', '.join(map(_short, p.existing))}] "
                  f"- {p.how}")
    print(f"\n{len(wrong)} not counted right in {prefix}:")
    for p in wrong:
        verdict = "judged wrong" if key(prefix, p) in judged else "unjudged"
        print(f"- {p.locator} {p.summary()} [{p.relation} {', '.join(map(_short, p.existing))}; {verdict}] "
              f"- {p.how} - {p.wording!r}")
    print()


def _short(iri: str | None) -> str:
    return str(iri).rsplit("/", 1)[-1]


def _pc(a: float, b: float) -> str:
    return f"{100 * a / b:.0f}%" if b else "-"


if __name__ == "__main__":
    sys.exit(main())
