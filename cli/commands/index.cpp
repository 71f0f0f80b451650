// `candor index add` and `candor index import`: known identities (e.g. published persona photos)
// go into the store, each plugin keeping what it can match later (photo: hashes and faces).
#include <fmt/format.h>

#include <ctime>
#include <fstream>
#include <iostream>
#include <map>

#include "candor/error.hpp"
#include "candor/plugin.hpp"
#include "commands/commands.hpp"
#include "options.hpp"

namespace candor::cli {

namespace {

std::string slug(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c))
      out += char(std::tolower(c));
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// {"name", "photo", "label"?, "id"?} per line; lines with the same id are one identity.
std::vector<KnownIdentity> read_jsonl(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError(file.string(), "", "cannot read");
  std::vector<KnownIdentity> identities;
  std::map<std::string, std::size_t> by_id;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto json = nlohmann::json::parse(line, nullptr, false);
    const std::string where = fmt::format("line {}", number);
    if (json.is_discarded() || !json.is_object())
      throw InputError(file.string(), where, "not a JSON object");
    for (const char* key : {"name", "photo"})
      if (!json.contains(key) || !json[key].is_string() || json[key].get<std::string>().empty())
        throw InputError(file.string(), where + "/" + key, "required string");
    KnownIdentity identity;
    identity.name = json["name"];
    identity.label = json.value("label", std::string("known-persona"));
    identity.id = json.value("id", identity.label + ":" + slug(identity.name));
    identity.source = file.string();
    std::filesystem::path photo = json["photo"].get<std::string>();
    if (photo.is_relative()) photo = std::filesystem::absolute(file).parent_path() / photo;
    const auto [it, fresh] = by_id.emplace(identity.id, identities.size());
    if (fresh) identities.push_back(identity);
    identities[it->second].photos.push_back(photo);
  }
  return identities;
}

// Every plugin of the build keeps what it indexes of each identity; the store records it all
// under the identity's id in one step.
void index_identities(const app::ScreenerOptions& options,
                      const std::vector<KnownIdentity>& identities) {
  app::Screener screener(options);
  Store& store = *screener.store();
  for (const auto& identity : identities) {
    std::vector<ItemWrite> items;
    std::string summary;
    for (const auto& factory : screener.all_factories()) {
      KnownIndexed indexed = factory->index_known(identity, store);
      for (const auto& warning : indexed.warnings) std::cerr << "candor: " << warning << "\n";
      items.insert(items.end(), std::make_move_iterator(indexed.items.begin()),
                   std::make_move_iterator(indexed.items.end()));
      if (indexed.summary.empty()) continue;
      summary += (summary.empty() ? "" : "; ") + indexed.summary;
    }
    if (summary.empty())
      throw ConfigError(options.policy.empty() ? "embedded" : options.policy, "plugins",
                        "no plugin of this build indexes known identities");
    store.record({identity.id, identity.name, "", std::int64_t(std::time(nullptr)), "", 0.0},
                 items);
    std::cout << fmt::format("indexed {} ({}, {}): {}\n", identity.id, identity.name,
                             identity.label, summary);
  }
}

}  // namespace

void add_index_command(CLI::App& app, int& exit_code) {
  CLI::App& index = subcommand_group(app, "index");

  auto* add = index.add_subcommand("add", "Index a known face (e.g. a published persona photo)");
  auto add_options = std::make_shared<app::ScreenerOptions>();
  auto identity = std::make_shared<KnownIdentity>();
  identity->label = "known-persona";
  auto photos = std::make_shared<std::vector<std::string>>();
  add->add_option("--label", identity->label, "Label, e.g. known-persona");
  add->add_option("--name", identity->name, "Name the persona used")->required();
  add->add_option("--photo", *photos, "Photo (repeatable; all photos of this entry)")->required();
  add->add_option("--id", identity->id, "Store id (default <label>:<name>)");
  add_environment_options(*add, *add_options);
  add_plugin_options(*add, *add_options);
  add->callback([add_options, identity, photos, &exit_code] {
    KnownIdentity known = *identity;
    if (known.id.empty()) known.id = known.label + ":" + slug(known.name);
    known.source = "--photo";
    for (const auto& photo : *photos) known.photos.push_back(std::filesystem::absolute(photo));
    index_identities(*add_options, {known});
    exit_code = kExitClear;
  });

  auto* import = index.add_subcommand(
      "import", "Index known faces from JSONL: {\"name\", \"photo\", \"label\"?, \"id\"?}");
  auto import_options = std::make_shared<app::ScreenerOptions>();
  auto file = std::make_shared<std::string>();
  import->add_option("file", *file, "JSONL file")->required();
  add_environment_options(*import, *import_options);
  add_plugin_options(*import, *import_options);
  import->callback([import_options, file, &exit_code] {
    index_identities(*import_options, read_jsonl(*file));
  exit_code = kExitClear;
});
}  // namespace candor::cli

}  // namespace candor::cli
