#!/usr/bin/env python3
"""Prints min, mean, max and sample standard deviation of the accuracies in runs.tsv per group,
as Markdown tables for docs/REPRODUCIBILITY.md."""

import csv
import statistics
import sys


def main(path):
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    groups = {}
    for row in rows:
        groups.setdefault(row["group"], []).append(row)
    for group, members in groups.items():
        print(f"\n{group} ({len(members)} runs)\n")
        print("| metric | min | mean | max | stddev |")
        print("|---|---|---|---|---|")
        for metric in ("semantic", "syntactic", "total", "seconds"):
            values = [float(row[metric]) for row in members]
            deviation = statistics.stdev(values) if len(values) > 1 else 0.0
            print(f"| {metric} | {min(values):.2f} | {statistics.mean(values):.2f} | "
                  f"{max(values):.2f} | {deviation:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1])
