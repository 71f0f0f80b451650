#pragma once
// The report page's model, section by section: each adds its keys to the mustache model (a JSON
// object turned into mustache data at the end). Candidate text stays plain text here; the
// template escapes it, and the SVG charts escape it themselves.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "candor/app/report.hpp"

namespace candor::app::report {

/// What every section reads.
struct PageInput {
  const nlohmann::json& verdict;
  const Candidate* candidate;  ///< may be null
  const ReportOptions& options;
  std::vector<SignalRow> rows;
};

/// The verdict's signals (empty array when none).
const nlohmann::json& signals_of(const nlohmann::json& verdict);
/// `evidence[key]` as text ("" when absent); numbers and arrays compactly.
std::string text_of(const nlohmann::json& object, const char* key);
/// The evidence's scalar values as `key=value, …`, at most `max` characters.
std::string compact_evidence(const nlohmann::json& evidence, std::size_t max = 240);
/// Parses `+08:15` / `-05:00` into minutes.
std::optional<int> parse_offset(std::string_view text);
/// Unix seconds as `YYYY-MM-DD HH:MM` shifted by `offset_minutes`.
std::string wall_time(std::int64_t utc, int offset_minutes);

void add_photos(const PageInput& in, nlohmann::json& model);
void add_activity(const PageInput& in, nlohmann::json& model);
void add_sessions(const PageInput& in, nlohmann::json& model);
void add_documents(const PageInput& in, nlohmann::json& model);
void add_links(const PageInput& in, nlohmann::json& model);
void add_sanctions(const PageInput& in, nlohmann::json& model);

/// Renders a mustache template (escaping by default) with a JSON model.
std::string render_template(std::string_view name, const nlohmann::json& model);

/// The report's stylesheet.
std::string_view report_css();

}  // namespace candor::app::report
