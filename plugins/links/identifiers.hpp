#pragma once
// Normalised identifiers of a candidate: the keys under which candor remembers them and finds
// other candidates who share them.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "candor/candidate.hpp"
#include "candor/facts.hpp"

namespace candor::plugins::links {

/// One identifier: `kind` (email, phone, address, bank_account, wallet, ip, ip_mobile, device;
/// from audits device_serial, wifi_bssid, login_device, mfa_device and egress_ip, whose key is
/// `ip@YYYY-MM-DD`),
/// its normalised `key` and the value as given.
struct Identifier {
  std::string kind;
  std::string key;
  std::string given;
};

/// Lower case; for gmail.com / googlemail.com dots and +tag dropped from the local part.
std::string normalise_email(const std::string& email);
/// Lower case, punctuation folded, common abbreviations (Street → st, Apartment/#/Suite → unit …).
std::string normalise_address(const std::string& text, const std::string& country);
/// Letters and digits only, upper case (IBAN spacing and dashes dropped).
std::string normalise_account(const std::string& account);
/// Hex (0x…) and bech32 addresses lower case; others as given, trimmed.
std::string normalise_wallet(const std::string& wallet);
/// True for addresses that say nothing about who is behind them: carrier-grade NAT
/// (100.64.0.0/10), private, loopback, link-local.
bool is_shared_ip(const std::string& ip);

/// Every identifier of `candidate`. `sessions` is the geoip.sessions fact or null: sessions it
/// marks hosting are left out, mobile ones get kind ip_mobile. `phones` is the phone.numbers fact
/// or null: its E.164 forms are used, numbers it lacks are normalised here (those longer than
/// `max_phone_chars` are not).
std::vector<Identifier> identifiers_of(const Candidate& candidate,
                                       const std::vector<ResolvedAddress>* sessions,
                                       const std::vector<NormalisedPhone>* phones = nullptr,
                                       std::size_t max_phone_chars = kMaxPhoneChars);

}  // namespace candor::plugins::links
