#pragma once
// Strict typed access to JSON fields; every error names the file and the JSON pointer.
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "candor/error.hpp"

namespace candor::detail {

class JsonFields {
 public:
  /// `max_chars` bounds every text field read through string() and strings() (the policy's
  /// `limits.string_chars`); children inherit it.
  JsonFields(const nlohmann::json& object, std::string file, std::string pointer,
             std::size_t max_chars = std::numeric_limits<std::size_t>::max())
      : object_(object),
        file_(std::move(file)),
        pointer_(std::move(pointer)),
        max_chars_(max_chars) {}

  /// Throws unless the value is an object.
  void expect_object() const {
    if (!object_.is_object()) fail(pointer_.empty() ? "/" : pointer_, "expected an object");
  }
  bool has(const char* key) const { return object_.contains(key) && !object_[key].is_null(); }
  std::string path(const std::string& key) const { return pointer_ + "/" + key; }

  std::string string(const char* key, bool required = false) const {
    // Checked before the copy: a 16 MiB field is refused, not duplicated first.
    if (has(key) && object_[key].is_string())
      check_chars(path(key), object_[key].get_ref<const std::string&>());
    return unbounded_string(key, required);
  }

  /// A string of any length: for values bounded otherwise (base64 images, by decoded bytes).
  std::string unbounded_string(const char* key, bool required = false) const {
    if (!has(key)) {
      if (required) fail(path(key), "required field is missing");
      return {};
    }
    const auto& v = object_[key];
    if (!v.is_string()) fail(path(key), std::string("expected a string, got ") + v.type_name());
    return v.get<std::string>();
  }

  std::optional<double> number(const char* key, double min, double max) const {
    if (!has(key)) return std::nullopt;
    const auto& v = object_[key];
    if (!v.is_number()) fail(path(key), std::string("expected a number, got ") + v.type_name());
    const double value = v.get<double>();
    if (value < min || value > max)
      fail(path(key), "expected a number from " + std::to_string(int(min)) + " to " +
                          std::to_string(int(max)));
    return value;
  }

  std::vector<std::string> strings(const char* key) const {
    std::vector<std::string> out;
    if (!has(key)) return out;
    const auto& v = object_[key];
    if (!v.is_array())
      fail(path(key), std::string("expected an array of strings, got ") + v.type_name());
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string())
        fail(path(key) + "/" + std::to_string(i),
             std::string("expected a string, got ") + v[i].type_name());
      check_chars(path(key) + "/" + std::to_string(i), v[i].get_ref<const std::string&>());
      out.push_back(v[i].get<std::string>());
    }
    return out;
  }

  /// The array at `key` (empty when absent); throws when present but not an array.
  const nlohmann::json& array(const char* key) const {
    static const nlohmann::json kEmpty = nlohmann::json::array();
    if (!has(key)) return kEmpty;
    const auto& v = object_[key];
    if (!v.is_array()) fail(path(key), std::string("expected an array, got ") + v.type_name());
    return v;
  }

  JsonFields child(const char* key) const {
    return JsonFields(object_[key], file_, path(key), max_chars_);
  }
  JsonFields element(const char* key, std::size_t i) const {
    return JsonFields(object_[key][i], file_, path(key) + "/" + std::to_string(i), max_chars_);
  }

  [[noreturn]] void fail(const std::string& pointer, const std::string& problem) const {
    throw InputError(file_, pointer, problem);
  }
  const std::string& file() const { return file_; }
  const std::string& pointer() const { return pointer_; }
  const nlohmann::json& json() const { return object_; }

 private:
  void check_chars(const std::string& pointer, const std::string& text) const {
    if (text.size() > max_chars_)
      fail(pointer, "longer than " + std::to_string(max_chars_) + " bytes (limits.string_chars)");
  }

  const nlohmann::json& object_;
  std::string file_;
  std::string pointer_;
  std::size_t max_chars_;
};

}  // namespace candor::detail
