#pragma once
// Name comparison between an application (any script, any order) and an MRZ (ICAO
// transliteration: Ä -> AE or A, ß -> SS, Ñ -> N, hyphens and spaces -> '<').
#include <unicode/uversion.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

U_NAMESPACE_BEGIN
class Transliterator;
U_NAMESPACE_END

namespace candor::plugins::document {

/// Turns names into comparable tokens; one per worker (ICU transliterators are not shared).
class NameNormaliser {
 public:
  NameNormaliser();
  ~NameNormaliser();
  NameNormaliser(const NameNormaliser&) = delete;
  NameNormaliser& operator=(const NameNormaliser&) = delete;

  /// Upper-case ASCII tokens with ICAO's alternative transliterations folded (AE/OE/UE -> A/O/U,
  /// SS kept), sorted.
  std::vector<std::string> tokens(std::string_view utf8_name) const;

 private:
  std::unique_ptr<icu::Transliterator> latin_;
};

/// Whether two token lists name the same person: one list contained in the other (middle
/// names may be left out), order ignored.
bool names_match(const std::vector<std::string>& application, const std::vector<std::string>& mrz);

/// Joined tokens, for store keys and evidence.
std::string join_tokens(const std::vector<std::string>& tokens);

}  // namespace candor::plugins::document
