// What every store offers on top of its interface, and opening a store by its URL.
#include "candor/store.hpp"

#include "candor/error.hpp"
#include "store_url.hpp"

namespace candor {

std::optional<std::string> latest_verdict_json(const Store& store, std::string_view id) {
  auto found = store.find(kVerdictItemKind, id, 1);
  // Screening replaces a candidate's items, so there is at most one per id.
  if (found.empty()) return std::nullopt;
  return std::move(found.front().payload);
}

std::vector<StoredItem> Store::claim_keys(const CandidateRecord&,
                                          const std::vector<std::string>&) const {
  return {};
}

void Store::scan_after(std::string_view kind, std::int64_t after,
                       const std::function<void(const StoredItem&, std::int64_t)>& visit) const {
  if (after == 0) scan(kind, [&](const StoredItem& item) { visit(item, 0); });
}

bool is_postgres_url(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::string display_url(std::string_view url) { return std::string(url.substr(0, url.find('?'))); }

void check_postgres_url(std::string_view url) {
  const auto rest = url.substr(url.find("://") + 3);
  const auto authority = rest.substr(0, rest.find_first_of("/?"));
  const auto at = authority.rfind('@');
  const bool in_user_info =
      at != std::string_view::npos && authority.substr(0, at).find(':') != std::string_view::npos;
  const auto query =
      url.find('?') == std::string_view::npos ? std::string_view{} : url.substr(url.find('?'));
  const bool in_query = query.find("?password=") != std::string_view::npos ||
                        query.find("&password=") != std::string_view::npos;
  if (in_user_info || in_query)
    throw ConfigError("store URL", "password",
                      "a password does not belong in the store URL: use PGPASSFILE or PGPASSWORD");
}

std::unique_ptr<Store> open_store(std::string_view url) {
  if (is_postgres_url(url)) return open_postgres_store(std::string(url));
  if (url.starts_with("sqlite:")) url.remove_prefix(7);
  if (url.empty()) throw ConfigError("--store", "", "empty store path");
  return open_sqlite_store(std::filesystem::path(std::string(url)));
}

}  // namespace candor
