"""Check that gensim reads w2v's vector files and finds the same neighbours as `w2v distance`.

A small model is trained by `w2v train` on the start of the shared corpus and written in the
binary and the text format. gensim's KeyedVectors.load_word2vec_format must load both, and its
most_similar top 10 must match `w2v distance` and `w2v analogy` for a few queries.

Environment: W2V_BINARY (the w2v executable), W2V_SHARED_DATA or W2V_DEFAULT_SHARED_DATA (the
shared data directory). Exits with 77 (skipped) when gensim, the binary or the corpus is missing.
"""

import lzma
import os
import subprocess
import sys
import tempfile

SKIP = 77
CORPUS_BYTES = 6_000_000  # about 1.1M words of the shared corpus
QUERIES = [["king"], ["london"], ["water"], ["president"], ["two"], ["man", "woman"]]
ANALOGIES = [["man", "king", "woman"], ["france", "paris", "england"]]
TOP = 10
TOLERANCE = 1e-5  # cosines are float32 sums in different orders


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


def parse_neighbours(stdout):
    neighbours = []
    for line in stdout.splitlines():
        word, cosine = line.split("\t")
        neighbours.append((word, float(cosine)))
    return neighbours


def compare(label, ours, theirs):
    """Fail unless both top lists have the same words in the same order, allowing swaps only
    between words whose cosines tie within TOLERANCE."""
    assert len(ours) == len(theirs), f"{label}: {len(ours)} results, gensim {len(theirs)}"
    for rank, ((word, cosine), (their_word, their_cosine)) in enumerate(zip(ours, theirs)):
        assert abs(cosine - their_cosine) < TOLERANCE, (
            f"{label}: rank {rank} cosine {cosine} vs gensim {their_cosine}")
        if word != their_word:
            their_cosines = dict(theirs)
            assert word in their_cosines, f"{label}: rank {rank} is {word!r}, gensim {their_word!r}"
            assert abs(their_cosines[word] - cosine) < TOLERANCE, (
                f"{label}: {word!r} and {their_word!r} swap places without a tie")


def check_model(binary, path, keyed_vectors):
    for words in QUERIES:
        ours = parse_neighbours(run([binary, "distance", path, *words, "-n", str(TOP)]))
        theirs = keyed_vectors.most_similar(positive=words, topn=TOP)
        compare(f"{os.path.basename(path)} distance {words}", ours, theirs)
    for a, b, c in ANALOGIES:
        ours = parse_neighbours(run([binary, "analogy", path, a, b, c, "-n", str(TOP)]))
        theirs = keyed_vectors.most_similar(positive=[b, c], negative=[a], topn=TOP)
        compare(f"{os.path.basename(path)} analogy {a} {b} {c}", ours, theirs)


def main():
    try:
        from gensim.models import KeyedVectors
    except ImportError as error:
        skip(f"gensim is not installed: {error}")
    binary = os.environ.get("W2V_BINARY")
    if not binary or not os.access(binary, os.X_OK):
        skip("W2V_BINARY is not set to the w2v executable")
    data = shared_data_dir()
    corpus_xz = os.path.join(data or "", "corpus", "mixed-en.txt.xz")
    if not os.path.exists(corpus_xz):
        skip(f"shared corpus not found: {corpus_xz}")

    with tempfile.TemporaryDirectory(prefix="w2v-gensim-load-") as scratch:
        corpus = os.path.join(scratch, "corpus.txt")
        write_corpus_start(corpus_xz, corpus)
        paths = {}
        for is_binary, name in ((1, "model.bin"), (0, "model.txt")):
            paths[is_binary] = os.path.join(scratch, name)
            run([binary, "train", "-train", corpus, "-output", paths[is_binary], "-size", "50",
                 "-iter", "1", "-threads", "2", "-binary", str(is_binary)])

        for is_binary, path in paths.items():
            keyed_vectors = KeyedVectors.load_word2vec_format(path, binary=bool(is_binary))
            assert len(keyed_vectors) > 1000, f"{path}: only {len(keyed_vectors)} words"
            assert keyed_vectors.vector_size == 50
            check_model(binary, path, keyed_vectors)
    print("OK: gensim loads both formats and its most_similar matches w2v")


if __name__ == "__main__":
    main()
