#include "candor/data_dir.hpp"

#include <openssl/evp.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "candor/error.hpp"

namespace candor {

DataDir DataDir::resolve(const std::filesystem::path& explicit_root) {
  if (!explicit_root.empty()) return DataDir(explicit_root);
  if (const char* env = std::getenv("CANDOR_DATA_DIR"); env && *env) return DataDir(env);
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return DataDir(std::filesystem::path(xdg) / "candor");
  const char* home = std::getenv("HOME");
  return DataDir(std::filesystem::path(home && *home ? home : ".") / ".local/share/candor");
}

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  std::filesystem::create_directories(path.parent_path().empty() ? "." : path.parent_path());
  std::random_device random;
  const auto temp = path.string() + ".tmp" + std::to_string(random());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) throw DataError(temp, "cannot write file");
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    throw DataError(path.string(), "cannot replace file");
  }
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path.string(), "cannot open file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

namespace {
std::string hex(const unsigned char* bytes, unsigned length) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < length; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 15]);
  }
  return out;
}

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr); }
  ~Sha256() { EVP_MD_CTX_free(ctx_); }
  void update(const void* data, std::size_t size) { EVP_DigestUpdate(ctx_, data, size); }
  std::string hex_digest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    EVP_DigestFinal_ex(ctx_, digest, &length);
    return hex(digest, length);
  }

 private:
  EVP_MD_CTX* ctx_;
};
}  // namespace

std::string sha256_hex(std::string_view bytes) {
  Sha256 sha;
  sha.update(bytes.data(), bytes.size());
  return sha.hex_digest();
}

std::string sha256_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path.string(), "cannot open file");
  Sha256 sha;
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    sha.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  return sha.hex_digest();
}

}  // namespace candor
