#include "candor/candidate.hpp"
#include "candor/error.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor;
using candor::test::TempDir;
using candor::test::write_text;

namespace {
nlohmann::json parse(const char* text) { return nlohmann::json::parse(text); }
std::string error_of(const char* json) {
  try {
    parse_candidate(parse(json), "c.json", "/nonexistent");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("loader reads every field of candor.candidate/v1", "[core]") {
  TempDir dir;
  write_text(dir / "p.jpg", "x");
  write_text(dir / "times.txt", "2025-01-01T10:00:00Z\n");
  write_text(dir / "c.json", R"({
    "id": "c1", "name": "Ann Lee", "date_of_birth": "1990-01-31", "nationality": "USA",
    "email": "a@x.com", "emails": ["b@x.com", "a@x.com"], "phone": "+1 512 472 3841",
    "claimed_location": {"country": "us", "city": "Austin", "timezone": "America/Chicago"},
    "addresses": [{"kind": "shipping", "text": "1 Main St", "country": "US"}],
    "sessions": [{"ip": "1.2.3.4", "at": "2025-01-02T03:04:05+01:00", "browser_timezone": "UTC",
                  "languages": ["en-US"]}],
    "photos": [{"path": "p.jpg"}],
    "documents": [{"kind": "passport", "mrz": ["A", "B"], "number": "X1"}],
    "activity": {"file": "times.txt", "format": "git", "author": "Ann"},
    "payout": {"wallet": "0xabc"}, "employers": [{"name": "Acme"}],
    "profiles": [{"site": "github", "url": "u"}], "extra": {"kept": true}
  })");
  const Candidate c = load_candidate_file(dir / "c.json");
  CHECK(c.id == "c1");
  CHECK(c.emails == std::vector<std::string>{"a@x.com", "b@x.com"});
  CHECK(c.claimed_location.country == "US");
  REQUIRE(c.sessions.size() == 1);
  CHECK(*c.sessions[0].at == 1735783445);  // 2025-01-02T02:04:05Z
  CHECK(c.photos[0].path == dir / "p.jpg");
  CHECK(c.photos[0].kind == "profile");
  CHECK(c.documents[0].mrz.size() == 2);
  REQUIRE(c.activity);
  CHECK(c.activity->format == "git");
  CHECK(c.activity->options["author"] == "Ann");
  CHECK(c.payout.wallet == "0xabc");
  CHECK(c.raw["extra"]["kept"] == true);
}

TEST_CASE("loader errors name the file, the JSON pointer and the problem", "[core]") {
  CHECK(error_of("{}") == "c.json: /id: required field is missing");
  CHECK(error_of(R"({"id": ""})") == "c.json: /id: must not be empty");
  CHECK(error_of(R"({"id": "x", "name": 5})") == "c.json: /name: expected a string, got number");
  CHECK(error_of(R"({"id": "x", "sessions": {}})") ==
        "c.json: /sessions: expected an array, got object");
  CHECK(error_of(R"({"id": "x", "sessions": [{"ip": "1.1.1.1", "at": "yesterday"}]})") ==
        "c.json: /sessions/0/at: expected an RFC 3339 instant, got \"yesterday\"");
  CHECK(error_of(R"({"id": "x", "emails": ["a", 1]})") ==
        "c.json: /emails/1: expected a string, got number");
  CHECK(error_of(R"({"id": "x", "date_of_birth": "1990-02-30"})") ==
        "c.json: /date_of_birth: expected a date YYYY-MM-DD, got \"1990-02-30\"");
  CHECK(error_of(R"({"id": "x", "claimed_location": {"country": "USA"}})") ==
        "c.json: /claimed_location/country: expected an ISO 3166-1 alpha-2 code such as \"US\"");
  CHECK(error_of(R"({"id": "x", "photos": [{"path": "missing.jpg"}]})") ==
        "c.json: /photos/0/path: cannot read file \"missing.jpg\" (a readable regular file)");
  CHECK(error_of(R"({"id": "x", "activity": {"file": "a.txt", "format": "xml"}})")
            .find("/activity/file: cannot read file") != std::string::npos);
  CHECK(error_of("[1]") == "c.json: /: expected an object");
}

TEST_CASE("an IP address or a time zone that is not one is named and left out", "[core]") {
  const Candidate c = parse_candidate(parse(R"({
    "id": "x", "claimed_location": {"country": "US", "timezone": "Mars/Olympus"},
    "sessions": [{"ip": "1.2.3.4"}, {"ip": "1.2.3.4 ", "browser_timezone": "Central Time"},
                 {"ip": "2001:db8::1", "browser_timezone": "America/Chicago"}, {"ip": "300.1.1.1"}]
  })"),
                                      "c.json", "/nonexistent");
  CHECK(c.invalid_fields ==
        std::vector<std::string>{"/claimed_location/timezone: not an IANA time zone (left out)",
                                 "/sessions/1/ip: not an IP address (left out)",
                                 "/sessions/1/browser_timezone: not an IANA time zone (left out)",
                                 "/sessions/3/ip: not an IP address (left out)"});
  CHECK(c.claimed_location.timezone.empty());
  REQUIRE(c.sessions.size() == 4);
  CHECK(c.sessions[0].ip == "1.2.3.4");
  CHECK(c.sessions[1].ip.empty());
  CHECK(c.sessions[1].browser_timezone.empty());
  CHECK(c.sessions[2].ip == "2001:db8::1");
  CHECK(c.sessions[2].browser_timezone == "America/Chicago");
  CHECK(c.sessions[3].ip.empty());
  CHECK(error_of(R"({"id": "x", "claimed_location": {"country": "U1"}})") ==
        "c.json: /claimed_location/country: expected an ISO 3166-1 alpha-2 code such as \"US\"");
}

TEST_CASE("loader reports broken JSON and unreadable files", "[core]") {
  TempDir dir;
  write_text(dir / "broken.json", R"({"id": "x",)");
  CHECK_THROWS_WITH(load_candidate_file(dir / "broken.json"),
                    Catch::Contains("broken.json: byte") && Catch::Contains("malformed JSON"));
  CHECK_THROWS_WITH(load_candidate_file(dir / "none.json"),
                    Catch::EndsWith("none.json: cannot open file"));
}

TEST_CASE("RFC 3339 instants parse with offsets and reject malformed text", "[core]") {
  CHECK(parse_rfc3339("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_rfc3339("2024-02-29T12:00:00.123-05:30") == 1709227800);
  CHECK_FALSE(parse_rfc3339("2023-02-29T12:00:00Z"));
  CHECK_FALSE(parse_rfc3339("2024-01-01T12:00:00"));
  CHECK_FALSE(parse_rfc3339("2024-01-01T25:00:00Z"));
  CHECK(format_rfc3339(1709227800) == "2024-02-29T17:30:00Z");
}

TEST_CASE("CSV rows from an ATS export map to candidates with multi-value cells", "[core]") {
  const std::vector<std::string> header = {"id",
                                           "name",
                                           "Emails",
                                           "phone",
                                           "claimed_country",
                                           "ip",
                                           "browser_timezone",
                                           "shipping_address",
                                           "other"};
  const std::vector<std::string> row = {
      "7",  "Bo Kim",          "a@x.com; b@x.com", "+1 512 472 3841",
      "US", "1.2.3.4|5.6.7.8", "Asia/Seoul",       "1 Main St",
      "z"};
  const auto json = candidate_json_from_csv(header, row, "in.csv", 3);
  const Candidate c = parse_candidate(json, "in.csv:3", ".");
  CHECK(c.id == "7");
  CHECK(c.emails.size() == 2);
  CHECK(c.sessions.size() == 2);
  CHECK(c.sessions[1].browser_timezone == "Asia/Seoul");
  CHECK(c.addresses[0].kind == "shipping");
  CHECK_THROWS_WITH(candidate_json_from_csv(header, {"1"}, "in.csv", 4),
                    "in.csv: line 4: expected 9 columns as in the header, got 1");
  std::vector<std::string> no_id = row;
  no_id[0] = "";
  CHECK_THROWS_WITH(candidate_json_from_csv(header, no_id, "in.csv", 5),
                    "in.csv: line 5, column id: required value is empty");
}

TEST_CASE("inline images arrive as base64 bytes; paths can be refused", "[core]") {
  CHECK(encode_base64("") == "");
  CHECK(encode_base64("f") == "Zg==");
  CHECK(encode_base64("foobar") == "Zm9vYmFy");
  CHECK(decode_base64("Zm9vYg==") == std::optional<std::string>("foob"));
  CHECK(decode_base64("Zm9vYg") == std::optional<std::string>("foob"));
  CHECK_FALSE(decode_base64("Zm9v!mFy"));
  CHECK_FALSE(decode_base64("Z"));
  const std::string bytes("\xff\xd8\x00\x01\x02", 5);
  CHECK(decode_base64(encode_base64(bytes)) == std::optional<std::string>(bytes));

  FileRules service;
  service.allow_paths = false;
  service.max_inline_bytes = 16;
  const auto c = parse_candidate(
      nlohmann::json{{"id", "i"},
                     {"photos", {{{"data", encode_base64("0123456789")}, {"kind", "selfie"}}}},
                     {"documents", {{{"kind", "passport"}, {"image_data", encode_base64("ab")}}}}},
      "request", {}, service);
  REQUIRE(c.photos.size() == 1);
  REQUIRE(c.photos[0].data);
  CHECK(*c.photos[0].data == "0123456789");
  CHECK(c.photos[0].path.empty());
  CHECK(c.photos[0].kind == "selfie");
  REQUIRE(c.documents.size() == 1);
  CHECK(c.documents[0].has_image());
  CHECK(*c.documents[0].image_data == "ab");

  const auto error = [&](const nlohmann::json& j) {
    try {
      parse_candidate(j, "request", {}, service);
    } catch (const InputError& e) {
      return e.field() + ": " + e.problem();
    }
    return std::string("no error");
  };
  CHECK(error({{"id", "i"}, {"photos", {{{"path", "/etc/hosts"}}}}}).starts_with("/photos/0/path"));
  CHECK(error({{"id", "i"}, {"photos", {{{"data", "!!"}}}}}).starts_with("/photos/0/data"));
  CHECK(error({{"id", "i"}, {"photos", {{{"data", encode_base64(std::string(40, 'x'))}}}}})
            .find("larger than 16 bytes") != std::string::npos);
  CHECK(error({{"id", "i"}, {"documents", {{{"image", "x.jpg"}}}}})
            .starts_with("/documents/0/image"));
}
