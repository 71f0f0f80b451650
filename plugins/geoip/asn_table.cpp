#include "asn_table.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "asn_cache.hpp"
#include "candor/data_dir.hpp"
#include "candor/error.hpp"

namespace candor::plugins::geoip {

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

AsnRanges parse_csv(const std::filesystem::path& path) {
  const std::string text = read_file(path);
  const std::string name = path.string();
  AsnRanges out;
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
    if (!split_csv_line(line, fields) || fields.size() < 3)
      throw bad("expected start,end,asn,organization");
    if (line_number == 1 && fields[0] == "ip_range_start") continue;  // optional header
    const auto first = parse_ip(fields[0]);
    const auto last = parse_ip(fields[1]);
    std::uint32_t asn = 0;
    if (!first || !last || first->v4 != last->v4 || *last < *first) throw bad("bad address range");
    if (!parse_u32(fields[2], asn)) throw bad("bad AS number '" + fields[2] + "'");
    const std::string org = fields.size() > 3 ? fields[3] : std::string();
    auto [it, inserted] = seen.try_emplace(org, static_cast<std::uint32_t>(out.org_end.size()));
    if (inserted) {
      out.org_text += org;
      out.org_end.push_back(static_cast<std::uint32_t>(out.org_text.size()));
    }
    if (first->v4) {
      out.v4_first.push_back(first->v4_value());
      out.v4_last.push_back(last->v4_value());
      out.v4_asn.push_back(asn);
      out.v4_org.push_back(it->second);
    } else {
      out.v6.push_back({*first, *last, asn, it->second});
    }
  }
  return out;
}

}  // namespace

bool is_asn_csv_name(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return path.extension() == ".csv" && name.find("asn") != std::string::npos;
}

void AsnTable::load_csv(const std::filesystem::path& path) {
  // An unreadable file has no stamp; parse_csv then raises the DataError naming it.
  const auto stamp = stamp_of(path);
  auto cached = stamp ? read_asn_cache(path, *stamp) : std::nullopt;
  if (cached) {
    append(std::move(*cached));
  } else {
    AsnRanges parsed = parse_csv(path);
    if (stamp) write_asn_cache(path, *stamp, parsed);
    append(std::move(parsed));
  }
  files_.push_back(path);
}

void AsnTable::append(AsnRanges ranges) {
  const auto org_base = static_cast<std::uint32_t>(org_end_.size());
  const auto text_base = static_cast<std::uint32_t>(org_text_.size());
  for (auto& org : ranges.v4_org) org += org_base;
  for (auto& range : ranges.v6) range.org += org_base;
  for (auto& end : ranges.org_end) end += text_base;
  auto add = [](auto& to, auto& from) {
    if (to.empty())
      to.swap(from);
    else
      to.insert(to.end(), from.begin(), from.end());
  };
  add(v4_first_, ranges.v4_first);
  add(v4_last_, ranges.v4_last);
  add(v4_asn_, ranges.v4_asn);
  add(v4_org_, ranges.v4_org);
  add(v6_, ranges.v6);
  add(org_end_, ranges.org_end);
  add(org_text_, ranges.org_text);
}

std::string AsnTable::organization(std::uint32_t org) const {
  const std::uint32_t begin = org == 0 ? 0 : org_end_[org - 1];
  return org_text_.substr(begin, org_end_[org] - begin);
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
  std::sort(v6_.begin(), v6_.end(),
            [](const V6Range& a, const V6Range& b) { return a.first < b.first; });
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
    return AsnInfo{v4_asn_[i], organization(v4_org_[i])};
  }
  auto it = std::upper_bound(v6_.begin(), v6_.end(), ip,
                             [](const IpAddress& a, const V6Range& r) { return a < r.first; });
  if (it == v6_.begin()) return std::nullopt;
  --it;
  if (it->last < ip) return std::nullopt;
  return AsnInfo{it->asn, organization(it->org)};
}

}  // namespace candor::plugins::geoip
