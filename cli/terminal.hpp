#pragma once
#include <cstdio>
#include <string>

namespace candor::cli {

/// True when `stream` is a terminal.
bool is_terminal(std::FILE* stream);
/// Colour only on a terminal, and never when NO_COLOR is set.
bool use_colour(std::FILE* stream);

/// ANSI styles; empty strings when colour is off.
struct Style {
  explicit Style(bool colour) : on(colour) {}
  bool on;
  std::string red() const { return on ? "\033[31m" : ""; }
  std::string yellow() const { return on ? "\033[33m" : ""; }
  std::string green() const { return on ? "\033[32m" : ""; }
  std::string bold() const { return on ? "\033[1m" : ""; }
  std::string dim() const { return on ? "\033[2m" : ""; }
  std::string reset() const { return on ? "\033[0m" : ""; }
};

}  // namespace candor::cli
