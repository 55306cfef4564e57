#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <istream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "w2v/search.h"

namespace w2v {

/// Returns the words of `line`, split at runs of ASCII whitespace (space, tab, CR, LF, VT, FF).
std::vector<std::string_view> split_words(std::string_view line);

/// Reads the next line of a data file into `line` without its LF or CRLF ending, dropping a
/// UTF-8 byte order mark at the start of line 1. Increments `line_number`. Returns false at the
/// end of input.
bool read_data_line(std::istream& in, std::string& line, std::size_t& line_number);

/// Returns `word` with ASCII letters upper-cased, the case folding of word2vec.c's
/// compute-accuracy. Other bytes, including all of UTF-8 beyond ASCII, are left unchanged.
/// NOTE: gensim folds with Python's str.upper(), which also maps letters such as 'é' and 'ß', so
/// counts can differ from gensim's for cased scripts other than ASCII Latin.
std::string fold_case(std::string_view word);

/// Word lookup for evaluation: only the first `limit` rows of an index (0 = all rows), with
/// optional case folding. When several rows fold to the same key, the first row (the most
/// frequent word in a frequency-sorted file) wins, as in compute-accuracy.c and gensim 4.2's
/// evaluate_word_analogies and evaluate_word_pairs with case_insensitive=True.
class EvaluationVocabulary {
 public:
  EvaluationVocabulary(const SearchIndex& index, std::size_t limit, bool case_insensitive);

  const SearchIndex& index() const { return *index_; }
  std::size_t limit() const { return limit_; }

  /// Returns the lookup key of `word`: folded when the vocabulary is case-insensitive.
  std::string key(std::string_view word) const;

  /// Returns the row of a key made by key(), or nothing if it is outside the vocabulary.
  std::optional<std::size_t> find(const std::string& key) const;

 private:
  const SearchIndex* index_;
  std::size_t limit_;
  bool case_insensitive_;
  std::unordered_map<std::string, std::size_t> ids_;
};

// ---------------------------------------------------------------------------------------------
// Analogies (evaluation_analogy.cpp)

/// Scoring of an analogy a : b :: c : ? over candidate words d.
enum class AnalogyMethod {
  kAdd,  // 3CosAdd: cos(d, b - a + c) with unit a, b, c, as in word2vec.c and gensim
  kMul,  // 3CosMul (Levy & Goldberg 2014): cos'(d,b) cos'(d,c) / (cos'(d,a) + 0.001),
         // where cos' = (1 + cos) / 2
};

/// One question line "a b c d": a is to b as c is to d.
struct AnalogyQuestion {
  std::array<std::string, 4> words;
  std::size_t line = 0;  // 1-based line number in the question file
};

/// Questions under one ": name" header line.
struct AnalogySection {
  std::string name;
  std::vector<AnalogyQuestion> questions;
};

/// Parsed question file. Lines that are neither a header nor four words are skipped as gensim
/// skips them, and their numbers are kept so the caller can report them.
struct AnalogyQuestionSet {
  std::vector<AnalogySection> sections;
  std::vector<std::size_t> invalid_lines;
};

/// Parses word2vec's analogy format: ": section" header lines, then "a b c d" per line.
/// Tolerates CRLF endings, a UTF-8 byte order mark, blank lines and repeated spaces. Throws
/// InputError naming `source` and the line when a question comes before the first header.
AnalogyQuestionSet parse_analogy_questions(std::istream& in, const std::string& source);

/// Reads and parses a question file. Throws IoError if it cannot be opened.
AnalogyQuestionSet read_analogy_questions(const std::filesystem::path& path);

/// Correct answers among the questions of one section (or of a group of sections).
struct AnalogyScore {
  std::string name;
  std::size_t correct = 0;
  std::size_t seen = 0;   // questions whose four words are all in the vocabulary
  std::size_t total = 0;  // all valid questions
  double accuracy() const { return seen == 0 ? 0.0 : static_cast<double>(correct) / seen; }
};

/// Per-section scores in file order, and the semantic (sections whose name does not start with
/// "gram"), syntactic and overall sums.
struct AnalogyReport {
  std::vector<AnalogyScore> sections;
  AnalogyScore semantic{"semantic"};
  AnalogyScore syntactic{"syntactic"};
  AnalogyScore total{"total"};
};

/// Answers every question whose four words are in `vocabulary` and counts the correct ones.
/// The answer is the best-scoring word of the vocabulary other than the rows of a, b and c.
/// Like gensim 4.2 (and unlike compute-accuracy.c), a candidate whose key equals the key of a,
/// b or c, such as another case variant, is passed over for the next of the best five.
AnalogyReport evaluate_analogies(const EvaluationVocabulary& vocabulary,
                                 const AnalogyQuestionSet& questions, AnalogyMethod method);

/// Returns the `count` best answers d for a : b :: c : d among the first `limit` rows (0 = all),
/// excluding a, b and c. With kAdd the similarity is the cosine with b - a + c.
std::vector<Neighbor> solve_analogy(const SearchIndex& index, std::size_t a, std::size_t b,
                                    std::size_t c, std::size_t count, AnalogyMethod method,
                                    std::size_t limit = 0);

// ---------------------------------------------------------------------------------------------
// Word similarity (evaluation_similarity.cpp)

/// One "word1 word2 score" line of a similarity data set.
struct WordPair {
  std::string first;
  std::string second;
  double score = 0.0;
  std::size_t line = 0;  // 1-based line number
};

/// Parsed pair file. Each line is one pair, so a pair listed twice counts twice, as in gensim's
/// evaluate_word_pairs.
struct WordPairSet {
  std::vector<WordPair> pairs;
  std::vector<std::size_t> invalid_lines;  // lines skipped because they are not a pair
};

/// Parses a pair file: fields separated by tabs (each field trimmed of spaces) or, on lines
/// without a tab, by whitespace. Skips blank lines and lines starting with '#', and tolerates
/// CRLF endings and a UTF-8 byte order mark. Other lines without exactly two words and a number
/// are recorded in invalid_lines. Throws InputError naming `source` if no line is a pair.
WordPairSet parse_word_pairs(std::istream& in, const std::string& source);

/// Reads and parses a pair file. Throws IoError if it cannot be opened.
WordPairSet read_word_pairs(const std::filesystem::path& path);

/// Correlation between model cosines and human scores over the pairs whose words are known.
struct SimilarityReport {
  double spearman = 0.0;  // NaN with fewer than two usable pairs or constant scores
  double pearson = 0.0;
  std::size_t used = 0;
  std::size_t total = 0;
  std::vector<std::string> unknown_words;  // distinct, as spelled in the file, in file order
};

/// Scores `pairs` by the cosine of their word vectors, skipping pairs with an unknown word.
SimilarityReport evaluate_word_pairs(const EvaluationVocabulary& vocabulary,
                                     std::span<const WordPair> pairs);

/// Returns 1-based ranks of `values`; tied values share the mean of their ranks.
std::vector<double> average_ranks(std::span<const double> values);

/// Returns Pearson's correlation coefficient, or NaN if n < 2 or either side is constant.
double pearson_correlation(std::span<const double> x, std::span<const double> y);

/// Returns Spearman's rank correlation: Pearson's on average_ranks() of both sides.
double spearman_correlation(std::span<const double> x, std::span<const double> y);

}  // namespace w2v
