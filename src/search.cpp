#include "w2v/search.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <queue>
#include <span>
#include <utility>
#include <vector>

namespace w2v {
namespace {

// Rows scored per block in score_batch(): 64 rows of 300 floats is 75 KiB, which stays in L2
// while every query of the batch passes over it.
constexpr std::size_t kRowBlock = 64;

// Below this many multiply-adds a thread team costs more than it saves.
constexpr std::size_t kMinParallelWork = std::size_t{1} << 16;

float dot(const float* a, const float* b, std::size_t n) {
  float sum = 0.0F;
#pragma omp simd reduction(+ : sum)
  for (std::size_t i = 0; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

// Orders candidates from best to worst: higher similarity first, then lower id.
bool better(const Neighbor& left, const Neighbor& right) {
  if (left.similarity != right.similarity) return left.similarity > right.similarity;
  return left.id < right.id;
}

}  // namespace

std::vector<Neighbor> select_top(std::span<const float> scores, std::size_t count,
                                 std::span<const std::size_t> excluded) {
  if (count == 0) return {};
  std::vector<std::size_t> skip(excluded.begin(), excluded.end());
  std::sort(skip.begin(), skip.end());

  // The heap's top is the worst of the best `count` seen so far.
  std::priority_queue<Neighbor, std::vector<Neighbor>, decltype(&better)> heap(&better);
  for (std::size_t id = 0; id < scores.size(); ++id) {
    const Neighbor candidate{id, scores[id]};
    if (std::isnan(candidate.similarity)) continue;
    if (heap.size() == count && !better(candidate, heap.top())) continue;
    if (std::binary_search(skip.begin(), skip.end(), id)) continue;
    heap.push(candidate);
    if (heap.size() > count) heap.pop();
  }

  std::vector<Neighbor> result(heap.size());
  for (auto slot = result.rbegin(); slot != result.rend(); ++slot) {
    *slot = heap.top();
    heap.pop();
  }
  return result;
}

void normalize(std::span<float> vector) {
  double squares = 0.0;
  for (const float value : vector) squares += static_cast<double>(value) * value;
  if (squares == 0.0) return;
  const double scale = 1.0 / std::sqrt(squares);
  for (float& value : vector) value = static_cast<float>(value * scale);
}

SearchIndex::SearchIndex(WordVectors vectors)
    : words_(std::move(vectors.words)), dim_(vectors.dim), unit_(std::move(vectors.values)) {
  unit_.resize(words_.size() * dim_);
  ids_.reserve(words_.size());
  for (std::size_t id = 0; id < words_.size(); ++id) {
    normalize({unit_.data() + id * dim_, dim_});
    ids_.try_emplace(words_[id], id);
  }
}

std::optional<std::size_t> SearchIndex::find(std::string_view word) const {
  const auto found = ids_.find(word);
  if (found == ids_.end()) return std::nullopt;
  return found->second;
}

std::size_t SearchIndex::clamp_limit(std::size_t limit) const {
  return limit == 0 ? size() : std::min(limit, size());
}

void SearchIndex::score(std::span<const float> query, std::span<float> scores,
                        std::size_t limit) const {
  const std::size_t rows = clamp_limit(limit);
  const std::size_t dim = dim_;
  const float* unit = unit_.data();
  const float* query_data = query.data();
  float* out = scores.data();
  const auto row_count = static_cast<std::ptrdiff_t>(rows);
#pragma omp parallel for schedule(static) if (rows * dim >= kMinParallelWork)
  for (std::ptrdiff_t row = 0; row < row_count; ++row) {
    out[row] = dot(unit + static_cast<std::size_t>(row) * dim, query_data, dim);
  }
}

void SearchIndex::score_batch(std::span<const float> queries, std::size_t query_count,
                              std::span<float> scores, std::size_t limit) const {
  const std::size_t rows = clamp_limit(limit);
  const std::size_t dim = dim_;
  const float* unit = unit_.data();
  const float* query_data = queries.data();
  float* out = scores.data();
  const auto block_count = static_cast<std::ptrdiff_t>((rows + kRowBlock - 1) / kRowBlock);
#pragma omp parallel for schedule(static) if (rows * dim * query_count >= kMinParallelWork)
  for (std::ptrdiff_t block = 0; block < block_count; ++block) {
    const std::size_t first = static_cast<std::size_t>(block) * kRowBlock;
    const std::size_t last = std::min(rows, first + kRowBlock);
    for (std::size_t query = 0; query < query_count; ++query) {
      const float* query_vector = query_data + query * dim;
      for (std::size_t row = first; row < last; ++row) {
        out[query * rows + row] = dot(unit + row * dim, query_vector, dim);
      }
    }
  }
}

std::vector<Neighbor> SearchIndex::nearest(std::span<const float> query, std::size_t count,
                                           std::span<const std::size_t> excluded,
                                           std::size_t limit) const {
  std::vector<float> unit_query(query.begin(), query.end());
  normalize(unit_query);
  std::vector<float> scores(clamp_limit(limit));
  score(unit_query, scores, limit);
  return select_top(scores, count, excluded);
}

std::vector<float> unit_sum(const SearchIndex& index, std::span<const std::size_t> ids) {
  std::vector<float> sum(index.dim(), 0.0F);
  for (const std::size_t id : ids) {
    const auto vector = index.unit_vector(id);
    for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += vector[i];
  }
  normalize(sum);
  return sum;
}

}  // namespace w2v
