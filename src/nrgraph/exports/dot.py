"""Graphviz DOT: ``write_dot`` and ``read_dot``, a pair that round-trips the projection.

The graph is undirected (``graph``, edges ``--``): a channel or an agreement joins its actors
symmetrically.

Every id and value is a quoted string, so IRIs (with their colons and slashes) are safe. The
writer adds drawing attributes, which the reader drops again: edges are coloured by
``status_top`` (the colours of :data:`nrgraph.network.palette.STATUS_COLOURS`), dashed unless
active, and nodes are labelled with their ``label``. ``dot -Tsvg`` draws the file as it is.
"""

from __future__ import annotations

import warnings

import networkx as nx
import pydot

from nrgraph.errors import InvalidInput
from nrgraph.network.palette import STATUS_COLOURS, UNKNOWN_COLOUR

__all__ = ["DRAWING_ATTRIBUTES", "read_dot", "write_dot"]

DRAWING_ATTRIBUTES = frozenset({"color", "fontcolor", "style", "penwidth", "shape", "tooltip"})
"""Attributes the writer adds for drawing and the reader drops."""


def _quote(value: object) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def _attributes(attrs: dict[str, object]) -> str:
    return ", ".join(f"{_quote(k)}={_quote(v)}" for k, v in attrs.items())


def write_dot(G: nx.MultiDiGraph) -> bytes:
    """``G`` as an undirected DOT graph (UTF-8): links are symmetric, so ``--`` and no arrows."""
    lines = [f"graph {_quote(G.graph.get('name', 'nrgraph'))} {{"]
    graph_attrs = {k: v for k, v in G.graph.items() if k != "name"}
    if graph_attrs:
        lines.append(f"  graph [{_attributes(graph_attrs)}];")
    lines.append('  node [shape="box", style="rounded", fontname="Helvetica"];')
    lines.append('  edge [fontname="Helvetica", fontsize="9"];')
    for node, attrs in sorted(G.nodes(data=True)):
        lines.append(f"  {_quote(node)} [{_attributes(dict(attrs))}];")
    for source, target, key, attrs in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        drawing = {
            "color": STATUS_COLOURS.get(str(attrs.get("status_top", "")), UNKNOWN_COLOUR),
            "style": "solid" if attrs.get("status_top") == "active" else "dashed",
            "tooltip": f"{attrs.get('label', key)}: {attrs.get('status', '')}",
        }
        lines.append(f"  {_quote(source)} -- {_quote(target)} [{_attributes({'key': key, **attrs, **drawing})}];")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def read_dot(text: bytes | str) -> nx.MultiDiGraph:
    """The graph of a DOT graph written by :func:`write_dot` (drawing attributes dropped).

    Each edge runs from the actor whose IRI sorts first, as in the projection.
    """
    source = text.decode("utf-8") if isinstance(text, bytes) else text
    with warnings.catch_warnings():
        # pydot 4 still calls pyparsing's camelCase names, which pyparsing 3.3 deprecates.
        warnings.simplefilter("ignore", DeprecationWarning)
        parsed = pydot.graph_from_dot_data(source)
    if not parsed:
        raise InvalidInput("the DOT text does not parse as a graph")
    dot = parsed[0]
    graph = nx.MultiDiGraph(name=_unquote(str(dot.get_name())))
    for name, value in dot.get_attributes().items():
        graph.graph[_unquote(name)] = _unquote(str(value))
    for node in dot.get_nodes():
        name = _unquote(node.get_name())
        if name == "graph" and node.get_name() == "graph":
            graph.graph.update(_plain(node.get_attributes()))
            continue
        if node.get_name() in {"node", "edge"}:
            continue
        graph.add_node(name, **_plain(node.get_attributes()))
    for edge in dot.get_edges():
        attrs = _plain(edge.get_attributes())
        key = attrs.pop("key")
        ends = sorted((_unquote(str(edge.get_source())), _unquote(str(edge.get_destination()))))
        graph.add_edge(*ends, key=key, **attrs)
    return graph


def _plain(attrs: dict[str, object]) -> dict[str, str]:
    plain = {_unquote(k): _unquote(str(v)) for k, v in attrs.items()}
    return {k: v for k, v in plain.items() if k not in DRAWING_ATTRIBUTES}


def _unquote(value: str) -> str:
    text = str(value)
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        text = text[1:-1]
        out = []
        chars = iter(text)
        for char in chars:
            if char == "\\":
                nxt = next(chars, "")
                out.append({"n": "\n", '"': '"', "\\": "\\"}.get(nxt, "\\" + nxt))
            else:
                out.append(char)
        return "".join(out)
    return text
