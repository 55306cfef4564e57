"""Check that case folding in `w2v accuracy` and `w2v similarity` picks the words gensim picks.

The shared corpus is lower case, so a model trained on it never has two words that differ only
in case. This test trains a small model with `w2v train` and writes a copy with case variants
added. Some come just before their lower-case word, so the variant is the more frequent one and
its vector is used. Others come just after it with a nearly equal vector, so the variant is a
top candidate that must be passed over as a question word. On that copy, correct and seen counts
of `w2v accuracy --restrict 10000` must equal gensim 4.2's
evaluate_word_analogies(restrict_vocab=10000, case_insensitive=True), and `w2v similarity` must
give evaluate_word_pairs' Spearman within one swap of adjacent ranks (spearman_tolerance) and
its number of pairs.

Environment: W2V_BINARY (the w2v executable), W2V_SHARED_DATA or W2V_DEFAULT_SHARED_DATA (the
shared data directory). Exits with 77 (skipped) when gensim, the binary or the data is missing.
"""

import logging
import lzma
import os
import random
import subprocess
import sys
import tempfile

from spearman_support import spearman_tolerance

SKIP = 77
CORPUS_BYTES = 6_000_000  # about 1.1M words of the shared corpus
RESTRICT = 10000


def skip(message):
    print(f"SKIP: {message}")
    sys.exit(SKIP)


def shared_data_dir():
    for variable in ("W2V_SHARED_DATA", "W2V_DEFAULT_SHARED_DATA"):
        value = os.environ.get(variable)
        if value:
            return value
    return None


def run(arguments):
    result = subprocess.run(arguments, capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"{arguments} failed ({result.returncode}):\n{result.stderr}")
    return result.stdout


def read_table(stdout):
    """Parse a tab-separated table with a header row into a list of dicts."""
    lines = stdout.splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


def write_cased_copy(keyed_vectors, path):
    """Write the model in text format with case variants of 15% of the words added."""
    numpy = __import__("numpy")
    generator = random.Random(3)
    noise = numpy.random.default_rng(3)
    rows = []
    for word, vector in zip(keyed_vectors.index_to_key, keyed_vectors.vectors):
        draw = generator.random()
        if draw < 0.05:
            rows.append((word.capitalize(), vector + noise.normal(0, 0.01, vector.shape)))
        rows.append((word, vector))
        if 0.05 <= draw < 0.15:
            rows.append((word.upper(), vector * 1.1 + noise.normal(0, 0.02, vector.shape)))
    with open(path, "w", encoding="utf-8") as out:
        out.write(f"{len(rows)} {keyed_vectors.vector_size}\n")
        for word, vector in rows:
            values = " ".join(repr(float(numpy.float32(value))) for value in vector)
            out.write(f"{word} {values}\n")


def check_accuracy(binary, model, keyed_vectors, questions):
    rows = read_table(run([binary, "accuracy", model, questions, "--restrict", str(RESTRICT)]))
    total = next(row for row in rows if row["section"] == "total")
    _, sections = keyed_vectors.evaluate_word_analogies(
        questions, restrict_vocab=RESTRICT, case_insensitive=True)
    correct = len(sections[-1]["correct"])
    seen = correct + len(sections[-1]["incorrect"])
    print(f"accuracy: w2v {total['correct']}/{total['seen']}, gensim {correct}/{seen}")
    assert int(total["correct"]) == correct, "correct counts differ"
    assert int(total["seen"]) == seen, "seen counts differ"


def check_similarity(binary, model, keyed_vectors, pair_files):
    rows = read_table(run([binary, "similarity", model, *pair_files]))
    for path, row in zip(pair_files, rows):
        _, spearman, oov_percent = keyed_vectors.evaluate_word_pairs(path)
        used = round(int(row["total"]) * (1 - oov_percent / 100))
        print(f"{os.path.basename(path)}: w2v {row['spearman']} ({row['pairs']} pairs), "
              f"gensim {spearman[0]:.9f} ({used} pairs)")
        assert int(row["pairs"]) == used, f"{path}: pairs used differ"
        assert abs(float(row["spearman"]) - spearman[0]) <= spearman_tolerance(used), (
            f"{path}: Spearman differs")


def main():
    try:
        from gensim.models import KeyedVectors
    except ImportError as error:
        skip(f"gensim is not installed: {error}")
    binary = os.environ.get("W2V_BINARY")
    if not binary or not os.access(binary, os.X_OK):
        skip("W2V_BINARY is not set to the w2v executable")
    data = shared_data_dir() or ""
    corpus_xz = os.path.join(data, "corpus", "mixed-en.txt.xz")
    questions = os.path.join(data, "eval", "questions-words.txt")
    pair_files = [os.path.join(data, "eval", "similarity", name)
                  for name in ("en-ws353-all.tsv", "en-simlex999.tsv")]
    for path in (corpus_xz, questions, *pair_files):
        if not os.path.exists(path):
            skip(f"shared data not found: {path}")
    logging.disable(logging.INFO)

    with tempfile.TemporaryDirectory(prefix="w2v-gensim-case-") as scratch:
        corpus = os.path.join(scratch, "corpus.txt")
        with lzma.open(corpus_xz, "rb") as source:
            text = source.read(CORPUS_BYTES)
        with open(corpus, "wb") as out:
            out.write(text[: text.rfind(b" ")])
        model = os.path.join(scratch, "model.bin")
        # One thread, so every run of the test checks the same model.
        run([binary, "train", "-train", corpus, "-output", model, "-size", "50", "-iter", "2",
             "-threads", "1", "-seed", "1", "-binary", "1"])
        cased = os.path.join(scratch, "cased.txt")
        write_cased_copy(KeyedVectors.load_word2vec_format(model, binary=True), cased)
        keyed_vectors = KeyedVectors.load_word2vec_format(cased)
        check_accuracy(binary, cased, keyed_vectors, questions)
        check_similarity(binary, cased, keyed_vectors, pair_files)
    print("OK: case folding matches gensim")


if __name__ == "__main__":
    main()
