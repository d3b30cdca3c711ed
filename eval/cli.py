"""``policyqa eval``: run, print the table (ours beside the baseline), write JSON and the HTML report."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from eval.metrics import METRIC_KEYS
from eval.runner import run_eval

_SHOWN = [k for k in METRIC_KEYS]


def _fmt(value) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) and value <= 1.0 else f"{value:g}"


def _ratio(ours, theirs) -> str:
    if not isinstance(ours, (int, float)) or not isinstance(theirs, (int, float)) or not theirs:
        return "-"
    return f"{ours / theirs:.2f}x"


def table(result) -> str:
    rows = [("metric", "policyqa", "baseline", "ratio")] if result.baseline else [("metric", "policyqa")]
    for key in _SHOWN:
        ours = result.overall.get(key)
        if result.baseline:
            theirs = result.baseline.overall.get(key)
            rows.append((key, _fmt(ours), _fmt(theirs), _ratio(ours, theirs)))
        else:
            rows.append((key, _fmt(ours)))
    for group, data in (("split", result.by_split), ("set", result.by_set), ("lang", result.by_lang), ("type", result.by_type)):
        for name, metrics in data.items():
            rows.append((f"{group}={name} (n={metrics['n']})", f"hit {_fmt(metrics['hit_at_k'])} facts {_fmt(metrics['fact_recall'])} cite {_fmt(metrics['citation_precision'])} refuse {_fmt(metrics['refusal_accuracy'])} false-refuse {_fmt(metrics['false_refusal_rate'])} chars {_fmt(metrics['answer_chars_median'])}"))
    width = max(len(r[0]) for r in rows)
    return "\n".join("  ".join([r[0].ljust(width), *[c.rjust(10) for c in r[1:]]]) for r in rows)


def run_from_cli(args, settings) -> int:
    result = run_eval(list(args.dataset), settings, k=args.k, url=args.url, baseline=args.baseline, progress=True, ingest=not args.no_ingest)
    payload = result.to_dict()
    out = args.out or (Path(args.json) if args.json and args.json != "-" else None)
    if out:
        out.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.report:
        from eval.report import write_report

        write_report(result, args.report)
    if args.json == "-":
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(table(result))
        for path in filter(None, (out, args.report)):
            print(f"wrote {path}")
    return 0
