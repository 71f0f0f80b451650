#include <algorithm>

#include "candor/app/batch_runner.hpp"
#include "candor/pipeline.hpp"
#include "catch.hpp"
#include "clusters.hpp"
#include "fixtures.hpp"
#include "identifiers.hpp"

namespace candor::plugins::links {
std::shared_ptr<PluginFactory> make_factory();
}
#ifdef CANDOR_TEST_WITH_PHONE_PLUGIN
namespace candor::plugins::phone {
std::shared_ptr<PluginFactory> make_factory();
}
#endif

using namespace candor;
namespace links = candor::plugins::links;

namespace {

nlohmann::json farm_member(const std::string& id, const std::string& name, const std::string& phone,
                           const std::string& address) {
  return {{"id", id},
          {"name", name},
          {"email", id + "@example.com"},
          {"phone", phone},
          {"claimed_location", {{"country", "US"}}},
          {"addresses", {{{"kind", "shipping"}, {"text", address}, {"country", "US"}}}}};
}

std::vector<std::string> cited(const Verdict& v) {
  std::vector<std::string> ids;
  for (const auto& s : v.signals)
    if (s.signal.id == "links.shared_identifier")
      for (const auto& o : s.signal.evidence["others"]) ids.push_back(o["id"]);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// The links plugin alone over a fresh store.
struct LinksRig {
  test::TempDir dir;
  std::unique_ptr<Store> store = open_sqlite_store(dir / "candor.db");
  Policy policy;
  std::unique_ptr<Pipeline> pipeline;
  explicit LinksRig(Policy p = default_policy()) : policy(std::move(p)) {
    auto factory = links::make_factory();
    factory->configure(nlohmann::json::object(),
                       PluginSetup{DataDir(dir.path()), store.get(), "p"});
    pipeline = std::make_unique<Pipeline>(policy, std::vector{factory}, store.get());
  }
};

}  // namespace

TEST_CASE("identifiers are normalised", "[links]") {
  CHECK(links::normalise_email("John.Smith+jobs@GoogleMail.com") == "johnsmith@gmail.com");
  CHECK(links::normalise_email("John.Smith+jobs@outlook.com") == "john.smith+jobs@outlook.com");
  CHECK(links::normalise_address("1200 North Main Street, Apt. #4B", "US") ==
        links::normalise_address("1200 N. Main St Unit 4B", "us"));
  CHECK(links::normalise_address("12 Oak Avenue Suite 5", "US") ==
        links::normalise_address("12 oak ave, ste 5", "US"));
  CHECK(links::normalise_address("12 Oak Avenue Suite 5", "US") !=
        links::normalise_address("12 Oak Avenue Suite 6", "US"));
  CHECK(links::normalise_account("DE89 3704 0044 0532 0130 00") == "DE89370400440532013000");
  CHECK(links::is_shared_ip("100.64.3.7"));
  CHECK(links::is_shared_ip("192.168.1.20"));
  CHECK_FALSE(links::is_shared_ip("203.0.113.9"));
  // Without the phone plugin's fact, phones are keyed by E.164 here (national numbers in the
  // claimed country).
  const auto phone_key = [](const std::string& phone, const std::string& country) {
    const Candidate c = parse_candidate(
        {{"id", "p"}, {"phone", phone}, {"claimed_location", {{"country", country}}}}, "t.json",
        "/");
    const auto ids = links::identifiers_of(c, nullptr);
    return ids.size() == 1 && ids[0].kind == "phone" ? ids[0].key : std::string();
  };
  CHECK(phone_key("(512) 463-4630", "US") == "+15124634630");
  CHECK(phone_key("+1 512.463.4630", "DE") == "+15124634630");
}

TEST_CASE("hosting and carrier-grade NAT sessions are not identifiers, mobile ones are weak",
          "[links]") {
  const Candidate c = parse_candidate({{"id", "x"},
                                       {"sessions",
                                        {{{"ip", "198.51.100.7"}},
                                         {{"ip", "100.72.1.1"}},
                                         {{"ip", "203.0.113.50"}},
                                         {{"ip", "192.0.2.44"}}}}},
                                      "t.json", "/");
  const std::vector<ResolvedAddress> facts = {{"203.0.113.50", "", true, false, false},
                                              {"192.0.2.44", "", false, false, true}};
  const auto ids = links::identifiers_of(c, &facts);
  REQUIRE(ids.size() == 2);
  CHECK(ids[0].kind == "ip");
  CHECK(ids[0].key == "198.51.100.7");
  CHECK(ids[1].kind == "ip_mobile");
}

TEST_CASE("three candidates sharing a phone and an address form one cluster and cite each other",
          "[links]") {
  LinksRig rig;
  Store* store = rig.store.get();
  const Pipeline& pipeline = *rig.pipeline;
  auto worker = pipeline.make_worker();
  const std::vector<nlohmann::json> farm = {
      farm_member("farm-1", "Daniel Harper", "+1 (512) 555-0147", "4410 Burnet Road, Apt #12"),
      farm_member("farm-2", "Kevin Lam", "512-555-0147", "4410 Burnet Rd Unit 12"),
      farm_member("farm-3", "Mark Ellison", "(512) 555 0147", "4410 BURNET RD., #12")};
  const auto honest = farm_member("honest-1", "Maria Gomez", "+1 415 555 0199", "1 Market St");
  // The same person screened again under a new id with the same name and DOB is not a link.
  auto same_person = farm_member("farm-1-again", "Daniel Harper", "+15125550147", "9 Elm St");
  for (const auto& c : farm) worker->screen(parse_candidate(c, "t.json", "/"));
  worker->screen(parse_candidate(honest, "t.json", "/"));
  // Re-screening each member now that the others are known.
  for (std::size_t i = 0; i < farm.size(); ++i) {
    const Verdict v = worker->screen(parse_candidate(farm[i], "t.json", "/"));
    std::vector<std::string> others;
    for (std::size_t k = 0; k < farm.size(); ++k)
      if (k != i) others.push_back(farm[k]["id"]);
    CHECK(cited(v) == others);
    CHECK(v.band != Band::clear);
  }
  const Verdict hv = worker->screen(parse_candidate(honest, "t.json", "/"));
  CHECK(cited(hv).empty());
  CHECK(hv.band == Band::clear);
  const Verdict sv = worker->screen(parse_candidate(same_person, "t.json", "/"));
  const auto sv_cited = cited(sv);
  CHECK(std::find(sv_cited.begin(), sv_cited.end(), "farm-1") == sv_cited.end());
  CHECK(std::find(sv_cited.begin(), sv_cited.end(), "farm-2") != sv_cited.end());

  const auto clusters = links::find_clusters(*store, 3);
  REQUIRE(clusters.size() == 1);
  CHECK(clusters[0].members.size() >= 3);
  std::vector<std::string> kinds;
  for (const auto& l : clusters[0].links) kinds.push_back(l.kind);
  CHECK(std::count(kinds.begin(), kinds.end(), "phone") == 1);
  CHECK(std::count(kinds.begin(), kinds.end(), "address") == 1);
}

TEST_CASE("an address sixty candidates share lists the first fifty and says there are more",
          "[links]") {
  LinksRig rig;
  auto worker = rig.pipeline->make_worker();
  const std::string address = "500 Commerce Street";
  for (int i = 0; i < 60; ++i)
    worker->screen(
        parse_candidate(farm_member("h-" + std::to_string(100 + i), "Person " + std::to_string(i),
                                    "+1 512 555 " + std::to_string(1000 + i), address),
                        "t.json", "/"));
  const Verdict v = worker->screen(parse_candidate(
      farm_member("late", "Late Comer", "+1 512 555 1000", address), "t.json", "/"));
  const auto shared = std::find_if(v.signals.begin(), v.signals.end(), [](const auto& s) {
    return s.signal.id == "links.shared_identifier" && s.signal.evidence["kind"] == "address";
  });
  REQUIRE(shared != v.signals.end());
  const auto& evidence = shared->signal.evidence;
  REQUIRE(evidence["others"].size() == 50);
  CHECK(evidence["others"][0]["id"] == "h-100");  // the earliest screened first
  CHECK(evidence["others"][49]["id"] == "h-149");
  CHECK(evidence.value("others_truncated", false));
  CHECK(shared->signal.summary.find("at least 50 other") != std::string::npos);
  // Fewer holders than the cap: all listed, no "at least". The phone is h-100's alone.
  const auto phone = std::find_if(v.signals.begin(), v.signals.end(), [](const auto& s) {
    return s.signal.id == "links.shared_identifier" && s.signal.evidence["kind"] == "phone";
  });
  REQUIRE(phone != v.signals.end());
  REQUIRE(phone->signal.evidence["others"].size() == 1);
  CHECK(phone->signal.evidence["others"][0]["id"] == "h-100");
  CHECK_FALSE(phone->signal.evidence.contains("others_truncated"));
  CHECK(phone->signal.summary.find("at least") == std::string::npos);
}

#ifdef CANDOR_TEST_WITH_PHONE_PLUGIN
TEST_CASE("with the phone plugin, phones are keyed by its E.164 forms and link the same way",
          "[links]") {
  test::TempDir tmp;
  auto store = open_sqlite_store(tmp / "candor.db");
  const PluginSetup setup{DataDir(tmp.path()), store.get(), "p"};
  auto links_factory = links::make_factory();
  auto phone_factory = plugins::phone::make_factory();
  links_factory->configure(nlohmann::json::object(), setup);
  phone_factory->configure(nlohmann::json::object(), setup);
  const Policy policy = default_policy();
  // Listed links first: the pipeline must still run phone before it.
  Pipeline pipeline(policy, {links_factory, phone_factory}, store.get());
  CHECK(pipeline.order() == std::vector<std::string>{"phone", "links"});
  auto worker = pipeline.make_worker();
  worker->screen(parse_candidate(farm_member("p-1", "Daniel Harper", "(512) 555-0147", "1 A St"),
                                 "t.json", "/"));
  const Verdict v = worker->screen(
      parse_candidate(farm_member("p-2", "Kevin Lam", "+1 512.555.0147", "2 B St"), "t.json", "/"));
  CHECK(cited(v) == std::vector<std::string>{"p-1"});
  const auto stored = store->find("links.phone", "+15125550147");
  CHECK(stored.size() == 2);
  // A number the fact lacks falls back to normalising it here, with the same result.
  const Candidate c =
      parse_candidate(farm_member("p-3", "X Y", "512 555 0147", "3 C St"), "t.json", "/");
  const std::vector<NormalisedPhone> partial = {{"other", "+15550000000"}};
  const auto ids = links::identifiers_of(c, nullptr, &partial);
  const auto phone =
      std::find_if(ids.begin(), ids.end(), [](const auto& i) { return i.kind == "phone"; });
  REQUIRE(phone != ids.end());
  CHECK(phone->key == "+15125550147");
}
#endif

TEST_CASE("candidates screened at the same moment on two workers still find each other",
          "[links]") {
  LinksRig rig;
  Store* store = rig.store.get();
  const Pipeline& pipeline = *rig.pipeline;
  // Pairs sharing a phone, side by side in the input, screened by two workers as in a batch.
  constexpr int kPairs = 400;
  std::vector<Candidate> queue;
  for (int p = 0; p < kPairs; ++p) {
    const std::string phone = "+1 415 200 " + std::to_string(1000 + p);
    for (const char* side : {"a", "b"}) {
      const std::string id = "pair-" + std::to_string(p) + side;
      queue.push_back(parse_candidate(
          farm_member(id, std::string("Person ") + side + std::to_string(p), phone, id + " Elm St"),
          "t.json", "/"));
    }
  }
  const auto verdicts = app::BatchRunner(pipeline, store, 2).screen(queue);
  // Of each pair, the one screened second must cite the first, however the two overlapped.
  int missed = 0;
  for (int p = 0; p < kPairs; ++p) {
    const auto a = cited(verdicts[2 * p]), b = cited(verdicts[2 * p + 1]);
    const bool linked = std::find(a.begin(), a.end(), queue[2 * p + 1].id) != a.end() ||
                        std::find(b.begin(), b.end(), queue[2 * p].id) != b.end();
    if (!linked) ++missed;
    // Nobody cites a stranger, and nobody is cited twice for one identifier.
    CHECK(a.size() <= 1);
    CHECK(b.size() <= 1);
  }
  CHECK(missed == 0);
}

TEST_CASE("without a store links are remembered nowhere and the plugin skips", "[links]") {
  auto factory = links::make_factory();
  factory->configure(nlohmann::json::object(), PluginSetup{DataDir("/x"), nullptr, "p"});
  const Policy policy = default_policy();
  Pipeline pipeline(policy, {factory}, nullptr);
  const Verdict v = pipeline.make_worker()->screen(
      parse_candidate(farm_member("a", "A B", "+15125550147", "1 Main St"), "t.json", "/"));
  REQUIRE(v.plugins.size() == 1);
  CHECK(v.plugins[0].status == "skipped");
}

TEST_CASE("the links signal has one level per identifier kind with its default LLR", "[links]") {
  const auto specs = links::make_factory()->signals();
  REQUIRE(specs.size() == 1);
  const SignalSpec& spec = find_spec(specs, "links.shared_identifier");
  CHECK(spec.group == "links");
  CHECK_FALSE(spec.hard);
  const std::vector<std::pair<std::string, double>> expected = {
      {"bank_account", 4.0},  {"wallet", 4.0},        {"phone", 3.5},        {"address", 3.5},
      {"email", 3.5},         {"device", 3.5},        {"ip", 1.5},           {"ip_mobile", 0.5},
      {"device_serial", 4.0}, {"wifi_bssid", 3.0},    {"login_device", 3.5}, {"mfa_device", 4.0},
      {"egress_ip", 2.0},     {"egress_ip_days", 4.5}};
  REQUIRE(spec.levels.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(spec.levels[i].name == expected[i].first);
    CHECK(spec.levels[i].llr == expected[i].second);
  }
}

namespace {

// Two people sharing only a phone, screened one after the other; the second one's verdict.
Verdict second_of_a_shared_phone(const Policy& policy) {
  LinksRig rig(policy);
  auto worker = rig.pipeline->make_worker();
  worker->screen(
      parse_candidate(farm_member("s-1", "Ann Lee", "+1 512 555 0101", "1 Oak St"), "t.json", "/"));
  return worker->screen(
      parse_candidate(farm_member("s-2", "Bo Chen", "(512) 555-0101", "2 Elm St"), "t.json", "/"));
}

const Signal* shared(const Verdict& v, const std::string& kind) {
  for (const auto& s : v.signals)
    if (s.signal.id == "links.shared_identifier" && s.signal.evidence["kind"] == kind)
      return &s.signal;
  return nullptr;
}

}  // namespace

TEST_CASE(
    "a policy's signal_llr override of one level of links.shared_identifier changes the "
    "verdict",
    "[links]") {
  const Verdict by_default = second_of_a_shared_phone(default_policy());
  REQUIRE(shared(by_default, "phone") != nullptr);
  CHECK(shared(by_default, "phone")->level == "phone");
  CHECK(shared(by_default, "phone")->llr == Approx(3.5));
  CHECK(by_default.band == Band::clear);

  // Another level's override leaves the phone alone.
  const Verdict other_level = second_of_a_shared_phone(
      parse_policy({{"signal_llr", {{"links.shared_identifier:email", 6.0}}}}, "p.json"));
  REQUIRE(shared(other_level, "phone") != nullptr);
  CHECK(shared(other_level, "phone")->llr == Approx(3.5));
  CHECK(other_level.band == Band::clear);

  const Verdict overridden = second_of_a_shared_phone(
      parse_policy({{"signal_llr", {{"links.shared_identifier:phone", 6.0}}}}, "p.json"));
  REQUIRE(shared(overridden, "phone") != nullptr);
  CHECK(shared(overridden, "phone")->llr == Approx(6.0));
  CHECK(overridden.log_odds == Approx(by_default.log_odds + 6.0 - 3.5));
  CHECK(overridden.band == Band::review);
}

TEST_CASE("links clusters prints the clusters in the store and exits 1 when there are some",
          "[links]") {
  test::TempDir dir;
  const auto quoted = [](const std::filesystem::path& p) { return "'" + p.string() + "'"; };
  const std::string data = " --data-dir " + quoted(dir / "data");

  const auto none = test::run_cli("links clusters" + data);
  INFO(none.err);
  CHECK(none.exit_code == 0);
  CHECK(none.out == "no clusters\n");

  test::write_text(dir / "in.jsonl",
                   farm_member("c-1", "Ann Lee", "+1 512 555 0101", "1 Oak St").dump() + "\n" +
                       farm_member("c-2", "Bo Chen", "(512) 555-0101", "2 Elm St").dump() + "\n" +
                       farm_member("c-3", "Cy Diaz", "+1 415 555 0199", "3 Pine St").dump() + "\n");
  const auto batch = test::run_cli("batch " + quoted(dir / "in.jsonl") + " -o " +
                                   quoted(dir / "out.jsonl") + " -j 1" + data);
  INFO(batch.err);
  REQUIRE(batch.exit_code <= 1);

  const auto text = test::run_cli("links clusters" + data);
  CHECK(text.exit_code == 1);
  CHECK(text.out ==
        "cluster 1 (2 candidates)\n"
        "  c-1  Ann Lee\n"
        "  c-2  Bo Chen\n"
        "  shared phone +15125550101: c-1, c-2\n");

  const auto json = test::run_cli("links clusters --format json --min-size 2" + data);
  CHECK(json.exit_code == 1);
  const auto clusters = nlohmann::json::parse(json.out);
  REQUIRE(clusters.size() == 1);
  CHECK(clusters[0]["size"] == 2);
  CHECK(clusters[0]["members"][1]["id"] == "c-2");
  CHECK(clusters[0]["identifiers"][0]["kind"] == "phone");

  const auto dot = test::run_cli("links clusters --format dot" + data);
  CHECK(dot.exit_code == 1);
  CHECK(dot.out.rfind("graph links {\n", 0) == 0);
  CHECK(dot.out.find("  \"c-1\" -- \"phone:+15125550101\";\n") != std::string::npos);

  const auto bigger = test::run_cli("links clusters --min-size 3" + data);
  CHECK(bigger.exit_code == 0);
  CHECK(bigger.out == "no clusters\n");

  const auto bad = test::run_cli("links clusters --format xml" + data);
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err.find("--format") != std::string::npos);
}
