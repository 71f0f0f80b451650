#pragma once
#include <string>

#include "candor/verdict.hpp"
#include "terminal.hpp"

namespace candor::cli {

/// The verdict for a person: band and probability, then each reason with its key evidence.
std::string format_verdict_text(const Verdict& verdict, const Style& style);

}  // namespace candor::cli
