"""Word .docx: paragraphs and table cells in document order."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

_MAX_XML_BYTES = 200 * 1024 * 1024


class DocxLoader:
    suffixes = (".docx",)

    def load(self, path: Path, data: bytes) -> str:
        _check_archive(data)
        import docx

        document = docx.Document(io.BytesIO(data))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                lines.append(" ".join(cell.text.strip() for cell in row.cells))
        return "\n".join(lines)


def _check_archive(data: bytes) -> None:
    """Refuse zip bombs before python-docx inflates them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        msg = "corrupt or truncated .docx (not a valid zip archive)"
        raise ValueError(msg) from exc
    if total > _MAX_XML_BYTES:
        msg = f"the .docx expands to {total // 2**20} MiB; refusing a possible zip bomb"
        raise ValueError(msg)
