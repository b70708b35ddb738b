#!/usr/bin/env python3
"""Generates the sample portfolio (portfolio.csv), its blockers
(blockers.csv), a history of past accounts with their outcomes
(history.csv) and monthly snapshots of a few accounts' drivers
(snapshots.csv), six monthly snapshots of the whole portfolio's drivers
with parents and children (portfolio_history.csv), account plans for the
portfolio (plans.json), and a
model bundle (bundle.json) that scores enterprise accounts with their own
model (models/enterprise.json):
synthetic, realistic and reproducible (seeded).

    python3 examples/generate.py            # rewrite both files
    python3 examples/generate.py --check    # fail if they differ from what this script makes
    python3 examples/generate.py --accounts 1000000 --out /tmp/big   # a large portfolio, elsewhere

Each account has a hidden health and a few hidden weaknesses; its CRM
measures follow from them with noise, and about 6% of the values are
missing, as in a real export.

Plans are read as of PLANS_AS_OF (2026-12-01). Most point their open
steps at the account's weaknesses (guided); some at its strengths
(reactive); some are stale (no review for months); and a few motivated
accounts (strong relationship and need) let their steps slip: the
visionary customers.

In history.csv each account also has an `as_of` date and its outcomes,
drawn from a known model over its hidden driver levels, so that a
calibration can be checked against the truth:

    A = product^0.35 * outcomes^0.15 * enablement^0.35 * guidance^0.15
    P(renewed)  = sigma(4 + 5 ln(A^0.4 * relationship^0.6))
    P(expanded) = sigma(2 + 4 ln(A^0.3 * relationship^0.2 * need^0.5))
"""
import argparse
import csv
import io
import json
import math
import random
import sys
from pathlib import Path

SEED = 20261123
ACCOUNTS = 240
HISTORY_ACCOUNTS = 3000
HERE = Path(__file__).resolve().parent

SEGMENTS = [("enterprise", 0.2, (150_000, 900_000)), ("mid-market", 0.35, (30_000, 150_000)), ("smb", 0.45, (4_000, 30_000))]
WEAKNESSES = ["product", "outcomes", "enablement", "guidance", "relationship", "need"]

MEASURES = ["weekly_active_ratio", "seat_utilisation", "key_feature_adoption", "open_critical_bugs", "success_plan_defined",
            "outcomes_met_ratio", "data_quality_score", "onboarding_completion", "training_completion", "certified_admins",
            "days_since_csm_touch", "support_response_hours", "qbr_last_quarter", "exec_sponsor_engaged", "nps",
            "champion_count", "escalations_90d", "expansion_intent", "business_need_score", "usage_growth_qoq"]

BLOCKERS = {
    "People": [
        "Executive sponsor left the company and we have no new sponsor",
        "Champion moved to another team after the reorg",
        "New CFO is reviewing every software contract",
        "Procurement wants a 20% discount before they renew",
        "Internal politics between IT and operations are stalling the rollout",
        "Decision maker stopped attending our meetings",
        "Layoffs cut the admin team in half",
        "Single-threaded: our only contact is on parental leave",
        "The new VP prefers the tool she used at her last company",
        "Acquisition by a larger group puts all vendors under review",
    ],
    "Product": [
        "Salesforce integration fails on custom objects",
        "Mobile app crashes when uploading attachments",
        "Missing feature: no SSO with Azure AD",
        "Reports time out for accounts with more than 50k records",
        "API rate limits are too low for their nightly sync",
        "Critical bug in the approval workflow since the last release",
        "They need multi-currency support that is still on the roadmap",
        "Dashboard performance is slow in their APAC region",
        "No native connector for SAP",
        "Bulk edit is missing so admins update records one by one",
    ],
    "Services": [
        "Onboarding stalled after the kickoff",
        "Support tickets wait days for a response and the SLA was breached",
        "Only a handful of users attended training",
        "Implementation partner missed the go-live date",
        "Third CSM in six months; they feel nobody knows them",
        "No QBR this year",
        "Documentation does not cover the new API",
        "Admins were never trained on the workflow builder",
        "Professional services hours ran out before configuration was finished",
        "They asked for on-site training and only got webinars",
    ],
    "Quality": [
        "Data migration left thousands of duplicate contacts",
        "Imported records have mismatched fields so reports are wrong",
        "Nightly import has silently failed and the data is stale",
        "Revenue numbers do not reconcile with finance",
        "Dirty data in the account hierarchy makes dashboards unreliable",
        "Half of the contacts have no email address",
        "The field mapping from their ERP is wrong",
        "Reps skip mandatory fields so activity data is incomplete",
    ],
}
WEAKNESS_DIMENSION = {"product": "Product", "outcomes": "Quality", "enablement": "Services", "guidance": "Services",
                      "relationship": "People", "need": "People"}


LADDER_MEASURES = ["value_confirmed", "time_to_value_days", "processes_transformed", "departments_live",
                   "roi_multiple", "roi_signed_off", "references_given", "case_study"]


def ladder_values(rng, level):
    """The measures of the objectives ladder above adoption, each rung a
    little less likely than the one beneath (value, transformation, ROI,
    advocacy), from the account's hidden driver levels."""
    adoption = sum(level[w] for w in ("product", "outcomes", "enablement", "guidance")) / 4
    rung = clamp(adoption + rng.gauss(0, 0.1), 0, 1)
    values = {}
    values["value_confirmed"] = 1 if rng.random() < rung else 0
    values["time_to_value_days"] = int(round(clamp(200 - 170 * rung + rng.gauss(0, 25), 10, 365)))
    rung = clamp(rung * rng.uniform(0.7, 1.1), 0, 1)
    values["processes_transformed"] = max(0, int(round(6 * rung + rng.gauss(0, 1) - 0.5)))
    values["departments_live"] = max(1, int(round(1 + 6 * rung + rng.gauss(0, 1))))
    rung = clamp(rung * rng.uniform(0.7, 1.1), 0, 1)
    values["roi_multiple"] = round(max(0.0, 0.3 + 3 * rung + rng.gauss(0, 0.4)), 1)
    values["roi_signed_off"] = 1 if rng.random() < rung * rung else 0
    rung = clamp(rung * rng.uniform(0.6, 1.1) * (0.5 + level["relationship"] / 2), 0, 1)
    values["references_given"] = max(0, int(round(4 * rung + rng.gauss(0, 0.8) - 0.5)))
    values["case_study"] = 1 if rng.random() < rung * rung * 0.8 else 0
    for m in LADDER_MEASURES:
        if rng.random() < 0.06:
            values[m] = ""
    return values


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def account_rows(rng, count=ACCOUNTS, levels=None):
    accounts, blockers = [], []
    for i in range(count):
        segment, _, (lo, hi) = rng.choices(SEGMENTS, weights=[s[1] for s in SEGMENTS])[0]
        arr = round(rng.uniform(lo, hi), -2)
        health = rng.betavariate(3.2, 1.8)
        weak = set(rng.sample(WEAKNESSES, k=rng.choices([0, 1, 2, 3], weights=[30, 40, 22, 8])[0]))
        level = {w: clamp(health - (rng.uniform(0.3, 0.7) if w in weak else 0) + rng.gauss(0, 0.08), 0, 1) for w in WEAKNESSES}

        def noisy(x, sd=0.08):
            return clamp(x + rng.gauss(0, sd), 0, 1)

        if levels is not None:
            levels.append(level)
        p, o, e, g, r, n = (level[w] for w in WEAKNESSES)
        values = {
            "weekly_active_ratio": round(0.05 + 0.6 * noisy(p), 3),
            "seat_utilisation": round(0.3 + 0.7 * noisy(p), 3),
            "key_feature_adoption": round(noisy(p, 0.12), 2),
            "open_critical_bugs": max(0, int(round(rng.expovariate(1.0) * (1.3 - p) * 3))),
            "success_plan_defined": 1 if rng.random() < 0.3 + 0.7 * o else 0,
            "outcomes_met_ratio": round(noisy(o, 0.1), 2),
            "data_quality_score": round(45 + 55 * noisy(o), 1),
            "onboarding_completion": round(noisy(e + 0.1), 2),
            "training_completion": round(noisy(e, 0.12), 2),
            "certified_admins": int(rng.random() < e) + int(rng.random() < e * e),
            "days_since_csm_touch": int(round(3 + 80 * (1 - noisy(g)) ** 1.5)),
            "support_response_hours": round(2 + 60 * (1 - noisy(g)) ** 2, 1),
            "qbr_last_quarter": 1 if rng.random() < g else 0,
            "exec_sponsor_engaged": 1 if rng.random() < r else 0,
            "nps": int(round(clamp(-60 + 130 * noisy(r, 0.12), -100, 100))),
            "champion_count": int(rng.random() < r) + int(rng.random() < r * 0.8) + int(rng.random() < r * 0.5),
            "escalations_90d": max(0, int(round(rng.expovariate(1.0) * (1 - r) * 4))),
            "expansion_intent": round(noisy(n * 0.9, 0.15), 2),
            "business_need_score": round(1 + 4 * noisy(n), 1),
            "usage_growth_qoq": round(rng.gauss(0.12 * (n - 0.4), 0.05), 3),
        }
        for m in MEASURES:
            if rng.random() < 0.06:
                values[m] = ""
        accounts.append({"id": f"A{i + 1:04d}", "segment": segment, "arr": int(arr), **values})

        for w in sorted(weak):
            if rng.random() < 0.75:
                blockers.append(blocker(rng, accounts[-1], WEAKNESS_DIMENSION[w]))
        if rng.random() < 0.15:
            blockers.append(blocker(rng, accounts[-1], rng.choice(list(BLOCKERS))))
    return accounts, blockers


PLANS_AS_OF = (2026, 12, 1)
STEPS = {
    "People": ["Introduce our VP to their new sponsor", "Run an executive business review with the CFO",
               "Map the new decision makers after the reorg", "Find a second champion in operations",
               "Agree the renewal terms with procurement early"],
    "Product": ["Fix the SSO integration", "Ship the bulk edit feature they asked for",
                "Raise the API rate limit for their nightly sync", "Resolve the mobile app crash on attachments",
                "Get the SAP connector onto the roadmap"],
    "Services": ["Admin training for the new team", "Restart the stalled onboarding",
                 "Monthly check-in call with the admin", "Schedule the QBR for next quarter"],
    "Quality": ["Clean up duplicate contacts", "Fix the field mapping from their ERP",
                "Reconcile revenue numbers with finance",
                "Make mandatory fields required so activity data is complete",
                "Repair the nightly import so data is fresh"],
}
# A step whose text the classifier cannot place: its dimension is given.
EXPLICIT_STEP = ("Certify two more admins", "Services")
OWNERS = ["csm", "csm", "support", "services", "sales", "product"]
GOALS = [
    {"text": "New reps productive in two weeks", "driver": "enablement", "target": 0.8},
    {"text": "Outcomes agreed at kickoff are met", "driver": "outcomes", "target": 0.75},
    {"text": "Weekly active use above 60%", "measure": "weekly_active_ratio", "target": 0.6},
    {"text": "NPS above 30", "measure": "nps", "target": 30},
    {"text": "Support answers within 8 hours", "measure": "support_response_hours", "target": 8},
    {"text": "Every seat in use", "measure": "seat_utilisation", "target": 0.95},
]


def day_of(date):
    """Days since 1970-01-01 of a (year, month, day)."""
    y, m, d = date
    return (__import__("datetime").date(y, m, d) - __import__("datetime").date(1970, 1, 1)).days


def date_text(day):
    import datetime
    return (datetime.date(1970, 1, 1) + datetime.timedelta(days=day)).isoformat()


def plans(rng, accounts, levels):
    """One plan for most accounts, from their hidden driver levels."""
    today = day_of(PLANS_AS_OF)
    out = []
    for account, level in zip(accounts, levels):
        if rng.random() < 0.12:
            continue  # no plan yet
        weakest = sorted(WEAKNESSES, key=lambda w: level[w])
        strongest = weakest[::-1]
        reactive = rng.random() < 0.3
        visionary = level["relationship"] > 0.7 and level["need"] > 0.7 and rng.random() < 0.35
        reliability = 0.2 if visionary else rng.uniform(0.6, 0.95)
        inception = today - rng.randint(60, 480)
        reviews = (today - inception) // 91
        stale = rng.random() < 0.2
        last_review = inception + 91 * max(0, reviews - (rng.randint(1, 3) if stale else 0))
        plan = {"account": account["id"], "inception": date_text(inception)}
        if last_review > inception:
            plan["last_review"] = date_text(last_review)
        plan["success"] = [dict(g, due=date_text(today + rng.randint(60, 300)))
                           for g in rng.sample(GOALS, k=rng.randint(1, 2))]
        steps = []
        for _ in range(rng.randint(2, 5)):
            pool = strongest[:3] if reactive else weakest[:2]
            dimension = WEAKNESS_DIMENSION[rng.choice(pool)]
            text, explicit = rng.choice(STEPS[dimension]), None
            if dimension == "Services" and rng.random() < 0.15:
                text, explicit = EXPLICIT_STEP
            due = inception + rng.randint(30, (today - inception) + 120)
            step = {"text": text, "owner": rng.choice(OWNERS), "due": date_text(due)}
            if due > today:
                step["status"] = "open"
            elif rng.random() < reliability:
                step["status"], step["done"] = "done", date_text(due - rng.randint(0, 10))
            else:
                late = rng.random()
                if late < 0.4:
                    step["status"], step["done"] = "done", date_text(min(today, due + rng.randint(5, 40)))
                elif late < 0.8:
                    step["status"] = "open"
                else:
                    step["status"] = "dropped"
            if explicit:
                step["dimension"] = explicit
            steps.append(step)
        plan["steps"] = steps
        if rng.random() < 0.4:
            dimension = WEAKNESS_DIMENSION[weakest[0]]
            anticipated = blocker(rng, account, dimension)
            plan["blockers"] = [{"text": anticipated["text"], "severity": anticipated["severity"],
                                 "opened": anticipated["opened"]}]
        out.append(plan)
    return out


def render_plans(items):
    import json
    return "[\n" + ",\n".join(json.dumps(p, ensure_ascii=False) for p in items) + "\n]\n"


def sigmoid(t):
    return 1.0 / (1.0 + math.exp(-t))


def history_rows(rng, count):
    """Past accounts with an `as_of` date and outcomes drawn from the known model."""
    levels = []
    accounts, _ = account_rows(rng, count, levels)
    floor = 1e-6
    for account, level in zip(accounts, levels):
        x = {w: max(level[w], floor) for w in WEAKNESSES}
        adoption = x["product"] ** 0.35 * x["outcomes"] ** 0.15 * x["enablement"] ** 0.35 * x["guidance"] ** 0.15
        renewal = adoption ** 0.4 * x["relationship"] ** 0.6
        expansion = adoption ** 0.3 * x["relationship"] ** 0.2 * x["need"] ** 0.5
        account["id"] = "H" + account["id"][1:]
        account["as_of"] = f"{rng.randint(2023, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        account["renewed"] = int(rng.random() < sigmoid(4 + 5 * math.log(renewal)))
        account["expanded"] = int(rng.random() < sigmoid(2 + 4 * math.log(expansion)))
    return accounts


SNAPSHOT_ACCOUNTS = 40
MONTHS = [f"2026-{m:02d}-01" for m in range(6, 13)]
# How an account's drivers move month to month: the method's shapes.
PATTERNS = ["climbing", "stuck then eye-opening", "sliding", "stuck", "sideways"]


def snapshot_rows(rng):
    """Seven monthly snapshots per account, drivers given directly, each
    account moving in one of the PATTERNS (with a little noise)."""
    rows = []
    for i in range(SNAPSHOT_ACCOUNTS):
        segment, _, (lo, hi) = rng.choices(SEGMENTS, weights=[s[1] for s in SEGMENTS])[0]
        arr = int(round(rng.uniform(lo, hi), -2))
        pattern = PATTERNS[i % len(PATTERNS)]
        level = {w: rng.uniform(0.25, 0.65) for w in WEAKNESSES}
        up, down = rng.sample(WEAKNESSES, 2)
        for month, date in enumerate(MONTHS):
            if pattern == "climbing":
                step = {w: 0.05 for w in WEAKNESSES}
            elif pattern == "stuck then eye-opening":
                step = {w: (0.12 if month == 5 else 0.0) for w in WEAKNESSES}
            elif pattern == "sliding":
                step = {w: (-0.06 if w in (up, down) else -0.01) for w in WEAKNESSES}
            elif pattern == "stuck":
                step = {w: 0.0 for w in WEAKNESSES}
            else:
                step = {w: (0.08 if w == up else -0.08 if w == down else 0.0) for w in WEAKNESSES}
            if month > 0:
                level = {w: clamp(level[w] + step[w] + rng.gauss(0, 0.002), 0, 1) for w in WEAKNESSES}
            rows.append({"id": f"S{i + 1:03d}", "segment": segment, "arr": arr, "as_of": date,
                         **{w: round(level[w], 3) for w in WEAKNESSES}})
    return rows


HISTORY_MONTHS = [f"2026-{m:02d}-01" for m in range(7, 13)]
# How the portfolio's accounts moved over the last six months, with weights:
# the method's shapes, and "too fast" (one driver races ahead in the last
# month while enablement and guidance stand still).
MOVES = [("steady", 30), ("climbing", 14), ("sliding", 14), ("stuck then eye-opening", 10),
         ("plateau then slide", 10), ("sideways", 10), ("too fast", 12)]
PACE = ("enablement", "guidance")
PARENTS = 6


def portfolio_history(rng, accounts, levels):
    """Six monthly snapshots of every portfolio account's drivers, ending
    at its hidden levels on 2026-12-01, each account moving in one of
    MOVES; six enterprise accounts are parents of two or three smaller ones."""
    parents = [a["id"] for a in accounts if a["segment"] == "enterprise"][:PARENTS]
    others = [a["id"] for a in accounts if a["segment"] != "enterprise"]
    children = rng.sample(others, 3 * PARENTS)
    parent_of = {}
    for k, parent in enumerate(parents):
        for child in children[3 * k: 3 * k + rng.choice([2, 3, 3])]:
            parent_of[child] = parent
    rows = []
    for account, level in zip(accounts, levels):
        move = rng.choices([m for m, _ in MOVES], weights=[w for _, w in MOVES])[0]
        up, down = rng.sample([w for w in WEAKNESSES if w not in PACE], 2)
        steps = []
        for month in range(1, len(HISTORY_MONTHS)):
            if move == "climbing":
                step = {w: 0.04 for w in WEAKNESSES}
            elif move == "sliding":
                step = {w: (-0.05 if w in (up, down) else -0.01) for w in WEAKNESSES}
            elif move == "stuck then eye-opening":
                step = {w: (0.1 if month == 5 else 0.0) for w in WEAKNESSES}
            elif move == "plateau then slide":
                step = {w: (-0.1 if month == 5 else 0.0) for w in WEAKNESSES}
            elif move == "sideways":
                step = {w: (0.06 if w == up else -0.06 if w == down else 0.0) for w in WEAKNESSES}
            elif move == "too fast":
                step = {w: (0.22 if (w == up and month == 5) else 0.0) for w in WEAKNESSES}
            else:
                step = {w: 0.0 for w in WEAKNESSES}
            steps.append(step)
        # Walk back from today's levels; the pace drivers of a too-fast
        # account stay exactly where they are.
        series = [dict(level)]
        for step in reversed(steps):
            before = {}
            for w in WEAKNESSES:
                still = move == "too fast" and w in PACE
                noise = 0 if still or move == "steady" else rng.gauss(0, 0.002)
                before[w] = clamp(series[0][w] - step[w] + noise, 0, 1)
            series.insert(0, before)
        for date, values in zip(HISTORY_MONTHS, series):
            rows.append({"id": account["id"], "segment": account["segment"], "arr": account["arr"],
                         "parent": parent_of.get(account["id"], ""), "as_of": date,
                         **{w: round(values[w], 3) for w in WEAKNESSES}})
    return rows


def blocker(rng, account, dimension):
    opened = f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"
    resolved = ""
    if rng.random() < 0.2:
        resolved = f"2026-11-{rng.randint(1, 20):02d}"
    return {
        "account": account["id"],
        "arr": account["arr"],
        "text": rng.choice(BLOCKERS[dimension]),
        "severity": rng.choices(["low", "medium", "high", "critical"], weights=[20, 40, 30, 10])[0],
        "dimension": "",
        "opened": opened,
        "resolved": resolved,
    }


def render(rows, columns):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def enterprise_model():
    """The default model as enterprise accounts are read: greener is harder
    and renewal leans on the relationship. Bundled with the default for the
    other segments in bundle.json."""
    model = json.loads((HERE.parent / "core" / "models" / "default.json").read_text())
    model["name"] = "enterprise"
    model["description"] = ("The default model for enterprise accounts: yellow from 0.5 and green from 0.8, "
                            "and renewal weighs the relationship twice as much as adoption.")
    mins = {"red": 0, "yellow": 0.5, "green": 0.8}
    for band in model["bands"]:
        band["min"] = mins[band["name"]]
    renewal = next(e for e in model["equations"] if e["name"] == "renewal")
    for i in renewal["inputs"]:
        if i["ref"] == "relationship":
            i["weight"] = 2
    return json.dumps(model, indent=2) + "\n"


BUNDLE = {"by": "segment", "models": {"enterprise": "models/enterprise.json"}, "otherwise": "default"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the files differ from what this script makes")
    parser.add_argument("--accounts", type=int, default=ACCOUNTS, help=f"how many accounts (default {ACCOUNTS})")
    parser.add_argument("--out", type=Path, default=HERE, help="the folder to write to (default: examples/)")
    args = parser.parse_args()
    if args.accounts < 1:
        parser.error("--accounts must be at least 1")
    rng = random.Random(SEED)
    levels = []
    accounts, blockers = account_rows(rng, args.accounts, levels)
    # The ladder's measures from their own stream: the other columns stay
    # as they were before the ladder.
    ladder_rng = random.Random(SEED + 4)
    for account, level in zip(accounts, levels):
        account.update(ladder_values(ladder_rng, level))
    history = history_rows(random.Random(SEED + 1), HISTORY_ACCOUNTS)
    snapshots = snapshot_rows(random.Random(SEED + 2))
    files = {
        args.out / "portfolio.csv": render(accounts, ["id", "segment", "arr", *MEASURES, *LADDER_MEASURES]),
        args.out / "blockers.csv": render(blockers, ["account", "arr", "text", "severity", "dimension", "opened", "resolved"]),
        args.out / "history.csv": render(history, ["id", "segment", "arr", *MEASURES, "as_of", "renewed", "expanded"]),
        args.out / "snapshots.csv": render(snapshots, ["id", "segment", "arr", "as_of", *WEAKNESSES]),
        args.out / "plans.json": render_plans(plans(random.Random(SEED + 3), accounts, levels)),
        args.out / "portfolio_history.csv": render(portfolio_history(random.Random(SEED + 5), accounts, levels),
                                                   ["id", "segment", "arr", "parent", "as_of", *WEAKNESSES]),
        args.out / "models" / "enterprise.json": enterprise_model(),
        args.out / "bundle.json": json.dumps(BUNDLE, indent=2) + "\n",
    }
    if args.check:
        stale = [p.name for p, text in files.items() if not p.exists() or p.read_text() != text]
        if stale:
            sys.exit(f"out of date: {', '.join(stale)}; run python3 examples/generate.py")
        print("examples are up to date")
        return
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        print(f"wrote {path}: {text.count(chr(10)) - 1} rows")


if __name__ == "__main__":
    main()
