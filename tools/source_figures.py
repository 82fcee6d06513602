"""Count the curated sources by kind and the web citations with a precise locator.

Run: python tools/source_figures.py [DATA_DIR]   (default: the repository's data/)

A source is a seed document (no URL) or a web page, and a web page is one of four kinds, read
from its address: official (a government, NATO, a parliament, a treaty text), research (an
institute or a scholar), mirror (a wiki mirror, an aggregator or repost, an archived tweet, a
site of a disinformation network) or press (everything else). A web citation has a precise
locator when it names a paragraph, item, article, section or sentence rather than the whole
page ("article", "page", "statement" and the like).
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import Graph, Namespace, URIRef

NRG = Namespace("https://w3id.org/nrgraph/ontology#")
DATA = Path(__file__).resolve().parents[1] / "data"

OFFICIAL = (
    "nato.int",
    "state.gov",
    "webarchive.library.unt.edu",
    "reagan.utexas.edu",
    "parliament.uk",
    "otan.delegfrance.org",
    "honvedelem.hu",
    "presidency.ucsb.edu",
    "wikisource.org",
    "docs.cntd.ru",
    "commonlii.org",
    "admin.ch",
    "archive.li",
)
RESEARCH = (
    "csis.org",
    "jamestown.org",
    "europeanleadershipnetwork.org",
    "fas.org",
    "bits.de",
    "russianforces.org",
    "usc.edu",
    "uscnpm.org",
    "atlanticcouncil.org",
    "nonproarchive.com",
    "eurodialogue.eu",
    "slideshare.net",
)
MIRROR = (
    "wikimili.com",
    "studentb.eu",
    "wikibin.org",
    "michaelbommarito.com",
    "lfwp.net",
    "newssummedup.com",
    "antibellum679354512.wordpress.com",
    "polititweet.org",
    "legitgov.org",
    "republicbroadcasting.org",
    "friendsofsyria.wordpress.com",
    "ficamontpellier.org",
    "wikipedia.org",
    "particle.news",
    "pledgetimes.com",
    "washingtonnewsday.com",
    "djazairess.com",
    "news-pravda.com",
    "news-front.su",
    "russialist.org",
    "globalsecurity.org",
    "retronewser.com",
    "thesop.org",
)
KINDS = ("seed", "official", "research", "press", "mirror")
VAGUE = {
    "article",
    "page",
    "statement",
    "text",
    "remarks",
    "q&a",
    "title",
    "press release",
    "answer",
    "summary",
    "record",
    "tweet",
    "fact sheet",
    "list of agreements",
}


def kind(url: str) -> str:
    """The kind of a web source, from the host of its address."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    for name, hosts in (("mirror", MIRROR), ("official", OFFICIAL), ("research", RESEARCH)):
        if any(host == h or host.endswith("." + h) for h in hosts):
            return name
    return "press"


def figures(data: Path) -> tuple[dict[str, list[int]], int, int]:
    """Per kind: [sources, sources cited, citations]; then web citations and those with a precise locator."""
    graph = Graph()
    for path in sorted(data.glob("*.ttl")):
        graph.parse(path)
    kinds: dict[str, list[int]] = {name: [0, 0, 0] for name in KINDS}
    kind_of: dict[URIRef, str] = {}
    for node in graph.subjects(predicate=None, object=NRG.Source):
        if isinstance(node, URIRef):
            url = graph.value(node, NRG.url)
            kind_of[node] = "seed" if url is None else kind(str(url))
            kinds[kind_of[node]][0] += 1
    cited: set[URIRef] = set()
    web = precise = 0
    for citation in graph.objects(None, NRG.citation):
        cited_source = graph.value(citation, NRG.source)
        if not isinstance(cited_source, URIRef) or cited_source not in kind_of:
            continue
        kinds[kind_of[cited_source]][2] += 1
        cited.add(cited_source)
        if kind_of[cited_source] != "seed":
            web += 1
            precise += str(graph.value(citation, NRG.locator)).strip().lower() not in VAGUE
    for cited_source in cited:
        kinds[kind_of[cited_source]][1] += 1
    return kinds, web, precise


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    kinds, web, precise = figures(data)
    sys.stdout.write("kind\tsources\tcited\tcitations\n")
    for name, (sources, cited, citations) in kinds.items():
        sys.stdout.write(f"{name}\t{sources}\t{cited}\t{citations}\n")
    share = 100 * precise / web if web else 0.0
    sys.stdout.write(f"web citations with a precise locator\t{precise} of {web} ({share:.0f}%)\n")


if __name__ == "__main__":
    main()
