#include "asn_cache.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <type_traits>

namespace candor::plugins::geoip {

namespace {

constexpr char kMagic[8] = {'c', 'n', 'd', 'r', '-', 'a', 's', 'n'};
constexpr std::uint32_t kVersion = 1;  // bump when the layout below changes
// The cache is written in native byte order; one from a machine of the other order is ignored.
constexpr std::uint32_t kByteOrder = 0x01020304;
constexpr std::uint64_t kEdgeBytes = 4096;
constexpr std::uint64_t kV4Bytes = 4 * sizeof(std::uint32_t);
constexpr std::uint64_t kV6Bytes = 4 * sizeof(std::uint64_t) + 2 * sizeof(std::uint32_t);

// The layout: this header, the v4 columns (first, last, asn, org: u32 arrays), the v6 records
// (first hi, lo, last hi, lo: u64; asn, org: u32), each organisation's end offset in the text
// (u32) and the organisations' text. `payload_hash` covers everything after the header.
struct Header {
  char magic[8];
  std::uint32_t version, byte_order;
  std::uint64_t csv_size;
  std::int64_t csv_mtime;
  std::uint64_t csv_edge_hash;
  std::uint64_t v4_count, v6_count, org_count, text_bytes;
  std::uint64_t payload_hash;
};
static_assert(sizeof(Header) == 80 && std::is_trivially_copyable_v<Header>);

// FNV-1a over 8-byte words: any single changed word changes the result, at ~1 ns a word, so the
// whole ~20 MB payload is checked in a few milliseconds.
std::uint64_t hash_bytes(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  constexpr std::uint64_t kPrime = 0x100000001b3ull;
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    h = (h ^ word) * kPrime;
  }
  for (; i < bytes.size(); ++i) h = (h ^ static_cast<unsigned char>(bytes[i])) * kPrime;
  return h;
}

// Counts no larger than the file keep the sum from overflowing, even in a garbage header.
bool sizes_fit(const Header& h, std::uint64_t file_size) {
  for (const std::uint64_t n : {h.v4_count, h.v6_count, h.org_count, h.text_bytes})
    if (n > file_size) return false;
  return sizeof(Header) + h.v4_count * kV4Bytes + h.v6_count * kV6Bytes +
             h.org_count * sizeof(std::uint32_t) + h.text_bytes ==
         file_size;
}

struct Sink {
  std::string bytes;
  template <class T>
  void put(const T& value) {
    bytes.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  template <class T>
  void put_all(const std::vector<T>& values) {
    bytes.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  }
};

// Reads from a buffer whose total size was checked against the header beforehand.
struct Source {
  const char* at;
  template <class T>
  T take() {
    T value;
    std::memcpy(&value, at, sizeof value);
    at += sizeof value;
    return value;
  }
  template <class T>
  void take_all(std::vector<T>& values, std::uint64_t count) {
    values.resize(count);
    if (count) std::memcpy(values.data(), at, count * sizeof(T));
    at += count * sizeof(T);
  }
};

// A whole file mapped read-only: the cache is read where the page cache holds it, without a copy
// into fresh memory. The writer replaces the file by rename, never in place, so a mapped file
// does not shrink under its reader.
class MappedFile {
 public:
  explicit MappedFile(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat status;
    if (::fstat(fd, &status) == 0 && S_ISREG(status.st_mode) && status.st_size > 0) {
      const auto size = static_cast<std::size_t>(status.st_size);
      void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (data != MAP_FAILED) {
        data_ = static_cast<const char*>(data);
        size_ = size;
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view bytes() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

// No fsync: a cache torn by a crash fails the size or hash check and is rebuilt.
void write_atomically(const std::filesystem::path& target, std::string_view bytes) {
  static std::atomic<unsigned> counter{0};
  std::filesystem::path temp = target;
  temp += ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  std::ofstream out(temp, std::ios::binary | std::ios::trunc);
  if (!out) return;  // a read-only folder: go on without a cache
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  std::error_code ec;
  if (!out) {
    std::filesystem::remove(temp, ec);
    return;
  }
  std::filesystem::rename(temp, target, ec);
  if (ec) std::filesystem::remove(temp, ec);
}

}  // namespace

std::optional<CsvStamp> stamp_of(const std::filesystem::path& csv) {
  std::error_code ec;
  CsvStamp stamp;
  stamp.size = std::filesystem::file_size(csv, ec);
  if (ec) return std::nullopt;
  const auto time = std::filesystem::last_write_time(csv, ec);
  if (ec) return std::nullopt;
  stamp.mtime = static_cast<std::int64_t>(time.time_since_epoch().count());
  std::ifstream in(csv, std::ios::binary);
  std::string edges(std::min(stamp.size, 2 * kEdgeBytes), '\0');
  if (stamp.size <= 2 * kEdgeBytes) {
    in.read(edges.data(), static_cast<std::streamsize>(edges.size()));
  } else {
    in.read(edges.data(), static_cast<std::streamsize>(kEdgeBytes));
    in.seekg(static_cast<std::streamoff>(stamp.size - kEdgeBytes));
    in.read(edges.data() + kEdgeBytes, static_cast<std::streamsize>(kEdgeBytes));
  }
  if (!in) return std::nullopt;
  stamp.edge_hash = hash_bytes(edges);
  return stamp;
}

std::filesystem::path asn_cache_path(const std::filesystem::path& csv) {
  std::filesystem::path path = csv;
  path += ".cache";
  return path;
}

std::optional<AsnRanges> read_asn_cache(const std::filesystem::path& csv, const CsvStamp& stamp) {
  const MappedFile file(asn_cache_path(csv));
  const std::string_view bytes = file.bytes();
  if (bytes.size() < sizeof(Header)) return std::nullopt;
  Header h;
  std::memcpy(&h, bytes.data(), sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.version != kVersion ||
      h.byte_order != kByteOrder || h.csv_size != stamp.size || h.csv_mtime != stamp.mtime ||
      h.csv_edge_hash != stamp.edge_hash || !sizes_fit(h, bytes.size()))
    return std::nullopt;
  const std::string_view payload = bytes.substr(sizeof h);
  if (hash_bytes(payload) != h.payload_hash) return std::nullopt;

  AsnRanges out;
  Source source{payload.data()};
  source.take_all(out.v4_first, h.v4_count);
  source.take_all(out.v4_last, h.v4_count);
  source.take_all(out.v4_asn, h.v4_count);
  source.take_all(out.v4_org, h.v4_count);
  out.v6.resize(h.v6_count);
  for (auto& range : out.v6) {
    range.first.hi = source.take<std::uint64_t>();
    range.first.lo = source.take<std::uint64_t>();
    range.last.hi = source.take<std::uint64_t>();
    range.last.lo = source.take<std::uint64_t>();
    range.asn = source.take<std::uint32_t>();
    range.org = source.take<std::uint32_t>();
  }
  source.take_all(out.org_end, h.org_count);
  out.org_text.assign(source.at, h.text_bytes);
  const auto bad_org = [&](std::uint32_t org) { return org >= out.org_end.size(); };
  if (!std::is_sorted(out.org_end.begin(), out.org_end.end()) ||
      (out.org_end.empty() ? 0 : out.org_end.back()) != out.org_text.size() ||
      std::any_of(out.v4_org.begin(), out.v4_org.end(), bad_org) ||
      std::any_of(out.v6.begin(), out.v6.end(), [&](const auto& r) { return bad_org(r.org); }))
    return std::nullopt;
  return out;
}

void write_asn_cache(const std::filesystem::path& csv, const CsvStamp& stamp,
                     const AsnRanges& ranges) {
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kVersion;
  h.byte_order = kByteOrder;
  h.csv_size = stamp.size;
  h.csv_mtime = stamp.mtime;
  h.csv_edge_hash = stamp.edge_hash;
  h.v4_count = ranges.v4_first.size();
  h.v6_count = ranges.v6.size();
  h.org_count = ranges.org_end.size();
  h.text_bytes = ranges.org_text.size();
  Sink sink;
  sink.bytes.reserve(sizeof h + h.v4_count * kV4Bytes + h.v6_count * kV6Bytes +
                     h.org_count * sizeof(std::uint32_t) + h.text_bytes);
  sink.put(h);  // rewritten below once the payload hash is known
  sink.put_all(ranges.v4_first);
  sink.put_all(ranges.v4_last);
  sink.put_all(ranges.v4_asn);
  sink.put_all(ranges.v4_org);
  for (const auto& range : ranges.v6) {
    sink.put(range.first.hi);
    sink.put(range.first.lo);
    sink.put(range.last.hi);
    sink.put(range.last.lo);
    sink.put(range.asn);
    sink.put(range.org);
  }
  sink.put_all(ranges.org_end);
  sink.bytes += ranges.org_text;
  h.payload_hash = hash_bytes(std::string_view(sink.bytes).substr(sizeof h));
  std::memcpy(sink.bytes.data(), &h, sizeof h);
  write_atomically(asn_cache_path(csv), sink.bytes);
}

}  // namespace candor::plugins::geoip
