#include <vector>

#include "candor/error.hpp"
#include "webhooks.hpp"

namespace candor::service::webhook {

const nlohmann::json* at(const nlohmann::json& body, const std::string& pointer) {
  try {
    const nlohmann::json::json_pointer p(pointer);
    if (!body.contains(p)) return nullptr;
    const nlohmann::json& v = body.at(p);
    return v.is_null() ? nullptr : &v;
  } catch (const nlohmann::json::exception&) {
    return nullptr;  // a member path through a non-object: absent
  }
}

const nlohmann::json& object(const nlohmann::json& body, const std::string& pointer,
                             const std::string& source) {
  const nlohmann::json* v = at(body, pointer);
  if (!v) throw InputError(source, pointer, "required field is missing");
  if (!v->is_object())
    throw InputError(source, pointer, std::string("expected an object, got ") + v->type_name());
  return *v;
}

std::string id(const nlohmann::json& body, const std::string& pointer, const std::string& source) {
  const nlohmann::json* v = at(body, pointer);
  if (!v) throw InputError(source, pointer, "required field is missing");
  if (v->is_number_integer()) return std::to_string(v->get<long long>());
  if (v->is_string() && !v->get<std::string>().empty()) return v->get<std::string>();
  throw InputError(source, pointer, "expected a number or a non-empty string");
}

std::string text(const nlohmann::json& body, const std::string& pointer,
                 const std::string& source) {
  const nlohmann::json* v = at(body, pointer);
  if (!v) return {};
  if (!v->is_string())
    throw InputError(source, pointer, std::string("expected a string, got ") + v->type_name());
  return v->get<std::string>();
}

std::vector<std::string> values(const nlohmann::json& body, const std::string& pointer,
                                const std::string& source, const char* key) {
  std::vector<std::string> out;
  const nlohmann::json* list = at(body, pointer);
  if (!list) return out;
  if (!list->is_array())
    throw InputError(source, pointer, std::string("expected an array, got ") + list->type_name());
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string element = pointer + "/" + std::to_string(i);
    const std::string value = text(body, element + "/" + key, source);
    if (!value.empty()) out.push_back(value);
  }
  return out;
}

}  // namespace candor::service::webhook
