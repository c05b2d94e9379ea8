#!/usr/bin/env python3
"""Whole-process latency and peak memory: kn against rg, Groonga and SQLite FTS5.

For each scale (1x and 1000x of the notes by default) it generates the corpus
(benches/gen_corpus.py), indexes it with kn, exports the same topics into a
Groonga database (TokenMecab, NormalizerNFKC100) and an SQLite FTS5 trigram
database, then times one query per language with hyperfine, side by side in
the same run, and prints times and ratios (kn / peer; below 1 means kn is
faster). Peak RSS comes from /usr/bin/time -v. Ingest is timed too: full, and
incremental after changing one episode file.

  apt-get install -y hyperfine ripgrep groonga-bin groonga-tokenizer-mecab sqlite3
  cargo build --release
  python3 benches/latency.py [SCALE ...]        # e.g. 1 100 1000
"""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "benches"))
import peers  # noqa: E402  (same loaders and documents as the quality comparison)
KN = os.path.join(ROOT, "target", "release", "kn")
SRC = os.path.join(ROOT, "..", "shared", "corpus", "kubenews")
if not os.path.isdir(SRC):
    SRC = os.path.join(ROOT, "data")
# One query per kind; no spaces so every peer's command line takes it as is.
QUERIES = [("en", "ebpf"), ("ja", "コンテナ"), ("mixed", "GKEセキュリティ"), ("frequent", "kubernetes")]
WORK = os.environ.get("KN_BENCH_DIR", os.path.join(tempfile.gettempdir(), "kn-bench"))


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def corpus(scale):
    out = os.path.join(WORK, f"notes-{scale}x")
    if not os.path.isdir(out):
        run([sys.executable, os.path.join(ROOT, "benches", "gen_corpus.py"), SRC, str(scale), out], check=True)
    return out


def peak_rss_kb(cmd):
    r = run(["/usr/bin/time", "-v", *cmd])
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    return int(m.group(1)) if m else 0


def timed(cmd, env=None):
    t = time.perf_counter()
    r = run(cmd, env=env)
    if r.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed: {r.stderr}")
    return time.perf_counter() - t, r


def load_peers(topics_path, base):
    """Groonga (TokenMecab) and SQLite FTS5 databases of the exported topics,
    built exactly as benches/peers.py builds them."""
    gdb = os.path.join(base, "groonga-TokenMecab", "db")
    sdb = os.path.join(base, "fts5.sqlite")
    if os.path.exists(sdb) and os.path.exists(gdb):
        return gdb, sdb
    for stale in (sdb,):
        if os.path.exists(stale):
            os.remove(stale)
    docs = [peers.as_peer_doc(json.loads(l)) for l in open(topics_path, encoding="utf-8")]
    gdb = peers.groonga_db(docs, "TokenMecab", base)
    peers.sqlite_db(docs, sdb).close()
    return gdb, sdb


def hyperfine(cmds, runs):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        path = f.name
    args = ["hyperfine", "-N", "-i", "--warmup", "3", "--runs", str(runs), "--export-json", path]
    for c in cmds:
        args.append(c)
    r = run(args)
    if r.returncode != 0:
        sys.exit(f"hyperfine failed: {r.stderr[:800]}")
    data = json.load(open(path))["results"]
    os.unlink(path)
    return [(statistics.median(x["times"]) * 1000, x["mean"] * 1000) for x in data]


def shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def main():
    scales = [int(a) for a in sys.argv[1:]] or [1, 1000]
    os.makedirs(WORK, exist_ok=True)
    rows, mem, ingest_rows = [], [], []
    for scale in scales:
        notes = corpus(scale)
        index = os.path.join(WORK, f"index-{scale}x")
        env = dict(os.environ, KN_DATA=notes, KN_INDEX=index)
        full, _ = timed([KN, "--data", notes, "--index", index, "ingest", "--rebuild"])
        # Incremental: touch one episode file with a real edit, then undo it.
        ep_dir = sorted(os.listdir(os.path.join(notes, "episodes")))[len(os.listdir(os.path.join(notes, "episodes"))) // 2]
        victim = os.path.join(notes, "episodes", ep_dir, "README.md")
        original = open(victim, encoding="utf-8").read()
        with open(victim, "a", encoding="utf-8") as fh:
            fh.write("\n### @bench\n- [bench edit](https://bench.example/)\n")
        inc, _ = timed([KN, "--data", notes, "--index", index, "ingest"])
        with open(victim, "w", encoding="utf-8") as fh:
            fh.write(original)
        timed([KN, "--data", notes, "--index", index, "ingest"])
        size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(notes) for f in fs)
        ingest_rows.append((scale, size, full, inc))
        topics = os.path.join(WORK, f"topics-{scale}x.jsonl")
        with open(topics, "w") as fh:
            subprocess.run([KN, "--data", notes, "--index", index, "export"], stdout=fh, check=True, env=env)
        gdb, sdb = load_peers(topics, os.path.join(WORK, f"peers-{scale}x"))
        runs = 30 if scale <= 100 else 15
        for kind, q in QUERIES:
            kn_cmd = f"{KN} --data {notes} --index {index} search {shell_quote(q)}"
            rg_cmd = f"rg -i -F -n {shell_quote(q)} {notes}"
            gr_cmd = f"groonga {gdb} select Topics --match_columns title||body --query {shell_quote(q)} --limit 10 --output_columns url"
            sq_cmd = f"sqlite3 {sdb} " + shell_quote(f"SELECT url FROM t WHERE t MATCH '\"{q}\"' ORDER BY bm25(t) LIMIT 10")
            for c in (kn_cmd, rg_cmd, gr_cmd, sq_cmd):
                # hyperfine -i would time a failing command as if it worked.
                r = subprocess.run(c, shell=True, capture_output=True, text=True)
                if r.returncode not in (0, 1) or "error" in r.stderr.lower():
                    sys.exit(f"{c} failed: {r.stderr[:400]}")
            res = hyperfine([kn_cmd, rg_cmd, gr_cmd, sq_cmd], runs)
            rows.append((scale, kind, q, res))
            if kind == "en":
                mem.append((scale, [peak_rss_kb(c.split(" ")) if i != 3 else peak_rss_kb(["sqlite3", sdb, f"SELECT url FROM t WHERE t MATCH '\"{q}\"' LIMIT 10"]) for i, c in enumerate([kn_cmd, rg_cmd, gr_cmd, sq_cmd])]))

    print("## Ingest\n")
    print("| scale | notes MB | full ingest s | MB/s | incremental (1 file) s |")
    print("|---|---|---|---|---|")
    for scale, size, full, inc in ingest_rows:
        print(f"| {scale}x | {size / 1e6:.1f} | {full:.2f} | {size / 1e6 / full:.1f} | {inc:.2f} |")
    print("\n## Query latency (whole process, median ms; ratio = kn / peer)\n")
    print("| scale | kind | query | kn | rg | groonga | sqlite3 | kn/rg | kn/groonga | kn/sqlite3 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for scale, kind, q, res in rows:
        k, r, g, s = (x[0] for x in res)
        print(f"| {scale}x | {kind} | {q} | {k:.1f} | {r:.1f} | {g:.1f} | {s:.1f} | {k / r:.2f} | {k / g:.2f} | {k / s:.2f} |")
    print("\n## Peak RSS of one query (MB)\n")
    print("| scale | kn | rg | groonga | sqlite3 |")
    print("|---|---|---|---|---|")
    for scale, m in mem:
        print(f"| {scale}x | " + " | ".join(f"{x / 1024:.1f}" for x in m) + " |")


if __name__ == "__main__":
    main()
