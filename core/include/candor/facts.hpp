#pragma once
// Facts plugins share within one screening. Each is declared once, here, with its C++ type; a
// plugin publishes one it declares in `provides()` and reads one it declares in `needs()` or
// `uses()`, so no plugin includes another's headers.
#include <array>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace candor {

/// A named, typed fact: the name orders plugins, the type is checked at compile time.
template <class T>
struct Fact {
  std::string_view name;
};

/// One session IP address as geoip resolved it.
struct ResolvedAddress {
  std::string ip;  ///< canonical text form
  std::string country;
  bool hosting = false;
  bool anonymizer = false;
  bool mobile = false;
  std::optional<double> latitude, longitude;  ///< city-level location, when the database has one
  std::string time_zone;    ///< IANA zone of the IP's location, when the database gives one
  std::size_t session = 0;  ///< index of its session in the candidate's `sessions`
};

/// One phone number as given and, when it is a possible number, in E.164.
struct NormalisedPhone {
  std::string given;
  std::string e164;  ///< empty when the number does not parse or cannot exist
};

/// A portrait box found on an identity-document image.
struct DocumentPortrait {
  std::filesystem::path image;                    ///< empty when the image arrived inline
  std::array<int, 4> rect{};                      ///< x, y, width, height in the image's pixels
  std::shared_ptr<const std::string> image_data;  ///< the inline image's bytes, if so
};

namespace facts {
/// Every session IP address that resolved, in session order (provider: geoip).
inline constexpr Fact<std::vector<ResolvedAddress>> kGeoipSessions{"geoip.sessions"};
/// Every phone number of the candidate (provider: phone).
inline constexpr Fact<std::vector<NormalisedPhone>> kPhoneNumbers{"phone.numbers"};
/// Portraits on the candidate's identity documents (provider: document).
inline constexpr Fact<std::vector<DocumentPortrait>> kDocumentPortraits{"document.portraits"};
}  // namespace facts

}  // namespace candor
