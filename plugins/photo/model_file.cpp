#include "model_file.hpp"

#include <bzlib.h>

#include <cstdio>
#include <memory>

#include "candor/data_dir.hpp"
#include "candor/error.hpp"

namespace candor::plugins::photo {

namespace {

std::string bz2_reason(int code) {
  switch (code) {
    case BZ_DATA_ERROR:
    case BZ_DATA_ERROR_MAGIC:
      return "not valid bzip2 data";
    case BZ_UNEXPECTED_EOF:
      return "bzip2 stream ends early (truncated file?)";
    case BZ_MEM_ERROR:
      return "out of memory while decompressing";
    case BZ_IO_ERROR:
      return "read error";
    default:
      return "bzip2 error " + std::to_string(code);
  }
}

}  // namespace

std::string decompress_bz2_file(const std::filesystem::path& path) {
  const std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw DataError(path.string(), "cannot open file");
  int code = BZ_OK;
  BZFILE* bz = BZ2_bzReadOpen(&code, file.get(), 0, 0, nullptr, 0);
  if (code != BZ_OK) throw DataError(path.string(), bz2_reason(code));
  std::string out;
  char buffer[1 << 16];
  // dlib.net's files are single bzip2 streams; anything after the first stream is ignored. The
  // largest dlib model is about 100 MB: stop well before a bad file exhausts memory.
  constexpr std::size_t kMaxModelBytes = std::size_t{1} << 30;
  while (code == BZ_OK && out.size() <= kMaxModelBytes) {
    const int n = BZ2_bzRead(&code, bz, buffer, sizeof buffer);
    if (code == BZ_OK || code == BZ_STREAM_END) out.append(buffer, static_cast<std::size_t>(n));
  }
  int closed = BZ_OK;
  BZ2_bzReadClose(&closed, bz);
  if (out.size() > kMaxModelBytes)
    throw DataError(path.string(), "decompresses to more than 1 GiB: not a dlib model");
  if (code != BZ_STREAM_END) throw DataError(path.string(), bz2_reason(code));
  return out;
}

std::string model_fingerprint(const std::filesystem::path& path) {
  return path.extension() == ".bz2" ? sha256_hex(decompress_bz2_file(path)) : sha256_file(path);
}

}  // namespace candor::plugins::photo
