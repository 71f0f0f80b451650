// A folder of pages and its index.html, sorted by band then probability.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>

#include "candor/app/report.hpp"
#include "candor/app/screener.hpp"
#include "candor/error.hpp"
#include "candor/pipeline.hpp"
#include "sections.hpp"

namespace candor::app {

namespace {

constexpr const char* kBands[] = {"critical", "high", "review", "clear"};
constexpr const char* kSymbols[] = {"■", "▲", "!", "✓"};

int band_rank(const std::string& band) {
  for (int i = 0; i < 4; ++i)
    if (band == kBands[i]) return i;
  return 4;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw InputError(path.string(), "", "cannot write report file");
}

}  // namespace

ReportOptions report_options_for(const Screener& screener) {
  ReportOptions options;
  options.bands = screener.policy().bands;
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::directory_iterator(screener.data_dir().sub("geoip"), ec))
    if (entry.path().extension() == ".mmdb")
      options.data_sources.push_back(entry.path().filename().string());
  std::sort(options.data_sources.begin(), options.data_sources.end());
  return options;
}

ReportWriter::ReportWriter(std::filesystem::path dir, ReportOptions options)
    : dir_(std::move(dir)), options_(std::move(options)) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec || !std::filesystem::is_directory(dir_))
    throw InputError(dir_.string(), "", "cannot create report folder");
  if (!options_.find_photo)
    options_.find_photo = [this](const std::string& id,
                                 const std::string& file) -> std::optional<std::filesystem::path> {
      const auto it = photos_.find(id);
      if (it == photos_.end()) return std::nullopt;
      for (const auto& p : it->second)
        if (p.filename() == file) return p;
      return std::nullopt;
    };
}

std::filesystem::path ReportWriter::add(const nlohmann::json& verdict, const Candidate* candidate) {
  const std::string page = render_report_page(verdict, candidate, options_);
  Entry e;
  e.id = verdict["candidate"].get<std::string>();
  e.file = report_file_name(e.id);
  e.band = verdict.value("band", "review");
  e.probability = verdict.value("probability", 0.0);
  e.score = verdict.value("score", 0);
  if (candidate) {
    e.name = candidate->name;
    std::vector<std::filesystem::path> photos;
    for (const auto& p : candidate->photos) photos.push_back(p.path);
    if (!photos.empty()) photos_[e.id] = std::move(photos);
  }
  const auto rows = fold_signals(report::signals_of(verdict));
  for (std::size_t i = 0; i < rows.size() && i < 3; ++i)
    e.reasons += (e.reasons.empty() ? "" : ", ") + rows[i].id;
  const auto path = dir_ / e.file;
  write_file(path, page);
  // A candidate screened twice keeps one page: the latest verdict.
  const auto same = std::find_if(entries_.begin(), entries_.end(),
                                 [&](const Entry& other) { return other.id == e.id; });
  if (same != entries_.end())
    *same = std::move(e);
  else
    entries_.push_back(std::move(e));
  return path;
}

std::size_t ReportWriter::finish() {
  std::stable_sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    if (band_rank(a.band) != band_rank(b.band)) return band_rank(a.band) < band_rank(b.band);
    return a.probability > b.probability;
  });
  nlohmann::json bands = nlohmann::json::array();
  for (int i = 0; i < 4; ++i) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& e : entries_)
      if (band_rank(e.band) == i)
        rows.push_back({{"id", e.id},
                        {"name", e.name},
                        {"file", e.file},
                        {"probability", fmt::format("{:.3f}", e.probability)},
                        {"score", std::to_string(e.score)},
                        {"reasons", e.reasons}});
    std::string word = kBands[i];
    for (auto& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    bands.push_back({{"band", kBands[i]},
                     {"word", word},
                     {"symbol", kSymbols[i]},
                     {"count", std::to_string(rows.size())},
                     {"has_rows", !rows.empty()},
                     {"rows", std::move(rows)}});
  }
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const nlohmann::json model = {
      {"css", report::report_css()},       {"total", std::to_string(entries_.size())},
      {"bands", std::move(bands)},         {"errors", std::to_string(errors_)},
      {"has_errors", errors_ > 0},         {"version", std::string(version())},
      {"rendered_at", format_rfc3339(now)}};
  write_file(dir_ / "index.html", report::render_template("index", model));
  return entries_.size() + 1;
}

}  // namespace candor::app
