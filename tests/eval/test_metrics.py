"""Metric definitions from shared/eval/README.md, on hand-made cases."""

from eval.metrics import aggregate, fact_share, first_support_rank, supports

EV = {"doc": "a.txt", "quote": "到2025年，园区多晶硅产能达25万吨"}


def test_support_needs_same_doc_and_a_15_char_piece_of_the_quote():
    assert supports("a.txt", "……力争到2025年，园区多晶硅产能达25万吨以上。", EV)
    assert not supports("b.txt", "到2025年，园区多晶硅产能达25万吨", EV)
    assert not supports("a.txt", "园区多晶硅产能达到很高水平", EV)


def test_support_across_traditional_script_pinyin_and_width():
    passage = "到２０２５年，園(yuán)區(qū)多晶硅產(chǎn)能達25萬噸"
    assert supports("a.txt", passage, EV)


def test_short_quote_must_appear_whole():
    assert supports("a.txt", "增速为5%", {"doc": "a.txt", "quote": "增速5%"}) is False
    assert supports("a.txt", "规上工业增速5%。", {"doc": "a.txt", "quote": "增速5%"})


def test_rank_of_first_supporting_passage():
    passages = [("b.txt", "无关"), ("a.txt", "无关"), ("a.txt", "2025年，园区多晶硅产能达25万吨")]
    assert first_support_rank(passages, [EV], k=5) == 3
    assert first_support_rank(passages, [EV], k=2) == 0


def test_fact_share_ignores_citation_markers_and_normalises():
    assert fact_share("產能達25萬噸[1]", ["25万吨"]) == 1.0
    assert fact_share("产能为[25]万吨", ["25万吨"]) == 0.0
    assert fact_share("绿色硅加工[1]", ["绿色硅加工", "绿色食品加工"]) == 0.5


def _row(gold, said, rank=0, recall=None, support=(), answer="答", latency=10.0):
    return {"gold_answerable": gold, "answerable": said, "rank": rank, "fact_recall": recall,
            "citation_support": list(support), "answer": answer, "latency_ms": latency}


def test_aggregate_counts_refusals_and_citations():
    rows = [
        _row(True, True, rank=1, recall=1.0, support=[True, False]),
        _row(True, False, rank=2, recall=0.0),
        _row(False, False),
        _row(False, True),
    ]
    m = aggregate(rows)
    assert m["hit_at_k"] == 1.0 and m["mrr"] == 0.75
    assert m["citation_precision"] == 0.5 and m["fact_recall"] == 0.5
    assert m["refusal_accuracy"] == 0.5 and m["false_refusal_rate"] == 0.5 and m["n"] == 4
