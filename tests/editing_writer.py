"""A writer process for the durability tests: applies edits and prints ``ACK <iri>`` for each.

Usage: ``python tests/editing_writer.py ROOT TAG COUNT [THREADS]``; ROOT holds ``data/`` and
``audit/`` (see ``tests/editing_support.py``). Edits alternate between new actors and new
sources, so that two files change. Each line is flushed as soon as :meth:`Editor.apply`
returns: a line printed is an edit acknowledged.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from nrgraph import Settings, open_graph
from nrgraph.editing import AddActor, AddSource, CitationInput, Edit, Editor

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"


def edit(tag: str, number: int) -> Edit:
    slug = f"{tag}-{number}"
    if number % 2:
        return AddSource(f"src-{slug}", f"Source {slug}", f"Record {slug}", publisher="Durability test")
    return AddActor(slug, "state", f"State {slug}", CitationInput("src-test", f"p. {number}"))


def main() -> None:
    root, tag, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    settings = Settings(ontology_dir=str(ONTOLOGY), data_dir=str(root / "data"), audit_dir=str(root / "audit"))
    editor = Editor.from_settings(open_graph(settings=settings), settings)
    output = threading.Lock()

    def work(worker: int) -> None:
        for number in range(worker, count, threads):
            result = editor.apply(edit(tag, number), who=f"writer-{tag}", request_id=f"{tag}-{number}")
            with output:
                sys.stdout.write(f"ACK {result.iri}\n")
                sys.stdout.flush()

    pool = [threading.Thread(target=work, args=(worker,)) for worker in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()


if __name__ == "__main__":
    main()
