"""Upload jobs are kept under the store, so another worker of `serve --workers N` reads them (issue 12, item 3)."""

from __future__ import annotations

import json
import subprocess
import sys

from assistant.web.jobs import JobRunner


def test_a_job_is_read_back_by_another_runner_on_the_same_folder(tmp_path):
    runner, other = JobRunner(tmp_path), JobRunner(tmp_path)
    job = runner.submit("upload", "a.txt", lambda progress: (progress("parse", 1, 1), {"added": ["a.txt"]})[1])
    runner.wait(job["id"], 10)
    seen = other.get(job["id"])
    assert seen["status"] == "done" and seen["result"] == {"added": ["a.txt"]} and seen["progress"]["stage"] == "parse"
    assert other.get("not-a-job-id") is None and other.get("0123456789abcdef") is None


def test_a_running_job_whose_process_died_reads_as_failed(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    runner = JobRunner(tmp_path)
    job = runner.submit("upload", "b.txt", lambda progress: {})
    runner.wait(job["id"], 10)
    state = json.loads((tmp_path / f"{job['id']}.json").read_text())
    state.update(status="running", worker={**state["worker"], "pid": int(dead)})
    (tmp_path / f"{job['id']}.json").write_text(json.dumps(state))
    seen = JobRunner(tmp_path).get(job["id"])
    assert seen["status"] == "failed" and seen["error"]["field"] == "job" and "重新上传" in seen["error"]["message_zh"]
