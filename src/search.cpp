#include "w2v/search.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cmath>
#include <cstddef>
#include <memory>
#include <queue>
#include <span>
#include <utility>
#include <vector>

namespace w2v {
namespace {

// Rows scored per block in score_batch(): 64 rows of 300 floats is 75 KiB, which stays in L2
// while every query of the batch passes over it.
constexpr std::size_t kRowBlock = 64;

// Multiply-adds (about 1 ms of work) below which a loop runs on one thread. Starting a thread
// team costs microseconds on an idle machine but can cost milliseconds when other processes
// keep the cores busy. The value is an estimate, not a measured optimum.
constexpr std::size_t kMinParallelWork = std::size_t{1} << 22;

// Largest relative error of rounding a float to bfloat16 (8 significant bits) to nearest.
constexpr double kBfloat16RoundingError = 1.0 / 512;

// Float32 unit roundoff, 2^-24.
constexpr double kFloatRoundoff = 1.0 / 16777216;

float dot(const float* a, const float* b, std::size_t n) {
  float sum = 0.0F;
#pragma omp simd reduction(+ : sum)
  for (std::size_t i = 0; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

// Built for AVX2 with FMA as well as the baseline, picked at load time, because this loop runs
// over every row for each query. Its result only selects candidates, and the error bound in
// nearest() holds for any summation order, so the clone in use cannot change a result.
__attribute__((target_clones("arch=x86-64-v3", "default"))) float dot_bfloat16(
    const std::uint16_t* a, const float* b, std::size_t n) {
  float sum = 0.0F;
#pragma omp simd reduction(+ : sum)
  for (std::size_t i = 0; i < n; ++i) {
    sum += std::bit_cast<float>(static_cast<std::uint32_t>(a[i]) << 16) * b[i];
  }
  return sum;
}

std::uint16_t to_bfloat16(float value) {
  const auto bits = std::bit_cast<std::uint32_t>(value);
  // Round to nearest, ties to even, on the 16 bits that are dropped; a NaN is truncated so it
  // stays a NaN. Written as a select so the conversion loop vectorizes.
  const std::uint32_t rounding = 0x7FFF + ((bits >> 16) & 1);
  const bool is_nan = (bits & 0x7FFFFFFFu) > 0x7F800000u;
  return static_cast<std::uint16_t>((is_nan ? bits : bits + rounding) >> 16);
}

// Scales `size` floats at `values` to unit length, accumulating the squares in double; leaves
// a zero vector unchanged.
inline void normalize_row(float* values, std::size_t size) {
  double squares = 0.0;
#pragma omp simd reduction(+ : squares)
  for (std::size_t i = 0; i < size; ++i) squares += static_cast<double>(values[i]) * values[i];
  if (squares == 0.0) return;
  const double scale = 1.0 / std::sqrt(squares);
#pragma omp simd
  for (std::size_t i = 0; i < size; ++i) values[i] = static_cast<float>(values[i] * scale);
}

// Normalizes rows [first, last) of `unit` and writes their bfloat16 copies to `screen`. Built
// for AVX2 as well as the baseline, because loading a model spends most of its CPU time here.
// The clones sum the squares in a different order, which can move a unit vector by an ulp.
__attribute__((target_clones("arch=x86-64-v3", "default"))) void prepare_rows(
    float* unit, std::uint16_t* screen, std::size_t first, std::size_t last, std::size_t dim) {
  for (std::size_t row = first; row < last; ++row) {
    float* values = unit + row * dim;
    std::uint16_t* rounded = screen + row * dim;
    normalize_row(values, dim);
#pragma omp simd
    for (std::size_t i = 0; i < dim; ++i) rounded[i] = to_bfloat16(values[i]);
  }
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

void normalize(std::span<float> vector) { normalize_row(vector.data(), vector.size()); }

SearchIndex::SearchIndex(WordVectors vectors)
    : words_(std::move(vectors.words)), dim_(vectors.dim), unit_(std::move(vectors.values)) {
  unit_.resize(words_.size() * dim_);
  // Left uninitialized, so its pages are first touched by the threads that fill them.
  screen_ = std::make_unique_for_overwrite<std::uint16_t[]>(unit_.size());
  // Rows are independent, so normalizing and rounding run on all cores. Meanwhile one thread
  // builds the word map, the one part that cannot be split.
  constexpr std::size_t kRowsPerChunk = 256;
  const auto chunks =
      static_cast<std::ptrdiff_t>((words_.size() + kRowsPerChunk - 1) / kRowsPerChunk);
#pragma omp parallel if (unit_.size() > (1 << 20))
  {
#pragma omp single nowait
    {
      word_index_.reserve(words_.size());
      first_row_.reserve(words_.size());
      for (std::size_t row = 0; row < words_.size(); ++row) {
        if (word_index_.insert(words_[row]) == first_row_.size()) first_row_.push_back(row);
      }
    }
#pragma omp for schedule(dynamic)
    for (std::ptrdiff_t chunk = 0; chunk < chunks; ++chunk) {
      const std::size_t first = static_cast<std::size_t>(chunk) * kRowsPerChunk;
      prepare_rows(unit_.data(), screen_.get(), first,
                   std::min(first + kRowsPerChunk, words_.size()), dim_);
    }
  }
}

std::optional<std::size_t> SearchIndex::find(std::string_view word) const {
  const std::int64_t found = word_index_.find(word);
  if (found < 0) return std::nullopt;
  return first_row_[static_cast<std::size_t>(found)];
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
  const std::size_t rows = clamp_limit(limit);
  std::vector<float> scores(rows);
  screen(unit_query, scores, rows);
  const auto approximate_top = select_top(scores, count, excluded);
  if (approximate_top.size() < count) {
    // Fewer rows than requested remain, so every row is in the result: score all exactly.
    score(unit_query, scores, rows);
    return select_top(scores, count, excluded);
  }

  // Each approximate score is within `error` of the float32 score, so every row of the exact
  // top `count` scores at least the count-th approximate score minus 2 * error.
  const double error = 1.01 * (kBfloat16RoundingError + 2.0 * static_cast<double>(dim_ + 1) *
                                                            kFloatRoundoff);
  const double threshold = approximate_top.back().similarity - 2.0 * error;
  std::vector<std::size_t> skip(excluded.begin(), excluded.end());
  std::sort(skip.begin(), skip.end());
  std::vector<std::size_t> candidates;
  std::vector<float> exact;
  for (std::size_t id = 0; id < rows; ++id) {
    if (!(scores[id] >= threshold)) continue;
    if (std::binary_search(skip.begin(), skip.end(), id)) continue;
    candidates.push_back(id);
    exact.push_back(dot(unit_.data() + id * dim_, unit_query.data(), dim_));
  }

  // Candidates are in id order, so select_top's tie order by position is the order by id.
  auto result = select_top(exact, count);
  for (Neighbor& neighbor : result) neighbor.id = candidates[neighbor.id];
  return result;
}

void SearchIndex::screen(std::span<const float> query, std::span<float> scores,
                         std::size_t rows) const {
  const std::size_t dim = dim_;
  const std::uint16_t* screen = screen_.get();
  const float* query_data = query.data();
  float* out = scores.data();
  const auto row_count = static_cast<std::ptrdiff_t>(rows);
#pragma omp parallel for schedule(static) if (rows * dim >= kMinParallelWork)
  for (std::ptrdiff_t row = 0; row < row_count; ++row) {
    out[row] = dot_bfloat16(screen + static_cast<std::size_t>(row) * dim, query_data, dim);
  }
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
