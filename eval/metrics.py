"""The metrics of ``shared/eval/README.md``, defined exactly there and nowhere else."""

from __future__ import annotations

import re
import statistics

from textkit.normalize import normalize_for_match

_MARKER = re.compile(r"\[\d{1,2}\]")
METRIC_KEYS = (
    "hit_at_k", "mrr", "fact_recall", "citation_precision", "refusal_accuracy",
    "false_refusal_rate", "answer_chars_median", "latency_ms_p50", "latency_ms_p95", "n",
)


def supports(doc: str, text: str, evidence: dict) -> bool:
    """Same document, and the passage holds a substring of the quote of length min(len(quote), 15)."""
    if doc != evidence.get("doc"):
        return False
    quote, passage = normalize_for_match(evidence.get("quote", "")), normalize_for_match(text)
    if not quote:
        return False
    size = min(len(quote), 15)
    return any(quote[i : i + size] in passage for i in range(len(quote) - size + 1))


def supports_any(doc: str, text: str, evidence: list[dict]) -> bool:
    return any(supports(doc, text, ev) for ev in evidence)


def first_support_rank(passages: list[tuple[str, str]], evidence: list[dict], k: int) -> int:
    """1-based rank of the first supporting passage in the top k, 0 when none."""
    for rank, (doc, text) in enumerate(passages[:k], 1):
        if supports_any(doc, text, evidence):
            return rank
    return 0


def answer_text(answer: str) -> str:
    return _MARKER.sub("", answer or "")


def fact_share(answer: str, facts: list[str]) -> float:
    if not facts:
        return 1.0
    norm = normalize_for_match(answer_text(answer))
    return sum(1 for fact in facts if normalize_for_match(fact) in norm) / len(facts)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def aggregate(rows: list[dict]) -> dict:
    """Metrics over per-question rows (see ``runner._score``)."""
    answerable = [r for r in rows if r["gold_answerable"]]
    unanswerable = [r for r in rows if not r["gold_answerable"]]
    cited = [ok for r in answerable for ok in r["citation_support"]]
    latencies = [r["latency_ms"] for r in rows]
    lengths = [len(answer_text(r["answer"])) for r in rows]
    return {
        "hit_at_k": _mean([1.0 if r["rank"] else 0.0 for r in answerable]),
        "mrr": _mean([1.0 / r["rank"] if r["rank"] else 0.0 for r in answerable]),
        "fact_recall": _mean([r["fact_recall"] for r in answerable]),
        "citation_precision": _mean([1.0 if ok else 0.0 for ok in cited]),
        "refusal_accuracy": _mean([0.0 if r["answerable"] else 1.0 for r in unanswerable]),
        "false_refusal_rate": _mean([0.0 if r["answerable"] else 1.0 for r in answerable]),
        "answer_chars_median": statistics.median(lengths) if lengths else None,
        "latency_ms_p50": round(percentile(latencies, 0.5), 1) if latencies else None,
        "latency_ms_p95": round(percentile(latencies, 0.95), 1) if latencies else None,
        "n": len(rows),
    }


def grouped(rows: list[dict], key: str) -> dict:
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row.get(key) or "?", []).append(row)
    return {name: aggregate(items) for name, items in sorted(groups.items())}
