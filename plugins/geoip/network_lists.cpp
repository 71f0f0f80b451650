#include "network_lists.hpp"

#include <algorithm>
#include <sstream>

#include "candor/data_dir.hpp"
#include "candor/error.hpp"
#include "candor/text/text.hpp"

namespace candor::plugins::geoip {

void NetworkLists::load(const std::filesystem::path& path, const std::string& source,
                        const std::string& kind) {
  const std::string contents = read_file(path);
  std::istringstream in(contents);
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    const std::string content(text::trim(line));
    if (content.empty()) continue;
    const auto space = content.find_first_of(" \t,");
    const std::string token = content.substr(0, space);
    const std::string label(
        space == std::string::npos ? "" : text::trim(std::string_view(content).substr(space + 1)));
    const auto info = static_cast<std::uint32_t>(infos_.size());
    if ((token[0] == 'A' || token[0] == 'a') && token.size() > 2 &&
        (token[1] == 'S' || token[1] == 's')) {
      std::uint64_t asn = 0;
      bool ok = token.size() <= 12;
      for (std::size_t i = 2; ok && i < token.size(); ++i) {
        ok = token[i] >= '0' && token[i] <= '9';
        asn = asn * 10 + static_cast<std::uint64_t>(token[i] - '0');
      }
      if (!ok || asn > 0xffffffffull)
        throw DataError(path.string(),
                        "line " + std::to_string(number) + ": bad AS number '" + token + "'");
      asns_.emplace(static_cast<std::uint32_t>(asn), info);
    } else {
      const auto range = parse_cidr(token);
      if (!range)
        throw DataError(path.string(), "line " + std::to_string(number) +
                                           ": expected a CIDR, an address or AS<number>, got '" +
                                           token + "'");
      ranges_.push_back({*range, info});
    }
    infos_.push_back({source, kind, label, token});
  }
}

void NetworkLists::finish() {
  std::sort(ranges_.begin(), ranges_.end(),
            [](const Entry& a, const Entry& b) { return a.range.first < b.range.first; });
  max_last_.resize(ranges_.size());
  for (std::size_t i = 0; i < ranges_.size(); ++i)
    max_last_[i] =
        i == 0 ? ranges_[i].range.last : std::max(max_last_[i - 1], ranges_[i].range.last);
}

std::vector<ListHit> NetworkLists::match(const IpAddress& ip,
                                         std::optional<std::uint32_t> asn) const {
  std::vector<ListHit> hits;
  auto add = [&](std::uint32_t info) {
    const Info& i = infos_[info];
    hits.push_back({i.source, i.kind, i.label, i.matched});
  };
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), ip,
                             [](const IpAddress& a, const Entry& e) { return a < e.range.first; });
  for (auto i = static_cast<std::ptrdiff_t>(it - ranges_.begin()) - 1;
       i >= 0 && !(max_last_[static_cast<std::size_t>(i)] < ip); --i)
    if (!(ranges_[static_cast<std::size_t>(i)].range.last < ip))
      add(ranges_[static_cast<std::size_t>(i)].info);
  if (asn) {
    const auto [b, e] = asns_.equal_range(*asn);
    for (auto a = b; a != e; ++a) add(a->second);
  }
  return hits;
}

}  // namespace candor::plugins::geoip
