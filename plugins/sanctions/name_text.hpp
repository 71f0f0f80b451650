#pragma once
// Name normalisation for screening: transliteration to Latin and ASCII (ICU), case and
// punctuation folding, legal-suffix stripping for companies, and a Korean romanisation key
// that makes McCune–Reischauer, Revised Romanisation and common spellings agree.
#include <string>
#include <vector>

namespace candor::plugins::sanctions {

/// Lower-case ASCII tokens: ICU Any-Latin/Latin-ASCII for non-ASCII text, apostrophes and
/// hyphens joined (Jin-Song → jinsong, U'ng → ung), other punctuation a separator.
std::vector<std::string> name_tokens(const std::string& text);

/// Drops legal-form words (LLC, Co., Ltd, Corporation, Trading …) from both ends and folds
/// "information technology" to "it"; keeps the tokens when nothing would remain.
std::vector<std::string> strip_legal_forms(std::vector<std::string> tokens);

/// A lossy key under which romanisations of one Korean syllable sequence agree
/// (Kum/Geum, Song/Sung, Jong/Chong/Jeong, Pak/Park/Bak, Ri/Lee/Yi/Rhee, Choe/Choi, O/Oh …).
std::string korean_key(const std::string& token);

/// ASCII transliteration of arbitrary text (ICU "Any-Latin; Latin-ASCII").
std::string to_ascii(const std::string& text);

}  // namespace candor::plugins::sanctions
