#include "terminal.hpp"

#include <unistd.h>

#include <cstdlib>

namespace candor::cli {

bool is_terminal(std::FILE* stream) { return ::isatty(::fileno(stream)) == 1; }

bool use_colour(std::FILE* stream) {
  const char* no_colour = std::getenv("NO_COLOR");
  return is_terminal(stream) && !(no_colour && *no_colour);
}

}  // namespace candor::cli
