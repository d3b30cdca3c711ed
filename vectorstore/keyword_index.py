"""BM25 over bigram tokens, kept as immutable segments so a change costs what changed.

Adding chunks adds a segment; removing chunks marks their rows dead. Scores are
computed at query time from raw term counts and the live corpus statistics
(Lucene BM25, k1=1.5, b=0.75: the variant and parameters of the bm25s index this
replaces), so an index grown step by step scores every chunk exactly like one
built in one go over the same chunks. Small segments are merged and mostly-dead
ones purged as they accumulate. Each version is a new object sharing the
segments of the previous one, so a snapshot being served never changes.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import uuid
from collections import Counter
from pathlib import Path

import numpy as np

from vectorstore.keyword_segment import KeywordSegment

log = logging.getLogger(__name__)
K1, B = 1.5, 0.75
MAX_SEGMENTS = 8
PURGE_DEAD_SHARE = 0.3
INDEX_FILE = "index.json"


class KeywordIndex:
    def __init__(self, segments: list[KeywordSegment], dead: list[np.ndarray], dead_df: list[np.ndarray]) -> None:
        self.segments, self.dead, self.dead_df = segments, dead, dead_df
        self.offsets = np.cumsum([0] + [len(s) for s in segments])
        self.ids = [cid for s in segments for cid in s.ids]
        self.alive = ~np.concatenate(dead) if dead else np.zeros(0, bool)
        self.live = int(self.alive.sum())
        lengths = np.concatenate([s.lengths for s in segments]) if segments else np.zeros(0)
        total = float(lengths[self.alive].sum())
        self.avg_length = total / self.live if self.live else 1.0
        self._norm = (K1 * (1 - B + B * lengths / self.avg_length)).astype(np.float32)
        self._row = {self.ids[i]: int(i) for i in np.flatnonzero(self.alive)}

    # ---- building ---------------------------------------------------------------
    @classmethod
    def build(cls, ids: list[str], token_lists: list[list[str]]) -> "KeywordIndex":
        """Everything in one segment: the reference an incrementally grown index must equal."""
        if not ids:
            return cls([], [], [])
        return cls._with([KeywordSegment.build(_name(), list(ids), token_lists)], [], [])

    @classmethod
    def _with(cls, segments, dead, dead_df) -> "KeywordIndex":
        """Fill in empty dead masks for new segments."""
        dead = list(dead) + [np.zeros(len(s), bool) for s in segments[len(dead):]]
        dead_df = list(dead_df) + [np.zeros(len(s.vocab), np.int64) for s in segments[len(dead_df):]]
        return cls(list(segments), dead, dead_df)

    def changed(self, removed: list[str], added_ids: list[str], added_tokens: list[list[str]]) -> "KeywordIndex":
        """A new version without ``removed`` and with the added chunks; this one stays as it was."""
        dead, dead_df = list(self.dead), list(self.dead_df)
        gone = {self._row[cid] for cid in list(removed) + list(added_ids) if cid in self._row}
        for s, rows in self._by_segment(sorted(gone)).items():
            dead[s] = dead[s].copy()
            dead[s][rows] = True
            dead_df[s] = dead_df[s] + self.segments[s].columns_of(rows)
        segments = list(self.segments)
        if added_ids:
            segments.append(KeywordSegment.build(_name(), list(added_ids), added_tokens))
        return self._with(segments, dead, dead_df)._compacted()

    def _by_segment(self, rows: list[int]) -> dict[int, np.ndarray]:
        out: dict[int, list[int]] = {}
        for row in rows:
            s = int(np.searchsorted(self.offsets, row, side="right") - 1)
            out.setdefault(s, []).append(row - int(self.offsets[s]))
        return {s: np.asarray(r, np.int64) for s, r in out.items()}

    def _compacted(self) -> "KeywordIndex":
        """Purge mostly-dead segments and merge the small ones, so queries touch few segments."""
        parts = [(s, d, f) for s, d, f in zip(self.segments, self.dead, self.dead_df) if (~d).any()]
        purged = []
        for seg, dead, df in parts:
            if dead.mean() > PURGE_DEAD_SHARE:
                seg, dead, df = seg.without(_name(), np.flatnonzero(~dead)), None, None
            purged.append((seg, dead, df))
        if len(purged) > MAX_SEGMENTS:
            largest = max(range(len(purged)), key=lambda i: len(purged[i][0]))
            small = [p for i, p in enumerate(purged) if i != largest]
            keep = [(seg, np.flatnonzero(~dead) if dead is not None else np.arange(len(seg))) for seg, dead, _ in small]
            purged = [purged[largest], (KeywordSegment.merge(_name(), keep), None, None)]
        if len(purged) == len(self.segments) and all(p[1] is not None for p in purged):
            return self
        segs = [p[0] for p in purged]
        dead = [p[1] if p[1] is not None else np.zeros(len(p[0]), bool) for p in purged]
        df = [p[2] if p[2] is not None else np.zeros(len(p[0].vocab), np.int64) for p in purged]
        return KeywordIndex(segs, dead, df)

    # ---- persistence --------------------------------------------------------------
    def save(self, folder: Path, generation: str, unless_saved: bool = False) -> bool:
        """New segments, then the small version file, swapped in atomically; unlisted segments are swept.

        Savers are serialised by a file lock in the folder: the workers of ``serve
        --workers N`` cache the index they built or evolved into one shared folder, and
        two sweeps at once would delete each other's new segments. ``unless_saved``
        skips the work when this generation is already there (another worker saved it).
        Returns whether it wrote.
        """
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / ".save.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                if unless_saved and _saved_generation(folder) == generation:
                    return False
                self._save_locked(folder, generation)
                return True
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _save_locked(self, folder: Path, generation: str) -> None:
        for seg in self.segments:
            seg.save(folder)
        listed = [{"name": s.name, "dead": np.flatnonzero(d).tolist()} for s, d in zip(self.segments, self.dead)]
        previous = _listed(folder)
        tmp = folder / f"{INDEX_FILE}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"generation": generation, "segments": listed}), encoding="utf-8")
        os.replace(tmp, folder / INDEX_FILE)
        keep = previous | {s.name for s in self.segments}  # a reader may still be loading the previous version
        for path in folder.iterdir():
            if path.is_dir() and path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    @staticmethod
    def saved_generation(folder: Path) -> str:
        """The generation the saved index belongs to ("" when none), without loading it."""
        return _saved_generation(folder)

    @classmethod
    def load(cls, folder: Path, generation: str) -> "KeywordIndex | None":
        """The saved index, or None when it is missing or belongs to another generation of the store."""
        try:
            meta = json.loads((folder / INDEX_FILE).read_text(encoding="utf-8"))
            if meta.get("generation") != generation:
                return None
            segments, dead, dead_df = [], [], []
            for entry in meta["segments"]:
                seg = KeywordSegment.load(folder, entry["name"])
                rows = np.asarray(entry["dead"], np.int64)
                mask = np.zeros(len(seg), bool)
                mask[rows] = True
                segments.append(seg)
                dead.append(mask)
                dead_df.append(seg.columns_of(rows))
            return cls(segments, dead, dead_df)
        except (OSError, ValueError, KeyError) as exc:
            log.info("keyword index not loaded (%s); it will be rebuilt", exc)
            return None

    # ---- reading --------------------------------------------------------------------
    def __len__(self) -> int:
        """Live chunks: N in the idf."""
        return self.live

    def doc_freq(self, token: str) -> int:
        """How many live chunks hold ``token``: 0 means the store never says it."""
        total = 0
        for seg, dead_df in zip(self.segments, self.dead_df):
            col = seg.column.get(token)
            if col is not None:
                total += int(seg.col_nnz[col] - dead_df[col])
        return total

    def scores(self, tokens: list[str]) -> np.ndarray:
        """One score per row (dead rows 0); a token asked twice counts twice, as in bm25s."""
        scores = np.zeros(len(self.ids), dtype=np.float32)
        if not self.live or not tokens:
            return scores
        for token, times in Counter(tokens).items():
            df = self.doc_freq(token)
            if not df:
                continue
            weight = np.float32(times * np.log(1 + (self.live - df + 0.5) / (df + 0.5)))
            for seg, offset in zip(self.segments, self.offsets):
                rows, tf = seg.postings(token)
                if len(rows):
                    at = rows + offset
                    scores[at] += weight * tf / (tf + self._norm[at])
        scores[~self.alive] = 0.0
        return scores

    def top(self, tokens: list[str], k: int, allowed: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Best ``k`` rows with a positive score; ties broken by chunk id, so equal indexes rank equally."""
        scores = self.scores(tokens)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        rows = np.flatnonzero(scores > 0)  # only these: with fewer than k of them, the zeros would all tie at the cut and be sorted
        return [(self.ids[rows[i]], float(scores[rows[i]])) for i in top_rows(scores[rows], k, lambda i: self.ids[rows[i]])]

    def live_ids(self) -> set[str]:
        """The chunks this version scores: what a saved index is checked against before it is trusted."""
        return set(self._row)

    def rows(self, ids: list[str]) -> list[int]:
        return [self._row[i] for i in ids if i in self._row]


def _name() -> str:
    return "seg-" + uuid.uuid4().hex[:16]


def _saved_generation(folder: Path) -> str:
    try:
        return json.loads((folder / INDEX_FILE).read_text(encoding="utf-8")).get("generation", "")
    except (OSError, ValueError):
        return ""


def _listed(folder: Path) -> set[str]:
    try:
        return {s["name"] for s in json.loads((folder / INDEX_FILE).read_text(encoding="utf-8"))["segments"]}
    except (OSError, ValueError, KeyError):
        return set()


def top_rows(scores: np.ndarray, k: int, id_of) -> list[int]:
    """Positions of the ``k`` highest ``scores``, best first; equal scores rank by ``id_of(position)`` (at the
    cut too), so equal indexes, and the same index in two processes, rank alike."""
    k = min(k, len(scores))
    if k == 0:
        return []
    kth = np.partition(scores, len(scores) - k)[len(scores) - k]
    return sorted(np.flatnonzero(scores >= kth).tolist(), key=lambda r: (-scores[r], id_of(r)))[:k]


def idf_of(index: KeywordIndex, tokens: list[str]) -> dict[str, float]:
    """Inverse document frequency per token: how much a shared token says about relevance."""
    n = max(1, len(index))
    out = {}
    for token in set(tokens):
        df = index.doc_freq(token)
        out[token] = float(np.log(1 + (n - df + 0.5) / (df + 0.5)))
    return out
