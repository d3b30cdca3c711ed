"""The store's table of contents: which embedder built it and which documents it holds.

Written last and atomically by every ingest, so it is the truth a crashed run
is repaired against: chunks in Chroma that the manifest does not list are orphans.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

VERSION = 1


class Manifest:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.embedder: dict = {}
        self.docs: dict[str, dict] = {}
        self.generation = ""
        if path.exists():
            self._read()

    def _read(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            msg = f"{self.path}: unreadable store manifest ({exc}); restore it or re-ingest into a new --store"
            raise ValueError(msg) from exc
        self.apply(data)

    def apply(self, data: dict) -> "Manifest":
        """Take the contents of a published payload (read from a file or from the Chroma server)."""
        self.embedder = data.get("embedder", {})
        self.docs = data.get("docs", {})
        self.generation = data.get("generation", "")
        return self

    def payload(self) -> dict:
        return {"version": VERSION, "embedder": self.embedder, "generation": self.generation, "docs": self.docs}

    def mtime(self) -> float:
        try:
            return self.path.stat().st_mtime_ns
        except OSError:
            return 0

    def save(self, generation: str | None = None, path: Path | None = None) -> str:
        """Publish atomically; ``generation`` ties the manifest to the keyword index saved with it.

        ``path`` writes elsewhere (a writer's checkpoint) without publishing to readers.
        """
        self.generation = generation or uuid.uuid4().hex
        target = path or self.path
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(json.dumps(self.payload(), ensure_ascii=False, indent=1), encoding="utf-8")
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        return self.generation
