// Every vector of ../shared/data/mrz/vectors.json parses to its expected fields and validity.
#include <fstream>
#include <set>

#include "catch.hpp"
#include "fixtures.hpp"
#include "mrz.hpp"

using namespace candor::plugins::document;
using candor::test::shared_dir;

namespace {

nlohmann::json load_vectors() {
  auto path = shared_dir() / "data" / "mrz" / "vectors.json";
  std::ifstream in(path);
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

const Date kReference{2025, 1, 1};

}  // namespace

TEST_CASE("every shared MRZ vector parses to its expected fields and validity", "[document]") {
  nlohmann::json vectors = load_vectors()["vectors"];
  REQUIRE(vectors.size() >= 80);
  int checked = 0;
  for (const auto& v : vectors) {
    std::vector<std::string> lines = v["lines"].get<std::vector<std::string>>();
    Mrz mrz = parse_mrz(lines, kReference);
    INFO(v["id"].get<std::string>() << " " << mrz.to_json().dump());
    CHECK(std::string(format_name(mrz.format)) == v["format"].get<std::string>());
    CHECK(mrz.valid == v["valid"].get<bool>());
    std::set<std::string> failing(mrz.failing.begin(), mrz.failing.end());
    CHECK(failing == v["failing_check"].get<std::set<std::string>>());
    std::set<std::string> warnings(mrz.warnings.begin(), mrz.warnings.end());
    CHECK(warnings == v["warnings"].get<std::set<std::string>>());
    CHECK(mrz.fields_json() == v["parsed"]);
    ++checked;
  }
  CHECK(checked == static_cast<int>(vectors.size()));
}

TEST_CASE("OCR-noisy vectors become valid only through confirmed corrections", "[document]") {
  nlohmann::json vectors = load_vectors()["vectors"];
  int noisy = 0;
  for (const auto& v : vectors) {
    std::string id = v["id"];
    std::vector<std::string> lines = v["lines"].get<std::vector<std::string>>();
    CorrectedMrz fixed = parse_mrz_corrected(lines, kReference);
    INFO(id << " " << fixed.mrz.to_json().dump());
    if (id.find("ocr-noisy") != std::string::npos) {
      ++noisy;
      CHECK_FALSE(parse_mrz(lines, kReference).valid);
      CHECK(fixed.mrz.valid);
      CHECK_FALSE(fixed.corrections.empty());
      CHECK(fixed.mrz.surname == "ERIKSSON");
      CHECK(fixed.mrz.birth_date == "740812");
    } else if (v["valid"].get<bool>()) {
      CHECK(fixed.corrections.empty());
    }
  }
  CHECK(noisy >= 1);
  // Forger's edits are not OCR confusions: correction must not launder them.
  for (const char* id : {"syn-td3-dob-edited-composite-stale", "syn-td3-bad-composite-only",
                         "cheminfo-td1-bel-badnum", "syn-td1-bad-composite"}) {
    for (const auto& v : vectors) {
      if (v["id"] != id) continue;
      CorrectedMrz fixed =
          parse_mrz_corrected(v["lines"].get<std::vector<std::string>>(), kReference);
      INFO(id);
      CHECK_FALSE(fixed.mrz.valid);
      CHECK(fixed.corrections.empty());
    }
  }
}

TEST_CASE("an O read for 0 in a document number is corrected and reported", "[document]") {
  std::vector<std::string> lines{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                 "L8989O2C36UTO7408122F1204159ZE184226B<<<<<10"};
  CorrectedMrz fixed = parse_mrz_corrected(lines, kReference);
  REQUIRE(fixed.mrz.valid);
  INFO(fixed.mrz.document_number);
  REQUIRE(fixed.corrections.size() == 1);
  CHECK(fixed.corrections[0].from == 'O');
  CHECK(fixed.corrections[0].to == '0');
  CHECK(fixed.mrz.document_number == "L898902C3");
}

TEST_CASE("check digits follow ICAO 9303 Part 3 worked examples", "[document]") {
  CHECK(check_digit("520727") == '3');
  CHECK(check_digit("AB2134<<<") == '5');
  CHECK(check_digit("HA672242<658022549601086<<<<<<<<<<<<<<0") == '8');
}

TEST_CASE("two-digit years resolve to a past birth and a near-future expiry", "[document]") {
  Mrz mrz = parse_mrz({"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                       "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
                      kReference);
  REQUIRE(mrz.birth);
  CHECK(mrz.birth->iso() == "1974-08-12");
  CHECK(mrz.expiry->iso() == "2012-04-15");
}

TEST_CASE("several O/D/S misreads in a passport number are repaired when the composite agrees",
          "[document]") {
  CorrectedMrz fixed = parse_mrz_corrected({"P<CANMARTIN<<SARAH<<<<<<<<<<<<<<<<<<<<<<<<<<",
                                            "ZEOODSO9<9CAN8501019F2301147<<<<<<<<<<<<<<08"},
                                           kReference);
  INFO(fixed.mrz.to_json().dump() << " " << parse_mrz(fixed.lines, kReference).to_json().dump());
  CHECK(fixed.mrz.valid);
  CHECK(fixed.mrz.document_number == "ZE000509");
}

TEST_CASE("the Swiss driving licence layout is parsed without check digits", "[document]") {
  // The layout's published example (FEDRO 9/30/30 format, as in the cheminfo/mrz test suite).
  const std::vector<std::string> lines{"AAA001D<<", "FACHE305142128097<<800126<<<<<",
                                       "MARCHAND<<FABIENNE<<<<<<<<<<<<"};
  const Mrz mrz = parse_mrz(lines, kReference);
  CHECK(format_name(mrz.format) == "CH_DL");
  CHECK(mrz.valid);
  CHECK(mrz.check_digits.empty());
  CHECK(mrz.document_code == "FA");
  CHECK(mrz.issuing_state == "CHE");
  CHECK(mrz.document_number == "305142128097");
  CHECK(mrz.surname == "MARCHAND");
  CHECK(mrz.given_names == "FABIENNE");
  REQUIRE(mrz.birth);
  CHECK(mrz.birth->iso() == "1980-01-26");
  const auto fields = mrz.fields_json();
  CHECK(fields["card_code"] == "AAA001D");
  CHECK_FALSE(fields.contains("sex"));
  CHECK_FALSE(fields.contains("expiry_date"));

  // Liechtenstein issues the same card.
  CHECK(parse_mrz({"VDZ123F<<", "FALIE000000123001<<920229<<<<<", "BECK<<ANNA<<<<<<<<<<<<<<<<<<<<"},
                  kReference)
            .valid);
  // An impossible birth date is the one thing that can be wrong with a recognised card.
  const Mrz bad =
      parse_mrz({"AAA001D<<", "FACHE305142128097<<801326<<<<<", "MARCHAND<<FABIENNE<<<<<<<<<<<<"},
                kReference);
  CHECK(format_name(bad.format) == "CH_DL");
  CHECK_FALSE(bad.valid);
  CHECK(bad.fails("birth_date_calendar"));
  // Anything out of place (an unknown language letter, OCR noise in a number) is unrecognised,
  // never invalid: with no check digit there is nothing to confirm a correction against.
  for (const auto& odd : std::vector<std::vector<std::string>>{
           {"AAA001X<<", "FACHE305142128097<<800126<<<<<", "MARCHAND<<FABIENNE<<<<<<<<<<<<"},
           {"AAAOOID<<", "FACHE30514Z1ZB097<<B001Z6<<<<<", "MARCHAND<<FA81ENNE<<<<<<<<<<<<"},
           {"AAA001D<<", "FADEU305142128097<<800126<<<<<", "MARCHAND<<FABIENNE<<<<<<<<<<<<"}}) {
    const CorrectedMrz read = parse_mrz_corrected(odd, kReference);
    CHECK(read.mrz.format == MrzFormat::kUnknown);
    CHECK(read.corrections.empty());
  }
  const CorrectedMrz same = parse_mrz_corrected(lines, kReference);
  CHECK(same.mrz.valid);
  CHECK(same.corrections.empty());
}
