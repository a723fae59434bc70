#!/usr/bin/env python3
"""Checks the demo data set against the published figures and the CSV contract.

Independent of generate_demo.py: it reads only ../Resources/demo/*.csv and recomputes every
figure with the store's definitions (Sources/KejinStore/CSVFormat.md, the brief), in integer
fen and basis points. Prints the alerts the default rules raise per period. Exits 1 on any
mismatch. Python 3 standard library only.
"""
import csv
import datetime as dt
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.normpath(os.path.join(HERE, "..", "Resources", "demo"))
WAN, YI = 1_000_000, 10_000_000_000
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


# ------------------------------------------------------------------ parsing

MONEY = re.compile(r"^\d{1,15}(\.\d{1,2})?$")


def fen(text):
    assert MONEY.match(text), text
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


bp = fen  # percent with two decimals -> basis points: same grammar


def date(text):
    assert re.match(r"^\d{4}-\d{2}-\d{2}$", text), text
    return dt.date.fromisoformat(text)


def read(name):
    with open(os.path.join(DEMO, name), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return rows


def div_round(n, d):
    """n/d rounded half away from zero (n, d >= 0)."""
    return (2 * n + d) // (2 * d)


def month_end(p):
    y, m = int(p[:4]), int(p[5:])
    nxt = dt.date(y + 1, 1, 1) if m == 12 else dt.date(y, m + 1, 1)
    return nxt - dt.timedelta(days=1)


def shift(p, months):
    i = int(p[:4]) * 12 + int(p[5:]) - 1 + months
    return "%04d-%02d" % (i // 12, i % 12 + 1)


def ratio_bp(num, den):
    """BasisPoints.ratio: num/den in bp, half away from zero; None for den 0."""
    if den == 0:
        return None
    scaled = num * 10000 * 2
    q = abs(scaled) // abs(den)
    q = (q + 1) // 2
    return q if (scaled >= 0) == (den > 0) else -q


# ------------------------------------------------------------------ load

TECH_TAGS = {"high_tech", "tech_sme", "innovative_sme", "srdi", "little_giant", "whitelist", "candidate"}
CATEGORY_TAGS = {"key_small_micro", "new_agri_entity"}
MODES = ("cooperation", "online", "guarantee_on_approval")  # guarantor_cooperation.csv  # enterprise categories: a chain's "of which"

inst = {r["code"]: r for r in read("institutions.csv")}
chains = {r["code"]: r for r in read("chains.csv")}
ents = {r["code"]: r for r in read("enterprises.csv")}
tags = read("enterprise_tags.csv")
tools = {r["code"]: r for r in read("relending_tools.csv")}
rates = read("relending_rates.csv")
quotas = read("relending_quotas.csv")
caps = read("relending_caps.csv")
draws = {r["code"]: r for r in read("relending_draws.csv")}
releases = read("rrr_releases.csv")
scores = read("bank_scores.csv")
SCORE_COLUMNS = ("policy_execution", "product_innovation", "service_network", "risk_control", "collaboration")
pools = {r["code"]: r for r in read("risk_pools.csv")}
gtees = {r["code"]: r for r in read("guarantees.csv")}
loans = {r["code"]: r for r in read("loans.csv")}
balances = read("loan_balances.csv")
payouts = read("pool_payouts.csv")
cooperation = read("guarantor_cooperation.csv")
stations = {r["code"]: r for r in read("service_stations.csv")}
stationed = read("station_institutions.csv")
demands = read("station_demands.csv")
funds = {r["code"]: r for r in read("guidance_funds.csv")}
fund_loans = read("fund_loans.csv")
budgets = {r["code"]: r for r in read("subsidy_budgets.csv")}
allocations = read("subsidy_allocations.csv")
claims = read("subsidy_claims.csv")
pushes = read("whitelist_pushes.csv")
meetings = read("matchmaking_meetings.csv")
products = {(r["bank"], r["code"]): r for r in read("products.csv")}


def product_name(l):
    """A loan's product by name (loans.csv names a code of its bank's products.csv), "" for none."""
    return products[(l["bank"], l["product"])]["name_zh"] if l["product"] in {c for b, c in products if b == l["bank"]} else ""

# ------------------------------------------------------------------ contract checks

def integrity():
    errs = []
    banks = {c for c, r in inst.items() if r["kind"] == "bank"}
    guarantors = {c for c, r in inst.items() if r["kind"] == "guarantor"}
    if any(r["kind"] not in ("bank", "guarantor") for r in inst.values()):
        errs.append("institution kind")
    for c in chains.values():
        if c["lead_bank"] and c["lead_bank"] not in banks:
            errs.append("chain lead bank " + c["code"])
    for e in ents.values():
        if e["chain"] and e["chain"] not in chains:
            errs.append("enterprise chain " + e["code"])
        if not e["name_zh"] or not e["name_en"]:
            errs.append("enterprise name " + e["code"])
    if len({e["name_zh"] for e in ents.values()}) != len(ents):
        errs.append("duplicate enterprise names")
    allowed = TECH_TAGS | {"agri", "small_micro"} | CATEGORY_TAGS
    for t in tags:
        if t["enterprise"] not in ents or t["tag"] not in allowed or date(t["valid_to"]) < date(t["valid_from"]):
            errs.append("tag %r" % t)
    for r in rates:
        bp(r["rate_pct"]); date(r["effective_from"])
        if r["tool"] not in tools:
            errs.append("rate tool")
    for q in quotas:
        fen(q["quota_yuan"]); date(q["effective_from"])
    for r in draws.values():
        if r["tool"] not in tools or r["bank"] not in banks or r["rollovers_used"] not in ("0", "1", "2"):
            errs.append("draw " + r["code"])
        if not date(r["draw_date"]) < date(r["maturity_date"]):
            errs.append("draw dates " + r["code"])
        fen(r["amount_yuan"])
        if r["repaid_date"]:
            date(r["repaid_date"])
    for r in releases:
        if r["bank"] not in banks:
            errs.append("rrr release bank %r" % r)
        date(r["effective_date"]); fen(r["released_yuan"])
        if not 0 < bp(r["cut_pct"]) <= 1000:
            errs.append("rrr release cut %r" % r)
    for r in scores:
        if r["bank"] not in banks or not re.match(r"^\d{4}-(0[1-9]|1[0-2])$", r["period"]):
            errs.append("bank score %r" % r)
        if not all(re.match(r"^\d+$", r[c]) and 0 <= int(r[c]) <= 100 for c in SCORE_COLUMNS):
            errs.append("bank score out of 0-100 %r" % r)
    # Bank–guarantor cooperation and the service stations (Import/Outreach.swift's checks).
    for r in cooperation:
        if r["bank"] not in banks or r["guarantor"] not in guarantors or r["mode"] not in MODES:
            errs.append("cooperation %r" % r)
        if r["to_date"] and date(r["to_date"]) < date(r["from_date"]):
            errs.append("cooperation dates %r" % r)
    for r in stations.values():
        date(r["opened_date"])
        if r["level"] not in ("city", "county") or (r["region"] and r["region"] not in {x["code"] for x in read("regions.csv")}) or not r["name_zh"]:
            errs.append("station %r" % r)
    for r in stationed:
        if r["station"] not in stations or r["institution"] not in inst or (r["to_date"] and date(r["to_date"]) < date(r["from_date"])):
            errs.append("stationed %r" % r)
    for r in demands:
        fen(r["amount_yuan"])
        if r["station"] not in stations or r["enterprise"] not in ents or date(r["registered_date"]) is None:
            errs.append("demand refs %r" % r)
        if bool(r["matched_date"]) != bool(r["bank"]) or (r["bank"] and r["bank"] not in banks):
            errs.append("demand match %r" % r)
        if r["matched_date"] and date(r["matched_date"]) < date(r["registered_date"]):
            errs.append("demand matched before registered %r" % r)
        if r["loan"]:
            l = loans.get(r["loan"])
            if (l is None or not r["matched_date"] or l["bank"] != r["bank"] or l["enterprise"] != r["enterprise"]
                    or date(l["start_date"]) < date(r["matched_date"])):
                errs.append("demand loan %r" % r)
    for g in gtees.values():
        if g["guarantor"] not in guarantors or g["enterprise"] not in ents or g["bank"] not in banks:
            errs.append("guarantee refs " + g["code"])
        if g["pool"] and g["pool"] not in pools:
            errs.append("guarantee pool " + g["code"])
        if not date(g["start_date"]) < date(g["end_date"]):
            errs.append("guarantee dates " + g["code"])
        fen(g["amount_yuan"]); bp(g["fee_pct"]); bp(g["bank_share_pct"])
    for l in loans.values():
        if l["bank"] not in banks or l["enterprise"] not in ents:
            errs.append("loan refs " + l["code"])
        if l["purpose"] not in ("tech_innovation", "tech_transformation", "general"):
            errs.append("loan purpose " + l["code"])
        if date(l["maturity_date"]) < date(l["start_date"]):
            errs.append("loan dates " + l["code"])
        for f in ("first_loan", "credit_loan", "renewal", "revolving", "ip_pledge"):
            if l[f] not in ("0", "1"):
                errs.append("flag %s %s" % (f, l["code"]))
        if l["guarantee"] and l["guarantee"] not in gtees:
            errs.append("loan guarantee " + l["code"])
        if l["relending_draw"] and l["relending_draw"] not in draws:
            errs.append("loan draw " + l["code"])
        fen(l["amount_yuan"]); bp(l["rate_pct"])
    keys = {"institutions.csv": ("code",), "chains.csv": ("code",), "enterprises.csv": ("code",),
            "enterprise_tags.csv": ("enterprise", "tag", "valid_from"), "relending_tools.csv": ("code",),
            "relending_rates.csv": ("tool", "effective_from"), "relending_quotas.csv": ("tool", "effective_from"),
            "relending_draws.csv": ("code",), "rrr_releases.csv": ("bank", "effective_date"), "bank_scores.csv": ("bank", "period"), "risk_pools.csv": ("code",), "guarantees.csv": ("code",),
            "loans.csv": ("code",), "loan_balances.csv": ("loan", "period"), "pool_payouts.csv": ("code",),
            "guarantor_cooperation.csv": ("bank", "guarantor", "mode"), "service_stations.csv": ("code",),
            "station_institutions.csv": ("station", "institution"), "station_demands.csv": ("code",),
            "whitelist_pushes.csv": ("code",), "matchmaking_meetings.csv": ("code",)}
    for name, key in keys.items():
        rows = read(name)
        if len({tuple(r[k] for k in key) for r in rows}) != len(rows):
            errs.append("duplicate key in " + name)
    for g in gtees.values():  # a guaranteed loan carries its guarantee, for the same firm and bank
        ls = [l for l in loans.values() if l["guarantee"] == g["code"]]
        if len(ls) != 1 or ls[0]["enterprise"] != g["enterprise"] or ls[0]["bank"] != g["bank"]:
            errs.append("guarantee without its loan " + g["code"])
    seen = set()
    for b in balances:
        l = loans.get(b["loan"])
        key = (b["loan"], b["period"])
        if l is None or key in seen or not re.match(r"^\d{4}-\d{2}$", b["period"]):
            errs.append("balance row %r" % b)
            continue
        seen.add(key)
        e = month_end(b["period"])
        if not (date(l["start_date"]) <= e < date(l["maturity_date"])):
            errs.append("balance outside loan life %r" % b)
        if fen(b["balance_yuan"]) > fen(l["amount_yuan"]):
            errs.append("balance above contract amount %r" % b)
        if b["classification"] not in GRADES:
            errs.append("balance classification %r" % b)
    for p in payouts:
        if p["pool"] not in pools or (p["guarantee"] and p["guarantee"] not in gtees):
            errs.append("payout " + p["code"])
        fen(p["amount_yuan"]); date(p["date"])
    return errs


# loan_balances.csv `classification` (五级分类, schema v25): empty is normal; 3 and up are NPL.
GRADES = {"": 1, "normal": 1, "special_mention": 2, "substandard": 3, "doubtful": 4, "loss": 5,
          "正常": 1, "关注": 2, "次级": 3, "可疑": 4, "损失": 5}

errs = integrity()
check(not errs, "CSV contract and references (%d problems%s)" % (len(errs), (": " + "; ".join(errs[:5])) if errs else ""))

# ------------------------------------------------------------------ figures

bal = {}  # period -> {loan: fen}
grade = {}  # (period, loan) -> 1 … 5
for b in balances:
    bal.setdefault(b["period"], {})[b["loan"]] = fen(b["balance_yuan"])
    grade[(b["period"], b["loan"])] = GRADES[b["classification"]]
PERIODS = sorted(bal)

tag_spans = {}  # tech tags only: the re-lending qualifications (agri, small_micro) make no tech loan
for t in tags:
    if t["tag"] in TECH_TAGS:
        tag_spans.setdefault(t["enterprise"], []).append((date(t["valid_from"]), date(t["valid_to"])))


def is_tech(l):
    s = date(l["start_date"])
    return any(a <= s <= b for a, b in tag_spans.get(l["enterprise"], []))


TECH = {c for c, l in loans.items() if is_tech(l)}


def measure(p, pred):
    """(balance fen, borrowers) of loans matching pred at period p."""
    rows = bal.get(p, {})
    total, firms = 0, set()
    for code, b in rows.items():
        l = loans[code]
        if b > 0 and pred(code, l):
            total += b
            firms.add(l["enterprise"])
    return total, len(firms)


def yoy(p, pred):
    if shift(p, -12) not in bal:
        return None
    return ratio_bp(measure(p, pred)[0] - measure(shift(p, -12), pred)[0], measure(shift(p, -12), pred)[0])


tech = lambda c, l: c in TECH
chain_of = lambda l: ents[l["enterprise"]]["chain"]

print("periods %s … %s (%d)" % (PERIODS[0], PERIODS[-1], len(PERIODS)))
check(PERIODS[0] == "2023-12" and PERIODS[-1] == "2025-05" and len(PERIODS) == 18, "periods 2023-12 … 2025-05")

t25, _ = measure("2025-03", tech)
t24, _ = measure("2024-03", tech)
check(t25 == 4581000000 * 100, "city tech loans 2025-03 = 45.81亿 (got %d fen)" % t25)
check(ratio_bp(t25 - t24, t24) == 1445, "tech loans yoy 2025-03 = +14.45%% (got %s bp; 2024-03 %d fen)" % (ratio_bp(t25 - t24, t24), t24))
ip, _ = measure("2025-03", lambda c, l: l["ip_pledge"] == "1")
check(ip == 6516 * WAN, "IP-pledge loans 2025-03 = 6516万 (got %d)" % ip)
inn, _ = measure("2025-05", lambda c, l: l["purpose"] == "tech_innovation")
check(inn == 52500 * WAN, "tech-innovation loans 2025-05 = 5.25亿 (got %d)" % inn)
tr, _ = measure("2025-05", lambda c, l: l["purpose"] == "tech_transformation")
check(tr == 3380 * WAN, "technical-transformation loans 2025-05 = 3380万 (got %d)" % tr)

tea, tea_n = measure("2025-05", lambda c, l: chain_of(l) == "TEA")
check(tea == 28000 * WAN and tea_n == 2334, "tea chain 2025-05 = 2334 borrowers, 2.8亿 (got %d, %d)" % (tea_n, tea))


def in_category(tag, period):
    """Enterprises holding the category tag on any day of the month (the store's rule)."""
    first, last = period + "-01", period + "-31"
    return {t["enterprise"] for t in tags if t["tag"] == tag and t["valid_from"] <= last and t["valid_to"] >= first}


key_set, coop_set = in_category("key_small_micro", "2025-05"), in_category("new_agri_entity", "2025-05")
key, key_n = measure("2025-05", lambda c, l: chain_of(l) == "TEA" and l["enterprise"] in key_set)
check(key == 4901_5000 * 100 and key_n == 9, "tea of which key_small_micro = 9, 4901.5万 (got %d, %d)" % (key_n, key))
coop, coop_n = measure("2025-05", lambda c, l: chain_of(l) == "TEA" and l["enterprise"] in coop_set)
check(coop == 2370_6900 * 100 and coop_n == 42, "tea of which new_agri_entity = 42, 2370.69万 (got %d, %d)" % (coop_n, coop))
check(key_set == {"E-TEA-K%02d" % i for i in range(1, 10)} and coop_set == {"E-TEA-C%02d" % i for i in range(1, 43)},
      "the categories are E-TEA-K01…K09 and E-TEA-C01…C42")
check(all("合作社" in ents["E-TEA-C%02d" % i]["name_zh"] for i in range(1, 43)), "the 42 are cooperatives (合作社)")

se24 = measure("2024-12", lambda c, l: chain_of(l) == "SE")[0]
se23 = measure("2023-12", lambda c, l: chain_of(l) == "SE")[0]
check(ratio_bp(se24 - se23, se23) == 4200, "selenium chain all loans 2024-12 yoy = +42%% (got %s bp)" % ratio_bp(se24 - se23, se23))

# Year on year from 2024-12 on: the purpose groups and every chain's loans stay plausible (the
# groups hold older loans, see the README). Chain tech loans are printed, not checked: the
# local whitelist starts in 2024, so some chains' tech loans jump in its first year.
YOY_PS = [p for p in PERIODS if shift(p, -12) in bal]
groups = [("innovation", lambda c, l: l["purpose"] == "tech_innovation"),
          ("transformation", lambda c, l: l["purpose"] == "tech_transformation"),
          ("IP pledge", lambda c, l: l["ip_pledge"] == "1"), ("city all", lambda c, l: True)]
groups += [("%s all" % ch, lambda c, l, ch=ch: chain_of(l) == ch) for ch in chains]
for name, pred in groups + [("%s tech" % ch, lambda c, l, ch=ch: c in TECH and chain_of(l) == ch) for ch in chains]:
    print("  yoy %-16s %s" % (name, " ".join("%7s" % yoy(p, pred) for p in YOY_PS)))
for name, pred in groups:
    g = [yoy(p, pred) for p in YOY_PS]
    check(all(v is not None and -4000 <= v <= 8000 for v in g), "%s yoy within -40%%…+80%% (got %s bp)" % (name, g))


def in_force(g, e):
    return (date(g["start_date"]) <= e < date(g["end_date"])
            and (not g["released_date"] or date(g["released_date"]) > e))


def guarantor_figures(code, p):
    e = month_end(p)
    gs = [g for g in gtees.values() if g["guarantor"] == code and in_force(g, e)]
    amount = sum(fen(g["amount_yuan"]) for g in gs)
    weighted = sum(fen(g["amount_yuan"]) * bp(g["fee_pct"]) for g in gs)
    na = inst[code]["net_assets_yuan"]
    return dict(firms=len({g["enterprise"] for g in gs}), balance=amount,
                fee=div_round(weighted, amount) if amount else None, weighted=weighted,
                share=min((bp(g["bank_share_pct"]) for g in gs), default=None),
                leverage=ratio_bp(amount, fen(na)) if na else None)


cx = guarantor_figures("CAIXIN", "2025-05")
check(cx["firms"] == 41 and cx["balance"] == 32700 * WAN,
      "财信 guarantees in force 2025-05 = 41 firms, 3.27亿 (got %d, %d)" % (cx["firms"], cx["balance"]))
check(cx["weighted"] < 100 * cx["balance"], "财信 average fee below 1%% (got %s bp)" % cx["fee"])
check("财信" in inst["CAIXIN"]["name_zh"], "CAIXIN is 财信")

pool = pools["POOL-AK"]
check(fen(pool["capital_yuan"]) == 1050 * WAN and bp(pool["risk_share_pct"]) == 1000 and bp(pool["breaker_pct"]) == 300,
      "pool 1050万, 10% risk share, 3% breaker")
check(sum(1 for x in payouts if x["pool"] == "POOL-AK") == 3, "POOL-AK has three pay-outs")
check(sum(fen(x["amount_yuan"]) for x in payouts if x["pool"] == "POOL-AK") == 108 * WAN, "POOL-AK paid 108万")

first = [l for l in loans.values() if l["bank"] == "ICBC" and l["relending_draw"]
         and draws[l["relending_draw"]]["tool"] == "RL-TECH"]
check(any(fen(l["amount_yuan"]) == 500 * WAN for l in first), "ICBC 500万 loan funded by 科技创新和技术改造再贷款")
first_draw = min((d for d in draws.values() if d["tool"] == "RL-TECH"), key=lambda d: d["draw_date"])
check(first_draw["bank"] == "ICBC", "the city's first tech re-lending draw is ICBC's")
fund = [l for l in loans.values() if l["bank"] == "HYRCB" and product_name(l) == "产业基金贷"]
check(len({l["enterprise"] for l in fund}) == 3 and sum(fen(l["amount_yuan"]) for l in fund) == 1700 * WAN
      and any(fen(l["amount_yuan"]) == 1500 * WAN and "石墨" in ents[l["enterprise"]]["name_zh"] for l in fund),
      "汉阴农商 industrial-fund loans: 3 firms 1700万, graphite firm 1500万")
lead = {c: r["lead_bank"] for c, r in chains.items()}
check(lead.get("SE") == "ABC" and lead.get("TEA") == "AKRCB" and lead.get("CARB") == "HYRCB" and len(chains) >= 9,
      "nine chains with the article's lead banks")
names = {product_name(l) for l in loans.values()}
check({"硒链贷", "医链贷", "毛玩贷", "知识产权质押贷", "无还本续贷", "首贷", "随借随还贷"} <= names, "article products present")
wl = {t["enterprise"] for t in tags if t["tag"] == "whitelist"}
check(len(wl) >= 600, "whitelist has 600+ firms (got %d)" % len(wl))


# New loans since 2024 to high-tech / tech-SME / SRDI firms (ProgrammeQuery.policyEffect): a
# loan counts from its start month when its firm held one of the kind's tags on the start date
# (TechKind.tags; 专精特新 counts little_giant too), each loan once in the total.
POLICY_KINDS = [("high_tech", ("high_tech",)), ("tech_sme", ("tech_sme",)), ("srdi", ("srdi", "little_giant"))]
kind_spans = {}
for t in tags:
    for kind, ts in POLICY_KINDS:
        if t["tag"] in ts:
            kind_spans.setdefault((t["enterprise"], kind), []).append((date(t["valid_from"]), date(t["valid_to"])))


def policy_effect(p):
    """(total fen, loans, {kind: (fen, loans)}) of loans started 2024-01-01 … the end of p."""
    total, n, by = 0, 0, {}
    for l in loans.values():
        s = date(l["start_date"])
        if not (dt.date(2024, 1, 1) <= s <= month_end(p)):
            continue
        kinds = [k for k, _ in POLICY_KINDS if any(a <= s <= b for a, b in kind_spans.get((l["enterprise"], k), []))]
        if kinds:
            total += fen(l["amount_yuan"]); n += 1
            for k in kinds:
                v = by.setdefault(k, [0, 0]); v[0] += fen(l["amount_yuan"]); v[1] += 1
    return total, n, by


for p in ("2024-12", "2025-03", "2025-05"):
    print("  policy effect %s: %s" % (p, policy_effect(p)))
pe, pe_n, _ = policy_effect("2025-05")
check(pe == 7147 * 100 * WAN, "new loans since 2024 to high-tech/tech-SME/SRDI firms by 2025-05 = 71.47亿 (got %d fen, %d loans)" % (pe, pe_n))


# Low-cost funds since 2024 (LowCostBook): the reserves released by RRR cuts effective
# 2024-01-01 … the end of p, and every re-lending and rediscount draw drawn in that window
# (rediscount is a tool of relending_draws.csv), each counted once.
def low_cost_funds(p):
    """(RRR releases fen, {tool: draws fen}) since 2024-01-01 up to the end of p."""
    lo, hi = dt.date(2024, 1, 1), month_end(p)
    rrr = sum(fen(r["released_yuan"]) for r in releases if lo <= date(r["effective_date"]) <= hi)
    by_tool = {}
    for r in draws.values():
        if lo <= date(r["draw_date"]) <= hi:
            by_tool[r["tool"]] = by_tool.get(r["tool"], 0) + fen(r["amount_yuan"])
    return rrr, by_tool


for p in ("2024-12", "2025-03", "2025-05"):
    rrr, by_tool = low_cost_funds(p)
    print("  low-cost funds %s: RRR cuts %d, tools %s, total %d fen" % (p, rrr, by_tool, rrr + sum(by_tool.values())))
rrr, by_tool = low_cost_funds("2025-05")
check(rrr + sum(by_tool.values()) == 97 * YI,
      "low-cost funds since 2024 (RRR cuts, re-lending, rediscount) by 2025-05 = 97亿 (got %d fen)" % (rrr + sum(by_tool.values())))
check(sum(by_tool.values()) == 677 * WAN * 100 and by_tool.get("RL-REDISC", 0) > 0,
      "of which the demo's own re-lending and rediscount draws since 2024: 6.77亿 (got %d fen)" % sum(by_tool.values()))
check({r["effective_date"] for r in releases} == {"2024-02-05", "2024-09-27", "2025-05-15"},
      "RRR releases on the three cuts since 2024 (2024-02-05, 2024-09-27, 2025-05-15)")


# Bank–guarantor cooperation and the 四贷 service stations (OutreachBook): rows in force at the
# period end (from_date <= end, to_date empty or >= end), institutions counted once per mode;
# stations opened by the end; demands registered / matched / lent (the loan's start and amount)
# by the end.
def holds(r, end, lo="from_date", hi="to_date"):
    return date(r[lo]) <= end and (not r[hi] or date(r[hi]) >= end)


def cooperation_counts(p):
    end = month_end(p)
    return {m: len({r["bank"] for r in cooperation if r["mode"] == m and holds(r, end)}) for m in MODES}


def station_figures(p):
    """(open stations, distinct stationed institutions, {station: (reg n, fen, matched n, fen, loans n, fen)})."""
    end = month_end(p)
    open_ = {c for c, r in stations.items() if date(r["opened_date"]) <= end}
    institutions = {r["institution"] for r in stationed if r["station"] in open_ and holds(r, end)}
    funnel = {c: [0, 0, 0, 0, 0, 0] for c in open_}
    for r in demands:
        if r["station"] not in open_ or date(r["registered_date"]) > end:
            continue
        f = funnel[r["station"]]
        f[0] += 1; f[1] += fen(r["amount_yuan"])
        if r["matched_date"] and date(r["matched_date"]) <= end:
            f[2] += 1; f[3] += fen(r["amount_yuan"])
            if r["loan"] and date(loans[r["loan"]]["start_date"]) <= end:
                f[4] += 1; f[5] += fen(loans[r["loan"]]["amount_yuan"])
    return open_, institutions, funnel


for p in ("2024-06", "2024-12", "2025-05"):
    open_, institutions, funnel = station_figures(p)
    total = [sum(f[i] for f in funnel.values()) for i in range(6)]
    print("  outreach %s: cooperation %s; %d stations, %d institutions stationed; demands %d (%d fen) -> matched %d (%d fen) -> loans %d (%d fen)"
          % (p, cooperation_counts(p), len(open_), len(institutions), *total))
check(cooperation_counts("2025-05") == {"cooperation": 19, "online": 26, "guarantee_on_approval": 17},
      "bank–guarantor cooperation in 2025-05: 19 exploring, 26 online (all with 财信), 17 见贷即保")
check({r["guarantor"] for r in cooperation if r["mode"] == "online"} == {"CAIXIN"}, "every online cooperation is with 财信")
open_, institutions, funnel = station_figures("2025-05")
check(len(open_) == 11 and len(institutions) == 20, "11 四贷 service stations, 20 institutions stationed in 2025-05 (got %d, %d)"
      % (len(open_), len(institutions)))
check(sum(1 for r in stations.values() if r["level"] == "city") == 1, "one city-level station, ten county-level")
check(all(f[4] > 0 for f in funnel.values()), "every station has loans made by 2025-05")
for c in sorted(funnel):
    print("    %s %s: %s" % (c, stations[c]["name_zh"], funnel[c]))

# The guidance fund (issue 12, item 6; guidance_funds.csv, fund_loans.csv): at a period end, the
# loans backed by then at their loans.csv amounts, the distinct firms, those in use (neither
# matured nor compensated by then) against capital × leverage, compensation ÷ capital against
# the breaker. Each backed loan is the fund's bank's, backed on or after its start.
def fund_figures(code, p):
    end = month_end(p)
    f = funds[code]
    backed = [loans[r["loan"]] for r in fund_loans if r["fund"] == code and date(r["backed_date"]) <= end]
    paid = {r["loan"]: fen(r["compensated_yuan"]) for r in fund_loans
            if r["fund"] == code and r["compensated_date"] and date(r["compensated_date"]) <= end}
    in_use = sum(fen(l["amount_yuan"]) for l in backed if date(l["maturity_date"]) > end and l["code"] not in paid)
    capital = fen(f["capital_yuan"])
    return dict(firms=len({l["enterprise"] for l in backed}), loans=len(backed), amount=sum(fen(l["amount_yuan"]) for l in backed),
                ceiling=capital * int(f["leverage"]), in_use=in_use, compensated=sum(paid.values()), capital=capital)


check(all(loans[r["loan"]]["bank"] == funds[r["fund"]]["bank"] and r["backed_date"] >= loans[r["loan"]]["start_date"]
          for r in fund_loans), "every fund loan is the fund's bank's, backed on or after its start")
hy = fund_figures("GF-HY-01", "2025-05")
print("  guidance fund 2025-05:", hy)
check((hy["capital"], hy["ceiling"]) == (2000 * 1_000_000, 10_000 * 1_000_000), "Hanyin's fund: 2000万元 at 1:5, a 1亿元 ceiling")
check((hy["firms"], hy["amount"]) == (3, 1700 * 1_000_000), "the fund backs 3 firms, 1700万元 by 2025-05 (article)")
check(any(fen(loans[r["loan"]]["amount_yuan"]) == 1500 * 1_000_000 and "石墨" in ents[loans[r["loan"]]["enterprise"]]["name_zh"]
          for r in fund_loans), "the 1500万元 loan to the graphite firm among them")
check(hy["in_use"] == 1700 * 1_000_000 and hy["compensated"] == 0, "all 1700万元 in use (17% of the ceiling), nothing compensated")

# The interest subsidy (issue 12, item 4; subsidy_budgets.csv, subsidy_allocations.csv,
# subsidy_claims.csv): at a period end, the budgets funded by then, per bank what was allocated,
# claimed and paid by then, and what is left (budgets less paid). Each claim is on a
# re-lending-funded loan of the claiming bank; rule 14 (claims ÷ allocation above 100%) stays
# quiet in the demo.
def subsidy_figures(p):
    end = month_end(p)
    budget = sum(fen(b["budget_yuan"]) for b in budgets.values() if date(b["funded_date"]) <= end)
    banks = {}
    for a in allocations:
        if date(a["allocated_date"]) <= end:
            banks.setdefault(a["bank"], [0, 0, 0, 0])[0] += fen(a["allocated_yuan"])
    for c in claims:
        if date(c["claimed_date"]) <= end:
            x = banks.setdefault(c["bank"], [0, 0, 0, 0])
            x[1] += fen(c["claimed_yuan"]); x[3] += 1
            if c["paid_date"] and date(c["paid_date"]) <= end:
                x[2] += fen(c["paid_yuan"])
    paid = sum(x[2] for x in banks.values())
    return dict(budget=budget, paid=paid, left=budget - paid, banks=banks)


check(all(loans[c["loan"]]["bank"] == c["bank"] and loans[c["loan"]]["relending_draw"] for c in claims),
      "every subsidy claim is on a re-lending-funded loan of the claiming bank")
check({a["bank"] for a in allocations} == {"AKRCB", "HYRCB", "XYRCB"}, "the subsidy goes to the three local legal-person banks")
sub = subsidy_figures("2025-05")
print("  subsidy 2025-05:", sub)
check(sub["budget"] == 500 * 1_000_000 and sorted(fen(b["budget_yuan"]) for b in budgets.values()) == [200 * 1_000_000, 300 * 1_000_000],
      "the subsidy budget: 500万元 from the city (300万) and the county (200万)")
check(not [(p, b) for p in PERIODS for b, x in subsidy_figures(p)["banks"].items() if x[1] > x[0]],
      "no bank's claims exceed its allocation in any period (rule 14 stays quiet)")

# The whitelist's pipeline (issue 12, item 2; whitelist_pushes.csv, matchmaking_meetings.csv): at a
# period end, the pushes of its year pushed by then and the stage each had reached by then (a
# stage counts once its date is on or before the end; a loan's date is its start), the amounts
# approved and the loans' own amounts; the year's meetings held by then. The article: 111 firms
# and projects pushed, 12 meetings (policy meetings and matchmaking meetings together), by the
# end of May 2025.
def pipeline_figures(p):
    start, end = date(p[:4] + "-01-01"), month_end(p)
    f = dict(pushed=0, projects=0, contacted=0, approved=0, approved_fen=0, lent=0, lent_fen=0)
    for x in pushes:
        if not start <= date(x["pushed_date"]) <= end:
            continue
        f["pushed"] += 1
        f["projects"] += x["enterprise"] == ""
        f["contacted"] += bool(x["contacted_date"]) and date(x["contacted_date"]) <= end
        if x["approved_date"] and date(x["approved_date"]) <= end:
            f["approved"] += 1; f["approved_fen"] += fen(x["approved_yuan"])
        if x["loan"] and date(loans[x["loan"]]["start_date"]) <= end:
            f["lent"] += 1; f["lent_fen"] += fen(loans[x["loan"]]["amount_yuan"])
    held = [m for m in meetings if start <= date(m["held_date"]) <= end]
    f["meetings"] = len(held)
    f["policy_meetings"] = sum(m["kind"] == "policy" for m in held)
    f["signed_fen"] = sum(fen(m["signed_yuan"]) for m in held)
    f["conversion_bp"] = ratio_bp(f["lent"], f["pushed"])
    return f


listed_on = {}
for t in tags:
    if t["tag"] == "whitelist":
        listed_on.setdefault(t["enterprise"], []).append((date(t["valid_from"]), date(t["valid_to"])))
bad_pushes = [x["code"] for x in pushes if x["loan"] and not (
    loans[x["loan"]]["bank"] == x["bank"] and loans[x["loan"]]["enterprise"] == x["enterprise"]
    and x["pushed_date"] <= x["contacted_date"] <= x["approved_date"] <= loans[x["loan"]]["start_date"])]
check(not bad_pushes, "every push lent is the push bank's loan to the pushed firm, after its push, contact and approval")
check(all(any(a <= date(x["pushed_date"]) <= b for a, b in listed_on.get(x["enterprise"], [])) for x in pushes if x["enterprise"]),
      "every firm pushed is on the whitelist when pushed")
pipe = pipeline_figures("2025-05")
print("  pipeline 2025-05:", pipe)
check(pipe["pushed"] == 111 and len(pushes) == 111, "111 firms and projects pushed to banks in 2025 by the end of May (the article's 111)")
check(pipe["meetings"] == 12 and len(meetings) == 12, "12 meetings in 2025 by the end of May (the article's 12场次)")
check(pipe["pushed"] >= pipe["contacted"] >= pipe["approved"] >= pipe["lent"] > 0, "the funnel narrows: pushed ≥ contacted ≥ approved ≥ lent")

# The banks' products (issue 12, item 5; products.csv, schema v24): each a bank's, its code unique
# within the bank, on a chain or none; every loan names one of its own bank's products (or none);
# a product is launched by its first loan. Per product and period: the balance, the borrowers
# (firms whose loans of the product sum to a positive balance) and the growth on a year before.
banks_ = {c for c, r in inst.items() if r["kind"] == "bank"}
bad_products = [k for k, r in products.items()
                if r["bank"] not in banks_ or (r["chain"] and r["chain"] not in chains) or not r["name_zh"] or not r["name_en"]
                or r["kind"] not in ("chain", "tech", "ip_pledge", "fund", "general") or date(r["launched_date"]) is None]
check(len(products) == len(read("products.csv")) and not bad_products,
      "products.csv: (bank, code) unique, banks, chains, names, kinds, dates (%d problems)" % len(bad_products))
check(all(not l["product"] or ((l["bank"], l["product"]) in products
                               and products[(l["bank"], l["product"])]["launched_date"] <= l["start_date"]) for l in loans.values()),
      "every loan names one of its own bank's products (or none), launched by the loan's start")


def product_figures(p):
    """(bank, product) -> [balance fen, borrowers]: per firm first, as ProductSummary."""
    per_firm = {}
    for code, b in bal.get(p, {}).items():
        l = loans[code]
        key = (l["bank"], l["product"], l["enterprise"])
        per_firm[key] = per_firm.get(key, 0) + b
    out = {}
    for (bank, product, _), v in per_firm.items():
        x = out.setdefault((bank, product), [0, 0])
        x[0] += v
        x[1] += 1 if v > 0 else 0
    return out


may, may_ago = product_figures("2025-05"), product_figures("2024-05")
check(sum(v[0] for v in may.values()) == sum(bal["2025-05"].values()), "the products' balances (and no product's) add up to the city's in 2025-05")
for bank, code in (("ABC", "XLD"), ("CCB", "YLD"), ("BOC", "MWD"), ("AKRCB", "CYLED"), ("ICBC", "KJD"), ("CCB", "ZSCQD"), ("HYRCB", "CYJJD")):
    now, ago = may.get((bank, code), [0, 0]), may_ago.get((bank, code), [0, 0])
    growth = ratio_bp(now[0] - ago[0], ago[0]) if ago[0] else None
    print("  product 2025-05 %-5s %-6s %-8s chain %-4s balance %s, %d borrowers, YoY %s bp" % (
        bank, code, products[(bank, code)]["name_zh"], products[(bank, code)]["chain"] or "-", now[0], now[1], growth))
check(may[("HYRCB", "CYJJD")] == [1700 * 1_000_000, 3], "产业基金贷: 汉阴农商银行's 3 firms, 1700万元 (the guidance fund's loans)")
CHAIN_PRODUCTS = {("ABC", "XLD"): "SE", ("CCB", "YLD"): "BIO", ("BOC", "MWD"): "TOY", ("AKRCB", "CYLED"): "TEA"}
check(all(products[k]["chain"] == ch for k, ch in CHAIN_PRODUCTS.items()),
      "the article's chain products sit on their chains: 硒链贷 (ABC, 富硒), 医链贷 (CCB), 毛玩贷 (BOC), 产业链e贷 (AKRCB, 茶叶)")

# Draws on 随借随还 lines repaid between two month ends (the generator's add_line_draws): each
# is a revolving loan on the terms (bank, product, purpose, rate, flags) of one line of its firm
# that runs through the month, within the line's headroom (limit less the larger month-end
# balance around it), one draw repaid before the next.
TERMS = ("enterprise", "bank", "product", "purpose", "rate_pct", "credit_loan", "ip_pledge")
revolving_lines = {}
for x in loans.values():
    if x["revolving"] == "1":
        revolving_lines.setdefault(tuple(x[k] for k in TERMS), []).append(x)
by_line = {}
draw_errs = []
for c, l in loans.items():
    s, m = date(l["start_date"]), date(l["maturity_date"])
    if l["revolving"] != "1" or (s.year, s.month) != (m.year, m.month) or m >= month_end(l["start_date"][:7]):
        continue
    p = l["start_date"][:7]
    lines = [x for x in revolving_lines[tuple(l[k] for k in TERMS)]
             if date(x["start_date"]) <= s.replace(day=1) and date(x["maturity_date"]) > month_end(p)]
    if len(lines) != 1:
        draw_errs.append("line of %s" % c)
        continue
    x = lines[0]
    head = fen(x["amount_yuan"]) - max(bal.get(shift(p, -1), {}).get(x["code"], 0), bal[p].get(x["code"], 0))
    if fen(l["amount_yuan"]) > head or c in bal[p] or l["guarantee"] or l["relending_draw"]:
        draw_errs.append("draw %s" % c)
    by_line.setdefault((x["code"], p), []).append((s, m))
for spans in by_line.values():
    spans.sort()
    if any(a[1] >= b[0] for a, b in zip(spans, spans[1:])):
        draw_errs.append("overlapping draws %r" % spans)
check(not draw_errs, "%d within-month draws on %d line-months: within headroom, no balance (%d problems%s)"
      % (sum(len(v) for v in by_line.values()), len(by_line), len(draw_errs), (": " + "; ".join(draw_errs[:5])) if draw_errs else ""))


def rate_at(tool, e):
    rs = [r for r in rates if r["tool"] == tool and date(r["effective_from"]) <= e]
    return bp(max(rs, key=lambda r: r["effective_from"])["rate_pct"]) if rs else None


check(rate_at("RL-TECH", month_end("2024-12")) == 175 and rate_at("RL-TECH", month_end("2025-05")) == 150,
      "tech re-lending rate 1.75% (2024) then 1.5% (2025-05)")

# ------------------------------------------------------------------ alerts (AlertEngine.defaultRules)

RULES = [  # id, measure, warnBelow, criticalBelow, warnAbove, criticalAbove
    (1, "relending_usage", 9500, 8000, None, 10000),
    (2, "rollover_exhausted", None, None, None, 0),
    (3, "guarantee_fee_rate", None, None, 100, None),
    (4, "guarantor_leverage", None, None, None, 100000),
    (5, "bank_risk_share", 2000, None, None, None),
    (6, "pool_loss_rate", None, None, None, 300),
    (7, "pool_remaining", 5000, 2000, None, None),
    (8, "chain_tech_growth", 0, None, None, None),
    (9, "chain_growth_gap", 0, None, None, None),
    (11, "relending_cap_use", None, None, None, 10000),
    (12, "ineligible_ledger_loans", None, None, 0, None),
    (15, "ledger_spread", None, None, 200, None),
    (16, "tech_npl_gap", None, None, 299, None),
]


def severity(rule, v):
    _, _, wb, cb, wa, ca = rule
    if cb is not None and v < cb: return "critical"
    if ca is not None and v > ca: return "critical"
    if wb is not None and v < wb: return "warning"
    if wa is not None and v > wa: return "warning"
    return None


def tool_values(p):
    e = month_end(p)
    out = {}
    for t in tools:
        qs = [q for q in quotas if q["tool"] == t and date(q["effective_from"]) <= e]
        quota = fen(max(qs, key=lambda q: q["effective_from"])["quota_yuan"]) if qs else 0
        live = [d for d in draws.values() if d["tool"] == t and date(d["draw_date"]) <= e < date(d["maturity_date"])
                and (not d["repaid_date"] or date(d["repaid_date"]) > e)]
        drawn = sum(fen(d["amount_yuan"]) for d in live)
        exhausted = sum(1 for d in live if d["rollovers_used"] == "2"
                        and date(d["maturity_date"]) <= e + dt.timedelta(days=30))
        out[t] = (ratio_bp(drawn, quota) if quota else None, exhausted, drawn, quota)
    return out


def terms(tool, day):
    """(cap bp, qualification tags) of the tool's terms in force on `day` (else its first)."""
    rows = sorted((r for r in caps if r["tool"] == tool), key=lambda r: r["effective_from"])
    if not rows:
        return None, []
    now = [r for r in rows if date(r["effective_from"]) <= day]
    r = now[-1] if now else rows[0]
    return bp(r["cap_pct"]), r["qualification"].split()


qual_spans = {}
for t in tags:
    qual_spans.setdefault((t["enterprise"], t["tag"]), []).append((date(t["valid_from"]), date(t["valid_to"])))


def eligible(l, tool):
    s = date(l["start_date"])
    need = terms(tool, s)[1]
    return not need or any(a <= s <= b for t in need for a, b in qual_spans.get((l["enterprise"], t), []))


def coverage(p):
    """(tool, bank) -> (drawn, eligible ledger balance, ineligible loans, cap bp) at period p."""
    e = month_end(p)
    out = {}
    for dr in draws.values():
        if date(dr["draw_date"]) <= e < date(dr["maturity_date"]) and (not dr["repaid_date"] or date(dr["repaid_date"]) > e):
            c = out.setdefault((dr["tool"], dr["bank"]), [0, 0, 0, terms(dr["tool"], e)[0] if any(
                date(r["effective_from"]) <= e for r in caps if r["tool"] == dr["tool"]) else None])
            c[0] += fen(dr["amount_yuan"])
    for code, l in loans.items():
        dr = draws.get(l["relending_draw"]) if l["relending_draw"] else None
        b = bal[p].get(code, 0)
        if dr is None or b <= 0 or (dr["tool"], dr["bank"]) not in out:
            continue
        if not (date(dr["draw_date"]) <= e < date(dr["maturity_date"]) and (not dr["repaid_date"] or date(dr["repaid_date"]) > e)):
            continue
        c = out[(dr["tool"], dr["bank"])]
        if eligible(l, dr["tool"]):
            c[1] += b
        else:
            c[2] += 1
    return out


def cap_use(drawn, elig, cap):
    if cap is None or drawn <= 0:
        return None
    return 1_000_000 if elig == 0 else ratio_bp(drawn * 10000, elig * cap)


def ledger_spreads(p):
    """Per bank, the widest spread (bp) of its ledger loans (funded by a draw) with a balance in p
    over the tool's rate in force on the loan's start date (else the tool's first rate)."""
    out = {}
    for code, b in bal[p].items():
        l = loans[code]
        if b <= 0 or not l["relending_draw"]:
            continue
        tool = draws[l["relending_draw"]]["tool"]
        rs = sorted((r for r in rates if r["tool"] == tool), key=lambda r: r["effective_from"])
        on = [r for r in rs if r["effective_from"] <= l["start_date"]]
        if not rs:
            continue
        spread = bp(l["rate_pct"]) - bp((on or rs[:1])[-1]["rate_pct"])
        out[l["bank"]] = max(out.get(l["bank"], spread), spread)
    return sorted(out.items())


def npl(p, pred):
    """(balance, NPL balance) in fen of the loans matching pred at p: NPL is grade 3 and up."""
    total = bad = 0
    for code, b in bal.get(p, {}).items():
        if pred(code, loans[code]):
            total += b
            bad += b if grade[(p, code)] >= 3 else 0
    return total, bad


def npl_gaps(p):
    """Per bank: tech NPL ratio minus all-loan NPL ratio, bp (rule 16), banks with tech loans."""
    out = []
    for b in sorted({l["bank"] for l in loans.values()}):
        all_, all_bad = npl(p, lambda c, l: l["bank"] == b)
        tech, tech_bad = npl(p, lambda c, l: l["bank"] == b and c in TECH)
        if all_ and tech:
            out.append((b, ratio_bp(tech_bad, tech) - ratio_bp(all_bad, all_)))
    return out


def values(measure_name, p):
    if measure_name == "tech_npl_gap":
        return npl_gaps(p)
    if measure_name == "ledger_spread":
        return ledger_spreads(p)
    if measure_name == "relending_cap_use":
        return [("%s/%s" % k, cap_use(v[0], v[1], v[3])) for k, v in sorted(coverage(p).items())
                if cap_use(v[0], v[1], v[3]) is not None]
    if measure_name == "ineligible_ledger_loans":
        return [("%s/%s" % k, v[2]) for k, v in sorted(coverage(p).items())]
    if measure_name == "relending_usage":
        return [(t, v[0]) for t, v in tool_values(p).items() if v[0] is not None]
    if measure_name == "rollover_exhausted":
        return [(t, v[1]) for t, v in tool_values(p).items()]
    gf = {c: guarantor_figures(c, p) for c, r in inst.items() if r["kind"] == "guarantor"}
    if measure_name == "guarantee_fee_rate":
        return [(c, f["fee"]) for c, f in gf.items() if f["fee"] is not None]
    if measure_name == "guarantor_leverage":
        return [(c, f["leverage"]) for c, f in gf.items() if f["leverage"] is not None]
    if measure_name == "bank_risk_share":
        return [(c, f["share"]) for c, f in gf.items() if f["share"] is not None]
    if measure_name in ("pool_loss_rate", "pool_remaining"):
        e = month_end(p)
        out = []
        for c, pl in pools.items():
            paid = sum(fen(x["amount_yuan"]) for x in payouts if x["pool"] == c and date(x["date"]) <= e)
            covered = sum(fen(g["amount_yuan"]) for g in gtees.values() if g["pool"] == c and in_force(g, e))
            cap = fen(pl["capital_yuan"])
            v = ratio_bp(paid, covered) if measure_name == "pool_loss_rate" else ratio_bp(cap - paid, cap)
            if v is not None:
                out.append((c, v))
        return out
    city = yoy(p, lambda c, l: True)
    out = []
    for ch in chains:
        g = yoy(p, lambda c, l, ch=ch: c in TECH and chain_of(l) == ch)
        if g is None:
            continue
        if measure_name == "chain_tech_growth":
            out.append((ch, g))
        elif city is not None:
            out.append((ch, g - city))
    return out


fired = {}  # rule id -> [(period, entity, severity, value)]
for p in PERIODS:
    line = []
    for rule in RULES:
        for ent, v in values(rule[1], p):
            s = severity(rule, v)
            if s:
                fired.setdefault(rule[0], []).append((p, ent, s, v))
                line.append("%d:%s%s(%s)" % (rule[0], ent, "!" if s == "critical" else "", v))
    print("  %s  %s" % (p, " ".join(line)))

print("usage by tool (bp):")
for p in PERIODS:
    tv = tool_values(p)
    print("  %s  %s" % (p, "  ".join("%s %s" % (t, tv[t][0]) for t in tools)))
print("guarantors at 2025-05:", {c: guarantor_figures(c, "2025-05") for c in ("CAIXIN", "AKFG", "HYFG")})

print("ledger coverage, drawn / eligible ledger (%) per tool:")
for p in PERIODS:
    cov = coverage(p)
    per_tool = {}
    for (t, b), v in cov.items():
        a = per_tool.setdefault(t, [0, 0])
        a[0] += v[0]; a[1] += v[1]
    print("  %s  %s" % (p, "  ".join("%s %s" % (t, ratio_bp(a[0], a[1]) if a[1] else "-") for t, a in sorted(per_tool.items()))))

# Rule 13 (bank_evaluation, default: warning below 375 points, critical below 300): the
# evaluation in force in a month is the latest at or before it (bank_scores.csv).
totals = {}
for r in scores:
    totals.setdefault(r["period"], {})[r["bank"]] = sum(int(r[c]) for c in SCORE_COLUMNS)
# Every bank with a ledger (the outreach's 17 other institutions hold no loans, draws or scores).
check(set(totals) == {"2023-12", "2024-12"} and all(set(t) == {l["bank"] for l in loans.values()} for t in totals.values()),
      "every bank with loans evaluated at the end of 2023 and of 2024")
check(not {c for c, r in inst.items() if r["kind"] == "bank"} - {l["bank"] for l in loans.values()}
      - {r["bank"] for r in cooperation} - {r["institution"] for r in stationed},
      "every other bank is there for the outreach (cooperation or a station)")
for p in PERIODS:
    in_force = max((e for e in totals if e <= p), default=None)
    for b, total in sorted(totals.get(in_force, {}).items()):
        if total < 375:
            fired.setdefault(13, []).append((p, b, "critical" if total < 300 else "warning", total))
check({(p, b) for p, b, sev, _ in fired.get(13, []) if sev == "critical"} == {(p, "XYRCB") for p in PERIODS if p >= "2024-12"},
      "旬阳农商银行 graded D (291 < 300: remediation) from the 2024 evaluation, no other bank")
check(totals["2024-12"]["XYRCB"] == 291 and totals["2023-12"]["XYRCB"] == 310, "旬阳农商银行 310 → 291")
check(max(totals["2024-12"].items(), key=lambda kv: kv[1]) == ("ABC", 455), "农业银行 first in 2024 (455, grade A)")

for rid in (1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13):
    check(rid in fired, "default rule %d fires in some period" % rid)
check(not any(e == "CAIXIN" for _, e, _, _ in fired.get(3, [])), "财信 never breaks the 1% fee rule")
check(any(p == "2025-05" and e == "RL-AGRI" for p, e, _, _ in fired.get(2, [])), "rollover-exhausted draw due at 2025-05 (RL-AGRI)")
check(any(e == "AKFG" for _, e, _, _ in fired.get(4, [])), "AKFG leverage above 10x")
check(any(e == "FISH" for _, e, _, _ in fired.get(8, [])), "fishery chain tech loans fall year on year")
check(("2024-06", "RL-SME", "critical") in {(p, e, s) for p, e, s, _ in fired.get(1, [])},
      "支小 usage critical in 2024-06 (a draw repaid early)")
check(("2025-01", "RL-AGRI", "warning") in {(p, e, s) for p, e, s, _ in fired.get(1, [])},
      "支农 usage warning in 2025-01 (quota raised)")
check({p for p, e, _, _ in fired.get(3, []) if e == "HYFG"} == set(PERIODS), "汉阴县担保 fee above 1% in every period")
check(not any(e == "POOL-AK" for r in (6, 7) for _, e, _, _ in fired.get(r, [])), "POOL-AK stays far from its limits")
check({(p, s) for p, e, s, _ in fired.get(7, []) if e == "POOL-HY"} == {("2025-03", "warning"), ("2025-04", "warning"), ("2025-05", "warning")},
      "county pool below 50% remaining from 2025-03 (rule 7)")
check({(p, s) for p, e, s, _ in fired.get(6, []) if e == "POOL-HY"} == {("2025-05", "critical")},
      "county pool losses above the 3% breaker in 2025-05 (rule 6)")
check([p for p, e, _, _ in fired.get(4, [])] == ["2025-05"], "leverage above 10x only in 2025-05")
check([(p, e) for p, e, _, _ in fired.get(11, [])] == [("2025-05", "RL-AGRI/XYRCB")],
      "the one staged cap breach: 旬阳农商 支农 in 2025-05 (rule 11)")
check([(p, e, v) for p, e, _, v in fired.get(12, [])] == [("2025-05", "RL-SME/AKRCB", 2)],
      "the one staged eligibility breach: 2 安康农商 支小 ledger loans in 2025-05 (rule 12)")
rule15 = sorted({p for p, e, _, _ in fired.get(15, [])})
check({e for _, e, _, _ in fired.get(15, [])} == {"HYRCB"} and all(s == "warning" for _, _, s, _ in fired.get(15, []))
      and rule15 and rule15[0] == "2024-07" and "2025-05" in rule15,
      "rule 15 warns for 汉阴农商 alone, from 2024-07 (支农 ledger loans priced over 2 points); every other bank within the cap")

# Loan classification (schema v25; no published figure, the generator's choices): the city's tech
# NPL ratio about 1–1.5% and its all-loan ratio above it in every month; exact ratios for the
# Swift tests; rule 16 warns for 旬阳农商 alone, from 2025-02.
print("NPL ratio, all / tech (bp):")
for p in PERIODS:
    a, ab = npl(p, lambda c, l: True)
    t, tb = npl(p, lambda c, l: c in TECH)
    print("  %s  city %s / %s" % (p, ratio_bp(ab, a), ratio_bp(tb, t)))
    check(90 <= ratio_bp(tb, t) <= 150 and ratio_bp(ab, a) > ratio_bp(tb, t), "city tech NPL about 1–1.5%%, all-loan above it, %s" % p)
may_all, may_bad = npl("2025-05", lambda c, l: True)
may_tech, may_tech_bad = npl("2025-05", lambda c, l: c in TECH)
check((ratio_bp(may_bad, may_all), ratio_bp(may_tech_bad, may_tech)) == (177, 138), "2025-05: NPL ratio 1.77%, tech NPL ratio 1.38%")
check(dict(npl_gaps("2025-05"))["XYRCB"] == 441, "2025-05: 旬阳农商 tech NPL 4.41 points over its all-loan NPL")
rule16 = sorted({p for p, e, _, _ in fired.get(16, [])})
check({e for _, e, _, _ in fired.get(16, [])} == {"XYRCB"} and rule16 == [p for p in PERIODS if p >= "2025-02"]
      and all(s == "warning" for _, _, s, _ in fired.get(16, [])),
      "rule 16 warns for 旬阳农商 alone, from 2025-02 (four tech loans substandard); every other bank's tech NPL at or below its all-loan NPL + 3 points")
slid = sorted(c for c in TECH if loans[c]["bank"] == "XYRCB" and any(grade.get((p, c), 1) >= 3 for p in PERIODS))
check(slid == ["L000640", "L000647", "L000862", "L000909"]
      and all([grade.get((p, c)) for p in ("2024-12", "2025-01", "2025-02")] == [2, 2, 3] for c in slid),
      "旬阳农商's four NPL tech loans slide special_mention (2024-12) -> substandard (2025-02)")

if failures:
    print("\n%d check(s) failed" % len(failures))
    sys.exit(1)
print("\nall checks passed")
