"""HTTP load against a running server: N concurrent clients, bounded requests, loopback only."""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor

import httpx


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))], 1) if ordered else 0.0


def wait_healthy(url: str, seconds: float) -> bool:
    """Poll ``url``/healthz until it answers 200 or ``seconds`` pass."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            time.sleep(0.3)
    return False


def http_load(url: str | list[str], questions: list[str], clients: int, requests_per_client: int) -> dict:
    """p50/p95 latency, throughput and errors for ``clients`` concurrent askers.

    With several URLs (replicas), client ``i`` asks ``url[i % len(url)]`` throughout,
    as a load balancer with sticky connections would spread them.
    """
    urls = [url] if isinstance(url, str) else list(url)

    def worker(offset: int) -> list[tuple[float, bool]]:
        out = []
        base = urls[offset % len(urls)]
        with httpx.Client(timeout=60) as client:
            for i in range(requests_per_client):
                question = questions[(offset * requests_per_client + i) % len(questions)]
                started = time.perf_counter()
                try:
                    ok = client.post(f"{base}/api/v1/ask", json={"question": question}).status_code == 200
                except httpx.HTTPError:
                    ok = False
                out.append(((time.perf_counter() - started) * 1000, ok))
        return out

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = [r for rows in pool.map(worker, range(clients)) for r in rows]
    elapsed = time.perf_counter() - started
    latencies = [ms for ms, _ in results]
    return {
        "clients": clients,
        "requests": len(results),
        "errors": sum(1 for _, ok in results if not ok),
        "p50_ms": _p(latencies, 0.5),
        "p95_ms": _p(latencies, 0.95),
        "mean_ms": round(statistics.mean(latencies), 1) if latencies else 0.0,
        "throughput_rps": round(len(results) / elapsed, 1),
    }
