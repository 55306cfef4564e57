// Text body parser for read_vectors(): "word v1 ... vd" rows, parsed in parallel when large.

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "vector_io_internal.h"

namespace w2v::vector_io_detail {
namespace {

// Bodies smaller than this are parsed by one thread; splitting them costs more than it saves.
constexpr std::size_t kParallelMinBytes = 4 << 20;

enum class LineStatus : std::uint8_t { kRow, kBlank, kFault };

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::size_t skip_spaces(std::string_view line, std::size_t pos) {
  while (pos < line.size() && is_space(line[pos])) ++pos;
  return pos;
}

std::size_t token_end(std::string_view line, std::size_t pos) {
  while (pos < line.size() && !is_space(line[pos])) ++pos;
  return pos;
}

std::size_t count_tokens(std::string_view line, std::size_t pos) {
  std::size_t count = 0;
  for (pos = skip_spaces(line, pos); pos < line.size(); pos = skip_spaces(line, pos)) {
    pos = token_end(line, pos);
    ++count;
  }
  return count;
}

struct LineFault {
  std::size_t line_index = 0;  // 0-based line of the body
  std::string detail;
};

// Parses one line into `word` and `out[0..dim)`. Returns kFault with `detail` set on a fault.
LineStatus parse_line(std::string_view line, std::size_t dim, std::string& word, float* out,
                      std::string& detail) {
  std::size_t pos = skip_spaces(line, 0);
  if (pos == line.size()) return LineStatus::kBlank;
  const std::size_t word_end = token_end(line, pos);
  const std::string_view word_view = line.substr(pos, word_end - pos);
  pos = word_end;
  for (std::size_t j = 0; j < dim; ++j) {
    pos = skip_spaces(line, pos);
    if (pos == line.size()) {
      detail = "expected " + std::to_string(dim) + " values after the word '" +
               quote_word(word_view) + "', found " + std::to_string(j);
      return LineStatus::kFault;
    }
    const std::size_t end = token_end(line, pos);
    const std::string_view token = line.substr(pos, end - pos);
    if (!parse_float(token, out[j])) {
      detail = "value " + std::to_string(j + 1) + " of the word '" + quote_word(word_view) +
               "' is '" + quote_word(token) + "', expected a decimal number";
      return LineStatus::kFault;
    }
    if (!std::isfinite(out[j])) {
      detail = "value " + std::to_string(j + 1) + " of the word '" + quote_word(word_view) +
               "' is '" + quote_word(token) +
               "', which is NaN, infinite or outside the float32 range; expected a finite number";
      return LineStatus::kFault;
    }
    pos = end;
  }
  if (skip_spaces(line, pos) != line.size()) {
    detail = "expected " + std::to_string(dim) + " values after the word '" +
             quote_word(word_view) + "', found " + std::to_string(dim + count_tokens(line, pos));
    return LineStatus::kFault;
  }
  word.assign(word_view);
  return LineStatus::kRow;
}

// Byte ranges of the body that start at a line start, one per thread task.
std::vector<std::string_view> split_at_lines(std::string_view body) {
  std::size_t pieces = 1;
  if (body.size() >= kParallelMinBytes)
    pieces = static_cast<std::size_t>(omp_get_max_threads()) * 4;
  std::vector<std::string_view> chunks;
  std::size_t begin = 0;
  for (std::size_t i = 1; i <= pieces && begin < body.size(); ++i) {
    std::size_t end = body.size();
    if (i < pieces) {
      end = std::max(begin, body.size() / pieces * i);
      const std::size_t newline = body.find('\n', end);
      end = newline == std::string_view::npos ? body.size() : newline + 1;
    }
    chunks.push_back(body.substr(begin, end - begin));
    begin = end;
  }
  return chunks;
}

std::size_t count_lines(std::string_view chunk) {
  std::size_t lines = static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
  if (!chunk.empty() && chunk.back() != '\n') ++lines;
  return lines;
}

// Cuts the body after the line that holds row number `limit` (blank lines do not count).
std::string_view cut_after_rows(std::string_view body, std::size_t limit) {
  std::size_t rows = 0;
  std::size_t pos = 0;
  while (pos < body.size() && rows < limit) {
    std::size_t newline = body.find('\n', pos);
    if (newline == std::string_view::npos) newline = body.size();
    const std::string_view line = body.substr(pos, newline - pos);
    if (skip_spaces(line, 0) != line.size()) ++rows;
    pos = std::min(body.size(), newline + 1);
  }
  return body.substr(0, pos);
}

// Parses the lines of `chunk` into the slots starting at `first_slot`. Stops at the first fault
// unless lenient.
void parse_chunk(std::string_view chunk, std::size_t first_slot, std::size_t dim, bool lenient,
                 ParsedRows& rows, std::vector<LineStatus>& status,
                 std::vector<LineFault>& faults) {
  std::size_t slot = first_slot;
  std::string detail;
  for (std::size_t pos = 0; pos < chunk.size(); ++slot) {
    std::size_t newline = chunk.find('\n', pos);
    if (newline == std::string_view::npos) newline = chunk.size();
    const std::string_view line = chunk.substr(pos, newline - pos);
    pos = newline + 1;
    status[slot] = parse_line(line, dim, rows.words[slot], rows.values.data() + slot * dim, detail);
    if (status[slot] != LineStatus::kFault) continue;
    faults.push_back({slot, detail});
    if (!lenient) return;
  }
}

// Moves the rows that parsed into the first slots and drops the rest.
void compact_rows(ParsedRows& rows, const std::vector<LineStatus>& status, std::size_t dim) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < status.size(); ++i) {
    if (status[i] != LineStatus::kRow) continue;
    if (kept != i) {
      rows.words[kept] = std::move(rows.words[i]);
      std::memmove(rows.values.data() + kept * dim, rows.values.data() + i * dim,
                   dim * sizeof(float));
    }
    ++kept;
  }
  rows.words.resize(kept);
  rows.values.resize(kept * dim);
}

std::string line_location(const BodyLayout& layout, std::size_t line_index) {
  return "line " + std::to_string(layout.first_line + line_index);
}

// Checks the rows found against the header's word count.
void check_row_count(const BodyLayout& layout, const std::vector<LineStatus>& status,
                     ParsedRows& rows, FaultLog& faults) {
  std::size_t row_lines = 0;
  for (std::size_t i = 0; i < status.size(); ++i) {
    if (status[i] == LineStatus::kBlank) continue;
    if (++row_lines == layout.declared_words + 1) {
      faults.add(line_location(layout, i),
                 "the header declares " + std::to_string(layout.declared_words) +
                     " words, but the file has more rows. Correct the count in the first line "
                     "or remove the extra rows");
    }
  }
  if (row_lines < layout.declared_words) {
    rows.truncated = true;
    faults.add(line_location(layout, status.size()),
               "the file ends after " + std::to_string(row_lines) +
                   " rows, but the header "
                   "declares " +
                   std::to_string(layout.declared_words) +
                   " words. The file is "
                   "probably truncated; download or export it again, or correct the header");
  }
}

}  // namespace

ParsedRows parse_text_body(std::string_view body, const BodyLayout& layout, FaultLog& faults) {
  if (layout.limit != 0) body = cut_after_rows(body, layout.limit);
  const std::vector<std::string_view> chunks = split_at_lines(body);
  std::vector<std::size_t> first_slot(chunks.size() + 1, 0);
  for (std::size_t c = 0; c < chunks.size(); ++c) {
    first_slot[c + 1] = first_slot[c] + count_lines(chunks[c]);
  }
  const std::size_t line_count = first_slot.back();

  ParsedRows rows;
  rows.words.resize(line_count);
  rows.values.resize(line_count * layout.dim);
  std::vector<LineStatus> status(line_count, LineStatus::kBlank);
  std::vector<std::vector<LineFault>> chunk_faults(chunks.size());
  const auto chunk_count = static_cast<std::ptrdiff_t>(chunks.size());
#pragma omp parallel for schedule(dynamic, 1)
  for (std::ptrdiff_t c = 0; c < chunk_count; ++c) {
    parse_chunk(chunks[c], first_slot[c], layout.dim, faults.lenient(), rows, status,
                chunk_faults[c]);
  }

  for (const auto& list : chunk_faults) {
    for (const LineFault& fault : list)
      faults.add(line_location(layout, fault.line_index), fault.detail);
  }
  for (const LineStatus s : status) {
    if (s != LineStatus::kBlank) ++rows.rows_read;
    if (s == LineStatus::kFault) ++rows.skipped_rows;
  }
  // With a limit at or below the header count, only a file that ends early is a fault.
  const bool all_declared_rows_read = layout.limit == 0 || layout.limit > layout.declared_words;
  if (layout.has_header && (all_declared_rows_read || rows.rows_read < layout.limit)) {
    check_row_count(layout, status, rows, faults);
  }
  compact_rows(rows, status, layout.dim);
  return rows;
}

}  // namespace w2v::vector_io_detail
