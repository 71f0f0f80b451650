// The ATS webhooks with signatures computed here from the committed sample payloads, the way
// each ATS documents them: Greenhouse `Signature: sha256 <hex>` and Ashby
// `Ashby-Signature: sha256=<hex>` over the raw body, Lever's `signature` over token +
// triggeredAt.
#include <chrono>

#include "candor/service/signature.hpp"
#include "service_support.hpp"

using namespace candor;
using test::bearer;
using test::json_of;

namespace {

std::string fixture(const std::string& name) {
  return test::read_text(std::filesystem::path(CANDOR_SERVICE_FIXTURES) / name);
}

httplib::Result post_greenhouse(httplib::Client& client, const std::string& body,
                                const std::string& event_id,
                                const std::string& secret = test::kGreenhouseSecret) {
  return client.Post("/v1/webhooks/greenhouse",
                     {{"Signature", "sha256 " + service::hmac_sha256_hex(secret, body)},
                      {"Greenhouse-Event-ID", event_id}},
                     body, "application/json");
}

// A Lever delivery of the sample, triggered `age` ago, with a fresh token unless given.
std::string lever_body(std::chrono::milliseconds age, const std::string& token,
                       const std::string& key = test::kLeverToken) {
  auto body = nlohmann::json::parse(fixture("lever_application_created.json"));
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch()) -
                   age;
  body["triggeredAt"] = now.count();
  body["token"] = token;
  body["signature"] = service::hmac_sha256_hex(key, token + std::to_string(now.count()));
  return body.dump();
}

// Greenhouse's new_candidate_application for greenhouse-60304401, accepted and screened.
void apply_in_greenhouse(httplib::Client& client) {
  const auto applied =
      post_greenhouse(client, fixture("greenhouse_new_candidate_application.json"), "evt-a");
  REQUIRE(applied);
  REQUIRE(applied->status == 202);
  REQUIRE(test::wait_for_job(client, applied->get_header_value("Location"))["status"] == "done");
}

// A text-only candidate screened through POST /v1/screen; its verdict.
nlohmann::json screen_text(httplib::Client& client, const std::string& id, const std::string& name,
                           const std::string& phone) {
  const auto res = client.Post(
      "/v1/screen", bearer(),
      nlohmann::json{{"id", id}, {"name", name}, {"phone", phone}, {"date_of_birth", "1990-02-03"}}
          .dump(),
      "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return json_of(res);
}

bool links_to(const nlohmann::json& verdict, const std::string& other) {
  for (const auto& s : verdict["signals"])
    if (s["id"].get<std::string>().starts_with("links."))
      for (const auto& o : s["evidence"]["others"])
        if (o["id"] == other) return true;
  return false;
}

}  // namespace

TEST_CASE("Greenhouse: a signed application is screened once; a bad signature is 401",
          "[service]") {
  test::RunningService service;
  auto client = service.client();
  const std::string body = fixture("greenhouse_new_candidate_application.json");
  const auto res = post_greenhouse(client, body, "evt-1");
  REQUIRE(res);
  REQUIRE(res->status == 202);
  const auto job = test::wait_for_job(client, res->get_header_value("Location"));
  REQUIRE(job["status"] == "done");
  CHECK(job["candidate"] == "greenhouse-60304401");
  CHECK(job["source"] == "greenhouse");
  CHECK(job["signed"] == true);
  CHECK(json_of(client.Get("/v1/verdicts/greenhouse-60304401", bearer()))["candidate"] ==
        "greenhouse-60304401");

  // The same event again (an ATS retry): answered, not screened again.
  const auto again = post_greenhouse(client, body, "evt-1");
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(json_of(again)["duplicate"] == true);
  CHECK(json_of(again)["job"] == job["id"]);

  const auto forged = post_greenhouse(client, body, "evt-2", "not-the-secret");
  REQUIRE(forged);
  CHECK(forged->status == 401);
  CHECK(json_of(forged)["error"]["code"] == "bad_signature");
  const auto unsigned_ = client.Post("/v1/webhooks/greenhouse", body, "application/json");
  REQUIRE(unsigned_);
  CHECK(unsigned_->status == 401);
  // A body changed after signing.
  auto tampered = client.Post(
      "/v1/webhooks/greenhouse",
      {{"Signature", "sha256 " + service::hmac_sha256_hex(test::kGreenhouseSecret, body)}},
      body + " ", "application/json");
  REQUIRE(tampered);
  CHECK(tampered->status == 401);

  const auto ping = post_greenhouse(client, fixture("greenhouse_ping.json"), "evt-ping");
  REQUIRE(ping);
  CHECK(ping->status == 200);
}

TEST_CASE("Greenhouse delete_candidate erases: a later candidate no longer links to them",
          "[service]") {
  test::RunningService service;
  auto client = service.client();
  apply_in_greenhouse(client);

  // Another person with the same phone links to the Greenhouse candidate...
  const auto other = [&](const std::string& id, const std::string& name) {
    return screen_text(client, id, name, "+1 312 555 0147");
  };
  CHECK(links_to(other("before-delete", "Riley Brandt"), "greenhouse-60304401"));

  const auto deleted =
      post_greenhouse(client, fixture("greenhouse_delete_candidate.json"), "evt-del");
  REQUIRE(deleted);
  CHECK(deleted->status == 200);
  CHECK(json_of(deleted)["erased"] == true);
  CHECK(client.Get("/v1/verdicts/greenhouse-60304401", bearer())->status == 404);
  // ...and after the delete no longer does (it still links to the one screened before).
  const auto after = other("after-delete", "Sam Okafor");
  CHECK_FALSE(links_to(after, "greenhouse-60304401"));
  CHECK(links_to(after, "before-delete"));
}

TEST_CASE("Greenhouse merge_candidate re-keys the merged profile to the survivor", "[service]") {
  test::RunningService service;
  auto client = service.client();
  apply_in_greenhouse(client);
  // The survivor: the same person's second profile, with another phone.
  screen_text(client, "greenhouse-60309999", "Dana Whitfield", "+1 312 555 0199");

  const auto merged = post_greenhouse(client, fixture("greenhouse_merge_candidate.json"), "evt-m");
  REQUIRE(merged);
  CHECK(merged->status == 200);
  CHECK(json_of(merged)["merged"] == true);
  CHECK(json_of(merged)["merged_into"] == "greenhouse-60309999");
  CHECK(client.Get("/v1/verdicts/greenhouse-60304401", bearer())->status == 404);
  CHECK(client.Get("/v1/verdicts/greenhouse-60309999", bearer())->status == 200);

  // The merged profile's phone now belongs to the survivor: someone else holding it links to
  // the survivor, and no longer to the merged id.
  const auto other = screen_text(client, "after-merge", "Sam Okafor", "+1 312 555 0147");
  CHECK(links_to(other, "greenhouse-60309999"));
  CHECK_FALSE(links_to(other, "greenhouse-60304401"));
  // The survivor screened with the merged profile's phone is not "shared" with itself.
  const auto survivor =
      screen_text(client, "greenhouse-60309999", "Dana Whitfield", "+1 312 555 0147");
  CHECK_FALSE(links_to(survivor, "greenhouse-60304401"));
}

TEST_CASE("accepted deliveries and Lever tokens are remembered across a restart", "[service]") {
  test::TempDir data;
  const std::string greenhouse = fixture("greenhouse_new_candidate_application.json");
  const std::string lever = lever_body(std::chrono::seconds(10), "token-restart");
  {
    test::RunningService first(test::test_options(), data.path());
    auto client = first.client();
    const auto applied = post_greenhouse(client, greenhouse, "evt-restart");
    REQUIRE(applied);
    REQUIRE(applied->status == 202);
    const auto job = test::wait_for_job(client, applied->get_header_value("Location"));
    REQUIRE(job["status"] == "done");
    const auto signed_ = client.Post("/v1/webhooks/lever", lever, "application/json");
    REQUIRE(signed_);
    REQUIRE(signed_->status == 202);
    REQUIRE(test::wait_for_job(client, signed_->get_header_value("Location"))["status"] == "done");
  }
  test::RunningService second(test::test_options(), data.path());
  auto client = second.client();
  const auto again = post_greenhouse(client, greenhouse, "evt-restart");
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(json_of(again)["duplicate"] == true);
  const auto replayed = client.Post("/v1/webhooks/lever", lever, "application/json");
  REQUIRE(replayed);
  CHECK(replayed->status == 409);
  // A new event is screened as before.
  const auto fresh = post_greenhouse(client, greenhouse, "evt-after-restart");
  REQUIRE(fresh);
  CHECK(fresh->status == 202);
}

TEST_CASE("Lever: signed token + triggeredAt accepted; bad, replayed and stale refused",
          "[service]") {
  test::RunningService service;
  auto client = service.client();
  const std::string body = lever_body(std::chrono::seconds(2), "tok-1");
  const auto res = client.Post("/v1/webhooks/lever", body, "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 202);
  const auto job = test::wait_for_job(client, res->get_header_value("Location"));
  CHECK(job["status"] == "done");
  CHECK(job["candidate"] == "lever-0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
  CHECK(job["signed"] == false);  // Lever's data is not covered by its signature

  const auto replayed = client.Post("/v1/webhooks/lever", body, "application/json");
  REQUIRE(replayed);
  CHECK(replayed->status == 409);
  CHECK(json_of(replayed)["error"]["code"] == "replayed_token");

  const auto stale = client.Post("/v1/webhooks/lever", lever_body(std::chrono::minutes(6), "tok-2"),
                                 "application/json");
  REQUIRE(stale);
  CHECK(stale->status == 401);
  CHECK(json_of(stale)["error"]["code"] == "stale_delivery");

  const auto forged =
      client.Post("/v1/webhooks/lever", lever_body(std::chrono::seconds(1), "tok-3", "wrong-key"),
                  "application/json");
  REQUIRE(forged);
  CHECK(forged->status == 401);
  CHECK(json_of(forged)["error"]["code"] == "bad_signature");
}

TEST_CASE("Ashby: Ashby-Signature over the raw body", "[service]") {
  test::RunningService service;
  auto client = service.client();
  const std::string body = fixture("ashby_application_submit.json");
  const std::string signature = "sha256=" + service::hmac_sha256_hex(test::kAshbySecret, body);
  const auto res =
      client.Post("/v1/webhooks/ashby", {{"Ashby-Signature", signature}}, body, "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 202);
  const auto job = test::wait_for_job(client, res->get_header_value("Location"));
  CHECK(job["status"] == "done");
  CHECK(job["candidate"] == "ashby-8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5968");
  const auto wrong =
      client.Post("/v1/webhooks/ashby", {{"Ashby-Signature", "sha256=" + std::string(64, '0')}},
                  body, "application/json");
  REQUIRE(wrong);
  CHECK(wrong->status == 401);
  // A signed body with a field of the wrong type: 400 naming it.
  const std::string bad = R"({"action":"applicationSubmit","data":{"application":{"id":"a",)"
                          R"("candidate":{"id":"c","name":7}}}})";
  const auto invalid = client.Post(
      "/v1/webhooks/ashby",
      {{"Ashby-Signature", "sha256=" + service::hmac_sha256_hex(test::kAshbySecret, bad)}}, bad,
      "application/json");
  REQUIRE(invalid);
  CHECK(invalid->status == 400);
  CHECK(json_of(invalid)["error"]["field"] == "/data/application/candidate/name");
}

TEST_CASE("a webhook whose secret is not configured answers 404", "[service]") {
  auto options = test::test_options();
  options.greenhouse_secret.clear();
  options.lever_signature_token.clear();
  options.ashby_secret.clear();
  test::RunningService service(options);
  auto client = service.client();
  CHECK(post_greenhouse(client, fixture("greenhouse_ping.json"), "e")->status == 404);
  CHECK(
      client
          .Post("/v1/webhooks/lever", lever_body(std::chrono::seconds(1), "t"), "application/json")
          ->status == 404);
  CHECK(client.Post("/v1/webhooks/ashby", "{}", "application/json")->status == 404);
}
