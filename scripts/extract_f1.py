#!/usr/bin/env python3
"""Article-body token F1 of `selaras extract` (and of trafilatura, when installed) on the
development pages in tests/fixtures/extract/.

Each PAGE.html there (or in --pages DIR) has PAGE.expected.txt, the article text a reader would call the page's
content. Both texts are lowercased and cut into word tokens (\\w+); precision, recall and F1 are
counted over the bag of tokens (a token found twice counts twice), as the article-extraction
benchmarks do. The table gives each page and the mean over pages.

    cargo build --release
    python3 scripts/extract_f1.py [--selaras target/release/selaras] [--show PAGE]

trafilatura is read from the Python running this script: `pip install trafilatura
lxml_html_clean` in a virtual environment and run the script with that environment's python.
"""

import argparse
import collections
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "extract"


def tokens(text):
    return collections.Counter(re.findall(r"\w+", text.lower()))


def score(expected, got):
    e, g = tokens(expected), tokens(got)
    common = sum((e & g).values())
    p = common / max(1, sum(g.values()))
    r = common / max(1, sum(e.values()))
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def selaras(binary, page):
    out = subprocess.run([binary, "extract", str(page)], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def trafilatura_text(page):
    import trafilatura

    return trafilatura.extract(page.read_bytes(), include_comments=False, include_tables=True) or ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--selaras", default=str(ROOT / "target" / "release" / "selaras"))
    parser.add_argument("--show", help="print both extractions of this page (its stem)")
    parser.add_argument(
        "--pages",
        default=str(PAGES),
        help="folder of PAGE.html with PAGE.expected.txt (default: the development pages; "
        "tests/fixtures/extract-heldout/ holds pages written after the extractor, never tuned on)",
    )
    args = parser.parse_args()
    try:
        import trafilatura  # noqa: F401

        tools = {"selaras": lambda p: selaras(args.selaras, p), "trafilatura": trafilatura_text}
    except ImportError:
        print("trafilatura is not installed: scoring selaras alone", file=sys.stderr)
        tools = {"selaras": lambda p: selaras(args.selaras, p)}
    pages = sorted(pathlib.Path(args.pages).glob("*.html"))
    totals = {name: [0.0, 0.0, 0.0] for name in tools}
    header = f"{'page':<16}" + "".join(f"{name + ' P/R/F1':>28}" for name in tools)
    print(header)
    for page in pages:
        expected = page.with_suffix(".expected.txt").read_text(encoding="utf-8")
        row = f"{page.stem:<16}"
        for name, tool in tools.items():
            got = tool(page)
            if args.show == page.stem:
                print(f"--- {name} ---\n{got}\n")
            p, r, f = score(expected, got)
            for i, v in enumerate((p, r, f)):
                totals[name][i] += v
            row += f"{p:>10.3f}{r:>9.3f}{f:>9.3f}"
        print(row)
    n = max(1, len(pages))
    row = f"{'mean':<16}"
    for name in tools:
        p, r, f = (v / n for v in totals[name])
        row += f"{p:>10.3f}{r:>9.3f}{f:>9.3f}"
    print(row)


if __name__ == "__main__":
    main()
