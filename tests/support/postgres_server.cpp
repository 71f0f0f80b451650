#include "postgres_server.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <set>

#include "catch.hpp"

namespace candor::test {

namespace {

constexpr const char* kUser = "candor-test";
constexpr const char* kPort = "5432";  // names the socket file in our own folder only

int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string postgres_bin() {
  // Debian keeps the server programs out of PATH, one folder per major version.
  for (const char* version : {"17", "16", "15", "14", "13"}) {
    const std::string bin = std::string("/usr/lib/postgresql/") + version + "/bin";
    if (std::filesystem::exists(bin + "/initdb")) return bin;
  }
  return "";
}

}  // namespace

PostgresServer::PostgresServer() {
  bin_ = postgres_bin();
  if (bin_.empty()) FAIL("PostgreSQL server programs not found (install the `postgresql` package)");
  if (::geteuid() == 0) {
    if (shell(std::string("id -u ") + kUser + " >/dev/null 2>&1") != 0 &&
        shell(std::string("useradd --system --no-create-home --shell /usr/sbin/nologin ") + kUser +
              " >/dev/null 2>&1") != 0 &&
        shell(std::string("id -u ") + kUser + " >/dev/null 2>&1") != 0)  // raced another test
      FAIL("cannot create the system user " << kUser << " to run PostgreSQL");
    as_user_ = std::string("runuser -u ") + kUser + " -- ";
    std::filesystem::permissions(dir_.path(), std::filesystem::perms::owner_all |
                                                  std::filesystem::perms::group_exec |
                                                  std::filesystem::perms::others_exec);
    REQUIRE(shell("chown " + std::string(kUser) + " '" + dir_.path().string() + "'") == 0);
  }
  const std::string data = (dir_ / "data").string(), log = (dir_ / "log").string();
  const std::string init = as_user_ + bin_ + "/initdb -D '" + data +
                           "' -U candor -A trust --no-sync -E UTF8 --locale=C >'" +
                           (dir_ / "initdb.log").string() + "' 2>&1";
  if (shell(init) != 0) FAIL("initdb failed: " << read_text(dir_ / "initdb.log"));
  const std::string options = "-k '" + dir_.path().string() + "' -c listen_addresses='' -p " +
                              kPort + " -c fsync=off -c max_connections=60";
  const std::string start = as_user_ + bin_ + "/pg_ctl -D '" + data + "' -l '" + log + "' -o \"" +
                            options + "\" -w -t 60 start >/dev/null 2>&1";
  if (shell(start) != 0) FAIL("pg_ctl start failed: " << read_text(log));
  started_ = true;
}

PostgresServer::~PostgresServer() {
  if (started_)
    shell(as_user_ + bin_ + "/pg_ctl -D '" + (dir_ / "data").string() +
          "' -m immediate -w stop >/dev/null 2>&1");
}

std::string PostgresServer::url(const std::string& name) {
  static std::set<std::string> created;
  const std::string socket = "host=" + dir_.path().string() + "&port=" + kPort;
  if (created.insert(dir_.path().string() + "/" + name).second &&
      shell(bin_ + "/createdb -h '" + dir_.path().string() + "' -p " + kPort + " -U candor " +
            name + " >/dev/null 2>&1") != 0)
    FAIL("createdb " << name << " failed");
  return "postgresql://candor@/" + name + "?" + socket;
}

}  // namespace candor::test
