#!/usr/bin/env python3
"""Generates the illustrative (示意) part of the Anyang demo from the WGS84 district outlines.

Inputs: data/anyang/areas.geojson (city + districts, converted from GCJ-02 by OneMap itself, see
make_demo.sh) and data/anyang/source/townships-nbs2023.csv (NBS 2023 codes and names).
Outputs, in data/anyang/: townships.geojson, stations.geojson, teams.geojson, depots.geojson,
enterprises.geojson, and for the red and orange enterprises their four-color risk zones
(risk_zones.geojson) and registered 重大危险源/有限空间 points (risk_points.geojson).

Nothing here is surveyed. Township seats, every station/team/depot/enterprise position, the
township outlines (Voronoi cells of the seats clipped to the district), the enterprise names and
credit codes are made up, deterministically (fixed seed), inside the right district, and carry
`illustrative: true` and a 示意 note. The names of the eight planned stations and of the
townships/villages they sit in are real; their exact sites are not.
"""
import csv
import json
import math
import pathlib
import random

from shapely.geometry import MultiPoint, MultiPolygon, Point, mapping, shape
from shapely.ops import unary_union, voronoi_diagram

ROOT = pathlib.Path(__file__).resolve().parents[1] / "anyang"
rng = random.Random(20261123)
NOTE = "示意：位置为演示用假设，非实测"

areas = json.loads((ROOT / "areas.geojson").read_text(encoding="utf-8"))["features"]
outline = {f["properties"]["code"]: shape(f["geometry"]) for f in areas}
district_names = {f["properties"]["code"]: f["properties"]["name"] for f in areas}
district_names["410571"] = "高新区"

# Rough urban cores (WGS84) where each district's subdistricts (街道) cluster. Illustrative.
CORES = {
    "410502": (114.375, 36.085), "410503": (114.355, 36.125), "410505": (114.305, 36.115),
    "410506": (114.300, 36.085), "410526": (114.515, 35.575), "410527": (114.895, 35.965),
    "410581": (113.815, 36.070), "410571": (114.295, 36.060), "410523": (114.355, 35.920),
}
# Subdistricts that sit away from their district's core (水冶 is a separate town in 殷都区).
# Townships on the urban fringe and county-seat towns, placed near where they are (approximate,
# still illustrative): the planned urban stations sit in several of them.
SEAT_HINTS = {
    "410505006": (114.115, 36.130), "410505101": (114.105, 36.140),  # 水冶
    "410522210": (114.255, 36.165),  # 安丰乡 (洪河村)
    "410506201": (114.255, 36.045),  # 东风乡 (置度村)
    "410502101": (114.425, 36.030),  # 宝莲寺镇
    "410503100": (114.375, 36.190),  # 柏庄镇
    "410505200": (114.255, 36.120),  # 西郊乡
    "410523100": (114.357, 35.922),  # 汤阴 城关镇
    "410526002": (114.525, 35.585),  # 滑县 城关街道
}
# 高新区 has no outline of its own: its subdistricts lie inside 龙安区/文峰区.
HOST = {"410571": ["410506", "410502"]}


def round_coords(geom):
    def r(c):
        if isinstance(c, (int, float)):
            return round(c, 6)
        return [r(x) for x in c]
    m = mapping(geom)
    return {"type": m["type"], "coordinates": r(m["coordinates"])}


def district_of(p):
    for code, g in outline.items():
        if code != "410500" and g.contains(p):
            return code
    return None


def host_shape(code):
    if code in outline:
        return outline[code]
    return unary_union([outline[h] for h in HOST[code]])


def point_near(code, centre, radius_m, min_gap_m=0.0, taken=()):
    """A random point within radius_m of centre, inside the district (or its host), away from taken."""
    g = host_shape(code)
    lon0, lat0 = centre
    for attempt in range(4000):
        r = radius_m * math.sqrt(rng.random()) * (1 + attempt / 400)
        a = rng.random() * 2 * math.pi
        lon = lon0 + r * math.cos(a) / (111_320 * math.cos(math.radians(lat0)))
        lat = lat0 + r * math.sin(a) / 110_950
        p = Point(lon, lat)
        if not g.contains(p):
            continue
        if any(p.distance(t) * 111_000 < min_gap_m for t in taken):
            continue
        return p
    raise RuntimeError(f"no point found in {code} near {centre}")


def point_in(code, min_gap_m=0.0, taken=()):
    g = host_shape(code)
    minx, miny, maxx, maxy = g.bounds
    for _ in range(20000):
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if g.contains(p) and all(p.distance(t) * 111_000 >= min_gap_m for t in taken):
            return p
    raise RuntimeError(f"no point found in {code}")


# --- townships: seats, then Voronoi cells clipped to the host district ---------------------
townships = []
with open(ROOT / "source" / "townships-nbs2023.csv", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        townships.append({"code": row["code"], "name": row["name"], "district": row["areaCode"]})

seats = {}
for district in sorted({t["district"] for t in townships}):
    members = [t for t in townships if t["district"] == district]
    taken = []
    for t in members:
        urban = t["name"].endswith("街道") or t["name"].endswith("办公室")
        if t["code"] in SEAT_HINTS:
            p = point_near(district, SEAT_HINTS[t["code"]], 800, 0, taken)
        elif urban and district in CORES:
            p = point_near(district, CORES[district], 3500, 900, taken)
        else:
            # Towns spread over the district, away from the urban core and from each other.
            gap = 4500 if district in ("410581", "410526", "410522", "410527") else 2500
            core = Point(*CORES[district]) if district in CORES else None
            for _ in range(50):
                p = point_in(district, gap, taken)
                if core is None or p.distance(core) * 111_000 > 3000:
                    break
        taken.append(p)
        seats[t["code"]] = p

cells = {}
for t in townships:
    t["host"] = t["district"] if t["district"] in outline else district_of(seats[t["code"]])
for host in sorted({t["host"] for t in townships}):
    members = [t for t in townships if t["host"] == host]
    mp = MultiPoint([seats[t["code"]] for t in members])
    region = outline[host]
    vor = voronoi_diagram(mp, envelope=region.envelope.buffer(0.5))
    for t in members:
        seat = seats[t["code"]]
        cell = next(c for c in vor.geoms if c.contains(seat))
        clipped = cell.intersection(region)
        if clipped.geom_type == "Polygon":
            clipped = MultiPolygon([clipped])
        elif clipped.geom_type == "GeometryCollection":
            clipped = MultiPolygon([g for g in clipped.geoms if g.geom_type == "Polygon"])
        cells[t["code"]] = clipped

township_features = [
    {
        "type": "Feature",
        "geometry": round_coords(cells[t["code"]]),
        "properties": {
            "code": t["code"], "name": t["name"], "level": "乡镇", "parent_code": t["district"],
            "illustrative": True,
        },
    }
    for t in townships
]
# 高新区 as a district: the union of its subdistricts' illustrative cells.
hitech = unary_union([cells[t["code"]] for t in townships if t["district"] == "410571"])
if hitech.geom_type == "Polygon":
    hitech = MultiPolygon([hitech])
township_features.insert(0, {
    "type": "Feature", "geometry": round_coords(hitech),
    "properties": {"code": "410571", "name": "高新区", "level": "区县", "parent_code": "410500", "illustrative": True},
})


def seat(name):
    return next(seats[t["code"]] for t in townships if t["name"] == name)


def township_at(p):
    for t in townships:
        if cells[t["code"]].contains(p):
            return t
    return None


def feature(p, props):
    t = township_at(p)
    district = t["district"] if t else district_of(p)
    props = {**props, "district": district, "illustrative": True, "note": props.get("note", NOTE)}
    if "township" in props:
        props["township"] = t["code"] if t else None
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(p.x, 6), round(p.y, 6)]},
            "properties": props}


def phone():
    return f"0372-{rng.randint(2000000, 5999999)}"


# --- stations --------------------------------------------------------------------------------
VEH = {
    "特勤站": [("水罐车", 3), ("泡沫车", 2), ("举高喷射车", 1), ("抢险救援车", 2), ("通信指挥车", 1), ("化学洗消车", 1)],
    "一级站": [("水罐车", 2), ("泡沫车", 1), ("举高喷射车", 1), ("抢险救援车", 1)],
    "二级站": [("水罐车", 2), ("泡沫车", 1), ("抢险救援车", 1)],
    "小型站": [("水罐车", 1), ("抢险救援车", 1)],
    "战勤保障站": [("供液车", 1), ("供气车", 1), ("器材保障车", 2), ("宿营车", 1)],
    "乡镇专职消防队": [("水罐车", 1)],
    "企业专职消防队": [("泡沫车", 2), ("水罐车", 1)],
}
PERSONNEL = {"特勤站": 45, "一级站": 30, "二级站": 20, "小型站": 12, "战勤保障站": 25, "乡镇专职消防队": 8, "企业专职消防队": 15}

EXISTING = [
    # name, class, near (township seat or lon/lat), radius m
    ("安阳市特勤消防救援站", "特勤站", "北大街街道", 1200),
    ("文峰区消防救援站", "一级站", "光华路街道", 1200),
    ("北关区消防救援站", "一级站", "红旗路街道", 1200),
    ("殷都区消防救援站", "一级站", "电厂路街道", 1200),
    ("龙安区消防救援站", "一级站", "文明大道街道", 1200),
    ("开发区消防救援站", "二级站", "开发区商颂大街街道", 1200),
    ("安阳市战勤保障消防救援站", "战勤保障站", "彰东街道", 1500),
    ("水冶消防救援站", "二级站", "水冶街道", 900),
    ("林州市消防救援站", "一级站", "开元街道", 1200),
    ("林州市红旗渠消防救援站", "二级站", "桂园街道", 1500),
    ("滑县消防救援站", "一级站", "道口镇街道", 1200),
    ("内黄县消防救援站", "一级站", "繁阳街道", 1200),
    ("汤阴县消防救援站", "一级站", "城关镇", 1200),
    ("安阳县消防救援站", "二级站", "白璧镇", 1500),
    ("铜冶镇专职消防队", "乡镇专职消防队", "铜冶镇", 800),
    ("临淇镇专职消防队", "乡镇专职消防队", "临淇镇", 800),
    ("八里营镇专职消防队", "乡镇专职消防队", "八里营镇", 800),
    ("楚旺镇专职消防队", "乡镇专职消防队", "楚旺镇", 800),
    ("宜沟镇专职消防队", "乡镇专职消防队", "宜沟镇", 800),
    ("钢铁企业专职消防队", "企业专职消防队", "梅园庄街道", 1000),
    ("化工园区企业专职消防队", "企业专职消防队", "吕村镇", 1000),
]
# The eight new urban stations of the Anyang plan; the place names are real, the sites are not.
PLANNED = [
    ("光明路供水消防站", "二级站", "光华路街道", 2000, "规划站名来自《安阳市城市消防规划》；位置示意"),
    ("文峰区第二消防站", "一级站", "宝莲寺镇", 2500, "规划；位置示意"),
    ("汪家店消防站", "二级站", "永明路街道", 1200, "近汪家店村（文峰区永明路街道）；位置示意"),
    ("高新区第二消防站", "二级站", "开发区峨嵋大街街道", 1500, "规划；位置示意"),
    ("洪河消防站", "二级站", "安丰乡", 1500, "近洪河村（安阳县安丰乡）；位置示意"),
    ("定龙消防站", "二级站", "开发区银杏大街街道", 1200, "近前定龙/大定龙（高新区银杏大街街道）；位置示意"),
    ("殷都区中州消防站", "二级站", "纱厂路街道", 2000, "规划；位置示意"),
    ("龙安区置度消防站", "二级站", "东风乡", 1200, "近置度村（龙安区东风乡）；位置示意"),
]

stations = []
taken = []
for i, (name, cls, near, radius) in enumerate(EXISTING, 1):
    t = next(t for t in townships if t["name"] == near)
    p = point_near(t["host"], (seats[t["code"]].x, seats[t["code"]].y), radius, 300, taken)
    taken.append(p)
    vehicles = ";".join(f"{k}:{n}" for k, n in VEH[cls])
    stations.append(feature(p, {
        "code": f"S{i:03d}", "name": name, "class": cls, "status": "现有",
        "address": f"{district_names.get(t['district'], '')}{near}（示意）", "phone": phone(),
        "personnel": PERSONNEL[cls], "turnout_s": 60 if cls not in ("乡镇专职消防队",) else 90,
        "vehicles": vehicles,
    }))
for i, (name, cls, near, radius, note) in enumerate(PLANNED, 1):
    t = next(t for t in townships if t["name"] == near)
    p = point_near(t["host"], (seats[t["code"]].x, seats[t["code"]].y), radius, 500, taken)
    taken.append(p)
    stations.append(feature(p, {
        "code": f"P{i:03d}", "name": name, "class": cls, "status": "规划",
        "address": f"{district_names.get(t['district'], '')}{near}（示意）", "phone": "",
        "personnel": 0, "turnout_s": None, "vehicles": "", "note": note,
    }))

# --- rescue teams ----------------------------------------------------------------------------
TEAMS = [
    # name, kind, capabilities, near, headcount, supervisor, equipment
    ("安阳市消防救援支队特勤大队", "综合性消防救援", "火灾,危化,建筑坍塌,水域,高空", "北大街街道", 60, "安阳市消防救援支队", "抢险救援车、化学洗消车、破拆器材"),
    ("文峰区消防救援大队", "综合性消防救援", "火灾,建筑坍塌", "光华路街道", 35, "安阳市消防救援支队", "水罐车、救援器材"),
    ("林州市消防救援大队", "综合性消防救援", "火灾,山岳,建筑坍塌", "开元街道", 35, "安阳市消防救援支队", "水罐车、山岳救援装备"),
    ("滑县消防救援大队", "综合性消防救援", "火灾,水域", "道口镇街道", 30, "安阳市消防救援支队", "水罐车、冲锋舟"),
    ("内黄县消防救援大队", "综合性消防救援", "火灾,水域", "繁阳街道", 30, "安阳市消防救援支队", "水罐车、冲锋舟"),
    ("汤阴县消防救援大队", "综合性消防救援", "火灾,建筑坍塌", "城关镇", 30, "安阳市消防救援支队", "水罐车"),
    ("安阳市危化品应急救援队", "专业救援", "危化,火灾", "吕村镇", 40, "安阳市应急管理局", "防化服、侦检仪、堵漏器材、洗消装备"),
    ("林州市矿山救护队", "专业救援", "矿山,有限空间", "河顺镇", 45, "林州市应急管理局", "正压氧气呼吸器、气体检测仪、救护车"),
    ("安阳县矿山救护中队", "专业救援", "矿山,有限空间", "铜冶镇", 25, "安阳县应急管理局", "呼吸器、通风设备"),
    ("安阳市水上救援队", "专业救援", "水域,防汛", "洹北街道", 30, "安阳市应急管理局", "冲锋舟、救生衣、潜水装备"),
    ("卫河防汛抢险队", "专业救援", "防汛,水域", "楚旺镇", 50, "内黄县水利局", "编织袋、抽水泵、冲锋舟"),
    ("滑县防汛抢险队", "专业救援", "防汛,水域", "老店镇", 50, "滑县水利局", "编织袋、抽水泵"),
    ("太行山岳救援队", "专业救援", "山岳,医疗", "石板岩镇", 25, "林州市应急管理局", "绳索、担架、卫星电话"),
    ("国网安阳供电抢修队", "专业救援", "电力", "彰北街道", 40, "国网安阳供电公司", "应急发电车、抢修车"),
    ("林州供电抢修队", "专业救援", "电力", "振林街道", 20, "国网林州供电公司", "发电机、抢修车"),
    ("安阳市紧急医学救援队", "专业救援", "医疗", "解放路街道", 30, "安阳市卫生健康委", "救护车、移动医院帐篷"),
    ("滑县医疗救援队", "专业救援", "医疗", "城关街道", 15, "滑县卫生健康委", "救护车"),
    ("安阳市建筑工程抢险队", "专业救援", "建筑坍塌,地震", "文昌大道街道", 40, "安阳市住房城乡建设局", "挖掘机、吊车、生命探测仪"),
    ("安阳地震救援队", "专业救援", "地震,建筑坍塌", "中州路街道", 35, "安阳市应急管理局", "生命探测仪、破拆器材"),
    ("燃气抢险队", "专业救援", "危化,燃气", "紫薇大道街道", 20, "安阳市城市管理局", "燃气检测仪、抢修车"),
    ("安阳蓝天救援队", "社会救援队伍", "水域,山岳,医疗", "甜水井街道", 60, "安阳市应急管理局", "冲锋舟、绳索"),
    ("林州红旗渠志愿救援队", "社会救援队伍", "山岳,医疗", "龙山街道", 30, "林州市应急管理局", "绳索、担架"),
    ("内黄县志愿救援队", "社会救援队伍", "水域", "龙庆街道", 25, "内黄县应急管理局", "救生衣、橡皮艇"),
    ("钢铁企业应急救援队", "企业专兼职", "火灾,危化,有限空间", "梅园庄街道", 40, "企业安全部门", "泡沫车、防化服"),
    ("化工园区企业救援队", "企业专兼职", "危化,火灾", "吕村镇", 30, "园区管委会", "泡沫车、堵漏器材"),
    ("焦化企业应急救援队", "企业专兼职", "危化,有限空间", "伦掌镇", 20, "企业安全部门", "防化服、呼吸器"),
    ("林州铸造企业救援队", "企业专兼职", "火灾,有限空间", "东姚镇", 15, "企业安全部门", "灭火器材"),
]
TOWNSHIP_TEAMS = ["宝莲寺镇", "柏庄镇", "曲沟镇", "马投涧镇", "善应镇", "崔家桥镇", "韩陵镇", "瓦店乡",
                  "任固镇", "万古镇", "牛屯镇", "井店镇", "亳城镇"]
teams = []
for i, (name, kind, caps, near, head, sup, equip) in enumerate(TEAMS, 1):
    t = next(t for t in townships if t["name"] == near)
    p = point_near(t["host"], (seats[t["code"]].x, seats[t["code"]].y), 1500, 200, taken)
    taken.append(p)
    teams.append(feature(p, {
        "code": f"T{i:03d}", "name": name, "kind": kind, "capabilities": caps, "headcount": head,
        "equipment": equip, "supervisor": sup, "contact": "值班室", "phone": phone(), "status": "在岗",
        "address": f"{district_names.get(t['district'], '')}{near}（示意）",
    }))
for j, near in enumerate(TOWNSHIP_TEAMS, len(TEAMS) + 1):
    t = next(t for t in townships if t["name"] == near)
    p = point_near(t["host"], (seats[t["code"]].x, seats[t["code"]].y), 600, 200, taken)
    taken.append(p)
    teams.append(feature(p, {
        "code": f"T{j:03d}", "name": f"{near}专职消防救援队", "kind": "乡镇专职", "capabilities": "火灾,防汛",
        "headcount": rng.randint(8, 15), "equipment": "水罐车、手抬泵", "supervisor": f"{near}人民政府",
        "contact": "队长", "phone": phone(), "status": "在岗",
        "address": f"{district_names.get(t['district'], '')}{near}（示意）",
    }))

# --- depots ------------------------------------------------------------------------------------
def stock(scale):
    lines = [
        ("生活保障", "帐篷", "顶", 200, 100), ("生活保障", "棉被", "床", 1000, 500), ("生活保障", "折叠床", "张", 300, 150),
        ("生活保障", "饮用水", "箱", 800, 400), ("防汛抢险", "编织袋", "条", 20000, 10000), ("防汛抢险", "救生衣", "件", 500, 300),
        ("防汛抢险", "冲锋舟", "艘", 6, 4), ("防汛抢险", "抽水泵", "台", 20, 10), ("抢险器材", "发电机", "台", 10, 6),
        ("抢险器材", "照明灯组", "套", 20, 10), ("危化处置", "吸附棉", "吨", 3, 2), ("危化处置", "泡沫灭火剂", "吨", 8, 5),
        ("危化处置", "防化服", "套", 60, 40), ("危化处置", "空气呼吸器", "具", 40, 20),
    ]
    out = []
    for cat, item, unit, q, lo in lines:
        qty = round(q * scale * rng.uniform(0.5, 1.4))
        if item in ("吸附棉", "泡沫灭火剂"):
            qty = round(q * scale * rng.uniform(0.5, 1.4), 1)
        out.append({"category": cat, "item": item, "unit": unit, "quantity": qty, "min_level": round(lo * scale, 1)})
    return out


DEPOTS = [
    ("安阳市应急物资储备库", "市", "彰东街道", 2.0, "安阳市应急管理局"),
    ("河南省豫北应急物资储备库（安阳）", "省", "柏庄镇", 3.0, "河南省应急管理厅"),
    ("文峰区应急物资储备库", "县", "宝莲寺镇", 0.8, "文峰区应急管理局"),
    ("殷都区应急物资储备库", "县", "水冶镇", 0.8, "殷都区应急管理局"),
    ("龙安区应急物资储备库", "县", "龙泉镇", 0.8, "龙安区应急管理局"),
    ("安阳县应急物资储备库", "县", "白璧镇", 1.0, "安阳县应急管理局"),
    ("汤阴县应急物资储备库", "县", "城关镇", 0.8, "汤阴县应急管理局"),
    ("滑县应急物资储备库", "县", "道口镇街道", 1.2, "滑县应急管理局"),
    ("内黄县应急物资储备库", "县", "繁阳街道", 1.0, "内黄县应急管理局"),
    ("林州市应急物资储备库", "县", "开元街道", 1.2, "林州市应急管理局"),
    ("石板岩镇应急物资储备点", "乡镇", "石板岩镇", 0.2, "石板岩镇人民政府"),
    ("八里营镇防汛物资储备点", "乡镇", "八里营镇", 0.3, "八里营镇人民政府"),
]
depots = []
for i, (name, level, near, scale, op) in enumerate(DEPOTS, 1):
    t = next(t for t in townships if t["name"] == near)
    p = point_near(t["host"], (seats[t["code"]].x, seats[t["code"]].y), 1500, 300, taken)
    taken.append(p)
    s = stock(scale)
    if i == 11:
        for line in s:  # a depot short of several items, so the demo shows shortfalls
            line["quantity"] = round(line["min_level"] * 0.5, 1)
    depots.append(feature(p, {
        "code": f"D{i:03d}", "name": name, "level": level, "operator": op, "contact": "库管员", "phone": phone(),
        "address": f"{district_names.get(t['district'], '')}{near}（示意）", "stock": s,
    }))

# --- enterprises -------------------------------------------------------------------------------
# Industry mix by district (illustrative): steel/coking west and north-west, chemicals in the
# 安阳县 and 内黄 parks, food and cold chains in the plains counties.
MIX = {
    "410502": ["有限空间", "涉氨制冷", "粉尘涉爆", "危化"], "410503": ["危化", "有限空间", "涉氨制冷"],
    "410505": ["冶金", "冶金", "危化", "粉尘涉爆"], "410506": ["冶金", "粉尘涉爆", "有限空间"],
    "410522": ["危化", "危化", "冶金", "粉尘涉爆"], "410523": ["涉氨制冷", "粉尘涉爆", "危化"],
    "410526": ["涉氨制冷", "粉尘涉爆", "有限空间"], "410527": ["危化", "涉氨制冷", "粉尘涉爆"],
    "410581": ["冶金", "冶金", "粉尘涉爆", "危化"],
}
COUNT = {"410502": 14, "410503": 12, "410505": 20, "410506": 16, "410522": 30, "410523": 14, "410526": 14,
         "410527": 14, "410581": 16}
PARKS = {"410522": "吕村镇", "410527": "楚旺镇", "410581": "河顺镇"}
LEVELS = ["红"] * 8 + ["橙"] * 25 + ["黄"] * 60 + ["蓝"] * 57
rng.shuffle(LEVELS)
SHORT = {"410502": "文峰", "410503": "北关", "410505": "殷都", "410506": "龙安", "410522": "安阳县", "410523": "汤阴",
         "410526": "滑县", "410527": "内黄", "410581": "林州"}
enterprises = []
n = 0
for district, count in COUNT.items():
    ent_taken = []
    for k in range(count):
        n += 1
        industry = rng.choice(MIX[district])
        park = district in PARKS and industry in ("危化", "冶金") and rng.random() < 0.7
        if park:
            t = next(t for t in townships if t["name"] == PARKS[district])
            p = point_near(district, (seats[t["code"]].x, seats[t["code"]].y), 2500, 150, ent_taken)
        else:
            p = point_in(district, 400, ent_taken)
        ent_taken.append(p)
        level = LEVELS[n - 1]
        if industry == "危化" and level == "蓝":
            level = "黄"
        f = feature(p, {
            "code": f"E{n:03d}", "name": f"{SHORT[district]}{industry}企业{k + 1:02d}（示意）",
            "credit_code": f"91410{rng.randint(500, 599)}MA{rng.randint(10**7, 10**8 - 1)}X",
            "industry": industry, "risk_level": level, "township": True, "in_park": park,
            "contact": "安全负责人", "phone": phone(), "address": f"{district_names[district]}（示意）",
        })
        enterprises.append(f)

# --- risk zones and points of the red and orange enterprises ---------------------------------------
# A made-up site plan per enterprise: a row of rectangular zones around its point, the worst at the
# enterprise's own level (so its overall level, the worst zone, is unchanged), the others lower,
# with LEC factors giving exactly that level (D = L×E×C: ≥320 红, 160–320 橙, 70–160 黄, <70 蓝).
# Own random stream, so the features above stay as they were.
zrng = random.Random(8)
ZONE_KINDS = {
    "危化": [("罐区", "火灾、爆炸、中毒", "储罐液位/温度/压力监测，可燃有毒气体报警，防火堤"),
           ("生产装置区", "火灾、爆炸、灼烫", "DCS 自动控制，安全联锁，动火作业审批"),
           ("装卸区", "泄漏、火灾", "装卸作业专人监护，静电接地"),
           ("仓库", "火灾", "分类分区存放，禁火")],
    "冶金": [("煤气柜区", "煤气中毒、爆炸", "一氧化碳报警，煤气区域作业审批"),
           ("高炉区", "灼烫、爆炸", "炉体监测，冷却水保障"),
           ("转炉车间", "灼烫、起重伤害", "钢水罐定检，起重作业专人指挥"),
           ("原料场", "物体打击、车辆伤害", "限速，人车分流")],
    "涉氨制冷": [("液氨储罐区", "中毒、爆炸", "氨气浓度报警，紧急泄氨装置，定期巡检"),
             ("压缩机房", "中毒、机械伤害", "机组定检，通风"),
             ("冷库", "冻伤、窒息", "库内呼救装置，双人作业"),
             ("包装车间", "机械伤害", "设备防护罩")],
    "粉尘涉爆": [("除尘器区", "粉尘爆炸", "泄爆、隔爆，定期清灰"),
             ("打磨车间", "粉尘爆炸、火灾", "湿式作业，防静电"),
             ("成品仓库", "火灾", "禁火，通道畅通"),
             ("配电室", "触电", "持证上岗，绝缘防护")],
    "有限空间": [("污水处理池", "中毒、窒息", "先通风、再检测、后作业，专人监护"),
             ("发酵罐区", "窒息", "作业审批，气体检测"),
             ("生产车间", "机械伤害", "设备防护罩"),
             ("仓库", "火灾", "禁火，分区存放")],
}
LEC = {"红": (3, 6, 40), "橙": (3, 6, 15), "黄": (3, 3, 15), "蓝": (1, 6, 7)}
LOWER = {"红": ["橙", "黄", "蓝"], "橙": ["黄", "黄", "蓝"]}


def rect(lon, lat, x0, y0, w, h):
    """A rectangle w × h metres whose south-west corner is (x0, y0) metres from (lon, lat)."""
    dx = 1 / (111_320 * math.cos(math.radians(lat)))
    dy = 1 / 110_540
    a, b, c, d = lon + x0 * dx, lat + y0 * dy, lon + (x0 + w) * dx, lat + (y0 + h) * dy
    return {"type": "Polygon", "coordinates": [[[round(a, 6), round(b, 6)], [round(c, 6), round(b, 6)],
                                                [round(c, 6), round(d, 6)], [round(a, 6), round(d, 6)],
                                                [round(a, 6), round(b, 6)]]]}


zones = []
risk_points = []
for e in enterprises:
    props = e["properties"]
    level = props["risk_level"]
    if level not in LOWER:
        continue
    lon, lat = e["geometry"]["coordinates"]
    kinds = ZONE_KINDS[props["industry"]]
    levels = [level] + LOWER[level]
    for i, ((kind, hazard, measures), lv) in enumerate(zip(kinds, levels)):
        w, h = zrng.randint(50, 90), zrng.randint(35, 60)
        x0, y0 = -110 + i % 2 * 110, -70 + i // 2 * 75
        l_, e_, c_ = LEC[lv]
        zones.append({"type": "Feature", "geometry": rect(lon, lat, x0, y0, w, h), "properties": {
            "enterprise_code": props["code"], "name": kind, "kind": kind, "risk_level": lv,
            "lec_l": l_, "lec_e": e_, "lec_c": c_, "hazard": hazard, "measures": measures,
            "responsible": f"{'张王李赵刘陈杨黄'[zrng.randrange(8)]}工", "illustrative": True, "note": NOTE}})
    if props["industry"] in ("危化", "涉氨制冷") or zrng.random() < 0.3:
        grade = 3 if level == "橙" else zrng.choice([1, 2])
        substance = "液氨" if props["industry"] == "涉氨制冷" else zrng.choice(["甲醇", "液化石油气", "苯", "煤气"])
        risk_points.append(feature(Point(lon - 100 / 90_000, lat - 62 / 110_540), {
            "enterprise_code": props["code"], "kind": "重大危险源", "name": f"{substance}储存单元",
            "grade": grade, "detail": f"{substance}（示意）"}))
    if props["industry"] == "有限空间" or zrng.random() < 0.4:
        risk_points.append(feature(Point(lon + 40 / 90_000, lat + 30 / 110_540), {
            "enterprise_code": props["code"], "kind": "有限空间", "name": zrng.choice(["污水池", "检修井", "储罐内部"]),
            "detail": "有限空间作业须审批（示意）"}))

# --- write -------------------------------------------------------------------------------------
def write(name, features):
    (ROOT / name).write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=None)
        .replace('{"type": "Feature"', '\n{"type": "Feature"'),
        encoding="utf-8",
    )


# The converted outlines, rounded to 1e-6° (0.1 m) and without the export's fid.
for f in areas:
    f["properties"].pop("fid", None)
    f["geometry"] = round_coords(shape(f["geometry"]))
    f.pop("id", None)
write("areas.geojson", areas)
write("townships.geojson", township_features)
write("stations.geojson", stations)
write("teams.geojson", teams)
write("depots.geojson", depots)
write("enterprises.geojson", enterprises)
write("risk_zones.geojson", zones)
write("risk_points.geojson", risk_points)
print(f"townships {len(township_features)}, stations {len(stations)}, teams {len(teams)}, "
      f"depots {len(depots)}, enterprises {len(enterprises)}, risk zones {len(zones)}, "
      f"risk points {len(risk_points)}")
