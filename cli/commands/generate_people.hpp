#pragma once
// Realistic synthetic applicants for `candor bench generate --mode honest|dprk`: honest people
// who travel, use VPNs and keep unusual hours, and DPRK-like ones built from the patterns of
// public indictments and advisories. Addresses are those of the MaxMind test databases (see
// tests/scenarios/make_personas.py for what each one is), so screening them needs those
// databases and tests/scenarios/data (the README's false-alarm budget gives the commands).
#include <functional>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

namespace candor::cli {

/// One honest applicant: a US or foreign claim that is true, with travel, privacy or corporate
/// VPNs, mobile hotspots, UTC clocks, recent moves, night shifts, early starts and 3 a.m. babies
/// at realistic rates.
nlohmann::json honest_applicant(std::size_t index, std::mt19937_64& rng);

/// One DPRK-like applicant: a US claim worked from UTC+8 through hosted exits, VPNs, residential
/// proxies, laptop farms with IP-KVMs or Chinese lines, the clock often left on Asia/Shanghai.
nlohmann::json dprk_applicant(std::size_t index, std::mt19937_64& rng);

}  // namespace candor::cli
