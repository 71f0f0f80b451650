#pragma once
// Whether an MRZ read from an image was located with confidence. Only such a read may count as
// an invalid MRZ: characters "read" from a photo, a blurred scan or noise are no evidence that
// a document was forged, only that it could not be read.
#include <string>
#include <vector>

#include "mrz.hpp"

namespace candor::plugins::document {

/// Share of the layout's check digits that must verify on the characters as read (before any
/// OCR correction) for a read that is not valid to count as an MRZ: noise verifies about one
/// digit in ten by chance.
constexpr double kMinCheckDigitShare = 0.4;
/// How far a line's OCR length may be from the layout's width (dropped fillers aside).
constexpr std::size_t kLengthSlack = 4;

/// The verdict on one read.
struct MrzLocation {
  bool found = false;    ///< some MRZ-length text was read at all
  bool located = false;  ///< a known layout, read confidently, fillers where they belong
  std::string reason;    ///< why not located ("no MRZ found", "1 of 5 check digits verify …")
  double check_digit_share = 0;  ///< of the read's check digits verifying before correction
};

/// Judges a read: `raw` the OCR lines, `fitted` the lines fitted to a layout, `confidence` the
/// OCR's mean character confidence (reported only) and `mrz` the corrected parse of `fitted`.
MrzLocation assess_mrz_read(const std::vector<std::string>& raw,
                            const std::vector<std::string>& fitted, double confidence,
                            const Mrz& mrz);

}  // namespace candor::plugins::document
