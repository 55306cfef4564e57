#include "w2v/search.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

using w2v::Neighbor;
using w2v::SearchIndex;
using w2v::WordVectors;

// Five 2-d words: "east" and "north" are axes, the rest lie between or opposite.
WordVectors compass() {
  WordVectors vectors;
  vectors.words = {"east", "north", "northeast", "west", "nearly_east"};
  vectors.dim = 2;
  vectors.values = {2.0F, 0.0F, 0.0F, 3.0F, 1.0F, 1.0F, -5.0F, 0.0F, 10.0F, 1.0F};
  return vectors;
}

TEST(SearchIndex, RowsHaveUnitLength) {
  const SearchIndex index(compass());
  for (std::size_t id = 0; id < index.size(); ++id) {
    const auto row = index.unit_vector(id);
    EXPECT_NEAR(row[0] * row[0] + row[1] * row[1], 1.0F, 1e-6F) << index.word(id);
  }
  EXPECT_FLOAT_EQ(index.unit_vector(2)[0], std::sqrt(0.5F));
}

TEST(SearchIndex, ZeroVectorStaysZero) {
  WordVectors vectors = compass();
  vectors.words.push_back("zero");
  vectors.values.insert(vectors.values.end(), {0.0F, 0.0F});
  const SearchIndex index(std::move(vectors));
  const std::vector<float> query = {1.0F, 0.0F};
  std::vector<float> scores(index.size());
  index.score(query, scores);
  EXPECT_EQ(scores[5], 0.0F);
  EXPECT_FALSE(std::isnan(scores[5]));
}

TEST(SearchIndex, FindIsExactAndFirstWins) {
  WordVectors vectors = compass();
  vectors.words.push_back("east");
  vectors.values.insert(vectors.values.end(), {0.0F, 1.0F});
  const SearchIndex index(std::move(vectors));
  EXPECT_EQ(index.find("east"), 0U);
  EXPECT_EQ(index.find("west"), 3U);
  EXPECT_FALSE(index.find("East").has_value());
  EXPECT_FALSE(index.find("").has_value());
  EXPECT_FALSE(index.find(std::string(10000, 'e')).has_value());
}

TEST(SearchIndex, NearestOrdersByCosine) {
  const SearchIndex index(compass());
  const std::vector<float> query = {1.0F, 0.0F};
  const auto result = index.nearest(query, 3);
  ASSERT_EQ(result.size(), 3U);
  EXPECT_EQ(index.word(result[0].id), "east");
  EXPECT_FLOAT_EQ(result[0].similarity, 1.0F);
  EXPECT_EQ(index.word(result[1].id), "nearly_east");
  EXPECT_NEAR(result[1].similarity, 10.0 / std::sqrt(101.0), 1e-6);
  EXPECT_EQ(index.word(result[2].id), "northeast");
}

TEST(SearchIndex, NearestSkipsExcludedIds) {
  const SearchIndex index(compass());
  const std::vector<float> query = {1.0F, 0.0F};
  const std::vector<std::size_t> excluded = {0, 4};
  const auto result = index.nearest(query, 10, excluded);
  ASSERT_EQ(result.size(), 3U);
  EXPECT_EQ(index.word(result[0].id), "northeast");
  EXPECT_EQ(index.word(result[1].id), "north");
  EXPECT_EQ(index.word(result[2].id), "west");
  EXPECT_FLOAT_EQ(result[2].similarity, -1.0F);
}

TEST(SearchIndex, NearestHonoursRowLimit) {
  const SearchIndex index(compass());
  const std::vector<float> query = {1.0F, 0.1F};
  const auto result = index.nearest(query, 10, {}, 2);
  ASSERT_EQ(result.size(), 2U);
  EXPECT_EQ(index.word(result[0].id), "east");
  EXPECT_EQ(index.word(result[1].id), "north");
}

TEST(SelectTop, TiesPreferLowerId) {
  const std::vector<float> scores = {0.5F, 0.9F, 0.5F, 0.9F, 0.1F};
  const auto result = w2v::select_top(scores, 3);
  ASSERT_EQ(result.size(), 3U);
  EXPECT_EQ(result[0].id, 1U);
  EXPECT_EQ(result[1].id, 3U);
  EXPECT_EQ(result[2].id, 0U);
}

TEST(SelectTop, SkipsNanAndHandlesZeroCount) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> scores = {nan, 0.2F, nan, -0.3F};
  const auto result = w2v::select_top(scores, 5);
  ASSERT_EQ(result.size(), 2U);
  EXPECT_EQ(result[0].id, 1U);
  EXPECT_EQ(result[1].id, 3U);
  EXPECT_TRUE(w2v::select_top(scores, 0).empty());
  EXPECT_TRUE(w2v::select_top({}, 3).empty());
}

// Compares the one-pass selection with a full sort on random scores.
TEST(SelectTop, MatchesFullSort) {
  std::mt19937 generator(7);
  std::uniform_real_distribution<float> uniform(-1.0F, 1.0F);
  std::vector<float> scores(5000);
  for (float& score : scores) score = uniform(generator);
  const std::vector<std::size_t> excluded = {17, 4000, 123};

  std::vector<Neighbor> expected;
  for (std::size_t id = 0; id < scores.size(); ++id) {
    if (id != 17 && id != 4000 && id != 123) expected.push_back({id, scores[id]});
  }
  std::sort(expected.begin(), expected.end(), [](const Neighbor& a, const Neighbor& b) {
    return a.similarity > b.similarity;
  });

  const auto result = w2v::select_top(scores, 40, excluded);
  ASSERT_EQ(result.size(), 40U);
  for (std::size_t rank = 0; rank < result.size(); ++rank) {
    EXPECT_EQ(result[rank].id, expected[rank].id) << "rank " << rank;
  }
}

TEST(SearchIndex, BatchScoresMatchSingleScores) {
  std::mt19937 generator(11);
  std::normal_distribution<float> normal;
  WordVectors vectors;
  vectors.dim = 7;
  for (int i = 0; i < 300; ++i) vectors.words.push_back("w" + std::to_string(i));
  vectors.values.resize(vectors.words.size() * vectors.dim);
  for (float& value : vectors.values) value = normal(generator);
  const SearchIndex index(std::move(vectors));

  const std::size_t query_count = 3;
  const std::size_t limit = 250;
  std::vector<float> queries(query_count * index.dim());
  for (float& value : queries) value = normal(generator);
  std::vector<float> batch(query_count * limit);
  index.score_batch(queries, query_count, batch, limit);

  for (std::size_t query = 0; query < query_count; ++query) {
    std::vector<float> single(limit);
    index.score({queries.data() + query * index.dim(), index.dim()}, single, limit);
    for (std::size_t row = 0; row < limit; ++row) {
      ASSERT_FLOAT_EQ(batch[query * limit + row], single[row]) << query << "," << row;
    }
  }
}

// nearest() screens rows in bfloat16 before scoring in float32; the result must still equal a
// full float32 pass, including near-ties (rows that differ by less than bfloat16 resolution)
// and exact ties (duplicated rows, which must come out in id order).
TEST(SearchIndex, ScreenedNearestEqualsFullScore) {
  std::mt19937 generator(5);
  std::normal_distribution<float> normal;
  WordVectors vectors;
  vectors.dim = 50;
  const std::size_t base_rows = 3000;
  vectors.values.resize(base_rows * vectors.dim);
  for (float& value : vectors.values) value = normal(generator);
  for (std::size_t copy = 0; copy < 200; ++copy) {
    const std::size_t source = copy * 7;
    for (std::size_t i = 0; i < vectors.dim; ++i) {
      const float value = vectors.values[source * vectors.dim + i];
      vectors.values.push_back(copy % 2 == 0 ? value : value * (1.0F + 1e-4F * normal(generator)));
    }
  }
  for (std::size_t id = 0; id * vectors.dim < vectors.values.size(); ++id) {
    vectors.words.push_back("w" + std::to_string(id));
  }
  const SearchIndex index(std::move(vectors));

  for (std::size_t query_id = 0; query_id < 60; ++query_id) {
    const auto unit = index.unit_vector(query_id * 7);
    std::vector<float> query(unit.begin(), unit.end());
    query[query_id % query.size()] += 0.3F;
    const std::vector<std::size_t> excluded = {query_id * 7};
    for (const std::size_t limit : {std::size_t{0}, std::size_t{1500}}) {
      std::vector<float> unit_query = query;
      w2v::normalize(unit_query);
      std::vector<float> scores(index.clamp_limit(limit));
      index.score(unit_query, scores, limit);
      const auto expected = w2v::select_top(scores, 40, excluded);
      const auto result = index.nearest(query, 40, excluded, limit);
      ASSERT_EQ(result.size(), expected.size());
      for (std::size_t rank = 0; rank < result.size(); ++rank) {
        EXPECT_EQ(result[rank].id, expected[rank].id) << "query " << query_id << " rank " << rank;
        EXPECT_EQ(result[rank].similarity, expected[rank].similarity);
      }
    }
  }
}

TEST(SearchIndex, NearestWithFewRowsLeft) {
  const SearchIndex index(compass());
  const std::vector<float> query = {0.0F, 1.0F};
  const std::vector<std::size_t> excluded = {1, 2};
  const auto result = index.nearest(query, 40, excluded);
  ASSERT_EQ(result.size(), 3U);
  EXPECT_EQ(index.word(result[0].id), "nearly_east");
  EXPECT_EQ(index.word(result[1].id), "east");
  EXPECT_EQ(index.word(result[2].id), "west");
}

TEST(UnitSum, NormalizesSumOfUnitVectors) {
  const SearchIndex index(compass());
  const std::vector<std::size_t> ids = {0, 1};
  const auto sum = w2v::unit_sum(index, ids);
  ASSERT_EQ(sum.size(), 2U);
  EXPECT_FLOAT_EQ(sum[0], std::sqrt(0.5F));
  EXPECT_FLOAT_EQ(sum[1], std::sqrt(0.5F));
}

}  // namespace
