#include "asn_table.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "candor/data_dir.hpp"
#include "candor/error.hpp"

namespace candor::geoip {

namespace {

// Splits one CSV line (quoted fields allowed, no embedded newlines in this format).
bool split_csv_line(std::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c != '\r') {
      field += c;
    }
  }
  fields.push_back(std::move(field));
  return !quoted;
}

bool parse_u32(const std::string& text, std::uint32_t& out) {
  if (text.empty() || text.size() > 10) return false;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value > 0xffffffffull) return false;
  out = static_cast<std::uint32_t>(value);
  return true;
}

}  // namespace

bool is_asn_csv_name(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return path.extension() == ".csv" && name.find("asn") != std::string::npos;
}

void AsnTable::load_csv(const std::filesystem::path& path) {
  const std::string text = read_file(path);
  const std::string name = path.string();
  std::unordered_map<std::string, std::uint32_t> seen;
  std::vector<std::string> fields;
  std::size_t line_number = 0, start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + start, end - start);
    start = end + 1;
    ++line_number;
    if (line.empty() || line == "\r") continue;
    auto bad = [&](const std::string& what) {
      return DataError(name, "line " + std::to_string(line_number) + ": " + what);
    };
    if (!split_csv_line(line, fields) || fields.size() < 3) throw bad("expected start,end,asn,organization");
    if (line_number == 1 && fields[0] == "ip_range_start") continue;  // optional header
    const auto first = parse_ip(fields[0]);
    const auto last = parse_ip(fields[1]);
    std::uint32_t asn = 0;
    if (!first || !last || first->v4 != last->v4 || *last < *first) throw bad("bad address range");
    if (!parse_u32(fields[2], asn)) throw bad("bad AS number '" + fields[2] + "'");
    const std::string org = fields.size() > 3 ? fields[3] : std::string();
    auto [it, inserted] = seen.try_emplace(org, 0);
    if (inserted) {
      it->second = static_cast<std::uint32_t>(organizations_.size());
      organizations_.push_back(org);
    }
    if (first->v4) {
      v4_first_.push_back(first->v4_value());
      v4_last_.push_back(last->v4_value());
      v4_asn_.push_back(asn);
      v4_org_.push_back(it->second);
    } else {
      v6_.push_back({*first, *last, asn, it->second});
    }
  }
  files_.push_back(path);
}

void AsnTable::finish() {
  if (!std::is_sorted(v4_first_.begin(), v4_first_.end())) {
    std::vector<std::size_t> order(v4_first_.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return v4_first_[a] < v4_first_[b]; });
    auto permute = [&](std::vector<std::uint32_t>& v) {
      std::vector<std::uint32_t> out(v.size());
      for (std::size_t i = 0; i < order.size(); ++i) out[i] = v[order[i]];
      v.swap(out);
    };
    permute(v4_first_);
    permute(v4_last_);
    permute(v4_asn_);
    permute(v4_org_);
  }
  std::sort(v6_.begin(), v6_.end(), [](const V6Range& a, const V6Range& b) { return a.first < b.first; });
  v4_first_.shrink_to_fit();
  v4_last_.shrink_to_fit();
  v4_asn_.shrink_to_fit();
  v4_org_.shrink_to_fit();
  v6_.shrink_to_fit();
}

std::optional<AsnInfo> AsnTable::lookup(const IpAddress& ip) const {
  if (ip.v4) {
    const std::uint32_t value = ip.v4_value();
    auto it = std::upper_bound(v4_first_.begin(), v4_first_.end(), value);
    if (it == v4_first_.begin()) return std::nullopt;
    const auto i = static_cast<std::size_t>(it - v4_first_.begin()) - 1;
    if (v4_last_[i] < value) return std::nullopt;
    return AsnInfo{v4_asn_[i], organizations_[v4_org_[i]]};
  }
  auto it = std::upper_bound(v6_.begin(), v6_.end(), ip,
                             [](const IpAddress& a, const V6Range& r) { return a < r.first; });
  if (it == v6_.begin()) return std::nullopt;
  --it;
  if (it->last < ip) return std::nullopt;
  return AsnInfo{it->asn, organizations_[it->org]};
}

}  // namespace candor::geoip
