#pragma once
#include <array>
#include <cmath>

namespace candor::plugins::photo {

/// A 128-D face descriptor from dlib's ResNet.
using Embedding = std::array<float, 128>;

/// Euclidean distance between two descriptors.
inline double embedding_distance(const Embedding& a, const Embedding& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double d = double(a[i]) - double(b[i]);
    sum += d * d;
  }
  return std::sqrt(sum);
}

}  // namespace candor::plugins::photo
