#pragma once
// Timestamps as activity exports write them: defined in libs/activity, used here by name.
#include "candor/activity/instant.hpp"

namespace candor::plugins::timezone {

using activity::Instant;
using activity::parse_rfc3339_instant;
using activity::parse_timestamp;

}  // namespace candor::plugins::timezone
