#!/usr/bin/python3
"""Prepare inputs for scripts/bench.sh: corpus copies, corpus counts, test models.

Subcommands:
  corpus SOURCE DEST [--words N]   decompress (.xz) or copy SOURCE, keeping the first N words
  wrap SOURCE DEST --words N       rewrite SOURCE with a newline after every N words
  stats CORPUS MIN_COUNT           print tokens, distinct words, vocabulary size and the
                                   number of tokens of words seen at least MIN_COUNT times
  model DEST WORDS DIM             write a random word2vec.c binary model of WORDS x DIM
  vec2bin SOURCE DEST              convert word2vec text vectors (fastText .vec) to binary
"""

import argparse
import collections
import lzma
import os
import shutil
import struct
import sys


def open_text(path):
    if path.endswith(".xz"):
        return lzma.open(path, "rt", encoding="utf-8", newline="")
    return open(path, "r", encoding="utf-8", newline="")


def write_atomically(dest, write):
    """Write dest through a temporary file so an interrupted run leaves no partial file."""
    temporary = dest + ".tmp"
    with open(temporary, "w", encoding="utf-8", newline="") as output:
        write(output)
    os.replace(temporary, dest)


def prepare_corpus(arguments):
    if arguments.words is None and not arguments.source.endswith(".xz"):
        temporary = arguments.dest + ".tmp"
        shutil.copyfile(arguments.source, temporary)
        os.replace(temporary, arguments.dest)
        return
    with open_text(arguments.source) as source:
        text = source.read()
    if arguments.words is not None:
        # Keeping the first N words drops line breaks, which is right for the one-line corpus.
        text = " ".join(text.split()[: arguments.words])
    write_atomically(arguments.dest, lambda output: output.write(text))


def wrap_corpus(arguments):
    def write(output):
        with open_text(arguments.source) as source:
            words = source.read().split()
        for start in range(0, len(words), arguments.words):
            output.write(" ".join(words[start : start + arguments.words]))
            output.write("\n")

    write_atomically(arguments.dest, write)


def print_stats(arguments):
    with open_text(arguments.corpus) as source:
        counts = collections.Counter(source.read().split())
    vocabulary_counts = [count for count in counts.values() if count >= arguments.min_count]
    print(f"tokens={sum(counts.values())}")
    print(f"distinct={len(counts)}")
    print(f"vocabulary={len(vocabulary_counts)}")
    print(f"train_words={sum(vocabulary_counts)}")


def write_model(arguments):
    import numpy

    generator = numpy.random.default_rng(20240601)
    temporary = arguments.dest + ".tmp"
    with open(temporary, "wb") as output:
        output.write(f"{arguments.words} {arguments.dim}\n".encode())
        for index in range(arguments.words):
            vector = generator.standard_normal(arguments.dim, dtype=numpy.float32)
            output.write(f"w{index:06d} ".encode())
            output.write(vector.astype("<f4").tobytes())
            output.write(b"\n")
    os.replace(temporary, arguments.dest)


def convert_vec_to_bin(arguments):
    temporary = arguments.dest + ".tmp"
    with open(arguments.source, "r", encoding="utf-8") as source, open(temporary, "wb") as output:
        words, dim = (int(field) for field in source.readline().split())
        output.write(f"{words} {dim}\n".encode())
        for line in source:
            fields = line.rstrip().split(" ")
            if len(fields) != dim + 1:
                sys.exit(f"vec2bin: {arguments.source}: expected {dim} values per line, "
                         f"found {len(fields) - 1} for {fields[0]!r}")
            output.write(fields[0].encode() + b" ")
            output.write(struct.pack(f"<{dim}f", *(float(value) for value in fields[1:])))
            output.write(b"\n")
    os.replace(temporary, arguments.dest)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    corpus = commands.add_parser("corpus")
    corpus.add_argument("source")
    corpus.add_argument("dest")
    corpus.add_argument("--words", type=int)
    corpus.set_defaults(run=prepare_corpus)

    wrap = commands.add_parser("wrap")
    wrap.add_argument("source")
    wrap.add_argument("dest")
    wrap.add_argument("--words", type=int, required=True)
    wrap.set_defaults(run=wrap_corpus)

    stats = commands.add_parser("stats")
    stats.add_argument("corpus")
    stats.add_argument("min_count", type=int)
    stats.set_defaults(run=print_stats)

    model = commands.add_parser("model")
    model.add_argument("dest")
    model.add_argument("words", type=int)
    model.add_argument("dim", type=int)
    model.set_defaults(run=write_model)

    vec2bin = commands.add_parser("vec2bin")
    vec2bin.add_argument("source")
    vec2bin.add_argument("dest")
    vec2bin.set_defaults(run=convert_vec_to_bin)

    arguments = parser.parse_args()
    arguments.run(arguments)


if __name__ == "__main__":
    main()
