#!/usr/bin/env python3
"""Build a text8-style English corpus from unpacked Debian packages.

Each package is expected unpacked (``dpkg-deb -x``) into PACKAGE_DIR/<package name>/.
Every document is reduced to text8's alphabet: Unicode NFKD, combining accents
removed, lowercase, each digit spelled out as a word (as text8's wikifil.pl does),
every other character outside a-z replaced by a space, runs of spaces squeezed. The documents of all sources are
shuffled with a fixed seed and joined by single spaces into one line with no
trailing newline.

Sources, with the document counts and words this script produced from the Debian 12
(bookworm) versions of the packages:

| package(s)                   | text                                 | docs    | words     |
| ---------------------------- | ------------------------------------ | ------: | --------: |
| dict-gcide 0.48.5            | Webster 1913 + WordNet dictionary    | 126,240 | 4,315,521 |
| bible-kjv, bible-kjv-text    | King James Bible, one doc a chapter  |   1,189 |   791,450 |
| r-cran-janeaustenr 1.0.0     | Jane Austen's six novels, by chapter |     275 |   729,114 |
| fortunes, fortunes-min       | fortune-mod cookies, one doc each    |  15,207 |   455,539 |
| dict-devil 1.0               | Bierce, The Devil's Dictionary       |     999 |    61,247 |
| total                        |                                      | 143,910 | 6,352,871 |

Other package versions give other counts; the script prints its counts on stderr.
"""

import argparse
import gzip
import random
import re
import struct
import subprocess
import sys
import unicodedata
import zlib
from pathlib import Path

DIGIT_WORDS = {
    "0": " zero ", "1": " one ", "2": " two ", "3": " three ", "4": " four ",
    "5": " five ", "6": " six ", "7": " seven ", "8": " eight ", "9": " nine ",
}
DIGIT_TABLE = str.maketrans(DIGIT_WORDS)
NON_LETTERS = re.compile(r"[^a-z]+")

# dictd index files encode offsets and lengths in base 64 with this alphabet.
DICTD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def normalise(text):
    """Return TEXT as lowercase a-z words separated by single spaces, with digits spelled out."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().translate(DIGIT_TABLE)
    return NON_LETTERS.sub(" ", text).strip()


def log(message):
    print(f"build_debian_corpus: {message}", file=sys.stderr)


def decode_dictd_number(encoded):
    value = 0
    for char in encoded:
        value = value * 64 + DICTD_ALPHABET.index(char)
    return value


def read_dictd_entries(index_path, dict_path):
    """Yield the text of each entry of a dictd database, once per distinct entry.

    Several headwords can point at the same entry, so entries are keyed by their
    (offset, length) pair. The 00-database-* entries are metadata and are skipped.
    """
    data = gzip.decompress(dict_path.read_bytes())
    seen = set()
    for line in index_path.read_text(encoding="utf-8", errors="replace").splitlines():
        fields = line.split("\t")
        if len(fields) < 3 or fields[0].startswith("00-database") or fields[0].startswith("00database"):
            continue
        span = (decode_dictd_number(fields[1]), decode_dictd_number(fields[2]))
        if span in seen:
            continue
        seen.add(span)
        offset, length = span
        yield data[offset:offset + length].decode("utf-8", errors="replace")


def gcide_documents(package_dir):
    root = package_dir / "dict-gcide/usr/share/dictd"
    pronunciation = re.compile(r"\\[^\\\n]*\\")
    # Brackets hold etymologies in Old English, Greek and other languages, and source
    # tags such as [1913 Webster]; neither is English running text.
    brackets = re.compile(r"\[[^\]]*\]", re.DOTALL)
    # Headwords of derived forms mark syllables and stress inside the word, as in
    # {Mop"ish*ly}; removing the marks keeps the word whole.
    syllable_marks = re.compile(r"(?<=[A-Za-z])[\"*`](?=[a-z])")
    for entry in read_dictd_entries(root / "gcide.index", root / "gcide.dict.dz"):
        entry = pronunciation.sub(" ", entry)
        entry = brackets.sub(" ", entry)
        yield syllable_marks.sub("", entry)


def devil_documents(package_dir):
    root = package_dir / "dict-devil/usr/share/dictd"
    yield from read_dictd_entries(root / "devil.index", root / "devil.dict.dz")


def kjv_documents(package_dir):
    """Yield the King James Bible one chapter at a time, without headings and verse numbers.

    The text is stored in a compressed format that only the package's own `bible`
    program reads, so this runs that program on the unpacked data files.
    """
    program = package_dir / "bible-kjv/usr/bin/bible"
    data_dir = package_dir / "bible-kjv-text/usr/lib"
    result = subprocess.run(
        [str(program), "-p", str(data_dir), "-l10000", "Genesis 1:1-Revelation 22:21"],
        check=True, capture_output=True, text=True,
    )
    chapter_heading = re.compile(r"^\S.* \d+$")
    verse_number = re.compile(r"^\s*\d+\s")
    verses = []
    for line in result.stdout.splitlines():
        if chapter_heading.match(line):
            if verses:
                yield " ".join(verses)
            verses = []
        elif line.strip():
            verses.append(verse_number.sub("", line))
    if verses:
        yield " ".join(verses)


def read_r_character_vector(serialized):
    """Return the strings of an R character vector in R's XDR serialization format.

    Handles only what janeaustenr stores: a format-2 or format-3 stream whose top
    object is a character vector (STRSXP) without attributes.
    """
    if serialized[:2] != b"X\n":
        raise ValueError("not an XDR-format R serialization")
    position = 2
    version, _, _ = struct.unpack_from(">iii", serialized, position)
    position += 12
    if version == 3:
        (encoding_length,) = struct.unpack_from(">i", serialized, position)
        position += 4 + encoding_length
    flags, count = struct.unpack_from(">ii", serialized, position)
    position += 8
    if flags != 16:
        raise ValueError(f"expected a plain character vector (flags 16), found flags {flags}")
    strings = []
    for _ in range(count):
        _, length = struct.unpack_from(">ii", serialized, position)
        position += 8
        if length < 0:  # NA_character_
            continue
        strings.append(serialized[position:position + length].decode("utf-8", errors="replace"))
        position += length
    return strings


def austen_documents(package_dir):
    """Yield Jane Austen's novels one chapter at a time from janeaustenr's lazy-load database.

    Rdata.rdx is a gzip-compressed serialized index of (offset, length) pairs into
    Rdata.rdb, and each object there is a 4-byte length followed by a zlib stream.
    The offsets are read from the index with the same minimal parser.
    """
    root = package_dir / "r-cran-janeaustenr/usr/lib/R/site-library/janeaustenr/data"
    database = (root / "Rdata.rdb").read_bytes()
    index = gzip.decompress((root / "Rdata.rdx").read_bytes())
    # Each object's location is an integer vector of length 2 (flags 13, length 2).
    locations = re.findall(rb"\x00\x00\x00\x0d\x00\x00\x00\x02(.{8})", index, re.DOTALL)
    chapter_heading = re.compile(r"^\s*(CHAPTER|Chapter)\b")
    for location in locations:
        offset, length = struct.unpack(">ii", location)
        lines = read_r_character_vector(zlib.decompress(database[offset + 4:offset + length]))
        chapter = []
        for line in lines:
            if chapter_heading.match(line):
                if chapter:
                    yield "\n".join(chapter)
                chapter = []
            else:
                chapter.append(line)
        if chapter:
            yield "\n".join(chapter)


def fortune_documents(package_dir):
    # ascii-art contains pictures, and the .dat files are strfile's binary indexes.
    skipped = {"ascii-art"}
    for package in ("fortunes-min", "fortunes"):
        root = package_dir / package / "usr/share/games/fortunes"
        for path in sorted(root.iterdir()):
            if path.suffix in (".dat", ".u8") or path.is_symlink() or path.name in skipped:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            yield from re.split(r"^%$", text, flags=re.MULTILINE)


SOURCES = [
    ("dict-gcide", gcide_documents),
    ("bible-kjv", kjv_documents),
    ("r-cran-janeaustenr", austen_documents),
    ("fortunes", fortune_documents),
    ("dict-devil", devil_documents),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package-dir", type=Path, required=True,
                        help="directory with each package unpacked into a subdirectory named after it")
    parser.add_argument("--output", type=Path, required=True, help="corpus file to write")
    parser.add_argument("--seed", type=int, default=20240601, help="seed of the document shuffle")
    args = parser.parse_args()

    documents = []
    total_words = 0
    for name, read_documents in SOURCES:
        try:
            normalised = [text for text in map(normalise, read_documents(args.package_dir)) if text]
        except (OSError, ValueError, zlib.error, subprocess.CalledProcessError) as error:
            log(f"skipping {name}: {error}")
            continue
        words = sum(text.count(" ") + 1 for text in normalised)
        log(f"{name}: {len(normalised):,} documents, {words:,} words")
        documents.extend(normalised)
        total_words += words

    if not documents:
        log(f"no documents could be read from {args.package_dir}")
        return 1

    random.Random(args.seed).shuffle(documents)
    args.output.write_text(" ".join(documents), encoding="ascii")
    log(f"total: {len(documents):,} documents, {total_words:,} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
