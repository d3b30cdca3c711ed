"""One immutable batch of the keyword index: raw term counts of some chunks, written once.

BM25 scores depend on corpus-wide statistics (document count, mean length,
document frequency), so precomputed scores (what bm25s stores) go stale with
every added chunk and force a rebuild over all of them. A segment keeps raw term
frequencies instead; the index combines its segments with the current
statistics at query time, so adding 1k chunks writes one small segment and
touches nothing else.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from scipy import sparse

EMPTY_TOKEN = "\u0000"  # a chunk without tokens still occupies a row, as in the bm25s index it replaces


class KeywordSegment:
    """Rows = chunks, columns = this segment's own vocabulary; CSC so a query token is one column slice."""

    def __init__(self, name: str, ids: list[str], vocab: list[str], tf: sparse.csc_matrix) -> None:
        self.name = name
        self.ids = ids
        self.vocab = vocab
        self.column = {token: i for i, token in enumerate(vocab)}
        self.tf = tf
        self.lengths = np.asarray(tf.sum(axis=1)).ravel().astype(np.float64)
        self.col_nnz = np.diff(tf.indptr).astype(np.int64)

    @classmethod
    def build(cls, name: str, ids: list[str], token_lists: list[list[str]]) -> "KeywordSegment":
        """Count tokens with one sparse constructor (duplicates summed), not a Counter per chunk."""
        column: dict[str, int] = {}
        cols: list[int] = []
        rows: list[int] = []
        for row, tokens in enumerate(token_lists):
            tokens = tokens or [EMPTY_TOKEN]
            cols.extend(column.setdefault(t, len(column)) for t in tokens)
            rows.extend([row] * len(tokens))
        data = np.ones(len(cols), dtype=np.float32)
        tf = sparse.csc_matrix((data, (np.asarray(rows, np.int32), np.asarray(cols, np.int32))), shape=(len(ids), len(column)))
        tf.sum_duplicates()
        return cls(name, list(ids), list(column), tf)

    def __len__(self) -> int:
        return len(self.ids)

    def postings(self, token: str) -> tuple[np.ndarray, np.ndarray]:
        """(rows, term frequencies) of ``token`` in this segment; empty when it never occurs here."""
        col = self.column.get(token)
        if col is None:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        start, end = self.tf.indptr[col], self.tf.indptr[col + 1]
        return self.tf.indices[start:end], self.tf.data[start:end]

    def columns_of(self, rows: np.ndarray) -> np.ndarray:
        """How many of ``rows`` hold each column: what removing those rows takes off document frequency."""
        if not len(rows):
            return np.zeros(len(self.vocab), np.int64)
        picked = self.tf[rows, :]
        return np.diff(picked.tocsc().indptr).astype(np.int64)

    def without(self, name: str, keep: np.ndarray) -> "KeywordSegment":
        """A copy holding only the rows in ``keep`` (dead rows purged); the vocabulary is kept whole."""
        return KeywordSegment(name, [self.ids[i] for i in keep], self.vocab, self.tf[keep, :].tocsc())

    @classmethod
    def merge(cls, name: str, parts: list[tuple["KeywordSegment", np.ndarray]]) -> "KeywordSegment":
        """One segment from the live rows of several: columns remapped into a union vocabulary."""
        column: dict[str, int] = {}
        blocks, ids = [], []
        for seg, keep in parts:
            remap = np.array([column.setdefault(t, len(column)) for t in seg.vocab], dtype=np.int32)
            coo = seg.tf[keep, :].tocoo()
            blocks.append((coo.data, coo.row + len(ids), remap[coo.col]))
            ids += [seg.ids[i] for i in keep]
        data = np.concatenate([b[0] for b in blocks]) if blocks else np.zeros(0, np.float32)
        rows = np.concatenate([b[1] for b in blocks]) if blocks else np.zeros(0, np.int32)
        cols = np.concatenate([b[2] for b in blocks]) if blocks else np.zeros(0, np.int32)
        tf = sparse.csc_matrix((data, (rows, cols)), shape=(len(ids), len(column)))
        return cls(name, ids, list(column), tf)

    def save(self, folder: Path) -> None:
        """Written once under its own name; an index version only lists which segments it uses."""
        target = folder / self.name
        if target.exists():
            return
        tmp = folder / f".{self.name}.tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        sparse.save_npz(tmp / "tf.npz", self.tf, compressed=False)
        (tmp / "terms.json").write_text(json.dumps({"ids": self.ids, "vocab": self.vocab}, ensure_ascii=False), encoding="utf-8")
        tmp.rename(target)

    @classmethod
    def load(cls, folder: Path, name: str) -> "KeywordSegment":
        terms = json.loads((folder / name / "terms.json").read_text(encoding="utf-8"))
        return cls(name, terms["ids"], terms["vocab"], sparse.load_npz(folder / name / "tf.npz").tocsc())
