#pragma once
// IP-KVM identities (ipkvm-watch, MIT; see README.md): what PiKVM, TinyPilot, JetKVM and GLKVM
// look like on a laptop's USB bus and among its network neighbours.
#include <string>

#include "candor/candidate.hpp"

namespace candor::plugins::endpoint {

/// How a USB device resembles an IP-KVM.
enum class KvmLikeness {
  none,
  composite,        ///< keyboard, mouse and mass storage on one device
  gadget,           ///< the Linux USB gadget id 1d6b:0104 without a KVM's strings
  default_identity  ///< 1d6b:0104 with a KVM's default manufacturer, product or serial
};

/// The likeness of `device`, and in `product` the KVM it names when it names one.
KvmLikeness kvm_likeness(const UsbDevice& device, std::string& product);

/// The KVM product whose maker's name a drive carries (PiKVM's "Flash Drive", the Comet's
/// "Glinet" drive); empty when none.
std::string kvm_drive_product(const EndpointDrive& drive);

/// The KVM product a neighbour's MAC address prefix belongs to, with its confidence (`high` or
/// `low`); empty when none.
std::pair<std::string, std::string> kvm_mac_prefix(const std::string& mac);

/// Lower-case hex without `0x`, four digits (`0x1D6B` → `1d6b`).
std::string usb_id(std::string_view text);

}  // namespace candor::plugins::endpoint
