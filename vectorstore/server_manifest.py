"""The published manifest kept in the Chroma server, so replicas need no shared folder.

A manifest is written as parts under its generation, and then one marker record
is switched to that generation: readers follow the marker, so they see the
previous manifest or the next one, never a mix. The marker is also what replicas
poll (one small ``get``); the parts are read only when it changed. Parts of the
previous generation are kept, so a reader that read the marker just before a
publish can still read its parts.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from vectorstore.manifest import Manifest

log = logging.getLogger(__name__)
MANIFEST_COLLECTION = "policyqa_manifest"
MARKER = "current"
CLEAN = "clean"
PART_CHARS = 200_000
_DUMMY = [0.0]


class ServerManifest:
    """Same interface as ``FileManifest``: latest, stamp, publish and the clean mark."""

    def __init__(self, client, path: Path) -> None:
        self._col = client.get_or_create_collection(MANIFEST_COLLECTION, embedding_function=None)
        self.path = path

    def _meta(self, record_id: str) -> dict:
        found = self._col.get(ids=[record_id], include=["metadatas"])
        return (found["metadatas"][0] or {}) if found["ids"] else {}

    def stamp(self) -> str:
        """The published generation: the cheap poll replicas make to notice a change."""
        return self._meta(MARKER).get("generation", "")

    def latest(self, attempts: int = 3) -> Manifest:
        """The published manifest (empty when nothing was ever published); retried if a publish overtakes the read."""
        manifest = Manifest(self.path.with_name(self.path.name + ".absent"))
        manifest.path = self.path
        for _ in range(attempts):
            marker = self._meta(MARKER)
            if not marker:
                return manifest
            ids = [f"{marker['generation']}:{i}" for i in range(int(marker["parts"]))]
            found = self._col.get(ids=ids, include=["documents"])
            parts = dict(zip(found["ids"], found["documents"]))
            if len(parts) == len(ids):
                return manifest.apply(json.loads("".join(parts[i] for i in ids)))
            log.info("manifest %s was replaced while it was read; reading the newer one", marker["generation"][:8])
        raise RuntimeError("the Chroma server's manifest kept changing while it was read; retry")

    def publish(self, manifest: Manifest, generation: str) -> None:
        """Parts first, then the marker (the one atomic switch), then parts older than the previous generation go."""
        previous = self.stamp()
        manifest.generation = generation
        text = json.dumps(manifest.payload(), ensure_ascii=False)
        parts = [text[i : i + PART_CHARS] for i in range(0, len(text), PART_CHARS)] or [""]
        ids = [f"{generation}:{i}" for i in range(len(parts))]
        self._col.add(ids=ids, embeddings=[_DUMMY] * len(ids), documents=parts, metadatas=[{"kind": "part", "generation": generation}] * len(ids))
        self._col.upsert(ids=[MARKER], embeddings=[_DUMMY], metadatas=[{"kind": "marker", "generation": generation, "parts": len(ids)}])
        found = self._col.get(where={"kind": "part"}, include=["metadatas"])
        stale = [i for i, m in zip(found["ids"], found["metadatas"]) if m.get("generation") not in (generation, previous)]
        if stale:
            self._col.delete(ids=stale)

    def clean_mark(self) -> str:
        """The generation the last writer published and then finished cleanly (see ``PolicyStore.begin_write``)."""
        return self._meta(CLEAN).get("generation", "")

    def set_clean_mark(self, generation: str) -> None:
        if generation:
            self._col.upsert(ids=[CLEAN], embeddings=[_DUMMY], metadatas=[{"kind": "clean", "generation": generation}])
        else:
            self._col.delete(ids=[CLEAN])
