// The pipeline's own behaviour, with small in-test plugins: ordering by declared needs, failure
// isolation, skips, timing and recording in a real SQLite store.
#include "candor/pipeline.hpp"
#include "candor/error.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor;

namespace {

class LambdaPlugin : public Plugin {
 public:
  explicit LambdaPlugin(std::function<PluginOutcome(RunContext&)> body) : body_(std::move(body)) {}
  PluginOutcome run(RunContext& context) override { return body_(context); }

 private:
  std::function<PluginOutcome(RunContext&)> body_;
};

using Facts = std::vector<std::string_view>;

class LambdaFactory : public PluginFactory {
 public:
  LambdaFactory(std::string name, Facts needs, Facts provides,
                std::function<PluginOutcome(RunContext&)> body, Facts uses = {})
      : name_(std::move(name)),
        needs_(std::move(needs)),
        provides_(std::move(provides)),
        uses_(std::move(uses)),
        body_(std::move(body)) {}
  std::string name() const override { return name_; }
  std::string description() const override { return "test plugin"; }
  std::vector<SignalSpec> signals() const override { return {}; }
  Facts needs() const override { return needs_; }
  Facts uses() const override { return uses_; }
  Facts provides() const override { return provides_; }
  void configure(const nlohmann::json&, const PluginSetup&) override {}
  std::unique_ptr<Plugin> make() const override { return std::make_unique<LambdaPlugin>(body_); }

 private:
  std::string name_;
  Facts needs_, provides_, uses_;
  std::function<PluginOutcome(RunContext&)> body_;
};

constexpr Fact<double> kFactA{"fact.a"};

Candidate candidate(const std::string& id) {
  return parse_candidate({{"id", id}, {"name", "N " + id}}, "t.json", ".");
}

}  // namespace

TEST_CASE("pipeline orders plugins by declared needs", "[core]") {
  std::vector<std::shared_ptr<PluginFactory>> factories = {
      std::make_shared<LambdaFactory>("reader", Facts{"fact.a"}, Facts{},
                                      [](RunContext& c) {
                                        const double* fact = c.fact(kFactA);
                                        PluginOutcome out;
                                        if (fact)
                                          out.signals.push_back({"reader.saw", "saw", *fact});
                                        return out;
                                      }),
      std::make_shared<LambdaFactory>("writer", Facts{}, Facts{"fact.a"}, [](RunContext& c) {
        c.provide(kFactA, 1.5);
        return PluginOutcome{};
      })};
  Pipeline pipeline(default_policy(), factories, nullptr);
  CHECK(pipeline.order() == std::vector<std::string>{"writer", "reader"});
  const Verdict v = pipeline.make_worker()->screen(candidate("c1"));
  REQUIRE(v.signals.size() == 1);
  CHECK(v.signals[0].contribution == 1.5);
}

TEST_CASE("pipeline rejects plugins whose needs form a cycle", "[core]") {
  auto body = [](RunContext&) { return PluginOutcome{}; };
  std::vector<std::shared_ptr<PluginFactory>> factories = {
      std::make_shared<LambdaFactory>("a", Facts{"x"}, Facts{"y"}, body),
      std::make_shared<LambdaFactory>("b", Facts{"y"}, Facts{"x"}, body)};
  CHECK_THROWS_AS(Pipeline(default_policy(), factories, nullptr), ConfigError);
}

TEST_CASE("a need no plugin provides is a ConfigError, a use without provider is not", "[core]") {
  auto body = [](RunContext& c) {
    PluginOutcome out;
    if (!c.fact(kFactA)) out.skipped = "no fact.a";
    return out;
  };
  const std::vector<std::shared_ptr<PluginFactory>> needing = {
      std::make_shared<LambdaFactory>("reader", Facts{"fact.a"}, Facts{}, body)};
  try {
    Pipeline pipeline(default_policy(), needing, nullptr);
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).find("needs fact.a, which no enabled plugin provides") !=
          std::string::npos);
  }
  const std::vector<std::shared_ptr<PluginFactory>> using_only = {
      std::make_shared<LambdaFactory>("reader", Facts{}, Facts{}, body, Facts{"fact.a"})};
  Pipeline pipeline(default_policy(), using_only, nullptr);
  const Verdict v = pipeline.make_worker()->screen(candidate("c1"));
  CHECK(v.plugins[0].reason == "no fact.a");
}

TEST_CASE("a plugin that throws is an error on the verdict and the rest still run", "[core]") {
  std::vector<std::shared_ptr<PluginFactory>> factories = {
      std::make_shared<LambdaFactory>(
          "broken", Facts{}, Facts{},
          [](RunContext&) -> PluginOutcome { throw DataError("model.dat", "truncated"); }),
      std::make_shared<LambdaFactory>("idle", Facts{}, Facts{},
                                      [](RunContext&) { return PluginOutcome::skip("no photos"); }),
      std::make_shared<LambdaFactory>("fine", Facts{}, Facts{}, [](RunContext&) {
        PluginOutcome out;
        out.signals.push_back({"fine.flag", "flag", 4.0});
        return out;
      })};
  Pipeline pipeline(default_policy(), factories, nullptr);
  const Verdict v = pipeline.make_worker()->screen(candidate("c1"));
  REQUIRE(v.plugins.size() == 3);
  CHECK(v.plugins[0].status == "error");
  CHECK(v.plugins[0].reason == "model.dat: truncated");
  CHECK(v.plugins[1].status == "skipped");
  CHECK(v.plugins[1].reason == "no photos");
  CHECK(v.plugins[2].status == "ok");
  CHECK(v.plugins[2].ms >= 0.0);
  REQUIRE(v.signals.size() == 1);
  CHECK(v.signals[0].signal.id == "fine.flag");
  const auto json = to_json(v);
  CHECK(json["schema"] == "candor.verdict/v1");
  CHECK(json["plugins"][0]["status"] == "error");
}

TEST_CASE("a value the loader left out makes the verdict incomplete and at least review",
          "[core]") {
  std::vector<std::shared_ptr<PluginFactory>> factories = {std::make_shared<LambdaFactory>(
      "idle", Facts{}, Facts{}, [](RunContext&) { return PluginOutcome::skip("nothing"); })};
  Pipeline pipeline(default_policy(), factories, nullptr);
  const Candidate bad =
      parse_candidate({{"id", "c"}, {"sessions", {{{"ip", "1.2.3.4 "}}}}}, "t.json", ".");
  const Verdict v = pipeline.make_worker()->screen(bad);
  CHECK(v.incomplete);
  CHECK(v.band == Band::review);
  CHECK(v.incomplete_reasons ==
        std::vector<std::string>{
            "screening incomplete: /sessions/0/ip: not an IP address (left out)"});
  Policy ignore = default_policy();
  ignore.review_on_plugin_error = false;
  Pipeline lenient(ignore, factories, nullptr);
  const Verdict w = lenient.make_worker()->screen(bad);
  CHECK(w.incomplete);
  CHECK(w.band == Band::clear);
  CHECK(pipeline.make_worker()->screen(candidate("fine")).incomplete == false);
}

TEST_CASE("screening records the candidate and re-screening replaces its items", "[core]") {
  candor::test::TempDir dir;
  auto store = open_sqlite_store(dir / "s.db");
  int seen_before = -1;
  std::vector<std::shared_ptr<PluginFactory>> factories = {
      std::make_shared<LambdaFactory>("mem", Facts{}, Facts{}, [&](RunContext& c) {
        seen_before = static_cast<int>(c.store()->find("mem.email", "same@x.com").size());
        c.remember("mem.email", "same@x.com");
        return PluginOutcome{};
      })};
  Pipeline pipeline(default_policy(), factories, store.get());
  auto worker = pipeline.make_worker();
  worker->screen(candidate("c1"));
  CHECK(seen_before == 0);
  worker->screen(candidate("c1"));
  CHECK(seen_before == 1);  // its own earlier record: plugins skip their own id
  worker->screen(candidate("c2"));
  CHECK(store->find("mem.email", "same@x.com").size() == 2);
  CHECK(store->candidate_count() == 2);
  CHECK(store->candidate("c1")->band == "clear");
}

TEST_CASE("the store keeps each candidate's latest verdict, replaced on re-screening", "[core]") {
  candor::test::TempDir dir;
  auto store = open_sqlite_store(dir / "s.db");
  int runs = 0;
  std::vector<std::shared_ptr<PluginFactory>> factories = {
      std::make_shared<LambdaFactory>("flaky", Facts{}, Facts{}, [&](RunContext&) {
        if (++runs == 2) throw std::runtime_error("second run fails");
        return PluginOutcome{};
      })};
  Pipeline pipeline(default_policy(), factories, store.get());
  auto worker = pipeline.make_worker();
  CHECK_FALSE(latest_verdict_json(*store, "c1"));
  worker->screen(candidate("c1"));
  const auto first = nlohmann::json::parse(*latest_verdict_json(*store, "c1"));
  CHECK(first["candidate"] == "c1");
  CHECK(first["band"] == "clear");
  worker->screen(candidate("c1"));
  const auto second = nlohmann::json::parse(*latest_verdict_json(*store, "c1"));
  CHECK(second["incomplete"] == true);
  CHECK(second["band"] == "review");
  CHECK(store->find(kVerdictItemKind, "c1").size() == 1);
  CHECK_FALSE(latest_verdict_json(*store, "c2"));
}
