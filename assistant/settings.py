"""One settings object, read once from the environment and an optional TOML file.

Every module takes a ``Settings`` instead of reading ``os.environ`` itself, so a
test or the CLI can build one explicitly and nothing else depends on globals.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from textkit.policyqa_error import PolicyQAError

_OFFLINE_ENV = {
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def force_offline() -> None:
    """Stop Gradio, Chroma and huggingface_hub from calling out; must run before they import."""
    for key, value in _OFFLINE_ENV.items():
        os.environ[key] = value


@dataclass(frozen=True)
class Settings:
    # Relative to the working directory, as the README says (not to the package, which may be in site-packages).
    store: Path = field(default_factory=lambda: Path.cwd() / "store")
    corpus: tuple[Path, ...] = field(default_factory=lambda: (Path.cwd().parent / "shared" / "corpus",))
    embedder: str = "e5"
    chroma_url: str = ""
    write_lease: float = 30.0  # seconds a killed writer blocks others on a Chroma server
    k: int = 5
    answerer: str = "extractive"
    sentence_encoder: str = "use"  # question–sentence similarity for the answer scorer: use (bundled) or none
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout: float = 30.0
    admin_token: str = ""
    max_upload_mb: int = 20
    max_question_chars: int = 2000
    examples: tuple[str, ...] = ("政策库中有哪些文件？", "这些文件提出了哪些支持措施？")  # the chat's example questions

    def with_(self, **changes) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(name: str, raw: str | list | int | float, current):
    if name == "store":
        return Path(raw).expanduser()
    if name == "examples":
        items = raw if isinstance(raw, list) else str(raw).split("|")
        return tuple(str(q).strip() for q in items if str(q).strip())
    if name == "corpus":
        items = raw if isinstance(raw, list) else str(raw).split(os.pathsep)
        return tuple(Path(p).expanduser() for p in items if p)
    if isinstance(current, bool):
        return str(raw).lower() in {"1", "true", "yes"}
    if isinstance(current, int):
        return int(raw)
    if isinstance(current, float):
        return float(raw)
    return str(raw)


def _checked_section(path: Path, data: dict) -> dict:
    """The ``[policyqa]`` table; a misspelt key would silently fall back to its default, so it is an error."""
    known = {f.name for f in fields(Settings)}
    section = data.get("policyqa", {})
    unknown = sorted(set(section) - known) + sorted(f"[{name}]" for name in set(data) - {"policyqa"})
    if unknown:
        raise PolicyQAError("settings", f"配置文件 {path} 含未知设置：{', '.join(unknown)}",
                            f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return section


def load_settings(toml_path: str | Path | None = None) -> Settings:
    """Defaults, then ``policyqa.toml`` (or ``POLICYQA_CONFIG``), then ``POLICYQA_*`` variables."""
    base = Settings()
    path = Path(toml_path or os.environ.get("POLICYQA_CONFIG", "policyqa.toml"))
    values: dict = {}
    if path.is_file():
        with path.open("rb") as fh:
            values.update(_checked_section(path, tomllib.load(fh)))
    for f in fields(Settings):
        env = os.environ.get(f"POLICYQA_{f.name.upper()}")
        if env is not None:
            values[f.name] = env
    coerced = {k: _coerce(k, v, getattr(base, k)) for k, v in values.items() if hasattr(base, k)}
    return replace(base, **coerced)
