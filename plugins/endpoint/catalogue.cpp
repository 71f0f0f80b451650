#include "catalogue.hpp"

#include <fstream>
#include <set>

#include "candor/error.hpp"
#include "candor/text/text.hpp"

namespace candor::plugins::endpoint {

namespace {

// Stems too generic to stand for one tool without the `.exe` that the table gives.
const std::set<std::string> kGenericStems = {"client",   "agent",   "server", "setup",   "update",
                                             "launcher", "service", "remote", "support", "viewer"};

std::string stem(const std::string& exe) {
  return exe.size() > 4 && exe.ends_with(".exe") ? exe.substr(0, exe.size() - 4) : exe;
}

std::string base_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

struct Vpn {
  const char* tool;
  const char* needle;  // lower-case substring of a name, path or bundle id
};

// Consumer VPN clients, by the names their installers, processes and bundles carry. Astrill is
// the one public reports (FBI, Microsoft's Jasper Sleet, Mandiant's UNC5267) name for DPRK IT
// workers; the others are the large consumer services.
const Vpn kVpns[] = {
    {"Astrill VPN", "astrill"},
    {"NordVPN", "nordvpn"},
    {"ExpressVPN", "expressvpn"},
    {"Surfshark", "surfshark"},
    {"Proton VPN", "protonvpn"},
    {"Proton VPN", "proton vpn"},
    {"Private Internet Access", "private internet access"},
    {"Private Internet Access", "pia-client"},
    {"CyberGhost", "cyberghost"},
    {"Windscribe", "windscribe"},
    {"IPVanish", "ipvanish"},
    {"TunnelBear", "tunnelbear"},
    {"Hotspot Shield", "hotspot shield"},
    {"Hotspot Shield", "hotspotshield"},
    {"PureVPN", "purevpn"},
    {"VyprVPN", "vyprvpn"},
    {"Mullvad VPN", "mullvad"},
    {"hide.me VPN", "hide.me"},
    {"Psiphon", "psiphon"},
    {"Hola VPN", "hola vpn"},
};

}  // namespace

std::string fold_path(std::string_view text) {
  std::string out = text::ascii_lower(text);
  for (char& c : out)
    if (c == '\\') c = '/';
  return out;
}

RmmCatalogue RmmCatalogue::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw DataError(file.string(), "cannot read the remote-access tools table");
  RmmCatalogue c;
  std::set<std::string> tools;
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    const auto a = line.find('\t');
    const auto b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (b == std::string::npos || b + 1 >= line.size())
      throw DataError(file.string() + ":" + std::to_string(n), "expected tool<TAB>field<TAB>value");
    const std::string tool = line.substr(0, a), field = line.substr(a + 1, b - a - 1);
    const std::string value = fold_path(line.substr(b + 1));
    tools.insert(tool);
    if (field == "exe") {
      c.exes_.emplace(value, tool);
      const std::string s = stem(value);
      if (s != value && s.size() >= 5 && !kGenericStems.count(s)) c.stems_.emplace(s, tool);
    } else if (field == "product") {
      c.products_.emplace(value, tool);
    } else if (field == "path") {
      c.paths_.emplace_back(value, tool);
    } else {
      throw DataError(file.string() + ":" + std::to_string(n),
                      "unknown field \"" + field + "\" (expected exe, product or path)");
    }
  }
  c.tool_count_ = tools.size();
  return c;
}

std::optional<ToolMatch> RmmCatalogue::match(const EndpointSoftware& item) const {
  const std::string name = fold_path(item.name);
  const std::string path = fold_path(item.path);
  for (const std::string& candidate : {name, base_name(path)}) {
    if (candidate.empty()) continue;
    if (const auto it = exes_.find(candidate); it != exes_.end())
      return ToolMatch{it->second, "exe"};
    if (const auto it = stems_.find(candidate); it != stems_.end())
      return ToolMatch{it->second, "exe"};
  }
  for (const std::string& candidate : {name, fold_path(item.identifier)})
    if (const auto it = products_.find(candidate); !candidate.empty() && it != products_.end())
      return ToolMatch{it->second, "product"};
  if (!path.empty())
    for (const auto& [prefix, tool] : paths_)
      if (path.starts_with(prefix) || path + "/" == prefix) return ToolMatch{tool, "path"};
  return std::nullopt;
}

std::optional<ToolMatch> match_consumer_vpn(const EndpointSoftware& item) {
  const std::string text =
      fold_path(item.name) + "\n" + fold_path(item.path) + "\n" + fold_path(item.identifier);
  for (const auto& vpn : kVpns)
    if (text.find(vpn.needle) != std::string::npos) return ToolMatch{vpn.tool, "name"};
  return std::nullopt;
}

}  // namespace candor::plugins::endpoint
