// `candor store migrate` (copy an SQLite store into PostgreSQL, or anywhere) and `candor forget`
// (erase one candidate from whichever store is configured).
#include <fmt/format.h>

#include <iostream>

#include "candor/error.hpp"
#include "commands/commands.hpp"
#include "options.hpp"

namespace candor::cli {

namespace {

struct MigrateOptions {
  std::string from, to;
};

struct ForgetOptions {
  app::ScreenerOptions environment;
  std::string id;
};

}  // namespace

void add_store_commands(CLI::App& app, int& exit_code) {
  auto& group = subcommand_group(app, "store");
  auto migrate = std::make_shared<MigrateOptions>();
  auto* copy = group.add_subcommand("migrate", "Copy an SQLite store into another store");
  copy->add_option("--from", migrate->from, "Source: sqlite:PATH or a path")->required();
  copy->add_option("--to", migrate->to, "Destination store URL (postgresql://…)")->required();
  copy->callback([migrate, &exit_code] {
    std::string from = migrate->from;
    if (is_postgres_url(from))
      throw ConfigError("--from", "", "the source of a migration is an SQLite store");
    if (from.starts_with("sqlite:")) from.erase(0, 7);
    auto to = open_store(migrate->to);
    const StoreCopy copied = copy_sqlite_store(from, *to);
    std::cout << fmt::format("copied {} candidates ({} items) into the store, now {} candidates\n",
                             copied.candidates, copied.items, to->candidate_count());
    exit_code = kExitClear;
  });

  auto forget = std::make_shared<ForgetOptions>();
  auto* erase = app.add_subcommand(
      "forget", "Erase a candidate and everything remembered about them from the store");
  erase->add_option("id", forget->id, "Candidate id")->required();
  add_environment_options(*erase, forget->environment);
  erase->callback([forget, &exit_code] {
    auto store = app::open_environment_store(app::load_environment(forget->environment));
    if (store->forget(forget->id)) {
      std::cout << "forgot " << forget->id << "\n";
      exit_code = kExitClear;
    } else {
      std::cout << "no candidate " << forget->id << " in the store\n";
      exit_code = kExitFlagged;
    }
  });
}

}  // namespace candor::cli
