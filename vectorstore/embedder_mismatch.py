"""A store refuses vectors from a second model: their distances mean nothing together."""

from __future__ import annotations

from textkit.policyqa_error import PolicyQAError


class EmbedderMismatch(PolicyQAError):
    """Raised before any work starts, so an upload answers 409 instead of failing halfway."""

    def __init__(self, root, recorded: dict, info: dict) -> None:
        en = (
            f"store {root} was built with embedder '{recorded.get('name')}' ({recorded.get('dim')} dims), "
            f"not '{info['name']}' ({info['dim']} dims); use that embedder or a new --store"
        )
        zh = f"知识库由嵌入模型 {recorded.get('name')} 构建，与当前配置的 {info['name']} 不一致，无法入库"
        super().__init__("embedder", zh, en, status=409)
