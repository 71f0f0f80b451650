// `candor serve`: argument parsing only; the service lives in service/.
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include <iostream>
#include <thread>
#include <tuple>

#include <nlohmann/json.hpp>

#include "candor/app/screener.hpp"
#include "candor/error.hpp"
#include "candor/service/service.hpp"
#include "commands/commands.hpp"
#include "commands/serve_options.hpp"
#include "options.hpp"

namespace candor::cli {

namespace {

struct ServeArgs {
  app::ScreenerOptions screening;
  std::string listen = "127.0.0.1:8470";
  unsigned workers = 0;
  unsigned http_threads = 64;
  std::size_t queue = 1024;
  std::string max_body = "1MiB";
  std::string max_image = "8MiB";
  std::string drain = "30s";
  std::string read_timeout = "10s";
  std::string write_timeout = "10s";
  std::string token_file, greenhouse_secret_file, lever_secret_file, ashby_secret_file;
};

int g_signal_pipe[2] = {-1, -1};

void on_stop_signal(int signal) {
  const unsigned char byte = static_cast<unsigned char>(signal);
  [[maybe_unused]] const auto written = ::write(g_signal_pipe[1], &byte, 1);
}

void log_event(const nlohmann::json& event) { std::cerr << event.dump() << std::endl; }

int run_serve(const ServeArgs& a) {
  service::ServiceOptions o;
  std::tie(o.host, o.port) = parse_listen(a.listen);
  o.workers = a.workers;
  o.http_threads = std::max(1u, a.http_threads);
  o.queue = std::max<std::size_t>(1, a.queue);
  o.max_body = parse_size(a.max_body, "--max-body");
  o.max_image_bytes = parse_size(a.max_image, "--max-image");
  o.drain = std::chrono::duration_cast<std::chrono::seconds>(parse_duration(a.drain, "--drain"));
  o.read_timeout = std::chrono::duration_cast<std::chrono::seconds>(
      parse_duration(a.read_timeout, "--read-timeout"));
  o.write_timeout = std::chrono::duration_cast<std::chrono::seconds>(
      parse_duration(a.write_timeout, "--write-timeout"));
  o.tokens =
      service::TokenSet::parse(read_secret(a.token_file, "CANDOR_API_TOKEN", "--token-file"));
  o.greenhouse_secret =
      read_secret(a.greenhouse_secret_file, "CANDOR_GREENHOUSE_SECRET", "--greenhouse-secret-file");
  o.lever_signature_token =
      read_secret(a.lever_secret_file, "CANDOR_LEVER_SIGNATURE_TOKEN", "--lever-secret-file");
  o.ashby_secret = read_secret(a.ashby_secret_file, "CANDOR_ASHBY_SECRET", "--ashby-secret-file");
  if (o.tokens.empty() && o.greenhouse_secret.empty() && o.lever_signature_token.empty() &&
      o.ashby_secret.empty())
    throw InputError("serve", "",
                     "no API token and no webhook secret: set CANDOR_API_TOKEN or "
                     "--token-file (see README, \"Service\")");
  o.access_log = &std::cerr;

  // SIGTERM and SIGINT only write their number to a pipe (all a handler may safely do); a
  // thread reading it stops the service. A mask would not do: libraries start threads of their
  // own (OpenBLAS) before main, and any of them may take the signal.
  if (::pipe(g_signal_pipe) != 0) throw Error("serve: cannot create a pipe");
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGTERM, &action, nullptr);
  ::sigaction(SIGINT, &action, nullptr);

  const app::Screener screener(a.screening);
  service::Service service(screener, o);
  const int port = service.bind();
  log_event({{"event", "listening"},
             {"address", o.host + ":" + std::to_string(port)},
             {"api_tokens", o.tokens.size()},
             {"webhooks",
              {{"greenhouse", !o.greenhouse_secret.empty()},
               {"lever", !o.lever_signature_token.empty()},
               {"ashby", !o.ashby_secret.empty()}}}});
  std::thread waiter([&] {
    unsigned char signal = 0;
    while (::read(g_signal_pipe[0], &signal, 1) < 0 && errno == EINTR) {
    }
    log_event({{"event", "draining"}, {"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
    service.stop();
  });
  const std::size_t left = service.run();
  waiter.join();
  log_event({{"event", "stopped"}, {"jobs_left_in_spool", left}});
  return kExitClear;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand(
      "serve", "REST service and signed ATS webhooks (Greenhouse, Lever, Ashby); see README");
  cmd->add_option("--listen", a->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  cmd->add_option("--workers", a->workers, "Screening threads (default: one per core)");
  cmd->add_option("--http-threads", a->http_threads, "Connections served at once")
      ->capture_default_str();
  cmd->add_option("--queue", a->queue, "Screening jobs waiting at most (then 503)")
      ->capture_default_str();
  cmd->add_option("--max-body", a->max_body, "Request body limit (then 413)")
      ->capture_default_str();
  cmd->add_option("--max-image", a->max_image, "Limit per inline image, decoded")
      ->capture_default_str();
  cmd->add_option("--drain", a->drain, "On SIGTERM: time queued work may take")
      ->capture_default_str();
  cmd->add_option("--read-timeout", a->read_timeout, "Per read of a request")
      ->capture_default_str();
  cmd->add_option("--write-timeout", a->write_timeout, "Per write of a response")
      ->capture_default_str();
  cmd->add_option("--token-file", a->token_file,
                  "Bearer tokens, one per line (default $CANDOR_API_TOKEN)");
  cmd->add_option("--greenhouse-secret-file", a->greenhouse_secret_file,
                  "Greenhouse webhook secret key (default $CANDOR_GREENHOUSE_SECRET)");
  cmd->add_option("--lever-secret-file", a->lever_secret_file,
                  "Lever webhook signature token (default $CANDOR_LEVER_SIGNATURE_TOKEN)");
  cmd->add_option("--ashby-secret-file", a->ashby_secret_file,
                  "Ashby webhook secret token (default $CANDOR_ASHBY_SECRET)");
  add_screening_options(*cmd, a->screening);
  cmd->callback([a, &exit_code] { exit_code = run_serve(*a); });
}

}  // namespace candor::cli
