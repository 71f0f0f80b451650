#pragma once
// The report's charts, drawn as inline SVG (no scripts, no fonts or images loaded). Every text
// that may come from a candidate goes through xml_escape.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "candor/policy.hpp"

namespace candor::app::report {

/// `text` with &, <, >, " and ' escaped for XML and HTML.
std::string xml_escape(std::string_view text);

/// One step of the waterfall.
struct WaterfallStep {
  std::string label;
  double delta = 0.0;
  bool hard = false;
};

/// Horizontal waterfall from the prior log-odds through each step to `final_log_odds`, with the
/// band thresholds marked.
std::string waterfall_svg(double prior_log_odds, const std::vector<WaterfallStep>& steps,
                          double final_log_odds, const BandThresholds& bands);

/// Events per hour of the week: [day 0 = Monday][hour].
using WeekHours = std::array<std::array<int, 24>, 7>;

/// A 7 × 24 heatmap; hours 00–05 hatched when `shade_night`.
std::string heatmap_svg(const WeekHours& counts, bool shade_night, std::string_view label);

/// An offset interval in minutes, both ends included.
struct OffsetRange {
  int from = 0, to = 0;
};

/// UTC offsets from −12:00 to +14:00: the credible set as bars, the claimed offsets and the
/// inferred one marked.
std::string offsets_svg(const std::vector<OffsetRange>& credible, const std::vector<int>& claimed,
                        std::optional<int> inferred);

/// A node of the links graph: another candidate and what it shares.
struct LinkedNode {
  std::string id;
  std::vector<std::string> shared;
};

/// The candidate in the middle, every linked candidate around it, edges labelled with what they
/// share.
std::string cluster_svg(std::string_view centre, const std::vector<LinkedNode>& others);

}  // namespace candor::app::report
