"""Recall, precision and time per page of ``nrgraph ingest`` on the five seed documents.

Recall: of the status changes and events the curated data cites to a seed document, the
share proposed from that document with the right subject, status and date (dates that can
agree: ``2008`` and ``2008-08``), or confirming that very fact; an event is found only by a
proposal that confirms it. Precision: of the proposals, the share that match a curated
fact (any citation) or are judged right in ``tests/ingest/judgements.json``. Time per page:
reading and proposing, per 3,000 characters, the graph already open.

The seeds are read from ``../shared/seeds/`` beside the checkout (a worktree also looks one
level up; ``NRGRAPH_SEEDS`` overrides).
Run: ``python bench/ingest.py``. The Hunter-Rogov proceedings (004) were kept out of tuning.
"""

from __future__ import annotations

import json
import os
import sys
import time
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
SELECT DISTINCT ?fact ?subject ?status ?date WHERE {
  ?fact nrg:citation/nrg:source ?source .
  { ?fact a nrg:StatusChange ; nrg:subject ?subject ; nrg:status ?status ; nrg:effective ?d }
  UNION { ?fact a/rdfs:subClassOf* nrg:Event ; nrg:date ?d }
  BIND(STR(?d) AS ?date)
}"""


def _judged() -> dict[str, bool]:
    if not JUDGEMENTS.is_file():
        return {}
    return {k: bool(v["right"]) for k, v in json.loads(JUDGEMENTS.read_text(encoding="utf-8")).items()}


def key(doc: str, p: Proposal) -> str:
    """The judgements file's key of a proposal."""
    what = p.subject or p.label or p.event_kind
    return f"{doc} {p.locator} {p.kind} {what} {p.status or ''} {p.effective or ''}".strip()


def matches(p: Proposal, fact: str, subject: str | None, status: str | None, day: FuzzyDate) -> bool:
    """Whether proposal ``p`` finds the curated ``fact``: it confirms that very fact, or (for a
    status change) it names the same subject and status on a date that can agree.

    An event has no subject or status: only a proposal that confirms it finds it (a proposal
    that merely shares its date does not). A proposal that *conflicts* with a fact names it in
    ``existing`` too, and does not find it.
    """
    if p.relation == "confirms" and fact in p.existing:
        return True
    return (
        subject is not None and p.subject == subject and p.status == status and p.effective is not None
        and overlaps(FuzzyDate.parse(p.effective), day)
    )


def main() -> int:
    if not SEEDS.is_dir():
        print(f"no seed documents at {SEEDS}; set NRGRAPH_SEEDS", file=sys.stderr)
        return 2
    from nrgraph.namespaces import DATA, PREFIXES  # noqa: F401

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
        cited = [r for r in kg.store.select(CITED.replace("?source .", f"<{DATA[source]}> ."), {})]
        found = 0
        for row in cited:
            fact, day = row["fact"].value, FuzzyDate.parse(row["date"].value)
            subject = row["subject"].value if "subject" in row else None
            status = row["status"].value.rsplit("#", 1)[-1] if "status" in row else None
            if any(matches(p, fact, subject, status, day) for p in proposals):
                found += 1
        right = sum(1 for p in proposals if p.relation == "confirms" or judged.get(key(prefix, p), False))
        pages = document.pages
        name = f"{prefix} {source}" + (" (held out)" if prefix == HELD_OUT else "")
        print(f"{name:<24} {found:>4}/{len(cited):<3} {_pc(found, len(cited)):>4} "
              f"{right:>4}/{len(proposals):<3} {_pc(right, len(proposals)):>4} {elapsed / pages:8.3f}")
        for i, value in enumerate((found, len(cited), right, len(proposals), elapsed, pages)):
            totals[i] += value
    t_found, t_cited, t_right, t_proposed, t_elapsed, t_pages = totals
    print(f"{'all':<24} {int(t_found):>4}/{int(t_cited):<3} {_pc(t_found, t_cited):>4} "
          f"{int(t_right):>4}/{int(t_proposed):<3} {_pc(t_right, t_proposed):>4} {t_elapsed / t_pages:8.3f}")
    if "--unjudged" in sys.argv:
        for prefix, (source, date) in DOCUMENTS.items():
            path = next(SEEDS.glob(f"{prefix}_*.txt"))
            for p in propose(read_document(path, date=FuzzyDate.parse(date)), known, source=source):
                if p.relation != "confirms" and key(prefix, p) not in judged:
                    print(json.dumps({key(prefix, p): {"right": None, "summary": p.summary(), "how": p.how}}))
    return 0


def _pc(a: float, b: float) -> str:
    return f"{100 * a / b:.0f}%" if b else "-"


if __name__ == "__main__":
    sys.exit(main())
