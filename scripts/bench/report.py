#!/usr/bin/python3
"""Summarize one scripts/bench.sh mode as Markdown and optionally store it in BENCHMARKS.md.

The results file is the tab-separated table that bench.sh writes, with one row per run. Its
columns are the group (setting), tool, round, wall seconds, peak RSS in KiB, exit status,
analogy accuracy in percent and percent of questions seen. Then come a count (training words,
vocabulary entries or queries, depending on the mode), the accuracy that `w2v accuracy`
reports and the percentage of the requested training that the tool's log reports as done.
Medians use only runs that exited with status 0.

The section goes between the lines <!-- bench:MODE:start --> and <!-- bench:MODE:end --> of
the docs file, which are appended at its end when missing.
"""

import argparse
import csv
import os
import re
import statistics
import sys

REFERENCES = ("word2vec.c", "pWord2Vec", "gensim", "fastText")
TITLES = {
    "standard": "Standard run",
    "threads": "Thread scaling",
    "vocab": "Vocabulary building",
    "distance": "Distance: load and query time",
    "variants": "CBOW and hierarchical softmax",
    "profile": "Profile",
}


def read_results(path):
    with open(path, newline="") as source:
        return list(csv.DictReader(source, delimiter="\t"))


def number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def fmt(value, digits=2, suffix=""):
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}{suffix}"


def ordered_tools(rows):
    """Return the tools in the results: w2v first, then the references in REFERENCES order."""
    order = ("w2v",) + REFERENCES
    tools = {row["tool"] for row in rows}
    return sorted(tools, key=lambda tool: (order.index(tool) if tool in order else len(order), tool))


def ordered_groups(rows):
    groups = []
    for row in rows:
        if row["group"] not in groups:
            groups.append(row["group"])
    return groups


class Summary:
    """Medians of one tool's runs within one group."""

    def __init__(self, rows, epochs):
        ok = [row for row in rows if row["status"] == "0"]
        self.runs = len(rows)
        self.failed = len(rows) - len(ok)
        self.statuses = sorted({row["status"] for row in rows if row["status"] != "0"})
        self.walls = [number(row["wall_s"]) for row in ok]
        self.wall = median(self.walls)
        self.rss_mib = median([number(row["rss_kib"]) for row in ok])
        if self.rss_mib is not None:
            self.rss_mib /= 1024
        self.accuracies = [number(row["accuracy"]) for row in ok]
        self.accuracy = median(self.accuracies)
        self.seen = median([number(row["seen"]) for row in ok])
        self.w2v_accuracy = median([number(row.get("w2v_accuracy")) for row in ok])
        self.trained = median([number(row.get("trained")) for row in ok])
        count = median([number(row["train_words"]) for row in ok])
        self.count = count
        self.words_per_second = None
        if self.wall and count is not None and epochs:
            self.words_per_second = count * epochs / self.wall

    def status_note(self):
        if not self.failed:
            return ""
        return f"{self.failed} of {self.runs} failed (exit {', '.join(self.statuses)})"


def summarize(rows, epochs):
    table = {}
    for group in ordered_groups(rows):
        for tool in ordered_tools(rows):
            selected = [row for row in rows if row["group"] == group and row["tool"] == tool]
            if selected:
                table[group, tool] = Summary(selected, epochs)
    return table


def ratio(numerator, denominator, digits=2):
    if numerator is None or not denominator:
        return "n/a"
    return f"{numerator / denominator:.{digits}f}x"


def training_table(summaries, tools, group):
    # The w2v accuracy column appears once `w2v accuracy` works, to show that it agrees with
    # compute-accuracy. "trained %" is the share of epochs x corpus that the tool's own
    # progress output reports as done.
    checked = any(summary.w2v_accuracy is not None for summary in summaries.values())
    header = ("| tool | runs ok | median wall s | words/s | peak RSS MiB | trained % | accuracy % | "
              "range % | seen % |" + (" w2v accuracy % |" if checked else "") + " wall s of each run |")
    lines = [header, "| --- |" + " ---: |" * (header.count("|") - 3) + " --- |"]
    for tool in tools:
        summary = summaries.get((group, tool))
        if summary is None:
            continue
        accuracies = [value for value in summary.accuracies if value is not None]
        spread = f"{min(accuracies):.2f}–{max(accuracies):.2f}" if accuracies else "n/a"
        walls = ", ".join(fmt(value, 1) for value in summary.walls) or "none"
        note = summary.status_note()
        cells = [tool, f"{summary.runs - summary.failed}/{summary.runs}", fmt(summary.wall, 1),
                 fmt(summary.words_per_second, 0), fmt(summary.rss_mib, 0), fmt(summary.trained, 1),
                 fmt(summary.accuracy), spread, fmt(summary.seen, 1)]
        if checked:
            cells.append(fmt(summary.w2v_accuracy))
        cells.append(walls + (f"; {note}" if note else ""))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def ratio_tables(summaries, tools, group):
    """words/s matrix for every tool pair, and every metric of w2v against each reference."""
    references = [tool for tool in REFERENCES if (group, tool) in summaries]
    if not references:
        return []
    lines = ["", "words/s of the row tool divided by words/s of the column reference "
             "(above 1 means faster):", "",
             "| tool | " + " | ".join(f"vs {reference}" for reference in references) + " |",
             "| --- |" + " ---: |" * len(references)]
    for tool in tools:
        summary = summaries.get((group, tool))
        if summary is None:
            continue
        cells = [ratio(summary.words_per_second, summaries[group, reference].words_per_second)
                 for reference in references]
        lines.append(f"| {tool} | " + " | ".join(cells) + " |")

    w2v = summaries.get((group, "w2v"))
    if w2v is None or w2v.wall is None:
        return lines
    lines += ["", "w2v against each reference (speed and RSS as ratios, accuracy as the "
              "difference in percentage points):", "",
              "| reference | words/s ratio | wall time ratio (reference / w2v) | peak RSS ratio (w2v / reference) | accuracy difference |",
              "| --- | ---: | ---: | ---: | ---: |"]
    for reference in references:
        other = summaries[group, reference]
        difference = None
        if w2v.accuracy is not None and other.accuracy is not None:
            difference = w2v.accuracy - other.accuracy
        lines.append(
            f"| {reference} | {ratio(w2v.words_per_second, other.words_per_second)} | "
            f"{ratio(other.wall, w2v.wall)} | {ratio(w2v.rss_mib, other.rss_mib)} | "
            f"{fmt(difference, 2, ' pp') if difference is not None else 'n/a'} |")
    return lines


def report_standard(rows, epochs):
    summaries = summarize(rows, epochs)
    tools = ordered_tools(rows)
    lines = []
    for group in ordered_groups(rows):
        if len(ordered_groups(rows)) > 1:
            lines += ["", f"**{group}**", ""]
        lines += training_table(summaries, tools, group)
        lines += ratio_tables(summaries, tools, group)
    return lines


def report_threads(rows, epochs):
    summaries = summarize(rows, epochs)
    groups = ordered_groups(rows)
    lines = ["| tool | " + " | ".join(f"{group}: words/s" for group in groups)
             + " | speedup of the last over the first |",
             "| --- |" + " ---: |" * (len(groups) + 1)]
    for tool in ordered_tools(rows):
        cells = [fmt(summaries[group, tool].words_per_second, 0) if (group, tool) in summaries
                 else "n/a" for group in groups]
        first, last = summaries.get((groups[0], tool)), summaries.get((groups[-1], tool))
        speedup = ratio(last.words_per_second if last else None,
                        first.words_per_second if first else None)
        lines.append(f"| {tool} | " + " | ".join(cells) + f" | {speedup} |")
    lines += ["", "Every run:", ""]
    for group in groups:
        lines += ["", f"**{group}**", ""] + training_table(summaries, ordered_tools(rows), group)
    return lines


def report_vocab(rows):
    summaries = summarize(rows, None)
    lines = ["| tool | runs ok | median wall s | peak RSS MiB | vocabulary entries | wall s of each run |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for tool in ordered_tools(rows):
        summary = summaries.get(("vocabulary", tool))
        if summary is None:
            continue
        note = summary.status_note()
        lines.append(
            f"| {tool} | {summary.runs - summary.failed}/{summary.runs} | {fmt(summary.wall, 3)} | "
            f"{fmt(summary.rss_mib, 0)} | {fmt(summary.count, 0)} | "
            f"{', '.join(fmt(value, 3) for value in summary.walls) or 'none'}"
            f"{'; ' + note if note else ''} |")
    w2v, reference = summaries.get(("vocabulary", "w2v")), summaries.get(("vocabulary", "word2vec.c"))
    if w2v and reference:
        lines += ["", f"word2vec.c wall time / w2v wall time: {ratio(reference.wall, w2v.wall)}"]
    return lines


def report_distance(rows):
    summaries = summarize(rows, None)
    lines = ["| tool | runs ok | load s (median) | top-40 query ms (median) | peak RSS MiB | load s of each run |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for tool in ordered_tools(rows):
        load, query = summaries.get(("load", tool)), summaries.get(("query", tool))
        if load is None or query is None:
            continue
        per_query = []
        for round_number in sorted({row["round"] for row in rows if row["tool"] == tool}):
            pair = {row["group"]: row for row in rows
                    if row["tool"] == tool and row["round"] == round_number and row["status"] == "0"}
            if "load" in pair and "query" in pair:
                queries = number(pair["query"]["train_words"])
                per_query.append((number(pair["query"]["wall_s"]) - number(pair["load"]["wall_s"]))
                                 * 1000 / queries)
        notes = "; ".join(note for note in (load.status_note(), query.status_note()) if note)
        lines.append(
            f"| {tool} | {load.runs - load.failed + query.runs - query.failed}/{load.runs + query.runs} | "
            f"{fmt(load.wall, 3)} | {fmt(median(per_query), 1)} | {fmt(query.rss_mib, 0)} | "
            f"{', '.join(fmt(value, 3) for value in load.walls) or 'none'}"
            f"{'; ' + notes if notes else ''} |")
    w2v, reference = summaries.get(("load", "w2v")), summaries.get(("load", "word2vec.c"))
    if w2v and reference:
        lines += ["", f"word2vec.c load time / w2v load time: {ratio(reference.wall, w2v.wall)}"]
    return lines


def report_profile(meta):
    path = meta.get("profile_output")
    lines = [f"Tool: {meta.get('tool', 'n/a')}", "", "```", f"$ {meta.get('profile_command', '')}"]
    if path and os.path.exists(path):
        with open(path) as source:
            lines += [line.rstrip() for line in source if line.strip()]
    lines.append("```")
    return lines


def describe(meta, mode, tools):
    lines = [
        f"- Date: {meta.get('date')}; repository commit {meta.get('commit')}.",
        f"- Machine: {meta.get('cpu')}, {meta.get('cores')} cores, {meta.get('memory')}; "
        f"load average {meta.get('load')}.",
        f"- Command: `{meta.get('command')}`",
    ]
    if mode == "profile":
        pass  # The profiled command line carries its own corpus and settings.
    elif mode != "distance":
        lines += [f"- Corpus: {meta.get('corpus')}; {meta.get('corpus_counts')}.",
                  f"- Settings: {meta.get('settings')}; {meta.get('rounds')} rounds."]
    else:
        lines += [f"- Model: {meta.get('model')}; {meta.get('rounds')} rounds."]
    # Entries start with the tool name; word2vec.c's helper programs are listed by their own names.
    helpers = {"compute-accuracy": mode in ("standard", "threads", "variants"),
               "distance": mode == "distance"}
    binaries = [entry for entry in meta.get("binaries", "").split(";")
                if entry and (entry.split(":")[0].split()[0] in tools
                              or helpers.get(entry.split(":")[0], False))]
    if binaries:
        lines.append("- Binaries: " + "; ".join(f"`{entry}`" for entry in binaries) + ".")
    return lines


def replace_section(docs, mode, body):
    start, end = f"<!-- bench:{mode}:start -->", f"<!-- bench:{mode}:end -->"
    text = open(docs).read() if os.path.exists(docs) else "# Benchmarks\n"
    block = f"{start}\n{body}\n{end}"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda match: block, text)
    else:
        text = text.rstrip("\n") + f"\n\n## {TITLES[mode]}\n\n{block}\n"
    temporary = docs + ".tmp"
    with open(temporary, "w") as output:
        output.write(text)
    os.replace(temporary, docs)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=sorted(TITLES))
    parser.add_argument("results", help="results.tsv written by bench.sh")
    parser.add_argument("--docs", help="Markdown file whose section for MODE is replaced")
    parser.add_argument("--meta-file", required=True,
                        help="KEY=VALUE lines that describe the run (date, cpu, command, epochs, ...)")
    arguments = parser.parse_args()

    with open(arguments.meta_file) as source:
        meta = dict(line.rstrip("\n").split("=", 1) for line in source if "=" in line)
    rows = read_results(arguments.results)
    epochs = number(meta.get("epochs"))
    if arguments.mode == "profile":
        table = report_profile(meta)
    elif not rows:
        sys.exit(f"report: {arguments.results} has no runs")
    elif arguments.mode in ("standard", "variants"):
        table = report_standard(rows, epochs)
    elif arguments.mode == "threads":
        table = report_threads(rows, epochs)
    elif arguments.mode == "vocab":
        table = report_vocab(rows)
    else:
        table = report_distance(rows)

    tools = {row["tool"] for row in rows}
    body = "\n".join(describe(meta, arguments.mode, tools) + [""] + table)
    print(f"\n## {TITLES[arguments.mode]}\n\n{body}\n")
    if arguments.docs:
        replace_section(arguments.docs, arguments.mode, body)
        print(f"report: updated the {arguments.mode} section of {arguments.docs}", file=sys.stderr)


if __name__ == "__main__":
    main()
