"""Numbered sources under an answer, as inert HTML: every corpus string is escaped."""

from __future__ import annotations

from html import escape

from assistant.answer import Answer


def _highlight(text: str, sentences: list[str]) -> str:
    """Escape the passage, then mark the cited sentences (matched on the escaped text)."""
    out = escape(text)
    for sentence in sorted({s for s in sentences if s}, key=len, reverse=True):
        safe = escape(sentence)
        if safe in out:
            out = out.replace(safe, f"<mark>{safe}</mark>", 1)
    return out


def render_sources(answer: Answer | None) -> str:
    if answer is None:
        return "<div class='pq-empty'>提问后，这里显示答案引用的原文段落。</div>"
    if not answer.answerable:
        items = [
            f"<details class='pq-src'><summary>相关阅读 {i}：{escape(p.meta.get('title') or p.doc)}</summary>"
            f"<div class='pq-meta'>{escape(p.doc)} · {escape(p.meta.get('date') or '日期未注明')}</div><div class='pq-text'>{escape(p.text)}</div></details>"
            for i, p in enumerate(answer.related, 1)
        ]
        why = f"（{escape(answer.reason)}）" if answer.reason else ""
        return f"<div class='pq-note'>政策库中没有直接回答该问题的内容{why}，以下为最接近的段落：</div>" + "".join(items)
    blocks = []
    for c in answer.citations:
        meta = c.passage.meta
        line = " · ".join(escape(x) for x in (meta.get("issuer", ""), meta.get("date", ""), meta.get("source", "")) if x)
        heading = f"<div class='pq-heading'>{escape(meta.get('heading', ''))}</div>" if meta.get("heading") else ""
        blocks.append(
            f"<details class='pq-src' open><summary>[{c.n}] {escape(meta.get('title') or c.passage.doc)}</summary>"
            f"<div class='pq-meta'>{line}</div>{heading}<div class='pq-text'>{_highlight(c.passage.text, answer.highlights.get(c.n, []))}</div></details>"
        )
    notice = f"<div class='pq-note'>{escape(answer.notice)}</div>" if answer.notice else ""
    return notice + "".join(blocks)


SOURCES_CSS = """
.pq-src{border:1px solid #d9e2ec;border-radius:6px;padding:.4rem .7rem;margin:.4rem 0;background:#fff}
.pq-src summary{cursor:pointer;font-weight:600}
.pq-meta{color:#627d98;font-size:.85em;margin:.2rem 0}.pq-heading{color:#334e68;font-size:.85em}
.pq-text{white-space:pre-wrap;line-height:1.6;font-size:.92em}.pq-text mark{background:#fff3bf}
.pq-note{color:#8d2b0b;margin:.3rem 0}.pq-empty{color:#829ab1}
"""
