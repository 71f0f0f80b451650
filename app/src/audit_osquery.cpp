// osquery results into per-host summaries. Rows are recognised by the query names of
// osquery/candor-audit.conf and, for other packs and ad-hoc queries, by their columns.
#include <algorithm>
#include <chrono>
#include <fstream>

#include "candor/app/audit_telemetry.hpp"
#include "candor/error.hpp"
#include "candor/limits.hpp"
#include "candor/text/text.hpp"

namespace candor::app {

namespace {

std::string column(const nlohmann::json& row, const char* key) {
  const auto it = row.find(key);
  if (it == row.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return {};
}

bool has(const nlohmann::json& row, std::initializer_list<const char*> keys) {
  return std::all_of(keys.begin(), keys.end(), [&](const char* k) { return row.contains(k); });
}

// The table a row comes from: the pack's query name (`candor_<table>`, or any name ending in
// the table), else its columns.
std::string table_of(const std::string& name, const nlohmann::json& row) {
  static const char* const kTables[] = {
      "usb_devices",  "block_devices", "processes",         "programs", "apps",
      "deb_packages", "services",      "chrome_extensions", "registry", "arp_cache",
      "time",         "system_info",   "wifi_status"};
  const std::string lower = text::ascii_lower(name);
  for (const char* t : kTables)
    if (lower == t || lower.ends_with(std::string("_") + t) ||
        lower.ends_with(std::string("/") + t))
      return t;
  if (has(row, {"vendor_id", "model_id", "serial"})) return "usb_devices";
  if (has(row, {"name", "vendor", "model", "size"})) return "block_devices";
  if (has(row, {"pid", "name", "path", "cmdline"})) return "processes";
  if (has(row, {"name", "publisher", "install_location"})) return "programs";
  if (has(row, {"bundle_identifier", "path"})) return "apps";
  if (has(row, {"name", "version", "arch", "revision"})) return "deb_packages";
  if (has(row, {"name", "display_name", "start_type"})) return "services";
  if (has(row, {"identifier", "name", "browser_type"})) return "chrome_extensions";
  if (has(row, {"key", "path", "type", "data"})) return "registry";
  if (has(row, {"address", "mac", "interface"})) return "arp_cache";
  if (has(row, {"local_timezone", "unix_time"})) return "time";
  if (has(row, {"bssid", "ssid"})) return "wifi_status";
  if (has(row, {"hardware_serial", "hostname"})) return "system_info";
  return {};
}

// USB interface classes on a row (osquery reports the device's class, subclass and protocol).
void usb_classes(const nlohmann::json& row, UsbDevice& d) {
  const std::string cls = column(row, "class"), protocol = column(row, "protocol");
  if (cls == "3" || cls == "03") {
    if (protocol == "1" || protocol == "01") d.keyboard = true;
    if (protocol == "2" || protocol == "02") d.mouse = true;
  }
  if (cls == "8" || cls == "08") d.storage = true;
  const std::string type = text::ascii_lower(column(row, "type"));
  if (type.find("keyboard") != std::string::npos) d.keyboard = true;
  if (type.find("mouse") != std::string::npos) d.mouse = true;
  if (type.find("storage") != std::string::npos) d.storage = true;
}

std::string hex_id(std::string text) {
  text = text::ascii_lower(text::trim(text));
  if (text.starts_with("0x")) text = text.substr(2);
  while (!text.empty() && text.size() < 4) text.insert(text.begin(), '0');
  return text;
}

// `…\Enum\USB\VID_1D6B&PID_0104\<serial>`: a USB device Windows has enumerated.
std::optional<UsbDevice> registry_usb(const std::string& host, const nlohmann::json& row) {
  std::string path = column(row, "path");
  if (path.empty()) path = column(row, "key");
  const std::string upper = [&] {
    std::string u = path;
    for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return u;
  }();
  const auto vid = upper.find("VID_");
  const auto pid = upper.find("PID_", vid == std::string::npos ? 0 : vid);
  if (vid == std::string::npos || pid == std::string::npos || upper.size() < pid + 8)
    return std::nullopt;
  UsbDevice d;
  d.host = host;
  d.vendor_id = hex_id(path.substr(vid + 4, 4));
  d.model_id = hex_id(path.substr(pid + 4, 4));
  const auto after = upper.find('\\', pid);
  if (after != std::string::npos) {
    const auto end = upper.find('\\', after + 1);
    d.serial =
        path.substr(after + 1, end == std::string::npos ? std::string::npos : end - after - 1);
  }
  d.source = "registry";
  return d;
}

}  // namespace

void OsqueryReader::add_row(const std::string& name, const std::string& host_id, std::int64_t at,
                            const nlohmann::json& row) {
  auto& h = hosts_[host_id];
  EndpointHost& host = h.host;
  if (host.id.empty()) {
    host.id = host_id;
    host.first_seen = at;
  }
  host.first_seen = std::min(host.first_seen, at);
  host.last_seen = std::max(host.last_seen, at);
  ++host.rows;
  const auto keep = [&](auto& map, const std::string& key, auto value) {
    auto& slot = map[key];
    if (slot.second == 0) slot.first = std::move(value);
    slot.second = std::max(slot.second, at);
  };
  const auto software = [&](const char* kind, std::string name_, std::string path,
                            std::string identifier) {
    if (name_.empty() && path.empty() && identifier.empty()) return;
    const std::string key = std::string(kind) + '\n' + name_ + '\n' + path + '\n' + identifier;
    keep(h.software, key,
         EndpointSoftware{host_id, kind, std::move(name_), std::move(path), std::move(identifier)});
  };
  const std::string table = table_of(name, row);
  if (table == "usb_devices") {
    UsbDevice d{host_id,
                hex_id(column(row, "vendor_id")),
                hex_id(column(row, "model_id")),
                column(row, "vendor"),
                column(row, "model"),
                column(row, "serial"),
                false,
                false,
                false,
                "usb_devices"};
    const std::string key =
        d.vendor_id + ':' + d.model_id + '\n' + d.serial + '\n' + d.vendor + '\n' + d.model;
    auto& slot = h.usb_devices[key];
    if (slot.second == 0) slot.first = d;
    usb_classes(row, slot.first);  // one device lists each interface on its own row
    slot.second = std::max(slot.second, at);
  } else if (table == "registry") {
    if (auto d = registry_usb(host_id, row))
      keep(h.usb_devices, d->vendor_id + ':' + d->model_id + '\n' + d->serial + "\nregistry", *d);
  } else if (table == "block_devices") {
    EndpointDrive d{host_id, column(row, "name"), std::string(text::trim(column(row, "vendor"))),
                    std::string(text::trim(column(row, "model")))};
    if (!d.vendor.empty() || !d.model.empty()) {
      std::string key = d.name + '\n' + d.vendor + '\n' + d.model;  // before `d` is moved
      keep(h.drives, key, std::move(d));
    }
  } else if (table == "processes") {
    software("process", column(row, "name"), column(row, "path"), {});
  } else if (table == "programs") {
    software("program", column(row, "name"), column(row, "install_location"), {});
  } else if (table == "apps") {
    software("app", column(row, "name"), column(row, "path"), column(row, "bundle_identifier"));
  } else if (table == "deb_packages") {
    software("package", column(row, "name"), {}, {});
  } else if (table == "services") {
    std::string display = column(row, "display_name");
    software("service", display.empty() ? column(row, "name") : display, column(row, "path"),
             column(row, "name"));
  } else if (table == "chrome_extensions") {
    software("extension", column(row, "name"), column(row, "path"), column(row, "identifier"));
  } else if (table == "arp_cache") {
    const std::string mac = text::ascii_lower(column(row, "mac"));
    if (!mac.empty() && mac != "00:00:00:00:00:00" && mac != "ff:ff:ff:ff:ff:ff" &&
        mac != "incomplete")
      h.neighbour_macs[mac] = std::max(h.neighbour_macs[mac], at);
  } else if (table == "wifi_status") {
    // The access point, not the network's name: every home router is called "NETGEAR".
    const std::string bssid = text::ascii_lower(column(row, "bssid"));
    if (!bssid.empty() && bssid != "00:00:00:00:00:00")
      h.wifi_bssids[bssid] = std::max(h.wifi_bssids[bssid], at);
  } else if (table == "time") {
    if (at >= host.last_seen) {
      host.local_timezone = column(row, "local_timezone");
      // local_time − unix_time is the clock's offset whatever name the zone has.
      const std::string local = column(row, "local_time"), utc = column(row, "unix_time");
      if (!local.empty() && !utc.empty()) {
        try {
          const long long diff = std::stoll(local) - std::stoll(utc);
          host.utc_offset_minutes = static_cast<int>((diff + (diff >= 0 ? 30 : -30)) / 60);
        } catch (const std::exception&) {
        }
      }
    }
  } else if (table == "system_info") {
    const std::string serial = column(row, "hardware_serial");
    if (!serial.empty()) host.serial = serial;
  }
}

void OsqueryReader::merge(OsqueryReader&& other) {
  for (auto& [id, t] : other.hosts_) {
    auto [it, fresh] = hosts_.try_emplace(id, std::move(t));
    if (fresh) continue;
    HostTelemetry& h = it->second;
    EndpointHost& host = h.host;
    // The later report's clock and serial win, as within one reader.
    if (t.host.last_seen >= host.last_seen) {
      if (!t.host.local_timezone.empty() || t.host.utc_offset_minutes) {
        host.local_timezone = t.host.local_timezone;
        host.utc_offset_minutes = t.host.utc_offset_minutes;
      }
      if (!t.host.serial.empty()) host.serial = t.host.serial;
    }
    host.first_seen = std::min(host.first_seen, t.host.first_seen);
    host.last_seen = std::max(host.last_seen, t.host.last_seen);
    host.rows += t.host.rows;
    for (auto& [key, item] : t.usb_devices) {
      auto [slot, added] = h.usb_devices.try_emplace(key, item);
      if (added) continue;
      slot->second.first.keyboard |= item.first.keyboard;
      slot->second.first.mouse |= item.first.mouse;
      slot->second.first.storage |= item.first.storage;
      slot->second.second = std::max(slot->second.second, item.second);
    }
    for (auto& [key, item] : t.drives) {
      auto [slot, added] = h.drives.try_emplace(key, item);
      if (!added) slot->second.second = std::max(slot->second.second, item.second);
    }
    for (auto& [key, item] : t.software) {
      auto [slot, added] = h.software.try_emplace(key, item);
      if (!added) slot->second.second = std::max(slot->second.second, item.second);
    }
    for (const auto& [mac, seen] : t.neighbour_macs)
      h.neighbour_macs[mac] = std::max(h.neighbour_macs[mac], seen);
    for (const auto& [bssid, seen] : t.wifi_bssids)
      h.wifi_bssids[bssid] = std::max(h.wifi_bssids[bssid], seen);
  }
}

bool OsqueryReader::add_line(const nlohmann::json& record, const std::string& given_host,
                             std::int64_t file_time, const std::string& file, std::size_t line,
                             TelemetryStats& stats) {
  if (!record.is_object()) {
    stats.reject(file, line, "expected an osquery result (a JSON object)");
    return false;
  }
  // osqueryi --json: a bare row; the host comes from the command line.
  if (!record.contains("hostIdentifier") && !record.contains("columns") &&
      !record.contains("snapshot")) {
    if (given_host.empty()) {
      stats.reject(file, line, "a bare row without /hostIdentifier (give the file as HOST=FILE)");
      return false;
    }
    ++stats.osquery_rows;
    add_row({}, given_host, file_time, record);
    stats.newest = std::max(stats.newest, file_time);
    return true;
  }
  std::string host = column(record, "hostIdentifier");
  if (host.empty()) host = given_host;
  if (host.empty()) {
    stats.reject(file, line, "/hostIdentifier is missing");
    return false;
  }
  const std::string time = column(record, "unixTime");
  std::int64_t at = 0;
  try {
    at = time.empty() ? 0 : std::stoll(time);
  } catch (const std::exception&) {
  }
  if (at <= 0) {
    stats.reject(file, line, "/unixTime is missing or not a number");
    return false;
  }
  const std::string name = column(record, "name");
  if (const auto it = record.find("snapshot"); it != record.end()) {
    if (!it->is_array()) {
      stats.reject(file, line, "/snapshot is not an array");
      return false;
    }
    for (const auto& row : *it)
      if (row.is_object()) {
        ++stats.osquery_rows;
        add_row(name, host, at, row);
      }
  } else {
    const auto columns = record.find("columns");
    if (columns == record.end() || !columns->is_object()) {
      stats.reject(file, line, "/columns is missing or not an object");
      return false;
    }
    if (column(record, "action") == "removed") return true;  // gone from the host
    ++stats.osquery_rows;
    add_row(name, host, at, *columns);
  }
  stats.newest = std::max(stats.newest, at);
  return true;
}

void OsqueryReader::read_stream(std::istream& in, const std::string& file, const std::string& host,
                                std::int64_t file_time, TelemetryStats& stats) {
  std::string line;
  std::size_t n = 0;
  nlohmann::json record;
  while (std::getline(in, line)) {
    ++n;
    if (line.size() > limits_.log_line_bytes) {
      stats.reject(file, n,
                   "line longer than " + std::to_string(limits_.log_line_bytes) +
                       " bytes (limits.log_line_bytes)");
      continue;
    }
    if (text::trim(line).empty()) continue;
    if (const auto bad = parse_json(line, record)) {
      stats.reject(file, n, bad->problem + " at byte " + std::to_string(bad->byte));
      continue;
    }
    add_line(record, host, file_time, file, n, stats);
  }
}

void OsqueryReader::read(const std::filesystem::path& path, const std::string& host,
                         TelemetryStats& stats) {
  for (const auto& file : files_of(path)) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(file.string(), "", "cannot open osquery results");
    // Bare osqueryi rows carry no time: they are as old as the file.
    std::error_code ec;
    const auto written = std::filesystem::last_write_time(file, ec);
    const std::int64_t file_time =
        ec ? 0
           : std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::file_clock::to_sys(written).time_since_epoch())
                 .count();
    char first = 0;
    while (in.get(first) && std::isspace(static_cast<unsigned char>(first))) {
    }
    in.clear();
    in.seekg(0);
    if (first != '[') {
      read_stream(in, file.string(), host, file_time, stats);
      continue;
    }
    if (const auto problem = unreadable_file(file, limits_.log_file_bytes))
      throw InputError(file.string(), "", *problem);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    nlohmann::json rows;
    if (const auto bad = parse_json(text, rows)) {
      const auto line =
          1 + std::count(text.begin(), text.begin() + std::min(bad->byte, text.size()), '\n');
      stats.reject(file.string(), static_cast<std::size_t>(line), bad->problem);
      continue;
    }
    for (std::size_t i = 0; i < rows.size(); ++i)
      add_line(rows[i], host, file_time, file.string() + " row " + std::to_string(i), 0, stats);
  }
}

}  // namespace candor::app
