// The REST endpoints through a real server and client: verdicts, auth, limits, bad input,
// inline images, the bounded queue, health and metrics.
#include <opencv2/imgcodecs.hpp>

#include "candor/candidate.hpp"
#include "candor/service/signature.hpp"
#include "service_support.hpp"

using namespace candor;
using test::bearer;
using test::json_of;

namespace {

std::string honest(const std::string& id, const std::string& phone = "+1 312 555 0199") {
  return nlohmann::json{{"id", id},
                        {"name", "Morgan Lee"},
                        {"email", "morgan.lee@example.com"},
                        {"phone", phone},
                        {"claimed_location", {{"country", "US"}, {"timezone", "America/Chicago"}}}}
      .dump();
}

std::string jpeg_base64(int width, int height) {
  cv::Mat image(height, width, CV_8UC3, cv::Scalar(30, 140, 210));
  std::vector<unsigned char> bytes;
  REQUIRE(cv::imencode(".jpg", image, bytes));
  return encode_base64(std::string(bytes.begin(), bytes.end()));
}

// A PNG whose header declares 100000 x 100000 pixels: refused before decoding.
std::string huge_png_base64() {
  std::string png = "\x89PNG\r\n\x1a\n";
  png += std::string("\0\0\0\x0d", 4) + "IHDR";
  png += std::string("\x00\x01\x86\xa0\x00\x01\x86\xa0", 8);  // 100000, 100000
  png += std::string("\x08\x02\x00\x00\x00", 5) + std::string(4, '\0');
  return encode_base64(png);
}

std::string with_photo(const std::string& id, const std::string& photo_field) {
  auto c = nlohmann::json::parse(honest(id));
  c["photos"] = nlohmann::json::array({nlohmann::json::parse(photo_field)});
  return c.dump();
}

}  // namespace

TEST_CASE("POST /v1/screen answers a text-only candidate with its verdict", "[service]") {
  test::RunningService service;
  auto client = service.client();
  auto headers = bearer();
  headers.emplace("X-Request-Id", "req-abc.1");
  const auto res = client.Post("/v1/screen", headers, honest("svc-1"), "application/json");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("X-Request-Id") == "req-abc.1");
  const auto verdict = json_of(res);
  CHECK(verdict["candidate"] == "svc-1");
  CHECK(verdict.contains("band"));
  // An id that is not a plain token is replaced by a fresh one.
  auto odd = bearer();
  odd.emplace("X-Request-Id", "bad id\twith spaces");
  const auto second = client.Post("/v1/screen", odd, honest("svc-2"), "application/json");
  REQUIRE(second);
  CHECK(second->get_header_value("X-Request-Id").size() == 32);

  const auto stored = client.Get("/v1/verdicts/svc-1", bearer());
  REQUIRE(stored);
  CHECK(stored->status == 200);
  CHECK(json_of(stored)["candidate"] == "svc-1");
  CHECK(client.Get("/v1/verdicts/nobody", bearer())->status == 404);
  const auto report = client.Get("/v1/verdicts/svc-1/report", bearer());
  REQUIRE(report);
  CHECK(report->status == 200);
  CHECK(report->get_header_value("Content-Type").rfind("text/html", 0) == 0);
  CHECK(report->body.find("svc-1") != std::string::npos);
  CHECK(report->body.find("Content-Security-Policy") != std::string::npos);
  CHECK(client.Get("/v1/verdicts/nobody/report", bearer())->status == 404);
  CHECK(client.Get("/v1/verdicts/svc-1/report")->status == 401);
}

TEST_CASE("requests without a valid bearer token are refused with 401", "[service]") {
  test::RunningService service;
  auto client = service.client();
  const auto none = client.Post("/v1/screen", honest("a"), "application/json");
  REQUIRE(none);
  CHECK(none->status == 401);
  CHECK(json_of(none)["error"]["code"] == "unauthorized");
  CHECK(none->get_header_value("WWW-Authenticate") == "Bearer");
  CHECK(client.Post("/v1/screen", bearer("wrong"), honest("a"), "application/json")->status == 401);
  CHECK(client
            .Post("/v1/screen", {{"Authorization", "Basic dGVzdA=="}}, honest("a"),
                  "application/json")
            ->status == 401);
  CHECK(client.Get("/v1/verdicts/a")->status == 401);
  CHECK(client.Get("/v1/jobs/00ff")->status == 401);
}

TEST_CASE("a body over the limit is 413; bad input is 400 naming the field", "[service]") {
  test::RunningService service;
  auto client = service.client();
  const std::string big = "{\"id\":\"x\",\"name\":\"" + std::string(300u << 10, 'a') + "\"}";
  const auto too_big = client.Post("/v1/screen", bearer(), big, "application/json");
  REQUIRE(too_big);
  CHECK(too_big->status == 413);
  CHECK(json_of(too_big)["error"]["code"] == "payload_too_large");

  const auto malformed = client.Post("/v1/screen", bearer(), "{\"id\": ", "application/json");
  REQUIRE(malformed);
  CHECK(malformed->status == 400);
  CHECK(json_of(malformed)["error"]["code"] == "malformed_json");

  const auto wrong_type =
      client.Post("/v1/screen", bearer(), R"({"id":"x","emails":"a@b.c"})", "application/json");
  REQUIRE(wrong_type);
  CHECK(wrong_type->status == 400);
  CHECK(json_of(wrong_type)["error"]["field"] == "/emails");

  const auto deep = client.Post("/v1/screen", bearer(),
                                std::string(200, '[') + std::string(200, ']'), "application/json");
  REQUIRE(deep);
  CHECK(deep->status == 400);

  const auto no_id = client.Post("/v1/screen", bearer(), R"({"name":"x"})", "application/json");
  REQUIRE(no_id);
  CHECK(no_id->status == 400);
  CHECK(json_of(no_id)["error"]["field"] == "/id");
}

TEST_CASE("the policy's limits hold for requests: lists, text fields and JSON depth", "[service]") {
  test::TempDir dir;
  test::write_text(dir / "policy.json",
                   R"({"limits": {"sessions": 2, "string_chars": 64, "json_depth": 4}})");
  test::RunningService service(test::test_options(), {}, dir / "policy.json");
  auto client = service.client();
  const auto post = [&](const nlohmann::json& body) {
    return client.Post("/v1/screen", bearer(), body.dump(), "application/json");
  };
  const auto sessions = post(
      {{"id", "x"}, {"sessions", {{{"ip", "1.1.1.1"}}, {{"ip", "1.1.1.2"}}, {{"ip", "1.1.1.3"}}}}});
  REQUIRE(sessions);
  CHECK(sessions->status == 400);
  CHECK(json_of(sessions)["error"]["field"] == "/sessions");
  CHECK(json_of(sessions)["error"]["message"] == "more than 2 entries (limits.sessions)");

  const auto name = post({{"id", "x"}, {"name", std::string(65, 'n')}});
  REQUIRE(name);
  CHECK(name->status == 400);
  CHECK(json_of(name)["error"]["field"] == "/name");

  const auto deep = post(nlohmann::json::parse(R"({"id": "x", "extra": [[[[1]]]]})"));
  REQUIRE(deep);
  CHECK(deep->status == 400);
  CHECK(json_of(deep)["error"]["code"] == "malformed_json");
  CHECK_THAT(json_of(deep)["error"]["message"].get<std::string>(),
             Catch::EndsWith("JSON nested deeper than 4 levels"));

  const auto fine = post({{"id", "x"}, {"name", "Ada"}, {"sessions", {{{"ip", "1.1.1.1"}}}}});
  REQUIRE(fine);
  CHECK(fine->status == 200);
}

TEST_CASE("a file path in a request is a 400: the service never opens one", "[service]") {
  test::RunningService service;
  auto client = service.client();
  const auto photo = client.Post("/v1/screen", bearer(),
                                 with_photo("p", R"({"path": "/etc/passwd", "kind": "profile"})"),
                                 "application/json");
  REQUIRE(photo);
  CHECK(photo->status == 400);
  CHECK(json_of(photo)["error"]["field"] == "/photos/0/path");
  const auto document = client.Post(
      "/v1/screen", bearer(), R"({"id":"d","documents":[{"kind":"passport","image":"x.jpg"}]})",
      "application/json");
  REQUIRE(document);
  CHECK(document->status == 400);
  CHECK(json_of(document)["error"]["field"] == "/documents/0/image");
  const auto activity = client.Post(
      "/v1/screen", bearer(), R"({"id":"a","activity":{"file":"log.txt"}})", "application/json");
  REQUIRE(activity);
  CHECK(activity->status == 400);
  CHECK(json_of(activity)["error"]["field"] == "/activity/file");
}

TEST_CASE("inline images: bad base64 and images over the limits are 400s", "[service]") {
  test::RunningService service;
  auto client = service.client();
  const auto bad = client.Post("/v1/screen", bearer(), with_photo("b", R"({"data": "@@@@"})"),
                               "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(json_of(bad)["error"]["field"] == "/photos/0/data");
  const auto huge = client.Post("/v1/screen", bearer(),
                                with_photo("h", nlohmann::json{{"data", huge_png_base64()}}.dump()),
                                "application/json");
  REQUIRE(huge);
  CHECK(huge->status == 400);
  CHECK(json_of(huge)["error"]["code"] == "invalid_image");
  CHECK(json_of(huge)["error"]["field"] == "/photos/0/data");
  const auto not_image = client.Post(
      "/v1/screen", bearer(),
      with_photo("n", nlohmann::json{{"data", encode_base64("plain text, not a picture")}}.dump()),
      "application/json");
  REQUIRE(not_image);
  CHECK(not_image->status == 400);
}

TEST_CASE("a candidate with an inline photo is screened asynchronously from memory", "[service]") {
  test::RunningService service;
  auto client = service.client();
  const auto res = client.Post(
      "/v1/screen", bearer(),
      with_photo("photo-1",
                 nlohmann::json{{"data", jpeg_base64(320, 240)}, {"kind", "profile"}}.dump()),
      "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 202);
  const std::string location = res->get_header_value("Location");
  CHECK(location.starts_with("/v1/jobs/"));
  const auto job = test::wait_for_job(client, location);
  REQUIRE(job["status"] == "done");
  const auto& verdict = job["verdict"];
  CHECK(verdict["candidate"] == "photo-1");
  bool photo_ran = false;
  for (const auto& run : verdict["plugins"])
    if (run["name"] == "photo") {
      photo_ran = true;
      // Decoded from the request's bytes: no file error, whatever the face models say.
      const std::string reason = run.value("reason", "");
      CHECK(reason.find("cannot read") == std::string::npos);
      CHECK(reason.find("decode") == std::string::npos);
      CHECK(run["status"] != "skipped");
    }
  CHECK(photo_ran);
  // ?async=1 queues a text-only candidate too.
  const auto queued =
      client.Post("/v1/screen?async=1", bearer(), honest("async-1"), "application/json");
  REQUIRE(queued);
  CHECK(queued->status == 202);
  CHECK(test::wait_for_job(client, queued->get_header_value("Location"))["status"] == "done");
}

TEST_CASE("a full queue answers 503 with Retry-After", "[service]") {
  auto options = test::test_options();
  options.workers = 1;
  options.queue = 1;
  test::RunningService service(options);
  auto client = service.client();
  // Large pictures keep the one worker busy while the next requests arrive.
  const std::string body =
      with_photo("busy", nlohmann::json{{"data", jpeg_base64(2400, 1800)}}.dump());
  int refused = 0, accepted = 0;
  std::string retry_after;
  for (int i = 0; i < 12; ++i) {
    const auto res = client.Post("/v1/screen", bearer(), body, "application/json");
    REQUIRE(res);
    if (res->status == 503) {
      ++refused;
      retry_after = res->get_header_value("Retry-After");
      CHECK(json_of(res)["error"]["code"] == "queue_full");
    } else {
      CHECK(res->status == 202);
      ++accepted;
    }
  }
  CHECK(accepted >= 1);
  CHECK(refused >= 1);
  CHECK(retry_after == "1");
}

TEST_CASE("healthz, readyz and Prometheus metrics", "[service]") {
  test::RunningService service;
  auto client = service.client();
  CHECK(client.Get("/healthz")->status == 200);
  const auto ready = client.Get("/readyz");
  REQUIRE(ready);
  CHECK(ready->status == 200);
  CHECK(json_of(ready)["store"]["ok"] == true);
  REQUIRE(client.Post("/v1/screen", bearer(), honest("m-1"), "application/json")->status == 200);
  client.Post("/v1/webhooks/ashby", {{"Ashby-Signature", "sha256=00"}}, "{}", "application/json");
  const auto metrics = client.Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->status == 200);
  const std::string& text = metrics->body;
  CHECK(text.find("candor_http_requests_total{route=\"/v1/screen\",status=\"200\"} 1") !=
        std::string::npos);
  CHECK(text.find("candor_screening_seconds_count 1") != std::string::npos);
  CHECK(text.find("candor_queue_depth 0") != std::string::npos);
  CHECK(text.find("candor_webhook_signature_failures_total{source=\"ashby\"} 1") !=
        std::string::npos);
  CHECK(text.find("candor_verdicts_total{band=") != std::string::npos);
  CHECK(text.find("/v1/verdicts/m-1") == std::string::npos);  // routes, never ids
}

TEST_CASE("signatures: HMAC-SHA256 and constant-time token checks", "[service]") {
  // RFC 4231, test case 2.
  CHECK(service::hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(service::equal_in_constant_time("abc", "abc"));
  CHECK_FALSE(service::equal_in_constant_time("abc", "abd"));
  CHECK_FALSE(service::equal_in_constant_time("abc", "abcd"));
  const auto tokens = service::TokenSet::parse("# api tokens\none\n\n  two  \r\n");
  CHECK(tokens.size() == 2);
  CHECK(tokens.accepts("Bearer one"));
  CHECK(tokens.accepts("Bearer two"));
  CHECK_FALSE(tokens.accepts("Bearer three"));
  CHECK_FALSE(tokens.accepts("one"));
  CHECK_FALSE(service::TokenSet().accepts("Bearer "));
}
