#include "candor/fetch.hpp"

#include <curl/curl.h>

#include <cstdio>
#include <memory>
#include <random>

#include "candor/data_dir.hpp"
#include "candor/error.hpp"

namespace candor {

namespace {

struct Download {
  std::FILE* file = nullptr;
  std::uint64_t bytes = 0;
  std::uint64_t limit = 0;
  bool too_large = false;
  std::string etag;
  std::string last_modified;
};

std::size_t on_data(char* data, std::size_t size, std::size_t count, void* user) {
  auto* d = static_cast<Download*>(user);
  const std::size_t n = size * count;
  if (d->bytes + n > d->limit) {
    d->too_large = true;
    return 0;  // aborts the transfer
  }
  d->bytes += n;
  return std::fwrite(data, 1, n, d->file);
}

std::string trim_header_value(std::string value) {
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.pop_back();
  const auto start = value.find_first_not_of(' ');
  return start == std::string::npos ? "" : value.substr(start);
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* d = static_cast<Download*>(user);
  const std::string line(data, size * count);
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "etag") d->etag = trim_header_value(line.substr(colon + 1));
    if (name == "last-modified") d->last_modified = trim_header_value(line.substr(colon + 1));
  }
  return size * count;
}

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

}  // namespace

FetchResult fetch_to_file(const FetchRequest& request) {
  static CurlGlobal global;
  const std::string& url = request.url;
  const bool is_file = url.rfind("file://", 0) == 0;
  if (!is_file && url.rfind("https://", 0) != 0)
    throw DataError(url, "only https:// and file:// sources are allowed");

  const auto parent = request.destination.parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  std::random_device random;
  const std::filesystem::path temp =
      request.destination.string() + ".part" + std::to_string(random());
  Download d;
  d.limit = request.max_bytes;
  d.file = std::fopen(temp.c_str(), "wb");
  if (!d.file) throw DataError(temp.string(), "cannot write temporary file");

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  curl_slist* headers = nullptr;
  if (!request.etag.empty())
    headers = curl_slist_append(headers, ("If-None-Match: " + request.etag).c_str());
  if (!request.last_modified.empty())
    headers = curl_slist_append(headers, ("If-Modified-Since: " + request.last_modified).c_str());
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,file");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "candor-feeds/1");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &d);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &d);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  const CURLcode rc = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  const bool write_ok = std::fclose(d.file) == 0;

  auto discard = [&](const std::string& problem) {
    std::error_code ec;
    std::filesystem::remove(temp, ec);
    throw DataError(url, problem);
  };
  if (d.too_large)
    discard("larger than the limit of " + std::to_string(request.max_bytes) + " bytes");
  if (rc != CURLE_OK)
    discard(std::string("download failed: ") + (*error ? error : curl_easy_strerror(rc)));
  if (!write_ok) discard("cannot write " + temp.string());
  FetchResult result;
  result.etag = d.etag;
  result.last_modified = d.last_modified;
  if (!is_file && status == 304) {
    std::error_code ec;
    std::filesystem::remove(temp, ec);
    result.modified = false;
    return result;
  }
  if (!is_file && (status < 200 || status >= 300)) discard("HTTP status " + std::to_string(status));
  result.bytes = d.bytes;
  result.sha256 = sha256_file(temp);
  if (!request.expected_sha256.empty() && result.sha256 != request.expected_sha256)
    discard("SHA-256 mismatch: expected " + request.expected_sha256 + ", got " + result.sha256);
  std::error_code ec;
  std::filesystem::rename(temp, request.destination, ec);
  if (ec) discard("cannot move into " + request.destination.string() + ": " + ec.message());
  return result;
}

}  // namespace candor
