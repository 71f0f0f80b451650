// Signal tables: signals made from a spec, policy overrides by id and by id:level, and the
// check that names an override matching no signal.
#include "candor/signal_spec.hpp"
#include "candor/combiner.hpp"
#include "candor/error.hpp"
#include "catch.hpp"

using namespace candor;

namespace {

const std::vector<SignalSpec> kTable = {
    {"demo.reuse", "demo.identity", {{"exact", 3.0}, {"near", 1.5}}, false, "reused something"},
    {"demo.listed", "", {{"", 9.0}}, true, "on a list"},
};

}  // namespace

TEST_CASE("a signal made from its spec carries the level's LLR, scaled", "[core]") {
  const Signal near = find_spec(kTable, "demo.reuse").make_at("near", "near copy", {{"n", 1}}, 0.5);
  CHECK(near.id == "demo.reuse");
  CHECK(near.level == "near");
  CHECK(near.llr == Approx(0.75));
  CHECK(near.group == "demo.identity");
  CHECK(near.evidence["n"] == 1);
  const Signal listed = find_spec(kTable, "demo.listed").make("listed");
  CHECK(listed.hard);
  CHECK(listed.llr == 9.0);
  CHECK_THROWS_AS(find_spec(kTable, "demo.reuse").make("x"), std::logic_error);
  CHECK_THROWS_AS(find_spec(kTable, "demo.reuse").make_at("far", "x"), std::logic_error);
}

TEST_CASE("signal_llr overrides one level by id:level and every level by id", "[core]") {
  Policy policy;
  policy.signal_llr["demo.reuse:near"] = 1.0;
  Verdict v;
  const SignalSpec& reuse = find_spec(kTable, "demo.reuse");
  Combiner(policy).combine(
      std::vector<Signal>{reuse.make_at("near", "n", {}, 0.5), reuse.make_at("exact", "e")}, v);
  double near = 0, exact = 0;
  for (const auto& s : v.signals) (s.signal.level == "near" ? near : exact) = s.signal.llr;
  CHECK(near == Approx(0.5));  // the override, scaled as the plugin scaled the default
  CHECK(exact == Approx(3.0));
  policy.signal_llr["demo.reuse"] = 2.0;
  Combiner(policy).combine(std::vector<Signal>{reuse.make_at("exact", "e")}, v);
  CHECK(v.signals[0].signal.llr == Approx(2.0));
}

TEST_CASE("an override naming no signal or no level is a ConfigError naming the key", "[core]") {
  const std::map<std::string, std::vector<SignalSpec>> tables = {{"demo", kTable}};
  Policy policy;
  policy.source = "p.json";
  policy.signal_llr["demo.reuse:near"] = 1.0;
  policy.signal_llr["demo.listed"] = 1.0;
  CHECK_NOTHROW(check_signal_overrides(policy, tables));
  auto message = [&](const std::string& key) {
    Policy bad = policy;
    bad.signal_llr[key] = 1.0;
    try {
      check_signal_overrides(bad, tables);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("demo.reuse_typo") == "p.json: signal_llr.demo.reuse_typo: unknown signal");
  CHECK(message("nosuch.reuse") == "p.json: signal_llr.nosuch.reuse: unknown signal");
  CHECK(message("demo.reuse:far") ==
        "p.json: signal_llr.demo.reuse:far: unknown level of demo.reuse");
}
