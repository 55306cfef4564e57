"""Check that `w2v similarity` and `w2v accuracy` reproduce gensim's evaluation numbers.

On a model trained by `w2v train` on the start of the shared corpus:
- `w2v similarity` on en-ws353-all.tsv and en-simlex999.tsv must give gensim 4.2's
  KeyedVectors.evaluate_word_pairs Spearman within the effect of one swap of adjacent ranks
  (see spearman_tolerance) and the same number of pairs used;
- `w2v accuracy` on questions-words.txt must give exactly the correct and seen counts of
  evaluate_word_analogies(restrict_vocab=30000, case_insensitive=True).

Environment: W2V_BINARY (the w2v executable), W2V_SHARED_DATA or W2V_DEFAULT_SHARED_DATA (the
shared data directory). Exits with 77 (skipped) when gensim, the binary or the data is missing.
"""

import logging
import lzma
import os
import subprocess
import sys
import tempfile

from spearman_support import spearman_tolerance

SKIP = 77
CORPUS_BYTES = 9_000_000  # about 1.6M words of the shared corpus
PAIR_FILES = ["en-ws353-all.tsv", "en-simlex999.tsv"]



def skip(message):
    print(f"SKIP: {message}")
    sys.exit(SKIP)


def shared_data_dir():
    for variable in ("W2V_SHARED_DATA", "W2V_DEFAULT_SHARED_DATA"):
        value = os.environ.get(variable)
        if value:
            return value
    return None


def write_corpus_start(corpus_xz, path):
    """Write the first CORPUS_BYTES of the corpus, cut at a space so no word is split."""
    with lzma.open(corpus_xz, "rb") as source:
        text = source.read(CORPUS_BYTES)
    with open(path, "wb") as out:
        out.write(text[: text.rfind(b" ")])


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


def check_similarity(binary, model, keyed_vectors, similarity_dir):
    paths = [os.path.join(similarity_dir, name) for name in PAIR_FILES]
    rows = read_table(run([binary, "similarity", model, *paths]))
    assert len(rows) == len(paths), rows
    for path, row in zip(paths, rows):
        assert row["file"] == path, row
        pearson, spearman, oov_percent = keyed_vectors.evaluate_word_pairs(path)
        total = int(row["total"])
        gensim_used = round(total * (1 - oov_percent / 100))
        print(f"{os.path.basename(path)}: spearman w2v {row['spearman']} gensim "
              f"{spearman[0]:.9f}, pairs w2v {row['pairs']} gensim {gensim_used} of {total}")
        assert int(row["pairs"]) == gensim_used, f"{path}: pairs used differ"
        assert abs(float(row["spearman"]) - spearman[0]) <= spearman_tolerance(gensim_used), (
            f"{path}: Spearman {row['spearman']} vs gensim {spearman[0]}")
        assert abs(float(row["pearson"]) - pearson[0]) <= 1e-5, (
            f"{path}: Pearson {row['pearson']} vs gensim {pearson[0]}")


def check_accuracy(binary, model, keyed_vectors, questions):
    rows = read_table(run([binary, "accuracy", model, questions, "--restrict", "30000"]))
    ours = {row["section"]: row for row in rows}
    _, sections = keyed_vectors.evaluate_word_analogies(
        questions, restrict_vocab=30000, case_insensitive=True)
    for section in sections:
        name = "total" if section["section"] == "Total accuracy" else section["section"]
        correct = len(section["correct"])
        seen = correct + len(section["incorrect"])
        row = ours[name]
        assert (int(row["correct"]), int(row["seen"])) == (correct, seen), (
            f"{name}: w2v {row['correct']}/{row['seen']}, gensim {correct}/{seen}")
    total = ours["total"]
    print(f"accuracy: w2v {total['correct']}/{total['seen']} of {total['total']} questions "
          "equals gensim")
    assert int(total["correct"]) > 0, "the test model answers nothing; train it longer"


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
    similarity_dir = os.path.join(data, "eval", "similarity")
    for path in (corpus_xz, questions, similarity_dir):
        if not os.path.exists(path):
            skip(f"shared data not found: {path}")
    logging.disable(logging.INFO)

    with tempfile.TemporaryDirectory(prefix="w2v-gensim-evaluate-") as scratch:
        corpus = os.path.join(scratch, "corpus.txt")
        model = os.path.join(scratch, "model.bin")
        write_corpus_start(corpus_xz, corpus)
        # One thread, so every run of the test checks the same model.
        run([binary, "train", "-train", corpus, "-output", model, "-size", "64", "-iter", "2",
             "-threads", "1", "-seed", "1", "-binary", "1"])
        keyed_vectors = KeyedVectors.load_word2vec_format(model, binary=True)
        check_similarity(binary, model, keyed_vectors, similarity_dir)
        check_accuracy(binary, model, keyed_vectors, questions)
    print("OK: w2v similarity and accuracy match gensim")


if __name__ == "__main__":
    main()
