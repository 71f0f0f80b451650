#pragma once
// `candor serve`: the REST service and the signed ATS webhooks on top of one Screener. HTTP
// threads only parse, check and enqueue; screening runs on a bounded queue of workers (503 with
// Retry-After when it is full). TLS is terminated by a reverse proxy in front of it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>

#include "candor/app/screener.hpp"
#include "candor/service/signature.hpp"

namespace candor::service {

/// How the service runs; secrets come from the environment or files, never the command line.
struct ServiceOptions {
  std::string host = "127.0.0.1";
  int port = 8470;                             ///< 0: any free port (tests, bench)
  unsigned workers = 0;                        ///< screening threads (0: one per core)
  unsigned http_threads = 64;                  ///< connections served at once
  std::size_t queue = 1024;                    ///< screening jobs waiting at most
  std::size_t max_body = 1u << 20;             ///< request body limit (413 past it)
  std::chrono::seconds read_timeout{10};       ///< per read of a request
  std::chrono::seconds write_timeout{10};      ///< per write of a response
  std::chrono::seconds drain{30};              ///< on SIGTERM: how long queued work may take
  std::chrono::milliseconds sync_wait{10000};  ///< a synchronous screen waits this long, then 202
  std::uint64_t max_image_bytes = 8u << 20;    ///< per inline image, decoded
  std::uint64_t max_image_pixels = 50'000'000;
  TokenSet tokens;                    ///< bearer tokens for /v1/screen, /v1/jobs, /v1/verdicts
  std::string greenhouse_secret;      ///< empty: the webhook answers 404
  std::string lever_signature_token;  ///< empty: the webhook answers 404
  std::string ashby_secret;           ///< empty: the webhook answers 404
  std::chrono::seconds lever_max_age{300};  ///< older Lever deliveries are refused
  std::ostream* access_log = nullptr;       ///< one JSON line per request (stderr in the CLI)
};

/// A running service. Construct, bind(), then run() on one thread; stop() from another.
class Service {
 public:
  /// Screens with `screener` (which must outlive the service). Throws Error when the job spool
  /// cannot be created.
  Service(const app::Screener& screener, ServiceOptions options);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  /// Binds the listening socket; returns the port. Throws Error when it cannot.
  int bind();
  /// Accepts requests until stop(); then drains the queue (up to the drain deadline) and returns
  /// how many queued jobs were left unscreened (they stay in the spool for the next start).
  std::size_t run();
  /// Stops accepting; run() then drains and returns. Safe from any thread but not from a signal
  /// handler.
  void stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace candor::service
