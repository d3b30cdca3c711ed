"""Place names a policy text may name, for the ``regions`` metadata and region-aware retrieval.

A small gazetteer rather than NER: the names are a closed set and must be
matched exactly in both scripts.
"""

from __future__ import annotations

PROVINCES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 "
    "广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"
).split()
CITIES = (
    "昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄 红河 文山 西双版纳 大理 德宏 怒江 迪庆 "
    "贵阳 六盘水 遵义 安顺 毕节 铜仁 黔西南 黔东南 黔南 滇中新区 贵安新区"
).split()
COUNTIES = (
    "昌宁 隆阳 施甸 龙陵 腾冲 安宁 祥云 禄丰 泸西 砚山 昭阳 晋宁 嵩明 宜良 石林 寻甸 禄劝 "
    "呈贡 官渡 西山 五华 盘龙 东川 磨憨 勐腊 杨林 田园镇 弥勒 蒙自 个旧 开远 宣威 麒麟 沾益 陆良 "
    "红塔 江川 澄江 瑞丽 芒市 景洪 大理市 楚雄市 仁怀 清镇 修文 开阳 息烽"
).split()
ALL_REGIONS = PROVINCES + CITIES + COUNTIES


def find_regions(simplified_text: str) -> list[str]:
    """Regions named in the text, most mentioned first."""
    counts = {name: simplified_text.count(name) for name in ALL_REGIONS}
    named = [name for name, n in counts.items() if n]
    return sorted(named, key=lambda name: (-counts[name], ALL_REGIONS.index(name)))
