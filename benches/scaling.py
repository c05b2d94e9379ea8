#!/usr/bin/env python3
"""How kn's costs grow with the notes: 1x, 10x, 100x, 1000x, 10000x.

For each scale it generates the corpus on the fly (benches/gen_corpus.py; the
10000x one is about 1.1 GB of notes, never committed), then measures

- full ingest time and its peak RSS (/usr/bin/time -v),
- the index size against the notes' size,
- query latency p50 / p95 of three queries (English, Japanese, mixed) with
  hyperfine, and the p50 of rg, SQLite FTS5 (trigram) and Groonga (MeCab) on
  the same query in the same run, as ratios (databases built from the same
  topics as benches/latency.py builds them),
- the freshness check of a search (kn -v reports it), median of 15.

It prints a markdown table and writes a log-log picture of the curves,
benches/scaling.svg (plain SVG, no plotting library needed).

  apt-get install -y hyperfine ripgrep sqlite3 groonga-bin groonga-tokenizer-mecab
  cargo build --release
  python3 benches/scaling.py [SCALE ...]        # default: 1 10 100 1000 10000
"""

import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import latency  # noqa: E402  (same corpus generator, binary and work dir)

QUERIES = [("en", "ebpf"), ("ja", "コンテナ"), ("mixed", "GKEセキュリティ")]
SVG = os.path.join(latency.ROOT, "benches", "scaling.svg")


def du(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def ingest(notes, index):
    r = latency.run(["/usr/bin/time", "-v", latency.KN, "--data", notes, "--index", index, "ingest", "--rebuild"])
    if r.returncode != 0:
        sys.exit(f"ingest failed: {r.stderr[-800:]}")
    secs = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", r.stderr)
    h, m, s = secs.groups()
    wall = int(h or 0) * 3600 + int(m) * 60 + float(s)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))
    return wall, rss / 1024


def percentiles(cmds, runs):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        path = f.name
    args = ["hyperfine", "-N", "-i", "--warmup", "3", "--runs", str(runs), "--export-json", path, *cmds]
    r = latency.run(args)
    if r.returncode != 0:
        sys.exit(f"hyperfine failed: {r.stderr[:800]}")
    out = []
    for res in json.load(open(path))["results"]:
        t = sorted(x * 1000 for x in res["times"])
        out.append((statistics.median(t), t[min(len(t) - 1, int(len(t) * 0.95))]))
    os.unlink(path)
    return out


def freshness(notes, index, n=15):
    times = []
    for _ in range(n):
        r = latency.run([latency.KN, "-v", "--data", notes, "--index", index, "search", "ebpf"])
        m = re.search(r"freshness: ([\d.]+) ms", r.stderr)
        if m:
            times.append(float(m.group(1)))
    return statistics.median(times) if times else float("nan")


def svg(rows):
    """Log-log lines of each cost against the notes' size."""
    series = [
        ("ingest s", "#1f77b4", [r["ingest_s"] for r in rows]),
        ("ingest RSS MB", "#ff7f0e", [r["rss_mb"] for r in rows]),
        ("index MB", "#2ca02c", [r["index_mb"] for r in rows]),
        ("query p50 ms (en)", "#d62728", [r["q"]["en"][0] for r in rows]),
        ("query p95 ms (en)", "#9467bd", [r["q"]["en"][1] for r in rows]),
        ("freshness ms", "#8c564b", [r["fresh_ms"] for r in rows]),
    ]
    xs = [r["notes_mb"] for r in rows]
    ys = [v for _, _, vals in series for v in vals if v > 0]
    x0, x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    w, h, left, top, pw, ph = 720, 440, 70, 20, 460, 360

    def px(x):
        return left + (math.log10(x) - x0) / max(1, x1 - x0) * pw

    def py(y):
        return top + ph - (math.log10(y) - y0) / max(1, y1 - y0) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">',
           f'<rect width="{w}" height="{h}" fill="white"/>']
    for e in range(x0, x1 + 1):
        x = left + (e - x0) / max(1, x1 - x0) * pw
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + ph}" stroke="#ddd"/>')
        out.append(f'<text x="{x:.1f}" y="{top + ph + 14}" text-anchor="middle">{10.0 ** e:g}</text>')
    for e in range(y0, y1 + 1):
        y = top + ph - (e - y0) / max(1, y1 - y0) * ph
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{10.0 ** e:g}</text>')
    out.append(f'<text x="{left + pw / 2}" y="{h - 8}" text-anchor="middle">notes (MB), log scale</text>')
    for i, (name, colour, vals) in enumerate(series):
        pts = " ".join(f"{px(x):.1f},{py(v):.1f}" for x, v in zip(xs, vals) if v > 0)
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{pts}"/>')
        for x, v in zip(xs, vals):
            if v > 0:
                out.append(f'<circle cx="{px(x):.1f}" cy="{py(v):.1f}" r="3" fill="{colour}"/>')
        ly = top + 14 + i * 18
        out.append(f'<line x1="{left + pw + 16}" y1="{ly - 4}" x2="{left + pw + 36}" y2="{ly - 4}" stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{left + pw + 42}" y="{ly}">{name}</text>')
    out.append("</svg>")
    with open(SVG, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    scales = [int(a) for a in sys.argv[1:]] or [1, 10, 100, 1000, 10000]
    os.makedirs(latency.WORK, exist_ok=True)
    rows = []
    for scale in scales:
        notes = latency.corpus(scale)
        index = os.path.join(latency.WORK, f"scaling-index-{scale}x")
        ingest_s, rss_mb = ingest(notes, index)
        notes_mb, index_mb = du(notes) / 1e6, du(index) / 1e6
        runs = 30 if scale <= 1000 else 20
        topics = os.path.join(latency.WORK, f"scaling-topics-{scale}x.jsonl")
        with open(topics, "w") as fh:
            subprocess.run([latency.KN, "--data", notes, "--index", index, "export"], stdout=fh, check=True)
        gdb, sdb = latency.load_peers(topics, os.path.join(latency.WORK, f"scaling-peers-{scale}x"))
        q, peer = {}, {}
        for kind, text in QUERIES:
            quoted = latency.shell_quote(text)
            cmds = [
                f"{latency.KN} --data {notes} --index {index} search {quoted}",
                f"rg -i -F -n {quoted} {notes}",
                f"sqlite3 {sdb} " + latency.shell_quote(f"SELECT url FROM t WHERE t MATCH '\"{text}\"' ORDER BY bm25(t) LIMIT 10"),
                f"groonga {gdb} select Topics --match_columns title||body --query {quoted} --limit 10 --output_columns url",
            ]
            (kp50, kp95), *others = percentiles(cmds, runs)
            q[kind], peer[kind] = (kp50, kp95), [p50 for p50, _ in others]
        rows.append(dict(scale=scale, notes_mb=notes_mb, ingest_s=ingest_s, rss_mb=rss_mb, index_mb=index_mb,
                         q=q, peer=peer, fresh_ms=freshness(notes, index)))
        print(f"{scale}x done", file=sys.stderr)

    print("| scale | notes MB | ingest s | ingest RSS MB | index MB (× notes) | en p50/p95 ms | ja p50/p95 ms | mixed p50/p95 ms | freshness ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        qs = " | ".join(f"{r['q'][k][0]:.1f} / {r['q'][k][1]:.1f}" for k, _ in QUERIES)
        print(f"| {r['scale']}x | {r['notes_mb']:.1f} | {r['ingest_s']:.2f} | {r['rss_mb']:.0f} | "
              f"{r['index_mb']:.1f} ({r['index_mb'] / r['notes_mb']:.2f}) | {qs} | {r['fresh_ms']:.2f} |")
    print("\nkn p50 / peer p50 on the same query in the same run (below 1: kn is faster)\n")
    print("| scale | " + " | ".join(f"{k} kn/rg | {k} kn/sqlite3 | {k} kn/groonga" for k, _ in QUERIES) + " |")
    print("|---|" + "---|" * (3 * len(QUERIES)))
    for r in rows:
        cells = []
        for k, _ in QUERIES:
            cells += [f"{r['q'][k][0] / p:.3f}" for p in r["peer"][k]]
        print(f"| {r['scale']}x | " + " | ".join(cells) + " |")
    svg(rows)
    print(f"\nwrote {os.path.relpath(SVG, latency.ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
