#pragma once
// What software names mean: remote-access (RMM) tools from the LOLRMM table converted at set-up
// time, and consumer VPN clients named in public reports, matched against the summarised
// software of the candidate's laptops.
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "candor/candidate.hpp"

namespace candor::plugins::endpoint {

/// A software item recognised as a known tool.
struct ToolMatch {
  std::string tool;     ///< e.g. AnyDesk
  std::string matched;  ///< exe | product | path
};

/// The remote-access tools table (`tool<TAB>exe|product|path<TAB>value`, `#` comments).
class RmmCatalogue {
 public:
  /// Reads the table; DataError naming the file and line when it is unreadable or malformed.
  static RmmCatalogue load(const std::filesystem::path& file);
  /// The tool `item` is, if any.
  std::optional<ToolMatch> match(const EndpointSoftware& item) const;
  std::size_t tools() const { return tool_count_; }

 private:
  std::unordered_map<std::string, std::string> exes_, stems_, products_;
  std::vector<std::pair<std::string, std::string>> paths_;  // prefix, tool
  std::size_t tool_count_ = 0;
};

/// The consumer VPN client `item` is, if any (Astrill, NordVPN, ExpressVPN …).
std::optional<ToolMatch> match_consumer_vpn(const EndpointSoftware& item);

/// Lower case, `\` as `/`.
std::string fold_path(std::string_view text);

}  // namespace candor::plugins::endpoint
