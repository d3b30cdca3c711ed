"""Questions during a re-ingest are answered; a second writer is refused by the lock."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from assistant.services import Services
from assistant.settings import Settings
from eval.bench.synthetic import SyntheticCorpus
from vectorstore.store_lock import StoreBusy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def corpus(tmp_path):
    docs = tmp_path / "docs"
    questions = SyntheticCorpus(seed=5).write(docs, 2500)
    return docs, questions


def test_questions_during_reingest_and_second_writer_refused(tmp_path, corpus):
    docs, questions = corpus
    settings = Settings(store=tmp_path / "store", embedder="hash")
    Services(settings).indexer(progress=False).ingest([docs])
    for f in sorted(docs.glob("*.txt"))[::2]:
        f.write_text(f.read_text(encoding="utf-8") + "\n新增条款：园区年度考核。", encoding="utf-8")
    writer = Services(settings)
    errors: list[BaseException] = []
    done = threading.Event()

    def reingest():
        try:
            writer.indexer(progress=False).ingest([docs])
        except BaseException as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)
        finally:
            done.set()

    reader = Services(settings)
    reader.pipeline.ask(questions[0].question)  # models and tables load before the race starts, not during it
    thread = threading.Thread(target=reingest)
    thread.start()
    answered = refused_second = 0
    while not done.is_set() or answered < 5:
        q = questions[answered % len(questions)]
        answer = reader.pipeline.ask(q.question)
        assert answer.answer
        answered += 1
        if not done.is_set() and not refused_second:
            with pytest.raises(StoreBusy, match="another ingest"):
                Services(settings).indexer(progress=False).ingest([docs])
            refused_second = 1
    thread.join()
    assert not errors and answered >= 5 and refused_second


def test_cli_second_ingest_exits_with_a_clear_message(tmp_path, corpus):
    docs, _ = corpus
    store = tmp_path / "store"
    from vectorstore.store_lock import StoreLock

    store.mkdir()
    with StoreLock(store):
        result = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(docs), "--store", str(store), "--embedder", "hash"],
                                capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 2
    assert "another ingest is writing this store" in result.stderr.strip().splitlines()[-1]
