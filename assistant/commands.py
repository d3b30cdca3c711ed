"""The CLI's subcommands; each returns the process exit status."""

from __future__ import annotations

import json

from assistant.cli import emit
from assistant.services import Services


def cmd_ingest(args, settings) -> int:
    services = Services(settings)
    report = services.indexer(progress=True).ingest(list(args.paths), prune=args.prune)
    summary = summary_with_store(report.summary(), services)
    lines = [
        f"added {summary['added']}, updated {summary['updated']}, unchanged {summary['unchanged']}, "
        f"skipped {summary['skipped']}, removed {summary['removed']} — {summary['chunks_written']} chunks written "
        f"in {summary['seconds']['total']:.1f}s (store: {summary['store']['documents']} documents, {summary['store']['chunks']} chunks)"
    ]
    lines += [f"skipped {s['file']}: {s['reason']}" for s in report.skipped]
    emit(args, summary, "\n".join(lines))
    nothing = not (report.added or report.updated or report.unchanged or report.removed)
    return 1 if nothing and report.skipped else 0


def summary_with_store(summary: dict, services: Services) -> dict:
    docs = services.store.documents()
    summary["store"] = {"path": str(services.settings.store), "documents": len(docs), "chunks": sum(d["chunks"] for d in docs)}
    return summary


def cmd_docs(args, settings) -> int:
    docs = Services(settings).store.documents()
    rows = [
        f"{d['source']}\t{d['chunks']} chunks\t{d['date'] or '-'}\t{d['issuer'] or '-'}\t{d['doc_number'] or '-'}\t{d['title']}"
        for d in docs
    ]
    emit(args, {"documents": docs, "count": len(docs)}, "\n".join(rows) or "(no documents)")
    return 0


def cmd_search(args, settings) -> int:
    from assistant.retrieval import Filters

    services = Services(settings)
    passages = services.retriever.retrieve(args.query, k=args.k, filters=Filters.parse(args.filter))
    payload = [
        {"rank": i + 1, "doc": p.doc, "title": p.meta.get("title", ""), "heading": p.meta.get("heading", ""), "score": round(p.score, 5), "text": p.text}
        for i, p in enumerate(passages)
    ]
    text = "\n\n".join(f"[{r['rank']}] {r['doc']} · {r['title']} · {r['score']}\n{r['text']}" for r in payload)
    emit(args, {"query": args.query, "results": payload}, text or "(no results)")
    return 0


def cmd_ask(args, settings) -> int:
    services = Services(settings)
    history = json.loads(args.history.read_text(encoding="utf-8")) if args.history else []
    result = services.pipeline.ask(args.question, history=history, k=args.k, filters=args.filter)
    payload = result.to_dict()
    lines = [payload["answer"], ""] + [f"[{c['n']}] {c['doc']} · {c['title']} · {c['date'] or '-'}\n    {c['text'][:160]}" for c in payload["citations"]]
    emit(args, payload, "\n".join(lines))
    return 0


def cmd_feedback(args, settings) -> int:
    from assistant.feedback_log import FeedbackLog

    entries = [e for e in FeedbackLog.for_settings(settings).entries() if not args.rating or e["rating"] == args.rating]
    up = sum(e["rating"] == "up" for e in entries)
    lines = [f"{e['time']}\t{'+1' if e['rating'] == 'up' else '-1'}\t{e['user'] or '-'}\t{e['question']}" for e in entries]
    summary = f"{len(entries)} judgements: {up} up, {len(entries) - up} down"
    emit(args, {"count": len(entries), "up": up, "down": len(entries) - up, "feedback": entries}, "\n".join(lines + [summary]))
    return 0


def cmd_eval(args, settings) -> int:
    from eval.cli import run_from_cli

    return run_from_cli(args, settings)


_SHOWN = ("hit_at_k", "fact_recall", "citation_precision", "refusal_accuracy", "false_refusal_rate", "answer_chars_median", "n")


def cmd_train(args, settings) -> int:
    from assistant.answering.sentence_scorer import DEFAULT_PATH
    from eval.train import train

    services = Services(settings)
    out = args.out or DEFAULT_PATH
    result = train(services.pipeline, list(args.dataset), out, folds=args.folds)
    if args.validate:
        from eval.train import record_validation

        result = record_validation(services.pipeline, list(args.validate), out)
    cv = result["cross_validation"]
    text = (f"wrote {args.out or DEFAULT_PATH}: {result['examples']} sentences of {result['questions']} questions; "
            f"answerability threshold {result['answerability']['threshold']:.3f}, second-sentence ratio {result['second_ratio']}, next-sentence ratio {result['neighbor_ratio']}; "
            f"{cv['folds']}-fold: fact recall {cv['fact_recall']}, refusal accuracy {cv['refusal_accuracy']}, false refusals {cv['false_refusal_rate']}")
    for item in result.get("validation", []):
        text += f"\nvalidation {item['file']}: " + ", ".join(f"{k} {v}" for k, v in item["overall"].items() if k in _SHOWN)
    emit(args, result, text)
    return 0


def cmd_serve(args, settings) -> int:
    from assistant.web.server import serve

    return serve(settings, host=args.host, port=args.port, root_path=args.root_path, ingest_default=not args.no_ingest,
                 workers=args.workers)


def cmd_bench(args, settings) -> int:
    from eval.bench.runner import run_from_cli

    return run_from_cli(args, settings)
