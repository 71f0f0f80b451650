#pragma once
// A request body turned into a candidate, or an HttpError naming the field: the one place the
// service turns untrusted bytes into candor's model.
#include <cstdint>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "candor/candidate.hpp"

namespace candor::service {

/// An answer other than success: status, machine code, message and JSON pointer.
struct HttpError : std::runtime_error {
  HttpError(int status, std::string code, const std::string& message, std::string field = {})
      : std::runtime_error(message),
        status(status),
        code(std::move(code)),
        field(std::move(field)) {}
  int status;
  std::string code;
  std::string field;
};

/// The body as JSON (depth-limited); HttpError 400 `malformed_json` otherwise.
nlohmann::json parse_body(const std::string& body);

/// Limits on inline images, checked on their headers before anything is decoded.
struct ImageRules {
  std::uint64_t max_bytes = 8u << 20;
  std::uint64_t max_pixels = 50'000'000;
};

/// A `candor.candidate/v1` object parsed without file paths (a path is a 400) and with every
/// inline image checked against `rules`; HttpError 400 naming the field otherwise. `source`
/// names the request in errors.
Candidate parse_request_candidate(const nlohmann::json& json, const ImageRules& rules,
                                  const std::string& source);

/// Whether the candidate carries images (those are screened asynchronously).
bool has_images(const Candidate& candidate);

}  // namespace candor::service
