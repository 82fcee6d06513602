"""Regenerate src/nrgraph/namespaces.py's NRG class body from ontology/nrgraph.ttl.

Run: python tools/gen_namespace.py  (prints the annotated attribute lines to paste)
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, URIRef

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "nrgraph.ttl"
BASE = "https://w3id.org/nrgraph/ontology#"


def main() -> None:
    graph = Graph().parse(ONTOLOGY)
    terms = sorted(
        {str(s)[len(BASE):] for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(BASE)}
    )
    for term in terms:
        comment = graph.value(URIRef(BASE + term), URIRef("http://www.w3.org/2000/01/rdf-schema#comment"))
        sys.stdout.write(f"    {term}: URIRef  # {str(comment)[:70]}\n")


if __name__ == "__main__":
    main()
