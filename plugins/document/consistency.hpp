#pragma once
// The MRZ against what the candidate told the employer.
#include <nlohmann/json.hpp>

#include "candor/candidate.hpp"
#include "mrz.hpp"
#include "names.hpp"

namespace candor::plugins::document {

/// Fields on which `mrz` disagrees with the candidate and the document record: each
/// {field, application, mrz}. Fields the candidate left empty are not compared.
nlohmann::json compare_with_application(const Mrz& mrz, const Candidate& candidate,
                                        const Document& document, const NameNormaliser& names);

/// Fields on which two reads of one document (vendor lines, image OCR) disagree.
nlohmann::json compare_reads(const Mrz& a, const Mrz& b);

/// Upper-case letters and digits only.
std::string normalise_number(std::string_view number);

}  // namespace candor::plugins::document
