#pragma once
// dlib.net distributes its models bzip2-compressed (.dat.bz2); candor reads them as they are.
#include <filesystem>
#include <string>

namespace candor::plugins::photo {

/// The decompressed bytes of a .bz2 file. DataError naming the file when it cannot be read or is
/// not valid bzip2.
std::string decompress_bz2_file(const std::filesystem::path& path);

/// SHA-256 of a model's bytes, decompressed for a .bz2: one model has one fingerprint however it
/// was supplied, so its face descriptors stay in one index.
std::string model_fingerprint(const std::filesystem::path& path);

}  // namespace candor::plugins::photo
