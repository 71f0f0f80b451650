#pragma once
// The candidate model, `candor.candidate/v1`.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "candor/limits.hpp"

namespace candor {

/// Where the candidate claims to be.
struct ClaimedLocation {
  std::string country;  ///< ISO 3166-1 alpha-2, upper case
  std::string region;
  std::string city;
  std::string timezone;            ///< IANA name, e.g. America/Chicago
  std::optional<double> latitude;  ///< of the claimed city, when the application geocoded it
  std::optional<double> longitude;
};

/// A postal address (home, shipping, billing …).
struct Address {
  std::string kind;
  std::string text;
  std::string country;
};

/// One connection seen from the candidate (application form, interview, login).
struct Session {
  std::string ip;
  std::optional<std::int64_t> at;  ///< Unix seconds (UTC), parsed from RFC 3339
  std::string browser_timezone;
  std::vector<std::string> languages;
  std::string user_agent;
};

/// Image bytes that arrived inline (base64 in the request), shared by the copies of a candidate.
using ImageBytes = std::shared_ptr<const std::string>;

/// A photo: a file (`path`, the candidate file's folder joined with the path it gives) or inline
/// bytes (`data`, path empty).
struct Photo {
  std::filesystem::path path;
  std::string kind;  ///< profile, selfie, interview …
  ImageBytes data;   ///< set when the photo arrived inline
};

/// An identity document.
struct Document {
  std::string kind;
  std::filesystem::path image;   ///< empty when none; resolved like Photo::path
  std::vector<std::string> mrz;  ///< MRZ lines, e.g. from an IDV vendor
  std::string issuing_country;
  std::string number;
  ImageBytes image_data;  ///< set when the image arrived inline (`image` is then empty)
  bool has_image() const { return !image.empty() || image_data; }
};

/// Activity timestamps: inline RFC 3339 instants or an export file with its format.
struct Activity {
  std::vector<std::string> instants;  ///< raw RFC 3339 strings, parsed by the timezone plugin
  std::filesystem::path file;         ///< empty when inline; resolved like Photo::path
  std::string format;                 ///< lines | git | okta | csv
  nlohmann::json options;             ///< format options (author, column …), as given
  std::uintmax_t max_bytes = kMaxActivityFileBytes;  ///< the policy's `limits.activity_file_bytes`
};

/// Where and how the candidate wants to be paid.
struct Payout {
  std::string method, beneficiary, bank, bank_account, wallet, country;
};

/// A past or current employer.
struct Employer {
  std::string name;
  std::string country;
};

/// A public profile (LinkedIn, GitHub …).
struct Profile {
  std::string site;
  std::string url;
};

/// A USB device seen on a contractor's laptop (osquery `usb_devices` or the Windows USB
/// enumeration in `registry`), summarised over the audited period.
struct UsbDevice {
  std::string host;
  std::string vendor_id;  ///< four lower-case hex digits, no `0x`
  std::string model_id;
  std::string vendor, model, serial;
  bool keyboard = false, mouse = false, storage = false;  ///< interface classes seen on it
  std::string source;                                     ///< usb_devices | registry
};

/// A drive a laptop sees (osquery `block_devices`): an IP-KVM presents virtual ones under its
/// maker's name (PiKVM's "Flash Drive" and "Optical Drive", the GL.iNet Comet's "Glinet").
struct EndpointDrive {
  std::string host;
  std::string name;  ///< device node, e.g. /dev/sdb
  std::string vendor, model;
};

/// Software seen on a laptop: a running process, an installed program, app, package, service
/// or browser extension.
struct EndpointSoftware {
  std::string host;
  std::string kind;        ///< process | program | app | package | service | extension
  std::string name;        ///< executable, program, app or service name
  std::string path;        ///< executable or install path, when known
  std::string identifier;  ///< bundle id, service name or extension id, when known
};

/// One laptop of the contractor, summarised from its osquery results.
struct EndpointHost {
  std::string id;                         ///< osquery hostIdentifier
  std::string serial;                     ///< hardware serial (system_info)
  std::string local_timezone;             ///< zone the laptop's clock is set to (osquery `time`)
  std::optional<int> utc_offset_minutes;  ///< the clock's UTC offset when last seen
  std::int64_t first_seen = 0, last_seen = 0;
  std::int64_t rows = 0;
};

/// What an audit derived from endpoint telemetry: distinct facts, never raw rows.
struct Endpoint {
  std::vector<EndpointHost> hosts;
  std::vector<UsbDevice> usb_devices;
  std::vector<EndpointDrive> drives;
  std::vector<EndpointSoftware> software;
  std::vector<std::string> neighbour_macs;  ///< ARP neighbours' MAC addresses, upper case
  std::vector<std::string> wifi_bssids;     ///< Wi-Fi access points joined (BSSID, lower case)
};

/// One successful sign-in at the identity provider (Okta), reduced to what signals need.
struct Login {
  std::int64_t at = 0;  ///< Unix seconds
  std::string ip;
  std::string country;  ///< the provider's own geolocation, when given
  std::optional<double> latitude, longitude;
  bool proxy = false;       ///< the provider marked the address an anonymizer
  std::string device_hash;  ///< device fingerprint (Okta dtHash), when given
  bool new_device = false;  ///< the provider's "New Device" behaviour was positive
};

/// What an audit derived from identity-provider logs.
struct IdentityProvider {
  std::vector<Login> logins;  ///< in time order
  /// Devices registered for the person's second factor (Okta Verify's device ids): one phone
  /// holding two people's second factor means one person signs in as both.
  std::vector<std::string> mfa_devices;
};

/// One candidate as an employer really has it. Unknown JSON fields are kept in `raw`.
struct Candidate {
  std::string id;
  std::string name;
  std::vector<std::string> aliases;
  std::string date_of_birth;        ///< YYYY-MM-DD
  std::string nationality;          ///< ISO 3166-1 alpha-2 or alpha-3 as given
  std::vector<std::string> emails;  ///< `email` first, then `emails`
  std::vector<std::string> phones;  ///< `phone` first, then `phones`
  ClaimedLocation claimed_location;
  std::vector<Address> addresses;
  std::vector<Session> sessions;
  std::vector<Photo> photos;
  std::vector<Document> documents;
  std::optional<Activity> activity;
  Payout payout;
  std::vector<Employer> employers;
  std::vector<Profile> profiles;
  std::vector<std::string> device_ids;
  std::optional<Endpoint> endpoint;     ///< audits only: laptop telemetry, summarised
  std::optional<IdentityProvider> idp;  ///< audits only: sign-ins
  std::string source_file;              ///< where it was read from (for error messages)
  nlohmann::json raw;                   ///< the record as given
  /// Values the loader left out because they are not what their field holds (an IP address
  /// that is not one, an unknown IANA zone), as "/sessions/3/ip: not an IP address": the
  /// applicant controls them, so the verdict is then incomplete rather than quietly cleaner.
  std::vector<std::string> invalid_fields;
};

/// How a candidate's images may arrive: as file paths, inline as base64 (`photos/*/data`,
/// `documents/*/image_data`), or both.
struct FileRules {
  bool allow_paths = true;  ///< false for a service: a client's path is never opened
  std::uint64_t max_inline_bytes = kDefaultMaxImageBytes;  ///< per image, before decoding base64
  /// The folder every file a candidate names must resolve into, symlinks followed (empty: the
  /// folder of the candidate file, `base_dir`). An applicant must not make candor read
  /// `/etc/passwd` or `/proc/self/environ` into a verdict.
  std::filesystem::path files_root;
  bool allow_any_path = false;  ///< a trusted operator's `--allow-any-path`: any regular file
  Limits limits;                ///< file sizes and list lengths (the policy's `limits`)
};

/// Parses one candidate from JSON. `file` names the source in errors; relative paths resolve
/// against `base_dir` and, unless `rules.allow_any_path`, must stay inside `rules.files_root`
/// (default `base_dir`); only regular files are accepted. Throws InputError naming the file and
/// JSON pointer, quoting a path only as the candidate gave it.
Candidate parse_candidate(const nlohmann::json& json, const std::string& file,
                          const std::filesystem::path& base_dir, const FileRules& rules = {});

/// Decodes standard base64 (padding optional, no whitespace); nullopt when malformed.
std::optional<std::string> decode_base64(std::string_view text);

/// Encodes bytes as standard base64 with padding.
std::string encode_base64(std::string_view bytes);

/// Reads and parses a `candidate.json` file; its files resolve against its folder as given.
Candidate load_candidate_file(const std::filesystem::path& path, const FileRules& rules = {});

/// An RFC 3339 instant with the offset it was written in.
struct Rfc3339Instant {
  std::int64_t unix_seconds = 0;
  std::optional<int> offset_minutes;  ///< none for `Z` (UTC with no local offset recorded)
};

/// Parses `2024-03-10T09:15:00-05:00`, `…Z`, `t`/space separators, fractional seconds.
std::optional<Rfc3339Instant> parse_rfc3339_instant(std::string_view text);

/// Parses an RFC 3339 instant into Unix seconds; nullopt when malformed.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

/// Formats Unix seconds as RFC 3339 UTC (`2025-01-02T03:04:05Z`).
std::string format_rfc3339(std::int64_t unix_seconds);

}  // namespace candor

namespace candor {

/// The CSV header names `candidate_from_csv_row` understands (see README, "CSV import").
const std::vector<std::string>& csv_columns();

/// Maps one ATS-export CSV row to candidate JSON. Multi-value cells separate values with `;`
/// or `|`. Unknown columns are ignored; an empty `id` is an InputError naming the row.
nlohmann::json candidate_json_from_csv(const std::vector<std::string>& header,
                                       const std::vector<std::string>& row, const std::string& file,
                                       std::size_t line);

}  // namespace candor
