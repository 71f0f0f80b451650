#include <algorithm>

#include "candor/pipeline.hpp"
#include "candor/app/batch_runner.hpp"
#include "catch.hpp"
#include "clusters.hpp"
#include "fixtures.hpp"
#include "identifiers.hpp"

namespace candor::plugins {
std::shared_ptr<PluginFactory> make_links_plugin();
}
#ifdef CANDOR_TEST_WITH_PHONE_PLUGIN
namespace candor::plugins::phone {
std::shared_ptr<PluginFactory> make_factory();
}
#endif

using namespace candor;

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
  Policy policy = default_policy();
  std::unique_ptr<Pipeline> pipeline;
  LinksRig() {
    auto factory = plugins::make_links_plugin();
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

TEST_CASE("hosting and carrier-grade NAT sessions are not identifiers; mobile ones are weak",
          "[links]") {
  const Candidate c = parse_candidate(
      {{"id", "x"},
       {"sessions",
        {{{"ip", "198.51.100.7"}}, {{"ip", "100.72.1.1"}}, {{"ip", "203.0.113.50"}},
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

#ifdef CANDOR_TEST_WITH_PHONE_PLUGIN
TEST_CASE("with the phone plugin, phones are keyed by its E.164 forms and link the same way",
          "[links]") {
  test::TempDir tmp;
  auto store = open_sqlite_store(tmp / "candor.db");
  const PluginSetup setup{DataDir(tmp.path()), store.get(), "p"};
  auto links_factory = plugins::make_links_plugin();
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
  auto factory = plugins::make_links_plugin();
  factory->configure(nlohmann::json::object(), PluginSetup{DataDir("/x"), nullptr, "p"});
  const Policy policy = default_policy();
  Pipeline pipeline(policy, {factory}, nullptr);
  const Verdict v = pipeline.make_worker()->screen(
      parse_candidate(farm_member("a", "A B", "+15125550147", "1 Main St"), "t.json", "/"));
  REQUIRE(v.plugins.size() == 1);
  CHECK(v.plugins[0].status == "skipped");
}
