#include "mrz_located.hpp"

#include <cmath>

#include <fmt/format.h>
#include <string_view>

namespace candor::plugins::document {

namespace {
// Length without the trailing fillers Tesseract tends to drop.
std::size_t significant(const std::string& line) {
  const auto last = line.find_last_not_of('<');
  return last == std::string::npos ? 0 : last + 1;
}

bool letter_or_filler(char c) { return (c >= 'A' && c <= 'Z') || c == '<'; }
}  // namespace

MrzLocation assess_mrz_read(const std::vector<std::string>& raw,
                            const std::vector<std::string>& fitted, double confidence,
                            const Mrz& mrz) {
  MrzLocation out;
  if (fitted.empty()) {
    out.reason = "no MRZ found";
    return out;
  }
  out.found = true;
  // Every line of one known layout: three of 30, or two of 36 or 44.
  const std::size_t n = fitted.size(), width = fitted[0].size();
  bool layout = (n == 3 && width == 30) || (n == 2 && (width == 36 || width == 44));
  for (const auto& l : fitted) layout = layout && l.size() == width;
  if (!layout) {
    out.reason = "the lines read form no complete MRZ layout";
    return out;
  }
  // The OCR itself saw lines of that length: fitting may pad dropped trailing fillers or mend
  // one character, not invent a line.
  std::vector<const std::string*> long_lines;
  for (const auto& l : raw)
    if (l.size() >= 20) long_lines.push_back(&l);
  if (long_lines.size() < n) {
    out.reason = "fewer text lines than the layout has";
    return out;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& r = *long_lines[long_lines.size() - n + i];
    if (r.size() > width + kLengthSlack || r.size() + kLengthSlack < significant(fitted[i])) {
      out.reason = "a line read is not the length of an MRZ line";
      return out;
    }
  }
  // Character confidence: the MRZ's own check digits on the characters as read, before any
  // correction (Tesseract's mean confidence is reported but proved no guide on real MRZs).
  const Mrz as_read = parse_mrz(fitted, Date{2000, 1, 1});
  std::size_t verified = 0;
  for (const CheckDigit& d : as_read.check_digits) verified += d.ok;
  out.check_digit_share =
      as_read.check_digits.empty() ? 0.0 : double(verified) / as_read.check_digits.size();
  if (!mrz.valid && out.check_digit_share < kMinCheckDigitShare) {
    out.reason = fmt::format("{} of {} check digits verify as read (OCR confidence {:.0f})",
                             verified, as_read.check_digits.size(), confidence);
    return out;
  }
  if (!mrz.parsed) {
    out.reason = "not an MRZ layout or character set";
    return out;
  }
  // Fillers where the format puts them: a document code, a state of letters or fillers, and
  // the "<<" that separates the surname from the given names.
  const std::string& first = fitted[0];
  const std::string& names = n == 3 ? fitted[2] : fitted[0];
  const bool code = std::string_view("PIACV").find(first[0]) != std::string_view::npos &&
                    letter_or_filler(first[1]);
  bool state = true;
  for (std::size_t i = 2; i < 5; ++i) state = state && letter_or_filler(first[i]);
  const bool separator = names.find("<<", n == 3 ? 0 : 5) != std::string::npos;
  if (!code || !state || !separator) {
    out.reason = "fillers are not where the layout puts them";
    return out;
  }
  out.located = true;
  return out;
}

}  // namespace candor::plugins::document
