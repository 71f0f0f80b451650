// OCR-confusion correction for MRZs. A correction is only kept when the corrected MRZ then
// passes every check digit (and the other validity rules): a forged MRZ with a stale digit
// has no confusable character to "fix", so correction cannot launder it.
#include <algorithm>
#include <array>

#include "mrz.hpp"

namespace candor::plugins::document {

namespace {

enum class Kind { kDigit, kDigitOrFiller, kAlpha, kAlnum };

struct Span {
  int line, start, len;
  Kind kind;
  const char* field;
  int check_at = -1;  ///< column (same line) of this field's own check digit, for kAlnum
};

// Layouts: the fields of each format by character type.
constexpr std::array<Span, 14> kTd1{{{0, 0, 2, Kind::kAlpha, "document_code"},
                                     {0, 2, 3, Kind::kAlpha, "issuing_state"},
                                     {0, 5, 9, Kind::kAlnum, "document_number", 14},
                                     {0, 14, 1, Kind::kDigitOrFiller, "document_number_check"},
                                     {0, 15, 15, Kind::kAlnum, "optional_data_1"},
                                     {1, 0, 7, Kind::kDigit, "birth_date"},
                                     {1, 7, 1, Kind::kAlpha, "sex"},
                                     {1, 8, 7, Kind::kDigit, "expiry_date"},
                                     {1, 15, 3, Kind::kAlpha, "nationality"},
                                     {1, 18, 11, Kind::kAlnum, "optional_data_2"},
                                     {1, 29, 1, Kind::kDigit, "composite"},
                                     {2, 0, 30, Kind::kAlpha, "name"},
                                     {2, 0, 0, Kind::kAlpha, ""},
                                     {2, 0, 0, Kind::kAlpha, ""}}};

constexpr std::array<Span, 14> kTwoLine36{{{0, 0, 2, Kind::kAlpha, "document_code"},
                                           {0, 2, 3, Kind::kAlpha, "issuing_state"},
                                           {0, 5, 31, Kind::kAlpha, "name"},
                                           {1, 0, 9, Kind::kAlnum, "document_number", 9},
                                           {1, 9, 1, Kind::kDigitOrFiller, "document_number_check"},
                                           {1, 10, 3, Kind::kAlpha, "nationality"},
                                           {1, 13, 7, Kind::kDigit, "birth_date"},
                                           {1, 20, 1, Kind::kAlpha, "sex"},
                                           {1, 21, 7, Kind::kDigit, "expiry_date"},
                                           {1, 28, 7, Kind::kAlnum, "optional_data"},
                                           {1, 35, 1, Kind::kDigit, "composite"},
                                           {0, 0, 0, Kind::kAlpha, ""},
                                           {0, 0, 0, Kind::kAlpha, ""},
                                           {0, 0, 0, Kind::kAlpha, ""}}};

constexpr std::array<Span, 14> kTwoLine44{
    {{0, 0, 2, Kind::kAlpha, "document_code"},
     {0, 2, 3, Kind::kAlpha, "issuing_state"},
     {0, 5, 39, Kind::kAlpha, "name"},
     {1, 0, 9, Kind::kAlnum, "document_number", 9},
     {1, 9, 1, Kind::kDigit, "document_number_check"},
     {1, 10, 3, Kind::kAlpha, "nationality"},
     {1, 13, 7, Kind::kDigit, "birth_date"},
     {1, 20, 1, Kind::kAlpha, "sex"},
     {1, 21, 7, Kind::kDigit, "expiry_date"},
     {1, 28, 14, Kind::kAlnum, "personal_number", 42},
     {1, 42, 1, Kind::kDigitOrFiller, "personal_number_check"},
     {1, 43, 1, Kind::kDigit, "composite"},
     {0, 0, 0, Kind::kAlpha, ""},
     {0, 0, 0, Kind::kAlpha, ""}}};

constexpr std::array<Span, 14> kFrCni{{{0, 0, 5, Kind::kAlpha, "document_code"},
                                       {0, 5, 25, Kind::kAlpha, "surname"},
                                       {0, 30, 6, Kind::kAlnum, "administrative_code"},
                                       {1, 0, 4, Kind::kDigit, "issue_yymm"},
                                       {1, 4, 3, Kind::kAlnum, "issuing_office"},
                                       {1, 7, 6, Kind::kDigit, "serial"},
                                       {1, 13, 14, Kind::kAlpha, "given_names"},
                                       {1, 27, 7, Kind::kDigit, "birth_date"},
                                       {1, 34, 1, Kind::kAlpha, "sex"},
                                       {1, 35, 1, Kind::kDigit, "composite"},
                                       {0, 0, 0, Kind::kAlpha, ""},
                                       {0, 0, 0, Kind::kAlpha, ""},
                                       {0, 0, 0, Kind::kAlpha, ""},
                                       {0, 0, 0, Kind::kAlpha, ""}}};

char to_digit(char c) {
  switch (c) {
    case 'O':
    case 'Q':
    case 'D':
      return '0';
    case 'I':
      return '1';
    case 'Z':
      return '2';
    case 'S':
      return '5';
    case 'G':
      return '6';
    case 'B':
      return '8';
    default:
      return c;
  }
}

char to_alpha(char c) {
  switch (c) {
    case '0':
      return 'O';
    case '1':
      return 'I';
    case '2':
      return 'Z';
    case '5':
      return 'S';
    case '6':
      return 'G';
    case '8':
      return 'B';
    default:
      return c;
  }
}

bool filler_lookalike(char c) { return c == 'K' || c == 'C' || c == 'E'; }

// K, C or E inside a run of fillers (two '<' on one side, one on the other, or at the end).
// K (the usual misread of '<') between fillers also counts: "SPECIMEN<K<SVEN".
bool in_filler_run(const std::string& line, int i) {
  auto at = [&](int k) { return k >= 0 && k < static_cast<int>(line.size()) ? line[k] : '\0'; };
  bool left = at(i - 1) == '<';
  bool right = at(i + 1) == '<' || at(i + 1) == '\0';
  if (left && right && line[static_cast<std::size_t>(i)] == 'K') return true;
  return left && right && (at(i - 2) == '<' || at(i + 2) == '<' || at(i + 1) == '\0');
}

class Corrector {
 public:
  explicit Corrector(std::vector<std::string>& lines) : lines_(lines) {}

  void set(int line, int col, char to, const char* field) {
    char& c = lines_[line][col];
    if (c == to) return;
    corrections_.push_back({line, col, c, to, field});
    c = to;
  }

  void typed(const Span& s, bool fillers = true) {
    std::string& line = lines_[s.line];
    for (int i = s.start; i < s.start + s.len; ++i) {
      char c = line[i];
      switch (s.kind) {
        case Kind::kDigit:
          set(s.line, i, to_digit(c), s.field);
          break;
        case Kind::kDigitOrFiller:
          if (c != '<') set(s.line, i, to_digit(c), s.field);
          break;
        case Kind::kAlpha:
          if (fillers && filler_lookalike(c) && in_filler_run(line, i)) {
            set(s.line, i, '<', s.field);
          } else {
            set(s.line, i, to_alpha(c), s.field);
          }
          break;
        case Kind::kAlnum:
          if (filler_lookalike(c) && in_filler_run(line, i)) set(s.line, i, '<', s.field);
          break;
      }
    }
  }

  // An alphanumeric field with its own check digit: flip digit/letter look-alikes, fewest
  // flips first, until the check digit verifies.
  template <typename Accept>
  void alnum(const Span& s, Accept accept) {
    std::string& line = lines_[s.line];
    std::string_view field(line.data() + s.start, static_cast<std::size_t>(s.len));
    char cd = line[s.check_at];
    if (cd == '<' || check_digit(field) == cd) return;
    std::vector<int> ambiguous;
    for (int i = s.start; i < s.start + s.len; ++i) {
      char c = line[i];
      if (to_digit(c) != c || to_alpha(c) != c) ambiguous.push_back(i);
    }
    if (ambiguous.empty() || ambiguous.size() > 10) return;
    std::string trial(field);
    // Several flips can satisfy one check digit (and the composite repeats its weights), so
    // prefer the reading with fewest letter/digit alternations (numbers look like "AB1234567"),
    // then the fewest flips.
    auto alternations = [](const std::string& t) {
      int n = 0;
      for (std::size_t k = 1; k < t.size(); ++k) {
        if (t[k] == '<' || t[k - 1] == '<') continue;
        n += (t[k] >= '0' && t[k] <= '9') != (t[k - 1] >= '0' && t[k - 1] <= '9');
      }
      return n;
    };
    unsigned best = 0, fallback = 0;
    int best_cost = 1 << 20, fallback_cost = 1 << 20;
    for (unsigned mask = 1; mask < (1u << ambiguous.size()); ++mask) {
      int flips = __builtin_popcount(mask);
      trial.assign(field);
      for (std::size_t k = 0; k < ambiguous.size(); ++k) {
        if (!(mask & (1u << k))) continue;
        char& c = trial[static_cast<std::size_t>(ambiguous[k] - s.start)];
        c = to_digit(c) != c ? to_digit(c) : to_alpha(c);
      }
      if (check_digit(trial) != cd) continue;
      int cost = alternations(trial) * 4 + flips;
      if (cost < fallback_cost) {
        fallback = mask;
        fallback_cost = cost;
      }
      if (cost >= best_cost) continue;
      // The field's own digit agrees; the rest of the MRZ must agree too.
      std::string saved(field);
      line.replace(static_cast<std::size_t>(s.start), trial.size(), trial);
      bool ok = accept(lines_);
      line.replace(static_cast<std::size_t>(s.start), saved.size(), saved);
      field = std::string_view(line.data() + s.start, static_cast<std::size_t>(s.len));
      if (ok) {
        best = mask;
        best_cost = cost;
      }
    }
    if (best == 0) best = fallback;
    if (best == 0) return;
    for (std::size_t k = 0; k < ambiguous.size(); ++k) {
      if (!(best & (1u << k))) continue;
      char c = line[ambiguous[k]];
      set(s.line, ambiguous[k], to_digit(c) != c ? to_digit(c) : to_alpha(c), s.field);
    }
  }

  std::vector<Correction> take() { return std::move(corrections_); }

 private:
  std::vector<std::string>& lines_;
  std::vector<Correction> corrections_;
};

const std::array<Span, 14>* layout(MrzFormat f) {
  switch (f) {
    case MrzFormat::kTd1:
      return &kTd1;
    case MrzFormat::kTd2:
    case MrzFormat::kMrvB:
      return &kTwoLine36;
    case MrzFormat::kTd3:
    case MrzFormat::kMrvA:
      return &kTwoLine44;
    case MrzFormat::kFrCni:
      return &kFrCni;
    case MrzFormat::kChDl:  // no check digit to confirm a correction
    case MrzFormat::kUnknown:
      break;
  }
  return nullptr;
}

}  // namespace

CorrectedMrz parse_mrz_corrected(const std::vector<std::string>& lines, const Date& today) {
  CorrectedMrz out{parse_mrz(lines, today), lines, {}};
  if (out.mrz.format == MrzFormat::kUnknown || !out.mrz.parsed) return out;
  const auto* spans = layout(out.mrz.format);
  if (!spans) return out;
  if (out.mrz.valid) {
    // Letters-only fields are outside every check digit, so a digit there is a misread
    // whatever the digits say; fix those and nothing else.
    std::vector<std::string> fixed = lines;
    Corrector corrector(fixed);
    for (const Span& s : *spans)
      if (s.len > 0 && s.kind == Kind::kAlpha) corrector.typed(s, false);
    std::vector<Correction> corrections = corrector.take();
    if (corrections.empty()) return out;
    Mrz corrected = parse_mrz(fixed, today);
    if (!corrected.valid) return out;
    return {std::move(corrected), std::move(fixed), std::move(corrections)};
  }
  bool visa = out.mrz.format == MrzFormat::kMrvA || out.mrz.format == MrzFormat::kMrvB;
  std::vector<std::string> fixed = lines;
  Corrector corrector(fixed);
  for (const Span& s : *spans) {
    if (s.len == 0) continue;
    Span span = s;
    // Visas end with optional data where TD2/TD3 have a personal number and composite.
    if (visa && s.line == 1 && s.start >= 28) {
      if (s.start > 28) continue;
      span = {1, 28, static_cast<int>(fixed[1].size()) - 28, Kind::kAlnum, "optional_data"};
    }
    corrector.typed(span);
  }
  for (const Span& s : *spans)
    if (s.kind == Kind::kAlnum && s.check_at >= 0 && !(visa && s.start >= 28))
      corrector.alnum(s, [&](const std::vector<std::string>& trial) {
        return !parse_mrz(trial, today).fails("composite");
      });
  std::vector<Correction> corrections = corrector.take();
  if (corrections.empty()) return out;
  Mrz corrected = parse_mrz(fixed, today);
  if (!corrected.valid) return out;
  return {std::move(corrected), std::move(fixed), std::move(corrections)};
}

}  // namespace candor::plugins::document
