#include "synthetic_list.hpp"

#include <vector>

namespace candor::plugins::sanctions {

namespace {

std::string before_comma(const std::string& s) {
  const auto c = s.find(',');
  return c == std::string::npos ? s : s.substr(0, c);
}
std::string after_comma(const std::string& s) {
  const auto c = s.find(',');
  if (c == std::string::npos) return "";
  const auto b = s.find_first_not_of(' ', c + 1);
  return b == std::string::npos ? "" : s.substr(b);
}
std::string first_word(const std::string& s) { return s.substr(0, s.find(' ')); }
std::string rest_words(const std::string& s) {
  const auto sp = s.find(' ');
  return sp == std::string::npos ? "" : s.substr(sp + 1);
}

}  // namespace

void grow_list(SdnList& list, std::size_t target_names) {
  std::vector<const SdnEntry*> people, companies;
  for (const auto& [num, e] : list.entries) {
    if (e.individual() && e.name.find(',') != std::string::npos)
      people.push_back(&e);
    else if (!e.individual() && e.type.empty() && e.name.find(' ') != std::string::npos)
      companies.push_back(&e);
  }
  if (people.empty() || companies.empty()) return;
  std::uint64_t state = 0x5eed5eedULL;
  auto next = [&](std::size_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state >> 33) % n);
  };
  std::int64_t ent_num = kFirstSyntheticEntNum;
  std::size_t names = list.name_count();
  std::vector<SdnEntry> added;
  while (names < target_names) {
    SdnEntry e;
    e.ent_num = ent_num++;
    e.programs = {"SYNTHETIC"};
    if (next(3) < 2) {
      const SdnEntry& a = *people[next(people.size())];
      const SdnEntry& b = *people[next(people.size())];
      const std::string surname = before_comma(a.name), given = after_comma(b.name);
      if (given.empty()) continue;
      e.type = "individual";
      e.name = surname + ", " + given;
      std::string hyphenated = given;
      for (auto& ch : hyphenated)
        if (ch == ' ') ch = '-';
      e.aliases.push_back({"aka", hyphenated + " " + surname});
    } else {
      const SdnEntry& a = *companies[next(companies.size())];
      const SdnEntry& b = *companies[next(companies.size())];
      const std::string rest = rest_words(b.name);
      if (rest.empty()) continue;
      e.name = first_word(a.name) + " " + rest;
      e.aliases.push_back(
          {"aka", first_word(a.name) + " " + first_word(rest) + " TRADING CO., LTD"});
    }
    names += 1 + e.aliases.size();
    added.push_back(std::move(e));
  }
  for (auto& e : added) list.entries[e.ent_num] = std::move(e);
}

}  // namespace candor::plugins::sanctions
