#pragma once
// Activity reading lives in libs/activity (the reviewer report draws the same events); the
// plugin uses it under its own names.
#include "candor/activity/activity.hpp"
#include "instant.hpp"

namespace candor::plugins::timezone {

using activity::AuthoredInstant;
using activity::candidate_activity;
using activity::parse_activity_text;
using activity::ParsedActivity;
using activity::read_activity_file;
using activity::read_git_log;

}  // namespace candor::plugins::timezone
