// `candor links clusters`: clusters of candidates connected by shared identifiers in the store.
#include <fmt/format.h>

#include <ostream>

#include "candor/app/plugin_command.hpp"
#include "candor/error.hpp"
#include "clusters.hpp"

namespace candor::plugins::links {

namespace {

void print_clusters(const std::vector<Cluster>& clusters, const std::string& format,
                    std::ostream& out) {
  if (format == "json") {
    nlohmann::json json = nlohmann::json::array();
    for (const auto& c : clusters) {
      nlohmann::json members = nlohmann::json::array();
      for (std::size_t i = 0; i < c.members.size(); ++i)
        members.push_back({{"id", c.members[i]}, {"name", c.names[i]}});
      nlohmann::json shared = nlohmann::json::array();
      for (const auto& l : c.links)
        shared.push_back({{"kind", l.kind}, {"key", l.key}, {"candidates", l.candidates}});
      json.push_back({{"size", c.members.size()}, {"members", members}, {"identifiers", shared}});
    }
    out << json.dump(2) << "\n";
  } else if (format == "dot") {
    out << "graph links {\n";
    for (const auto& c : clusters) {
      for (std::size_t i = 0; i < c.members.size(); ++i)
        out << fmt::format("  \"{}\" [label=\"{}\\n{}\"];\n", c.members[i], c.members[i],
                           c.names[i]);
      for (const auto& l : c.links) {
        const std::string node = l.kind + ":" + l.key;
        out << fmt::format("  \"{}\" [shape=box,label=\"{}\\n{}\"];\n", node, l.kind, l.key);
        for (const auto& m : l.candidates) out << fmt::format("  \"{}\" -- \"{}\";\n", m, node);
      }
    }
    out << "}\n";
  } else {
    if (clusters.empty()) out << "no clusters\n";
    for (std::size_t n = 0; n < clusters.size(); ++n) {
      const auto& c = clusters[n];
      out << fmt::format("cluster {} ({} candidates)\n", n + 1, c.members.size());
      for (std::size_t i = 0; i < c.members.size(); ++i)
        out << fmt::format("  {}  {}\n", c.members[i], c.names[i]);
      for (const auto& l : c.links) {
        std::string who;
        for (const auto& m : l.candidates) who += (who.empty() ? "" : ", ") + m;
        out << fmt::format("  shared {} {}: {}\n", l.kind, l.key, who);
      }
    }
  }
}

int run_clusters(const app::CommandArgs& args, app::CommandContext& context) {
  const std::string& format = args.value("--format");
  if (format != "text" && format != "json" && format != "dot")
    throw InputError("--format", "", "expected text, json or dot, got \"" + format + "\"");
  const std::size_t min_size = args.count("--min-size");
  const auto clusters = find_clusters(context.store(), min_size);
  print_clusters(clusters, format, context.out());
  return clusters.empty() ? 0 : 1;
}

}  // namespace

std::vector<app::PluginCommand> commands() {
  using Kind = app::CommandArg::Kind;
  app::PluginCommand clusters;
  clusters.group = "links";
  clusters.name = "clusters";
  clusters.description = "Print clusters of candidates connected by shared identifiers";
  clusters.args = {{"--min-size", "Smallest cluster to print", Kind::option, false, false, "2"},
                   {"--format", "text, json or dot", Kind::option, false, false, "text"}};
  clusters.uses_store = true;
  clusters.run = run_clusters;
  return {clusters};
}

}  // namespace candor::plugins::links
