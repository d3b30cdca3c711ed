"""Pick the loader for a file by its suffix and turn loader failures into one-line skips."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import SkipFile
from ingest.loaders.docx_loader import DocxLoader
from ingest.loaders.html_loader import HtmlLoader
from ingest.loaders.pdf_loader import PdfLoader
from ingest.loaders.text_loader import MarkdownLoader, TextLoader

_LOADERS = (TextLoader(), MarkdownLoader(), HtmlLoader(), DocxLoader(), PdfLoader())
SUPPORTED_SUFFIXES = tuple(s for loader in _LOADERS for s in loader.suffixes if s)
MAX_FILE_BYTES = 20 * 1024 * 1024


class LoaderFactory:
    @staticmethod
    def create(path: Path):
        suffix = path.suffix.lower()
        for loader in _LOADERS:
            if suffix in loader.suffixes:
                return loader
        raise SkipFile(path, f"unsupported file type '{suffix or '(none)'}'; supported: {', '.join(SUPPORTED_SUFFIXES)}")

    @classmethod
    def load(cls, path: Path, data: bytes | None = None) -> str:
        """Read and decode one file; every failure becomes a ``SkipFile`` naming it."""
        loader = cls.create(path)
        if data is None:
            data = _read(path)
        if not data.strip():
            raise SkipFile(path, "empty file")
        try:
            text = loader.load(path, data)
        except SkipFile:
            raise
        except Exception as exc:  # a loader library may raise anything on a corrupt file
            raise SkipFile(path, str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
        if not text.strip():
            raise SkipFile(path, "no text found in the file")
        return text


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SkipFile(path, f"file is {size // 2**20} MiB, over the {MAX_FILE_BYTES // 2**20} MiB limit; split it")
        return path.read_bytes()
    except PermissionError as exc:
        raise SkipFile(path, "permission denied; make the file readable") from exc
    except OSError as exc:
        raise SkipFile(path, f"cannot read file ({exc.strerror or exc})") from exc
