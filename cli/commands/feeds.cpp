// `candor feeds update|status`: keeps every plugin's declared feeds current in the data
// directory. What was fetched, when and with which validators is kept in feeds.json beside them.
#include <chrono>
#include <ctime>
#include <iostream>

#include <fmt/format.h>

#include "candor/app/registry.hpp"
#include "candor/data_dir.hpp"
#include "candor/error.hpp"
#include "candor/fetch.hpp"
#include "commands/commands.hpp"
#include "options.hpp"

namespace candor::cli {

namespace {

struct FeedsOptions {
  app::ScreenerOptions environment;
  std::string mirror;
  std::vector<std::string> only;
  bool rescreen = false;
};

std::vector<Feed> all_feeds() {
  std::vector<Feed> feeds;
  for (const auto& plugin : app::make_all_plugins())
    for (auto& feed : plugin->feeds()) feeds.push_back(std::move(feed));
  return feeds;
}

nlohmann::json read_state(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) return nlohmann::json::object();
  try {
    return nlohmann::json::parse(read_file(path));
  } catch (const nlohmann::json::exception&) {
    throw DataError(path.string(), "malformed feed state; delete it to start afresh");
  }
}

// A list's date is its file's time (the plugins name each list with it): the server's
// Last-Modified, its publication date, when it sent one; else the time of the fetch.
void keep_publication_time(const std::filesystem::path& file, const std::string& http_date) {
  std::tm tm{};
  const char* end = strptime(http_date.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return;
  const auto published = std::chrono::system_clock::from_time_t(timegm(&tm));
  std::error_code ec;  // a file whose time cannot be set keeps the fetch time
  std::filesystem::last_write_time(file, std::chrono::file_clock::from_sys(published), ec);
}

std::string source_for(const Feed& feed, const std::string& mirror) {
  if (mirror.empty()) return feed.url;
  std::string base = mirror;
  if (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/" + std::filesystem::path(feed.file).filename().string();
}

int update(const FeedsOptions& o) {
  const DataDir data_dir = app::load_environment(o.environment).data_dir;
  const auto state_path = data_dir.root() / "feeds.json";
  nlohmann::json state = read_state(state_path);
  int failures = 0;
  for (const auto& feed : all_feeds()) {
    if (!o.only.empty() && std::find(o.only.begin(), o.only.end(), feed.name) == o.only.end())
      continue;
    const std::string url = source_for(feed, o.mirror);
    nlohmann::json& entry = state[feed.name];
    if (!entry.is_object()) entry = nlohmann::json::object();
    const auto destination = data_dir.root() / feed.file;
    FetchRequest request{url, destination, feed.max_bytes, "", "", ""};
    // Validators only apply to the same source and a file still in place.
    if (entry.value("url", "") == url && std::filesystem::exists(destination)) {
      request.etag = entry.value("etag", "");
      request.last_modified = entry.value("last_modified", "");
    }
    try {
      const FetchResult r = fetch_to_file(request);
      entry["url"] = url;
      entry["checked_at"] = std::time(nullptr);
      if (r.modified) {
        entry["fetched_at"] = std::time(nullptr);
        entry["bytes"] = r.bytes;
        entry["sha256"] = r.sha256;
        entry["etag"] = r.etag;
        entry["last_modified"] = r.last_modified;
        keep_publication_time(destination, r.last_modified);
      }
      std::cout << fmt::format(
          "{:<24} {}  {}\n", feed.name,
          r.modified ? fmt::format("updated, {} bytes", r.bytes) : std::string("not modified"),
          url);
    } catch (const DataError& e) {
      ++failures;
      std::cerr << "candor: feed " << feed.name << ": " << e.what() << "\n";
    }
  }
  write_file_atomically(state_path, state.dump(2));
  if (failures) throw DataError(state_path.string(), std::to_string(failures) + " feed(s) failed");
  // The lists changed: who screened before is now (or no longer) on them.
  if (o.rescreen) return run_rescreen(o.environment, "", std::cout);
  return kExitClear;
}

int status(const FeedsOptions& o) {
  const DataDir data_dir = app::load_environment(o.environment).data_dir;
  const nlohmann::json state = read_state(data_dir.root() / "feeds.json");
  const auto now = std::time(nullptr);
  for (const auto& feed : all_feeds()) {
    const auto path = data_dir.root() / feed.file;
    std::string age = "never fetched";
    if (state.contains(feed.name) && state[feed.name].contains("fetched_at")) {
      const double hours = double(now - state[feed.name]["fetched_at"].get<std::int64_t>()) / 3600;
      age = hours < 48 ? fmt::format("{:.1f} h old", hours)
                       : fmt::format("{:.0f} days old", hours / 24);
    }
    const std::string size = std::filesystem::exists(path)
                                 ? fmt::format("{} bytes", std::filesystem::file_size(path))
                                 : std::string("missing");
    const std::string source =
        state.contains(feed.name) ? state[feed.name].value("url", feed.url) : feed.url;
    std::cout << fmt::format("{:<24} {:<16} {:<16} {}\n    {}\n", feed.name, size, age,
                             feed.description, source);
  }
  return kExitClear;
}

}  // namespace

void add_feeds_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<FeedsOptions>();
  auto* feeds =
      app.add_subcommand("feeds", "Keep feeds (Tor exits, VPN ranges, sanctions) current");
  feeds->require_subcommand(1);
  auto* up = feeds->add_subcommand("update", "Download every feed (https:// or file:// only)");
  add_environment_options(*up, options->environment);
  up->add_option("--mirror", options->mirror, "Fetch files by name from this base URL instead");
  up->add_option("--only", options->only, "Only these feeds (by name)");
  up->add_flag("--rescreen", options->rescreen,
               "Then screen everyone in the store against the sanctions lists again");
  up->callback([options, &exit_code] { exit_code = update(*options); });
  auto* st = feeds->add_subcommand("status", "Each feed's source, age and size");
  add_environment_options(*st, options->environment);
  st->callback([options, &exit_code] { exit_code = status(*options); });
}

}  // namespace candor::cli
