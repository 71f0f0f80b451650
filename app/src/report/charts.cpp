#include "charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "candor/tz/offsets.hpp"

namespace candor::app::report {

namespace {

double logit(double p) {
  p = std::clamp(p, 1e-9, 1.0 - 1e-9);
  return std::log(p / (1.0 - p));
}

const char* kDays[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

// A diagonal hatch (visible in print and without colour vision) for the night hours.
constexpr const char* kHatch =
    "<defs><pattern id=\"night\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
    "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#888\" "
    "stroke-width=\"1.5\"/></pattern></defs>";

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string waterfall_svg(double prior, const std::vector<WaterfallStep>& steps, double final_lo,
                          const BandThresholds& bands) {
  const struct {
    const char* name;
    double at;
  } marks[] = {{"review", logit(bands.review)},
               {"high", logit(bands.high)},
               {"critical", logit(bands.critical)}};
  double lo = std::min(prior, final_lo), hi = std::max(prior, final_lo), run = prior;
  for (const auto& s : steps) {
    run += s.delta;
    lo = std::min(lo, run);
    hi = std::max(hi, run);
  }
  for (const auto& m : marks) lo = std::min(lo, m.at), hi = std::max(hi, m.at);
  lo = std::floor(lo) - 0.5;
  hi = std::ceil(hi) + 0.5;
  const int label_w = 230, plot_w = 460, row_h = 20, top = 22;
  const int rows = static_cast<int>(steps.size()) + 2;
  const int height = top + rows * row_h + 24;
  auto x = [&](double v) { return label_w + (v - lo) / (hi - lo) * plot_w; };
  std::string svg = fmt::format(
      "<svg class=\"waterfall\" width=\"{0}\" "
      "height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"log-odds waterfall\">",
      label_w + plot_w + 20, height);
  for (int v = static_cast<int>(std::ceil(lo)); v <= static_cast<int>(std::floor(hi)); ++v)
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#eee\"/>"
        "<text x=\"{0:.1f}\" y=\"{3}\" font-size=\"10\" text-anchor=\"middle\" "
        "fill=\"#777\">{4}</text>",
        x(v), top, top + rows * row_h, top + rows * row_h + 14, v);
  for (const auto& m : marks)
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#444\" "
        "stroke-dasharray=\"4 3\"/><text x=\"{0:.1f}\" y=\"{3}\" font-size=\"10\" "
        "text-anchor=\"middle\">{4}</text>",
        x(m.at), top - 4, top + rows * row_h, top - 8, m.name);
  auto bar = [&](int row, double from, double to, const char* fill, const std::string& label,
                 const std::string& value) {
    const double y = top + row * row_h + 3;
    const double a = x(std::min(from, to)), b = x(std::max(from, to));
    svg += fmt::format(
        "<text x=\"{0}\" y=\"{1:.1f}\" font-size=\"11\" text-anchor=\"end\">{2}</text>"
        "<rect x=\"{3:.1f}\" y=\"{4:.1f}\" width=\"{5:.1f}\" height=\"{6}\" fill=\"{7}\"/>"
        "<text x=\"{8:.1f}\" y=\"{1:.1f}\" font-size=\"10\" fill=\"#333\">{9}</text>",
        label_w - 6, y + 11, xml_escape(label), a, y, std::max(1.5, b - a), row_h - 6, fill, b + 4,
        value);
  };
  bar(0, lo, prior, "#bbbbbb", "prior", fmt::format("{:.2f}", prior));
  run = prior;
  int row = 1;
  for (const auto& s : steps) {
    const char* fill = s.hard ? "#6a1b5a" : s.delta >= 0 ? "#d55e00" : "#0072b2";
    bar(row++, run, run + s.delta, fill, s.label, fmt::format("{:+.2f}", s.delta));
    run += s.delta;
  }
  bar(row, lo, final_lo, "#444444", "verdict", fmt::format("{:.2f}", final_lo));
  svg += "</svg>";
  return svg;
}

std::string heatmap_svg(const WeekHours& counts, bool shade_night, std::string_view label) {
  int max = 0;
  for (const auto& day : counts)
    for (int c : day) max = std::max(max, c);
  const int cell = 16, left = 34, top = 16;
  std::string svg = fmt::format(
      "<svg class=\"heatmap\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"activity heatmap, {2}\">{3}",
      left + 24 * cell + 4, top + 7 * cell + 4, xml_escape(label), kHatch);
  for (int h = 0; h < 24; h += 3)
    svg += fmt::format(
        "<text x=\"{}\" y=\"11\" font-size=\"10\" fill=\"#555\" "
        "text-anchor=\"middle\">{:02}</text>",
        left + h * cell + cell / 2, h);
  // Empty hours are one background with white grid lines; only active hours get a cell of
  // their own (a text-only candidate has a handful), which keeps pages small.
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fafafa\"/>", left,
                     top, 24 * cell, 7 * cell);
  for (int i = 1; i < 24; ++i)
    svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#fff\"/>",
                       left + i * cell, top, top + 7 * cell);
  for (int d = 0; d < 7; ++d) {
    svg += fmt::format("<text x=\"0\" y=\"{}\" font-size=\"10\" fill=\"#555\">{}</text>",
                       top + d * cell + 12, kDays[d]);
    if (d)
      svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#fff\"/>",
                         left, top + d * cell, left + 24 * cell);
    for (int h = 0; h < 24; ++h) {
      const int c = counts[d][h];
      if (!c) continue;
      // One hue (blue) in steps of lightness: readable without colour vision and in grey print.
      const double t = static_cast<double>(c) / max;
      const int r = static_cast<int>(222 - t * (222 - 8)),
                g = static_cast<int>(235 - t * (235 - 69)),
                b = static_cast<int>(247 - t * (247 - 148));
      svg += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"rgb({},{},{})\" "
          "stroke=\"#fff\"><title>{} {:02}:00 {}</title></rect>",
          left + h * cell, top + d * cell, cell, cell, r, g, b, kDays[d], h, c);
    }
  }
  if (shade_night)
    svg += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"url(#night)\" "
        "fill-opacity=\"0.6\" stroke=\"#555\"/>",
        left, top, 6 * cell, 7 * cell);
  svg += "</svg>";
  return svg;
}

std::string offsets_svg(const std::vector<OffsetRange>& credible, const std::vector<int>& claimed,
                        std::optional<int> inferred) {
  const int from = -12 * 60, to = 14 * 60, step = 15, left = 10, w = 600, top = 10, h = 30;
  auto x = [&](int minutes) { return left + double(minutes - from) / (to - from) * w; };
  std::string svg = fmt::format(
      "<svg class=\"offsets\" width=\"{0}\" "
      "height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"credible UTC offsets\">",
      left * 2 + w, top + h + 54);
  svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#999\"/>", left,
                     top + h, left + w, top + h);
  for (int m = from; m <= to; m += 120)
    svg += fmt::format(
        "<text x=\"{:.1f}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#555\">{}"
        "</text>",
        x(m), top + h + 12, m / 60 > 0 ? fmt::format("+{}", m / 60) : fmt::format("{}", m / 60));
  for (const auto& r : credible)
    for (int m = std::max(r.from, from); m <= std::min(r.to, to); m += step)
      svg += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"#009e73\"/>", x(m),
          top + 8, x(m + step) - x(m) - 0.5, h - 8);
  int label_row = 0;  // neighbouring claimed offsets (DST) get labels on alternate rows
  for (int m : claimed)
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#0072b2\" "
        "stroke-width=\"2\"/><text x=\"{0:.1f}\" y=\"{3}\" font-size=\"10\" "
        "text-anchor=\"middle\" fill=\"#0072b2\">claimed {4}</text>",
        x(m), top, top + h, top + h + 24 + 11 * (label_row++ % 2), tz::format_offset(m));
  if (inferred)
    svg += fmt::format(
        "<path d=\"M{0:.1f} {1} l-5 -8 h10 z\" fill=\"#d55e00\"/><text x=\"{0:.1f}\" y=\"{2}\" "
        "font-size=\"10\" text-anchor=\"middle\" fill=\"#d55e00\">best {3}</text>",
        x(*inferred), top + 8, top + h + 48, tz::format_offset(*inferred));
  svg += "</svg>";
  return svg;
}

std::string cluster_svg(std::string_view centre, const std::vector<LinkedNode>& others) {
  const int w = 560, h = 360, cx = w / 2, cy = h / 2, radius = 130;
  std::string svg = fmt::format(
      "<svg class=\"cluster\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"linked candidates\">",
      w, h);
  const std::size_t n = std::min<std::size_t>(others.size(), 16);
  std::string nodes;
  for (std::size_t i = 0; i < n; ++i) {
    const double angle = 2 * M_PI * double(i) / double(n) - M_PI / 2;
    const double x = cx + radius * std::cos(angle), y = cy + radius * std::sin(angle);
    std::string shared;
    for (const auto& s : others[i].shared) shared += (shared.empty() ? "" : ", ") + s;
    svg += fmt::format(
        "<line x1=\"{}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#d55e00\" "
        "stroke-width=\"{}\"/><text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" "
        "text-anchor=\"middle\" fill=\"#8a3a00\">{}</text>",
        cx, cy, x, y, 1 + std::min<std::size_t>(others[i].shared.size(), 4), (cx + x) / 2,
        (cy + y) / 2 - 3, xml_escape(shared));
    nodes += fmt::format(
        "<circle cx=\"{0:.1f}\" cy=\"{1:.1f}\" r=\"9\" fill=\"#fff\" stroke=\"#333\"/>"
        "<text x=\"{0:.1f}\" y=\"{2:.1f}\" font-size=\"11\" text-anchor=\"middle\">{3}</text>",
        x, y, y + (y < cy ? -13 : 22), xml_escape(others[i].id));
  }
  svg += nodes;
  svg += fmt::format(
      "<circle cx=\"{0}\" cy=\"{1}\" r=\"12\" fill=\"#6a1b5a\"/><text x=\"{0}\" y=\"{2}\" "
      "font-size=\"12\" font-weight=\"700\" text-anchor=\"middle\">{3}</text>",
      cx, cy, cy + 28, xml_escape(centre));
  if (others.size() > n)
    svg += fmt::format("<text x=\"8\" y=\"{}\" font-size=\"11\">and {} more</text>", h - 8,
                       others.size() - n);
  svg += "</svg>";
  return svg;
}

}  // namespace candor::app::report
