"""The outlet a page's URL names, against AllSides' own outlet names (external data).

    python benchmarks/outlet_domains.py \
        --allsides ../shared/ext/allsides-neus/headline_11_2021-10-19_crawled_all.jsonl

Every article link of the AllSides roundups (NeuS, Lee et al. 2022) comes with
the name AllSides gives its outlet.  For each link, ``outlet_from_url`` with
the bundled sources file (its ``[domains]`` table, written without looking at
these data) gives the outlet the ingester would record when nothing else names
it.  Reported:

- ``domain_share``: links with a registered domain (the rest get no outlet);
- ``table_share``: links whose domain is in the bundled table (the rest are
  named by their domain, e.g. "dailycaller.com");
- ``table_agreement``: of those, the share whose table name is AllSides' name
  for the outlet, compared after dropping AllSides' qualifiers in parentheses
  ("Fox News (Online News)" -> "Fox News") and a leading "The", with the
  aliases of the sources file ("Associated Press" is "AP").  AllSides names
  some sections as outlets ("CNN Business", "AP Politics & Fact Check"): a
  disagreement there is a difference of naming, counted as a disagreement all
  the same;
- ``domains_per_allsides_outlet``: the mean number of registered domains per
  AllSides outlet name (1.0 means an outlet is always one domain).

Writes benchmarks/results/outlet_domains.json (``part`` = ``external``).
"""
from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict

from common import require, write_results
from analysis.corpus.metadata import load_sources, outlet_from_url, registered_domain


def _plain(name: str, aliases: dict[str, str]) -> str:
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name.strip())
    name = aliases.get(name, name)
    return re.sub(r"^the\s+", "", name.strip().lower())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--allsides", help="headline_11_2021-10-19_crawled_all.jsonl of the NeuS corpus")
    args = parser.parse_args()
    path = require(args.allsides, "allsides")
    sources = load_sources()
    aliases = {**sources.outlets, **sources.agencies}

    pairs = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            for item in json.loads(line)["news"].values():
                if item.get("newsLink") and item.get("newsSource"):
                    pairs.append((item["newsSource"], item["newsLink"]))
    with_domain = in_table = agree = 0
    domains_of = defaultdict(set)
    for source, link in pairs:
        domain = registered_domain(link)
        if not domain:
            continue
        with_domain += 1
        domains_of[_plain(source, aliases)].add(domain)
        outlet, evidence = outlet_from_url(link, sources)
        if "domains table" in evidence and "not in the domains table" not in evidence:
            in_table += 1
            agree += _plain(outlet, aliases) == _plain(source, aliases)
    results = {
        "dataset": "allsides-neus headline_11_2021-10-19_crawled_all.jsonl",
        "part": "external",
        "n_links": len(pairs),
        "n_allsides_outlets": len(domains_of),
        "n_domains": len({d for ds in domains_of.values() for d in ds}),
        "domain_share": round(with_domain / len(pairs), 4),
        "table_share": round(in_table / len(pairs), 4),
        "n_in_table": in_table,
        "table_agreement": round(agree / in_table, 4) if in_table else None,
        "domains_per_allsides_outlet": round(sum(len(d) for d in domains_of.values()) / len(domains_of), 3),
    }
    print(json.dumps(results, indent=2))
    print(f"wrote {write_results('outlet_domains', results)}")


if __name__ == "__main__":
    main()
