// read_vectors(): maps the file, reads the header, detects the layout and cleans up the rows.

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "vector_io_internal.h"
#include "w2v/errors.h"
#include "w2v/vector_io.h"

namespace w2v {
namespace detail = vector_io_detail;
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

/// Whole content of a file: memory-mapped for regular files, read into memory otherwise.
class FileBytes {
 public:
  explicit FileBytes(const std::filesystem::path& path);
  ~FileBytes();
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  std::string_view bytes() const { return bytes_; }

 private:
  void read_stream(int fd, const std::filesystem::path& path);

  void* map_ = nullptr;
  std::size_t map_size_ = 0;
  std::string buffer_;
  std::string_view bytes_;
};

[[noreturn]] void throw_io(const std::filesystem::path& path, const std::string& action) {
  throw IoError("cannot " + action + " '" + path.string() + "': " + std::strerror(errno) +
                ". Check the path and its permissions.");
}

FileBytes::FileBytes(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_io(path, "open");
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    ::close(fd);
    throw_io(path, "read");
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(fd);
    throw IoError("cannot read '" + path.string() + "': it is a directory. Give a vector file.");
  }
  if (S_ISREG(info.st_mode) && info.st_size > 0) {
    map_size_ = static_cast<std::size_t>(info.st_size);
    map_ = ::mmap(nullptr, map_size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (map_ == MAP_FAILED) {
      map_ = nullptr;
      ::close(fd);
      throw_io(path, "map");
    }
    ::madvise(map_, map_size_, MADV_WILLNEED);
    bytes_ = std::string_view(static_cast<const char*>(map_), map_size_);
  } else {
    read_stream(fd, path);
  }
  ::close(fd);
}

void FileBytes::read_stream(int fd, const std::filesystem::path& path) {
  char chunk[1 << 16];
  while (true) {
    const ssize_t got = ::read(fd, chunk, sizeof(chunk));
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      throw_io(path, "read");
    }
    buffer_.append(chunk, static_cast<std::size_t>(got));
  }
  bytes_ = buffer_;
}

FileBytes::~FileBytes() {
  if (map_ != nullptr) ::munmap(map_, map_size_);
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\v\f") == std::string_view::npos;
}

std::string_view first_line(std::string_view data) {
  return data.substr(0, std::min(data.find('\n'), data.size()));
}

struct Header {
  std::size_t words = 0;
  std::size_t dim = 0;
};

// Parses "COUNT DIM" (two unsigned decimal integers). Returns nothing if the line has another
// shape, and throws if the integers do not fit in 64 bits.
std::optional<Header> parse_header(std::string_view line, detail::FaultLog& faults) {
  std::vector<std::string_view> tokens;
  std::size_t pos = 0;
  while (tokens.size() <= 2) {
    pos = line.find_first_not_of(" \t\r", pos);
    if (pos == std::string_view::npos) break;
    const std::size_t end = std::min(line.find_first_of(" \t\r", pos), line.size());
    tokens.push_back(line.substr(pos, end - pos));
    pos = end;
  }
  if (tokens.size() != 2) return std::nullopt;
  for (const std::string_view token : tokens) {
    if (token.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  }
  Header header;
  const auto words = std::from_chars(tokens[0].begin(), tokens[0].end(), header.words);
  const auto dim = std::from_chars(tokens[1].begin(), tokens[1].end(), header.dim);
  if (words.ec != std::errc() || dim.ec != std::errc()) {
    throw InputError(faults.message("line 1", "the header '" + detail::quote_word(line) +
                                                  "' has numbers too large for any file. The "
                                                  "header is damaged; write 'WORDS DIM'"));
  }
  return header;
}

// Rejects header sizes that the file cannot hold, before anything is allocated from them.
void check_header_sizes(const Header& header, std::size_t file_size, detail::FaultLog& faults) {
  std::string problem;
  if (header.dim == 0) {
    problem = "declares dimension 0, expected at least 1";
  } else if (header.words != 0 && header.dim > file_size / 2) {
    problem = "declares dimension " + std::to_string(header.dim) + ", but the file has only " +
              std::to_string(file_size) + " bytes, too few for one row";
  } else if (header.words > file_size / 2) {
    problem = "declares " + std::to_string(header.words) + " words, but the file has only " +
              std::to_string(file_size) + " bytes, too few for that many rows";
  }
  if (problem.empty()) return;
  throw InputError(
      faults.message("line 1", "the header " + problem +
                                   ". The header is damaged or this is not a "
                                   "vector file; write 'WORDS DIM' in the first line"));
}

bool is_number_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || std::strchr("+-.eEnaifNAIFtyTY \t\r", c) != nullptr;
}

// Decides binary or text from the first row after a header. A text row continues after its
// word with decimal numbers up to '\n'. Binary float32 bytes almost never do, because their
// exponent bytes are not digits or letters of "nan" and "inf".
VectorFormat detect_format(std::string_view body) {
  std::size_t pos = body.find_first_not_of(" \t\r\n");
  if (pos == std::string_view::npos) return VectorFormat::kText;
  pos = body.find_first_of(" \t\n", pos);
  if (pos == std::string_view::npos || body[pos] == '\n') return VectorFormat::kText;
  bool saw_digit = false;
  for (++pos; pos < body.size() && body[pos] != '\n'; ++pos) {
    const auto c = static_cast<unsigned char>(body[pos]);
    if (!is_number_byte(c)) return VectorFormat::kBinary;
    saw_digit = saw_digit || (c >= '0' && c <= '9');
  }
  return saw_digit ? VectorFormat::kText : VectorFormat::kBinary;
}

// Dimension of headerless text (GloVe): the number of fields in the first row, minus the word.
std::size_t headerless_dim(std::string_view data, detail::FaultLog& faults) {
  std::size_t line = 1;
  std::size_t pos = 0;
  while (is_blank(first_line(data.substr(pos)))) {
    pos = data.find('\n', pos) + 1;
    ++line;
  }
  const std::string_view row = first_line(data.substr(pos));
  std::size_t fields = 0;
  for (std::size_t at = row.find_first_not_of(" \t\r"); at != std::string_view::npos;
       at = row.find_first_not_of(" \t\r", at)) {
    at = std::min(row.find_first_of(" \t\r", at), row.size());
    ++fields;
  }
  if (fields < 2) {
    throw InputError(
        faults.message("line " + std::to_string(line),
                       "expected a header 'WORDS DIM' or a row 'word v1 ... vd', found '" +
                           detail::quote_word(row) + "'. This is not a word vector file"));
  }
  return fields - 1;
}

struct Detected {
  detail::BodyLayout layout;
  VectorFormat format = VectorFormat::kText;
  std::string_view body;
};

Detected detect_layout(std::string_view data, std::size_t limit, detail::FaultLog& faults) {
  const std::size_t bom = data.starts_with(kUtf8Bom) ? kUtf8Bom.size() : 0;
  data.remove_prefix(bom);
  if (is_blank(data)) {
    throw InputError(faults.message("line 1",
                                    "the file is empty, expected a header 'WORDS DIM' "
                                    "or rows 'word v1 ... vd'. Check the path"));
  }
  Detected detected;
  detected.layout.limit = limit;
  const std::string_view line = first_line(data);
  const std::optional<Header> header = parse_header(line, faults);
  if (!header) {
    detected.layout.dim = headerless_dim(data, faults);
    detected.body = data;
    return detected;
  }
  check_header_sizes(*header, data.size(), faults);
  const std::size_t body_start = std::min(data.size(), line.size() + 1);
  detected.body = data.substr(body_start);
  detected.format = detect_format(detected.body);
  detected.layout.dim = header->dim;
  detected.layout.has_header = true;
  detected.layout.declared_words = header->words;
  detected.layout.first_line = 2;
  detected.layout.body_offset = bom + body_start;
  return detected;
}

}  // namespace

WordVectors read_vectors(const std::filesystem::path& path, const VectorReadOptions& options,
                         VectorReadReport* report) {
  const FileBytes file(path);
  detail::FaultLog faults(path.string(), options.lenient);
  const Detected detected = detect_layout(file.bytes(), options.limit, faults);
  detail::ParsedRows rows = detected.format == VectorFormat::kBinary
                                ? detail::parse_binary_body(detected.body, detected.layout, faults)
                                : detail::parse_text_body(detected.body, detected.layout, faults);

  VectorReadReport summary;
  summary.format = detected.format;
  summary.has_header = detected.layout.has_header;
  summary.declared_words = detected.layout.declared_words;
  summary.rows_read = rows.rows_read;
  summary.skipped_rows = rows.skipped_rows;
  summary.truncated = rows.truncated;
  summary.problems = faults.kept_messages();
  summary.invalid_utf8_words = detail::apply_utf8_policy(rows.words, options.invalid_utf8);
  summary.duplicate_words = detail::remove_duplicates(rows, detected.layout.dim);
  detail::log_summary(path, options, summary, faults.count());

  WordVectors vectors;
  vectors.dim = detected.layout.dim;
  vectors.words = std::move(rows.words);
  vectors.values = std::move(rows.values);
  if (report != nullptr) *report = std::move(summary);
  return vectors;
}

}  // namespace w2v
