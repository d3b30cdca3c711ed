"""The published manifest as a file in the store folder: the embedded (one machine) deployment."""

from __future__ import annotations

from pathlib import Path

from vectorstore.manifest import Manifest

CLEAN = "clean.mark"


class FileManifest:
    """Same interface as ``ServerManifest``; publishing is an atomic file replace, the stamp a stat."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._clean = path.with_name(CLEAN)

    def latest(self) -> Manifest:
        return Manifest(self.path)

    def stamp(self) -> int:
        try:
            return self.path.stat().st_mtime_ns
        except OSError:
            return 0

    def publish(self, manifest: Manifest, generation: str) -> None:
        manifest.save(generation, self.path)

    def clean_mark(self) -> str:
        """The generation the last writer published and then finished cleanly (see ``PolicyStore.begin_write``)."""
        try:
            return self._clean.read_text(encoding="utf-8").strip()
        except OSError:
            return ""

    def set_clean_mark(self, generation: str) -> None:
        if generation:
            self._clean.write_text(generation, encoding="utf-8")
        else:
            self._clean.unlink(missing_ok=True)
