#include "candor/candidate.hpp"
#include "candor/error.hpp"
#include "catch.hpp"

using namespace candor;

TEST_CASE("loader rejects a missing id naming the field", "[core]") {
  CHECK_THROWS_WITH(parse_candidate(nlohmann::json::object(), "c.json", "."),
                    Catch::Contains("c.json: /id: required field is missing"));
}
