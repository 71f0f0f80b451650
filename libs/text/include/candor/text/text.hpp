#pragma once
// ASCII string helpers that several plugins need.
#include <string>
#include <string_view>

namespace candor::text {

/// `text` without leading and trailing ASCII whitespace (space, \t, \n, \v, \f, \r).
std::string_view trim(std::string_view text);

/// `text` with A-Z lowered; other bytes (UTF-8 included) unchanged, whatever the locale.
std::string ascii_lower(std::string_view text);

}  // namespace candor::text
