"""Convert the AllSides headline roundups (NeuS) into the package's JSON Lines input format.

    python benchmarks/roundups_to_jsonl.py --allsides ../shared/ext/allsides-neus/headline_11_2021-10-19_crawled_all.jsonl \
        --out /tmp/allsides-corpus [--limit 100] [--min-articles 8]

One output line per article: ``id``, ``title``, ``outlet``, ``url``,
``published`` (the roundup's date), ``text`` (the lead paragraphs), plus
``event`` and ``leaning`` (AllSides' left / center / right; not ``stance``, a
column the actor mentions have of their own, so it could not be compared by).  ``--min-articles`` keeps
outlets with at least that many articles, so per-outlet comparisons have
something to compare.  The output goes to a folder outside the project: the
data are not part of it.  Then:

    python -m analysis report --corpus /tmp/allsides-corpus --out /tmp/allsides-reports
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from common import require


def convert(path: Path, limit: int | None = None) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            story = json.loads(line)
            for side, item in (story.get("news") or {}).items():
                body = [p for p in item.get("newBody") or [] if p and p.strip()]
                if not body or not item.get("newsSource"):
                    continue
                rows.append({
                    "id": f"{story['id']}-{side}",
                    "title": item.get("newsTitle") or "",
                    "outlet": item["newsSource"],
                    "url": item.get("newsLink") or "",
                    "published": (story.get("date") or "")[:10],
                    "event": story.get("issue") or "",
                    "leaning": item.get("stance") or side,
                    "text": "\n\n".join(body),
                })
            if limit and len({r["id"].split("-")[0] for r in rows}) >= limit:
                break
    return rows


def write_jsonl(rows: list[dict], path: Path) -> Path:
    """Write ``rows`` (:func:`convert`) to ``path`` as JSON Lines, one article a line (its folder created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--allsides", help="headline_11_2021-10-19_crawled_all.jsonl")
    parser.add_argument("--out", required=True, help="folder to write allsides.jsonl into")
    parser.add_argument("--limit", type=int, help="only the first N stories")
    parser.add_argument("--min-articles", type=int, default=1, help="drop outlets with fewer articles than this")
    args = parser.parse_args()
    rows = convert(require(args.allsides, "allsides"), args.limit)
    counts = Counter(r["outlet"] for r in rows)
    rows = [r for r in rows if counts[r["outlet"]] >= args.min_articles]
    path = write_jsonl(rows, Path(args.out) / "allsides.jsonl")
    kept = Counter(r["outlet"] for r in rows)
    print(f"wrote {len(rows)} articles from {len(kept)} outlets to {path}")


if __name__ == "__main__":
    main()
