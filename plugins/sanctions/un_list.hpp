#pragma once
// The UN Security Council Consolidated List as the UN publishes it (consolidated.xml), read into
// the same SdnList as OFAC's files. Each INDIVIDUAL or ENTITY becomes one SdnEntry whose remarks
// are written in OFAC's clause form (`DOB 05 Feb 1970; nationality …; Passport N (COUNTRY)`), so
// the identifier comparisons treat both lists alike.
#include <cstdint>
#include <filesystem>

#include "sdn_list.hpp"

namespace candor::plugins::sanctions {

/// The file `load_sdn_folder` reads as the UN list (also the feed's target).
inline constexpr const char* kUnListFile = "consolidated.xml";
/// The list's name in evidence and in the readiness line.
inline constexpr const char* kUnListName = "UN Security Council";
/// A UN row is entry kUnEntNumOffset + DATAID. OFAC's entity numbers (below 100,000 today) and
/// the bench's synthetic ones (from 90,000,000) stay far below it, and DATAIDs (about 7,000,000
/// today) are refused at 1,000,000,000, so UN rows never overwrite or join an OFAC entry.
inline constexpr std::int64_t kUnEntNumOffset = 9'000'000'000;
/// DATAIDs at or above this are refused (they would run into the next list's numbers).
inline constexpr std::int64_t kUnMaxDataId = 1'000'000'000;

/// Reads the consolidated list in `file` into `list`, records the file and notes the list with
/// the date in `dateGenerated` (the file's date when it has none). A row already loaded from
/// another folder is kept as first read. DataError naming the file when it cannot be read, is
/// larger than `max_bytes` (the policy's `limits.un_list_bytes`) or is not the consolidated list,
/// and naming the line when the XML is malformed or a DATAID is not a number.
void load_un_list(const std::filesystem::path& file, SdnList& list,
                  std::uintmax_t max_bytes = kMaxUnListBytes);

}  // namespace candor::plugins::sanctions
