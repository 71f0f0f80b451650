#include "instant.hpp"

#include <charconv>
#include <cstdlib>

namespace candor::timezone {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n'))
    text.remove_suffix(1);
  return text;
}

std::optional<Instant> parse_rfc3339_instant(std::string_view s) {
  s = trim(s);
  int year, month, day, hour, minute, second;
  if (!digits(s, 0, 4, year) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, month) ||
      s[7] != '-' || !digits(s, 8, 2, day) ||
      (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, hour) ||
      s[13] != ':' || !digits(s, 14, 2, minute) || s[16] != ':' || !digits(s, 17, 2, second))
    return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 ||
      day > kDays[month - 1] + (month == 2 && leap(year) ? 1 : 0) || hour > 23 || minute > 59 ||
      second > 60)
    return std::nullopt;
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  Instant out;
  std::int64_t offset_seconds = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
    out.offset_minutes.reset();
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size()) {
    int oh, om;
    if (!digits(s, pos + 1, 2, oh) || s[pos + 3] != ':' || !digits(s, pos + 4, 2, om) ||
        oh > 23 || om > 59)
      return std::nullopt;
    const int minutes = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    out.offset_minutes = minutes;
    offset_seconds = minutes * 60;
  } else {
    return std::nullopt;
  }
  out.utc = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) *
                86400 +
            hour * 3600 + minute * 60 + second - offset_seconds;
  return out;
}

std::optional<Instant> parse_timestamp(std::string_view text) {
  text = trim(text);
  if (auto rfc = parse_rfc3339_instant(text)) return rfc;
  std::string_view whole = text.substr(0, text.find('.'));
  if (whole.empty() || whole.size() > 12) return std::nullopt;
  if (whole.size() < text.size()) {
    const auto fraction = text.substr(whole.size() + 1);
    if (fraction.empty()) return std::nullopt;
    for (char c : fraction)
      if (c < '0' || c > '9') return std::nullopt;
  }
  std::int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), seconds);
  if (ec != std::errc() || end != whole.data() + whole.size() || seconds < 0) return std::nullopt;
  return Instant{seconds, std::nullopt};
}

std::string format_offset(int offset_minutes) {
  const char sign = offset_minutes < 0 ? '-' : '+';
  const int a = std::abs(offset_minutes);
  std::string out(1, sign);
  out += static_cast<char>('0' + a / 600);
  out += static_cast<char>('0' + (a / 60) % 10);
  out += ':';
  out += static_cast<char>('0' + (a % 60) / 10);
  out += static_cast<char>('0' + a % 10);
  return out;
}

}  // namespace candor::timezone
