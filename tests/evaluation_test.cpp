#include "w2v/evaluation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"
#include "w2v/errors.h"

namespace {

using w2v::AnalogyMethod;
using w2v::EvaluationVocabulary;
using w2v::SearchIndex;
using w2v::WordVectors;

// Rows in frequency order. For "man woman king ?" the offset woman - man + king points along
// (-1, 1, 1, 0): "KING" matches it exactly, "queen" nearly (cosine 0.985), "prince" less
// (0.816). "Man" is a rarer case variant of "man" with an unrelated vector.
WordVectors royals() {
  WordVectors vectors;
  vectors.words = {"man", "woman", "king", "queen", "prince", "Man", "KING"};
  vectors.dim = 4;
  vectors.values = {
      1, 0, 0, 0,     // man
      0, 1, 0, 0,     // woman
      0, 0, 1, 0,     // king
      -1, 1, 1, 0.3F, // queen
      0, 1, 1, 0,     // prince
      0, 0, 0, 1,     // Man
      -1, 1, 1, 0,    // KING
  };
  return vectors;
}

w2v::AnalogyQuestionSet parse_questions(const std::string& text) {
  std::istringstream in(text);
  return w2v::parse_analogy_questions(in, "questions.txt");
}

w2v::AnalogyQuestionSet one_question(const std::string& line) {
  return parse_questions(": family\n" + line + "\n");
}

w2v::AnalogyReport score(const std::string& question, std::size_t limit, bool case_insensitive,
                         AnalogyMethod method = AnalogyMethod::kAdd) {
  static const SearchIndex index(royals());
  const EvaluationVocabulary vocabulary(index, limit, case_insensitive);
  return w2v::evaluate_analogies(vocabulary, one_question(question), method);
}

TEST(FoldCase, UpperCasesAsciiOnly) {
  EXPECT_EQ(w2v::fold_case("Athens-é"), "ATHENS-é");
  EXPECT_EQ(w2v::fold_case("北京"), "北京");
}

TEST(EvaluationVocabulary, MostFrequentVariantWins) {
  const SearchIndex index(royals());
  const EvaluationVocabulary folded(index, 0, true);
  EXPECT_EQ(folded.find(folded.key("Man")), 0U);
  EXPECT_EQ(folded.find(folded.key("king")), 2U);
  const EvaluationVocabulary exact(index, 0, false);
  EXPECT_EQ(exact.find(exact.key("Man")), 5U);
  EXPECT_FALSE(exact.find(exact.key("MAN")).has_value());
}

TEST(EvaluationVocabulary, LimitCutsRows) {
  const SearchIndex index(royals());
  const EvaluationVocabulary vocabulary(index, 3, false);
  EXPECT_EQ(vocabulary.limit(), 3U);
  EXPECT_TRUE(vocabulary.find("king").has_value());
  EXPECT_FALSE(vocabulary.find("queen").has_value());
  EXPECT_EQ(EvaluationVocabulary(index, 1000, false).limit(), index.size());
}

TEST(Accuracy, SkipsCaseVariantOfQuestionWord) {
  // Case-insensitive: "KING" folds to the key of c, so the next candidate, "queen", is the answer.
  const auto folded = score("man woman king queen", 0, true);
  EXPECT_EQ(folded.total.correct, 1U);
  EXPECT_EQ(folded.total.seen, 1U);
  // Case-sensitive: "KING" is a different word and wins.
  const auto exact = score("man woman king queen", 0, false);
  EXPECT_EQ(exact.total.correct, 0U);
  EXPECT_EQ(exact.total.seen, 1U);
}

TEST(Accuracy, FoldedQuestionUsesFrequentVariant) {
  // Folded, "Man" means row 0; exact, it means row 5 and the offset points to "prince".
  EXPECT_EQ(score("Man Woman King Queen", 0, true).total.correct, 1U);
  const auto exact = score("Man woman king queen", 0, false);
  EXPECT_EQ(exact.total.seen, 1U);
  EXPECT_EQ(exact.total.correct, 0U);
  EXPECT_EQ(score("MAN woman king queen", 0, false).total.seen, 0U);
}

TEST(Accuracy, RestrictSkipsRareWords) {
  const auto without_queen = score("man woman king queen", 3, false);
  EXPECT_EQ(without_queen.total.seen, 0U);
  EXPECT_EQ(without_queen.total.total, 1U);
  // With four rows "KING" is no candidate, so even the exact match finds "queen".
  const auto four_rows = score("man woman king queen", 4, false);
  EXPECT_EQ(four_rows.total.seen, 1U);
  EXPECT_EQ(four_rows.total.correct, 1U);
}

TEST(Accuracy, ExcludesQuestionWords) {
  // b - a + c with a == c is b itself, which must not be the answer.
  const auto report = score("king woman king woman", 0, false);
  EXPECT_EQ(report.total.seen, 1U);
  EXPECT_EQ(report.total.correct, 0U);
}

TEST(Accuracy, SectionTotals) {
  const SearchIndex index(royals());
  const EvaluationVocabulary vocabulary(index, 0, true);
  const auto questions = parse_questions(
      ": family\n"
      "man woman king queen\n"
      "man woman king prince\n"
      "man woman king unicorn\n"
      ": gram-royal\n"
      "Man Woman King Queen\n"
      "a b c\n");
  ASSERT_EQ(questions.invalid_lines, std::vector<std::size_t>{7});
  const auto report = w2v::evaluate_analogies(vocabulary, questions, AnalogyMethod::kAdd);

  ASSERT_EQ(report.sections.size(), 2U);
  EXPECT_EQ(report.sections[0].name, "family");
  EXPECT_EQ(report.sections[0].correct, 1U);
  EXPECT_EQ(report.sections[0].seen, 2U);
  EXPECT_EQ(report.sections[0].total, 3U);
  EXPECT_EQ(report.sections[1].name, "gram-royal");
  EXPECT_EQ(report.sections[1].correct, 1U);
  EXPECT_EQ(report.sections[1].seen, 1U);
  EXPECT_EQ(report.sections[1].total, 1U);
  EXPECT_EQ(report.semantic.correct, 1U);
  EXPECT_EQ(report.semantic.seen, 2U);
  EXPECT_EQ(report.syntactic.correct, 1U);
  EXPECT_EQ(report.syntactic.seen, 1U);
  EXPECT_EQ(report.total.correct, 2U);
  EXPECT_EQ(report.total.seen, 3U);
  EXPECT_EQ(report.total.total, 4U);
  EXPECT_DOUBLE_EQ(report.total.accuracy(), 2.0 / 3.0);
}

TEST(Accuracy, CosMulAnswersCleanQuestion) {
  EXPECT_EQ(score("man woman king queen", 0, true, AnalogyMethod::kMul).total.correct, 1U);
  EXPECT_EQ(score("man woman king queen", 4, false, AnalogyMethod::kMul).total.correct, 1U);
}

TEST(SolveAnalogy, CosMulScoreFormula) {
  const SearchIndex index(royals());
  const auto result = w2v::solve_analogy(index, 0, 1, 2, 10, AnalogyMethod::kMul, 4);
  ASSERT_EQ(result.size(), 1U);
  EXPECT_EQ(index.word(result[0].id), "queen");
  // queen's cosines: -1 / |queen| with man, 1 / |queen| with woman and king.
  const double length = std::sqrt(3.09);
  const double shifted_a = (1.0 - 1.0 / length) / 2.0;
  const double shifted_b = (1.0 + 1.0 / length) / 2.0;
  EXPECT_NEAR(result[0].similarity, shifted_b * shifted_b / (shifted_a + 0.001), 1e-5);
}

TEST(SolveAnalogy, AddOrdersAndExcludes) {
  const SearchIndex index(royals());
  const auto result = w2v::solve_analogy(index, 0, 1, 2, 3, AnalogyMethod::kAdd);
  ASSERT_EQ(result.size(), 3U);
  EXPECT_EQ(index.word(result[0].id), "KING");
  EXPECT_NEAR(result[0].similarity, 1.0, 1e-6);
  EXPECT_EQ(index.word(result[1].id), "queen");
  EXPECT_NEAR(result[1].similarity, 3.0 / std::sqrt(3.0 * 3.09), 1e-6);
  EXPECT_EQ(index.word(result[2].id), "prince");
}

TEST(AnalogyQuestions, ToleratesCrlfBomAndSpaces) {
  const auto questions = parse_questions(
      "\xEF\xBB\xBF: capital-common-countries\r\n"
      "Athens  Greece\tBaghdad Iraq\r\n"
      "\r\n"
      ":   gram1-adjective-to-adverb \r\n"
      "  amazing amazingly apparent apparently  \r\n");
  ASSERT_EQ(questions.sections.size(), 2U);
  EXPECT_EQ(questions.sections[0].name, "capital-common-countries");
  ASSERT_EQ(questions.sections[0].questions.size(), 1U);
  EXPECT_EQ(questions.sections[0].questions[0].words[3], "Iraq");
  EXPECT_EQ(questions.sections[0].questions[0].line, 2U);
  EXPECT_EQ(questions.sections[1].name, "gram1-adjective-to-adverb");
  EXPECT_EQ(questions.sections[1].questions[0].words[0], "amazing");
  EXPECT_TRUE(questions.invalid_lines.empty());
}

TEST(AnalogyQuestions, QuestionBeforeHeaderIsError) {
  try {
    parse_questions("\nman woman king queen\n: family\n");
    FAIL() << "expected InputError";
  } catch (const w2v::InputError& error) {
    EXPECT_NE(std::string(error.what()).find("questions.txt:2"), std::string::npos)
        << error.what();
  }
}

TEST(AnalogyQuestions, SharedCa8Original) {
  const auto path = w2v::testing::shared_data_dir() / "eval/original/CA8-semantic.txt";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared data not found: " << path;
  const auto questions = w2v::read_analogy_questions(path);
  ASSERT_EQ(questions.sections.size(), 4U);
  EXPECT_EQ(questions.sections[0].name, "geography");
  std::size_t count = 0;
  for (const auto& section : questions.sections) count += section.questions.size();
  EXPECT_EQ(count, 7636U);
  EXPECT_TRUE(questions.invalid_lines.empty());
}

TEST(Correlation, AverageRanksShareTies) {
  const std::vector<double> values = {10, 20, 20, 30, 5};
  const std::vector<double> expected = {2, 3.5, 3.5, 5, 1};
  EXPECT_EQ(w2v::average_ranks(values), expected);
}

TEST(Correlation, HandComputedWithTies) {
  const std::vector<double> x = {1, 2, 3, 4, 5};
  const std::vector<double> y = {5, 6, 7, 8, 7};
  // Ranks of y are 1 2 3.5 5 3.5, so Spearman = 8 / sqrt(10 * 9.5).
  EXPECT_NEAR(w2v::spearman_correlation(x, y), 8.0 / std::sqrt(95.0), 1e-12);
  EXPECT_NEAR(w2v::pearson_correlation(x, y), 6.0 / std::sqrt(52.0), 1e-12);
}

TEST(Correlation, UndefinedIsNan) {
  const std::vector<double> constant = {2, 2, 2};
  const std::vector<double> rising = {1, 2, 3};
  EXPECT_TRUE(std::isnan(w2v::pearson_correlation(constant, rising)));
  EXPECT_TRUE(std::isnan(w2v::spearman_correlation(constant, rising)));
  EXPECT_TRUE(std::isnan(w2v::pearson_correlation(std::vector<double>{1}, std::vector<double>{1})));
}

w2v::WordPairSet parse_pairs(const std::string& text) {
  std::istringstream in(text);
  return w2v::parse_word_pairs(in, "pairs.tsv");
}

TEST(WordPairs, ParsesMessyLines) {
  const auto set = parse_pairs(
      "\xEF\xBB\xBF# Word 1\tWord 2\tHuman (mean)\r\n"
      "love\tsex\t6.77\r\n"
      "钱\t 现金 \t4.58\n"
      "tiger   cat  7.35\n"
      "\n"
      "   \n"
      "  # indented comment\n"
      "money\tcash\t9.15\n"
      "money\tcash\t9.08\n"
      "word1\tword2\tscore\n"
      "only two\n"
      "a\tb\t1\textra\n"
      "x\t\t3\n"
      "a b +2.5e0\n");
  ASSERT_EQ(set.pairs.size(), 6U);
  EXPECT_EQ(set.pairs[0].first, "love");
  EXPECT_EQ(set.pairs[0].score, 6.77);
  EXPECT_EQ(set.pairs[0].line, 2U);
  EXPECT_EQ(set.pairs[1].first, "钱");
  EXPECT_EQ(set.pairs[1].second, "现金");
  EXPECT_EQ(set.pairs[2].second, "cat");
  EXPECT_EQ(set.pairs[3].score, 9.15);
  EXPECT_EQ(set.pairs[4].score, 9.08);
  EXPECT_EQ(set.pairs[5].score, 2.5);
  EXPECT_EQ(set.invalid_lines, (std::vector<std::size_t>{10, 11, 12, 13}));
}

TEST(WordPairs, NoPairsIsError) {
  EXPECT_THROW(parse_pairs("# only a comment\n\n"), w2v::InputError);
  EXPECT_THROW(parse_pairs(""), w2v::InputError);
}

struct SharedPairFile {
  const char* path;
  std::size_t pairs;
};

TEST(WordPairs, SharedOriginals) {
  const SharedPairFile files[] = {
      {"eval/original/EN-WS-353-ALL.txt", 353},   {"eval/original/EN-VERB-143.txt", 144},
      {"eval/original/gensim-wordsim353.tsv", 353}, {"eval/original/gensim-simlex999.txt", 999},
      {"eval/original/zh-wordsim-297.txt", 297},
  };
  const auto root = w2v::testing::shared_data_dir();
  if (!std::filesystem::exists(root / files[0].path)) GTEST_SKIP() << "shared data not found";
  for (const auto& file : files) {
    const auto set = w2v::read_word_pairs(root / file.path);
    EXPECT_EQ(set.pairs.size(), file.pairs) << file.path;
    EXPECT_TRUE(set.invalid_lines.empty()) << file.path;
    for (const auto& pair : set.pairs) {
      EXPECT_EQ(pair.first.find_first_of(" \t\r"), std::string::npos) << file.path;
      EXPECT_EQ(pair.second.find_first_of(" \t\r"), std::string::npos) << file.path;
    }
  }
  // The stray-space original must give the same pairs as its cleaned copy.
  const auto messy = w2v::read_word_pairs(root / "eval/original/zh-wordsim-297.txt");
  const auto clean = w2v::read_word_pairs(root / "eval/similarity/zh-wordsim297.tsv");
  ASSERT_EQ(messy.pairs.size(), clean.pairs.size());
  for (std::size_t i = 0; i < clean.pairs.size(); ++i) {
    EXPECT_EQ(messy.pairs[i].first, clean.pairs[i].first);
    EXPECT_EQ(messy.pairs[i].second, clean.pairs[i].second);
    EXPECT_EQ(messy.pairs[i].score, clean.pairs[i].score);
  }
}

TEST(WordPairs, EvaluateKeepsDuplicatesAndListsUnknown) {
  const SearchIndex index(royals());
  const auto set = parse_pairs(
      "man\twoman\t1\n"
      "king\tprince\t5\n"
      "king\tKING\t8\n"
      "man\tunicorn\t3\n"
      "Man\tman\t9\n"
      "unicorn\tpegasus\t2\n");
  const auto folded = w2v::evaluate_word_pairs(EvaluationVocabulary(index, 0, true), set.pairs);
  EXPECT_EQ(folded.used, 4U);
  EXPECT_EQ(folded.total, 6U);
  EXPECT_EQ(folded.unknown_words, (std::vector<std::string>{"unicorn", "pegasus"}));
  // Cosines 0, 1/sqrt(2), 1, 1 against 1, 5, 8, 9 (values from scipy 1.10).
  EXPECT_NEAR(folded.spearman, 0.9486832980505139, 1e-9);
  EXPECT_NEAR(folded.pearson, 0.9768731510577924, 1e-7);

  // Exact case: "KING" is its own row and "Man" is orthogonal to "man".
  const auto exact = w2v::evaluate_word_pairs(EvaluationVocabulary(index, 0, false), set.pairs);
  EXPECT_EQ(exact.used, 4U);
  const std::vector<double> human = {1, 5, 8, 9};
  const std::vector<double> model = {0, 1 / std::sqrt(2.0), 1 / std::sqrt(3.0), 0};
  EXPECT_NEAR(exact.spearman, w2v::spearman_correlation(human, model), 1e-9);

  // With three rows "prince" is unknown, but folded "KING" and "Man" still find rows 2 and 0.
  const auto restricted = w2v::evaluate_word_pairs(EvaluationVocabulary(index, 3, true), set.pairs);
  EXPECT_EQ(restricted.used, 3U);
  EXPECT_EQ(restricted.unknown_words, (std::vector<std::string>{"prince", "unicorn", "pegasus"}));
}

}  // namespace
