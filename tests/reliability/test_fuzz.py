"""Property tests: cleaner, chunker and metadata extractor never crash and never lose text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.chunker import Chunker
from ingest.cleaner import clean_text
from ingest.metadata import extract_metadata

# Characters of policy prose; no Latin letters, no 「往期」「分享」, so nothing generated is page chrome.
ALPHABET = "园区产业发展规划建设项目年月日工程提升推进加快完善一二三四五六七八九十0123456789，。；：、（）《》“”%"
LINE = st.text(alphabet=ALPHABET, min_size=1, max_size=400)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(LINE, st.just(""), st.sampled_from(["一、总体要求", "（一）主导产业", "1.目标", "第一条"])), min_size=1, max_size=40))
def test_no_text_is_lost_from_file_to_chunks(lines):
    raw = "\n".join(lines)
    paragraphs = clean_text(raw)
    meta = extract_metadata(raw)
    chunks = Chunker().split(paragraphs, meta.title)
    joined = _squash("".join(c.search_text(meta.title) for c in chunks))
    for line in lines:
        assert _squash(line) in joined or not _squash(line)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=2000))
def test_arbitrary_text_never_crashes(text):
    paragraphs = clean_text(text)
    meta = extract_metadata(text)
    chunks = Chunker().split(paragraphs, meta.title)
    assert all(c.text for c in chunks)
    assert all(len(c.text) <= Chunker().limit + Chunker().minimum for c in chunks)
