#pragma once
// The geoip plugin's factory: options, the shared databases and readiness.
#include <memory>
#include <string>
#include <vector>

#include "candor/plugin.hpp"
#include "geo_databases.hpp"
#include "session_signals.hpp"

namespace candor::plugins::geoip {

/// The plugin's typed options (policy section `plugins.geoip` plus CLI flags).
struct GeoipOptions {
  std::vector<std::filesystem::path> databases;  ///< --geoip-db, in order of preference
  std::filesystem::path watchlist;               ///< --watchlist
  bool use_data_dir = true;                      ///< also load <data dir>/geoip/*
};

/// Parses the section; ConfigError naming the key on unknown keys or wrong types.
GeoipOptions parse_options(const nlohmann::json& section, const std::string& file);

/// Loads every configured database and list. DataError naming the file on corrupt data.
std::shared_ptr<const GeoDatabases> load_databases(const GeoipOptions& options,
                                                   const DataDir& data_dir,
                                                   std::vector<std::string>& notes);

/// Resolves the candidate's claim (country, zone, coordinates) against the zone table.
ClaimedPlace claimed_place(const Candidate& candidate, const tz::ZoneTable& zones);

/// The geoip plugin's factory (listed in plugins.def); commands reach its databases through it.
class GeoipFactory : public PluginFactory {
 public:
  std::string name() const override { return "geoip"; }
  std::string description() const override;
  std::vector<std::string_view> provides() const override { return {facts::kGeoipSessions.name}; }
  std::vector<Feed> feeds() const override;
  std::vector<PluginOption> options() const override;
  void configure(const nlohmann::json& section, const PluginSetup& setup) override;
  Readiness readiness() const override { return readiness_; }
  std::vector<SignalSpec> signals() const override;
  std::unique_ptr<Plugin> make() const override;

  /// The loaded databases (null before configure()).
  std::shared_ptr<const GeoDatabases> databases() const { return databases_; }

 private:
  std::shared_ptr<const GeoDatabases> databases_;
  Readiness readiness_;
};

/// A new, unconfigured GeoipFactory.
std::shared_ptr<PluginFactory> make_factory();

}  // namespace candor::plugins::geoip
