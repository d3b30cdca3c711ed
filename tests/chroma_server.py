"""A real `chroma run` on a loopback port, for tests of server mode."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.live_server import free_port


def chroma_binary() -> str:
    found = Path(sys.executable).with_name("chroma")
    return str(found) if found.exists() else (shutil.which("chroma") or "")


def heartbeat(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


class ChromaServer:
    """Starts ``chroma run --path DATA`` and waits for its heartbeat; stops it on exit."""

    def __init__(self, data: Path) -> None:
        self.data, self.port = data, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "ChromaServer":
        binary = chroma_binary()
        if not binary:
            raise FileNotFoundError("chroma CLI not installed")
        self.proc = subprocess.Popen([binary, "run", "--path", str(self.data), "--host", "127.0.0.1", "--port", str(self.port)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline and not heartbeat(self.url):
            time.sleep(0.3)
        if not heartbeat(self.url):
            self.__exit__()
            raise RuntimeError("chroma server did not start")
        return self

    def __exit__(self, *exc) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
