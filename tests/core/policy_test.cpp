#include "candor/policy.hpp"
#include "candor/data_dir.hpp"
#include "candor/error.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor;
using candor::test::TempDir;
using candor::test::write_text;

TEST_CASE("the compiled-in policy is models/policy.json", "[core]") {
  const auto file = candor::test::source_dir() / "models/policy.json";
  CHECK(std::string(embedded_policy_text()) == read_file(file));
  const Policy from_file = load_policy(file);
  const Policy& embedded = default_policy();
  CHECK(from_file.prior == embedded.prior);
  CHECK(from_file.bands.review == embedded.bands.review);
  CHECK(from_file.bands.high == embedded.bands.high);
  CHECK(from_file.bands.critical == embedded.bands.critical);
  CHECK(from_file.group_caps == embedded.group_caps);
  CHECK(from_file.default_group_cap == embedded.default_group_cap);
  CHECK(from_file.signal_llr == embedded.signal_llr);
  CHECK(from_file.plugins == embedded.plugins);
}

TEST_CASE("policy files override defaults and reject unknown keys by name", "[core]") {
  TempDir dir;
  write_text(dir / "p.json",
             R"({"prior": 0.01, "bands": {"review": 0.2}, "group_caps": {"x": 1}})");
  const Policy p = load_policy(dir / "p.json");
  CHECK(p.prior == 0.01);
  CHECK(p.bands.review == 0.2);
  CHECK(p.bands.high == default_policy().bands.high);
  CHECK(p.group_caps.at("x") == 1.0);
  CHECK(p.source == (dir / "p.json").string());

  const auto path = (dir / "bad.json").string();
  auto error_of = [&](const char* text) {
    write_text(path, text);
    try {
      load_policy(path);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of(R"({"priors": 0.1})") == path + ": priors: unknown key");
  CHECK(error_of(R"({"bands": {"severe": 0.3}})") ==
        path + ": bands.severe: unknown key (expected review, high, critical)");
  CHECK(error_of(R"({"prior": 2})") == path + ": prior: expected a probability in (0, 1)");
  CHECK(error_of(R"({"bands": {"review": 0.6}})") ==
        path + ": bands: thresholds must rise: review < high < critical");
  CHECK(error_of(R"({"signal_llr": {"vpn": 1}})") ==
        path + ": signal_llr.vpn: expected a signal id plugin.name");
  CHECK(error_of(R"({"plugins": {"geoip": 3}})") == path + ": plugins.geoip: expected an object");
  CHECK(error_of("{").find("malformed JSON") != std::string::npos);
  CHECK_THROWS_AS(load_policy(dir / "none.json"), ConfigError);
}
