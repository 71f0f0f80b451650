#include "commands/bench_connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace candor::cli {

namespace {

constexpr std::size_t kMaxHead = 64 * 1024;
constexpr std::size_t kMaxBody = 16 * 1024 * 1024;
constexpr std::size_t kReadChunk = 16 * 1024;
constexpr int kTimeoutSeconds = 30;  // a service that stops answering fails the request

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The value of header `name` in a response head, or empty.
std::string_view header_value(std::string_view head, std::string_view name) {
  for (std::size_t at = head.find("\r\n"); at != std::string_view::npos;) {
    const std::size_t start = at + 2;
    const std::size_t end = head.find("\r\n", start);
    const std::string_view line = head.substr(start, end - start);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos && iequals(line.substr(0, colon), name)) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      return value;
    }
    at = end;
  }
  return {};
}

BenchAnswer failed(std::string why) { return {0, std::move(why)}; }

}  // namespace

BenchConnection::BenchConnection(int port, std::string request_head)
    : port_(port), head_(std::move(request_head)) {}

BenchConnection::~BenchConnection() { close_socket(); }

bool BenchConnection::connect_socket() {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return false;
  const int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  const timeval timeout{kTimeoutSeconds, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port_));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) return true;
  close_socket();
  return false;
}

void BenchConnection::close_socket() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

BenchAnswer BenchConnection::post(std::string_view body) {
  bool retry = false;
  BenchAnswer answer = exchange(body, retry);
  // The service ends a kept-alive connection after so many requests: a fresh one is tried once.
  if (retry) answer = exchange(body, retry);
  return answer;
}

BenchAnswer BenchConnection::exchange(std::string_view body, bool& retry) {
  const bool reused = fd_ >= 0;
  retry = false;
  if (!reused && !connect_socket()) return failed(std::string("connect: ") + std::strerror(errno));
  out_.assign(head_);
  out_ += "Content-Length: ";
  out_ += std::to_string(body.size());
  out_ += "\r\n\r\n";
  out_ += body;
  for (std::size_t sent = 0; sent < out_.size();) {
    const ssize_t n = ::send(fd_, out_.data() + sent, out_.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      const std::string why = std::string("send: ") + std::strerror(errno);
      close_socket();
      retry = reused;
      return failed(why);
    }
    sent += static_cast<std::size_t>(n);
  }
  in_.clear();
  std::size_t head_end = std::string::npos, total = 0;
  for (;;) {
    const std::size_t have = in_.size();
    in_.resize(have + kReadChunk);
    const ssize_t n = ::recv(fd_, in_.data() + have, kReadChunk, 0);
    in_.resize(have + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
    if (n <= 0) {
      const std::string why = n == 0 ? "connection closed before the answer"
                                     : std::string("recv: ") + std::strerror(errno);
      close_socket();
      retry = reused && in_.empty();
      return failed(why);
    }
    if (head_end == std::string::npos) {
      head_end = in_.find("\r\n\r\n");
      if (head_end == std::string::npos) {
        if (in_.size() > kMaxHead) break;
        continue;
      }
      const std::string_view length =
          header_value(std::string_view(in_).substr(0, head_end), "Content-Length");
      std::size_t body_size = 0;
      const auto [end, error] =
          std::from_chars(length.data(), length.data() + length.size(), body_size);
      if (length.empty() || error != std::errc() || body_size > kMaxBody) break;
      total = head_end + 4 + body_size;
    }
    if (in_.size() >= total) break;
  }
  const std::string_view response(in_);
  int status = 0;
  if (head_end == std::string::npos || in_.size() < total || response.size() < 12 ||
      std::from_chars(response.data() + 9, response.data() + 12, status).ec != std::errc()) {
    close_socket();
    return failed("an answer that is not HTTP/1.1 with a Content-Length");
  }
  if (iequals(header_value(response.substr(0, head_end), "Connection"), "close")) close_socket();
  return {status, std::string(response.substr(head_end + 4, total - head_end - 4))};
}

}  // namespace candor::cli
