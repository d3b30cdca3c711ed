"""run_eval end to end on the small store, with our own questions, and its bad-input errors."""

import json

import pytest

from eval import run_eval
from eval.dataset import load_dataset

QUESTIONS = [
    {"id": "q1", "question": "昌宁产业园区到2025年多晶硅产能目标是多少？", "answerable": True, "type": "numeric", "lang": "zh",
     "answer_facts": ["25万吨"], "evidence": [{"doc": "002_46a199d81ef02df5.txt", "quote": "园区多晶硅产能达25万吨"}]},
    {"id": "q2", "question": "西藏自治区开发区去年工业增加值是多少？", "answerable": False, "type": "unanswerable", "lang": "zh",
     "answer_facts": [], "evidence": []},
]


def _write(path, rows, extra=""):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n" + extra, encoding="utf-8")
    return path


def test_run_eval_reports_every_metric(tmp_path, services):
    result = run_eval(_write(tmp_path / "set.jsonl", QUESTIONS, "{not json\n"), services.settings, k=5)
    keys = {"hit_at_k", "mrr", "fact_recall", "citation_precision", "refusal_accuracy", "false_refusal_rate",
            "answer_chars_median", "latency_ms_p50", "latency_ms_p95", "n"}
    assert set(result.overall) == keys
    assert result.overall["n"] == 2 and result.overall["hit_at_k"] == 1.0 and result.overall["refusal_accuracy"] == 1.0
    assert set(result.by_type) == {"numeric", "unanswerable"} and set(result.by_lang) == {"zh"}
    assert result.warnings and ":3:" in result.warnings[0]
    assert result.questions[0]["retrieved"] and result.config["embedder"] == "e5"


def test_missing_field_is_named(tmp_path):
    with pytest.raises(ValueError, match="missing required field 'answerable'"):
        load_dataset(_write(tmp_path / "bad.jsonl", [{"id": "x", "question": "问"}]))


def test_unknown_evidence_doc_is_named(tmp_path, services):
    row = dict(QUESTIONS[0], evidence=[{"doc": "nowhere.txt", "quote": "……"}])
    with pytest.raises(ValueError, match="'nowhere.txt' is not in the store"):
        run_eval(_write(tmp_path / "set.jsonl", [row]), services.settings)


def test_unreachable_url_fails_fast_naming_it(tmp_path, services):
    with pytest.raises(RuntimeError, match="127.0.0.1:9"):
        run_eval(_write(tmp_path / "set.jsonl", QUESTIONS), services.settings, url="http://127.0.0.1:9")


def test_eval_over_http_matches_in_process(tmp_path, services, live):
    path = _write(tmp_path / "set.jsonl", QUESTIONS)
    local, remote = run_eval(path, services.settings), run_eval(path, services.settings, url=live.url)
    for key in ("hit_at_k", "fact_recall", "citation_precision", "refusal_accuracy"):
        assert local.overall[key] == remote.overall[key]


def test_report_is_self_contained(tmp_path, services):
    from eval.report import write_report

    result = run_eval(_write(tmp_path / "set.jsonl", QUESTIONS), services.settings)
    write_report(result, tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "评测报告" in html and "<script" not in html and "http://" not in html.replace("http://127", "")
