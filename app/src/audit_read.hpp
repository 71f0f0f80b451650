#pragma once
// Reading the audit's Okta and osquery files on every core.
#include "candor/app/audit.hpp"

namespace candor::app {

/// Reads every file of `options.okta` and `options.osquery` into `okta` and `osquery`, whole
/// files per thread; the first InputError of any thread is rethrown.
void read_telemetry(const AuditOptions& options, OktaReader& okta, OsqueryReader& osquery,
                    TelemetryStats& stats);

}  // namespace candor::app
