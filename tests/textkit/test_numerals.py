import pytest

from textkit.numerals import arabic_numerals


@pytest.mark.parametrize(("text", "expected"), [
    ("五年", "5年"), ("百分之二十", "20%"), ("百分之五点五左右", "5.5%左右"), ("三分之一", "1/3"),
    ("二〇二三年", "2023年"), ("七个重点园区", "7个重点园区"), ("两年内", "2年内"),
])
def test_numbers_become_arabic(text, expected):
    assert arabic_numerals(text) == expected


@pytest.mark.parametrize("text", ["一园一策", "统一", "一些", "十四五规划", "万众一心", "一是"])
def test_words_that_contain_numerals_stay(text):
    assert arabic_numerals(text) == text
