// The Screener as every front end sets it up: the samples screened on the embedded policy, and
// a policy it must refuse.
#include "candor/app/screener.hpp"
#include "candor/error.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor;

namespace {

std::string error_of(const app::ScreenerOptions& options) {
  try {
    app::Screener screener(options);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a Screener on an empty data directory screens a sample and stores it", "[app]") {
  test::TempDir data;
  app::ScreenerOptions options;
  options.data_dir = data.path().string();
  app::Screener screener(options);
  REQUIRE(screener.store());
  CHECK(screener.policy().source == "embedded");
  const auto candidate =
      load_candidate_file(test::source_dir() / "samples" / "honest-us" / "candidate.json");
  const Verdict v = screener.make_worker()->screen(candidate);
  CHECK(v.candidate == candidate.id);
  CHECK(v.plugins.size() == screener.pipeline().order().size());
  CHECK(screener.store()->candidate(candidate.id));
  CHECK(screener.factory(screener.all_factories().front()->name()));
  CHECK_FALSE(screener.factory("nosuch"));
}

TEST_CASE("no_store opens no store and disable leaves a plugin out", "[app]") {
  test::TempDir data;
  app::ScreenerOptions options;
  options.data_dir = data.path().string();
  options.no_store = true;
  const std::string first = app::Screener(options).pipeline().order().front();
  options.disable = {first};
  app::Screener screener(options);
  CHECK_FALSE(screener.store());
  CHECK_FALSE(std::filesystem::exists(data / "candor.db"));
  const auto order = screener.pipeline().order();
  CHECK(std::find(order.begin(), order.end(), first) == order.end());
}

TEST_CASE("a policy naming an unknown plugin, signal or disabled plugin is refused", "[app]") {
  test::TempDir data;
  app::ScreenerOptions options;
  options.data_dir = data.path().string();
  options.no_store = true;
  options.policy = (data / "p.json").string();
  test::write_text(options.policy, R"({"plugins": {"nosuch": {}}})");
  CHECK(error_of(options) == options.policy + ": plugins.nosuch: unknown plugin");
  test::write_text(options.policy, R"({"signal_llr": {"nosuch.signal": 1.0}})");
  CHECK(error_of(options) == options.policy + ": signal_llr.nosuch.signal: unknown signal");
  test::write_text(options.policy, "{}");
  options.disable = {"nosuch"};
  CHECK(error_of(options) == "--disable: nosuch: unknown plugin");
}
