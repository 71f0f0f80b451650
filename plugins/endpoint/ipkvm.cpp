#include "ipkvm.hpp"

#include <utility>

#include "candor/text/text.hpp"

namespace candor::plugins::endpoint {

namespace {

struct KvmIdentity {
  const char* product;
  const char* needle;  // lower-case substring of the manufacturer or product string
  const char* serial;  // default serial, "" when none
  const char* drive;   // another maker's name its virtual drives report, "" when none
};

// The defaults each project's own source sets (ipkvm-watch README; the Comet's drive is
// `VEN_GLINET&PROD_FLASH_DRIVE`).
const KvmIdentity kIdentities[] = {
    {"PiKVM", "pikvm", "CAFEBABE", ""},
    {"TinyPilot", "tinypilot", "6b65796d696d6570690", ""},
    {"JetKVM", "jetkvm", "", ""},
    {"GL.iNet Comet (GLKVM)", "glkvm", "CAFEBABE", "glinet"},
};

struct MacPrefix {
  const char* prefix;  // upper case, as indicators.yaml gives it
  const char* product;
  const char* confidence;
};

// indicators.yaml `mac_addresses`; the low ones are Raspberry Pi and locally administered
// prefixes that many other devices share.
const MacPrefix kMacPrefixes[] = {
    {"04:C9:8B:1", "TinyPilot", "high"},
    {"30:52:53", "JetKVM", "high"},
    {"94:83:C4", "GL.iNet Comet", "high"},
    {"28:CD:C1:", "PiKVM", "low"},
    {"B8:27:EB:", "PiKVM", "low"},
    {"D8:3A:DD:", "PiKVM", "low"},
    {"DC:A6:32:", "PiKVM", "low"},
    {"E4:5F:01:", "PiKVM", "low"},
    {"02:", "JetKVM", "low"},
};

}  // namespace

std::string usb_id(std::string_view text) {
  std::string id = text::ascii_lower(text::trim(text));
  if (id.starts_with("0x")) id = id.substr(2);
  while (id.size() < 4) id.insert(id.begin(), '0');
  return id;
}

KvmLikeness kvm_likeness(const UsbDevice& d, std::string& product) {
  const bool gadget = usb_id(d.vendor_id) == "1d6b" && usb_id(d.model_id) == "0104";
  if (gadget) {
    const std::string strings = text::ascii_lower(d.vendor + "\n" + d.model);
    for (const auto& k : kIdentities) {
      if (strings.find(k.needle) != std::string::npos ||
          (*k.serial && text::ascii_lower(d.serial) == text::ascii_lower(k.serial))) {
        product = k.product;
        return KvmLikeness::default_identity;
      }
    }
    return KvmLikeness::gadget;
  }
  if (d.keyboard && d.mouse && d.storage) return KvmLikeness::composite;
  return KvmLikeness::none;
}

std::string kvm_drive_product(const EndpointDrive& drive) {
  // The SCSI vendor and product strings the KVMs' mass-storage gadgets report.
  const std::string strings = text::ascii_lower(drive.vendor + "\n" + drive.model);
  for (const auto& k : kIdentities)
    if (strings.find(k.needle) != std::string::npos ||
        (*k.drive && strings.find(k.drive) != std::string::npos))
      return k.product;
  return {};
}

std::pair<std::string, std::string> kvm_mac_prefix(const std::string& mac) {
  std::string upper;
  for (char c : mac)
    upper += static_cast<char>(c == '-' ? ':' : std::toupper(static_cast<unsigned char>(c)));
  for (const auto& p : kMacPrefixes)
    if (upper.starts_with(p.prefix)) return {p.product, p.confidence};
  return {};
}

}  // namespace candor::plugins::endpoint
