"""The CLI as a user runs it: --json on stdout, progress and errors on stderr."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args):
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_docs_search_and_ask_json(store_dir):
    docs = json.loads(_run("docs", "--store", str(store_dir), "--json").stdout)
    assert docs["count"] == 5
    by_number = [d for d in docs["documents"] if d["doc_number"] == "昆发改地区函〔2023〕45号"]
    assert by_number and by_number[0]["date"] == "2023-06-16"
    hits = json.loads(_run("search", "多晶硅产能", "--store", str(store_dir), "--k", "3", "--json").stdout)
    assert len(hits["results"]) == 3 and hits["results"][0]["doc"].endswith(".txt")
    answer = json.loads(_run("ask", "昌宁产业园区到2025年多晶硅产能目标是多少？", "--store", str(store_dir), "--json").stdout)
    assert answer["answerable"] and "万吨" in answer["answer"] and answer["citations"][0]["n"] == 1


def test_errors_are_one_line_on_stderr(store_dir):
    result = _run("ask", "  ", "--store", str(store_dir))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines()[-1].startswith("policyqa ask: error: question:")
    result = _run("ask", "主导产业", "--store", str(store_dir), "--filter", "province=云南")
    assert result.returncode == 2 and "unknown filter key 'province'" in result.stderr


def test_second_ingest_reports_unchanged(store_dir, corpus):
    result = _run("ingest", str(corpus), "--store", str(store_dir), "--json")
    summary = json.loads(result.stdout)
    assert result.returncode == 0 and summary["added"] == 0 and summary["unchanged"] == 5


def test_nothing_ingestible_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = _run("ingest", str(tmp_path), "--store", str(tmp_path / "store"), "--embedder", "hash")
    assert result.returncode == 1 and "empty.txt: empty file" in result.stdout


def test_serve_workers_must_be_a_whole_number(tmp_path):
    for bad in ("0", "two", "-1"):
        result = _run("serve", "--store", str(tmp_path), "--workers", bad, "--no-ingest")
        assert result.returncode == 2 and "--workers must be a whole number of processes, at least 1" in result.stderr


def test_serve_workers_refuses_a_port_in_use(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)  # even a listener that allows sharing
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _run("serve", "--store", str(tmp_path), "--workers", "2", "--no-ingest", "--port", str(port))
    assert result.returncode == 2 and f"port {port} on 127.0.0.1 is already in use" in result.stderr
