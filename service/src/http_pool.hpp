#pragma once
// cpp-httplib's own thread pool queues accepted connections without bound. This one holds at
// most `max_pending` waiting connections: past that the accepting thread waits, so further
// clients wait in the kernel's listen backlog instead of in memory.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace candor::service {

class BoundedHttpPool final : public httplib::TaskQueue {
 public:
  BoundedHttpPool(std::size_t threads, std::size_t max_pending);
  ~BoundedHttpPool() override;
  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

 private:
  void work();
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<std::function<void()>> pending_;
  std::size_t max_pending_;
  bool shutdown_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace candor::service
