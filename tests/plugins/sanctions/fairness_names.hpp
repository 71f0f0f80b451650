#pragma once
// Seeded generator of ordinary full names for the sanctions fairness test: Korean and Chinese
// names in the romanisations used in the US, and Anglo and Hispanic names. Every part is an
// ordinary given name or surname written below; nothing is read from outside.
#include <cstdint>
#include <string>
#include <vector>

namespace candor::test {

/// `count` distinct Korean- or Chinese-romanised full names ("Hyun-woo Kim", "Kim Hyunwoo",
/// "Wei Zhang" …), deterministic for a seed.
std::vector<std::string> east_asian_names(std::size_t count, std::uint64_t seed);

/// `count` distinct Anglo or Hispanic full names ("Mary Johnson", "José García López" …).
std::vector<std::string> anglo_hispanic_names(std::size_t count, std::uint64_t seed);

}  // namespace candor::test
