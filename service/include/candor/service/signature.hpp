#pragma once
// Secrets compared without leaking through timing: webhook signatures (HMAC-SHA256) and
// bearer tokens.
#include <string>
#include <string_view>
#include <vector>

namespace candor::service {

/// HMAC-SHA256 of `message` under `key`, as lower-case hex.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

/// Whether `a` equals `b`, in time independent of where they differ (and of their lengths:
/// both are hashed first).
bool equal_in_constant_time(std::string_view a, std::string_view b);

/// The bearer tokens a client may present (one per line in a token file).
class TokenSet {
 public:
  TokenSet() = default;
  explicit TokenSet(std::vector<std::string> tokens);
  /// Reads tokens from text, one per line; blank lines and `#` comments are skipped.
  static TokenSet parse(std::string_view text);
  bool empty() const { return tokens_.empty(); }
  std::size_t size() const { return tokens_.size(); }
  /// Whether `Authorization: Bearer <token>` names one of them; every token is compared, so
  /// the time taken does not say which one matched or how much of one did.
  bool accepts(std::string_view authorization_header) const;

 private:
  std::vector<std::string> tokens_;
};

/// 128 random bits as hex (job ids, request ids).
std::string random_id();

}  // namespace candor::service
