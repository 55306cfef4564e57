#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace w2v {

/// Read-only view of a row-major float matrix whose rows may be padded (`stride >= cols`).
struct MatrixView {
  const float* data = nullptr;
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::size_t stride = 0;

  std::span<const float> row(std::size_t i) const { return {data + i * stride, cols}; }
};

/// Words with one dense vector each, in file order, stored row-major without padding.
struct WordVectors {
  std::vector<std::string> words;
  std::size_t dim = 0;
  std::vector<float> values;  // words.size() * dim floats

  std::size_t size() const { return words.size(); }
  std::span<const float> row(std::size_t i) const { return {values.data() + i * dim, dim}; }
  std::span<float> row(std::size_t i) { return {values.data() + i * dim, dim}; }
  MatrixView view() const { return {values.data(), words.size(), dim, dim}; }
};

}  // namespace w2v
