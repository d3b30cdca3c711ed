"""Question sets in the JSONL format of ``shared/eval/README.md``."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)
REQUIRED = ("id", "question", "answerable")


@dataclass
class EvalQuestion:
    id: str
    question: str
    answerable: bool
    type: str = ""
    lang: str = ""
    answer_facts: list[str] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    set: str = ""  # the file it came from
    split: str = ""  # 'tuning' when the shipped scorer was fitted on its file, else 'validation'


def load_dataset(path: Path) -> tuple[list[EvalQuestion], list[str]]:
    """Questions and the warnings for lines skipped (malformed JSON, with their line numbers)."""
    questions, warnings = [], []
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        msg = f"dataset {path}: cannot read ({exc.strerror or exc})"
        raise ValueError(msg) from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            warnings.append(f"{Path(path).name}:{number}: malformed JSON ({exc.msg}); line skipped")
            continue
        questions.append(_question(row, Path(path).name, number))
    if not questions:
        msg = f"dataset {path}: no questions found"
        raise ValueError(msg)
    return questions, warnings


def _question(row: dict, name: str, number: int) -> EvalQuestion:
    if not isinstance(row, dict):
        msg = f"{name}:{number}: each line must be a JSON object"
        raise ValueError(msg)
    missing = [key for key in REQUIRED if key not in row]
    if missing:
        msg = f"{name}:{number}: missing required field '{missing[0]}'"
        raise ValueError(msg)
    if row["answerable"] and not row.get("evidence"):
        msg = f"{name}:{number}: answerable question '{row['id']}' has no 'evidence'"
        raise ValueError(msg)
    known = {k: row[k] for k in EvalQuestion.__dataclass_fields__ if k in row and k not in ("set", "split")}
    known["id"] = str(known["id"])
    return EvalQuestion(**known)
