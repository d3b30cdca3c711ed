"""A self-contained HTML page of an evaluation: bars ours vs baseline, breakdowns, failures first."""

from __future__ import annotations

from html import escape
from pathlib import Path

_RATES = ("hit_at_k", "mrr", "fact_recall", "citation_precision", "refusal_accuracy", "false_refusal_rate")
_LOWER_IS_BETTER = {"false_refusal_rate", "answer_chars_median", "latency_ms_p50", "latency_ms_p95"}
_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:1100px;color:#1f2933;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d9e2ec;padding-bottom:.3rem}
.metric{display:grid;grid-template-columns:190px 1fr 130px;gap:.4rem;align-items:center;margin:.25rem 0}
.bar{height:14px;border-radius:3px}.ours{background:#2f80ed}.base{background:#bcccdc}
.legend span{display:inline-block;width:12px;height:12px;margin:0 .3rem 0 1rem;vertical-align:middle}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border:1px solid #d9e2ec;padding:.3rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}.bad{background:#fde8e8}.ok{background:#e3f9e5}
details{border:1px solid #d9e2ec;border-radius:6px;margin:.5rem 0;padding:.4rem .8rem}
details.fail summary{color:#b42318}summary{cursor:pointer;font-weight:600}
.q{font-size:.9rem}.q p{margin:.3rem 0}.passage{background:#f5f7fa;border-left:3px solid #9fb3c8;padding:.3rem .6rem;margin:.3rem 0;white-space:pre-wrap}
.hit{border-left-color:#27ae60}.muted{color:#627d98}
"""


def _bar(value, scale, css) -> str:
    if value is None:
        return '<div class="muted">–</div>'
    width = 0 if not scale else max(1.0, 100.0 * float(value) / scale)
    return f'<div class="bar {css}" style="width:{width:.1f}%"></div>'


def _metric_rows(ours: dict, base: dict | None) -> str:
    out = []
    for key in (*_RATES, "answer_chars_median", "latency_ms_p50", "latency_ms_p95"):
        a, b = ours.get(key), (base or {}).get(key)
        scale = 1.0 if key in _RATES else max(v for v in (a, b, 1) if v is not None)
        label = escape(key) + (" ↓" if key in _LOWER_IS_BETTER else "")
        values = f"{a if a is not None else '–'}" + (f" / {b}" if base else "")
        bars = _bar(a, scale, "ours") + (_bar(b, scale, "base") if base else "")
        out.append(f'<div class="metric"><div>{label}</div><div>{bars}</div><div>{escape(values)}</div></div>')
    return "\n".join(out)


def _group_table(groups: dict, base_groups: dict | None) -> str:
    head = "<tr><th>group</th><th>n</th>" + "".join(f"<th>{k}</th>" for k in _RATES) + "</tr>"
    rows = []
    for name, m in groups.items():
        cells = "".join(f"<td>{'–' if m[k] is None else m[k]}</td>" for k in _RATES)
        rows.append(f"<tr><td>{escape(name)}</td><td>{m['n']}</td>{cells}</tr>")
        if base_groups and name in base_groups:
            b = base_groups[name]
            cells = "".join(f"<td class='muted'>{'–' if b[k] is None else b[k]}</td>" for k in _RATES)
            rows.append(f"<tr><td class='muted'>{escape(name)} (baseline)</td><td class='muted'>{b['n']}</td>{cells}</tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _failed(row: dict) -> bool:
    if not row["gold_answerable"]:
        return row["answerable"]
    return (not row["rank"]) or (row["fact_recall"] or 0) < 1 or not row["answerable"] or bool(row["unsupported_citations"])


def _question(row: dict) -> str:
    fail = _failed(row)
    evidence = "".join(f'<div class="passage">{escape(e["doc"])}：{escape(e["quote"])}</div>' for e in row["evidence"]) or '<p class="muted">（无：应拒答）</p>'
    retrieved = "".join(
        f'<div class="passage">[{i}] {escape(p["doc"])}<br>{escape(p["text"][:400])}</div>' for i, p in enumerate(row["retrieved"], 1)
    )
    status = "✗" if fail else "✓"
    missed = f"<p>缺失要点：{escape('、'.join(row['missed_facts']))}</p>" if row["missed_facts"] else ""
    rewritten = f"<p class='muted'>改写后问题：{escape(row['standalone_question'])}</p>" if row["standalone_question"] != row["question"] else ""
    return f"""<details class="{'fail' if fail else 'pass'}" {'open' if fail else ''}><summary>{status} {escape(row['id'])} [{escape(row['type'])}/{escape(row['lang'])}] {escape(row['question'])}</summary>
<div class="q">{rewritten}<p><b>回答</b>（{'可回答' if row['answerable'] else '拒答'}，{row['latency_ms']} ms，{escape(row.get('answerer') or '')}，置信度 {row.get('confidence') if row.get('confidence') is not None else '-'}）：{escape(row['answer'])}</p>{missed}
{f"<p class='muted'>拒答原因：{escape(row['reason'])}</p>" if row.get('reason') else ''}{f"<p class='muted'>提示：{escape(row['notice'])}</p>" if row.get('notice') else ''}
<p>首个支持段落排名：{row['rank'] or '未命中'}；不支持的引用：{len(row['unsupported_citations'])}</p>
<p><b>标准证据</b></p>{evidence}<p><b>检索结果</b></p>{retrieved}</div></details>"""


def render(result) -> str:
    base = result.baseline
    legend = '<div class="legend">'+ '<span class="ours"></span>PolicyQA' + ('<span class="base"></span>LangChain 教程基线' if base else "") + "</div>"
    rows = sorted(result.questions, key=lambda r: (not _failed(r), r["id"]))
    config = escape(", ".join(f"{k}={v}" for k, v in result.config.items()))
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>PolicyQA 评测报告</title><style>{_CSS}</style></head><body>
<h1>PolicyQA 评测报告</h1><p class="muted">{config}；共 {result.overall['n']} 题，失败 {sum(map(_failed, rows))} 题</p>
<h2>总体指标</h2>{legend}{_metric_rows(result.overall, base.overall if base else None)}
<h2>调参集与验证集</h2><p class="muted">验证集：打分模型训练时未见过的题集（按文件哈希判定）。</p>{_group_table(result.by_split, base.by_split if base else None)}
<h2>按题集</h2>{_group_table(result.by_set, base.by_set if base else None)}
<h2>按语言</h2>{_group_table(result.by_lang, base.by_lang if base else None)}
<h2>按题型</h2>{_group_table(result.by_type, base.by_type if base else None)}
<h2>逐题详情（失败在前）</h2>{''.join(_question(r) for r in rows)}
</body></html>"""


def write_report(result, path: Path) -> None:
    Path(path).write_text(render(result), encoding="utf-8")
