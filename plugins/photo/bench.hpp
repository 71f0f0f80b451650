#pragma once
// `candor bench photo`: ms per photo by stage; face search over synthetic descriptors.
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "face_index.hpp"
#include "photo_options.hpp"

namespace candor::plugins::photo {

/// The index benchmark's settings.
struct BenchOptions {
  std::size_t count = 1'000'000;  ///< synthetic descriptors in the index
  std::size_t queries = 300;
  std::vector<std::size_t> ef{HnswSettings{}.ef_search};
  std::size_t m = HnswSettings{}.m;
};

/// Times decoding, hashing and each face stage over the photos in `folder` (recursively).
void bench_photos(const PhotoOptions& options, const std::string& folder, std::ostream& out);

/// Builds an index of `o.count` synthetic faces (random, or clustered ~5 per person) and times
/// exact and hnswlib search at each ef.
void bench_index(const BenchOptions& o, bool clustered, std::ostream& out);

/// Times opening a temporary store of `count` faces: once building the graph, once reusing it.
void bench_store_open(std::size_t count, std::ostream& out);

}  // namespace candor::plugins::photo
