#include "http_pool.hpp"

namespace candor::service {

BoundedHttpPool::BoundedHttpPool(std::size_t threads, std::size_t max_pending)
    : max_pending_(max_pending) {
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

BoundedHttpPool::~BoundedHttpPool() { shutdown(); }

void BoundedHttpPool::enqueue(std::function<void()> fn) {
  std::unique_lock lock(mutex_);
  space_.wait(lock, [&] { return shutdown_ || pending_.size() < max_pending_; });
  // After shutdown the connection is still served (closing it is part of `fn`).
  pending_.push_back(std::move(fn));
  lock.unlock();
  ready_.notify_one();
}

void BoundedHttpPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (shutdown_ && threads_.empty()) return;
    shutdown_ = true;
  }
  ready_.notify_all();
  space_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void BoundedHttpPool::work() {
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return shutdown_ || !pending_.empty(); });
      if (pending_.empty()) return;  // shut down and nothing left
      fn = std::move(pending_.front());
      pending_.pop_front();
    }
    space_.notify_one();
    fn();
  }
}

}  // namespace candor::service
