#pragma once
// The one include for tests: Catch2 v2 (Debian's 2.13).
#include <catch2/catch.hpp>
