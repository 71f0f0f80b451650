#include "identifiers.hpp"

#include <arpa/inet.h>

#include <map>
#include <set>
#include <sstream>

#include "candor/phone/phone_numbers.hpp"
#include "candor/text/text.hpp"

namespace candor::plugins::links {

using text::ascii_lower;
using text::trim;

std::string normalise_email(const std::string& email) {
  std::string e = ascii_lower(trim(email));
  const auto at = e.rfind('@');
  if (at == std::string::npos || at == 0) return e;
  std::string local = e.substr(0, at), domain = e.substr(at + 1);
  if (domain == "gmail.com" || domain == "googlemail.com") {
    local = local.substr(0, local.find('+'));
    local.erase(std::remove(local.begin(), local.end(), '.'), local.end());
    domain = "gmail.com";
  }
  return local + "@" + domain;
}

std::string normalise_address(const std::string& text, const std::string& country) {
  static const std::map<std::string, std::string> abbrev = {
      {"street", "st"},    {"str", "st"},       {"avenue", "ave"},     {"av", "ave"},
      {"road", "rd"},      {"drive", "dr"},     {"boulevard", "blvd"}, {"lane", "ln"},
      {"court", "ct"},     {"place", "pl"},     {"parkway", "pkwy"},   {"highway", "hwy"},
      {"circle", "cir"},   {"terrace", "ter"},  {"square", "sq"},      {"apartment", "unit"},
      {"apt", "unit"},     {"suite", "unit"},   {"ste", "unit"},       {"no", "unit"},
      {"number", "unit"},  {"north", "n"},      {"south", "s"},        {"east", "e"},
      {"west", "w"},       {"northeast", "ne"}, {"northwest", "nw"},   {"southeast", "se"},
      {"southwest", "sw"}, {"floor", "fl"},     {"building", "bldg"},  {"mount", "mt"},
      {"saint", "st"},     {"fort", "ft"},      {"usa", "us"},         {"united", "united"}};
  std::string spaced;
  for (char ch : ascii_lower(text)) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '#')
      spaced += " unit ";
    else if (std::isalnum(c) || c >= 0x80)
      spaced += ch;
    else if (ch == '\'')
      continue;
    else
      spaced += ' ';
  }
  std::istringstream in(spaced);
  std::vector<std::string> tokens;
  std::string t;
  while (in >> t) {
    const auto it = abbrev.find(t);
    tokens.push_back(it == abbrev.end() ? t : it->second);
  }
  // "unit unit 5" (from "Apt #5") and "unit 5" are the same; a trailing country is dropped in
  // favour of the country field.
  std::vector<std::string> out;
  for (const auto& tok : tokens)
    if (!(tok == "unit" && !out.empty() && out.back() == "unit")) out.push_back(tok);
  std::string key = ascii_lower(country);
  for (const auto& tok : out) key += (key.empty() ? "" : " ") + tok;
  return key;
}

std::string normalise_account(const std::string& account) {
  std::string out;
  for (char ch : account)
    if (std::isalnum(static_cast<unsigned char>(ch)))
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

std::string normalise_wallet(const std::string& wallet) {
  const std::string w(trim(wallet));
  const std::string l = ascii_lower(w);
  if (l.rfind("0x", 0) == 0 || l.rfind("bc1", 0) == 0 || l.rfind("ltc1", 0) == 0) return l;
  return w;
}

bool is_shared_ip(const std::string& ip) {
  in_addr v4{};
  if (inet_pton(AF_INET, ip.c_str(), &v4) == 1) {
    const std::uint32_t a = ntohl(v4.s_addr);
    return (a & 0xFFC00000u) == 0x64400000u ||  // 100.64.0.0/10 carrier-grade NAT
           (a >> 24) == 10 || (a >> 24) == 127 || (a & 0xFFF00000u) == 0xAC100000u ||
           (a & 0xFFFF0000u) == 0xC0A80000u || (a & 0xFFFF0000u) == 0xA9FE0000u;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, ip.c_str(), &v6) == 1) {
    const unsigned char* b = v6.s6_addr;
    const bool loopback =
        std::all_of(b, b + 15, [](unsigned char x) { return x == 0; }) && b[15] == 1;
    return loopback || (b[0] & 0xFE) == 0xFC || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80);
  }
  return true;  // not an IP address: nothing to link on
}

std::vector<Identifier> identifiers_of(const Candidate& c,
                                       const std::vector<ResolvedAddress>* sessions,
                                       const std::vector<NormalisedPhone>* phones,
                                       std::size_t max_phone_chars) {
  std::vector<Identifier> out;
  std::set<std::pair<std::string, std::string>> seen;
  auto add = [&](const std::string& kind, const std::string& key, const std::string& given) {
    if (key.empty() || !seen.insert({kind, key}).second) return;
    out.push_back({kind, key, given});
  };
  for (const auto& e : c.emails) add("email", normalise_email(e), e);
  // The phone plugin's E.164 forms when it ran (each number is parsed once per candidate).
  std::map<std::string, std::string> e164;
  if (phones)
    for (const auto& n : *phones) e164[n.given] = n.e164;
  for (const auto& p : c.phones) {
    const auto it = e164.find(p);
    add("phone",
        it != e164.end()
            ? it->second
            : candor::phone::normalise_phone(p, c.claimed_location.country, max_phone_chars),
        p);
  }
  for (const auto& a : c.addresses)
    add("address",
        normalise_address(a.text, a.country.empty() ? c.claimed_location.country : a.country),
        a.text);
  add("bank_account", normalise_account(c.payout.bank_account), c.payout.bank_account);
  add("wallet", normalise_wallet(c.payout.wallet), c.payout.wallet);
  for (const auto& d : c.device_ids) add("device", ascii_lower(trim(d)), d);
  std::map<std::string, const ResolvedAddress*> facts;
  if (sessions)
    for (const auto& s : *sessions) facts[s.ip] = &s;
  for (const auto& s : c.sessions) {
    if (s.ip.empty() || is_shared_ip(s.ip)) continue;
    const auto it = facts.find(s.ip);
    bool mobile = false;
    if (it != facts.end()) {
      if (it->second->hosting) continue;  // VPN / cloud exits are shared by many
      mobile = it->second->mobile;
    }
    add(mobile ? "ip_mobile" : "ip", s.ip, s.ip);
  }
  // Audits: laptops and sign-ins. An egress address counts per day, so several contractors
  // behind one home IP on the same days (a laptop farm) meet, and a reassigned IP does not.
  if (c.endpoint) {
    for (const auto& h : c.endpoint->hosts)
      add("device_serial", ascii_lower(trim(h.serial)), h.serial);
    // One access point joined by two contractors' laptops: one house, or one office.
    for (const auto& bssid : c.endpoint->wifi_bssids) add("wifi_bssid", bssid, bssid);
  }
  if (c.idp) {
    for (const auto& device : c.idp->mfa_devices) add("mfa_device", device, device);
    for (const auto& l : c.idp->logins) {
      if (!l.device_hash.empty()) add("login_device", l.device_hash, l.device_hash);
      if (l.ip.empty() || l.proxy || is_shared_ip(l.ip)) continue;
      if (const auto it = facts.find(l.ip); it != facts.end() && it->second->hosting) continue;
      add("egress_ip", l.ip + "@" + format_rfc3339(l.at).substr(0, 10), l.ip);
    }
  }
  return out;
}

}  // namespace candor::plugins::links
