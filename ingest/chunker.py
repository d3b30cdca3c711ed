"""Structure-first chunking for Chinese policy text.

Headings (一、 （一） 1. 第X条, and short untitled subheads) open sections; a
section is packed into chunks of ~200–400 characters on sentence boundaries,
with one sentence of overlap when a section has to be split, and short sibling
sections (the items of a list) are packed together. Every chunk knows
its document title and heading path, which are prefixed to the text that is
embedded and keyword-indexed, so a clause is found by the name of the plan or
park it sits under even when its own text never says it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from textkit.search_text import search_text

_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]+[”’」』）)]*|[^。！？；!?;]+$")
_CLAUSE = re.compile(r"[^，,、]*[，,、]+|[^，,、]+$")
_LEVELS = (
    (re.compile(r"^第[一二三四五六七八九十百零〇\d]+[章篇部分]"), 1),
    (re.compile(r"^[一二三四五六七八九十百]+[、.．]"), 1),
    (re.compile(r"^第[一二三四五六七八九十百零〇\d]+[条节]"), 2),
    (re.compile(r"^[（(][一二三四五六七八九十百]+[）)]"), 2),
    (re.compile(r"^\d{1,2}[.、．](?!\d)"), 3),
    (re.compile(r"^[（(]\d{1,2}[）)]"), 4),
)


@dataclass
class Chunk:
    text: str
    heading_path: list[str] = field(default_factory=list)
    index: int = 0

    def search_text(self, title: str) -> str:
        return search_text(title, " > ".join(self.heading_path), self.text)


def _level(line: str, next_line: str | None) -> int:
    for pattern, level in _LEVELS:
        if pattern.match(line):
            return level
    short_subhead = len(line) <= 24 and not re.search(r"[。！？；，,:：!?;]$", line)
    return 1 if short_subhead and next_line is not None and len(next_line) > len(line) else 0


def _heading_label(line: str) -> str:
    """Inline headings 「（二）加强要素保障。对……」 contribute their first sentence only."""
    first = re.split(r"(?<=[。：:；])", line, maxsplit=1)[0]
    return first if len(first) <= 40 else first[:40]


def _pieces(text: str, limit: int) -> list[str]:
    """Split an over-long paragraph on sentences, then clauses, then hard."""
    if len(text) <= limit:
        return [text]
    out: list[str] = []
    for sentence in _SENTENCE.findall(text):
        if len(sentence) <= limit:
            out.append(sentence)
            continue
        for clause in _CLAUSE.findall(sentence):
            out.extend(clause[i : i + limit] for i in range(0, len(clause), limit))
    return [p for p in out if p]


class Chunker:
    def __init__(self, target: int = 300, limit: int = 400, minimum: int = 120, overlap: int = 80) -> None:
        self.target, self.limit, self.minimum, self.overlap = target, limit, minimum, overlap

    def split(self, paragraphs: list[str], title: str = "") -> list[Chunk]:
        chunks: list[Chunk] = []
        for path, body in self._sections(paragraphs, title):
            self._pack(path, body, chunks)
        if not chunks and paragraphs:  # a document that is only its title still gets one chunk
            self._pack([], paragraphs, chunks)
        for i, chunk in enumerate(chunks):
            chunk.index = i
        return chunks

    def _sections(self, paragraphs: list[str], title: str):
        """Yield (heading path, paragraphs) per section; headings stay in their section's text."""
        stack: list[tuple[int, str]] = []
        body: list[str] = []
        for i, para in enumerate(paragraphs):
            if para == title and i == 0:
                continue
            level = _level(para, paragraphs[i + 1] if i + 1 < len(paragraphs) else None)
            if level:
                if body:
                    yield [label for _, label in stack], body
                body = []
                stack = [(lv, label) for lv, label in stack if lv < level] + [(level, _heading_label(para))]
            body.append(para)
        if body:
            yield [label for _, label in stack], body

    def _pack(self, path: list[str], body: list[str], chunks: list[Chunk]) -> None:
        pieces = [(piece, j > 0) for para in body for j, piece in enumerate(_pieces(para, self.limit))]
        current: list[tuple[str, bool]] = []
        for piece, continues in pieces:
            size = sum(len(p) for p, _ in current)
            if current and size + len(piece) > self.limit and size >= self.minimum:
                self._emit(path, current, chunks)
                tail = current[-1][0]
                current = [(tail, False)] if continues and len(tail) <= self.overlap else []
            current.append((piece, continues and bool(current)))
        if current:
            self._emit(path, current, chunks)

    def _absorbs(self, previous: Chunk, path: list[str], text: str) -> list[str] | None:
        """The heading path of ``previous`` once it takes in the next chunk, or None when it does not.

        A tiny chunk that only introduces its subsections (a bare heading) joins the first of them; short
        items of one list (「（1）…0.02%；」「（2）…0.08%；」, siblings or children of the previous chunk) are
        packed together up to the target size, under their common heading, so an item keeps its list's
        context (「2.个人缴费费率：」) and no chunk is a lone line.
        """
        combined = len(previous.text) + len(text)
        before = previous.heading_path
        within = path[: len(before)] == before
        if within and len(previous.text) < self.minimum and combined <= self.limit + self.minimum:
            return list(path)
        siblings = len(path) == len(before) >= 2 and path[:-1] == before[:-1]
        if ((within and before) or siblings) and combined <= self.target:  # never under an empty path: 一、 二、 stay apart
            return before if within else before[:-1]
        return None

    def _emit(self, path: list[str], parts: list[tuple[str, bool]], chunks: list[Chunk]) -> None:
        text = "".join(("" if continues or not i else "\n") + piece for i, (piece, continues) in enumerate(parts))
        previous = chunks[-1] if chunks else None
        merged = self._absorbs(previous, path, text) if previous else None
        if merged is not None:
            previous.text = f"{previous.text}\n{text}"
            previous.heading_path = merged
            return
        chunks.append(Chunk(text=text, heading_path=list(path)))
