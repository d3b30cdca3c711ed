"""``policyqa``: one command for every job. ``--json`` prints one JSON document on stdout;
progress and logs go to stderr."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from assistant.settings import force_offline, load_settings

force_offline()


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, help="store directory (default: settings / POLICYQA_STORE)")
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")


def _workers(text: str) -> int:
    """``--workers``: a whole number of processes, at least 1."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"--workers must be a whole number of processes, at least 1 (got '{text}')")
    return int(text)


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policyqa", description="Question answering over Chinese policy texts.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="index files or folders")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--prune", action="store_true", help="remove documents whose files are gone")
    p.add_argument("--embedder", help="e5 (default), use, minilm, st:MODEL_OR_DIR, openai:MODEL")
    _common(p)
    p = sub.add_parser("docs", help="list indexed documents")
    _common(p)
    p = sub.add_parser("search", help="ranked passages for a query")
    p.add_argument("query")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE")
    _common(p)
    p = sub.add_parser("ask", help="answer a question with cited passages")
    p.add_argument("question")
    p.add_argument("--k", type=int)
    p.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--history", type=Path, help="JSON file with earlier turns [{role, content}]")
    _common(p)
    p = sub.add_parser("eval", help="measure answer accuracy on a question set")
    p.add_argument("--dataset", type=Path, action="append", required=True, help="JSONL question set (repeatable)")
    p.add_argument("--no-ingest", action="store_true", help="do not ingest the corpora a dataset needs")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--baseline", action="store_true", help="also run the LangChain tutorial pipeline")
    p.add_argument("--report", type=Path, help="write a self-contained HTML report")
    p.add_argument("--url", help="evaluate a running server's REST API instead")
    p.add_argument("--out", type=Path, help="write the JSON result to this file")
    p.add_argument("--store", type=Path, help="store directory (default: settings / POLICYQA_STORE)")
    p.add_argument("--json", nargs="?", const="-", metavar="OUT", help="JSON result on stdout, or to OUT")
    p = sub.add_parser("train", help="refit the answer-sentence scorer from question sets")
    p.add_argument("--dataset", type=Path, action="append", required=True, help="JSONL question set (repeatable)")
    p.add_argument("--out", type=Path, help="scorer file to write (default: the one the package ships)")
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--validate", type=Path, action="append", default=[], help="held-out JSONL set to measure the new scorer on and record in its file (repeatable)")
    _common(p)
    p = sub.add_parser("serve", help="web chat, REST API and widget")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--root-path", default="")
    p.add_argument("--no-ingest", action="store_true", help="do not ingest the default corpus into an empty store")
    p.add_argument("--workers", type=_workers, default=_cores(), help=f"processes serving one port (default: the number of cores, here {_cores()}; 1 = one process)")
    _common(p)
    p = sub.add_parser("feedback", help="list officials' 👍/👎 on answers (feedback.jsonl in the store)")
    p.add_argument("--rating", choices=["up", "down"], help="only this rating")
    _common(p)
    p = sub.add_parser("bench", help="throughput, latency and memory figures")
    p.add_argument("--chunks", default="10000,100000")
    p.add_argument("--embedder", default="use")
    p.add_argument("--out", type=Path)
    _common(p)
    return parser


def _quiet_libraries() -> None:
    """Libraries that log at DEBUG on import (jieba, bm25s) would bury the progress lines."""
    import bm25s  # noqa: F401 - sets its logger to DEBUG on import; undone below
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for noisy in ("httpx", "chromadb", "jieba", "bm25s", "urllib3", "sentence_transformers"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    _quiet_libraries()
    try:
        settings = load_settings().with_(store=args.store, embedder=getattr(args, "embedder", None) if args.command == "ingest" else None)
        from assistant import commands

        return getattr(commands, f"cmd_{args.command}")(args, settings)
    except (ValueError, RuntimeError, OSError) as exc:
        print(f"policyqa {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"policyqa {args.command}: interrupted", file=sys.stderr)
        return 130


def emit(args, payload, text: str) -> None:
    if args.json:
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(text)


if __name__ == "__main__":
    sys.exit(main())
