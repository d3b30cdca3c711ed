"""Filters mean what they say; settings do what the README says; feedback is listed (issue 11, items 5-8)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.feedback_log import FeedbackLog
from assistant.retrieval import Filters
from assistant.settings import load_settings
from textkit.policyqa_error import PolicyQAError

ROOT = Path(__file__).resolve().parents[2]
GWR_2015 = {"doc_id": "gwr-2015", "date": "2015", "regions": ["北京"], "issuer": "国务院", "source": "gwr-2015.txt"}
LETTER = {"doc_id": "letter", "date": "2023-06-16", "regions": ["昌宁", "保山"], "issuer": "昆明市发展和改革委员会", "source": "l.txt"}
RECORDS = [GWR_2015, LETTER, {"doc_id": "anning", "date": "2014-12", "regions": ["安宁"], "source": "a.txt"}]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"date_from": "2015-01-01"}, {"gwr-2015", "letter"}),
        ({"date_from": "2015/01/01"}, {"gwr-2015", "letter"}),
        ({"date_from": "2015年1月1日", "date_to": "2015-12"}, {"gwr-2015"}),
        ({"date_to": "2014-12-31"}, {"anning"}),
        ({"year": "2015"}, {"gwr-2015"}),
        ({"region": "宁"}, set()),
        ({"region": "昌宁"}, {"letter"}),
        ({"region": "安宁市"}, {"anning"}),
    ],
)
def test_dates_compare_at_their_precision_and_regions_are_whole_names(filters, expected):
    assert Filters.parse(filters).doc_ids(RECORDS) == expected


@pytest.mark.parametrize(("filters", "field"), [({"date_from": "2015-02-30"}, "date_from"), ({"date_to": "x"}, "date_to"), ({"year": "2015-01"}, "year"), ({"zone": "a"}, "filters")])
def test_bad_filters_are_typed_errors_naming_the_field(filters, field):
    with pytest.raises(PolicyQAError) as caught:
        Filters.parse(filters)
    assert caught.value.field == field and caught.value.message_zh and caught.value.message_en


def test_manifest_records_store_the_date_precision(services):
    precisions = {d["date"]: d["date_precision"] for d in services.store.documents() if d["date"]}
    assert precisions and all(p == {4: "year", 7: "month", 10: "day"}[len(d)] for d, p in precisions.items())


def test_default_store_is_under_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POLICYQA_STORE", raising=False)
    monkeypatch.delenv("POLICYQA_CONFIG", raising=False)
    assert load_settings().store == tmp_path / "store"


def test_unknown_keys_in_policyqa_toml_are_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policyqa.toml").write_text('[policyqa]\nstor = "x"\nk = 3\n', encoding="utf-8")
    with pytest.raises(PolicyQAError, match="stor"):
        load_settings()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "assistant.cli", "docs"], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert result.returncode == 2 and "unknown setting(s) stor" in result.stderr.strip().splitlines()[-1]


def test_store_built_with_another_embedder_is_a_409_error(tmp_path):
    from assistant.services import Services
    from assistant.settings import Settings

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("示例办法\n一、总则\n示例条款内容。\n", encoding="utf-8")
    Services(Settings(store=tmp_path / "store", embedder="hash")).indexer(progress=False).ingest([folder])
    with pytest.raises(PolicyQAError) as caught:
        Services(Settings(store=tmp_path / "store", embedder="e5")).indexer(progress=False)
    assert (caught.value.status, caught.value.field) == (409, "embedder") and "hash" in caught.value.message_zh


def test_feedback_cli_lists_the_log(tmp_path):
    FeedbackLog(tmp_path).append("up", "问题一", "答案一", [{"n": 1, "doc": "a.txt"}], "zhangsan")
    FeedbackLog(tmp_path).append("down", "问题二", "答案二", [], "")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "assistant.cli", "feedback", "--store", str(tmp_path), "--json"],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    listed = json.loads(result.stdout)
    assert (listed["count"], listed["up"], listed["down"]) == (2, 1, 1)
    assert listed["feedback"][0]["citations"] == [{"n": 1, "doc": "a.txt"}] and listed["feedback"][0]["user"] == "zhangsan"


def test_chat_thumbs_are_logged_with_question_answer_and_citations(tmp_path):
    import gradio as gr

    from assistant.settings import Settings
    from assistant.web.chat_ui import _feedback

    history = [{"role": "user", "content": "问题"}, {"role": "assistant", "content": "答案[1]"}]
    cited = {"1": [{"n": 1, "doc": "a.txt"}]}
    _feedback(Settings(store=tmp_path), gr.LikeData(None, {"index": 1, "value": "答案[1]", "liked": False}), history, cited)
    (entry,) = FeedbackLog(tmp_path).entries()
    assert (entry["rating"], entry["question"], entry["answer"], entry["citations"]) == ("down", "问题", "答案[1]", cited["1"])
