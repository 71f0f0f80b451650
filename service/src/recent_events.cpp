#include "recent_events.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "candor/error.hpp"

namespace candor::service {

namespace {

// Keys and job ids are printable (event ids, tokens, hex digests); anything else is escaped so
// that one journal line stays one line.
std::string escaped(const std::string& s) {
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || c == '\\' || u == 0x7f) {
      static const char* const kHex = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string unescaped(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const int high = i + 3 < s.size() && s[i] == '\\' && s[i + 1] == 'x' ? hex_digit(s[i + 2]) : -1;
    const int low = high >= 0 ? hex_digit(s[i + 3]) : -1;
    if (low >= 0) {
      out += static_cast<char>(high * 16 + low);
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

RecentEvents::RecentEvents(std::size_t capacity, std::chrono::seconds ttl,
                           std::filesystem::path journal)
    : capacity_(capacity), ttl_(ttl), journal_(std::move(journal)) {
  if (journal_.empty()) return;
  load();
  rewrite();
}

RecentEvents::~RecentEvents() {
  if (fd_ >= 0) ::close(fd_);
}

// Erasing is rare (a delivery refused after all), so its entry in the order is looked for; left
// there, it would expire a later insert of the same key early.
bool RecentEvents::drop(const std::string& key) {
  if (values_.erase(key) == 0) return false;
  const auto it =
      std::find_if(order_.rbegin(), order_.rend(), [&](const Entry& e) { return e.key == key; });
  if (it != order_.rend()) order_.erase(std::next(it).base());
  return true;
}

void RecentEvents::expire(Clock::time_point now) {
  while (!order_.empty() && (order_.size() > capacity_ || now - order_.front().at > ttl_)) {
    values_.erase(order_.front().key);
    order_.pop_front();
  }
}

// Lines are `+ SECONDS KEY\tVALUE` (recorded or updated) and `- SECONDS KEY` (erased); a torn
// last line (a crash mid-write) is skipped.
void RecentEvents::load() {
  std::ifstream in(journal_, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() < 4 || (line[0] != '+' && line[0] != '-') || line[1] != ' ') continue;
    const auto space = line.find(' ', 2);
    if (space == std::string::npos) continue;
    std::int64_t seconds = 0;
    try {
      seconds = std::stoll(line.substr(2, space - 2));
    } catch (...) {
      continue;
    }
    const auto at = Clock::time_point(std::chrono::seconds(seconds));
    const std::string rest = line.substr(space + 1);
    const auto tab = rest.find('\t');
    const std::string key = unescaped(rest.substr(0, tab));
    if (line[0] == '-') {
      drop(key);
      continue;
    }
    const std::string value = tab == std::string::npos ? "" : unescaped(rest.substr(tab + 1));
    if (values_.insert_or_assign(key, value).second) order_.push_back({key, at});
  }
  expire(Clock::now());
}

// Writes what is live to a new file and swaps it in, then appends to it.
void RecentEvents::rewrite() {
  const auto temporary = journal_.string() + ".new";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    for (const Entry& e : order_)
      if (const auto it = values_.find(e.key); it != values_.end())
        out << "+ "
            << std::chrono::duration_cast<std::chrono::seconds>(e.at.time_since_epoch()).count()
            << ' ' << escaped(e.key) << '\t' << escaped(it->second) << '\n';
    out.flush();
    if (!out) throw DataError(journal_.string(), "cannot write the delivery journal");
  }
  std::error_code ec;
  std::filesystem::rename(temporary, journal_, ec);
  if (ec)
    throw DataError(journal_.string(), "cannot replace the delivery journal: " + ec.message());
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::open(journal_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0) throw DataError(journal_.string(), "cannot open the delivery journal");
  journal_lines_ = order_.size();
}

// One write() per change: the line survives the process dying right after (the kernel holds it);
// a machine crash may lose the last ones, and then an ATS retry is screened once more.
void RecentEvents::append(char op, const std::string& key, const std::string& value,
                          Clock::time_point at) {
  if (fd_ < 0) return;
  std::string line;
  line += op;
  line += ' ';
  line += std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count());
  line += ' ';
  line += escaped(key);
  if (op == '+') line += '\t' + escaped(value);
  line += '\n';
  if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
    throw DataError(journal_.string(), "cannot append to the delivery journal");
  if (++journal_lines_ > 2 * capacity_ + 1024) rewrite();
}

std::optional<std::string> RecentEvents::find(const std::string& key) {
  std::lock_guard lock(mutex_);
  expire(Clock::now());
  const auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

bool RecentEvents::insert(const std::string& key, const std::string& value) {
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  expire(now);
  if (!values_.emplace(key, value).second) return false;
  order_.push_back({key, now});
  expire(now);
  append('+', key, value, now);
  return true;
}

void RecentEvents::update(const std::string& key, const std::string& value) {
  std::lock_guard lock(mutex_);
  const auto it = values_.find(key);
  if (it == values_.end()) return;
  it->second = value;
  append('+', key, value, Clock::now());
}

void RecentEvents::erase(const std::string& key) {
  std::lock_guard lock(mutex_);
  if (drop(key)) append('-', key, "", Clock::now());
}

}  // namespace candor::service
