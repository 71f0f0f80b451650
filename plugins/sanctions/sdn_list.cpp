#include "sdn_list.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <fstream>

#include "candor/csv.hpp"
#include "candor/error.hpp"
#include "candor/limits.hpp"
#include "candor/text/text.hpp"
#include "opensanctions_list.hpp"
#include "un_list.hpp"

namespace candor::plugins::sanctions {

namespace {

using text::trim;

// OFAC writes an empty value as `-0-`, usually followed by a space.
std::string field(const std::vector<std::string>& row, std::size_t i) {
  if (i >= row.size()) return "";
  std::string v(trim(row[i]));
  return v == "-0-" ? "" : v;
}

std::int64_t ent_num(const std::vector<std::string>& row, const std::filesystem::path& file,
                     std::size_t line) {
  const std::string v = field(row, 0);
  try {
    std::size_t used = 0;
    const long long n = std::stoll(v, &used);
    if (used == v.size() && n > 0) return n;
  } catch (const std::exception&) {
  }
  throw DataError(file.string(), "line " + std::to_string(line) + ": ent_num '" + v +
                                     "' is not a positive number");
}

std::vector<std::string> split_programs(const std::string& p) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : p) {
    if (ch == '[' || ch == ']') {
      if (!trim(cur).empty()) out.emplace_back(trim(cur));
      cur.clear();
    } else {
      cur += ch;
    }
  }
  if (!trim(cur).empty()) out.emplace_back(trim(cur));
  return out;
}

// Calls `row` for every record of `path`, a regular file of at most `max_bytes`, with the file
// named in any error (a FIFO or /dev/zero in a tampered mirror would never end).
template <typename F>
void read_rows(const std::filesystem::path& path, std::size_t min_fields, std::uintmax_t max_bytes,
               F row) {
  if (const auto problem = unreadable_file(path, max_bytes))
    throw DataError(path.string(), *problem);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path.string(), "cannot read");
  CsvReader reader(in);
  std::vector<std::string> fields;
  try {
    while (reader.next(fields)) {
      if (fields.size() == 1 && trim(fields[0]).empty()) continue;  // blank line
      if (fields.size() == 1 && fields[0].find('\x1a') != std::string::npos) continue;  // EOF mark
      if (fields.size() < min_fields)
        throw DataError(path.string(), "line " + std::to_string(reader.line()) + ": expected " +
                                           std::to_string(min_fields) + " fields, found " +
                                           std::to_string(fields.size()));
      row(fields, reader.line());
    }
  } catch (const DataError&) {
    throw;
  } catch (const Error& e) {
    throw DataError(path.string(), e.what());
  }
}

}  // namespace

std::size_t SdnList::name_count() const {
  std::size_t n = 0;
  for (const auto& [num, e] : entries) n += 1 + e.aliases.size();
  return n;
}

namespace {

// The four files of one OFAC list in the legacy CSV shape.
struct LegacyFiles {
  const char *primary, *alt, *add, *comments, *list;
};

constexpr LegacyFiles kSdnFiles{"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv", "OFAC SDN"};
constexpr LegacyFiles kConsolidatedFiles{"cons_prim.csv", "cons_alt.csv", "cons_add.csv",
                                         "cons_comments.csv", "OFAC consolidated non-SDN"};

int load_legacy_files(const std::filesystem::path& folder, SdnList& list, const LegacyFiles& f,
                      std::uintmax_t max_bytes);

}  // namespace

int load_sdn_folder(const std::filesystem::path& folder, SdnList& list, const Limits& limits) {
  int read = load_legacy_files(folder, list, kSdnFiles, limits.sdn_file_bytes) +
             load_legacy_files(folder, list, kConsolidatedFiles, limits.sdn_file_bytes);
  if (const auto un = folder / kUnListFile; std::filesystem::exists(un)) {
    load_un_list(un, list, limits.un_list_bytes);
    ++read;
  }
  if (const auto os = folder / kOpenSanctionsFile; std::filesystem::exists(os)) {
    load_opensanctions_list(os, list, limits.opensanctions_list_bytes);
    ++read;
  }
  return read;
}

std::string list_file_date(const std::filesystem::path& path) {
  std::error_code ec;
  const auto t = std::filesystem::last_write_time(path, ec);
  if (ec) return "";
  const auto sys = std::chrono::file_clock::to_sys(t);
  const std::time_t tt = std::chrono::system_clock::to_time_t(
      std::chrono::time_point_cast<std::chrono::system_clock::duration>(sys));
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

void note_list(SdnList& list, const std::string& name, const std::string& published) {
  for (auto& l : list.lists)
    if (l.name == name) {
      if (published > l.published) l.published = published;
      return;
    }
  list.lists.push_back({name, published});
}

namespace {

int load_legacy_files(const std::filesystem::path& folder, SdnList& list, const LegacyFiles& f,
                      std::uintmax_t max_bytes) {
  int read = 0;
  const auto sdn = folder / f.primary;
  if (std::filesystem::exists(sdn)) {
    read_rows(sdn, 4, max_bytes, [&](const std::vector<std::string>& r, std::size_t line) {
      SdnEntry& e = list.entries[ent_num(r, sdn, line)];
      if (!e.name.empty()) return;  // the same row from another folder: the first one wins
      e.ent_num = ent_num(r, sdn, line);
      e.in_sdn_file = true;
      e.list = f.list;
      e.name = field(r, 1);
      e.type = field(r, 2);
      e.programs = split_programs(field(r, 3));
      const std::string remarks = field(r, 11);
      // A comments file read earlier may already have put spill-over here.
      e.remarks = remarks + e.remarks;
    });
    list.files.push_back(sdn);
    note_list(list, f.list, list_file_date(sdn));
    ++read;
  }
  const auto alt = folder / f.alt;
  if (std::filesystem::exists(alt)) {
    read_rows(alt, 4, max_bytes, [&](const std::vector<std::string>& r, std::size_t line) {
      SdnEntry& e = list.entries[ent_num(r, alt, line)];
      e.ent_num = ent_num(r, alt, line);
      const std::string name = field(r, 3);
      if (name.empty()) return;
      for (const auto& a : e.aliases)
        if (a.name == name) return;  // the same row from another folder
      e.aliases.push_back({field(r, 2), name});
    });
    list.files.push_back(alt);
    ++read;
  }
  const auto add = folder / f.add;
  if (std::filesystem::exists(add)) {
    read_rows(add, 5, max_bytes, [&](const std::vector<std::string>& r, std::size_t line) {
      SdnEntry& e = list.entries[ent_num(r, add, line)];
      e.ent_num = ent_num(r, add, line);
      std::string text;
      for (std::size_t i = 2; i <= 4; ++i) {
        const std::string part = field(r, i);
        if (part.empty()) continue;
        if (!text.empty()) text += ", ";
        text += part;
      }
      if (text.empty()) return;
      for (const auto& a : e.addresses)
        if (a == text) return;
      e.addresses.push_back(text);
    });
    list.files.push_back(add);
    ++read;
  }
  const auto comments = folder / f.comments;
  if (std::filesystem::exists(comments)) {
    read_rows(comments, 2, max_bytes, [&](const std::vector<std::string>& r, std::size_t line) {
      SdnEntry& e = list.entries[ent_num(r, comments, line)];
      e.ent_num = ent_num(r, comments, line);
      // The spill-over begins mid-string: join without a separator.
      e.remarks += field(r, 1);
    });
    list.files.push_back(comments);
    ++read;
  }
  return read;
}

}  // namespace

namespace {

bool wallet_char(char c, bool allow_colon) {
  return std::isalnum(static_cast<unsigned char>(c)) || (allow_colon && c == ':');
}

// The run of wallet characters starting at `at`.
std::string_view wallet_run(std::string_view text, std::size_t at, bool allow_colon) {
  std::size_t end = at;
  while (end < text.size() && wallet_char(text[end], allow_colon)) ++end;
  return text.substr(at, end - at);
}

}  // namespace

std::vector<WalletAddress> parse_wallets(const std::string& remarks, std::size_t max_wallet_chars) {
  // A linear scan for "Digital Currency Address - CODE ADDRESS": std::regex recurses per
  // character and overflows the stack on a long token in a tampered list.
  static constexpr std::string_view kClause = "Digital Currency Address - ";
  const std::string_view text(remarks);
  std::vector<WalletAddress> out;
  for (std::size_t at = text.find(kClause); at != std::string_view::npos;
       at = text.find(kClause, at + 1)) {
    const std::size_t code_at = at + kClause.size();
    const auto code = wallet_run(text, code_at, false);
    std::size_t address_at = code_at + code.size();
    const std::size_t spaces_at = address_at;
    while (address_at < text.size() && std::isspace(static_cast<unsigned char>(text[address_at])))
      ++address_at;
    if (code.empty() || address_at == spaces_at) continue;
    const auto address = wallet_run(text, address_at, true);
    if (address.empty() || code.size() > max_wallet_chars || address.size() > max_wallet_chars)
      continue;
    out.push_back({std::string(code), std::string(address)});
  }
  return out;
}

std::string normalise_wallet(const std::string& address) {
  std::string a(trim(address));
  // Hex (0x…) and bech32 addresses are case-insensitive; base58 ones are not.
  const bool hex = a.size() > 2 && a[0] == '0' && (a[1] == 'x' || a[1] == 'X');
  const std::string lower = text::ascii_lower(a);
  const bool bech32 = lower.rfind("bc1", 0) == 0 || lower.rfind("ltc1", 0) == 0;
  return hex || bech32 ? lower : a;
}

std::vector<std::string> parse_remark_aliases(const std::string& remarks) {
  static constexpr std::string_view kClause = "a.k.a. ";
  // An acronym or trade name, never a sentence: longer quotes are left out.
  constexpr std::size_t kMaxAliasChars = 120;
  const std::string_view text(remarks);
  std::vector<std::string> out;
  for (std::size_t at = text.find(kClause); at != std::string_view::npos;
       at = text.find(kClause, at + 1)) {
    const std::size_t open = at + kClause.size();
    if (open >= text.size() || (text[open] != '\'' && text[open] != '"')) continue;
    const std::size_t close = text.find(text[open], open + 1);
    if (close == std::string_view::npos || close - open - 1 > kMaxAliasChars) continue;
    std::string name(trim(text.substr(open + 1, close - open - 1)));
    if (!name.empty()) out.push_back(std::move(name));
  }
  return out;
}

void finish_sdn_list(SdnList& list, std::size_t max_wallet_chars) {
  for (auto& [num, e] : list.entries) {
    if (e.name.empty() && !e.aliases.empty()) e.name = e.aliases.front().name;
    e.wallets = parse_wallets(e.remarks, max_wallet_chars);
    for (auto& name : parse_remark_aliases(e.remarks)) {
      const bool known =
          name == e.name || std::any_of(e.aliases.begin(), e.aliases.end(),
                                        [&](const Alias& a) { return a.name == name; });
      if (!known) e.aliases.push_back({"aka (remarks)", std::move(name)});
    }
  }
}

}  // namespace candor::plugins::sanctions
