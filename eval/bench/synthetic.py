"""A deterministic synthetic policy corpus with the real corpus's structure, made at bench time.

Documents have a title naming a place and a park, 一、/（一） headings, clauses
with figures and units, and one in ten is written in traditional script.
Each document also yields questions with a known answer, for latency runs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from textkit.places import gazetteer

TOPICS = ["产业园区振兴三年行动计划", "开发区高质量发展实施方案", "园区基础设施建设规划", "招商引资若干措施", "产业集群培育方案"]
INDUSTRIES = ["食品加工", "硅材料加工", "新能源电池", "生物医药", "先进装备制造", "数字经济", "新材料", "现代物流", "文化旅游", "有色金属"]
MEASURES = [("营业收入", "亿元"), ("固定资产投资", "亿元"), ("多晶硅产能", "万吨"), ("新增就业", "人"), ("标准厂房面积", "万平方米"), ("专项债券资金", "亿元"), ("规上企业", "户"), ("研发投入强度", "%")]
HEADS = ["一、总体要求", "二、发展目标", "三、主要任务", "四、保障措施", "五、组织实施"]
SUBS = ["（一）主导产业聚集工程", "（二）基础设施提升工程", "（三）创新能力聚合工程", "（四）营商环境优化工程"]


def _places(level: str) -> list[str]:
    """Short place names of one level, in a fixed order so a seed gives the same corpus."""
    return gazetteer().level_names(level)


@dataclass
class SyntheticQuestion:
    question: str
    region: str
    doc: str


class SyntheticCorpus:
    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)

    def _sentence(self, park: str, year: int) -> tuple[str, str, str]:
        measure, unit = self.rng.choice(MEASURES)
        value = round(self.rng.uniform(1, 500), self.rng.choice([0, 1, 2]))
        industry = "、".join(self.rng.sample(INDUSTRIES, 3))
        text = (f"到{year}年，{park}{measure}达到{value}{unit}，围绕{industry}等主导产业延链补链强链，"
                f"完善水、电、路、气、通信等配套设施，推动项目早落地、早投产、早见效。")
        return text, measure, f"{value}{unit}"

    def _document(self, index: int, target_chars: int) -> tuple[str, str, SyntheticQuestion]:
        region = self.rng.choice(_places("city") + _places("county"))
        province = self.rng.choice(_places("province"))
        park = f"{region}{self.rng.choice(['产业园区', '经开区', '高新区'])}"
        year = self.rng.randint(2021, 2030)
        title = f"{province}{park}{self.rng.choice(TOPICS)}（{year - 2}—{year}年）"
        lines, question = [title, f"发布机构：{region}发展和改革局", f"发布日期：{year - 2}-0{self.rng.randint(1, 9)}-1{self.rng.randint(0, 9)}"], None
        while sum(map(len, lines)) < target_chars:
            lines.append(self.rng.choice(HEADS))
            lines.append(self.rng.choice(SUBS))
            text, measure, value = self._sentence(park, year)
            lines.append(text + text.replace(str(year), str(year - 1)))
            question = question or SyntheticQuestion(f"到{year}年{park}{measure}要达到多少？", region, f"synthetic-{index:06d}.txt")
        return "\n".join(lines), f"synthetic-{index:06d}.txt", question

    def write(self, folder: Path, chunks: int, chars_per_chunk: int = 300, chunks_per_doc: int = 45) -> list[SyntheticQuestion]:
        """Write about ``chunks`` chunks worth of documents into ``folder``; return one question per document."""
        from opencc import OpenCC

        to_traditional = OpenCC("s2t")
        folder.mkdir(parents=True, exist_ok=True)
        questions = []
        for i in range(max(1, chunks // chunks_per_doc)):
            text, name, question = self._document(i, chars_per_chunk * chunks_per_doc)
            if i % 10 == 9:
                text = to_traditional.convert(text)
            (folder / name).write_text(text, encoding="utf-8")
            questions.append(question)
        return questions
