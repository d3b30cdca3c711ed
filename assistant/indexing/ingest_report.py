"""What one ingest run did, per file and per phase: the CLI prints it, jobs return it, the bench times it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    chunks: int = 0
    repaired_chunks: int = 0
    seconds: dict = field(default_factory=lambda: {"parse": 0.0, "embed": 0.0, "index": 0.0, "total": 0.0})

    def summary(self) -> dict:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "skipped": len(self.skipped),
            "removed": len(self.removed),
            "chunks_written": self.chunks,
            "repaired_chunks": self.repaired_chunks,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "skipped_files": self.skipped,
            "files": {"added": self.added, "updated": self.updated, "unchanged": self.unchanged, "removed": self.removed},
        }
