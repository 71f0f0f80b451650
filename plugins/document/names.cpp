#include "names.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>

#include "candor/error.hpp"

namespace candor::plugins::document {

namespace {

std::string fold(std::string token) {
  // ICAO allows Ä/Ö/Ü as AE/OE/UE or A/O/U: fold both to the single vowel.
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    char c = token[i];
    out.push_back(c);
    if ((c == 'A' || c == 'O' || c == 'U') && i + 1 < token.size() && token[i + 1] == 'E' && i > 0)
      ++i;
  }
  return out;
}

}  // namespace

NameNormaliser::NameNormaliser() {
  UErrorCode status = U_ZERO_ERROR;
  latin_.reset(
      icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Upper", UTRANS_FORWARD, status));
  if (U_FAILURE(status) || !latin_)
    throw DataError("ICU", std::string("cannot create transliterator: ") + u_errorName(status));
}

NameNormaliser::~NameNormaliser() = default;

std::vector<std::string> NameNormaliser::tokens(std::string_view utf8_name) const {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8_name.data(), static_cast<int32_t>(utf8_name.size())));
  latin_->transliterate(text);
  std::string ascii;
  text.toUTF8String(ascii);
  std::vector<std::string> out;
  std::string current;
  for (char c : ascii) {
    if (c == '\'' || c == '`') continue;  // O'BRIEN is OBRIEN in an MRZ
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      current.push_back(c);
    } else if (!current.empty()) {
      out.push_back(fold(std::move(current)));
      current.clear();
    }
  }
  if (!current.empty()) out.push_back(fold(std::move(current)));
  std::sort(out.begin(), out.end());
  return out;
}

bool names_match(const std::vector<std::string>& application, const std::vector<std::string>& mrz) {
  if (application.empty() || mrz.empty()) return true;
  auto contained = [](const std::vector<std::string>& small, const std::vector<std::string>& big) {
    std::vector<bool> used(big.size(), false);
    for (const std::string& s : small) {
      bool found = false;
      for (std::size_t i = 0; i < big.size() && !found; ++i) {
        if (used[i]) continue;
        if (s == big[i]) used[i] = found = true;
      }
      if (!found) return false;
    }
    return true;
  };
  return contained(application, mrz) || contained(mrz, application);
}

std::string join_tokens(const std::vector<std::string>& tokens) {
  std::string out;
  for (const std::string& t : tokens) {
    if (!out.empty()) out.push_back(' ');
    out += t;
  }
  return out;
}

}  // namespace candor::plugins::document
