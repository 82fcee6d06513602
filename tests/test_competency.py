"""The competency questions: what analysts ask of the dataset, answered through the public API.

Each question in ``tests/competency_questions.json`` is data: the question, the call and the
expected answer. They cover the October 2021 rupture and its trigger, the 2008 and 2014
freezes, the arms-control treaties, succession, fallbacks, per-party status and the edge
cases of date precision.
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
import pytest

from nrgraph import KnowledgeGraph
from nrgraph.namespaces import DATA, PREFIXES

from .conftest import ROOT

QUESTIONS: list[dict[str, Any]] = json.loads((ROOT / "tests" / "competency_questions.json").read_text("utf-8"))


def _slug(iri: str) -> str:
    return iri[len(str(DATA)):] if iri.startswith(str(DATA)) else iri


def _iri(curie: str) -> ox.NamedNode:
    prefix, local = curie.split(":", 1) if ":" in curie and not curie.startswith("http") else ("id", curie)
    return ox.NamedNode(PREFIXES[prefix] + local)


def test_there_are_at_least_25_questions_of_every_kind() -> None:
    assert len(QUESTIONS) >= 25
    assert {q["kind"] for q in QUESTIONS} == {"status_at", "survived", "timeline", "triple"}
    assert len({q["id"] for q in QUESTIONS}) == len(QUESTIONS)


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_competency_question(kg: KnowledgeGraph, question: dict[str, Any]) -> None:
    args, expect = question["args"], question["expect"]
    kind = question["kind"]
    if kind == "status_at":
        answer = kg.status_at(args["subject"], args["date"], args.get("party"))
        assert answer.status is not None, question["question"]
        assert answer.status.value == expect["status"], question["question"]
        if "certainty" in expect:
            assert answer.certainty.name == expect["certainty"], question["question"]
    elif kind == "survived":
        report = kg.survived(args["period"], kind=args.get("kind"))
        casualties = {_slug(s.subject) for s in report.casualties}
        survivors = {_slug(s.subject) for s in report.survivors}
        assert set(expect.get("casualties_include", [])) <= casualties, question["question"]
        assert set(expect.get("survivors_include", [])) <= survivors, question["question"]
    elif kind == "timeline":
        timeline = kg.timeline(args["subject"])
        assert [c.status.value for c in timeline.changes] == expect["statuses"], question["question"]
    else:
        present = kg.store.ask(
            "ASK { ?s ?p ?o }", {"s": _iri(args["s"]), "p": _iri(args["p"]), "o": _iri(args["o"])}
        )
        assert present is expect["present"], question["question"]
