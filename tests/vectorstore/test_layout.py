"""The store takes chunks and vectors and knows no file formats (issue 12, item 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
import json, pkgutil, importlib, sys
import vectorstore
for info in pkgutil.walk_packages(vectorstore.__path__, "vectorstore."):
    importlib.import_module(info.name)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("ingest", "assistant", "eval"))))
"""


def test_vectorstore_imports_nothing_from_ingest_or_above():
    """Every vectorstore module imported in a fresh interpreter pulls in no ingest/assistant/eval module."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_indexer_lives_above_ingest_and_vectorstore():
    """The orchestration that reads files and writes the store belongs to the application layer."""
    from assistant.indexing import Indexer

    assert Indexer.__module__ == "assistant.indexing.indexer"
    assert not (ROOT / "vectorstore" / "indexer.py").exists()
