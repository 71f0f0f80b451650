#include <algorithm>
#include <iostream>

#include "candor/error.hpp"
#include "candor/pipeline.hpp"
#include "catch.hpp"
#include "common_names.hpp"
#include "fixtures.hpp"
#include "name_text.hpp"
#include "screening_data.hpp"
#include "sdn_list.hpp"

namespace candor::plugins::sanctions {
std::shared_ptr<PluginFactory> make_factory();
}

using namespace candor;
namespace sanctions = candor::plugins::sanctions;

namespace {

std::filesystem::path sanctions_data(const std::string& folder) {
  return test::shared_dir() / "data/sanctions" / folder;
}

const std::vector<std::string>& all_folders() {
  static const std::vector<std::string> f = {
      sanctions_data("dprk_subset_2019").string(),
      sanctions_data("it_worker_2025_sdn_reconstructed").string(),
      sanctions_data("watchman_ofactest").string()};
  return f;
}

std::shared_ptr<PluginFactory> configured(const std::filesystem::path& data_dir,
                                          nlohmann::json section) {
  auto factory = sanctions::make_factory();
  factory->configure(section, PluginSetup{DataDir(data_dir), nullptr, "test-policy.json"});
  return factory;
}

// One shared factory over the three real samples, as `--sanctions-dir` ×3 would give.
std::shared_ptr<PluginFactory> shared_factory() {
  static auto f = configured("/nonexistent-data-dir", {{"dirs", all_folders()}});
  return f;
}

Verdict screen(const nlohmann::json& candidate, const Policy& policy = default_policy()) {
  Pipeline pipeline(policy, {shared_factory()}, nullptr);
  return pipeline.make_worker()->screen(parse_candidate(candidate, "test.json", "/"));
}

const Signal* find(const Verdict& v, const std::string& id) {
  for (const auto& s : v.signals)
    if (s.signal.id == id) return &s.signal;
  return nullptr;
}

const sanctions::ScreeningData& shared_data() {
  static const auto data = [] {
    std::vector<std::filesystem::path> dirs(all_folders().begin(), all_folders().end());
    return sanctions::load_screening_data(dirs);
  }();
  return *data;
}

}  // namespace

TEST_CASE("the SDN loader joins the four files by entity number", "[sanctions]") {
  sanctions::SdnList list;
  REQUIRE(sanctions::load_sdn_folder(sanctions_data("watchman_ofactest"), list) == 4);
  sanctions::finish_sdn_list(list);
  CHECK(std::count_if(list.entries.begin(), list.entries.end(),
                      [](const auto& e) { return e.second.in_sdn_file; }) == 17);
  // Remarks spill over into sdn_comments.csv mid-address; joined, the address is whole.
  const auto& spill = list.entries.at(33151);
  CHECK(spill.remarks.find(
            "Digital Currency Address - ETH 0x2f389ce8bd8ff92de3402ffce4691d17fc4f6535") !=
        std::string::npos);
  CHECK(!spill.wallets.empty());
  const auto& lifshits = list.entries.at(29702);
  CHECK(lifshits.individual());
  CHECK(lifshits.programs == std::vector<std::string>{"CYBER2", "ELECTION-EO13848"});
  REQUIRE(!lifshits.wallets.empty());
  CHECK(lifshits.wallets.front().currency == "XBT");
  CHECK(lifshits.wallets.front().address == "12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz");
}

TEST_CASE("the reconstructed IT-worker rows load with programs, aliases and wallets",
          "[sanctions]") {
  const auto& d = shared_data();
  const auto* silverstar = d.entry(24977);
  REQUIRE(silverstar);
  CHECK(silverstar->programs == std::vector<std::string>{"DPRK3", "DPRK4"});
  CHECK(silverstar->aliases.size() >= 3);
  const auto* kim = d.entry(43377);
  REQUIRE(kim);
  CHECK(kim->wallets.size() == 6);
  CHECK(d.wallets.count("0xb6f5ec1a0a9cd1526536d3f0426c429529471f40") == 1);
}

TEST_CASE("name normalisation folds script, case, punctuation and hyphens", "[sanctions]") {
  using sanctions::name_tokens;
  CHECK(name_tokens("Jin-Song") == name_tokens("Jinsong"));
  CHECK(name_tokens("KIM, U'ng-sun") == std::vector<std::string>{"kim", "ungsun"});
  CHECK(name_tokens("Владимир Путин") == std::vector<std::string>{"vladimir", "putin"});
  CHECK(name_tokens("정성화").size() >= 1);
  CHECK(name_tokens("José Müller") == std::vector<std::string>{"jose", "muller"});
  CHECK(sanctions::korean_key("geum") == sanctions::korean_key("kum"));
  CHECK(sanctions::korean_key("sung") == sanctions::korean_key("song"));
  CHECK(sanctions::korean_key("chong") == sanctions::korean_key("jong"));
  CHECK(sanctions::korean_key("jeong") == sanctions::korean_key("jong"));
  CHECK(sanctions::korean_key("park") == sanctions::korean_key("pak"));
  CHECK(sanctions::korean_key("bak") == sanctions::korean_key("pak"));
  CHECK(sanctions::korean_key("lee") == sanctions::korean_key("ri"));
  CHECK(sanctions::korean_key("rhee") == sanctions::korean_key("yi"));
  CHECK(sanctions::korean_key("choi") == sanctions::korean_key("choe"));
  CHECK(sanctions::korean_key("oh") == sanctions::korean_key("o"));
  CHECK(sanctions::korean_key("hyuk") == sanctions::korean_key("hyok"));
}

TEST_CASE("designated IT-worker names match under reordering, hyphens and romanisation",
          "[sanctions]") {
  struct Case {
    std::string query;
    std::int64_t ent_num;
  };
  const std::vector<Case> individuals = {{"Song Kum Hyok", 53821},
                                         {"Kum Hyok Song", 53821},
                                         {"Kum-Hyok Song", 53821},
                                         {"Kumhyok Song", 53821},
                                         {"Sung Geum-Hyuk", 53821},
                                         {"Kim Ung Sun", 55064},
                                         {"Ung-Sun Kim", 55064},
                                         {"Kim Eung Sun", 55064},
                                         {"Vitaliy Andreyev", 55065},
                                         {"Vitaly Andreev", 55065},
                                         {"Andreyev Vitaliy Sergeyevich", 55065},
                                         {"Sim Hyon Sop", 42498},
                                         {"Shim Hyeon-Seop", 42498},
                                         {"Chong Song Hwa", 24979},
                                         {"Jung Sung Hwa", 24979},
                                         {"Kim Sang-Man", 43377},
                                         {"Gim Sangman", 43377},
                                         {"Jo Kyong Hun", 54800},
                                         {"Cho Kyung-hun", 54800},
                                         {"Gayk Asatryan", 53824}};
  for (const auto& c : individuals) {
    INFO(c.query);
    const Verdict v = screen({{"id", "c1"}, {"name", c.query}});
    const Signal* s = find(v, "sanctions.name_match");
    REQUIRE(s != nullptr);
    CHECK(s->evidence["ent_num"] == c.ent_num);
    CHECK(s->group == "sanctions");
  }
  const std::vector<Case> companies = {
      {"Shenyang Geumpungri Network Technology Co., Ltd", 55062},
      {"Shenyang Kumpungri Network Technology", 55062},
      {"Korea Sinjin Trading Corporation", 55063},
      {"Sinjin Trading Corp", 55063},
      {"Chinyong Information Technology Cooperation Company", 43379},
      {"Jinyong IT Cooperation Company", 43379},
      {"Jinyong Information Technology Cooperation Co", 43379},
      {"Yanbian Silverstar Network Technology", 24977},
      {"Volasys Silver Star", 24978},
      {"Korea Songkwang Trading General Corporation", 53816}};
  for (const auto& c : companies) {
    INFO(c.query);
    const Verdict v =
        screen({{"id", "c2"}, {"name", "Alex Morgan"}, {"employers", {{{"name", c.query}}}}});
    const Signal* s = find(v, "sanctions.entity_match");
    REQUIRE(s != nullptr);
    CHECK(s->evidence["ent_num"] == c.ent_num);
    CHECK(find(v, "sanctions.name_match") == nullptr);
  }
}

TEST_CASE("a designated name carries program, entity number and score as evidence", "[sanctions]") {
  const Verdict v = screen({{"id", "c3"}, {"name", "Sung Geum-Hyuk"}});
  const Signal* s = find(v, "sanctions.name_match");
  REQUIRE(s != nullptr);
  CHECK(s->evidence["ent_num"] == 53821);
  CHECK(s->evidence["program"] == nlohmann::json::array({"CYBER2"}));
  CHECK(s->evidence["listed_name"] == "SONG, Kum Hyok");
  CHECK(s->evidence["romanisation_variant"] == true);
  CHECK(s->evidence["score"].get<double>() >= 0.9);
  CHECK(s->llr >= 2.5);
}

TEST_CASE("10,000 common names yield at most one false hit at the default threshold",
          "[sanctions]") {
  const auto names = sanctions::common_full_names();
  REQUIRE(names.size() == 10000);
  const auto& d = shared_data();
  std::size_t hits = 0;
  for (const auto& n : names) {
    const auto m = d.index.search(n, 0.92);
    if (!m.empty()) {
      ++hits;
      std::cout << "false hit: " << n << " -> " << m.front().listed << " " << m.front().score
                << "\n";
    }
  }
  std::cout << "common-name false hits: " << hits << "/10000\n";
  CHECK(hits <= 1);
}

TEST_CASE("a listed wallet as payout is a hard hit", "[sanctions]") {
  const Verdict v =
      screen({{"id", "c4"},
              {"name", "Alex Morgan"},
              {"payout",
               {{"method", "crypto"}, {"wallet", "0xB6F5EC1A0A9CD1526536D3F0426C429529471F40"}}}});
  const Signal* s = find(v, "sanctions.wallet_match");
  REQUIRE(s != nullptr);
  CHECK(s->hard);
  CHECK(s->evidence["ent_num"] == 43377);
  CHECK(v.band == Band::critical);
}

TEST_CASE("an honest candidate is clear and a bare candidate is skipped", "[sanctions]") {
  const Verdict v = screen({{"id", "c5"},
                            {"name", "Jennifer Martinez"},
                            {"employers", {{{"name", "Dell Technologies"}}}},
                            {"payout",
                             {{"beneficiary", "Jennifer Martinez"},
                              {"bank", "Chase Bank"},
                              {"wallet", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"}}}});
  CHECK(v.signals.empty());
  CHECK(v.band == Band::clear);
  const Verdict bare = screen({{"id", "c6"}});
  REQUIRE(bare.plugins.size() == 1);
  CHECK(bare.plugins[0].status == "skipped");
}

TEST_CASE("sanctions data: missing default list is not ready, a bad folder is a DataError",
          "[sanctions]") {
  test::TempDir tmp;
  auto f = configured(tmp.path(), nlohmann::json::object());
  CHECK_FALSE(f->readiness().ready);
  CHECK(f->readiness().fix == "candor feeds update");
  CHECK_THROWS_AS(configured(tmp.path(), {{"dirs", {(tmp / "nope").string()}}}), DataError);
  CHECK_THROWS_AS(configured(tmp.path(), {{"bogus", 1}}), ConfigError);
  // The data directory's sanctions/ folder is read when it holds the files.
  test::write_text(
      tmp / "sanctions/sdn.csv",
      "1,\"TESTMAN, Example\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n");
  auto g = configured(tmp.path(), nlohmann::json::object());
  CHECK(g->readiness().ready);
  test::write_text(tmp / "bad/sdn.csv", "x,\"BROKEN\"\n");
  CHECK_THROWS_AS(configured(tmp.path(), {{"dirs", {(tmp / "bad").string()}}}), DataError);
}

TEST_CASE("feeds declare the SDN and consolidated files of the Sanctions List Service",
          "[sanctions]") {
  const auto feeds = sanctions::make_factory()->feeds();
  REQUIRE(feeds.size() == 9);
  CHECK(feeds[0].url ==
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV");
  CHECK(feeds[0].file == "sanctions/sdn.csv");
  CHECK(feeds[4].url ==
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_PRIM.CSV");
  CHECK(feeds[4].file == "sanctions/cons_prim.csv");
}

TEST_CASE("the consolidated non-SDN list is read beside the SDN list and named in the evidence",
          "[sanctions]") {
  test::TempDir tmp;
  test::write_text(tmp / "l/sdn.csv",
                   "10,\"QORVANDELL, Ystrid\",\"individual\",\"DPRK3\",-0- ,-0- ,-0- ,-0- ,-0- "
                   ",-0- ,-0- ,\"DOB 1980.\"\n");
  test::write_text(tmp / "l/cons_prim.csv",
                   "20,\"VELMORASK TRADING COMPANY\",-0- ,\"NS-MBS LIST\",-0- ,-0- ,-0- ,-0- ,-0- "
                   ",-0- ,-0- ,-0- \n");
  test::write_text(tmp / "l/cons_alt.csv", "20,201,\"aka\",\"VELMORASK GROUP\",-0- \n");
  auto f = configured(tmp.path(), {{"dirs", {(tmp / "l").string()}}});
  REQUIRE(f->readiness().ready);
  CHECK_THAT(f->readiness().detail, Catch::Contains("OFAC SDN of 20"));
  CHECK_THAT(f->readiness().detail, Catch::Contains("OFAC consolidated non-SDN of 20"));
  Pipeline pipeline(default_policy(), {f}, nullptr);
  const Verdict v = pipeline.make_worker()->screen(parse_candidate(
      {{"id", "x"}, {"name", "Ystrid Qorvandell"}, {"employers", {{{"name", "Velmorask Group"}}}}},
      "t.json", "/"));
  const Signal* firm = find(v, "sanctions.entity_match");
  REQUIRE(firm != nullptr);
  CHECK(firm->evidence["list"] == "OFAC consolidated non-SDN");
  CHECK(firm->evidence["list_published"].get<std::string>().size() == 10);
  const Signal* person = find(v, "sanctions.name_match");
  REQUIRE(person != nullptr);
  CHECK(person->evidence["list"] == "OFAC SDN");
}

TEST_CASE("the sanctions signal table holds the exact-match LLRs and matches scale them by score",
          "[sanctions]") {
  const auto specs = sanctions::make_factory()->signals();
  REQUIRE(specs.size() == 4);
  CHECK(find_spec(specs, "sanctions.name_match").levels.front().llr == 6.0);
  CHECK(find_spec(specs, "sanctions.entity_match").levels.front().llr == 7.0);
  CHECK(find_spec(specs, "sanctions.wallet_match").levels.front().llr == 9.0);
  CHECK(find_spec(specs, "sanctions.wallet_match").hard);
  CHECK(find_spec(specs, "sanctions.identifier_match").levels.front().llr == 9.0);
  CHECK(find_spec(specs, "sanctions.identifier_match").hard);
  for (const auto& spec : specs) CHECK(spec.group == "sanctions");

  // An exact match on a rare name carries the whole LLR; a weaker one the exact LLR times
  // ((score - 0.80) / 0.20)^2 times its rarity factor.
  const Verdict exact_verdict = screen({{"id", "e1"}, {"name", "Song Kum Hyok"}});
  const Signal* exact = find(exact_verdict, "sanctions.name_match");
  REQUIRE(exact != nullptr);
  REQUIRE(exact->evidence["score"] == 1.0);
  CHECK(exact->evidence["exact"] == true);
  CHECK(exact->llr == Approx(6.0));
  const Verdict variant = screen({{"id", "e2"}, {"name", "Sung Geum-Hyuk"}});
  const Signal* near = find(variant, "sanctions.name_match");
  REQUIRE(near != nullptr);
  const double score = near->evidence["score"];
  REQUIRE(score < 1.0);
  const double rarity_factor = near->evidence["llr_parts"]["rarity_factor"];
  const double t = (score - 0.80) / 0.20;
  CHECK(near->llr == Approx(6.0 * t * t * rarity_factor).margin(0.03));
  CHECK(near->scale == Approx(near->llr / 6.0));
  const Verdict company_verdict = screen(
      {{"id", "e3"}, {"name", "Alex Morgan"}, {"employers", {{{"name", "Sinjin Trading Corp"}}}}});
  const Signal* company = find(company_verdict, "sanctions.entity_match");
  REQUIRE(company != nullptr);
  const double company_score = company->evidence["score"];
  const double ct = (company_score - 0.80) / 0.20;
  CHECK(company->llr ==
        Approx(7.0 * ct * ct * company->evidence["llr_parts"]["rarity_factor"].get<double>())
            .margin(0.03));
}

TEST_CASE("a policy's signal_llr override of sanctions.name_match changes the verdict",
          "[sanctions]") {
  const nlohmann::json exact = {{"id", "o1"}, {"name", "Song Kum Hyok"}};
  const Verdict by_default = screen(exact);
  REQUIRE(find(by_default, "sanctions.name_match") != nullptr);
  CHECK(by_default.band == Band::review);

  const Policy policy =
      parse_policy({{"signal_llr", {{"sanctions.name_match", 1.0}}}}, "override.json");
  const Verdict overridden = screen(exact, policy);
  REQUIRE(find(overridden, "sanctions.name_match") != nullptr);
  CHECK(find(overridden, "sanctions.name_match")->llr == Approx(1.0));
  CHECK(overridden.band == Band::clear);

  // A weaker match keeps its share of the overriding LLR.
  const nlohmann::json variant = {{"id", "o2"}, {"name", "Sung Geum-Hyuk"}};
  const double default_llr = find(screen(variant), "sanctions.name_match")->llr;
  CHECK(find(screen(variant, policy), "sanctions.name_match")->llr == Approx(default_llr / 6.0));
}

TEST_CASE("bench sanctions grows the list, screens the common names and reports", "[sanctions]") {
  test::TempDir data;
  const auto quoted = [](const std::filesystem::path& p) { return "'" + p.string() + "'"; };
  const std::string data_dir = " --data-dir " + quoted(data.path());
  const auto r = test::run_cli("bench sanctions --names 2000 --rounds 1 --sanctions-dir " +
                               quoted(sanctions_data("watchman_ofactest")) + data_dir);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("sanctions bench: "));
  CHECK_THAT(r.out, Catch::Contains("rest synthetic recombinations"));
  CHECK_THAT(r.out, Catch::Contains("screened 10000 names x 1 rounds: "));
  CHECK_THAT(r.out, Catch::Contains("hits at threshold 0.92 from "));
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 2);
  // Nothing remembered: the bench never opens the store.
  CHECK_FALSE(std::filesystem::exists(data / "candor.db"));

  const auto no_list = test::run_cli("bench sanctions" + data_dir);
  CHECK(no_list.exit_code == 2);
  CHECK(no_list.out.empty());
  CHECK_THAT(no_list.err, Catch::Contains("no SDN files"));

  const auto bad = test::run_cli("bench sanctions --names many" + data_dir);
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("--names"));
}

TEST_CASE("wallets are read from remarks in linear time, a damaged one is left out",
          "[sanctions]") {
  using candor::plugins::sanctions::parse_wallets;
  const auto two = parse_wallets(
      "DOB 1990; Digital Currency Address - XBT 12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz; "
      "Digital Currency Address - ETH 0xb6f5ec1a0a9cd1526536d3f0426c429529471f40; alt.");
  REQUIRE(two.size() == 2);
  CHECK(two[0].currency == "XBT");
  CHECK(two[1].address == "0xb6f5ec1a0a9cd1526536d3f0426c429529471f40");
  // A 100,000-character address (a tampered mirror) once overflowed the regex engine's stack.
  const std::string huge = "Digital Currency Address - XBT " + std::string(100'000, 'a') +
                           "; Digital Currency Address - TRX TXyz123";
  const auto kept = parse_wallets(huge);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].currency == "TRX");
  CHECK(parse_wallets("Digital Currency Address - XBT").empty());
  CHECK(parse_wallets("Digital Currency Address - ").empty());
}

TEST_CASE("secondary identifiers confirm or clear a name match", "[sanctions]") {
  // JANG, Yong Son (17615): DOB 20 Feb 1957; nationality Korea, North.
  const Verdict agree =
      screen({{"id", "d1"}, {"name", "Jang Yong Son"}, {"date_of_birth", "1957-02-20"}});
  const Signal* s = find(agree, "sanctions.name_match");
  REQUIRE(s != nullptr);
  CHECK(s->evidence["ent_num"] == 17615);
  REQUIRE(s->evidence["identifiers"].size() == 1);
  CHECK(s->evidence["identifiers"][0]["field"] == "/date_of_birth");
  CHECK(s->evidence["identifiers"][0]["result"] == "date agrees");
  CHECK(s->evidence["llr_parts"]["identifiers"] == 3.0);
  CHECK(agree.band >= Band::high);

  const Verdict name_only = screen({{"id", "d2"}, {"name", "Jang Yong Son"}});
  REQUIRE(find(name_only, "sanctions.name_match") != nullptr);
  CHECK(find(name_only, "sanctions.name_match")->llr < s->llr);

  // Another DOB year: the match is cleared, no signal.
  const Verdict other_year =
      screen({{"id", "d3"}, {"name", "Jang Yong Son"}, {"date_of_birth", "1988-02-20"}});
  CHECK(find(other_year, "sanctions.name_match") == nullptr);
  CHECK(other_year.band == Band::clear);
  // Another nationality clears it too; the same one adds to it.
  const Verdict other_nationality =
      screen({{"id", "d4"}, {"name", "Jang Yong Son"}, {"nationality", "US"}});
  CHECK(find(other_nationality, "sanctions.name_match") == nullptr);
  const Verdict same_nationality =
      screen({{"id", "d5"}, {"name", "Jang Yong Son"}, {"nationality", "PRK"}});
  REQUIRE(find(same_nationality, "sanctions.name_match") != nullptr);
  CHECK(find(same_nationality, "sanctions.name_match")->evidence["llr_parts"]["identifiers"] ==
        1.0);
}

TEST_CASE("a listed passport number or e-mail is a hard identifier match", "[sanctions]") {
  // RYU, Jin (17616): Passport 563410081.
  const Verdict v = screen({{"id", "p1"},
                            {"name", "Alex Morgan"},
                            {"documents", {{{"kind", "passport"}, {"number", "563 410 081"}}}}});
  const Signal* s = find(v, "sanctions.identifier_match");
  REQUIRE(s != nullptr);
  CHECK(s->hard);
  CHECK(s->evidence["ent_num"] == 17616);
  CHECK(v.band == Band::critical);
}

TEST_CASE("a.k.a. names in remarks are aliases, and people do not match organisations",
          "[sanctions]") {
  const Verdict komid =
      screen({{"id", "k1"}, {"name", "Alex Morgan"}, {"employers", {{{"name", "KOMID"}}}}});
  const Signal* s = find(komid, "sanctions.entity_match");
  REQUIRE(s != nullptr);
  CHECK(s->evidence["ent_num"] == 9345);
  // A person's name is not screened against organisations (CHON MA SAN is a company).
  const Verdict person = screen({{"id", "k2"}, {"name", "Chon Ma San"}});
  CHECK(find(person, "sanctions.name_match") == nullptr);
  const Verdict employer =
      screen({{"id", "k3"}, {"name", "Alex Morgan"}, {"employers", {{{"name", "Chon Ma San"}}}}});
  CHECK(find(employer, "sanctions.entity_match") != nullptr);
}

TEST_CASE("a common name near a listed one stays clear on the name alone", "[sanctions]") {
  // "Hyun-woo Kim" and "Yong Hu": the examples.
  for (const char* n : {"Hyun-woo Kim", "Yong Hu", "Jun Ma", "Hyunwoo Kim", "Kim Hyun Woo"}) {
    INFO(n);
    const Verdict v = screen({{"id", "h1"}, {"name", n}});
    CHECK(v.band == Band::clear);
  }
}

TEST_CASE("recall: every IT-worker name, alias and wallet of the shared sample is still found",
          "[sanctions]") {
  sanctions::SdnList list;
  REQUIRE(sanctions::load_sdn_folder(sanctions_data("it_worker_2025_sdn_reconstructed"), list) ==
          3);
  sanctions::finish_sdn_list(list);
  std::size_t names = 0, wallets = 0;
  for (const auto& [num, e] : list.entries) {
    if (!e.in_sdn_file) continue;
    std::vector<std::string> all{e.name};
    for (const auto& a : e.aliases) all.push_back(a.name);
    for (const auto& n : all) {
      INFO(num << " " << n);
      const bool person = e.individual();
      nlohmann::json c = {{"id", "r"}, {"name", person ? n : "Alex Morgan"}};
      if (!person) c["employers"] = {{{"name", n}}};
      const Verdict v = screen(c);
      const Signal* s = find(v, person ? "sanctions.name_match" : "sanctions.entity_match");
      REQUIRE(s != nullptr);
      // Another entry may share the name (a.k.a. rows repeat across networks); this one must
      // be the match or among the other matches.
      bool found = s->evidence["ent_num"] == num;
      for (const auto& o : s->evidence.value("other_matches", nlohmann::json::array()))
        found = found || o["ent_num"] == num;
      CHECK(found);
      ++names;
    }
    for (const auto& w : e.wallets) {
      const Verdict v =
          screen({{"id", "w"}, {"name", "Alex Morgan"}, {"payout", {{"wallet", w.address}}}});
      CHECK(find(v, "sanctions.wallet_match") != nullptr);
      ++wallets;
    }
  }
  CHECK(names >= 60);
  CHECK(wallets >= 10);
  // Romanisation variants of the designated names.
  const std::vector<std::pair<std::string, std::int64_t>> people = {{"Song Kum-hyok", 53821},
                                                                    {"Song Kumhyok", 53821},
                                                                    {"송금혁", 53821},
                                                                    {"Kim Ung-sun", 55064},
                                                                    {"Kim Eungsun", 55064}};
  for (const auto& [n, num] : people) {
    INFO(n);
    const Verdict v = screen({{"id", "v"}, {"name", n}});
    const Signal* s = find(v, "sanctions.name_match");
    REQUIRE(s != nullptr);
    CHECK(s->evidence["ent_num"] == num);
  }
  const std::vector<std::pair<std::string, std::int64_t>> firms = {
      {"Shenyang Geumpungri Network Technology", 55062},
      {"Korea Sinjin Trading", 55063},
      {"Chinyong IT Cooperation", 43379},
      {"Jinyong Information Technology Cooperation Company", 43379}};
  for (const auto& [n, num] : firms) {
    INFO(n);
    const Verdict v =
        screen({{"id", "v"}, {"name", "Alex Morgan"}, {"employers", {{{"name", n}}}}});
    const Signal* s = find(v, "sanctions.entity_match");
    REQUIRE(s != nullptr);
    CHECK(s->evidence["ent_num"] == num);
  }
}
