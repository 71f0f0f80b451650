#include "mmdb_reader.hpp"

#include <arpa/inet.h>
#include <maxminddb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "candor/error.hpp"

namespace candor::plugins::geoip {

struct MmdbReader::State {
  MMDB_s db{};
  bool open = false;
};

namespace {

using Path = std::vector<const char*>;  // NULL-terminated, for MMDB_aget_value

std::string format_value(const MMDB_entry_data_s& d) {
  char buffer[64];
  switch (d.type) {
    case MMDB_DATA_TYPE_UTF8_STRING:
      return std::string(d.utf8_string, d.data_size);
    case MMDB_DATA_TYPE_DOUBLE:
      std::snprintf(buffer, sizeof buffer, "%f", d.double_value);
      return buffer;
    case MMDB_DATA_TYPE_FLOAT:
      std::snprintf(buffer, sizeof buffer, "%f", static_cast<double>(d.float_value));
      return buffer;
    case MMDB_DATA_TYPE_UINT16:
      return std::to_string(d.uint16);
    case MMDB_DATA_TYPE_UINT32:
      return std::to_string(d.uint32);
    case MMDB_DATA_TYPE_INT32:
      return std::to_string(d.int32);
    case MMDB_DATA_TYPE_UINT64:
      return std::to_string(d.uint64);
    case MMDB_DATA_TYPE_BOOLEAN:
      return d.boolean ? "true" : "false";
    case MMDB_DATA_TYPE_MAP:
      return "<map>";
    case MMDB_DATA_TYPE_ARRAY:
      return "<array>";
    case MMDB_DATA_TYPE_BYTES:
      return "<bytes>";
    default:
      return "<other>";
  }
}

std::optional<double> as_double(const MMDB_entry_data_s& d) {
  switch (d.type) {
    case MMDB_DATA_TYPE_DOUBLE:
      return d.double_value;
    case MMDB_DATA_TYPE_FLOAT:
      return static_cast<double>(d.float_value);
    case MMDB_DATA_TYPE_UINT16:
      return d.uint16;
    case MMDB_DATA_TYPE_UINT32:
      return d.uint32;
    case MMDB_DATA_TYPE_INT32:
      return d.int32;
    case MMDB_DATA_TYPE_UINT64:
      return static_cast<double>(d.uint64);
    default:
      return std::nullopt;
  }
}

// Fields the plugin reads, and where each kind keeps them.
enum class Field {
  country,
  region,
  city,
  time_zone,
  latitude,
  longitude,
  accuracy_radius,
  asn,
  as_org,
  isp,
  organization,
  connection_type,
  user_type,
  is_anonymous,
  is_anonymous_vpn,
  is_hosting_provider,
  is_public_proxy,
  is_residential_proxy,
  is_tor_exit_node,
  provider_name,
  anonymizer_confidence,
  ip_risk,
};

struct FieldPath {
  Field field;
  Path path;
};

const std::vector<FieldPath>& anonymizer_flags() {
  static const std::vector<FieldPath> fields{
      {Field::is_anonymous, {"is_anonymous", nullptr}},
      {Field::is_anonymous_vpn, {"is_anonymous_vpn", nullptr}},
      {Field::is_hosting_provider, {"is_hosting_provider", nullptr}},
      {Field::is_public_proxy, {"is_public_proxy", nullptr}},
      {Field::is_residential_proxy, {"is_residential_proxy", nullptr}},
      {Field::is_tor_exit_node, {"is_tor_exit_node", nullptr}},
      {Field::provider_name, {"provider_name", nullptr}},
      {Field::anonymizer_confidence, {"anonymizer_confidence", nullptr}},
  };
  return fields;
}

std::vector<FieldPath> fields_for(DbKind kind) {
  std::vector<FieldPath> location{
      {Field::country, {"country", "iso_code", nullptr}},
      {Field::region, {"subdivisions", "0", "names", "en", nullptr}},
      {Field::city, {"city", "names", "en", nullptr}},
      {Field::time_zone, {"location", "time_zone", nullptr}},
      {Field::latitude, {"location", "latitude", nullptr}},
      {Field::longitude, {"location", "longitude", nullptr}},
      {Field::accuracy_radius, {"location", "accuracy_radius", nullptr}},
  };
  switch (kind) {
    case DbKind::city:
    case DbKind::country:
      return location;
    case DbKind::enterprise: {
      std::vector<FieldPath> traits{
          {Field::asn, {"traits", "autonomous_system_number", nullptr}},
          {Field::as_org, {"traits", "autonomous_system_organization", nullptr}},
          {Field::isp, {"traits", "isp", nullptr}},
          {Field::organization, {"traits", "organization", nullptr}},
          {Field::connection_type, {"traits", "connection_type", nullptr}},
          {Field::user_type, {"traits", "user_type", nullptr}},
      };
      location.insert(location.end(), traits.begin(), traits.end());
      return location;
    }
    case DbKind::asn:
      return {{Field::asn, {"autonomous_system_number", nullptr}},
              {Field::as_org, {"autonomous_system_organization", nullptr}}};
    case DbKind::isp:
      return {{Field::asn, {"autonomous_system_number", nullptr}},
              {Field::as_org, {"autonomous_system_organization", nullptr}},
              {Field::isp, {"isp", nullptr}},
              {Field::organization, {"organization", nullptr}}};
    case DbKind::connection_type:
      return {{Field::connection_type, {"connection_type", nullptr}}};
    case DbKind::anonymous_ip:
    case DbKind::anonymous_plus:
    case DbKind::residential_proxy:
      return anonymizer_flags();
    case DbKind::ip_risk: {
      auto fields = anonymizer_flags();
      fields.push_back({Field::ip_risk, {"ip_risk", nullptr}});
      return fields;
    }
    case DbKind::flat_location:
      return {{Field::country, {"country_code", nullptr}},
              {Field::region, {"state1", nullptr}},
              {Field::city, {"city", nullptr}},
              {Field::time_zone, {"timezone", nullptr}},
              {Field::latitude, {"latitude", nullptr}},
              {Field::longitude, {"longitude", nullptr}}};
    case DbKind::unknown:
      return {};
  }
  return {};
}

const std::array<std::vector<FieldPath>, 12>& field_table() {
  static const std::array<std::vector<FieldPath>, 12> table = [] {
    std::array<std::vector<FieldPath>, 12> t;
    for (int k = 0; k < 12; ++k) t[k] = fields_for(static_cast<DbKind>(k));
    return t;
  }();
  return table;
}

void assign(GeoRecord& r, Field field, const MMDB_entry_data_s& d) {
  const bool is_string = d.type == MMDB_DATA_TYPE_UTF8_STRING;
  const std::string text = is_string ? std::string(d.utf8_string, d.data_size) : std::string();
  const bool flag = d.type == MMDB_DATA_TYPE_BOOLEAN && d.boolean;
  const auto number = as_double(d);
  switch (field) {
    case Field::country:
      r.country = text;
      break;
    case Field::region:
      r.region = text;
      break;
    case Field::city:
      r.city = text;
      break;
    case Field::time_zone:
      r.time_zone = text;
      break;
    case Field::latitude:
      r.latitude = number;
      break;
    case Field::longitude:
      r.longitude = number;
      break;
    case Field::accuracy_radius:
      if (number) r.accuracy_radius_km = static_cast<int>(*number);
      break;
    case Field::asn:
      if (number) r.asn = static_cast<std::uint32_t>(*number);
      break;
    case Field::as_org:
      r.as_organization = text;
      break;
    case Field::isp:
      r.isp = text;
      break;
    case Field::organization:
      r.organization = text;
      break;
    case Field::connection_type:
      r.connection_type = text;
      break;
    case Field::user_type:
      r.user_type = text;
      break;
    case Field::is_anonymous:
      r.is_anonymous = flag;
      break;
    case Field::is_anonymous_vpn:
      r.is_anonymous_vpn = flag;
      break;
    case Field::is_hosting_provider:
      r.is_hosting_provider = flag;
      break;
    case Field::is_public_proxy:
      r.is_public_proxy = flag;
      break;
    case Field::is_residential_proxy:
      r.is_residential_proxy = flag;
      break;
    case Field::is_tor_exit_node:
      r.is_tor_exit_node = flag;
      break;
    case Field::provider_name:
      r.provider_name = text;
      break;
    case Field::anonymizer_confidence:
      if (number) r.anonymizer_confidence = static_cast<int>(*number);
      break;
    case Field::ip_risk:
      r.ip_risk = number;
      break;
  }
}

DbKind kind_from_type(const std::string& type) {
  auto has = [&](const char* s) { return type.find(s) != std::string::npos; };
  if (has("Anonymous-Plus")) return DbKind::anonymous_plus;
  if (has("Anonymous-IP")) return DbKind::anonymous_ip;
  if (has("IP-Risk")) return DbKind::ip_risk;
  if (has("Residential-Proxy")) return DbKind::residential_proxy;
  if (has("Connection-Type")) return DbKind::connection_type;
  if (has("Enterprise")) return DbKind::enterprise;
  if (has("ISP")) return DbKind::isp;
  if (has("ASN")) return DbKind::asn;
  if (has("City")) return DbKind::city;
  if (has("Country")) return DbKind::country;
  return DbKind::unknown;
}

// Status codes that mean "the file is damaged", as opposed to "no such value".
bool is_corruption(int status) {
  return status != MMDB_SUCCESS && status != MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR &&
         status != MMDB_INVALID_LOOKUP_PATH_ERROR;
}

}  // namespace

std::string kind_name(DbKind kind) {
  switch (kind) {
    case DbKind::city:
      return "city";
    case DbKind::country:
      return "country";
    case DbKind::enterprise:
      return "enterprise";
    case DbKind::asn:
      return "asn";
    case DbKind::isp:
      return "isp";
    case DbKind::connection_type:
      return "connection_type";
    case DbKind::anonymous_ip:
      return "anonymous_ip";
    case DbKind::anonymous_plus:
      return "anonymous_plus";
    case DbKind::ip_risk:
      return "ip_risk";
    case DbKind::residential_proxy:
      return "residential_proxy";
    case DbKind::flat_location:
      return "flat_location";
    case DbKind::unknown:
      return "unknown";
  }
  return "unknown";
}

MmdbReader::MmdbReader(std::filesystem::path path)
    : path_(std::move(path)), state_(std::make_unique<State>()) {}

MmdbReader::~MmdbReader() {
  if (state_->open) MMDB_close(&state_->db);
}

int MmdbReader::ip_version() const { return state_->db.metadata.ip_version; }
std::uint64_t MmdbReader::build_epoch() const { return state_->db.metadata.build_epoch; }
std::uint32_t MmdbReader::node_count() const { return state_->db.metadata.node_count; }

std::shared_ptr<const MmdbReader> MmdbReader::open(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw DataError(name, "no such MaxMind DB file");
  const auto file_size = std::filesystem::file_size(path, ec);
  if (ec) throw DataError(name, "cannot read: " + ec.message());

  std::shared_ptr<MmdbReader> reader(new MmdbReader(path));
  MMDB_s& db = reader->state_->db;
  const int status = MMDB_open(name.c_str(), MMDB_MODE_MMAP, &db);
  if (status != MMDB_SUCCESS)
    throw DataError(name, std::string("not a valid MaxMind DB: ") + MMDB_strerror(status));
  reader->state_->open = true;

  // libmaxminddb 1.7 trusts more of the metadata than later releases; check it ourselves.
  const auto& m = db.metadata;
  if (m.binary_format_major_version != 2)
    throw DataError(name, "unsupported MaxMind DB format version");
  if (m.record_size != 24 && m.record_size != 28 && m.record_size != 32)
    throw DataError(name, "corrupt metadata: record size " + std::to_string(m.record_size));
  if (m.ip_version != 4 && m.ip_version != 6)
    throw DataError(name, "corrupt metadata: ip_version " + std::to_string(m.ip_version));
  if (m.node_count == 0) throw DataError(name, "corrupt metadata: no search tree");
  const std::uint64_t tree_bytes =
      static_cast<std::uint64_t>(m.node_count) * m.record_size * 2 / 8 + 16;
  if (tree_bytes > file_size) throw DataError(name, "truncated: search tree exceeds the file");
  reader->database_type_ = m.database_type ? m.database_type : "";
  reader->detect_kind();

  // A damaged tree or data section shows up on the first lookups; find it now, not mid-batch.
  for (const char* probe : {"1.1.1.1", "8.8.8.8", "81.2.69.160", "2001:4860::8888", "::1"}) {
    const auto ip = parse_ip(probe);
    if (ip->v4 || m.ip_version == 6) reader->keys(*ip);
  }
  return reader;
}

void MmdbReader::detect_kind() {
  kind_ = kind_from_type(database_type_);
  if (kind_ != DbKind::unknown) return;
  // Flat schemas (ip-location-db: "city ipv4", "asn ipv6" …) are recognised by their keys.
  for (const char* probe : {"1.1.1.1", "8.8.8.8", "2001:4860::8888", "81.2.69.160"}) {
    const auto ip = parse_ip(probe);
    if (!ip->v4 && ip_version() == 4) continue;
    const auto top = keys(*ip);
    auto has = [&](const char* key) {
      for (const auto& k : top)
        if (k == key) return true;
      return false;
    };
    if (top.empty()) continue;
    if (has("country_code"))
      kind_ = DbKind::flat_location;
    else if (has("autonomous_system_number"))
      kind_ = DbKind::asn;
    else if (has("location") || has("country"))
      kind_ = DbKind::city;
    else if (has("is_anonymous"))
      kind_ = DbKind::anonymous_ip;
    return;
  }
}

namespace {
MMDB_lookup_result_s lookup_raw(const MMDB_s& db, const std::filesystem::path& file,
                                const IpAddress& ip, bool& ok) {
  sockaddr_storage storage{};
  if (ip.v4) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&storage);
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = htonl(ip.v4_value());
  } else {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&storage);
    sin6->sin6_family = AF_INET6;
    const auto b = ip.bytes();
    std::memcpy(sin6->sin6_addr.s6_addr, b.data(), 16);
  }
  int error = MMDB_SUCCESS;
  auto result = MMDB_lookup_sockaddr(const_cast<MMDB_s*>(&db),
                                     reinterpret_cast<const sockaddr*>(&storage), &error);
  ok = true;
  if (error == MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR) {
    ok = false;
    return result;
  }
  if (error != MMDB_SUCCESS)
    throw DataError(file.string(), std::string("corrupt database: ") + MMDB_strerror(error));
  return result;
}
}  // namespace

bool MmdbReader::contains(const IpAddress& ip) const {
  bool ok = false;
  const auto result = lookup_raw(state_->db, path_, ip, ok);
  return ok && result.found_entry;
}

std::optional<GeoRecord> MmdbReader::lookup(const IpAddress& ip) const {
  bool ok = false;
  auto result = lookup_raw(state_->db, path_, ip, ok);
  if (!ok || !result.found_entry) return std::nullopt;
  GeoRecord record;
  for (const auto& fp : field_table()[static_cast<int>(kind_)]) {
    MMDB_entry_data_s data{};
    const int status = MMDB_aget_value(&result.entry, &data, fp.path.data());
    if (is_corruption(status))
      throw DataError(path_.string(), std::string("corrupt database: ") + MMDB_strerror(status));
    if (status == MMDB_SUCCESS && data.has_data) assign(record, fp.field, data);
  }
  // Every entry of a residential-proxy database is a residential proxy.
  if (kind_ == DbKind::residential_proxy) record.is_residential_proxy = true;
  return record;
}

PathLookup MmdbReader::lookup_path(const IpAddress& ip,
                                   const std::vector<std::string>& path) const {
  bool ok = false;
  auto result = lookup_raw(state_->db, path_, ip, ok);
  PathLookup out;
  if (!ok || !result.found_entry) return out;
  out.found_entry = true;
  std::vector<const char*> c_path;
  for (const auto& p : path) c_path.push_back(p.c_str());
  c_path.push_back(nullptr);
  MMDB_entry_data_s data{};
  const int status = MMDB_aget_value(&result.entry, &data, c_path.data());
  if (is_corruption(status))
    throw DataError(path_.string(), std::string("corrupt database: ") + MMDB_strerror(status));
  if (status == MMDB_SUCCESS && data.has_data) out.value = format_value(data);
  return out;
}

std::vector<std::string> MmdbReader::keys(const IpAddress& ip) const {
  bool ok = false;
  auto result = lookup_raw(state_->db, path_, ip, ok);
  std::vector<std::string> out;
  if (!ok || !result.found_entry) return out;
  MMDB_entry_data_list_s* list = nullptr;
  const int status = MMDB_get_entry_data_list(&result.entry, &list);
  if (status != MMDB_SUCCESS) {
    MMDB_free_entry_data_list(list);
    throw DataError(path_.string(), std::string("corrupt database: ") + MMDB_strerror(status));
  }
  // The list is the map, then key/value pairs depth-first; collect keys at depth one.
  if (list && list->entry_data.type == MMDB_DATA_TYPE_MAP) {
    std::uint32_t remaining = list->entry_data.data_size;
    MMDB_entry_data_list_s* node = list->next;
    int skip = 0;  // values still to step over inside nested containers
    bool expect_key = true;
    while (node && (remaining > 0 || skip > 0)) {
      const auto& d = node->entry_data;
      if (skip > 0) {
        --skip;
        if (d.type == MMDB_DATA_TYPE_MAP) skip += 2 * d.data_size;
        if (d.type == MMDB_DATA_TYPE_ARRAY) skip += d.data_size;
      } else if (expect_key) {
        if (d.type == MMDB_DATA_TYPE_UTF8_STRING) out.emplace_back(d.utf8_string, d.data_size);
        expect_key = false;
      } else {
        if (d.type == MMDB_DATA_TYPE_MAP) skip += 2 * d.data_size;
        if (d.type == MMDB_DATA_TYPE_ARRAY) skip += d.data_size;
        expect_key = true;
        --remaining;
      }
      node = node->next;
    }
  }
  MMDB_free_entry_data_list(list);
  return out;
}

}  // namespace candor::plugins::geoip
