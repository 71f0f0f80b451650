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

// Every other method sends what is held first, so reads, sizes, syncs, truncation and locks see
// the file SQLite believes it wrote.
int wal_close(sqlite3_file* f) {
  WalFile* w = wal(f);
  const int flushed = flush(w);
  const int rc = real(w)->pMethods->xClose(real(w));
  delete w->held;
  w->held = nullptr;
  return flushed != SQLITE_OK ? flushed : rc;
}
int wal_read(sqlite3_file* f, void* data, int amount, sqlite3_int64 offset) {
  if (const int rc = flush(wal(f)); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xRead(real(f), data, amount, offset);
}
int wal_truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (const int rc = flush(wal(f)); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xTruncate(real(f), size);
}
int wal_sync(sqlite3_file* f, int flags) {
  if (const int rc = flush(wal(f)); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xSync(real(f), flags);
}
int wal_file_size(sqlite3_file* f, sqlite3_int64* size) {
  if (const int rc = flush(wal(f)); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xFileSize(real(f), size);
}
int wal_lock(sqlite3_file* f, int level) {
  if (const int rc = flush(wal(f)); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xLock(real(f), level);
}
int wal_unlock(sqlite3_file* f, int level) {
  if (const int rc = flush(wal(f)); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xUnlock(real(f), level);
}
int wal_check_reserved_lock(sqlite3_file* f, int* out) {
  return real(f)->pMethods->xCheckReservedLock(real(f), out);
}
int wal_file_control(sqlite3_file* f, int op, void* arg) {
  if (const int rc = flush(wal(f)); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int wal_sector_size(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int wal_device_characteristics(sqlite3_file* f) {
  return real(f)->pMethods->xDeviceCharacteristics(real(f));
}

// Version 1: a WAL file is neither shared memory nor memory-mapped.
const sqlite3_io_methods kWalMethods = {1,
                                        wal_close,
                                        wal_read,
                                        wal_write,
                                        wal_truncate,
                                        wal_sync,
                                        wal_file_size,
                                        wal_lock,
                                        wal_unlock,
                                        wal_check_reserved_lock,
                                        wal_file_control,
                                        wal_sector_size,
                                        wal_device_characteristics,
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

int batching_delete(sqlite3_vfs*, const char* name, int sync_dir) {
  return g_default->xDelete(g_default, name, sync_dir);
}
int batching_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return g_default->xAccess(g_default, name, flags, out);
}
int batching_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return g_default->xFullPathname(g_default, name, size, out);
}
void* batching_dl_open(sqlite3_vfs*, const char* name) {
  return g_default->xDlOpen(g_default, name);
}
void batching_dl_error(sqlite3_vfs*, int size, char* out) {
  g_default->xDlError(g_default, size, out);
}
void (*batching_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return g_default->xDlSym(g_default, handle, symbol);
}
void batching_dl_close(sqlite3_vfs*, void* handle) { g_default->xDlClose(g_default, handle); }
int batching_randomness(sqlite3_vfs*, int size, char* out) {
  return g_default->xRandomness(g_default, size, out);
}
int batching_sleep(sqlite3_vfs*, int microseconds) {
  return g_default->xSleep(g_default, microseconds);
}
int batching_current_time(sqlite3_vfs*, double* out) {
  return g_default->xCurrentTime(g_default, out);
}
int batching_last_error(sqlite3_vfs*, int size, char* out) {
  return g_default->xGetLastError(g_default, size, out);
}
int batching_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
  return g_default->xCurrentTimeInt64(g_default, out);
}

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
    g_batching.xDelete = batching_delete;
    g_batching.xAccess = batching_access;
    g_batching.xFullPathname = batching_full_pathname;
    g_batching.xDlOpen = batching_dl_open;
    g_batching.xDlError = batching_dl_error;
    g_batching.xDlSym = batching_dl_sym;
    g_batching.xDlClose = batching_dl_close;
    g_batching.xRandomness = batching_randomness;
    g_batching.xSleep = batching_sleep;
    g_batching.xCurrentTime = batching_current_time;
    g_batching.xGetLastError = batching_last_error;
    g_batching.xCurrentTimeInt64 = batching_current_time_int64;
    if (sqlite3_vfs_register(&g_batching, 0) != SQLITE_OK) g_batching.zName = nullptr;
  });
  // Without it (an unusual default VFS), the store opens with SQLite's default.
  return g_batching.zName;
}

}  // namespace candor
