// End-to-end runs of the distance, analogy, accuracy and similarity subcommands.

#include <gtest/gtest.h>

#include <string>

#include "test_support.h"
#include "w2v/vector_io.h"

namespace {

using w2v::testing::run_w2v;
using w2v::testing::TempDir;
using w2v::testing::write_file;

// Same layout as the evaluation tests: woman - man + king points along (-1, 1, 1, 0), which
// "KING" matches exactly and "queen" nearly. "apple" is orthogonal to everything but "Man".
constexpr const char* kModel =
    "8 4\n"
    "man 1 0 0 0\n"
    "woman 0 1 0 0\n"
    "king 0 0 1 0\n"
    "queen -1 1 1 0.3\n"
    "prince 0 1 1 0\n"
    "Man 0 0 0 1\n"
    "KING -1 1 1 0\n"
    "apple 0 0 0 2\n";

class QueryCli : public ::testing::Test {
 protected:
  void SetUp() override { write_file(model_, kModel); }

  std::string model() const { return "'" + model_.string() + "'"; }

  TempDir dir_;
  std::filesystem::path model_ = dir_ / "model.txt";
};

TEST_F(QueryCli, DistanceOneShotExcludesQuery) {
  // "Man" itself (cosine 1) is left out. Equal cosines keep file order, so "man" is third.
  const auto result = run_w2v("distance " + model() + " Man -n 3");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "apple\t1.000000\nqueen\t0.170664\nman\t0.000000\n");
}

TEST_F(QueryCli, DistanceSumsQueryWords) {
  // man + woman points along (1, 1, 0, 0): "prince" has cosine 1/2, "queen" 0 after rounding.
  const auto result = run_w2v("distance " + model() + " 'man   woman' -n 1");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "prince\t0.500000\n");
}

TEST_F(QueryCli, DistanceUnknownWordFails) {
  const auto result = run_w2v("distance " + model() + " man unicorn");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find("'unicorn' is not in the vocabulary"), std::string::npos)
      << result.err;
}

TEST_F(QueryCli, DistanceInteractiveSession) {
  const std::string long_word(100000, 'x');
  const std::string long_line = "Man" + std::string(200000, ' ') + "\t";
  const std::string input = "Man\n\n   \n" + long_word + "\n" + long_line + "\nunicorn Man\n" +
                            "EXIT\nMan\n";
  const auto result = run_w2v("distance " + model() + " -n 1", input);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  // One block per non-blank query line; unknown words give an empty block; EXIT ends input.
  EXPECT_EQ(result.out, "apple\t1.000000\n\n\napple\t1.000000\n\n\n");
  EXPECT_NE(result.err.find("'unicorn' is not in the vocabulary"), std::string::npos);
  EXPECT_NE(result.err.find("(100000 bytes)"), std::string::npos);
  EXPECT_EQ(result.err.find("Enter words"), std::string::npos) << "prompt without a terminal";
}

TEST_F(QueryCli, DistanceEndsAtEndOfInput) {
  const auto result = run_w2v("distance " + model() + " -n 1", "Man");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "apple\t1.000000\n\n");
  EXPECT_EQ(run_w2v("distance " + model(), "").out, "");
}

TEST_F(QueryCli, AnalogyOneShot) {
  const auto result = run_w2v("analogy " + model() + " man woman king -n 3");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "KING\t1.000000\nqueen\t0.985329\nprince\t0.816497\n");
}

TEST_F(QueryCli, AnalogyCosMul) {
  // "KING" and "queen" have cosine -c with man and c with woman and king, so their 3CosMul
  // score is ((1 + c) / 2)^2 / ((1 - c) / 2 + 0.001), with c = 1 / sqrt(3) and 1 / sqrt(3.09).
  const auto result = run_w2v("analogy " + model() + " man woman king --method mul -n 2");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "KING\t2.929513\nqueen\t2.841459\n");
}

TEST_F(QueryCli, DistanceReadsBinaryModel) {
  w2v::WordVectors vectors;
  vectors.words = {"a", "b", "c"};
  vectors.dim = 2;
  vectors.values = {1, 0, 1, 1, 0, 1};
  const auto binary = dir_ / "model.bin";
  w2v::write_vectors(binary, vectors.words, vectors.view(), w2v::VectorFormat::kBinary);
  const auto result = run_w2v("distance '" + binary.string() + "' a");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "b\t0.707107\nc\t0.000000\n");
}

TEST_F(QueryCli, AnalogyInteractiveSession) {
  const auto result =
      run_w2v("analogy " + model() + " -n 1", "man woman king\nman woman\n  man  woman  x\n");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "KING\t1.000000\n\n\n\n");
  EXPECT_NE(result.err.find("expected three words"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("'x' is not in the vocabulary"), std::string::npos) << result.err;
}

TEST_F(QueryCli, AnalogyWrongWordCountIsUsageError) {
  const auto result = run_w2v("analogy " + model() + " man woman");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("three words"), std::string::npos) << result.err;
}

TEST_F(QueryCli, AccuracyTable) {
  const auto questions = dir_ / "questions.txt";
  write_file(questions,
             ": family\r\n"
             "man woman king queen\r\n"
             "man woman king prince\r\n"
             "man woman king unicorn\r\n"
             ": gram-royal\r\n"
             "Man Woman King Queen\r\n"
             "not a question\r\n");
  const auto result = run_w2v("accuracy " + model() + " '" + questions.string() + "'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const std::string file = questions.string();
  EXPECT_EQ(result.out,
            "file\tsection\tcorrect\tseen\ttotal\taccuracy\n" +
                file + "\tfamily\t1\t2\t3\t50.00\n" +
                file + "\tgram-royal\t1\t1\t1\t100.00\n" +
                file + "\tsemantic\t1\t2\t3\t50.00\n" +
                file + "\tsyntactic\t1\t1\t1\t100.00\n" +
                file + "\ttotal\t2\t3\t4\t66.67\n");
  EXPECT_NE(result.err.find("skipped 1 lines"), std::string::npos) << result.err;
}

TEST_F(QueryCli, AccuracyRestrictAndCaseSensitive) {
  const auto questions = dir_ / "questions.txt";
  write_file(questions, ": family\nman woman king queen\nMAN woman king queen\n");
  const auto result = run_w2v("accuracy " + model() + " '" + questions.string() +
                              "' --restrict 4 --case-sensitive --method mul");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\ttotal\t1\t1\t2\t100.00\n"), std::string::npos) << result.out;
}

TEST_F(QueryCli, SimilarityTable) {
  const auto pairs = dir_ / "pairs.tsv";
  write_file(pairs,
             "# word1\tword2\tscore\r\n"
             "man\twoman\t1\r\n"
             "king\t prince\t5\r\n"
             "king KING 8\r\n"
             "man\tunicorn\t3\r\n"
             "Man\tman\t9\r\n");
  const auto result = run_w2v("similarity " + model() + " '" + pairs.string() + "'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "file\tspearman\tpearson\tpairs\ttotal\n" + pairs.string() +
                            "\t0.948683298\t0.976873153\t4\t5\n");
  EXPECT_NE(result.err.find("skipped 1 of 5 pairs; unknown words: unicorn"), std::string::npos)
      << result.err;
}

TEST_F(QueryCli, MissingModelFails) {
  const auto result = run_w2v("distance '" + (dir_ / "missing.bin").string() + "' man");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("missing.bin"), std::string::npos) << result.err;
}

TEST_F(QueryCli, MissingQuestionFileFails) {
  const auto result = run_w2v("accuracy " + model() + " '" + (dir_ / "none.txt").string() + "'");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("none.txt"), std::string::npos) << result.err;
}

TEST_F(QueryCli, BadFlagsAreUsageErrors) {
  const char* commands[] = {
      "distance MODEL man --bogus",
      "distance MODEL man -n 0",
      "analogy MODEL man woman king --method sub",
      "accuracy MODEL",
      "similarity MODEL PAIRS --restrict -5",
      "accuracy MODEL QUESTIONS --restrict x",
  };
  for (std::string command : commands) {
    command.replace(command.find("MODEL"), 5, model());
    const auto result = run_w2v(command);
    EXPECT_EQ(result.exit_code, 2) << command;
    EXPECT_FALSE(result.err.empty()) << command;
  }
}

}  // namespace

namespace {

TEST_F(QueryCli, MissingEvaluationFilesNamed) {
  const std::string missing = "'" + (dir_ / "absent.txt").string() + "'";
  for (const std::string command : {"accuracy", "similarity"}) {
    const auto result = run_w2v(command + " " + model() + " " + missing);
    EXPECT_EQ(result.exit_code, 1) << command;
    EXPECT_NE(result.err.find("absent.txt"), std::string::npos) << command << ": " << result.err;
    EXPECT_NE(result.err.find("No such file or directory"), std::string::npos)
        << command << ": " << result.err;
  }
}

TEST_F(QueryCli, ArgumentsCheckedBeforeModelLoads) {
  // The model does not exist, so each error below can only come from a check made first.
  const std::string missing_model = "'" + (dir_ / "missing.bin").string() + "'";
  const std::string missing = "'" + (dir_ / "absent.txt").string() + "'";
  for (const std::string command : {"accuracy", "similarity"}) {
    const auto result = run_w2v(command + " " + missing_model + " " + missing);
    EXPECT_EQ(result.exit_code, 1) << command;
    EXPECT_NE(result.err.find("absent.txt"), std::string::npos) << command << ": " << result.err;
    EXPECT_EQ(result.err.find("missing.bin"), std::string::npos) << command << ": " << result.err;
  }
  const auto analogy = run_w2v("analogy " + missing_model + " man woman");
  EXPECT_EQ(analogy.exit_code, 2) << analogy.err;
  EXPECT_NE(analogy.err.find("three words"), std::string::npos) << analogy.err;
}

TEST_F(QueryCli, DamagedModelNamesConvertLenient) {
  // The header promises 8 rows, but the file ends after 3.
  const auto damaged = dir_ / "damaged.txt";
  write_file(damaged, "8 4\nman 1 0 0 0\nwoman 0 1 0 0\nking 0 0 1 0\n");
  for (const std::string command : {"distance", "analogy"}) {
    const std::string words = command == "distance" ? " man" : " man woman king";
    const auto result = run_w2v(command + " '" + damaged.string() + "'" + words);
    EXPECT_EQ(result.exit_code, 1) << command << ": " << result.err;
    EXPECT_NE(result.err.find("damaged.txt"), std::string::npos) << command << ": " << result.err;
    // Only convert accepts --lenient, so the advice names it.
    EXPECT_NE(result.err.find("w2v convert --lenient"), std::string::npos)
        << command << ": " << result.err;
  }
}

}  // namespace
