#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "w2v/vocab.h"
#include "w2v/word_vectors.h"

namespace w2v {

/// One search result: a row of the index and its cosine similarity to the query.
struct Neighbor {
  std::size_t id = 0;
  float similarity = 0.0F;
};

/// Keeps the `count` highest scores in one pass over `scores`, skipping the ids in `excluded`.
/// Returns them by descending score. Equal scores keep the lower id (the more frequent word)
/// first. NaN scores are never selected.
std::vector<Neighbor> select_top(std::span<const float> scores, std::size_t count,
                                 std::span<const std::size_t> excluded = {});

/// Word vectors scaled to unit length once, in one contiguous row-major buffer, with an exact
/// word -> row lookup. Rows keep the file order, which for word2vec output is descending
/// frequency. A zero vector stays zero, so its cosine with anything is 0.
///
/// A second copy of the unit rows in bfloat16 (half the bytes, 50% more memory in total) lets
/// nearest() screen all rows with half the memory traffic, which bounds the time of a query on
/// a large model. The result is still exact: see nearest().
class SearchIndex {
 public:
  explicit SearchIndex(WordVectors vectors);

  std::size_t size() const { return words_.size(); }
  std::size_t dim() const { return dim_; }
  const std::string& word(std::size_t id) const { return words_[id]; }
  const std::vector<std::string>& words() const { return words_; }
  std::span<const float> unit_vector(std::size_t id) const {
    return {unit_.data() + id * dim_, dim_};
  }

  /// Returns the row of `word` (exact, case-sensitive match). When the file lists a word twice,
  /// the first row wins.
  std::optional<std::size_t> find(std::string_view word) const;

  /// Writes the dot product of `query` with each of the first `limit` unit rows (0 = all rows)
  /// into `scores`, which must have room for that many floats. For a unit-length query these are the
  /// cosine similarities.
  void score(std::span<const float> query, std::span<float> scores, std::size_t limit = 0) const;

  /// Scores `query_count` queries (row-major in `queries`) against the first `limit` rows at
  /// once: `scores` receives query_count rows of `limit` floats. Blocking over the rows keeps
  /// each block in cache for all queries, which is much faster than one score() per query.
  void score_batch(std::span<const float> queries, std::size_t query_count,
                   std::span<float> scores, std::size_t limit) const;

  /// Returns the `count` rows most similar by cosine to `query` among the first `limit` rows
  /// (0 = all rows), skipping `excluded`. `query` need not have unit length. The bfloat16 copy
  /// selects the candidates whose approximate cosine is within twice its error bound of the
  /// count-th best, and only these are scored in float32. So the result, ties included, equals
  /// select_top() over score().
  std::vector<Neighbor> nearest(std::span<const float> query, std::size_t count,
                                std::span<const std::size_t> excluded = {},
                                std::size_t limit = 0) const;

  /// Clamps a row limit to the index size; 0 means all rows.
  std::size_t clamp_limit(std::size_t limit) const;

 private:
  // Writes approximate scores of the first `rows` rows from the bfloat16 copy.
  void screen(std::span<const float> query, std::span<float> scores, std::size_t rows) const;

  std::vector<std::string> words_;
  std::size_t dim_ = 0;
  std::vector<float> unit_;
  // unit_ rounded to bfloat16 (the top 16 bits of a float), words_.size() * dim_ values.
  std::unique_ptr<std::uint16_t[]> screen_;
  // Each distinct word, and the first row that contains it. Rows may repeat a word, and find()
  // returns the first.
  WordIndex word_index_;
  std::vector<std::size_t> first_row_;
};

/// Scales `vector` to unit length in place; leaves a zero vector unchanged.
void normalize(std::span<float> vector);

/// Returns the sum of the unit vectors of `ids`, scaled to unit length: the query vector of
/// word2vec.c's distance tool.
std::vector<float> unit_sum(const SearchIndex& index, std::span<const std::size_t> ids);

}  // namespace w2v
