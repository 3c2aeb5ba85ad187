#pragma once
// Parallel loops on oneTBB. Two rules keep results independent of the thread
// count: a loop body writes only to the slots of the indices it was given, and
// reductions are done over fixed chunks whose boundaries do not depend on the
// number of threads, then combined serially in chunk order.
#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kw::engine {

// for_each_range(n, body): body(begin, end) on disjoint ranges covering [0, n).
template <class Body>
void for_each_range(std::size_t n, Body&& body, std::size_t grain = 1024) {
  if (n == 0) return;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, grain),
                    [&](const tbb::blocked_range<std::size_t>& r) { body(r.begin(), r.end()); });
}

// The number of threads the loops above run on (the current arena's). Work
// split into this many parts must give the same result for any number.
inline int concurrency() { return tbb::this_task_arena::max_concurrency(); }

// Deterministic reduction: the range [0, n) is cut into chunks of `chunk`
// indices; body(begin, end, Acc&) fills one accumulator per chunk; combine(Acc&
// total, const Acc& part) merges them in chunk order.
template <class Acc, class Body, class Combine>
Acc reduce_in_order(std::size_t n, std::size_t chunk, Acc init, Body&& body, Combine&& combine) {
  const std::size_t chunks = (n + chunk - 1) / chunk;
  std::vector<Acc> parts(chunks, init);
  tbb::parallel_for(std::size_t(0), chunks, [&](std::size_t c) {
    const std::size_t b = c * chunk;
    const std::size_t e = b + chunk < n ? b + chunk : n;
    body(b, e, parts[c]);
  });
  Acc total = init;
  for (const Acc& p : parts) combine(total, p);
  return total;
}

// The number of worker threads a run uses; 0 means all hardware threads.
class ThreadPool {
public:
  // More threads than cores are allowed (tests use them to check that results
  // do not depend on the thread count).
  explicit ThreadPool(int threads)
      : limit_(tbb::global_control::max_allowed_parallelism,
               threads > 0 ? static_cast<std::size_t>(threads)
                           : static_cast<std::size_t>(tbb::this_task_arena::max_concurrency())),
        arena_(threads > 0 ? threads : tbb::task_arena::automatic) {}
  template <class F>
  auto execute(F&& f) {
    return arena_.execute(std::forward<F>(f));
  }
  int threads() { return arena_.max_concurrency(); }

private:
  tbb::global_control limit_;
  tbb::task_arena arena_;
};

}  // namespace kw::engine

namespace kw::engine {

// Items produced in parallel (cross-agent proposals, events) collected in a
// deterministic order: body(begin, end, std::vector<T>& out) appends the items
// for indices [begin, end); chunks are concatenated in index order.
template <class T, class Body>
void collect_in_order(std::size_t n, std::size_t chunk, std::vector<T>& out, Body&& body) {
  out.clear();
  const std::size_t chunks = (n + chunk - 1) / chunk;
  if (chunks == 0) return;
  std::vector<std::vector<T>> parts(chunks);
  tbb::parallel_for(std::size_t(0), chunks, [&](std::size_t c) {
    const std::size_t b = c * chunk;
    const std::size_t e = b + chunk < n ? b + chunk : n;
    body(b, e, parts[c]);
  });
  std::size_t total = 0;
  for (const auto& p : parts) total += p.size();
  out.reserve(total);
  for (auto& p : parts) out.insert(out.end(), p.begin(), p.end());
}

}  // namespace kw::engine
