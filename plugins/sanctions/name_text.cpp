#include "name_text.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>

#include "candor/error.hpp"

namespace candor::plugins::sanctions {

namespace {

// One ICU transliterator for the process; ICU transliterators are not safe to share between
// threads, so calls are serialised. Only non-ASCII names reach it.
class AsciiTransliterator {
 public:
  AsciiTransliterator() {
    UErrorCode status = U_ZERO_ERROR;
    translit_.reset(
        icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !translit_)
      throw DataError(
          "ICU", std::string("cannot create the Any-Latin transliterator: ") + u_errorName(status));
  }
  std::string run(const std::string& text) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      translit_->transliterate(u);
    }
    std::string out;
    u.toUTF8String(out);
    return out;
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<icu::Transliterator> translit_;
};

bool is_ascii(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::string to_ascii(const std::string& text) {
  if (is_ascii(text)) return text;
  static AsciiTransliterator translit;
  return translit.run(text);
}

namespace {

// A space between adjacent Hangul syllables: a Korean name is written without spaces (송금혁)
// and each syllable is one romanised token (song geum hyeog), as listed names are written.
std::string split_hangul_syllables(const std::string& text) {
  std::string out;
  bool previous_hangul = false;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    bool hangul = false;
    if (len == 3 && i + 2 < text.size()) {
      const unsigned cp = ((c & 0x0Fu) << 12) |
                          ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
                          (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
      hangul = cp >= 0xAC00 && cp <= 0xD7A3;
    }
    if (hangul && previous_hangul) out += ' ';
    out.append(text, i, std::min(len, text.size() - i));
    previous_hangul = hangul;
    i += len;
  }
  return out;
}

}  // namespace

std::vector<std::string> name_tokens(const std::string& text) {
  const std::string ascii = is_ascii(text) ? text : to_ascii(split_hangul_syllables(text));
  std::vector<std::string> tokens;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) tokens.push_back(std::move(cur));
    cur.clear();
  };
  for (char ch : ascii) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c)) {
      cur += static_cast<char>(std::tolower(c));
    } else if (ch == '\'' || ch == '`' || ch == '-' || ch == '.') {
      // Joined: Jin-Song == Jinsong, U'ng == Ung, Co. == Co. A dot between letters
      // (J.S.C.) also joins.
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

std::vector<std::string> strip_legal_forms(std::vector<std::string> tokens) {
  static const std::set<std::string> legal = {"llc",
                                              "ltd",
                                              "limited",
                                              "liability",
                                              "co",
                                              "company",
                                              "corp",
                                              "corporation",
                                              "inc",
                                              "incorporated",
                                              "gmbh",
                                              "ag",
                                              "sa",
                                              "plc",
                                              "jsc",
                                              "ojsc",
                                              "cjsc",
                                              "pjsc",
                                              "ooo",
                                              "oao",
                                              "zao",
                                              "pte",
                                              "bv",
                                              "nv",
                                              "srl",
                                              "llp",
                                              "lp",
                                              "trading",
                                              "general",
                                              "the",
                                              "of",
                                              "obshchestvo",
                                              "s",
                                              "ogranichennoi",
                                              "otvetstvennostyu",
                                              "sdn",
                                              "bhd",
                                              "fze",
                                              "fzco",
                                              "jv",
                                              "and"};
  std::vector<std::string> folded;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i] == "information" && i + 1 < tokens.size() && tokens[i + 1] == "technology") {
      folded.push_back("it");
      ++i;
    } else {
      folded.push_back(tokens[i]);
    }
  }
  std::size_t b = 0, e = folded.size();
  while (b < e && legal.count(folded[e - 1])) --e;
  while (b < e && legal.count(folded[b])) ++b;
  if (b == e) return folded;
  return {folded.begin() + static_cast<std::ptrdiff_t>(b),
          folded.begin() + static_cast<std::ptrdiff_t>(e)};
}

std::string korean_key(const std::string& token) {
  static const std::unordered_map<std::string, std::string> whole = {
      {"lee", "ri"},   {"yi", "ri"},    {"li", "ri"},     {"rhee", "ri"},   {"ree", "ri"},
      {"i", "ri"},     {"rhie", "ri"},  {"rii", "ri"},    {"park", "pak"},  {"bak", "pak"},
      {"bahk", "pak"}, {"pahk", "pak"}, {"choi", "choe"}, {"chwe", "choe"}, {"choy", "choe"},
      {"oh", "o"},     {"gim", "kim"},  {"roh", "no"},    {"noh", "no"},    {"rho", "no"},
      {"shin", "sin"}, {"han", "han"}};
  std::string t = token;
  if (const auto it = whole.find(t); it != whole.end()) t = it->second;
  std::string out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    const char n = i + 1 < t.size() ? t[i + 1] : '\0';
    if (c == 'e' && (n == 'o' || n == 'u')) continue;  // eo → o, eu → u
    if (c == 'o' && n == 'o') {
      out += 'u';
      ++i;
      continue;
    }  // oo → u
    if (c == 'c' && n == 'h') {
      out += 'j';
      ++i;
      continue;
    }  // ch / j
    if (c == 's' && n == 'h') {
      out += 's';
      ++i;
      continue;
    }                                    // sh / s
    if (c == 'w' && n == 'o') continue;  // wo → o
    switch (c) {
      case 'g':
        out += 'k';
        break;  // g / k
      case 'b':
        out += 'p';
        break;  // b / p
      case 'd':
        out += 't';
        break;  // d / t
      case 'r':
        out += 'l';
        break;  // r / l
      case 'u':
        out += 'o';
        break;  // u / o (Kum/Kom, Sung/Song, Hyuk/Hyok)
      default:
        out += c;
    }
  }
  // Doubled letters carry no difference between romanisations.
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace candor::plugins::sanctions
