#pragma once
// OpenSanctions' simplified export of sanctioned targets (targets.simple.csv), for users who
// licence that data; candor never fetches it. One header row; columns are found by name, so
// added or reordered ones are fine; multi-valued cells are `;`-separated. Each row becomes one
// SdnEntry whose remarks are written in OFAC's clause form (DOB, e-mail, phone, identification
// number), so the identifier comparisons treat it like OFAC's lists.
#include <cstdint>
#include <filesystem>

#include "sdn_list.hpp"

namespace candor::plugins::sanctions {

/// The file `load_sdn_folder` reads as the OpenSanctions list.
inline constexpr const char* kOpenSanctionsFile = "targets.simple.csv";
/// The list's name in evidence and in the readiness line.
inline constexpr const char* kOpenSanctionsListName = "OpenSanctions";
/// OpenSanctions rows are numbered from kOpenSanctionsEntNumOffset in file order (their ids are
/// strings). The range sits above OFAC's entity numbers and the UN's (un_list.hpp), so no row
/// overwrites or joins another list's entry.
inline constexpr std::int64_t kOpenSanctionsEntNumOffset = 10'000'000'000;

/// Reads `file` into `list`, records the file and notes the list with the newest `last_change`
/// date in it (the file's date when there is none). Persons become individuals; organisations,
/// companies, legal entities, public bodies, vessels and aircraft organisations; other schemas
/// are left out. A row whose id was already loaded from another folder is kept as first read.
/// DataError naming the file when it cannot be read, is larger than `max_bytes` (the policy's
/// `limits.opensanctions_list_bytes`), has no `id`, `schema` or `name` column (named), or a line
/// is malformed CSV.
void load_opensanctions_list(const std::filesystem::path& file, SdnList& list,
                             std::uintmax_t max_bytes = kMaxOpenSanctionsListBytes);

}  // namespace candor::plugins::sanctions
