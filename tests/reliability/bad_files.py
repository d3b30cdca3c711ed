"""Thirty-odd hostile or broken inputs, written fresh for each test run."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

GOOD = "示例园区管理办法\n一、总则\n示例园区鼓励企业入驻，年度奖补资金3000万元，用于基础设施建设。\n"


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for para in paragraphs:
        document.add_paragraph(para)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(text: str) -> bytes:
    """A minimal one-page PDF with an ASCII text layer, offsets computed so readers accept it."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _zip_bomb_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + "a" * (210 * 2**20) + "</w:document>")
    return buffer.getvalue()


def write_bad_files(folder: Path, outside: Path) -> dict[str, str]:
    """Create the files; return name → expected outcome ('skip' or 'ingest')."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: dict[str, tuple[bytes, str]] = {
        "empty.txt": (b"", "skip"),
        "blank.txt": (b"   \n\n\t  \n", "skip"),
        "image.png": (b"\x89PNG\r\n\x1a\n" + os.urandom(256), "skip"),
        "random.txt": (os.urandom(4096), "skip"),
        "nul-bytes.txt": (b"\x00" * 1000, "skip"),
        "nul-mixed.txt": (GOOD.encode() + b"\x00\x00\x00binary\x00tail", "skip"),
        "truncated.pdf": (_pdf("Policy text 2024")[:200], "skip"),
        "not-a.pdf": (b"%PDF-1.4 garbage garbage", "skip"),
        "truncated.docx": (_docx([GOOD])[:300], "skip"),
        "not-a.docx": (b"PK\x03\x04 this is not a zip", "skip"),
        "bomb.docx": (_zip_bomb_docx(), "skip"),
        "program.exe": (b"MZ\x90\x00" + os.urandom(100), "skip"),
        "chrome-only.txt": ("| 无障碍浏览 | 打开适老化模式\n分享到\n分享到微信\n".encode(), "skip"),
        "huge.txt": (b"", "skip"),  # written below: 21 MB, over the file-size limit
        "gbk.txt": (GOOD.replace("示例园区", "甲园区").encode("gbk"), "ingest"),
        "gb18030.txt": (GOOD.replace("示例园区", "乙园区").encode("gb18030"), "ingest"),
        "utf16-bom.txt": (GOOD.replace("示例园区", "丙园区").encode("utf-16"), "ingest"),
        "utf16le-nobom.txt": (GOOD.replace("示例园区", "丁园区").encode("utf-16-le"), "ingest"),
        "utf16be-nobom.txt": (GOOD.replace("示例园区", "戊园区").encode("utf-16-be"), "ingest"),
        "utf8-bom.txt": (GOOD.replace("示例园区", "己园区").encode("utf-8-sig"), "ingest"),
        "mixed-bytes.txt": (GOOD.replace("示例园区", "庚园区").encode() + "附件说明".encode("gbk"), "ingest"),
        "invalid-sequences.txt": (GOOD.replace("示例园区", "辛园区").encode() + b"\xff\xfe\xfd" + "结尾。".encode(), "ingest"),
        "long-line.txt": (("壬园区建设稳步推进，" * 60000).encode(), "ingest"),
        "crlf.txt": (GOOD.replace("示例园区", "癸园区").replace("\n", "\r\n").encode(), "ingest"),
        "emoji.txt": ("子园区🚀发展规划\n一、目标\n到2025年产值达到10亿元。😀\n".encode(), "ingest"),
        "page.html": ("<html><head><meta charset='gbk'><script>alert(1)</script><style>p{}</style></head><body><nav>首页 | 导航</nav><p>丑园区管理办法</p><p>年度资金500万元。</p></body></html>".encode("gbk"), "ingest"),
        "notes.md": ("# 寅园区规划\n\n- 到2026年产值20亿元\n- [链接](http://example.invalid)\n".encode(), "ingest"),
        "valid.docx": (_docx(["卯园区实施方案", "一、目标", "年度投资5亿元。"]), "ingest"),
        "valid.pdf": (_pdf("Chen park plan: investment 5 billion yuan in 2025."), "ingest"),
        "空格 名称.txt": ("辰园区通知\n园区将于2025年完成改造。\n".encode(), "ingest"),
        "one-char.txt": ("巳".encode(), "ingest"),
        "traditional-pinyin.txt": ("午園(yuán)區(qū)產(chǎn)業(yè)規劃\n到2025年產(chǎn)值達到30億元。\n".encode(), "ingest"),
        "script-doc.txt": ('未园区公告\n<script>alert("x")</script><img src=x onerror=alert(1)> [点我](javascript:alert(1))\n'.encode(), "ingest"),
    }
    expected = {}
    for name, (data, outcome) in cases.items():
        (folder / name).write_bytes(data)
        expected[name] = outcome
    with (folder / "huge.txt").open("wb") as fh:
        block = ("大文件内容测试。" * 1000 + "\n").encode()
        for _ in range(21 * 2**20 // len(block) + 1):
            fh.write(block)
    outside.write_text("外部文件，不应被读取。", encoding="utf-8")
    (folder / "outside-link.txt").symlink_to(outside)
    expected["outside-link.txt"] = "skip"
    (folder / "dangling.txt").symlink_to(folder / "no-such-target.txt")
    expected["dangling.txt"] = "skip"
    return expected
