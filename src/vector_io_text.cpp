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

// Cuts the body after the line that contains row number `limit` (blank lines do not count).
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

// Calls `visit(line)` for each line of `text`, without its '\n', until `visit` returns false.
template <typename Visitor>
void for_each_line(std::string_view text, Visitor visit) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t newline = text.find('\n', pos);
    if (newline == std::string_view::npos) newline = text.size();
    if (!visit(text.substr(pos, newline - pos))) return;
    pos = newline + 1;
  }
}

// A piece of the body that starts at a line start, parsed by one task.
struct Chunk {
  std::string_view text;
  std::size_t first_line = 0;  // 0-based body line of its first line
  std::size_t line_count = 0;
  std::size_t first_slot = 0;    // first row slot in ParsedRows reserved for this chunk
  std::size_t slot_count = 0;    // lines long enough to contain a valid row
  std::size_t rows_written = 0;  // valid rows, stored from first_slot on
  std::vector<LineFault> faults;
};

std::vector<Chunk> split_at_lines(std::string_view body) {
  std::size_t pieces = 1;
  if (body.size() >= kParallelMinBytes) {
    pieces = static_cast<std::size_t>(omp_get_max_threads()) * 4;
  }
  std::vector<Chunk> chunks;
  std::size_t begin = 0;
  for (std::size_t i = 1; i <= pieces && begin < body.size(); ++i) {
    std::size_t end = body.size();
    if (i < pieces) {
      end = std::max(begin, body.size() / pieces * i);
      const std::size_t newline = body.find('\n', end);
      end = newline == std::string_view::npos ? body.size() : newline + 1;
    }
    chunks.push_back({});
    chunks.back().text = body.substr(begin, end - begin);
    begin = end;
  }
  return chunks;
}

// A valid row has a word of at least one byte, then `dim` separators and `dim` digits.
std::size_t min_row_bytes(std::size_t dim) { return 1 + 2 * dim; }

// Counts the lines of `chunk` and those long enough for a valid row. Only those get a row slot,
// so memory for values is bounded by the file size even when the header's dimension is huge.
void count_chunk(Chunk& chunk, std::size_t dim) {
  for_each_line(chunk.text, [&](std::string_view line) {
    ++chunk.line_count;
    if (line.size() >= min_row_bytes(dim)) ++chunk.slot_count;
    return true;
  });
}

// Describes a non-blank line too short to contain `dim` values.
std::string short_line_detail(std::string_view line, std::size_t dim) {
  const std::size_t word_start = skip_spaces(line, 0);
  const std::size_t word_end = token_end(line, word_start);
  return "expected " + std::to_string(dim) + " values after the word '" +
         quote_word(line.substr(word_start, word_end - word_start)) + "', found " +
         std::to_string(count_tokens(line, word_end));
}

// Parses the lines of `chunk`, storing valid rows from its first slot on. Stops at the first
// fault unless lenient.
void parse_chunk(Chunk& chunk, std::size_t dim, bool lenient, ParsedRows& rows,
                 std::vector<LineStatus>& status) {
  std::size_t line_index = chunk.first_line;
  std::string detail;
  for_each_line(chunk.text, [&](std::string_view line) {
    const std::size_t slot = chunk.first_slot + chunk.rows_written;
    LineStatus& line_status = status[line_index];
    if (line.size() >= min_row_bytes(dim)) {
      float* values = rows.values.data() + slot * dim;
      line_status = parse_line(line, dim, rows.words[slot], values, detail);
    } else if (skip_spaces(line, 0) == line.size()) {
      line_status = LineStatus::kBlank;
    } else {
      line_status = LineStatus::kFault;
      detail = short_line_detail(line, dim);
    }
    if (line_status == LineStatus::kRow) ++chunk.rows_written;
    if (line_status == LineStatus::kFault) chunk.faults.push_back({line_index, detail});
    ++line_index;
    return lenient || line_status != LineStatus::kFault;
  });
}

// Moves the valid rows of all chunks together, in file order, and drops the unused slots.
void compact_rows(ParsedRows& rows, const std::vector<Chunk>& chunks, std::size_t dim) {
  std::size_t kept_rows = 0;
  for (const Chunk& chunk : chunks) {
    if (kept_rows != chunk.first_slot) {
      for (std::size_t i = 0; i < chunk.rows_written; ++i) {
        rows.words[kept_rows + i] = std::move(rows.words[chunk.first_slot + i]);
      }
      float* values = rows.values.data();
      std::memmove(values + kept_rows * dim, values + chunk.first_slot * dim,
                   chunk.rows_written * dim * sizeof(float));
    }
    kept_rows += chunk.rows_written;
  }
  rows.words.resize(kept_rows);
  rows.values.resize(kept_rows * dim);
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
               "the file ends after " + std::to_string(row_lines) + " rows, but the header " +
                   "declares " + std::to_string(layout.declared_words) + " words. The file is " +
                   "probably truncated; download or export it again, or correct the header");
  }
}

}  // namespace

ParsedRows parse_text_body(std::string_view body, const BodyLayout& layout, FaultLog& faults) {
  if (layout.limit != 0) body = cut_after_rows(body, layout.limit);
  std::vector<Chunk> chunks = split_at_lines(body);
  const auto chunk_count = static_cast<std::ptrdiff_t>(chunks.size());
#pragma omp parallel for schedule(dynamic, 1) if (chunk_count > 1)
  for (std::ptrdiff_t c = 0; c < chunk_count; ++c) count_chunk(chunks[c], layout.dim);

  std::size_t line_count = 0;
  std::size_t slot_count = 0;
  for (Chunk& chunk : chunks) {
    chunk.first_line = line_count;
    chunk.first_slot = slot_count;
    line_count += chunk.line_count;
    slot_count += chunk.slot_count;
  }
  ParsedRows rows;
  rows.words.resize(slot_count);
  rows.values.resize(slot_count * layout.dim);
  std::vector<LineStatus> status(line_count, LineStatus::kBlank);
#pragma omp parallel for schedule(dynamic, 1) if (chunk_count > 1)
  for (std::ptrdiff_t c = 0; c < chunk_count; ++c) {
    parse_chunk(chunks[c], layout.dim, faults.lenient(), rows, status);
  }

  // Chunks are in file order, so in strict mode the first fault added is the earliest one.
  for (const Chunk& chunk : chunks) {
    for (const LineFault& fault : chunk.faults) {
      faults.add(line_location(layout, fault.line_index), fault.detail);
    }
  }
  for (const LineStatus line_status : status) {
    if (line_status != LineStatus::kBlank) ++rows.rows_read;
    if (line_status == LineStatus::kFault) ++rows.skipped_rows;
  }
  // With a limit at or below the header count, only a file that ends early is a fault.
  const bool all_declared_rows_read = layout.limit == 0 || layout.limit > layout.declared_words;
  if (layout.has_header && (all_declared_rows_read || rows.rows_read < layout.limit)) {
    check_row_count(layout, status, rows, faults);
  }
  compact_rows(rows, chunks, layout.dim);
  return rows;
}

}  // namespace w2v::vector_io_detail
