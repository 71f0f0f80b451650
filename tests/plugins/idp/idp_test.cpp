// The idp plugin through the real pipeline on candidates with an `idp` section.
#include <algorithm>

#include "candor/pipeline.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

namespace candor::plugins::idp {
std::shared_ptr<PluginFactory> make_factory();
}

using namespace candor;

namespace {

Verdict screen(const nlohmann::json& logins) {
  auto factory = plugins::idp::make_factory();
  factory->configure(nlohmann::json::object(), PluginSetup{DataDir("/nonexistent"), nullptr, "t"});
  Pipeline pipeline(default_policy(), {factory}, nullptr);
  const nlohmann::json c = {{"id", "c1"}, {"name", "Test Person"}, {"idp", {{"logins", logins}}}};
  return pipeline.make_worker()->screen(parse_candidate(c, "test.json", "/"));
}

nlohmann::json login(const std::string& at, double lat, double lon, bool proxy = false,
                     const std::string& device = "d1") {
  return {{"at", at},         {"ip", "198.51.100.1"}, {"country", "X"},       {"latitude", lat},
          {"longitude", lon}, {"proxy", proxy},       {"device_hash", device}};
}

std::vector<std::string> ids(const Verdict& v) {
  std::vector<std::string> out;
  for (const auto& s : v.signals) out.push_back(s.signal.id);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("Chicago then Seoul 20 minutes later is impossible travel", "[idp]") {
  const auto v = screen(
      {login("2026-10-06T14:00:00Z", 41.88, -87.63), login("2026-10-06T14:20:00Z", 37.57, 126.98)});
  REQUIRE(ids(v) == std::vector<std::string>{"idp.impossible_travel"});
  CHECK(v.signals[0].signal.evidence["worst"]["minutes"] == 20);
  CHECK(v.band == Band::review);
}

TEST_CASE("the same trip over a day, or through a proxy, is not", "[idp]") {
  CHECK(screen({login("2026-10-06T00:00:00Z", 41.88, -87.63),
                login("2026-10-07T04:00:00Z", 37.57, 126.98)})
            .signals.empty());
  CHECK(screen({login("2026-10-06T14:00:00Z", 41.88, -87.63),
                login("2026-10-06T14:20:00Z", 37.57, 126.98, true)})
            .signals.empty());
}

TEST_CASE("most sign-ins through anonymizers, and devices churning late", "[idp]") {
  CHECK(ids(screen({login("2026-10-06T14:00:00Z", 41.88, -87.63, true),
                    login("2026-10-07T14:00:00Z", 41.88, -87.63, true),
                    login("2026-10-08T14:00:00Z", 41.88, -87.63)})) ==
        std::vector<std::string>{"idp.proxy_share"});
  CHECK(ids(screen({login("2026-09-01T14:00:00Z", 41.88, -87.63, false, "a"),
                    login("2026-10-07T14:00:00Z", 41.88, -87.63, false, "b"),
                    login("2026-10-08T14:00:00Z", 41.88, -87.63, false, "c")})) ==
        std::vector<std::string>{"idp.device_churn"});
  CHECK(screen({login("2026-09-01T14:00:00Z", 41.88, -87.63, false, "a"),
                login("2026-09-03T14:00:00Z", 41.88, -87.63, false, "b"),
                login("2026-10-08T14:00:00Z", 41.88, -87.63, false, "a")})
            .signals.empty());
}
