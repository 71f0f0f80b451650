#include "recent_events.hpp"

namespace candor::service {

void RecentEvents::expire(Clock::time_point now) {
  while (!order_.empty() && (order_.size() > capacity_ || now - order_.front().at > ttl_)) {
    values_.erase(order_.front().key);
    order_.pop_front();
  }
}

std::optional<std::string> RecentEvents::find(const std::string& key) {
  std::lock_guard lock(mutex_);
  expire(Clock::now());
  const auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

bool RecentEvents::insert(const std::string& key, const std::string& value) {
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  expire(now);
  if (!values_.emplace(key, value).second) return false;
  order_.push_back({key, now});
  expire(now);
  return true;
}

void RecentEvents::update(const std::string& key, const std::string& value) {
  std::lock_guard lock(mutex_);
  if (const auto it = values_.find(key); it != values_.end()) it->second = value;
}

void RecentEvents::erase(const std::string& key) {
  std::lock_guard lock(mutex_);
  values_.erase(key);  // its order_ entry expires later and then finds nothing to erase
}

}  // namespace candor::service
