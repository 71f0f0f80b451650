#include "candor/tz/zone_table.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include "candor/data_dir.hpp"
#include "candor/error.hpp"

namespace candor::tz {

namespace {
constexpr double kPi = 3.14159265358979323846;

// ISO 6709 as zone1970.tab writes it: ±DDMM[SS]±DDDMM[SS].
std::optional<double> parse_angle(std::string_view text, int degree_digits) {
  if (text.size() < static_cast<std::size_t>(1 + degree_digits + 2)) return std::nullopt;
  const int sign = text[0] == '-' ? -1 : 1;
  auto num = [&](std::size_t from, std::size_t count) -> std::optional<int> {
    if (from + count > text.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  const auto d = num(1, static_cast<std::size_t>(degree_digits));
  const auto m = num(1 + static_cast<std::size_t>(degree_digits), 2);
  if (!d || !m) return std::nullopt;
  double value = *d + *m / 60.0;
  if (text.size() == static_cast<std::size_t>(1 + degree_digits + 4)) {
    const auto s = num(3 + static_cast<std::size_t>(degree_digits), 2);
    if (!s) return std::nullopt;
    value += *s / 3600.0;
  }
  return sign * value;
}
}  // namespace

double distance_km(LatLon a, LatLon b) {
  const double r = kPi / 180.0;
  const double dlat = (b.lat - a.lat) * r, dlon = (b.lon - a.lon) * r;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(a.lat * r) * std::cos(b.lat * r) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * 6371.0088 * std::asin(std::min(1.0, std::sqrt(h)));
}

ZoneTable ZoneTable::load(const std::filesystem::path& path) {
  const std::string text = read_file(path);
  ZoneTable table;
  std::istringstream in(text);
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string codes, coordinates, zone;
    std::getline(fields, codes, '\t');
    std::getline(fields, coordinates, '\t');
    std::getline(fields, zone, '\t');
    const auto split = coordinates.find_first_of("+-", 1);
    const auto lat =
        split == std::string::npos ? std::nullopt : parse_angle(coordinates.substr(0, split), 2);
    const auto lon =
        split == std::string::npos ? std::nullopt : parse_angle(coordinates.substr(split), 3);
    if (codes.empty() || zone.empty() || !lat || !lon)
      throw DataError(path.string(), "line " + std::to_string(number) + ": malformed");
    ZoneRow row{{}, {*lat, *lon}, zone};
    std::istringstream cc(codes);
    for (std::string code; std::getline(cc, code, ',');) row.countries.push_back(code);
    table.rows_.push_back(std::move(row));
  }
  if (table.rows_.empty()) throw DataError(path.string(), "no zones");
  for (std::size_t i = 0; i < table.rows_.size(); ++i)
    for (const auto& c : table.rows_[i].countries) table.by_country_[c].push_back(i);
  return table;
}

std::optional<std::string> ZoneTable::nearest(const std::string& country, LatLon point) const {
  const auto it = by_country_.find(country);
  if (it == by_country_.end()) return std::nullopt;
  if (it->second.size() == 1) return rows_[it->second.front()].zone;
  const ZoneRow* best = nullptr;
  double best_km = std::numeric_limits<double>::max();
  for (const std::size_t i : it->second) {
    const ZoneRow& row = rows_[i];
    const double km = distance_km(point, row.location);
    if (km < best_km) {
      best_km = km;
      best = &row;
    }
  }
  if (!best) return std::nullopt;
  return best->zone;
}

std::optional<std::string> ZoneTable::single_zone(const std::string& country) const {
  const auto it = by_country_.find(country);
  if (it == by_country_.end() || it->second.size() != 1) return std::nullopt;
  return rows_[it->second.front()].zone;
}

std::optional<LatLon> ZoneTable::location(const std::string& zone) const {
  for (const auto& row : rows_)
    if (row.zone == zone) return row.location;
  return std::nullopt;
}

}  // namespace candor::tz
