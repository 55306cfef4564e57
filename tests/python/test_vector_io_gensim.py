"""Check that `w2v convert` reads vector files written by gensim and GloVe-style tools.

Writes word2vec binary and text files with gensim's KeyedVectors.save_word2vec_format and a
headerless GloVe-style text file, converts each to word2vec text with `w2v convert`, and checks
that every word and float32 value equals what gensim loads from the same file.

Environment: W2V_BINARY is the w2v executable. Exits with 77 (skipped) when gensim, numpy or
the executable is missing.
"""

import os
import subprocess
import sys
import tempfile

SKIP = 77

try:
    import numpy as np
    from gensim.models import KeyedVectors
except ImportError as error:
    print(f"skipped: {error}")
    sys.exit(SKIP)

WORDS = ["the", "of", "</s>", "caf\u00e9", "na\u00efve", "\u65e5\u672c", "42", "-", "x" * 60]
DIM = 7


def make_keyed_vectors():
    rng = np.random.default_rng(12345)
    values = rng.standard_normal((len(WORDS), DIM)).astype(np.float32)
    values *= np.float32(10.0) ** rng.integers(-4, 4, size=(len(WORDS), 1)).astype(np.float32)
    vectors = KeyedVectors(DIM)
    vectors.add_vectors(WORDS, values)
    return vectors


def write_glove(path, vectors):
    """Write a headerless file the way GloVe does: fixed decimals, no count line."""
    with open(path, "w", encoding="utf-8") as out:
        for word in vectors.index_to_key:
            out.write(word + " " + " ".join(f"{value:.5f}" for value in vectors[word]) + "\n")


def parse_text(path):
    """Parse word2vec text output into (words, float32 matrix), checking the header."""
    with open(path, "rb") as handle:
        lines = handle.read().split(b"\n")
    assert lines[-1] == b"", "output does not end with a newline"
    count, dim = (int(field) for field in lines[0].split(b" "))
    rows = [line.split(b" ") for line in lines[1:-1]]
    assert len(rows) == count, f"header declares {count} words, found {len(rows)} rows"
    words = [row[0].decode("utf-8") for row in rows]
    matrix = np.array([[np.float32(field) for field in row[1:]] for row in rows], np.float32)
    assert matrix.shape == (count, dim), f"shape {matrix.shape}, header {count} {dim}"
    return words, matrix


def convert_to_text(binary, source, target):
    result = subprocess.run([binary, "convert", source, target, "--binary", "0"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"convert {source} failed: {result.stderr}"


def check_matches_gensim(name, expected, words, matrix):
    assert words == list(expected.index_to_key), f"{name}: words {words}"
    for row, word in enumerate(words):
        reference = expected[word].astype(np.float32)
        # Exact float32 equality: the text output keeps every bit of the values read.
        if not np.array_equal(matrix[row], reference):
            raise AssertionError(f"{name}: '{word}' is {matrix[row]}, gensim has {reference}")


def main():
    binary = os.environ.get("W2V_BINARY", "")
    if not binary or not os.access(binary, os.X_OK):
        print("skipped: W2V_BINARY is not set to an executable")
        return SKIP

    vectors = make_keyed_vectors()
    with tempfile.TemporaryDirectory(prefix="w2v-gensim-") as directory:
        sources = {
            "gensim binary": (os.path.join(directory, "gensim.bin"), dict(binary=True)),
            "gensim text": (os.path.join(directory, "gensim.txt"), dict(binary=False)),
            "glove": (os.path.join(directory, "glove.txt"), dict(binary=False, no_header=True)),
        }
        vectors.save_word2vec_format(sources["gensim binary"][0], binary=True)
        vectors.save_word2vec_format(sources["gensim text"][0], binary=False)
        write_glove(sources["glove"][0], vectors)

        for name, (path, load_options) in sources.items():
            expected = KeyedVectors.load_word2vec_format(path, **load_options)
            target = path + ".converted.txt"
            convert_to_text(binary, path, target)
            words, matrix = parse_text(target)
            check_matches_gensim(name, expected, words, matrix)
            print(f"ok: {name}, {len(words)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
