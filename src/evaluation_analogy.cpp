// Analogy questions: parsing word2vec's question format, answering and scoring them.

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "w2v/errors.h"
#include "w2v/evaluation.h"

namespace w2v {
namespace {

// Epsilon of 3CosMul's denominator, the value Levy & Goldberg (2014) use. gensim 4.2's
// most_similar_cosmul uses 1e-6 instead.
constexpr float kCosMulEpsilon = 0.001F;

// gensim 4.2 takes the five best candidates and answers with the first whose key is not a
// question word.
constexpr std::size_t kCandidateCount = 5;

// Questions answered per score_batch() call. A batch of 64 3CosMul questions at 30,000 rows
// needs 64 * 3 * 30,000 floats (23 MB) of scores.
constexpr std::size_t kQuestionBatch = 64;

// Candidate scores below which the answers of a batch are selected on one thread, because a
// thread team can cost milliseconds to start on a busy machine.
constexpr std::size_t kMinParallelSelection = std::size_t{1} << 20;

bool is_section_header(std::string_view line) {
  return line.starts_with(':') && (line.size() == 1 || line[1] == ' ' || line[1] == '\t');
}

std::string section_name(std::string_view header) {
  const auto words = split_words(header.substr(1));
  std::string name;
  for (const auto word : words) {
    if (!name.empty()) name += ' ';
    name += word;
  }
  return name;
}

// Writes the 3CosMul score of each row from its cosines with a, b and c.
void combine_cosmul(const float* cos_a, const float* cos_b, const float* cos_c, float* out,
                    std::size_t rows) {
  for (std::size_t row = 0; row < rows; ++row) {
    const float shifted_a = (1.0F + cos_a[row]) / 2.0F;
    const float shifted_b = (1.0F + cos_b[row]) / 2.0F;
    const float shifted_c = (1.0F + cos_c[row]) / 2.0F;
    out[row] = shifted_b * shifted_c / (shifted_a + kCosMulEpsilon);
  }
}

std::vector<float> offset_query(const SearchIndex& index, std::size_t a, std::size_t b,
                                std::size_t c) {
  std::vector<float> query(index.dim());
  const auto unit_a = index.unit_vector(a);
  const auto unit_b = index.unit_vector(b);
  const auto unit_c = index.unit_vector(c);
  for (std::size_t i = 0; i < query.size(); ++i) query[i] = unit_b[i] - unit_a[i] + unit_c[i];
  normalize(query);
  return query;
}

// A question whose four words are in the vocabulary.
struct ResolvedQuestion {
  std::size_t section = 0;
  std::array<std::size_t, 4> ids{};
  std::array<std::string, 4> keys;
};

// Returns whether the answer gensim 4.2 would give to `question` is its fourth word. `scores`
// contains the score of every vocabulary row as an answer.
bool answer_is_correct(const EvaluationVocabulary& vocabulary, const ResolvedQuestion& question,
                       std::span<const float> scores) {
  const std::array<std::size_t, 3> excluded = {question.ids[0], question.ids[1], question.ids[2]};
  const auto candidates = select_top(scores, kCandidateCount, excluded);
  if (candidates.empty()) return false;
  std::string predicted;
  for (const Neighbor& candidate : candidates) {
    predicted = vocabulary.key(vocabulary.index().word(candidate.id));
    const bool is_question_word = predicted == question.keys[0] ||
                                  predicted == question.keys[1] ||
                                  predicted == question.keys[2];
    if (!is_question_word) break;
  }
  return predicted == question.keys[3];
}

// Answers the questions of `batch` and returns 1 for each correct one.
std::vector<char> answer_batch(const EvaluationVocabulary& vocabulary,
                               std::span<const ResolvedQuestion> batch, AnalogyMethod method) {
  const SearchIndex& index = vocabulary.index();
  const std::size_t rows = vocabulary.limit();
  const std::size_t queries_per_question = method == AnalogyMethod::kAdd ? 1 : 3;
  const std::size_t query_count = batch.size() * queries_per_question;

  std::vector<float> queries(query_count * index.dim());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto& ids = batch[i].ids;
    float* destination = queries.data() + i * queries_per_question * index.dim();
    if (method == AnalogyMethod::kAdd) {
      const auto query = offset_query(index, ids[0], ids[1], ids[2]);
      std::copy(query.begin(), query.end(), destination);
      continue;
    }
    for (std::size_t word = 0; word < 3; ++word) {
      const auto unit = index.unit_vector(ids[word]);
      std::copy(unit.begin(), unit.end(), destination + word * index.dim());
    }
  }
  std::vector<float> scores(query_count * rows);
  index.score_batch(queries, query_count, scores, rows);

  std::vector<char> correct(batch.size(), 0);
  const auto batch_size = static_cast<std::ptrdiff_t>(batch.size());
#pragma omp parallel for schedule(dynamic) if (rows * batch.size() >= kMinParallelSelection)
  for (std::ptrdiff_t i = 0; i < batch_size; ++i) {
    const std::size_t question = static_cast<std::size_t>(i);
    const float* first_row = scores.data() + question * queries_per_question * rows;
    if (method == AnalogyMethod::kAdd) {
      correct[question] = answer_is_correct(vocabulary, batch[question], {first_row, rows});
      continue;
    }
    std::vector<float> combined(rows);
    combine_cosmul(first_row, first_row + rows, first_row + 2 * rows, combined.data(), rows);
    correct[question] = answer_is_correct(vocabulary, batch[question], combined);
  }
  return correct;
}

void add_to(AnalogyScore& sum, const AnalogyScore& part) {
  sum.correct += part.correct;
  sum.seen += part.seen;
  sum.total += part.total;
}

}  // namespace

AnalogyQuestionSet parse_analogy_questions(std::istream& in, const std::string& source) {
  AnalogyQuestionSet set;
  std::string line;
  std::size_t line_number = 0;
  while (read_data_line(in, line, line_number)) {
    if (is_section_header(line)) {
      set.sections.push_back({section_name(line), {}});
      continue;
    }
    const auto words = split_words(line);
    if (words.empty()) continue;
    if (set.sections.empty()) {
      throw InputError(source + ":" + std::to_string(line_number) +
                       ": question before the first section header. Expected a line such as "
                       "': capital-common-countries' before the questions; add one.");
    }
    if (words.size() != 4) {
      set.invalid_lines.push_back(line_number);
      continue;
    }
    AnalogyQuestion question;
    for (std::size_t i = 0; i < 4; ++i) question.words[i] = std::string(words[i]);
    question.line = line_number;
    set.sections.back().questions.push_back(std::move(question));
  }
  return set;
}

AnalogyQuestionSet read_analogy_questions(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw IoError("cannot open question file '" + path.string() + "': " + std::strerror(errno) +
                  ". Check the path.");
  }
  return parse_analogy_questions(in, path.string());
}

AnalogyReport evaluate_analogies(const EvaluationVocabulary& vocabulary,
                                 const AnalogyQuestionSet& questions, AnalogyMethod method) {
  AnalogyReport report;
  std::vector<ResolvedQuestion> resolved;
  for (std::size_t s = 0; s < questions.sections.size(); ++s) {
    const AnalogySection& section = questions.sections[s];
    report.sections.push_back({section.name});
    report.sections.back().total = section.questions.size();
    for (const AnalogyQuestion& question : section.questions) {
      ResolvedQuestion entry{s, {}, {}};
      bool known = true;
      for (std::size_t i = 0; i < 4 && known; ++i) {
        entry.keys[i] = vocabulary.key(question.words[i]);
        const auto id = vocabulary.find(entry.keys[i]);
        known = id.has_value();
        if (known) entry.ids[i] = *id;
      }
      if (known) resolved.push_back(std::move(entry));
    }
  }

  for (std::size_t first = 0; first < resolved.size(); first += kQuestionBatch) {
    const std::size_t count = std::min(kQuestionBatch, resolved.size() - first);
    const std::span<const ResolvedQuestion> batch(resolved.data() + first, count);
    const auto correct = answer_batch(vocabulary, batch, method);
    for (std::size_t i = 0; i < count; ++i) {
      AnalogyScore& score = report.sections[batch[i].section];
      ++score.seen;
      score.correct += correct[i] != 0 ? 1 : 0;
    }
  }

  for (const AnalogyScore& section : report.sections) {
    add_to(section.name.starts_with("gram") ? report.syntactic : report.semantic, section);
    add_to(report.total, section);
  }
  return report;
}

std::vector<Neighbor> solve_analogy(const SearchIndex& index, std::size_t a, std::size_t b,
                                    std::size_t c, std::size_t count, AnalogyMethod method,
                                    std::size_t limit) {
  const std::array<std::size_t, 3> excluded = {a, b, c};
  if (method == AnalogyMethod::kAdd) {
    return index.nearest(offset_query(index, a, b, c), count, excluded, limit);
  }
  const std::size_t rows = index.clamp_limit(limit);
  std::vector<float> queries;
  for (const std::size_t id : excluded) {
    const auto unit = index.unit_vector(id);
    queries.insert(queries.end(), unit.begin(), unit.end());
  }
  std::vector<float> cosines(3 * rows);
  index.score_batch(queries, 3, cosines, rows);
  std::vector<float> scores(rows);
  combine_cosmul(cosines.data(), cosines.data() + rows, cosines.data() + 2 * rows, scores.data(),
                 rows);
  return select_top(scores, count, excluded);
}

}  // namespace w2v
