#include "candidate_telemetry.hpp"

#include <algorithm>

namespace candor::detail {

namespace {

bool flag(const JsonFields& f, const char* key) {
  if (!f.has(key)) return false;
  const auto& v = f.json()[key];
  if (!v.is_boolean())
    f.fail(f.path(key), std::string("expected true or false, got ") + v.type_name());
  return v.get<bool>();
}

std::int64_t instant(const JsonFields& f, const char* key) {
  const std::string text = f.string(key);
  if (text.empty()) return 0;
  const auto at = parse_rfc3339(text);
  if (!at) f.fail(f.path(key), "expected an RFC 3339 instant, got \"" + text + "\"");
  return *at;
}

}  // namespace

void read_endpoint(const JsonFields& f, std::optional<Endpoint>& out) {
  if (!f.has("endpoint")) return;
  const JsonFields e = f.child("endpoint");
  e.expect_object();
  Endpoint endpoint;
  for (std::size_t i = 0; i < e.array("hosts").size(); ++i) {
    const JsonFields h = e.element("hosts", i);
    h.expect_object();
    EndpointHost host{h.string("id", true),
                      h.string("serial"),
                      h.string("local_timezone"),
                      std::nullopt,
                      instant(h, "first_seen"),
                      instant(h, "last_seen"),
                      0};
    if (const auto offset = h.number("utc_offset_minutes", -1080, 1080))
      host.utc_offset_minutes = static_cast<int>(*offset);
    host.rows = static_cast<std::int64_t>(h.number("rows", 0, 1e15).value_or(0));
    endpoint.hosts.push_back(std::move(host));
  }
  for (std::size_t i = 0; i < e.array("usb_devices").size(); ++i) {
    const JsonFields u = e.element("usb_devices", i);
    u.expect_object();
    endpoint.usb_devices.push_back({u.string("host"), u.string("vendor_id", true),
                                    u.string("model_id", true), u.string("vendor"),
                                    u.string("model"), u.string("serial"), flag(u, "keyboard"),
                                    flag(u, "mouse"), flag(u, "storage"), u.string("source")});
  }
  for (std::size_t i = 0; i < e.array("drives").size(); ++i) {
    const JsonFields d = e.element("drives", i);
    d.expect_object();
    endpoint.drives.push_back(
        {d.string("host"), d.string("name"), d.string("vendor"), d.string("model")});
  }
  for (std::size_t i = 0; i < e.array("software").size(); ++i) {
    const JsonFields s = e.element("software", i);
    s.expect_object();
    endpoint.software.push_back({s.string("host"), s.string("kind", true), s.string("name"),
                                 s.string("path"), s.string("identifier")});
  }
  endpoint.neighbour_macs = e.strings("neighbour_macs");
  endpoint.wifi_bssids = e.strings("wifi_bssids");
  out = std::move(endpoint);
}

void read_idp(const JsonFields& f, std::optional<IdentityProvider>& out) {
  if (!f.has("idp")) return;
  const JsonFields d = f.child("idp");
  d.expect_object();
  IdentityProvider idp;
  for (std::size_t i = 0; i < d.array("logins").size(); ++i) {
    const JsonFields l = d.element("logins", i);
    l.expect_object();
    if (!l.has("at")) l.fail(l.path("at"), "required field is missing");
    Login login;
    login.at = instant(l, "at");
    login.ip = l.string("ip");
    login.country = l.string("country");
    login.latitude = l.number("latitude", -90.0, 90.0);
    login.longitude = l.number("longitude", -180.0, 180.0);
    login.proxy = flag(l, "proxy");
    login.device_hash = l.string("device_hash");
    login.new_device = flag(l, "new_device");
    idp.logins.push_back(std::move(login));
  }
  idp.mfa_devices = d.strings("mfa_devices");
  std::stable_sort(idp.logins.begin(), idp.logins.end(),
                   [](const Login& a, const Login& b) { return a.at < b.at; });
  out = std::move(idp);
}

}  // namespace candor::detail
