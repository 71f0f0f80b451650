#pragma once
// The load generator of `candor bench serve`: one kept-alive HTTP/1.1 connection to 127.0.0.1
// that sends a whole request in one write and reads the answer by its Content-Length. It shares
// the two cores with the service it measures, so it does no more system calls than it must
// (cpp-httplib's client polls before every read and write and sends headers and body apart).
#include <cstddef>
#include <string>
#include <string_view>

namespace candor::cli {

/// What a request got: the status (0 when it failed on the way) and the body or the failure.
struct BenchAnswer {
  int status = 0;
  std::string body;
};

class BenchConnection {
 public:
  BenchConnection(int port, std::string request_head);
  ~BenchConnection();
  BenchConnection(const BenchConnection&) = delete;
  BenchConnection& operator=(const BenchConnection&) = delete;

  /// POSTs `body` with the head given at construction (request line and headers, without
  /// Content-Length); reconnects once when the service had closed the kept-alive connection.
  BenchAnswer post(std::string_view body);

 private:
  bool connect_socket();
  void close_socket();
  BenchAnswer exchange(std::string_view body, bool& retry);

  int port_;
  std::string head_;
  std::string out_;  // the request being sent, reused
  std::string in_;   // bytes read, reused
  int fd_ = -1;
};

}  // namespace candor::cli
