"""Run the benchmark at each size and print one table; JSON with every figure on request."""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.retrieval import Filters
from assistant.services import Services
from assistant.settings import Settings
from eval.bench.load import http_load, wait_healthy
from eval.bench.synthetic import SyntheticCorpus
from eval.bench.tutorial import EmbedderAdapter, tutorial_ingest, tutorial_query_ms
from textkit.normalize import normalize
from vectorstore.embedders import EmbedderFactory

ROUNDS = 3


def _stats(values: list[float]) -> dict:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * (len(ordered) - 1) + 0.5))]
    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2), "n": len(ordered)}


def _timed(fn, items) -> list[float]:
    out = []
    for _ in range(ROUNDS):
        for item in items:
            started = time.perf_counter()
            fn(item)
            out.append((time.perf_counter() - started) * 1000)
    return out


def _ingest(services: Services, docs: Path, embedder) -> dict:
    report = services.indexer(progress=True).ingest([docs])
    chunks = sum(d["chunks"] for d in services.store.documents())
    snap = services.store.snapshot()
    sample = [normalize(c.search_text()) for c in list(snap.chunks.values())[:1000]]
    started = time.perf_counter()
    for i in range(0, len(sample), embedder.batch_size):
        embedder.embed_passages(sample[i : i + embedder.batch_size])
    raw = len(sample) / (time.perf_counter() - started)
    s = report.seconds
    pipeline_embed = chunks / s["embed"] if s["embed"] else 0.0
    return {
        "chunks": chunks, "documents": len(report.added),
        "seconds": {k: round(v, 2) for k, v in s.items()},
        "chunks_per_s": round(chunks / s["total"], 1),
        "embed_chunks_per_s": round(pipeline_embed, 1), "raw_embed_chunks_per_s": round(raw, 1),
        "embed_vs_raw": round(pipeline_embed / raw, 3) if raw else None,
        "non_embedding_share": round(1 - s["embed"] / s["total"], 3),
    }


def _queries(services: Services, questions) -> dict:
    texts = [q.question for q in questions]
    retriever, pipeline = services.retriever, services.pipeline
    pipeline.ask(texts[0])
    by_region = [(q.question, Filters(region=q.region)) for q in questions]
    return {
        "retrieve": _stats(_timed(lambda q: retriever.retrieve(q, k=5), texts)),
        "retrieve_filtered": _stats(_timed(lambda qf: retriever.retrieve(qf[0], k=5, filters=qf[1]), by_region)),
        "ask": _stats(_timed(lambda q: pipeline.ask(q), texts)),
        "ask_filtered": _stats(_timed(lambda qf: pipeline.ask(qf[0], filters=qf[1]), by_region)),
        "answered": sum(pipeline.ask(q).answerable for q in texts[:20]),
    }


def _serve(store: Path, port: int):
    env = dict(os.environ, POLICYQA_STORE=str(store), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--no-ingest", "--workers", "1", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    if wait_healthy(f"http://127.0.0.1:{port}", 300):
        return proc
    os.killpg(proc.pid, signal.SIGKILL)
    msg = "bench server did not start"
    raise RuntimeError(msg)


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _http_figures(store: Path, questions, port: int) -> dict:
    proc = _serve(store, port)
    try:
        texts = [q.question for q in questions]
        url = f"http://127.0.0.1:{port}"
        runs = [http_load(url, texts, clients, 10 if clients < 32 else 4) for clients in (1, 8, 32)]
        return {"load": runs, "server_peak_rss_mb": _peak_rss_mb(proc.pid)}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def _tutorial(docs: Path, embedder, questions, work: Path) -> dict:
    files = sorted(docs.glob("*.txt"))
    store, ingest = tutorial_ingest(files, EmbedderAdapter(embedder), work / "tutorial")
    latencies = tutorial_query_ms(store, [q.question for q in questions] * ROUNDS)
    return {"ingest": ingest, "query": _stats(latencies)}


def bench_size(n: int, embedder_name: str, work: Path, port: int) -> dict:
    docs = work / f"docs-{n}"
    questions = SyntheticCorpus().write(docs, n)[:50]
    settings = Settings(store=work / f"store-{n}", embedder=embedder_name)
    services = Services(settings)
    embedder = EmbedderFactory.create(embedder_name)
    result = {"target_chunks": n, "embedder": embedder_name, "ingest": _ingest(services, docs, embedder)}
    result["query"] = _queries(services, questions)
    result["http"] = _http_figures(settings.store, questions, port)
    result["tutorial"] = _tutorial(docs, embedder, questions, work / f"t-{n}")
    ours, theirs = result["ingest"]["chunks_per_s"], result["tutorial"]["ingest"]["chunks_per_s"]
    result["vs_tutorial"] = {
        "ingest_chunks_per_s_ratio": round(ours / theirs, 2) if theirs else None,
        "retrieve_p50_ratio_their_over_ours": round(result["tutorial"]["query"]["p50_ms"] / result["query"]["retrieve"]["p50_ms"], 2),
    }
    return result


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _row(r: dict) -> list[str]:
    i, q, h, t = r["ingest"], r["query"], r["http"], r["tutorial"]
    load = {x["clients"]: x for x in h["load"]}
    return [
        f"chunks {i['chunks']} ({r['embedder']})",
        f"ingest {i['chunks_per_s']}/s (parse {i['seconds']['parse']}s, embed {i['seconds']['embed']}s, index {i['seconds']['index']}s); embed {i['embed_chunks_per_s']}/s vs raw {i['raw_embed_chunks_per_s']}/s = {i['embed_vs_raw']}; non-embedding share {i['non_embedding_share']}",
        f"retrieve p50/p95 {q['retrieve']['p50_ms']}/{q['retrieve']['p95_ms']} ms, filtered {q['retrieve_filtered']['p50_ms']}/{q['retrieve_filtered']['p95_ms']} ms",
        f"ask p50/p95 {q['ask']['p50_ms']}/{q['ask']['p95_ms']} ms, filtered {q['ask_filtered']['p50_ms']}/{q['ask_filtered']['p95_ms']} ms",
        "http " + "; ".join(f"{c} clients p50/p95 {x['p50_ms']}/{x['p95_ms']} ms, {x['throughput_rps']} req/s, errors {x['errors']}/{x['requests']}" for c, x in load.items()),
        f"server peak RSS {h['server_peak_rss_mb']} MB",
        f"tutorial ingest {t['ingest']['chunks_per_s']}/s ({t['ingest']['chunks']} chunks), query p50/p95 {t['query']['p50_ms']}/{t['query']['p95_ms']} ms; ours/theirs ingest {r['vs_tutorial']['ingest_chunks_per_s_ratio']}x",
    ]


def markdown(results: dict) -> str:
    """The BENCHMARKS.md table: one column per size."""
    sizes = results["sizes"]
    head = "| figure | " + " | ".join(f"{r['ingest']['chunks']:,} chunks" for r in sizes) + " |"
    rule = "|---|" + "---|" * len(sizes)

    def row(label, fn):
        return f"| {label} | " + " | ".join(fn(r) for r in sizes) + " |"

    def load(r, clients):
        x = next(item for item in r["http"]["load"] if item["clients"] == clients)
        return f"{x['p50_ms']} / {x['p95_ms']} ms, {x['throughput_rps']} req/s, {x['errors']} errors of {x['requests']}"

    lines = [head, rule,
        row("embedder", lambda r: r["embedder"]),
        row("ingest end to end (chunks/s)", lambda r: str(r["ingest"]["chunks_per_s"])),
        row("ingest split: parse+clean+chunk / embed / index (s)", lambda r: " / ".join(str(r["ingest"]["seconds"][k]) for k in ("parse", "embed", "index"))),
        row("embed in pipeline vs raw (chunks/s, ratio)", lambda r: f"{r['ingest']['embed_chunks_per_s']} vs {r['ingest']['raw_embed_chunks_per_s']} ({r['ingest']['embed_vs_raw']})"),
        row("non-embedding share of ingest", lambda r: str(r["ingest"]["non_embedding_share"])),
        row("retrieval p50 / p95", lambda r: f"{r['query']['retrieve']['p50_ms']} / {r['query']['retrieve']['p95_ms']} ms"),
        row("retrieval with region filter p50 / p95", lambda r: f"{r['query']['retrieve_filtered']['p50_ms']} / {r['query']['retrieve_filtered']['p95_ms']} ms"),
        row("ask (hybrid + extractive) p50 / p95", lambda r: f"{r['query']['ask']['p50_ms']} / {r['query']['ask']['p95_ms']} ms"),
        row("ask with region filter p50 / p95", lambda r: f"{r['query']['ask_filtered']['p50_ms']} / {r['query']['ask_filtered']['p95_ms']} ms"),
        row("HTTP 1 client p50 / p95", lambda r: load(r, 1)),
        row("HTTP 8 clients p50 / p95", lambda r: load(r, 8)),
        row("HTTP 32 clients p50 / p95", lambda r: load(r, 32)),
        row("server peak RSS", lambda r: f"{r['http']['server_peak_rss_mb']} MB"),
        row("tutorial ingest (chunks/s, its 1000-char chunks)", lambda r: f"{r['tutorial']['ingest']['chunks_per_s']} ({r['tutorial']['ingest']['chunks']:,} chunks)"),
        row("tutorial similarity_search p50 / p95", lambda r: f"{r['tutorial']['query']['p50_ms']} / {r['tutorial']['query']['p95_ms']} ms"),
    ]
    return "\n".join(lines) + "\n"


def run_from_cli(args, settings) -> int:
    sizes = [int(x) for x in str(args.chunks).split(",") if x.strip()]
    work = Path(tempfile.mkdtemp(prefix="policyqa-bench-"))
    results = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}, "sizes": []}
    try:
        for n in sizes:
            print(f"bench: {n} chunks with embedder '{args.embedder}'", file=sys.stderr)
            result = bench_size(n, args.embedder, work, _free_port())
            results["sizes"].append(result)
            print("\n".join(_row(result)), file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.out:
        Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        Path(args.out).with_suffix(".md").write_text(markdown(results), encoding="utf-8")
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
    else:
        for result in results["sizes"]:
            print("\n".join(_row(result)) + "\n")
    return 0
