"""``policyqa train`` on a small question set of our own over the seed corpus: the fitted scorer
ranks answer sentences better than the constant rule, and its file round-trips."""

import json

from assistant.answering.sentence_scorer import SentenceScorer
from eval.train import train

# Our own questions about facts of the seed corpus (not from any shared question set).
QUESTIONS = [
    ("a1", "昌宁产业园区到2025年多晶硅产能要达到多少？", ["25万吨"], "002_46a199d81ef02df5.txt"),
    ("a2", "云南省开发区1至5月规上工业增加值同比增长多少？", ["5%"], "000_d33de01ed3d86493.txt"),
    ("a3", "贵州园区基础设施获得的专项债额度是多少？", ["94.65亿元"], "004_ee20dd828f305722.txt"),
    ("a4", "杨林经开区的主导产业是什么？", ["绿色食品加工"], "001_94bcc602ee59ae8d.txt"),
    ("a5", "云南省重点省级开发区中有几个制定了一园一策？", ["7个"], "000_d33de01ed3d86493.txt"),
    ("a6", "昌宁产业园区2024年主导产业营业收入占比要达到多少？", ["50%以上"], "002_46a199d81ef02df5.txt"),
    ("a7", "贵州园区专项债占全省总额度的多少？", ["1/5"], "004_ee20dd828f305722.txt"),
    ("a8", "昌宁产业园区2023年主导产业新增固定资产投资占比达多少？", ["20%以上"], "002_46a199d81ef02df5.txt"),
]
UNANSWERABLE = [("u1", "昌宁产业园区2030年的碳排放总量上限是多少？"), ("u2", "云南开发区的平均地价是每亩多少元？")]


def _dataset(tmp_path):
    rows = [{"id": i, "question": q, "answerable": True, "answer_facts": f, "evidence": [{"doc": d, "quote": f[0]}]} for i, q, f, d in QUESTIONS]
    rows += [{"id": i, "question": q, "answerable": False} for i, q in UNANSWERABLE]
    path = tmp_path / "mini.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def test_fitted_scorer_beats_the_constant_rule_and_round_trips(tmp_path, pipeline):
    out = tmp_path / "scorer.json"
    result = train(pipeline, [_dataset(tmp_path)], out, folds=4, progress=False)
    cv = result["cross_validation"]
    assert cv["parts"] >= 5
    assert cv["top1"] > cv["baseline_top1"]
    loaded = SentenceScorer.load(out)
    assert loaded.meta["trained_on"][0]["file"] == "mini.jsonl" and len(loaded.meta["trained_on"][0]["sha256_16"]) == 16
    assert 0.0 <= loaded.threshold <= 1.0
