#include "travel.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>

namespace candor::plugins::timezone {
namespace {

constexpr std::int64_t kReach = std::int64_t{kTravelReachDays} * 86400;

enum class Where { unknown, home, abroad };

struct TimedSession {
  std::int64_t at = 0;
  Where where = Where::unknown;
  std::string zone;
};

Where where_of(const Session& s, const ResolvedAddress* address, const tz::ZoneOffsets& claim) {
  const std::int64_t at = *s.at;
  const auto browser = tz::utc_offset_minutes(s.browser_timezone, at);
  if (!browser) return Where::unknown;
  const int claimed = claim.offset_minutes(at);
  if (std::abs(*browser - claimed) < kSamePlaceMinutes) return Where::home;
  // A clock away from the claim counts as travel only where the IP agrees with it and is no
  // VPN, proxy or hosting exit.
  if (!address || address->anonymizer || address->time_zone.empty()) return Where::unknown;
  const auto ip = tz::utc_offset_minutes(address->time_zone, at);
  if (!ip || std::abs(*ip - *browser) >= kSamePlaceMinutes) return Where::unknown;
  return Where::abroad;
}

}  // namespace

std::vector<TravelSpan> travel_spans(const Candidate& candidate,
                                     const std::vector<ResolvedAddress>* addresses,
                                     const tz::ZoneOffsets& claim) {
  std::vector<const ResolvedAddress*> by_session(candidate.sessions.size(), nullptr);
  if (addresses)
    for (const auto& a : *addresses)
      if (a.session < by_session.size()) by_session[a.session] = &a;
  std::vector<TimedSession> timed;
  std::size_t with_clock = 0, abroad = 0;
  for (std::size_t i = 0; i < candidate.sessions.size(); ++i) {
    const Session& s = candidate.sessions[i];
    if (!s.at || s.browser_timezone.empty()) continue;
    ++with_clock;
    const Where where = where_of(s, by_session[i], claim);
    if (where == Where::abroad) ++abroad;
    timed.push_back({*s.at, where, s.browser_timezone});
  }
  if (abroad == 0 || abroad * 2 > with_clock) return {};
  std::sort(timed.begin(), timed.end(),
            [](const TimedSession& a, const TimedSession& b) { return a.at < b.at; });
  std::vector<TravelSpan> spans;
  for (std::size_t i = 0; i < timed.size(); ++i) {
    if (timed[i].where != Where::abroad) continue;
    const std::int64_t at = timed[i].at;
    std::int64_t from = at - kReach, to = at + kReach;
    for (std::size_t j = i; j-- > 0;)
      if (timed[j].where == Where::home) {
        from = std::max(from, timed[j].at + 1);
        break;
      }
    for (std::size_t j = i + 1; j < timed.size(); ++j)
      if (timed[j].where == Where::home) {
        to = std::min(to, timed[j].at - 1);
        break;
      }
    if (!spans.empty() && from <= spans.back().to)
      spans.back().to = std::max(spans.back().to, to);
    else
      spans.push_back({from, to, timed[i].zone});
  }
  return spans;
}

std::vector<Instant> outside_spans(const std::vector<Instant>& events,
                                   const std::vector<TravelSpan>& spans) {
  std::vector<Instant> kept;
  kept.reserve(events.size());
  for (const auto& e : events) {
    const bool inside = std::any_of(spans.begin(), spans.end(), [&](const TravelSpan& s) {
      return e.utc >= s.from && e.utc <= s.to;
    });
    if (!inside) kept.push_back(e);
  }
  return kept;
}

}  // namespace candor::plugins::timezone
