#!/usr/bin/env python3
# bench/duplicates/score.py: recall and precision of near-duplicate groups
# against make-library.sh's ground truth, counted on pairs of pictures.
#
#   score.py MANIFEST ROOT souvenir GROUPS.json
#   score.py MANIFEST ROOT findimagedupes OUTPUT.txt
#
# A "picture" is an original with its exact copies (same bytes: one item in
# Souvenir); the true pairs are every two pictures of one near-duplicate
# group (an original and its near-duplicates). A found pair is two pictures
# put in one group. Prints "recall precision true_pairs found_pairs
# correct_pairs", then the misses and false pairs (at most 10 each) on stderr.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import csv
import itertools
import json
import os
import sys


def main():
    manifest, root, tool, output = sys.argv[1:5]
    picture = {}  # relative file -> picture name (the file an exact copy copies)
    group = {}    # picture -> near-duplicate group (its original's file)
    with open(manifest, newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            rel, kind, original = row["file"], row["kind"], row["original"]
            if kind == "exact-dup":
                picture[rel] = original
            else:
                picture[rel] = rel
                group[rel] = original if kind == "near-dup" else rel

    def pic(path):
        rel = os.path.relpath(os.path.realpath(path), os.path.realpath(root))
        return picture.get(rel)

    found_groups = []
    if tool == "souvenir":
        for g in json.load(open(output)):
            found_groups.append({pic(i["path"]) for i in g["items"]} - {None})
    else:
        # findimagedupes: one group per line, paths separated by spaces (and
        # names may hold spaces: split before each occurrence of the root)
        prefix = os.path.join(os.path.abspath(root), "")
        for line in open(output, errors="replace"):
            line = line.rstrip("\n")
            parts = line.split(" " + prefix)
            paths = [parts[0]] + [prefix + p for p in parts[1:]]
            found_groups.append({pic(p) for p in paths} - {None})

    truth = {}
    for p, g in group.items():
        truth.setdefault(g, set()).add(p)
    true_pairs = {frozenset(c) for s in truth.values() for c in itertools.combinations(sorted(s), 2)}
    found_pairs = {frozenset(c) for s in found_groups for c in itertools.combinations(sorted(s), 2)}
    correct = true_pairs & found_pairs
    recall = len(correct) / len(true_pairs) if true_pairs else 1.0
    precision = len(correct) / len(found_pairs) if found_pairs else 1.0
    print("%.4f %.4f %d %d %d" % (recall, precision, len(true_pairs), len(found_pairs), len(correct)))
    for label, pairs in (("missed", true_pairs - found_pairs), ("false", found_pairs - true_pairs)):
        for p in sorted(sorted(x) for x in pairs)[:10]:
            print("%s: %s" % (label, "  ".join(p)), file=sys.stderr)


if __name__ == "__main__":
    main()
