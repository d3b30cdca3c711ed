"""With a Chroma server, 👍/👎 given through any replica are listed in one place (issue 12)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx

from assistant.services import Services
from assistant.settings import Settings
from tests.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[2]


def test_feedback_through_two_replicas_is_listed_from_the_server(tmp_path, chroma_server):
    from assistant.web.server import create_app

    for replica, user in (("replica-1", "zhangsan"), ("replica-2", "lisi")):
        settings = Settings(store=tmp_path / replica, chroma_url=chroma_server, embedder="hash")
        with LiveServer(create_app(settings, Services(settings), chat=False)) as server:
            body = {"rating": "up", "question": f"{user}的问题", "answer": "答", "citations": [{"n": 1, "doc": "a.txt"}], "user": user}
            assert httpx.post(f"{server.url}/api/v1/feedback", json=body, timeout=30).status_code == 201
        assert not (tmp_path / replica / "feedback.jsonl").exists()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POLICYQA_CHROMA_URL": chroma_server}
    listed = subprocess.run([sys.executable, "-m", "assistant.cli", "feedback", "--store", str(tmp_path / "anywhere"), "--json"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr[-2000:]
    entries = json.loads(listed.stdout)["feedback"]
    assert [e["user"] for e in entries] == ["zhangsan", "lisi"] and entries[0]["citations"] == [{"n": 1, "doc": "a.txt"}]
