// A candidate's files must resolve, symlinks followed, inside the candidate file's folder (or
// the files root) unless the operator allows any path; only regular files are read.
#include <filesystem>

#include "candor/candidate.hpp"
#include "candor/error.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor;
using candor::test::TempDir;
using candor::test::write_text;

namespace {

std::string error_of(const nlohmann::json& json, const std::filesystem::path& base,
                     const FileRules& rules = {}) {
  try {
    parse_candidate(json, "c.json", base, rules);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

nlohmann::json with_activity(const std::string& file) {
  return {{"id", "x"}, {"activity", {{"file", file}, {"format", "lines"}}}};
}

}  // namespace

TEST_CASE("a candidate's absolute path outside its folder is refused, naming the field", "[core]") {
  TempDir dir;
  const auto error = error_of(with_activity("/etc/passwd"), dir.path());
  CHECK_THAT(error, Catch::StartsWith("c.json: /activity/file: \"/etc/passwd\" is outside the "
                                      "candidate file's folder"));
  CHECK(error.find('\n') == std::string::npos);
  // The same answer whether or not the file exists: no existence oracle.
  CHECK_THAT(error_of(with_activity("/etc/no-such-file-candor"), dir.path()),
             Catch::Contains("is outside the candidate file's folder"));
  CHECK_THAT(error_of(with_activity("../../../../../../etc/passwd"), dir.path()),
             Catch::Contains("is outside the candidate file's folder"));
  const nlohmann::json photo = {{"id", "x"}, {"photos", {{{"path", "/etc/hostname"}}}}};
  CHECK_THAT(error_of(photo, dir.path()), Catch::StartsWith("c.json: /photos/0/path: "));
  const nlohmann::json document = {{"id", "x"}, {"documents", {{{"image", "/etc/hostname"}}}}};
  CHECK_THAT(error_of(document, dir.path()), Catch::StartsWith("c.json: /documents/0/image: "));
}

TEST_CASE("a symlink escaping the candidate's folder is refused, one inside it is read", "[core]") {
  TempDir outside, dir;
  write_text(outside / "secret.txt", "2025-01-01T10:00:00Z\n");
  write_text(dir / "times.txt", "2025-01-01T10:00:00Z\n");
  std::filesystem::create_symlink(outside / "secret.txt", dir / "escape.txt");
  std::filesystem::create_symlink(dir / "times.txt", dir / "inside.txt");
  std::filesystem::create_directory_symlink(outside.path(), dir / "linked");
  CHECK_THAT(error_of(with_activity("escape.txt"), dir.path()),
             Catch::StartsWith("c.json: /activity/file: \"escape.txt\" is outside"));
  CHECK_THAT(error_of(with_activity("linked/secret.txt"), dir.path()),
             Catch::Contains("is outside"));
  CHECK(error_of(with_activity("inside.txt"), dir.path()) == "no error");
  CHECK(error_of(with_activity("times.txt"), dir.path()) == "no error");

  FileRules any;
  any.allow_any_path = true;
  CHECK(error_of(with_activity("escape.txt"), dir.path(), any) == "no error");
  FileRules rooted;
  rooted.files_root = outside.path();
  CHECK(error_of(with_activity("escape.txt"), dir.path(), rooted) == "no error");
  CHECK_THAT(error_of(with_activity("times.txt"), dir.path(), rooted),
             Catch::Contains("is outside the files root"));
}

TEST_CASE("only regular files are read, and errors quote the path only as given", "[core]") {
  TempDir dir;
  std::filesystem::create_directory(dir / "folder");
  const auto error = error_of(with_activity("folder"), dir.path());
  CHECK(error == "c.json: /activity/file: cannot read file \"folder\" (a readable regular file)");
  CHECK(error.find(dir.path().string()) == std::string::npos);
  CHECK(error_of(with_activity("missing.txt"), dir.path()) ==
        "c.json: /activity/file: cannot read file \"missing.txt\" (a readable regular file)");
}

TEST_CASE("a loaded candidate's paths are built from the path the user passed", "[core]") {
  TempDir dir;
  write_text(dir / "sub" / "p.jpg", "x");
  write_text(dir / "sub" / "c.json", R"({"id": "c", "photos": [{"path": "p.jpg"}]})");
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  Candidate c;
  CHECK_NOTHROW(c = load_candidate_file("sub/c.json"));
  std::filesystem::current_path(cwd);
  REQUIRE(c.photos.size() == 1);
  CHECK(c.photos[0].path == std::filesystem::path("sub/p.jpg"));
}
