// `candor bench sanctions`: screening speed against the SDN list grown to benchmark size.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ostream>

#include "candor/app/plugin_command.hpp"
#include "candor/error.hpp"
#include "common_names.hpp"
#include "screening_data.hpp"
#include "synthetic_list.hpp"

namespace candor::plugins::sanctions {

namespace {

void run_bench(const DataDir& data_dir, const std::vector<std::string>& dirs, std::size_t target,
               std::size_t rounds, std::ostream& out) {
  std::vector<std::filesystem::path> folders;
  if (std::filesystem::is_directory(data_dir.sub("sanctions")))
    folders.push_back(data_dir.sub("sanctions"));
  for (const auto& d : dirs) folders.emplace_back(d);
  if (folders.empty())
    throw DataError(data_dir.sub("sanctions").string(),
                    "no SDN files (run candor feeds update, or give --sanctions-dir)");
  auto data = std::make_shared<ScreeningData>();
  for (const auto& f : folders)
    if (load_sdn_folder(f, data->list) == 0)
      throw DataError(f.string(), "holds none of the SDN files");
  const std::size_t real_names = data->list.name_count();
  grow_list(data->list, target);
  const auto build_start = std::chrono::steady_clock::now();
  index_screening_data(*data);
  const double build_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - build_start)
          .count();
  const auto queries = common_full_names();
  std::size_t hits = 0;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t r = 0; r < rounds; ++r)
    for (const auto& q : queries) hits += data->index.search(q, kDefaultThreshold).size();
  const double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
  // Where the hits come from (outside the timing): how many query names hit at all, and how
  // many hits are on real entries rather than synthetic recombinations.
  std::size_t names_hit = 0, real_hits = 0;
  for (const auto& q : queries) {
    const auto matches = data->index.search(q, kDefaultThreshold);
    if (!matches.empty()) ++names_hit;
    for (const auto& m : matches)
      if (m.ent_num < kFirstSyntheticEntNum) ++real_hits;
  }
  const double per_name = us / static_cast<double>(queries.size() * rounds);
  out << fmt::format(
      "sanctions bench: {} listed names ({} real, rest synthetic recombinations), {} index "
      "forms, index built in {:.0f} ms\n"
      "screened {} names x {} rounds: {:.2f} us per name (goal <= 20 us), {} hits at "
      "threshold {:.2f} from {} names; {} hits on real entries\n",
      data->list.name_count(), real_names, data->index.size(), build_ms, queries.size(), rounds,
      per_name, hits / rounds, kDefaultThreshold, names_hit, real_hits);
}

}  // namespace

std::vector<app::PluginCommand> commands() {
  using Kind = app::CommandArg::Kind;
  app::PluginCommand bench;
  bench.group = "bench";
  bench.name = "sanctions";
  bench.description = "Screen 10,000 common names against the SDN list grown to ~40,000 names";
  bench.args = {
      {"--sanctions-dir", "Folder holding SDN files (repeatable)", Kind::option, false, true, ""},
      {"--names", "Grow the list to this many names", Kind::option, false, false, "40000"},
      {"--rounds", "Screen the query set this many times", Kind::option, false, false, "1"}};
  // It builds its own grown copy of the list, so it needs no configured plugin and no store.
  bench.run = [](const app::CommandArgs& args, app::CommandContext& context) {
    run_bench(context.data_dir(), args.values("--sanctions-dir"), args.count("--names"),
              std::max<std::size_t>(1, args.count("--rounds")), context.out());
    return 0;
  };
  return {bench};
}

}  // namespace candor::plugins::sanctions
