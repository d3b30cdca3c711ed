"""The one error type shown to people: the field at fault, a Chinese message for officials, an English one for developers.

The API renders it as ``{"error": {"field", "message_zh", "message_en"}}`` with
``status``, the chat shows ``message_zh``, and the CLI prints ``str(exc)``.
"""

from __future__ import annotations


class PolicyQAError(ValueError):
    """A request or operation refused for a reason the caller can fix; ``status`` is the HTTP status to answer with."""

    def __init__(self, field: str, message_zh: str, message_en: str, status: int = 400) -> None:
        self.field, self.message_zh, self.message_en, self.status = field, message_zh, message_en, status
        super().__init__(f"{field}: {message_zh} ({message_en})")

    def to_dict(self) -> dict:
        return {"field": self.field, "message_zh": self.message_zh, "message_en": self.message_en, "message": str(self)}
