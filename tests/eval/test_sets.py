"""Several question sets in one run: each marked tuning or validation by the shipped scorer's
training hashes, and the corpora a set needs ingested from the folders beside it."""

import json
from pathlib import Path

from assistant.answering.sentence_scorer import default_scorer
from assistant.settings import Settings
from eval import run_eval
from eval.runner import load_sets

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "eval"


def test_the_shipped_scorer_knows_which_sets_it_was_fitted_on():
    trained = {item["file"] for item in default_scorer().meta["trained_on"]}
    paths = sorted(SHARED.glob("*.jsonl"))
    if not paths:
        return
    questions, _ = load_sets(paths, {item["sha256_16"] for item in default_scorer().meta["trained_on"]})
    splits = {q.set: q.split for q in questions}
    for name, split in splits.items():
        assert split == ("tuning" if name in trained else "validation")
    assert "dev.jsonl" not in trained


def _write(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def test_two_sets_report_per_set_and_the_missing_corpus_is_ingested(tmp_path):
    doc = "关于示例市园区发展的意见\n\n一、发展目标\n\n到2027年，示例市园区营业收入达到880亿元，新增规上企业35户。\n"
    (tmp_path / "corpus-extra").mkdir()
    (tmp_path / "corpus-extra" / "plan.txt").write_text(doc, encoding="utf-8")
    first = _write(tmp_path / "sets" / "a.jsonl", [{"id": "a1", "question": "示例市园区到2027年营业收入目标是多少？", "answerable": True,
                                                      "answer_facts": ["880亿元"], "evidence": [{"doc": "plan.txt", "quote": "营业收入达到880亿元"}]}])
    second = _write(tmp_path / "sets" / "b.jsonl", [{"id": "b1", "question": "示例市新增多少户规上企业？", "answerable": True,
                                                       "answer_facts": ["35户"], "evidence": [{"doc": "plan.txt", "quote": "新增规上企业35户"}]}])
    result = run_eval([first, second], Settings(store=tmp_path / "store", embedder="hash"))
    assert set(result.by_set) == {"a.jsonl", "b.jsonl"} and set(result.by_split) == {"validation"}
    assert result.overall["hit_at_k"] == 1.0
    assert {row["set"] for row in result.questions} == {"a.jsonl", "b.jsonl"}
