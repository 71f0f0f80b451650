#pragma once
// The audit's readers: Okta System Log events and osquery results, read into per-actor and
// per-host summaries. A malformed line is counted and named (file:line) and reading goes on.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "candor/candidate.hpp"
#include "candor/limits.hpp"

namespace candor::app {

/// A log line that could not be used.
struct MalformedLine {
  std::string file;
  std::size_t line = 0;  ///< 1-based; for a JSON array, the element's line
  std::string problem;
};

/// Counts and malformed lines of everything read.
struct TelemetryStats {
  std::size_t okta_events = 0;   ///< well-formed events read
  std::size_t okta_logins = 0;   ///< of which successful sign-ins
  std::size_t osquery_rows = 0;  ///< well-formed result rows read
  std::size_t malformed = 0;
  std::vector<MalformedLine> malformed_lines;  ///< the first 100, named
  std::int64_t newest = 0;                     ///< the newest instant read (Unix seconds)

  void reject(std::string file, std::size_t line, std::string problem);
  /// Adds another reader thread's counts (malformed lines kept in file:line order).
  void merge(TelemetryStats&& other);
};

/// One actor's sign-ins, with every name the log gave the actor.
struct ActorTelemetry {
  std::vector<std::string> names;  ///< actor.id and actor.alternateId, lower case
  std::vector<Login> logins;
  /// Second-factor devices (Okta Verify device ids) registered to or used by the actor, each
  /// with the last time an event named it.
  std::map<std::string, std::int64_t> mfa_devices;
  std::size_t events = 0;
};

/// Okta System Log events: `/api/v1/logs` JSON array pages or one event per line.
class OktaReader {
 public:
  /// `limits`: `log_file_bytes` for an array page, `log_line_bytes` per line, `json_depth`.
  explicit OktaReader(const Limits& limits = {});
  ~OktaReader();
  OktaReader(OktaReader&&) noexcept;
  OktaReader& operator=(OktaReader&&) noexcept;
  /// Reads a file, or every file of a folder (sorted); InputError when one cannot be opened.
  void read(const std::filesystem::path& path, TelemetryStats& stats);
  /// Reads the lines of a one-event-a-line file that start in bytes [begin, end), so one large
  /// export is read on every core; malformed lines are numbered from the range's first line.
  /// Returns how many lines started in the range.
  std::size_t read_range(const std::filesystem::path& file, std::uint64_t begin, std::uint64_t end,
                         TelemetryStats& stats);
  /// Whether the file is one `/api/v1/logs` JSON array page rather than one event a line.
  static bool is_array_page(const std::filesystem::path& file);
  /// Reads one event given as JSON text; false (and a reject) when it is not one.
  bool add_event(std::string_view json, const std::string& file, std::size_t line,
                 TelemetryStats& stats);
  /// Actor id → telemetry.
  const std::map<std::string, ActorTelemetry>& actors() const { return actors_; }
  /// The actor id a name (id or alternateId, any case) belongs to, if seen.
  std::optional<std::string> actor_of(const std::string& name) const;
  /// Takes over what another reader (another thread's files) read, leaving it empty.
  void merge(OktaReader&& other);

 private:
  // simdjson's parser and what reads its documents (audit_okta.cpp): events are parsed at
  // gigabytes a second, so a month of a large company's System Log reads in minutes.
  struct Parser;
  std::size_t read_lines(std::istream& in, const std::string& file, std::uint64_t bytes,
                         TelemetryStats& stats);
  /// Records the names (lower case) an actor id is known by.
  void remember(const std::string& id, std::initializer_list<std::string> names);
  Limits limits_;
  std::unique_ptr<Parser> parser_;
  std::map<std::string, ActorTelemetry> actors_;
  std::map<std::string, std::string> names_;  // lower-case name → actor id
};

/// One host's osquery results, summarised.
struct HostTelemetry {
  EndpointHost host;
  /// Distinct devices, software and neighbours (keyed by what identifies them), each with the
  /// last time it was seen, so retention can drop what is older.
  std::map<std::string, std::pair<UsbDevice, std::int64_t>> usb_devices;
  std::map<std::string, std::pair<EndpointDrive, std::int64_t>> drives;
  std::map<std::string, std::pair<EndpointSoftware, std::int64_t>> software;
  std::map<std::string, std::int64_t> neighbour_macs;
  std::map<std::string, std::int64_t> wifi_bssids;  ///< access points joined (wifi_status)
};

/// osquery results: the daemon's results log (one JSON object a line, `columns` or `snapshot`)
/// and `osqueryi --json` arrays (then the host is given with the file: HOST=FILE).
class OsqueryReader {
 public:
  /// `limits`: `log_file_bytes` for an `osqueryi --json` array, `log_line_bytes` per line.
  explicit OsqueryReader(const Limits& limits = {}) : limits_(limits) {}
  /// Reads a file or a folder's files; `host` names the host of `osqueryi --json` arrays.
  void read(const std::filesystem::path& path, const std::string& host, TelemetryStats& stats);
  /// Adds one result row of query `name` (pack query name or empty) on `host` at `at`.
  /// Rows of tables the audit does not read are counted and ignored.
  void add_row(const std::string& name, const std::string& host, std::int64_t at,
               const nlohmann::json& columns);
  /// hostIdentifier → telemetry.
  const std::map<std::string, HostTelemetry>& hosts() const { return hosts_; }
  /// Takes over what another reader (another thread's files) read.
  void merge(OsqueryReader&& other);

 private:
  void read_stream(std::istream& in, const std::string& file, const std::string& host,
                   std::int64_t file_time, TelemetryStats& stats);
  bool add_line(const nlohmann::json& record, const std::string& host, std::int64_t file_time,
                const std::string& file, std::size_t line, TelemetryStats& stats);
  Limits limits_;
  std::map<std::string, HostTelemetry> hosts_;
};

/// The files an `--okta`/`--osquery` argument names: the path itself, or a folder's regular
/// files in name order.
std::vector<std::filesystem::path> files_of(const std::filesystem::path& path);

}  // namespace candor::app
