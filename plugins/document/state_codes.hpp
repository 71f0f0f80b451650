#pragma once
#include <string>
#include <string_view>

namespace candor::plugins::document {

/// `code` without trailing '<' padding ("D<<" -> "D").
std::string_view trim_state(std::string_view code);
/// Whether `code` (padding removed) is an ISO 3166-1 alpha-3 or ICAO special code.
bool known_state_code(std::string_view code);
/// ISO alpha-3 for an alpha-2 or alpha-3 code or ICAO "D"; other input returned upper-cased.
std::string to_alpha3(std::string_view code);

}  // namespace candor::plugins::document
