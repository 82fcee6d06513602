"""Every shape has a passing fixture (tests/fixtures/valid.ttl) and a failing one here."""

from __future__ import annotations

from pathlib import Path

import pytest

from nrgraph.errors import LoadError, ValidationFailed
from nrgraph.loading.files import load

from ..conftest import FIXTURES, ONTOLOGY

VALID = (FIXTURES / "valid.ttl").read_text(encoding="utf-8")


def _load(tmp_path: Path, text: str) -> None:
    path = tmp_path / "case.ttl"
    path.write_text(text, encoding="utf-8")
    load([ONTOLOGY, path])


def test_the_valid_fixture_passes_with_no_warnings() -> None:
    data = load([ONTOLOGY, FIXTURES / "valid.ttl"])
    assert data.warnings == ()


BROKEN = [
    # (what is broken, old text, new text, node, message fragment)
    ("label missing", 'rdfs:label "Russia"@en ;', "", "russia", "rdfs:label"),
    ("two labels", 'rdfs:label "NATO"@en ;', 'rdfs:label "NATO"@en, "OTAN"@fr ;', "nato", "exactly one"),
    ("no citation", 'nrg:role id:role-someone ;\n    nrg:citation [ nrg:source id:src-test ; nrg:locator "P2" ] .',
     "nrg:role id:role-someone .", "someone", "nrg:citation"),
    ("citation without locator", '[ nrg:source id:src-test ; nrg:locator "P4" ]', "[ nrg:source id:src-test ]",
     "office", "nrg:locator"),
    ("citation with empty locator", 'nrg:locator "P4"', 'nrg:locator ""', "office", "nrg:locator"),
    ("citation to a non-source", '[ nrg:source id:src-test ; nrg:locator "P4" ]',
     '[ nrg:source id:nato ; nrg:locator "P4" ]', "office", "nrg:source"),
    ("wording too long", 'nrg:wording "closed"', 'nrg:wording "' + "x" * 81 + '"', "sc-office-2021-terminated",
     "nrg:wording"),
    ("one endpoint", "nrg:endpoint id:nato, id:russia ;", "nrg:endpoint id:nato ;", "office", "two nrg:endpoint"),
    ("endpoint not an actor", "nrg:endpoint id:nato, id:russia ;", "nrg:endpoint id:nato, id:treaty ;", "office",
     "nrg:endpoint must name an nrg:Actor"),
    ("established by a non-agreement", "nrg:establishedBy id:treaty ;", "nrg:establishedBy id:nato ;", "office",
     "nrg:establishedBy"),
    ("one party", "nrg:party id:usa, id:russia ;", "nrg:party id:usa ;", "treaty", "two nrg:party"),
    ("change without subject", "nrg:subject id:treaty ;\n    nrg:status nrg:Active ;", "nrg:status nrg:Active ;",
     "sc-treaty-1990-active", "nrg:subject"),
    ("status outside the scheme", "nrg:status nrg:Active ;\n    nrg:effective \"2001-02\"",
     "nrg:status nrg:Channel ;\n    nrg:effective \"2001-02\"", "sc-office-2001-active", "nrg:status"),
    ("change without date", 'nrg:effective "1990"^^xsd:gYear ;', "", "sc-treaty-1990-active", "nrg:effective"),
    ("date of the wrong type", '"1990"^^xsd:gYear', '"1990"', "sc-treaty-1990-active", "nrg:effective"),
    ("unreadable date", '"2001-02"^^xsd:gYearMonth', '"2001-13"^^xsd:gYearMonth', "sc-office-2001-active",
     "month must be 01 to 12"),
    ("announced after effective", 'nrg:announced "2021-10-18"', 'nrg:announced "2021-11-18"',
     "sc-office-2021-terminated", "announced after it took effect"),
    ("two announced dates", 'nrg:announced "2021-10-18"^^xsd:date ;',
     'nrg:announced "2021-10-18"^^xsd:date, "2021-10-19"^^xsd:date ;', "sc-office-2021-terminated",
     "nrg:announced"),
    ("confidence above one", "nrg:confidence 0.5", "nrg:confidence 1.5", "sc-treaty-2007-suspended",
     "nrg:confidence"),
    ("cause not an event", "nrg:cause id:ev-expulsion ;", "nrg:cause id:treaty ;", "sc-office-2021-terminated",
     "nrg:cause"),
    ("party not an actor", "nrg:concernsParty id:russia ;", "nrg:concernsParty id:office ;",
     "sc-treaty-2007-suspended", "nrg:concernsParty"),
    ("event without date", 'nrg:date "2021-10-06"^^xsd:date ;', "", "ev-expulsion", "nrg:date"),
    ("participant not an actor", "nrg:participant id:nato, id:russia ;", "nrg:participant id:nato, id:office ;",
     "ev-expulsion", "nrg:participant"),
    ("source without title", 'dcterms:title "A test record" ;', "", "src-test", "dcterms:title"),
    ("source without creator or publisher", 'dcterms:publisher "Test publisher" ;', "", "src-test",
     "creator or a dcterms:publisher"),
    ("url not typed", '"https://example.org/test"^^xsd:anyURI', '"https://example.org/test"', "src-test", "nrg:url"),
    ("url with a space and >", '"https://example.org/test"', '"https://example.org/a test>"', "src-test", "nrg:url"),
    ("url not http", '"https://example.org/test"', '"javascript:alert(1)"', "src-test", "nrg:url"),
    ("negative sequence", "nrg:confidence 0.5", "nrg:confidence 0.5 ; nrg:sequence -1", "sc-treaty-2007-suspended",
     "nrg:sequence"),
    ("role without title", 'nrg:roleTitle "Secretary General" ;', "", "role-someone", "nrg:roleTitle"),
    ("member of a state", "nrg:memberOf id:nato ;", "nrg:memberOf id:russia ;", "usa", "nrg:memberOf"),
    ("undefined reference", "nrg:hostedBy id:russia ;", "nrg:hostedBy id:atlantis ;", "atlantis",
     "never defined"),
    ("derived triple curated", "nrg:effective \"1990\"^^xsd:gYear ;",
     'nrg:effective "1990"^^xsd:gYear ; nrg:effectiveEarliest "1990-01-01"^^xsd:date ;',
     "sc-treaty-1990-active", "derived at load time"),
    ("ambiguous same-day order", 'nrg:effective "2021-11-01"^^xsd:date ;\n    nrg:actor',
     'nrg:effective "2001-02"^^xsd:gYearMonth ;\n    nrg:actor', "sc-office", "nrg:sequence"),
    ("change after closure", 'nrg:effective "2001-02"^^xsd:gYearMonth', 'nrg:effective "2022-02"^^xsd:gYearMonth',
     "sc-office-2001-active", "closed the subject"),
]


@pytest.mark.parametrize(("old", "new", "node", "fragment"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_each_rule_rejects_its_failing_fixture(tmp_path: Path, old: str, new: str, node: str, fragment: str) -> None:
    assert old in VALID, "the mutation no longer matches the fixture"
    with pytest.raises(ValidationFailed) as caught:
        _load(tmp_path, VALID.replace(old, new, 1))
    errors = [p for p in caught.value.problems if p.severity == "error"]
    assert any(node in (p.node or "") and fragment in p.message for p in errors), errors
    assert all(p.file == str(tmp_path / "case.ttl") for p in errors)


def test_a_missing_description_is_a_warning_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "case.ttl"
    path.write_text(VALID.replace('dcterms:description "A treaty for tests."@en ;', ""), encoding="utf-8")
    data = load([ONTOLOGY, path])
    assert [w.node for w in data.warnings] == ["https://w3id.org/nrgraph/id/treaty"]


def test_a_repeated_status_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "case.ttl"
    path.write_text(VALID.replace("nrg:status nrg:Terminated", "nrg:status nrg:Active"), encoding="utf-8")
    data = load([ONTOLOGY, path])
    assert any("repeats the status" in w.message for w in data.warnings)


def test_malformed_turtle_reports_file_and_line(tmp_path: Path) -> None:
    lines = VALID.splitlines()
    lines[20] = lines[20] + " <<garbage"
    path = tmp_path / "broken.ttl"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load([ONTOLOGY, path])
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == (str(path), 21)
    assert str(problem).startswith(f"{path}:21: Turtle syntax error")


def test_every_syntax_error_of_every_file_is_reported(tmp_path: Path) -> None:
    for name in ("a.ttl", "b.ttl"):
        (tmp_path / name).write_text("@prefix x: <http://x/> .\nx:a x:b .\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load([tmp_path])
    assert sorted((Path(p.file or "").name, p.line) for p in caught.value.problems) == [("a.ttl", 2), ("b.ttl", 2)]
