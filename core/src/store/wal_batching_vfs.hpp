#pragma once
// An SQLite VFS that is the default one except for the WAL file: the frames a transaction
// appends there go out in one write when its commit frame is complete, instead of two writes
// (frame header, page) per page. The serving store commits a few verdicts at a time, two dozen
// pages each, and on a virtual machine each system call costs more than copying the page.
// Nothing else changes: the bytes and their offsets are the ones SQLite wrote, the commit is in
// the file before SQLite publishes it, and a failed write fails the commit.

namespace candor {

/// The VFS's name for sqlite3_open_v2, registered (not as the default) on first use.
const char* wal_batching_vfs();

}  // namespace candor
