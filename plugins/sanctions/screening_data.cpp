#include "screening_data.hpp"

#include "candor/error.hpp"

namespace candor::plugins::sanctions {

const SdnEntry* ScreeningData::entry(std::int64_t ent_num) const {
  const auto it = list.entries.find(ent_num);
  return it == list.entries.end() ? nullptr : &it->second;
}

void index_screening_data(ScreeningData& data, std::size_t max_wallet_chars) {
  finish_sdn_list(data.list, max_wallet_chars);
  data.index = NameIndex();
  data.index.add_list(data.list);
  data.wallets.clear();
  data.identifiers.clear();
  data.documents.clear();
  data.emails.clear();
  for (const auto& [num, e] : data.list.entries) {
    for (const auto& w : e.wallets)
      data.wallets[normalise_wallet(w.address)].push_back({num, w.currency, w.address});
    auto ids = parse_identifiers(e.remarks);
    for (const auto& d : ids.documents)
      if (d.size() >= 5) data.documents[d].push_back(num);
    for (const auto& m : ids.emails) data.emails[m].push_back(num);
    data.identifiers.emplace(num, std::move(ids));
  }
}

std::shared_ptr<ScreeningData> load_screening_data(const std::vector<std::filesystem::path>& dirs,
                                                   const Limits& limits) {
  auto data = std::make_shared<ScreeningData>();
  for (const auto& dir : dirs) {
    if (!std::filesystem::is_directory(dir))
      throw DataError(dir.string(), "sanctions folder does not exist");
    if (load_sdn_folder(dir, data->list, limits) == 0)
      throw DataError(dir.string(),
                      "holds none of sdn.csv, alt.csv, add.csv, sdn_comments.csv, cons_prim.csv, "
                      "cons_alt.csv, cons_add.csv, cons_comments.csv, consolidated.xml, "
                      "targets.simple.csv");
  }
  index_screening_data(*data, limits.sdn_wallet_chars);
  return data;
}

}  // namespace candor::plugins::sanctions
