import pytest

from ingest.loaders.decode import decode_bytes

SAMPLE = "关于推进产业园区高质量发展的通知\n一、总体要求。到2025年，园区产值增长20%。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_round_trips_common_chinese_encodings(encoding):
    text, _ = decode_bytes(SAMPLE.encode(encoding))
    assert text == SAMPLE


def test_binary_is_refused():
    with pytest.raises(ValueError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)


def test_invalid_bytes_are_refused_not_garbled():
    with pytest.raises(ValueError, match="undecodable"):
        decode_bytes(bytes([0x80, 0xFF, 0xFE, 0x81, 0x7F, 0xC0]) * 200)
