#pragma once
// The entry point every fuzz target defines (libFuzzer's), and the one rule every target
// follows: candor's own errors (candor::Error: a clear message for bad input) are expected
// outcomes; anything else that escapes, a crash, a hang or a sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "candor/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace candor::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Runs `body`, accepting a candor::Error as the parser's answer to bad input.
template <class Body>
int expect_clean_outcome(Body&& body) {
  try {
    body();
  } catch (const candor::Error&) {
  }
  return 0;
}

}  // namespace candor::fuzz
