#include "candor/app/plugin_command.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "candor/error.hpp"

namespace candor::app {

namespace {
const std::string kEmpty;
const std::vector<std::string> kNone;
}  // namespace

const CommandArgs::Entry* CommandArgs::find(std::string_view name) const {
  const auto it = entries_.find(name);
  return it == entries_.end() ? nullptr : &it->second;
}

bool CommandArgs::given(std::string_view name) const {
  const Entry* e = find(name);
  return e && !e->values.empty();
}

const std::string& CommandArgs::value(std::string_view name) const {
  const Entry* e = find(name);
  if (!e) return kEmpty;
  return e->values.empty() ? e->default_value : e->values.front();
}

const std::vector<std::string>& CommandArgs::values(std::string_view name) const {
  const Entry* e = find(name);
  return e ? e->values : kNone;
}

double CommandArgs::number(std::string_view name) const {
  const std::string& text = value(name);
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v))
    throw InputError(std::string(name), "", "expected a number, got \"" + text + "\"");
  return v;
}

std::size_t CommandArgs::count(std::string_view name) const {
  const std::string& text = value(name);
  std::size_t v = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || error != std::errc() || end != text.data() + text.size())
    throw InputError(std::string(name), "", "expected a whole number, got \"" + text + "\"");
  return v;
}

void CommandArgs::set(std::string name, std::vector<std::string> values,
                      std::string default_value) {
  entries_[std::move(name)] = {std::move(values), std::move(default_value)};
}

}  // namespace candor::app
