#pragma once
// The weekly schedule: an ordered list of named processes. The engine runs
// them in order each week and times each one; it does not know what they do.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace kw::engine {

template <class World>
class Schedule {
public:
  using Process = std::function<void(World&)>;

  Schedule& add(std::string name, Process p) {
    entries_.push_back({std::move(name), std::move(p), 0.0});
    return *this;
  }

  void run_week(World& world) {
    for (auto& e : entries_) {
      const auto t0 = std::chrono::steady_clock::now();
      e.process(world);
      e.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
  }

  struct Entry {
    std::string name;
    Process process;
    double seconds;  // wall time spent in this process so far
  };
  const std::vector<Entry>& entries() const { return entries_; }

private:
  std::vector<Entry> entries_;
};

}  // namespace kw::engine
