#!/usr/bin/env python3
"""Generates Fixtures/demo/*.json: the demo customers, accounts and monthly usage PayAssist seeds.

Deterministic (fixed seed). Bills are not stored here: the seeder computes each month's amount from
its kWh with the tariff table (Fixtures/demo/tariffs.json), so amounts and tariff answers agree.
Run from the repository root:  python3 Fixtures/tools/generate_demo.py
"""
import json
import random

random.seed(20261127)

SURNAMES = ["张", "王", "李", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"]
GIVEN = ["建华", "秀英", "桂兰", "玉兰", "德明", "淑珍", "国庆", "志强", "凤英", "永福", "秀兰", "宝山", "桂英", "振国", "淑华", "春生", "玉珍", "文华", "金凤", "长林"]
DISTRICTS = ["东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区", "通州区", "昌平区"]
STREETS = ["和平里", "安定门外大街", "三里河路", "劲松南路", "万寿路", "八角北路", "新华西街", "回龙观西大街", "广安门内大街", "方庄芳城园"]

# Overseas relatives: (city, country, IANA zone, language, given name, currency of their card)
OVERSEAS = [
    ("Toronto", "CA", "America/Toronto", "en", "David", "CAD"),
    ("Vancouver", "CA", "America/Vancouver", "en", "Grace", "CAD"),
    ("New York", "US", "America/New_York", "en", "Kevin", "USD"),
    ("San Francisco", "US", "America/Los_Angeles", "en", "Emily", "USD"),
    ("Honolulu", "US", "Pacific/Honolulu", "en", "Jason", "USD"),
    ("London", "GB", "Europe/London", "en", "Helen", "GBP"),
    ("Sydney", "AU", "Australia/Sydney", "en", "Michael", "AUD"),
    ("Tokyo", "JP", "Asia/Tokyo", "ja", "Yuki", "JPY"),
    ("Osaka", "JP", "Asia/Tokyo", "ja", "Haruka", "JPY"),
    ("Seoul", "KR", "Asia/Seoul", "ko", "Min-jun", "KRW"),
    ("Busan", "KR", "Asia/Seoul", "ko", "Ji-woo", "KRW"),
    ("Madrid", "ES", "Europe/Madrid", "es", "Lucía", "EUR"),
    ("Mexico City", "MX", "America/Mexico_City", "es", "Sofía", "USD"),
    ("Paris", "FR", "Europe/Paris", "fr", "Camille", "EUR"),
    ("Montréal", "CA", "America/Toronto", "fr", "Chloé", "CAD"),
    ("Berlin", "DE", "Europe/Berlin", "de", "Lukas", "EUR"),
    ("Zürich", "CH", "Europe/Zurich", "de", "Anna", "CHF"),
    ("Moscow", "RU", "Europe/Moscow", "ru", "Dmitri", "RUB"),
    ("Taipei", "TW", "Asia/Taipei", "zh-Hant", "怡君", "TWD"),
    ("Hong Kong", "HK", "Asia/Hong_Kong", "zh-Hant", "嘉欣", "HKD"),
    ("Singapore", "SG", "Asia/Singapore", "en", "Wei Ling", "SGD"),
    ("Kiritimati", "KI", "Pacific/Kiritimati", "en", "Tom", "USD"),
    ("Auckland", "NZ", "Pacific/Auckland", "en", "Olivia", "USD"),
    ("Frankfurt", "DE", "Europe/Berlin", "de", "Jonas", "EUR"),
]

PINYIN = {"张": "Zhang", "王": "Wang", "李": "Li", "刘": "Liu", "陈": "Chen", "杨": "Yang", "赵": "Zhao", "黄": "Huang",
          "周": "Zhou", "吴": "Wu", "徐": "Xu", "孙": "Sun", "胡": "Hu", "朱": "Zhu", "高": "Gao", "林": "Lin", "何": "He",
          "郭": "Guo", "马": "Ma", "罗": "Luo"}


def account_number(index):
    return "10023%05d" % (45678 + index * 37)


def usage(profile):
    base = {"low": 150, "mid": 240, "high": 380}[profile]
    months = []
    for month_index in range(12):
        # Seasonal: heating in winter, air conditioning in summer (months_ago 12..1 -> Nov..Oct).
        season = [1.25, 1.35, 1.3, 1.05, 0.9, 0.85, 1.1, 1.45, 1.5, 1.2, 0.9, 0.95][month_index]
        months.append(int(base * season * random.uniform(0.85, 1.15)))
    return months


customers = []
accounts = []
links = []

for index in range(44):
    surname = SURNAMES[index % len(SURNAMES)]
    given = GIVEN[(index * 7) % len(GIVEN)]
    name = surname + given
    customer_id = "c%03d" % (index + 1)
    elderly = index < 36
    age_tags = ["elderly"] if elderly else []
    district = DISTRICTS[index % len(DISTRICTS)]
    customers.append({
        "id": customer_id,
        "name": name,
        "phone": "+86 138%08d" % (10000000 + index * 7919 % 89999999),
        "language": "zh-Hans",
        "time_zone": "Asia/Shanghai",
        "country": "CN",
        "tags": age_tags + ["beijing"],
    })
    number = account_number(index)
    months = usage(random.choice(["low", "mid", "mid", "high"]))
    unpaid = []
    if index % 5 == 0:
        unpaid = [1]            # last month's bill not yet due
    elif index % 7 == 0:
        unpaid = [1, 2]         # one bill overdue
    elif index % 11 == 0:
        unpaid = [1, 2, 3]      # two bills overdue
    accounts.append({
        "number": number,
        "holder_name": name,
        "address": "北京市%s%s%d号院%d号楼%d单元%d室" % (district, STREETS[index % len(STREETS)], 1 + index % 30, 1 + index % 9, 1 + index % 4, 101 + (index * 13) % 600),
        "district": district,
        "monthly_kwh": months,
        "unpaid_months_ago": unpaid,
    })
    links.append({"customer_id": customer_id, "account_number": number, "relation": "owner"})

for offset, (city, country, zone, language, given, currency) in enumerate(OVERSEAS):
    parent_index = (offset * 3) % 36
    parent = customers[parent_index]
    surname = PINYIN[parent["name"][0]]
    customer_id = "c%03d" % (len(customers) + 1)
    display = given + surname if language == "zh-Hant" and not given.isascii() else "%s %s" % (given, surname)
    if language == "zh-Hant":
        display = parent["name"][0] + given
    customers.append({
        "id": customer_id,
        "name": display,
        "phone": "+%s" % {"CA": "1 416", "US": "1 212", "GB": "44 20", "AU": "61 2", "JP": "81 3", "KR": "82 2",
                           "ES": "34 91", "MX": "52 55", "FR": "33 1", "DE": "49 30", "CH": "41 44", "RU": "7 495",
                           "TW": "886 2", "HK": "852", "SG": "65", "KI": "686", "NZ": "64 9"}[country] + " %07d" % (5550000 + offset * 17),
        "language": language,
        "time_zone": zone,
        "country": country,
        "card_currency": currency,
        "tags": ["overseas"],
        "city": city,
    })
    links.append({"customer_id": customer_id, "account_number": accounts[parent_index]["number"], "relation": "family"})
    # A few relatives also pay a second relative's account.
    if offset % 6 == 0:
        other = accounts[(parent_index + 5) % 36]["number"]
        links.append({"customer_id": customer_id, "account_number": other, "relation": "family"})

with open("Fixtures/demo/customers.json", "w", encoding="utf-8") as f:
    json.dump(customers, f, ensure_ascii=False, indent=1)
    f.write("\n")
with open("Fixtures/demo/accounts.json", "w", encoding="utf-8") as f:
    json.dump(accounts, f, ensure_ascii=False, indent=1)
    f.write("\n")
with open("Fixtures/demo/links.json", "w", encoding="utf-8") as f:
    json.dump(links, f, ensure_ascii=False, indent=1)
    f.write("\n")
print("customers:", len(customers), "accounts:", len(accounts), "links:", len(links))
