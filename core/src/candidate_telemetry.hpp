#pragma once
// The audit sections of the candidate model (`endpoint`, `idp`): facts derived from endpoint
// telemetry and identity-provider logs, already summarised.
#include <optional>

#include "candor/candidate.hpp"
#include "json_fields.hpp"

namespace candor::detail {

/// Reads `endpoint` when present; InputError naming the JSON pointer on a wrong type.
void read_endpoint(const JsonFields& f, std::optional<Endpoint>& out);
/// Reads `idp` when present; logins are sorted by time.
void read_idp(const JsonFields& f, std::optional<IdentityProvider>& out);

}  // namespace candor::detail
