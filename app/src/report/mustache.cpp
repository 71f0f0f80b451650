// The one place candor calls the mustache library (kainjow, escaping by default).
#include <kainjow/mustache.hpp>

#include "candor/error.hpp"
#include "sections.hpp"

namespace candor::app::report {

namespace embedded {
extern const std::string_view kPage, kIndex, kCss;
}

namespace {

namespace mu = kainjow::mustache;

mu::data to_data(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mu::data out{mu::data::type::object};
      for (const auto& [key, item] : value.items()) out.set(key, to_data(item));
      return out;
    }
    case nlohmann::json::value_t::array: {
      mu::data out{mu::data::type::list};
      for (const auto& item : value) out.push_back(to_data(item));
      return out;
    }
    case nlohmann::json::value_t::boolean:
      return mu::data(value.get<bool>());
    case nlohmann::json::value_t::string:
      return mu::data(value.get<std::string>());
    case nlohmann::json::value_t::null:
      return mu::data(false);
    default:
      return mu::data(value.dump());
  }
}

mu::mustache& parsed(std::string_view name) {
  // Parsed once per thread: rendering changes the template object's state.
  thread_local mu::mustache page{std::string(embedded::kPage)};
  thread_local mu::mustache index{std::string(embedded::kIndex)};
  mu::mustache& t = name == "index" ? index : page;
  if (!t.is_valid()) throw Error("report template " + std::string(name) + ": " + t.error_message());
  return t;
}

}  // namespace

std::string render_template(std::string_view name, const nlohmann::json& model) {
  return parsed(name).render(to_data(model));
}

std::string_view report_css() { return embedded::kCss; }

}  // namespace candor::app::report
