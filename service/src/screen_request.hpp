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

/// What a request may carry: inline images, checked on their headers before anything is
/// decoded, and the policy's `limits` (list lengths, text fields, JSON depth).
struct RequestRules {
  std::uint64_t max_image_bytes = 8u << 20;
  std::uint64_t max_image_pixels = 50'000'000;
  Limits limits;
};

/// The body as JSON nested at most `max_depth` deep; HttpError 400 `malformed_json` otherwise.
nlohmann::json parse_body(const std::string& body, int max_depth);

/// A `candor.candidate/v1` object parsed without file paths (a path is a 400) and within
/// `rules`; HttpError 400 naming the field otherwise. `source` names the request in errors.
Candidate parse_request_candidate(const nlohmann::json& json, const RequestRules& rules,
                                  const std::string& source);

/// Whether the candidate carries images (those are screened asynchronously).
bool has_images(const Candidate& candidate);

}  // namespace candor::service
