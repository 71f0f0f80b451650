// The UN Security Council Consolidated List (consolidated.xml) and OpenSanctions'
// targets.simple.csv, read from a --sanctions-dir beside OFAC's files and screened through the
// real plugin and pipeline.
#include <sys/stat.h>

#include <algorithm>

#include "candor/error.hpp"
#include "candor/pipeline.hpp"
#include "catch.hpp"
#include "fixtures.hpp"
#include "identifiers.hpp"
#include "opensanctions_list.hpp"
#include "sdn_list.hpp"
#include "un_list.hpp"

namespace candor::plugins::sanctions {
std::shared_ptr<PluginFactory> make_factory();
}

using namespace candor;
namespace sanctions = candor::plugins::sanctions;

namespace {

// One DPRK individual (exact DOB, passport, nationality, an alias and an empty alias row as the
// UN writes them) and one entity with an alias, in the UN's element names.
const char* kUnXml = R"(<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" dateGenerated="2026-09-14T23:00:00.818Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>6908901</DATAID>
      <VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>TESKALD</FIRST_NAME>
      <SECOND_NAME>RYOVAN</SECOND_NAME>
      <THIRD_NAME>HWANMIR</THIRD_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPi.901</REFERENCE_NUMBER>
      <LISTED_ON>2017-08-05</LISTED_ON>
      <COMMENTS1>Representative abroad; nationality of his employer unknown.</COMMENTS1>
      <NATIONALITY><VALUE>Democratic People's Republic of Korea</VALUE></NATIONALITY>
      <LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Vorstad Ilmarek</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Kim</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ADDRESS><CITY>Dandong</CITY><COUNTRY>China</COUNTRY></INDIVIDUAL_ADDRESS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1970-02-05</DATE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_PLACE_OF_BIRTH><CITY>Pyongyang</CITY><COUNTRY>Democratic People's Republic of Korea</COUNTRY></INDIVIDUAL_PLACE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>836 110 456</NUMBER><ISSUING_COUNTRY>Democratic People's Republic of Korea</ISSUING_COUNTRY></INDIVIDUAL_DOCUMENT>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <DATAID>6908902</DATAID>
      <FIRST_NAME>ORVEK</FIRST_NAME>
      <SECOND_NAME>DALMIRAN</SECOND_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPi.902</REFERENCE_NUMBER>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1960</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1962</FROM_YEAR><TO_YEAR>1965</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1967</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>National Identification Number</TYPE_OF_DOCUMENT><NUMBER>PD-55 1207 (expired)</NUMBER></INDIVIDUAL_DOCUMENT>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <DATAID>6908950</DATAID>
      <FIRST_NAME>KORYO VELMAST TRADING CORPORATION</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPe.950</REFERENCE_NUMBER>
      <COMMENTS1>Front company.</COMMENTS1>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Velmast General Trading</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ADDRESS><STREET>Sosong Street</STREET><CITY>Pyongyang</CITY><COUNTRY>Democratic People's Republic of Korea</COUNTRY></ENTITY_ADDRESS>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
)";

// A person with a birth date and an e-mail, and a company; columns reordered and one added,
// as later exports may have them.
const char* kOpenSanctionsCsv =
    "id,name,schema,aliases,birth_date,countries,addresses,identifiers,sanctions,phones,emails,"
    "program_ids,dataset,first_seen,last_seen,last_change,topics\n"
    "NK-qst85,Marvolen Quistrade,Person,Marvo Quistrade,1985-03-12,kp;cn,\"Shenyang, China\","
    "K7720431,UN sanctions,+86 24 5555 0199,m.quistrade@example.com,UN-SC1718,"
    "UN Security Council,2022-01-01T00:00:00,2026-11-30T00:00:00,2026-11-28T10:00:00,sanction\n"
    "NK-zlv01,\"Zhelvar Network Technology Co., Ltd\",Company,Zhelvar Networks,,cn,"
    "\"Dandong, China\",91210600MA0QCX3X,US sanctions,,contact@zhelvar.example,US-DPRK3,"
    "US OFAC,2023-05-01T00:00:00,2026-11-30T00:00:00,2026-11-29T08:00:00,sanction\n"
    "NK-wlt01,bc1qexamplewalletaddress,CryptoWallet,,,,,,,,,,OFAC,2024-01-01,2026-11-30,"
    "2026-11-20T00:00:00,sanction\n";

const Signal* find(const Verdict& v, const std::string& id) {
  for (const auto& s : v.signals)
    if (s.signal.id == id) return &s.signal;
  return nullptr;
}

std::shared_ptr<PluginFactory> configured(const std::filesystem::path& data_dir,
                                          nlohmann::json section) {
  auto factory = sanctions::make_factory();
  factory->configure(section, PluginSetup{DataDir(data_dir), nullptr, "test-policy.json"});
  return factory;
}

// A factory over one folder holding both fixtures.
struct Lists {
  test::TempDir tmp;
  std::shared_ptr<PluginFactory> factory;
  Lists() {
    test::write_text(tmp / "lists/consolidated.xml", kUnXml);
    test::write_text(tmp / "lists/targets.simple.csv", kOpenSanctionsCsv);
    factory = configured(tmp.path(), {{"dirs", {(tmp / "lists").string()}}});
  }
  Verdict screen(const nlohmann::json& candidate) const {
    Pipeline pipeline(default_policy(), {factory}, nullptr);
    return pipeline.make_worker()->screen(parse_candidate(candidate, "t.json", "/"));
  }
};

constexpr std::int64_t kTeskald = sanctions::kUnEntNumOffset + 6908901;
constexpr std::int64_t kVelmast = sanctions::kUnEntNumOffset + 6908950;

}  // namespace

TEST_CASE("sanctions lists: the UN list's rows become entries with OFAC-style remarks",
          "[sanctions]") {
  test::TempDir tmp;
  test::write_text(tmp / "consolidated.xml", kUnXml);
  sanctions::SdnList list;
  REQUIRE(sanctions::load_sdn_folder(tmp.path(), list) == 1);
  sanctions::finish_sdn_list(list);
  REQUIRE(list.entries.size() == 3);
  const auto& person = list.entries.at(kTeskald);
  CHECK(person.name == "TESKALD RYOVAN HWANMIR");
  CHECK(person.individual());
  CHECK(person.kind() == sanctions::EntryKind::person);
  CHECK(person.programs == std::vector<std::string>{"DPRK"});
  CHECK(person.reference == "KPi.901");
  CHECK(person.list == "UN Security Council");
  // The empty alias row and the UN's "Low" quality alias ("Kim") are left out.
  REQUIRE(person.aliases.size() == 1);
  CHECK(person.aliases[0].type == "aka");
  CHECK(person.aliases[0].name == "Vorstad Ilmarek");
  CHECK(person.addresses == std::vector<std::string>{"Dandong, China"});
  CHECK(person.remarks ==
        "DOB 05 Feb 1970; POB Pyongyang, Democratic People's Republic of Korea; nationality "
        "Democratic People's Republic of Korea; Passport 836110456 (Democratic People's "
        "Republic of Korea).");
  const auto ids = sanctions::parse_identifiers(person.remarks);
  REQUIRE(ids.dobs.size() == 1);
  CHECK(ids.dobs[0].day == 5);
  CHECK(ids.dobs[0].month == 2);
  CHECK(ids.dobs[0].year_from == 1970);
  CHECK(ids.nationalities == std::vector<std::string>{"KP"});
  CHECK(ids.documents == std::vector<std::string>{"836110456"});

  // An approximate year reads as circa (± 1), a range as `A to B`, a bare year as that year.
  const auto& approximate = list.entries.at(sanctions::kUnEntNumOffset + 6908902);
  CHECK(approximate.remarks ==
        "DOB circa 1960; DOB 1962 to 1965; DOB 1967; Identification Number PD551207.");
  const auto dobs = sanctions::parse_identifiers(approximate.remarks).dobs;
  REQUIRE(dobs.size() == 3);
  CHECK(dobs[0].year_from == 1959);
  CHECK(dobs[0].year_to == 1961);
  CHECK(dobs[1].year_from == 1962);
  CHECK(dobs[1].year_to == 1965);
  CHECK(dobs[2].year_from == 1967);

  const auto& firm = list.entries.at(kVelmast);
  CHECK(firm.kind() == sanctions::EntryKind::entity);
  CHECK(firm.type.empty());
  CHECK(firm.remarks.empty());
  REQUIRE(firm.aliases.size() == 1);
  CHECK(firm.aliases[0].name == "Velmast General Trading");
  CHECK(firm.addresses == std::vector<std::string>{
                              "Sosong Street, Pyongyang, Democratic People's Republic of Korea"});

  REQUIRE(list.lists.size() == 1);
  CHECK(list.lists[0].name == "UN Security Council");
  CHECK(list.lists[0].published == "2026-09-14");
  CHECK(list.files == std::vector<std::filesystem::path>{tmp / "consolidated.xml"});

  // The same file in a second folder adds nothing and keeps the first rows.
  test::write_text(tmp / "again/consolidated.xml", kUnXml);
  REQUIRE(sanctions::load_sdn_folder(tmp / "again", list) == 1);
  CHECK(list.entries.size() == 3);
  CHECK(list.entries.at(kTeskald).aliases.size() == 1);
}

TEST_CASE("sanctions lists: a UN person matches by name and alias, not with another DOB",
          "[sanctions]") {
  const Lists lists;
  const Verdict by_name = lists.screen({{"id", "u1"}, {"name", "Teskald Ryovan Hwanmir"}});
  const Signal* s = find(by_name, "sanctions.name_match");
  REQUIRE(s != nullptr);
  CHECK(s->evidence["ent_num"] == kTeskald);
  CHECK(s->evidence["list"] == "UN Security Council");
  CHECK(s->evidence["list_published"] == "2026-09-14");
  CHECK(s->evidence["reference"] == "KPi.901");
  CHECK(s->evidence["program"] == nlohmann::json::array({"DPRK"}));
  CHECK_THAT(s->summary, Catch::Contains("UN Security Council entry"));

  const Verdict by_alias = lists.screen({{"id", "u2"}, {"name", "Ilmarek Vorstad"}});
  const Signal* alias = find(by_alias, "sanctions.name_match");
  REQUIRE(alias != nullptr);
  CHECK(alias->evidence["ent_num"] == kTeskald);
  CHECK(alias->evidence["matched_name"] == "Vorstad Ilmarek");

  const Verdict agrees = lists.screen(
      {{"id", "u3"}, {"name", "Teskald Ryovan Hwanmir"}, {"date_of_birth", "1970-02-05"}});
  const Signal* same = find(agrees, "sanctions.name_match");
  REQUIRE(same != nullptr);
  CHECK(same->evidence["identifiers"][0]["result"] == "date agrees");
  CHECK(same->evidence["llr_parts"]["identifiers"] == 3.0);

  const Verdict contradicts = lists.screen(
      {{"id", "u4"}, {"name", "Teskald Ryovan Hwanmir"}, {"date_of_birth", "1988-02-05"}});
  CHECK(find(contradicts, "sanctions.name_match") == nullptr);
  const Verdict other_nationality =
      lists.screen({{"id", "u5"}, {"name", "Teskald Ryovan Hwanmir"}, {"nationality", "US"}});
  CHECK(find(other_nationality, "sanctions.name_match") == nullptr);

  // The listed passport number is the candidate's: hard, whatever the name.
  const Verdict passport =
      lists.screen({{"id", "u6"},
                    {"name", "Alex Morgan"},
                    {"documents", {{{"kind", "passport"}, {"number", "836110456"}}}}});
  const Signal* document = find(passport, "sanctions.identifier_match");
  REQUIRE(document != nullptr);
  CHECK(document->hard);
  CHECK(document->evidence["ent_num"] == kTeskald);
  CHECK(document->evidence["list"] == "UN Security Council");
  CHECK(document->evidence["list_published"] == "2026-09-14");
  CHECK(passport.band == Band::critical);
}

TEST_CASE("sanctions lists: a UN entity matches an employer or payee, never a person",
          "[sanctions]") {
  const Lists lists;
  for (const char* employer : {"Koryo Velmast Trading Corporation", "Velmast General Trading"}) {
    INFO(employer);
    const Verdict v = lists.screen(
        {{"id", "e1"}, {"name", "Alex Morgan"}, {"employers", {{{"name", employer}}}}});
    const Signal* s = find(v, "sanctions.entity_match");
    REQUIRE(s != nullptr);
    CHECK(s->evidence["ent_num"] == kVelmast);
    CHECK(s->evidence["type"] == "entity");
    CHECK(s->evidence["list"] == "UN Security Council");
  }
  const Verdict payee = lists.screen({{"id", "e2"},
                                      {"name", "Alex Morgan"},
                                      {"payout", {{"beneficiary", "Koryo Velmast Trading Corp"}}}});
  CHECK(find(payee, "sanctions.entity_match") != nullptr);
  const Verdict person = lists.screen({{"id", "e3"}, {"name", "Velmast General Trading"}});
  CHECK(find(person, "sanctions.name_match") == nullptr);
}

TEST_CASE("sanctions lists: OpenSanctions names, e-mails, DOBs and companies", "[sanctions]") {
  const Lists lists;
  const auto first_os = sanctions::kOpenSanctionsEntNumOffset + 1;
  const Verdict by_name = lists.screen({{"id", "o1"}, {"name", "Marvolen Quistrade"}});
  const Signal* s = find(by_name, "sanctions.name_match");
  REQUIRE(s != nullptr);
  CHECK(s->evidence["ent_num"] == first_os);
  CHECK(s->evidence["list"] == "OpenSanctions");
  CHECK(s->evidence["list_published"] == "2026-11-29");  // the newest last_change
  CHECK(s->evidence["reference"] == "NK-qst85");
  CHECK(s->evidence["program"] == nlohmann::json::array({"UN-SC1718"}));
  const Verdict by_alias = lists.screen({{"id", "o2"}, {"name", "Marvo Quistrade"}});
  REQUIRE(find(by_alias, "sanctions.name_match") != nullptr);

  const Verdict email = lists.screen(
      {{"id", "o3"}, {"name", "Alex Morgan"}, {"emails", {"M.Quistrade@example.com"}}});
  const Signal* hard = find(email, "sanctions.identifier_match");
  REQUIRE(hard != nullptr);
  CHECK(hard->hard);
  CHECK(hard->evidence["ent_num"] == first_os);
  CHECK(hard->evidence["list"] == "OpenSanctions");
  CHECK(hard->evidence["list_published"] == "2026-11-29");
  CHECK(hard->evidence["reference"] == "NK-qst85");
  CHECK_THAT(hard->summary, Catch::Contains("OpenSanctions"));
  CHECK(email.band == Band::critical);

  const Verdict agrees = lists.screen({{"id", "o4"},
                                       {"name", "Marvolen Quistrade"},
                                       {"date_of_birth", "1985-03-12"},
                                       {"phones", {"+86 24 5555 0199"}}});
  const Signal* same = find(agrees, "sanctions.name_match");
  REQUIRE(same != nullptr);
  CHECK(same->evidence["llr_parts"]["identifiers"] == 5.0);  // date 3.0 + phone 2.0
  const Verdict contradicts =
      lists.screen({{"id", "o5"}, {"name", "Marvolen Quistrade"}, {"date_of_birth", "1991-03-12"}});
  CHECK(find(contradicts, "sanctions.name_match") == nullptr);
  // `countries` is not a nationality: another one does not clear the match.
  const Verdict nationality =
      lists.screen({{"id", "o6"}, {"name", "Marvolen Quistrade"}, {"nationality", "US"}});
  CHECK(find(nationality, "sanctions.name_match") != nullptr);
  // A person's listed identifier is compared like a passport number.
  const Verdict document =
      lists.screen({{"id", "o7"},
                    {"name", "Alex Morgan"},
                    {"documents", {{{"kind", "passport"}, {"number", "K7720431"}}}}});
  CHECK(find(document, "sanctions.identifier_match") != nullptr);

  const Verdict employer =
      lists.screen({{"id", "o8"},
                    {"name", "Alex Morgan"},
                    {"employers", {{{"name", "Zhelvar Network Technology"}}}}});
  const Signal* firm = find(employer, "sanctions.entity_match");
  REQUIRE(firm != nullptr);
  CHECK(firm->evidence["list"] == "OpenSanctions");
  CHECK(firm->evidence["reference"] == "NK-zlv01");
  const Verdict person = lists.screen({{"id", "o9"}, {"name", "Zhelvar Networks"}});
  CHECK(find(person, "sanctions.name_match") == nullptr);
  // A company's registration number is not a candidate's document.
  const Verdict registration =
      lists.screen({{"id", "o10"},
                    {"name", "Alex Morgan"},
                    {"documents", {{{"kind", "passport"}, {"number", "91210600MA0QCX3X"}}}}});
  CHECK(find(registration, "sanctions.identifier_match") == nullptr);
}

TEST_CASE("sanctions lists: readiness names the UN and OpenSanctions lists with their dates",
          "[sanctions]") {
  const Lists lists;
  const Readiness r = lists.factory->readiness();
  REQUIRE(r.ready);
  CHECK_THAT(r.detail, Catch::Contains("UN Security Council of 2026-09-14"));
  CHECK_THAT(r.detail, Catch::Contains("OpenSanctions of 2026-11-29"));
  CHECK_THAT(r.detail, Catch::Contains("from 2 files"));
  CHECK(r.notes.size() == 2);

  // The data directory's sanctions/ folder is read when it holds only the UN list.
  test::TempDir data;
  test::write_text(data / "sanctions/consolidated.xml", kUnXml);
  const auto f = configured(data.path(), nlohmann::json::object());
  REQUIRE(f->readiness().ready);
  CHECK_THAT(f->readiness().detail, Catch::Contains("UN Security Council of 2026-09-14"));

  const auto feeds = sanctions::make_factory()->feeds();
  const auto un = std::find_if(feeds.begin(), feeds.end(),
                               [](const Feed& feed) { return feed.name == "un-consolidated"; });
  REQUIRE(un != feeds.end());
  CHECK(un->url == "https://scsanctions.un.org/resources/xml/en/consolidated.xml");
  CHECK(un->file == "sanctions/consolidated.xml");
  CHECK(un->max_bytes == (16ull << 20));
}

TEST_CASE("sanctions lists: damaged UN and OpenSanctions files are DataErrors naming the file",
          "[sanctions]") {
  test::TempDir tmp;
  const std::string xml(kUnXml);
  test::write_text(tmp / "truncated/consolidated.xml", xml.substr(0, xml.size() / 2));
  CHECK_THROWS_MATCHES(configured(tmp.path(), {{"dirs", {(tmp / "truncated").string()}}}),
                       DataError, Catch::Matchers::Predicate<DataError>([](const DataError& e) {
                         const std::string m = e.what();
                         return m.find("consolidated.xml") != std::string::npos &&
                                m.find("line ") != std::string::npos &&
                                m.find("malformed XML") != std::string::npos;
                       }));
  test::write_text(tmp / "root/consolidated.xml", "<?xml version=\"1.0\"?><sdnList/>");
  CHECK_THROWS_WITH(configured(tmp.path(), {{"dirs", {(tmp / "root").string()}}}),
                    Catch::Contains("consolidated.xml") && Catch::Contains("CONSOLIDATED_LIST"));
  test::write_text(tmp / "dataid/consolidated.xml",
                   "<CONSOLIDATED_LIST><INDIVIDUALS>\n<INDIVIDUAL><DATAID>x1</DATAID>"
                   "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>");
  CHECK_THROWS_WITH(configured(tmp.path(), {{"dirs", {(tmp / "dataid").string()}}}),
                    Catch::Contains("consolidated.xml: line 2: INDIVIDUAL DATAID 'x1'"));

  test::write_text(tmp / "noname/targets.simple.csv",
                   "id,schema,aliases,birth_date\nNK-1,Person,Someone,1980\n");
  CHECK_THROWS_WITH(configured(tmp.path(), {{"dirs", {(tmp / "noname").string()}}}),
                    Catch::Contains("targets.simple.csv") && Catch::Contains("'name' column"));
  test::write_text(tmp / "quote/targets.simple.csv", "id,schema,name\nNK-1,Person,\"Unclosed\n");
  CHECK_THROWS_WITH(configured(tmp.path(), {{"dirs", {(tmp / "quote").string()}}}),
                    Catch::Contains("targets.simple.csv") && Catch::Contains("unclosed quote"));
  test::write_text(tmp / "empty/targets.simple.csv", "");
  CHECK_THROWS_AS(configured(tmp.path(), {{"dirs", {(tmp / "empty").string()}}}), DataError);
}

TEST_CASE("sanctions lists: a FIFO or a list over its policy limit is refused unread, named",
          "[sanctions]") {
  test::TempDir tmp;
  // A tampered mirror's sdn.csv that never ends must not hang every later run.
  std::filesystem::create_directories(tmp / "fifo");
  REQUIRE(mkfifo((tmp / "fifo/sdn.csv").c_str(), 0600) == 0);
  sanctions::SdnList list;
  CHECK_THROWS_WITH(sanctions::load_sdn_folder(tmp / "fifo", list),
                    (tmp / "fifo/sdn.csv").string() + ": not a regular file");

  test::write_text(tmp / "lists/consolidated.xml", kUnXml);
  test::write_text(tmp / "lists/targets.simple.csv", kOpenSanctionsCsv);
  test::write_text(tmp / "lists/sdn.csv", "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\"\n");
  Limits limits;
  REQUIRE(sanctions::load_sdn_folder(tmp / "lists", list, limits) == 3);
  limits.sdn_file_bytes = 10;
  CHECK_THROWS_WITH(sanctions::load_sdn_folder(tmp / "lists", list, limits),
                    (tmp / "lists/sdn.csv").string() + ": larger than 10 bytes");
  limits = {};
  limits.un_list_bytes = 100;
  CHECK_THROWS_WITH(
      sanctions::load_sdn_folder(tmp / "lists", list, limits),
      Catch::Contains("consolidated.xml") && Catch::Contains("larger than 100 bytes"));
  limits = {};
  limits.opensanctions_list_bytes = 100;
  CHECK_THROWS_WITH(sanctions::load_sdn_folder(tmp / "lists", list, limits),
                    (tmp / "lists/targets.simple.csv").string() + ": larger than 100 bytes");
  // Through the plugin, the limit is the policy's.
  PluginSetup setup{DataDir(tmp.path()), nullptr, "p.json"};
  setup.limits.sdn_file_bytes = 10;
  auto factory = sanctions::make_factory();
  CHECK_THROWS_WITH(factory->configure({{"dirs", {(tmp / "lists").string()}}}, setup),
                    Catch::Contains("sdn.csv: larger than 10 bytes"));
}

TEST_CASE("sanctions lists: wallet codes and addresses longer than sdn_wallet_chars are left out",
          "[sanctions]") {
  const std::string remarks = "Digital Currency Address - XBT " + std::string(40, 'a') + ";";
  CHECK(sanctions::parse_wallets(remarks).size() == 1);
  CHECK(sanctions::parse_wallets(remarks, 39).empty());
}

TEST_CASE("sanctions lists: a DOCTYPE's external entities are never read from the UN list",
          "[sanctions]") {
  test::TempDir tmp;
  test::write_text(tmp / "secret.txt", "QZXSECRETNAME");
  test::write_text(tmp / "secret.dtd", "<!ENTITY leaked \"QZXSECRETNAME\">");
  const std::string prologue = "<?xml version=\"1.0\"?>\n<!DOCTYPE CONSOLIDATED_LIST [\n";
  const std::string body =
      "]>\n<CONSOLIDATED_LIST dateGenerated=\"2026-09-14T00:00:00Z\"><INDIVIDUALS>\n"
      "<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>PLAIN &xxe; NAME</FIRST_NAME>"
      "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>OTHER &leaked; NAME</ALIAS_NAME>"
      "</INDIVIDUAL_ALIAS></INDIVIDUAL>\n</INDIVIDUALS></CONSOLIDATED_LIST>\n";
  const std::string secret_url = "file://" + (tmp / "secret.txt").string();
  const std::string dtd_url = "file://" + (tmp / "secret.dtd").string();
  auto holds_secret = [](const sanctions::SdnList& list) {
    for (const auto& [num, e] : list.entries) {
      if (e.name.find("QZXSECRETNAME") != std::string::npos ||
          e.remarks.find("QZXSECRETNAME") != std::string::npos)
        return true;
      for (const auto& a : e.aliases)
        if (a.name.find("QZXSECRETNAME") != std::string::npos) return true;
    }
    return false;
  };

  // An external general entity: declared, never loaded; the reference is left out.
  test::write_text(tmp / "general/consolidated.xml",
                   prologue + "  <!ENTITY xxe SYSTEM \"" + secret_url + "\">\n" +
                       "  <!ENTITY leaked \"internal\">\n" + body);
  sanctions::SdnList general;
  REQUIRE_NOTHROW(sanctions::load_sdn_folder(tmp / "general", general));
  REQUIRE(general.entries.size() == 1);
  CHECK(general.entries.begin()->second.name == "PLAIN NAME");
  CHECK_FALSE(holds_secret(general));

  // An external parameter entity that would declare `leaked`: never loaded, so `leaked` is
  // undeclared and the file is refused, naming it.
  test::write_text(tmp / "parameter/consolidated.xml",
                   prologue + "  <!ENTITY xxe SYSTEM \"" + secret_url + "\">\n" +
                       "  <!ENTITY % remote SYSTEM \"" + dtd_url + "\">\n  %remote;\n" + body);
  sanctions::SdnList parameter;
  try {
    sanctions::load_sdn_folder(tmp / "parameter", parameter);
  } catch (const DataError& e) {
    CHECK_THAT(e.what(), Catch::Contains("consolidated.xml") && !Catch::Contains("QZXSECRETNAME"));
  }
  CHECK_FALSE(holds_secret(parameter));
}
