#include "wal_batching_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <mutex>
#include <new>
#include <string>

namespace candor {

namespace {

// SQLite writes a WAL frame as a 24-byte header, whose bytes 4-7 hold the database's size in
// pages on a commit frame and zero otherwise, then the page (sqlite3WalFrames). Only writes of
// exactly that shape are held back; any other write first sends what is held.
constexpr int kFrameHeader = 24;
constexpr std::size_t kMaxHeld = 4u << 20;
// The unix VFS writes at most 128 KiB - 1 per system call (and reports a disk full when what is
// left of a larger write is a multiple of 128 KiB): larger runs go in pieces below that.
constexpr std::size_t kMaxWrite = 124u << 10;

sqlite3_vfs* g_default = nullptr;

struct WalFile {
  sqlite3_file base;    // our methods; the default VFS's file follows at kRealOffset
  std::string* held;    // frames not yet written, contiguous from `start`
  sqlite3_int64 start;  // file offset of held[0]
  bool header_last;     // the last held write was a frame header
  bool commit_header;   // ... of a commit frame
};
constexpr std::size_t kRealOffset = (sizeof(WalFile) + 15) & ~std::size_t{15};

WalFile* wal(sqlite3_file* f) { return reinterpret_cast<WalFile*>(f); }
sqlite3_file* real(WalFile* w) {
  return reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(w) + kRealOffset);
}
sqlite3_file* real(sqlite3_file* f) { return real(wal(f)); }

int flush(WalFile* w) {
  int rc = SQLITE_OK;
  const std::string& held = *w->held;
  for (std::size_t at = 0; at < held.size() && rc == SQLITE_OK; at += kMaxWrite) {
    const std::size_t n = std::min(kMaxWrite, held.size() - at);
    rc = real(w)->pMethods->xWrite(real(w), held.data() + at, static_cast<int>(n),
                                   w->start + static_cast<sqlite3_int64>(at));
  }
  w->held->clear();
  w->header_last = w->commit_header = false;
  return rc;
}

bool is_frame_header(int amount, sqlite3_int64 offset) {
  return amount == kFrameHeader && offset >= 32;
}

bool is_commit_header(const void* data) {
  const auto* b = static_cast<const unsigned char*>(data);
  return (b[4] | b[5] | b[6] | b[7]) != 0;
}

int wal_write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
  WalFile* w = wal(f);
  const bool follows =
      !w->held->empty() && offset == w->start + static_cast<sqlite3_int64>(w->held->size());
  const bool page_after_header = follows && w->header_last && amount >= 512 && amount <= 65536;
  if (page_after_header) {
    w->held->append(static_cast<const char*>(data), static_cast<std::size_t>(amount));
    w->header_last = false;
    // The commit frame is complete: the transaction goes to the file before SQLite publishes it
    // in the WAL index, and a failed write fails the commit.
    if (w->commit_header || w->held->size() >= kMaxHeld) return flush(w);
    return SQLITE_OK;
  }
  if (is_frame_header(amount, offset) && !w->header_last && (w->held->empty() || follows)) {
    if (w->held->empty()) w->start = offset;
    w->held->append(static_cast<const char*>(data), static_cast<std::size_t>(amount));
    w->header_last = true;
    w->commit_header = is_commit_header(data);
    return SQLITE_OK;
  }
  if (const int rc = flush(w); rc != SQLITE_OK) return rc;
  return real(w)->pMethods->xWrite(real(w), data, amount, offset);
}

// Every other method sends what is held first, so reads, sizes, syncs, truncation, locks and
// file controls see the file SQLite believes it wrote; the lock probe, sector size and device
// characteristics say nothing of the content and go straight through.
template <auto Method>
struct Forward;
template <typename... Args, int (*sqlite3_io_methods::*Method)(sqlite3_file*, Args...)>
struct Forward<Method> {
  static int after_flush(sqlite3_file* f, Args... args) {
    if (const int rc = flush(wal(f)); rc != SQLITE_OK) return rc;
    return direct(f, args...);
  }
  static int direct(sqlite3_file* f, Args... args) {
    return (real(f)->pMethods->*Method)(real(f), args...);
  }
};

int wal_close(sqlite3_file* f) {
  WalFile* w = wal(f);
  const int flushed = flush(w);
  const int rc = real(w)->pMethods->xClose(real(w));
  delete w->held;
  w->held = nullptr;
  return flushed != SQLITE_OK ? flushed : rc;
}

// Version 1: a WAL file is neither shared memory nor memory-mapped.
const sqlite3_io_methods kWalMethods = {
    1,
    wal_close,
    Forward<&sqlite3_io_methods::xRead>::after_flush,
    wal_write,
    Forward<&sqlite3_io_methods::xTruncate>::after_flush,
    Forward<&sqlite3_io_methods::xSync>::after_flush,
    Forward<&sqlite3_io_methods::xFileSize>::after_flush,
    Forward<&sqlite3_io_methods::xLock>::after_flush,
    Forward<&sqlite3_io_methods::xUnlock>::after_flush,
    Forward<&sqlite3_io_methods::xCheckReservedLock>::direct,
    Forward<&sqlite3_io_methods::xFileControl>::after_flush,
    Forward<&sqlite3_io_methods::xSectorSize>::direct,
    Forward<&sqlite3_io_methods::xDeviceCharacteristics>::direct,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr};

int batching_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  // Every file but a WAL is the default VFS's own, methods and all.
  if (!(flags & SQLITE_OPEN_WAL)) return g_default->xOpen(g_default, name, f, flags, out_flags);
  WalFile* w = wal(f);
  w->base.pMethods = nullptr;  // SQLite calls no xClose when opening fails
  std::string* held = new (std::nothrow) std::string;
  if (!held) return SQLITE_NOMEM;
  const int rc = g_default->xOpen(g_default, name, real(w), flags, out_flags);
  if (rc != SQLITE_OK) {
    if (real(w)->pMethods) real(w)->pMethods->xClose(real(w));
    delete held;
    return rc;
  }
  w->held = held;
  w->start = 0;
  w->header_last = w->commit_header = false;
  w->base.pMethods = &kWalMethods;
  return SQLITE_OK;
}

// The VFS's own methods are the default VFS's, called with that VFS.
template <auto Method>
struct ToDefault;
template <typename R, typename... Args, R (*sqlite3_vfs::*Method)(sqlite3_vfs*, Args...)>
struct ToDefault<Method> {
  static R call(sqlite3_vfs*, Args... args) { return (g_default->*Method)(g_default, args...); }
};

sqlite3_vfs g_batching{};

}  // namespace

const char* wal_batching_vfs() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_default = sqlite3_vfs_find(nullptr);
    if (!g_default || g_default->iVersion < 2 || !g_default->xCurrentTimeInt64) return;
    g_batching.iVersion = 2;
    g_batching.szOsFile = static_cast<int>(kRealOffset) + std::max(g_default->szOsFile, 0);
    g_batching.mxPathname = g_default->mxPathname;
    g_batching.zName = "candor-wal-batching";
    g_batching.xOpen = batching_open;
    g_batching.xDelete = ToDefault<&sqlite3_vfs::xDelete>::call;
    g_batching.xAccess = ToDefault<&sqlite3_vfs::xAccess>::call;
    g_batching.xFullPathname = ToDefault<&sqlite3_vfs::xFullPathname>::call;
    g_batching.xDlOpen = ToDefault<&sqlite3_vfs::xDlOpen>::call;
    g_batching.xDlError = ToDefault<&sqlite3_vfs::xDlError>::call;
    g_batching.xDlSym = ToDefault<&sqlite3_vfs::xDlSym>::call;
    g_batching.xDlClose = ToDefault<&sqlite3_vfs::xDlClose>::call;
    g_batching.xRandomness = ToDefault<&sqlite3_vfs::xRandomness>::call;
    g_batching.xSleep = ToDefault<&sqlite3_vfs::xSleep>::call;
    g_batching.xCurrentTime = ToDefault<&sqlite3_vfs::xCurrentTime>::call;
    g_batching.xGetLastError = ToDefault<&sqlite3_vfs::xGetLastError>::call;
    g_batching.xCurrentTimeInt64 = ToDefault<&sqlite3_vfs::xCurrentTimeInt64>::call;
    if (sqlite3_vfs_register(&g_batching, 0) != SQLITE_OK) g_batching.zName = nullptr;
  });
  // Without it (an unusual default VFS), the store opens with SQLite's default.
  return g_batching.zName;
}

}  // namespace candor
