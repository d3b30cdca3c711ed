"""kill -9 the ingest at random points: the index opens, nothing is duplicated or orphaned, the next run completes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from assistant.services import Services
from assistant.settings import Settings
from eval.bench.synthetic import SyntheticCorpus

TRIALS = 10
LEASE = 2.0  # server mode: a short write lease, so each trial's killed writer stops blocking quickly
ROOT = Path(__file__).resolve().parents[2]


def _ingest_cmd(docs: Path, store: Path) -> list[str]:
    return [sys.executable, "-m", "assistant.cli", "ingest", str(docs), "--store", str(store), "--embedder", "hash"]


def _check(store: Path, chroma_url: str = "") -> int:
    """The store opens and is consistent; returns its chunk count.

    In server mode ``store`` is a fresh empty folder: a new replica must see exactly
    what the server vouches for, never a killed run's chunks.
    """
    services = Services(Settings(store=store, embedder="hash", chroma_url=chroma_url))
    snap = services.store.snapshot()
    docs = {d["doc_id"]: d for d in services.store.documents()}
    assert snap.keyword.live_ids() == set(snap.chunks)
    per_doc = Counter(c.meta["doc_id"] for c in snap.chunks.values())
    for doc_id, record in docs.items():
        assert per_doc[doc_id] == record["chunks"], "a listed document must have exactly its chunks"
    assert set(per_doc) <= set(docs)
    return len(snap.chunks)


def _check_apart(store: Path, chroma_url: str = "") -> int:
    """``_check`` in a process of its own: embedded Chroma has segfaulted reading a store right after a
    kill -9 (upstream chroma-core/chroma#7766); that must fail this test, not end the whole test run."""
    code = f"from pathlib import Path; from tests.reliability.test_crash_safety import _check; print(_check(Path({str(store)!r}), {chroma_url!r}))"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, f"the store did not open consistently after a kill (exit {done.returncode}): {done.stderr[-1500:]}"
    return int(done.stdout.strip().splitlines()[-1])


@pytest.fixture(params=["embedded", "server"])
def mode(request) -> str:
    """The embedded store, or a real `chroma run` that new replicas (empty --store folders) read from."""
    return request.getfixturevalue("chroma_server") if request.param == "server" else ""


@pytest.mark.slow
def test_kill_nine_at_random_points(tmp_path, mode):
    docs = tmp_path / "docs"
    SyntheticCorpus(seed=3).write(docs, 4000)
    store = tmp_path / "store"
    rng = random.Random(11)
    env = dict(os.environ, PYTHONPATH=str(ROOT), POLICYQA_CHROMA_URL=mode, POLICYQA_WRITE_LEASE=str(LEASE))
    trials = TRIALS if not mode else TRIALS // 2
    killed_midway = 0
    for trial in range(trials):
        if trial and trial % 2 == 0:  # give the next run real work: a third of the files change
            for f in sorted(docs.glob("*.txt"))[trial % 3 :: 3]:
                f.write_text(f.read_text(encoding="utf-8") + f"\n补充说明第{trial}次修订。", encoding="utf-8")
        proc = subprocess.Popen(_ingest_cmd(docs, store), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(3.5, 9.0))
        killed_midway += proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if mode:
            time.sleep(LEASE + 0.5)  # the killed writer's lease runs out; then the next run may write
            _check_apart(tmp_path / f"replica-{trial}", mode)
        elif (store / "manifest.json").exists():
            _check_apart(store)
    final = subprocess.run(_ingest_cmd(docs, store), env=env, capture_output=True, text=True, timeout=600)
    assert final.returncode == 0, final.stderr[-2000:]
    count = _check_apart(tmp_path / "replica-final" if mode else store, mode)
    services = Services(Settings(store=tmp_path / "replica-last" if mode else store, embedder="hash", chroma_url=mode))
    assert len(services.store.documents()) == len(list(docs.glob("*.txt")))
    assert services.store.chroma.count() == count
    print(f"crash trials ({'server' if mode else 'embedded'}): {killed_midway}/{trials} killed mid-run, all consistent")
    assert killed_midway >= trials // 2
