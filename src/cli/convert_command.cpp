// w2v convert: reads a vector file in any layout read_vectors() accepts and writes it as
// word2vec.c binary or text.

#include <spdlog/spdlog.h>

#include <cmath>
#include <memory>
#include <string>

#include "commands.h"
#include "w2v/atomic_file.h"
#include "w2v/errors.h"
#include "w2v/vector_io.h"

namespace w2v::cli {
namespace {

struct ConvertSettings {
  std::string input;
  std::string output;
  int binary = 0;
  bool normalize = false;
  std::size_t limit = 0;
  bool lenient = false;
  std::string invalid_utf8 = "keep";
};

// Scales each row to unit Euclidean length. Zero rows stay zero.
void normalize_rows(WordVectors& vectors) {
  for (std::size_t i = 0; i < vectors.size(); ++i) {
    const std::span<float> row = vectors.row(i);
    double sum = 0.0;
    for (const float value : row) sum += static_cast<double>(value) * value;
    if (sum == 0.0) continue;
    const double scale = 1.0 / std::sqrt(sum);
    for (float& value : row) value = static_cast<float>(value * scale);
  }
}

const char* format_name(VectorFormat format) {
  return format == VectorFormat::kBinary ? "binary" : "text";
}

int run_convert(const ConvertSettings& settings) {
  check_output_writable(settings.output, "OUTPUT");
  VectorReadOptions options;
  options.limit = settings.limit;
  options.lenient = settings.lenient;
  options.invalid_utf8 = settings.invalid_utf8 == "replace"  ? InvalidUtf8::kReplace
                         : settings.invalid_utf8 == "report" ? InvalidUtf8::kReport
                                                             : InvalidUtf8::kKeep;
  VectorReadReport report;
  WordVectors vectors = read_vectors(settings.input, options, &report);
  spdlog::info("read {} words of dimension {} from '{}' ({}{})", vectors.size(), vectors.dim,
               settings.input, format_name(report.format), report.has_header ? "" : ", no header");
  if (settings.normalize) normalize_rows(vectors);

  const VectorFormat format = settings.binary == 1 ? VectorFormat::kBinary : VectorFormat::kText;
  write_vectors(settings.output, vectors.words, vectors.view(), format);
  spdlog::info("wrote {} words to '{}' ({})", vectors.size(), settings.output, format_name(format));
  return 0;
}

}  // namespace

Command add_convert_command(CLI::App& parent) {
  CLI::App* app = parent.add_subcommand(
      "convert",
      "Convert a vector file (word2vec binary or text, fastText .vec, GloVe) to word2vec binary "
      "or text");
  auto settings = std::make_shared<ConvertSettings>();
  app->add_option("INPUT", settings->input, "Vector file to read; its layout is detected")
      ->required();
  app->add_option("OUTPUT", settings->output, "Vector file to write")->required();
  app->add_option("--binary", settings->binary, "Output layout: 1 for word2vec binary, 0 for text")
      ->required()
      ->check(CLI::IsMember({0, 1}));
  app->add_flag("--normalize", settings->normalize,
                "Scale each vector to unit length; zero vectors stay zero");
  app->add_option("--limit", settings->limit,
                  "Convert only the first N rows of INPUT; 0 converts all (default)")
      ->check(at_least(0));
  app->add_flag("--lenient", settings->lenient,
                "Load the sound rows and warn about the rest (malformed rows, a row count that "
                "disagrees with the header, a truncated end) instead of failing");
  app->add_option("--invalid-utf8", settings->invalid_utf8,
                  "Words that are not valid UTF-8: keep (default) keeps their bytes, report "
                  "keeps them and logs a count, replace substitutes U+FFFD for each invalid "
                  "byte sequence")
      ->check(CLI::IsMember({"keep", "report", "replace"}));
  return {app, [settings]() { return run_convert(*settings); }};
}

}  // namespace w2v::cli
