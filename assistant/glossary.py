"""English → Chinese policy vocabulary, so English questions reach Chinese passages by keyword too.

The bundled dense model is weak across languages on this domain (0/4 English
questions measured); a glossary of the field's standard terms is exact and
cheap. Longer phrases are matched first.
"""

from __future__ import annotations

import re

_TERMS = {
    "leading industries": "主导产业", "leading industry": "主导产业", "pillar industries": "支柱产业",
    "industrial park": "产业园区", "industrial parks": "产业园区", "industry park": "产业园区",
    "development zone": "开发区", "development zones": "开发区", "economic development zone": "经济开发区",
    "high-tech zone": "高新区", "high tech zone": "高新区", "economic and technological development zone": "经开区",
    "industrial chain": "产业链", "industrial chains": "产业链", "industry chains": "产业链", "cluster": "集群",
    "green food processing": "绿色食品加工", "green silicon": "绿色硅", "polysilicon": "多晶硅", "silicon": "硅",
    "aluminum": "铝", "aluminium": "铝", "new energy battery": "新能源电池", "biomedicine": "生物医药",
    "new materials": "新材料", "precious metals": "贵金属", "digital economy": "数字经济",
    "advanced manufacturing": "先进制造", "equipment manufacturing": "装备制造", "food": "食品", "tea": "茶叶",
    "capacity": "产能", "production capacity": "产能", "output value": "产值", "industrial output": "工业总产值",
    "value added": "增加值", "added value": "增加值", "growth rate": "增速", "growth": "增长", "target": "目标",
    "targets": "目标", "goal": "目标", "investment": "投资", "fixed asset investment": "固定资产投资",
    "foreign investment": "利用外资", "foreign capital": "外资", "special bonds": "专项债券", "special bond": "专项债",
    "local government special bonds": "地方政府专项债券", "bonds": "债券", "deficit": "赤字", "deficit ratio": "赤字率",
    "fiscal deficit": "财政赤字", "budget": "预算", "gdp": "国内生产总值", "cpi": "居民消费价格",
    "consumer prices": "居民消费价格", "consumer price": "居民消费价格", "inflation": "居民消费价格",
    "employment": "就业", "jobs": "就业", "new urban jobs": "城镇新增就业", "urban": "城镇", "unemployment": "失业率",
    "tax": "税收", "taxes": "税收", "revenue": "收入", "fiscal": "财政", "infrastructure": "基础设施",
    "land": "土地", "standard land": "标准地", "approval": "审批", "reform": "改革", "policy": "政策",
    "policies": "政策", "one park one policy": "一园一策", "evaluation": "评价", "indicators": "指标",
    "enterprises": "企业", "companies": "企业", "poverty": "贫困", "rural": "农村", "agriculture": "农业",
    "energy consumption": "能耗", "carbon": "碳", "emissions": "排放", "province": "省", "city": "市", "county": "县",
    "government work report": "政府工作报告", "work report": "政府工作报告", "state council": "国务院",
    "demonstration base": "示范基地", "demonstration bases": "示范基地", "innovation": "创新", "talent": "人才",
    "yunnan": "云南", "kunming": "昆明", "changning": "昌宁", "guizhou": "贵州", "baoshan": "保山", "anning": "安宁",
    "yangling": "杨林", "yanglin": "杨林", "qujing": "曲靖", "dianzhong": "滇中", "mohan": "磨憨", "guiyang": "贵阳",
    "billion yuan": "亿元", "trillion yuan": "万亿元", "tons": "吨", "tonnes": "吨",
}
_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _TERMS), key=len, reverse=True)) + r")\b", re.I)


def translate_english(text: str) -> str:
    """The Chinese terms for the English policy phrases found in ``text``, space-separated."""
    seen: list[str] = []
    for match in _PATTERN.finditer(text):
        term = _TERMS[match.group(1).lower()]
        if term not in seen:
            seen.append(term)
    return " ".join(seen)
