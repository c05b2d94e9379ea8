#!/usr/bin/env python3
"""Scale a notes repository N times, for benchmarks.

Every copy gets new episode numbers (episodes/NNNNN/…, resource/kubenews_N/…,
and the `# NNN` header rewritten to match), its presenter sections shuffled and
the topics inside each section shuffled, with a fixed seed so runs are
comparable. Formats and languages stay those of the source.

  python3 benches/gen_corpus.py SRC_NOTES N OUT_DIR
  e.g. python3 benches/gen_corpus.py ../shared/corpus/kubenews 1000 /tmp/kn-1000x
SRC_NOTES defaults to ../shared/corpus/kubenews, or data/ when that is absent.
"""

import os
import random
import re
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

EPISODE_DIR = re.compile(r"^(\d{1,6})((?:-[\w.-]+)?)$")
RESOURCE_DIR = re.compile(r"^kubenews[_-]?(\d{1,6})$", re.I)
HEADER = re.compile(r"^#\s+\d{1,6}((?:-[\w.-]+)?)\s*$", re.M)


def episode_of(rel):
    parts = rel.split("/")
    for p in parts[:-1]:
        m = RESOURCE_DIR.match(p)
        if m:
            return int(m.group(1)), "resource"
    for p in reversed(parts[:-1]):
        m = EPISODE_DIR.match(p)
        if m:
            return int(m.group(1)), "episode"
    return None, None


def split_sections(text, marker):
    """Split text into a preamble and sections each starting with `marker`."""
    lines = text.split("\n")
    pre, sections, cur = [], [], None
    for line in lines:
        if line.startswith(marker) and not line.startswith(marker + "#"):
            cur = [line]
            sections.append(cur)
        elif cur is None:
            pre.append(line)
        else:
            cur.append(line)
    return pre, sections


def shuffle_text(text, rng):
    pre, presenters = split_sections(text, "### ")
    out = list(pre)
    shuffled = []
    for sec in presenters:
        head, topics = split_sections("\n".join(sec[1:]), "#### ")
        rng.shuffle(topics)
        body = head + [l for t in topics for l in t]
        shuffled.append([sec[0]] + body)
    rng.shuffle(shuffled)
    for sec in shuffled:
        out.extend(sec)
    return "\n".join(out)


def main():
    default_src = os.path.join(ROOT, "..", "shared", "corpus", "kubenews")
    if not os.path.isdir(default_src):
        default_src = os.path.join(ROOT, "data")
    src = sys.argv[1] if len(sys.argv) > 1 else default_src
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    out = sys.argv[3] if len(sys.argv) > 3 else f"/tmp/kn-{n}x"
    files = []
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for f in filenames:
            if f.endswith(".md"):
                full = os.path.join(dirpath, f)
                files.append((os.path.relpath(full, src).replace(os.sep, "/"), open(full, encoding="utf-8").read()))
    episodes = sorted({episode_of(rel)[0] for rel, _ in files if episode_of(rel)[0] is not None})
    per_copy = max(episodes) + 1 if episodes else 1
    if os.path.exists(out):
        shutil.rmtree(out)
    rng = random.Random(42)
    count = 0
    for k in range(n):
        for rel, text in files:
            ep, kind = episode_of(rel)
            if ep is None:
                continue
            new = k * per_copy + ep + 1
            parts = rel.split("/")
            if kind == "resource":
                parts = ["resource", f"kubenews_{new}", parts[-1]]
            else:
                suffix = next((EPISODE_DIR.match(p).group(2) for p in parts[:-1] if EPISODE_DIR.match(p)), "")
                parts = ["episodes", f"{new:05d}{suffix}", parts[-1]]
            body = HEADER.sub(lambda m: f"# {new:05d}{m.group(1)}", text, count=1)
            body = shuffle_text(body, rng)
            path = os.path.join(out, *parts)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(body)
            count += 1
    alias = os.path.join(src, "aliases.txt")
    if os.path.isfile(alias):
        shutil.copy(alias, os.path.join(out, "aliases.txt"))
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs)
    print(f"{out}: {count} files, {size / 1e6:.1f} MB ({n}x {src})")


if __name__ == "__main__":
    main()
