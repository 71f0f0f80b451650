#pragma once
// Store URLs: which store a `--store` value names, and how to show a PostgreSQL one.
#include <string>
#include <string_view>

namespace candor {

/// The URL without its query (options may name files or keys): what messages show.
std::string display_url(std::string_view url);

/// Rejects a PostgreSQL URL that carries a password (it belongs in PGPASSFILE or PGPASSWORD,
/// never on a command line): ConfigError naming the store.
void check_postgres_url(std::string_view url);

}  // namespace candor
