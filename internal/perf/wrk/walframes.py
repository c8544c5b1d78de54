#!/usr/bin/env python3
"""walframes.py WAL DB: the frames of the last commit in an SQLite WAL file,
one line: their count, then the B-tree (table or index) of each page.

The frames of the current log are those whose salt is the header's; the
pages are named with the dbstat table of DB (opened read-only, beside the
server)."""
import sqlite3
import struct
import sys

wal = open(sys.argv[1], "rb").read()
page_size = struct.unpack(">I", wal[8:12])[0]
salt = wal[16:24]
commits, frames, off = [], [], 32
while off + 24 + page_size <= len(wal):
    page, commit_size = struct.unpack(">II", wal[off:off + 8])
    if wal[off + 8:off + 16] != salt:
        break
    frames.append(page)
    if commit_size:
        commits.append(frames)
        frames = []
    off += 24 + page_size
if not commits:
    sys.exit("no commit in the log")
con = sqlite3.connect("file:%s?mode=ro" % sys.argv[2], uri=True)
names = {page: name for name, page in con.execute("SELECT name, pageno FROM dbstat")}
last = commits[-1]
print(len(last), " ".join(sorted(names.get(p, "?") for p in last)))
