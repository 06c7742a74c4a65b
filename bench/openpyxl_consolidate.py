"""The peer doing the same consolidation: a plain openpyxl read_only script
that reads each unit workbook (its unit and period from the machine sheet,
its progress and indicator rows found by header text) and stores them in one
SQLite database, one transaction per file, as our import does.

It does what a clerk's own consolidation script would do and no more: no
checks against the plan, no history, no archived originals. Its database is
as fast as SQLite allows for that (WAL, synchronous NORMAL: a commit waits
for no disk), so the peer is not slowed by durability our import pays for.

Usage: /usr/bin/python3 bench/openpyxl_consolidate.py FILE_LIST DB
Prints JSON: {"files": n, "reports": n, "indicators": n, "seconds": s, "maxRssKiB": k}
"""
import json
import os
import resource
import sqlite3
import sys
import time

import openpyxl

with open(sys.argv[1], encoding="utf-8") as f:
    paths = [line.strip() for line in f if line.strip()]
db_path = sys.argv[2]
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(db_path + suffix):
        os.remove(db_path + suffix)

PROGRESS = {"序号": "no", "状态": "status", "完成比例（%）": "percent", "工作进展": "progress", "存在问题": "problems", "下步计划": "next"}
INDICATORS = {"编号": "id", "本期数值": "value", "说明": "note"}


def rows_by_header(ws, wanted):
    """Rows under the first row that holds every wanted header, as dicts."""
    cols = None
    for row in ws.iter_rows(values_only=True):
        if cols is None:
            found = {str(v).strip(): i for i, v in enumerate(row) if v is not None}
            if all(h in found for h in wanted):
                cols = {key: found[h] for h, key in wanted.items()}
            continue
        if all(v is None for v in row):
            continue
        yield {key: (row[i] if i < len(row) else None) for key, i in cols.items()}


start = time.perf_counter()
db = sqlite3.connect(db_path, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = NORMAL")
db.execute(
    "CREATE TABLE reports (unit TEXT NOT NULL, period TEXT NOT NULL, task_no INTEGER NOT NULL, status TEXT,"
    " percent REAL, progress TEXT, problems TEXT, next_steps TEXT, PRIMARY KEY (unit, period, task_no))"
)
db.execute(
    "CREATE TABLE indicators (unit TEXT NOT NULL, period TEXT NOT NULL, indicator TEXT NOT NULL, value REAL,"
    " note TEXT, PRIMARY KEY (unit, period, indicator))"
)
reports = indicators = 0
for path in paths:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    machine = {str(k): v for k, v, *_ in wb["机读信息"].iter_rows(values_only=True) if k is not None}
    unit, period = machine["unit_code"], machine["period"]
    progress = [
        (unit, period, int(r["no"]), r["status"], r["percent"], r["progress"] or "", r["problems"] or "", r["next"] or "")
        for r in rows_by_header(wb["工作进展"], PROGRESS)
        if r["no"] is not None and r["status"] is not None
    ]
    values = [
        (unit, period, str(r["id"]), r["value"], r["note"] or "")
        for r in rows_by_header(wb["指标"], INDICATORS)
        if r["id"] is not None and r["value"] is not None
    ]
    wb.close()
    db.execute("BEGIN")
    db.executemany("INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?)", progress)
    db.executemany("INSERT OR REPLACE INTO indicators VALUES (?, ?, ?, ?, ?)", values)
    db.execute("COMMIT")
    reports += len(progress)
    indicators += len(values)
db.close()
seconds = time.perf_counter() - start
print(json.dumps({
    "files": len(paths),
    "reports": reports,
    "indicators": indicators,
    "seconds": seconds,
    "maxRssKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}))
