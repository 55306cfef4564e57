// `w2v accuracy`: scores analogy question sets, like word2vec.c's compute-accuracy tool.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <map>
#include <string>
#include <vector>

#include "commands.h"
#include "interactive.h"
#include "w2v/evaluation.h"

namespace w2v::cli {
namespace {

struct AccuracyOptions {
  std::string model;
  std::vector<std::string> question_files;
  std::size_t restrict = 30000;
  AnalogyMethod method = AnalogyMethod::kAdd;
  bool case_sensitive = false;
};

void print_score(const std::string& file, const AnalogyScore& score) {
  if (score.seen == 0) {
    fmt::print("{}\t{}\t{}\t{}\t{}\tnan\n", file, score.name, score.correct, score.seen,
               score.total);
    return;
  }
  fmt::print("{}\t{}\t{}\t{}\t{}\t{:.2f}\n", file, score.name, score.correct, score.seen,
             score.total, 100.0 * score.accuracy());
}

void warn_invalid_lines(const std::string& file, std::span<const std::size_t> lines) {
  if (lines.empty()) return;
  std::string listed;
  for (std::size_t i = 0; i < lines.size() && i < 10; ++i) {
    listed += (i == 0 ? "" : ", ") + std::to_string(lines[i]);
  }
  if (lines.size() > 10) listed += ", ...";
  spdlog::warn("{}: skipped {} lines that are neither a ': section' header nor four words "
               "(lines {})",
               file, lines.size(), listed);
}

int run_accuracy(const AccuracyOptions& options) {
  // Question files are small, so reading them first reports a missing or malformed one before a
  // large model is loaded.
  std::vector<AnalogyQuestionSet> question_sets;
  for (const std::string& file : options.question_files) {
    question_sets.push_back(read_analogy_questions(file));
  }

  // Rows past --restrict can neither be looked up nor be an answer, so they are not loaded.
  const SearchIndex index = load_index(options.model, options.restrict);
  const EvaluationVocabulary vocabulary(index, options.restrict, !options.case_sensitive);
  fmt::print("file\tsection\tcorrect\tseen\ttotal\taccuracy\n");
  for (std::size_t i = 0; i < question_sets.size(); ++i) {
    const std::string& file = options.question_files[i];
    const AnalogyQuestionSet& questions = question_sets[i];
    warn_invalid_lines(file, questions.invalid_lines);
    const auto report = evaluate_analogies(vocabulary, questions, options.method);
    for (const AnalogyScore& section : report.sections) print_score(file, section);
    print_score(file, report.semantic);
    print_score(file, report.syntactic);
    print_score(file, report.total);
    spdlog::info("{}: {} of {} questions seen, accuracy {:.2f}%", file, report.total.seen,
                 report.total.total, 100.0 * report.total.accuracy());
  }
  return 0;
}

}  // namespace

Command add_accuracy_command(CLI::App& parent) {
  auto options = std::make_shared<AccuracyOptions>();
  CLI::App* app = parent.add_subcommand(
      "accuracy",
      "Score analogy question files (': section' headers, then 'a b c d' lines) as "
      "compute-accuracy does: the answer to each question is the word nearest by cosine to "
      "b - a + c (unit vectors) other than a, b and c. Questions with a word outside the "
      "vocabulary are skipped. Like gensim's evaluate_word_analogies, a candidate equal to a, b "
      "or c after case folding is passed over. Prints a tab-separated table to stdout: one row "
      "per section, then semantic (sections not starting with 'gram'), syntactic and total; "
      "accuracy is correct / seen in percent, and seen / total is the share of questions "
      "answered.");
  app->add_option("MODEL", options->model, "Vector file (word2vec binary or text)")->required();
  app->add_option("QUESTIONS", options->question_files, "Analogy question files")->required();
  app->add_option("--restrict", options->restrict,
                  "Use only the first N words of the model (the most frequent); 0 uses all")
      ->check(at_least(0))
      ->capture_default_str();
  const std::map<std::string, AnalogyMethod> methods = {{"add", AnalogyMethod::kAdd},
                                                        {"mul", AnalogyMethod::kMul}};
  app->add_option("--method", options->method,
                  "Scoring: add (3CosAdd) or mul (3CosMul of Levy and Goldberg 2014, cosines "
                  "shifted to [0, 1], epsilon 0.001)")
      ->transform(CLI::CheckedTransformer(methods, CLI::ignore_case))
      ->default_str("add");
  app->add_flag("--case-sensitive", options->case_sensitive,
                "Match words exactly. By default words are upper-cased (ASCII letters) on both "
                "sides and the most frequent of the model words that fold together is used");
  return {app, [options]() { return run_accuracy(*options); }};
}

}  // namespace w2v::cli
