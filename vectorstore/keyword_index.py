"""BM25 over bigram tokens, persisted beside Chroma and rebuilt from it when they disagree."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)


class KeywordIndex:
    def __init__(self, ids: list[str], bm25) -> None:
        self.ids = ids
        self._bm25 = bm25
        self._row = {chunk_id: i for i, chunk_id in enumerate(ids)}

    @classmethod
    def build(cls, ids: list[str], token_lists: list[list[str]]) -> "KeywordIndex":
        import bm25s

        bm25 = bm25s.BM25()
        if ids:
            bm25.index([tokens or ["\u0000"] for tokens in token_lists], show_progress=False)
        return cls(list(ids), bm25)

    def save(self, folder: Path, generation: str) -> None:
        """Write to a temporary folder and swap, so a crash never leaves half an index."""
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.ids:
            self._bm25.save(str(tmp / "bm25"))
        (tmp / "ids.json").write_text(json.dumps({"generation": generation, "ids": self.ids}), encoding="utf-8")
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        tmp.rename(folder)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path, generation: str) -> "KeywordIndex | None":
        """The saved index, or None when it is missing or belongs to another generation of the store."""
        try:
            meta = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
            if meta.get("generation") != generation:
                return None
            import bm25s

            bm25 = bm25s.BM25.load(str(folder / "bm25")) if meta["ids"] else bm25s.BM25()
            return cls(meta["ids"], bm25)
        except (OSError, ValueError, KeyError) as exc:
            log.info("keyword index not loaded (%s); it will be rebuilt", exc)
            return None

    def __len__(self) -> int:
        return len(self.ids)

    def scores(self, tokens: list[str]) -> np.ndarray:
        if not self.ids or not tokens:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def top(self, tokens: list[str], k: int, allowed: np.ndarray | None = None) -> list[tuple[str, float]]:
        scores = self.scores(tokens)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        k = min(k, len(scores))
        if k == 0:
            return []
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best])]
        return [(self.ids[i], float(scores[i])) for i in best if scores[i] > 0]

    def doc_freq(self, token: str) -> int:
        """How many chunks hold ``token``: 0 means the store never says it."""
        return _doc_freq(self._bm25, token) if self.ids else 0

    def rows(self, ids: list[str]) -> list[int]:
        return [self._row[i] for i in ids if i in self._row]


def _doc_freq(bm25, token: str) -> int:
    vocab = getattr(bm25, "vocab_dict", None) or {}
    col = vocab.get(token)
    if col is None:
        return 0
    indptr = bm25.scores["indptr"]
    return int(indptr[col + 1] - indptr[col])


def idf_of(index: KeywordIndex, tokens: list[str]) -> dict[str, float]:
    """Inverse document frequency per token: how much a shared token says about relevance."""
    n = max(1, len(index))
    out = {}
    for token in set(tokens):
        df = index.doc_freq(token)
        out[token] = float(np.log(1 + (n - df + 0.5) / (df + 0.5)))
    return out
