#!/usr/bin/python3
"""Train gensim Word2Vec with word2vec.c-style flags and save word2vec.c binary vectors.

Run it with Debian's /usr/bin/python3, which has python3-gensim. Only the flags that
scripts/bench.sh passes are accepted. By default the corpus goes to gensim as corpus_file.
gensim 4.2's compiled reader for it trains on only the first 10,000 words of each line, so
give it a file with shorter lines (bench.sh writes one with a line break every 10,000 words).
"""

import argparse
import logging
import time

from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, prefix_chars="-")
    parser.add_argument("-train", required=True, help="training corpus, one sentence per line")
    parser.add_argument("-output", required=True, help="output vectors, word2vec.c binary format")
    parser.add_argument("-cbow", type=int, default=0, help="1 for CBOW, 0 for skip-gram")
    parser.add_argument("-size", type=int, default=100, help="vector dimension")
    parser.add_argument("-window", type=int, default=5, help="maximum context window")
    parser.add_argument("-negative", type=int, default=5, help="negative samples per word")
    parser.add_argument("-hs", type=int, default=0, help="1 for hierarchical softmax")
    parser.add_argument("-sample", type=float, default=1e-3, help="subsampling threshold")
    parser.add_argument("-threads", type=int, default=2, help="worker threads")
    parser.add_argument("-iter", type=int, default=5, help="epochs")
    parser.add_argument("-min-count", dest="min_count", type=int, default=5,
                        help="minimum word frequency")
    parser.add_argument("-alpha", type=float, default=0.025, help="starting learning rate")
    parser.add_argument("-reader", choices=("corpus_file", "linesentence"), default="corpus_file",
                        help="corpus_file: gensim's compiled file reader, which reads only the first "
                             "10,000 words of each line; linesentence: gensim.models.word2vec."
                             "LineSentence, which splits long lines into 10,000-word sentences")
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    logging.basicConfig(format="%(asctime)s %(levelname)s %(message)s", level=logging.INFO)
    start = time.monotonic()
    if arguments.reader == "corpus_file":
        corpus = {"corpus_file": arguments.train}
    else:
        corpus = {"sentences": LineSentence(arguments.train)}
    model = Word2Vec(
        **corpus,
        sg=0 if arguments.cbow else 1,
        hs=arguments.hs,
        negative=arguments.negative,
        vector_size=arguments.size,
        window=arguments.window,
        sample=arguments.sample,
        min_count=arguments.min_count,
        epochs=arguments.iter,
        workers=arguments.threads,
        alpha=arguments.alpha,
    )
    trained = time.monotonic()
    model.wv.save_word2vec_format(arguments.output, binary=True)
    logging.info("gensim_train: vocabulary %d words, training %.2f s, saving %.2f s",
                 len(model.wv), trained - start, time.monotonic() - trained)


if __name__ == "__main__":
    main()
