"""The peer: a plain openpyxl read_only script that reads every cell of every workbook.

Usage: /usr/bin/python3 bench/openpyxl_read.py FILE_LIST
Prints JSON: {"files": n, "cells": n, "seconds": s, "maxRssKiB": k}
"""
import json
import resource
import sys
import time

import openpyxl

with open(sys.argv[1], encoding="utf-8") as f:
    paths = [line.strip() for line in f if line.strip()]

start = time.perf_counter()
cells = 0
for path in paths:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if value is not None:
                    cells += 1
    wb.close()
seconds = time.perf_counter() - start
print(json.dumps({
    "files": len(paths),
    "cells": cells,
    "seconds": seconds,
    "maxRssKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}))
