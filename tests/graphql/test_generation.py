"""What the API keeps per data version: one owner, forgotten at once; responses counted in bytes."""

from __future__ import annotations

import pytest

from nrgraph import KnowledgeGraph, Settings
from nrgraph.graphql.generation import Entry, Generations, ResponseCache


def _entry(n: int) -> Entry:
    return (200, f"body {n}".encode(), f'W/"{n}"', [])


def test_the_cache_holds_responses_within_its_bytes() -> None:
    one = len(_entry(0)[1]) + 2 + ResponseCache.OVERHEAD  # body, key text, overhead
    cache = ResponseCache(2 * one + one // 2)
    for n in range(3):
        cache.put(("q", n), _entry(n))
    assert len(cache) == 2
    assert cache.get(("q", 0)) is None
    assert cache.get(("q", 2)) == _entry(2)
    assert cache.get(("q", 1)) == _entry(1)
    assert cache.hits == 2


def test_a_cache_of_no_bytes_keeps_nothing() -> None:
    cache = ResponseCache(0)
    cache.put(("q", 1), _entry(1))
    assert len(cache) == 0
    assert cache.get(("q", 1)) is None


def test_an_answer_over_the_largest_size_is_never_kept_and_the_cache_stays_within_its_bytes() -> None:
    cache = ResponseCache(1 << 20, largest=1 << 16)
    cache.put(("big",), (200, b"x" * (1 << 17), "", []))
    assert cache.get(("big",)) is None
    for n in range(200):
        cache.put(("q", n), (200, b"y" * 20_000, "", []))
    assert 0 < cache.size <= 1 << 20
    assert len(cache) < 200


def test_a_generation_lasts_as_long_as_its_data_version(fixture_kg: KnowledgeGraph) -> None:
    generations = Generations(Settings(graphql_cache_bytes=1 << 20))
    first = generations.of(fixture_kg)
    assert first.version == fixture_kg.version
    assert first.records is not None
    assert generations.of(fixture_kg) is first
    first.responses.put(("q",), _entry(1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(KnowledgeGraph, "version", property(lambda _: "changed"))
        second = generations.of(fixture_kg)
        assert second is not first
        assert second.records is not first.records
        assert second.responses.get(("q",)) is None
        assert generations.of(fixture_kg) is second


def test_without_a_version_nothing_is_kept_between_requests(fixture_kg: KnowledgeGraph) -> None:
    generations = Generations(Settings(graphql_cache_bytes=1 << 20))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(KnowledgeGraph, "version", property(lambda _: ""))
        first = generations.of(fixture_kg)
        first.responses.put(("q",), _entry(1))
        assert first.responses.get(("q",)) is None
        assert generations.of(fixture_kg) is not first


def test_without_the_record_cache_each_request_reads_its_own(fixture_kg: KnowledgeGraph) -> None:
    assert Generations(Settings(graphql_record_cache=False)).of(fixture_kg).records is None
