// Two instances on one PostgreSQL store: each has its own plugin, face index and connections
// (as two processes would), and a face one records is found by the other within the delay
// README states.
#include <chrono>

#include "catch.hpp"
#include "face_index.hpp"
#include "photo_support.hpp"
#include "postgres_server.hpp"

using namespace candor;
using namespace candor::test;

TEST_CASE("a face recorded by one instance is found by another within a second",
          "[photo][postgres]") {
  PostgresServer server;
  const std::string url = server.url();
  PhotoRig first(PhotoRig::OnStore{url}), second(PhotoRig::OnStore{url});
  const TempDir pictures;
  save_faceless_picture(pictures / "logo.png");
  // The second instance has loaded its (empty) index before the face exists anywhere.
  second.screen("warm-up", "Warm Up", {pictures / "logo.png"});
  first.screen("original", "Barack Obama", {face_image("test_images/obama.jpg")});
  const auto recorded = std::chrono::steady_clock::now();
  // A different photo of the same man: found by face, not by the same picture.
  double seconds = -1;
  for (int attempt = 0; attempt < 40 && seconds < 0; ++attempt) {
    const Verdict v = second.screen("probe-" + std::to_string(attempt), "Someone Else",
                                    {face_image("test_images/obama2.jpg")});
    for (const auto& s : signals_of(v, "photo.face_reuse"))
      if (s.evidence.dump().find("\"original\"") != std::string::npos)
        seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - recorded).count();
  }
  INFO("found after " << seconds << " s");
  REQUIRE(seconds >= 0);
  CHECK(seconds <= 1.0);
  CHECK(plugins::photo::LazyFaceIndex::kPollEvery.count() <= 1000);
}

TEST_CASE("the same picture screened on two instances at once links them", "[photo][postgres]") {
  PostgresServer server;
  const std::string url = server.url();
  PhotoRig first(PhotoRig::OnStore{url}), second(PhotoRig::OnStore{url});
  // Neither record is committed when the other screens: write groups stay open.
  WriteGroup a(first.store.get()), b(second.store.get());
  first.screen("one", "Ann Lee", {face_image("test_images/obama.jpg")});
  const Verdict v = second.screen("two", "Bob Ray", {face_image("test_images/obama.jpg")});
  const auto dups = signals_of(v, "photo.duplicate_image");
  REQUIRE(dups.size() == 1);
  CHECK(dups.front().evidence["other"]["candidate"] == "one");
}
