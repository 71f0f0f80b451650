#pragma once
// Published specimen documents (data/specimens.json, compiled in).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mrz.hpp"

namespace candor::plugins::document {

/// The specimen list; matches an MRZ by number (and state), specimen state or specimen name.
class Specimens {
 public:
  /// Parses the list; DataError naming `file` when malformed.
  Specimens(const nlohmann::json& json, const std::string& file);
  /// The compiled-in list.
  static const Specimens& embedded();
  /// Why `mrz` is a specimen (evidence), or nullopt.
  std::optional<nlohmann::json> match(const Mrz& mrz) const;
  std::size_t size() const { return documents_.size(); }

 private:
  struct Doc {
    std::string number, state, name, source;
  };
  struct Name {
    std::string surname, given_names;
  };
  std::vector<std::string> states_;
  std::vector<Name> names_;
  std::vector<Doc> documents_;
};

}  // namespace candor::plugins::document
