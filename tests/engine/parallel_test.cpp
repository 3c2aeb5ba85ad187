#include "engine/parallel.h"

#include <gtest/gtest.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <utility>
#include <vector>

namespace kw::engine {
namespace {

using Range = std::pair<std::size_t, std::size_t>;

constexpr int kThreadCounts[] = {1, 2, 4};

// Makes chunks finish out of index order when there is more than one thread:
// the first chunk does not return until some other chunk has (waiting at most
// a second), so anything that depends on completion order shows up.
class FirstChunkFinishesLast {
public:
  FirstChunkFinishesLast(int threads, std::size_t chunks) : active_(threads > 1 && chunks > 1) {}
  void finish(std::size_t begin) {
    if (!active_) return;
    if (begin != 0) {
      ++others_;
      return;
    }
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (others_.load() == 0 && std::chrono::steady_clock::now() < until) std::this_thread::yield();
  }

private:
  bool active_;
  std::atomic<int> others_{0};
};

// Values of very different magnitudes and both signs, so that floating-point
// addition in any other order gives a different sum.
std::vector<double> awkward_values(std::size_t n) {
  std::mt19937_64 gen(20240611);
  std::vector<double> v(n);
  for (double& x : v) {
    const std::uint64_t r = gen();
    const double mantissa = 1.0 + double(r >> 12) / double(1ull << 52);
    const int exponent = static_cast<int>(r % 41) - 20;  // 2^-20 .. 2^20
    x = std::ldexp(mantissa, exponent) * ((r >> 6) & 1 ? -1.0 : 1.0);
  }
  return v;
}

// The reference: chunk sums in index order, then chunk totals in chunk order.
double chunked_sum(const std::vector<double>& v, std::size_t chunk) {
  double total = 0;
  for (std::size_t b = 0; b < v.size(); b += chunk) {
    double part = 0;
    for (std::size_t i = b; i < std::min(v.size(), b + chunk); ++i) part += v[i];
    total += part;
  }
  return total;
}

std::vector<Range> expected_chunks(std::size_t n, std::size_t chunk) {
  std::vector<Range> out;
  for (std::size_t b = 0; b < n; b += chunk) out.emplace_back(b, std::min(n, b + chunk));
  return out;
}

// --- ThreadPool ------------------------------------------------------------------

TEST(ThreadPool, ExplicitThreadCount) {
  {
    ThreadPool pool(3);
    EXPECT_EQ(pool.threads(), 3);
    EXPECT_EQ(pool.execute([] { return tbb::this_task_arena::max_concurrency(); }), 3);
  }
  {
    ThreadPool pool(1);
    EXPECT_EQ(pool.threads(), 1);
  }
}

TEST(ThreadPool, ZeroMeansAllCores) {
  ThreadPool pool(0);
  EXPECT_EQ(pool.threads(), tbb::info::default_concurrency());
  EXPECT_GE(pool.threads(), 1);
  EXPECT_EQ(pool.execute([] { return tbb::this_task_arena::max_concurrency(); }),
            tbb::info::default_concurrency());
}

TEST(ThreadPool, ExecuteReturnsTheResult) {
  ThreadPool pool(2);
  EXPECT_EQ(pool.execute([] { return 41 + 1; }), 42);
  int side = 0;
  pool.execute([&] { side = 7; });
  EXPECT_EQ(side, 7);
}

// The thread counts the determinism tests compare must be real: with
// ThreadPool(t), t tasks can be running at once (even above the number of
// cores), and with ThreadPool(1) everything runs on the calling thread.
TEST(ThreadPool, RunsThatManyThreadsAtOnce) {
  for (int t : {2, 4}) {
    ThreadPool pool(t);
    std::atomic<int> active{0};
    std::atomic<int> most{0};
    pool.execute([&] {
      tbb::parallel_for(0, t, 1, [&](int) {
        const int now = ++active;
        int m = most.load();
        while (now > m && !most.compare_exchange_weak(m, now)) {}
        // Stay (at most 3 s) until all t tasks are running together.
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
        while (most.load() < t && std::chrono::steady_clock::now() < until) std::this_thread::yield();
        --active;
      });
    });
    EXPECT_EQ(most.load(), t) << "ThreadPool(" << t << ")";
  }
  ThreadPool one(1);
  const auto caller = std::this_thread::get_id();
  std::atomic<bool> elsewhere{false};
  one.execute([&] {
    for_each_range(100000, [&](std::size_t, std::size_t) {
      if (std::this_thread::get_id() != caller) elsewhere = true;
    }, 16);
  });
  EXPECT_FALSE(elsewhere.load());
}

// --- for_each_range ------------------------------------------------------------------

TEST(ForEachRange, CoversEachIndexExactlyOnce) {
  for (int t : kThreadCounts) {
    ThreadPool pool(t);
    for (std::size_t n : {std::size_t(0), std::size_t(1), std::size_t(1023), std::size_t(100000)}) {
      std::vector<std::atomic<int>> hits(n);
      std::atomic<int> bad_range{0}, calls{0};
      pool.execute([&] {
        for_each_range(n, [&](std::size_t b, std::size_t e) {
          ++calls;
          if (!(b < e && e <= n)) ++bad_range;
          for (std::size_t i = b; i < e && i < n; ++i) ++hits[i];
        });
      });
      EXPECT_EQ(bad_range.load(), 0) << "n=" << n << " threads=" << t;
      std::size_t wrong = 0;
      for (std::size_t i = 0; i < n; ++i) wrong += hits[i].load() != 1;
      EXPECT_EQ(wrong, 0u) << "n=" << n << " threads=" << t;
      if (n == 0) {
        EXPECT_EQ(calls.load(), 0) << "threads=" << t;
      }
      // Ranges are not split below the grain (1024), so one call covers n <= 1024.
      if (n == 1 || n == 1023) {
        EXPECT_EQ(calls.load(), 1) << "n=" << n << " threads=" << t;
      }
    }
  }
}

TEST(ForEachRange, RespectsTheGrain) {
  ThreadPool pool(4);
  for (std::size_t grain : {std::size_t(1), std::size_t(100), std::size_t(5000)}) {
    std::mutex mu;
    std::vector<Range> ranges;
    pool.execute([&] {
      for_each_range(20000, [&](std::size_t b, std::size_t e) {
        std::lock_guard lock(mu);
        ranges.emplace_back(b, e);
      }, grain);
    });
    std::sort(ranges.begin(), ranges.end());
    ASSERT_FALSE(ranges.empty());
    EXPECT_EQ(ranges.front().first, 0u);
    EXPECT_EQ(ranges.back().second, 20000u);
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      // A range is split only while it is larger than the grain, so no piece
      // is smaller than half the grain.
      EXPECT_GE(ranges[i].second - ranges[i].first, std::max<std::size_t>(1, grain / 2)) << "grain=" << grain;
      if (i > 0) {
        EXPECT_EQ(ranges[i].first, ranges[i - 1].second) << "grain=" << grain;
      }
    }
  }
}

// --- reduce_in_order -----------------------------------------------------------------

TEST(ReduceInOrder, FloatingPointSumIsBitIdenticalForAnyThreadCount) {
  constexpr std::size_t kN = 300000;
  const std::vector<double> v = awkward_values(kN);
  for (std::size_t chunk : {std::size_t(1000), std::size_t(4096), std::size_t(kN + 1)}) {
    const double expected = chunked_sum(v, chunk);
    for (int t : kThreadCounts) {
      ThreadPool pool(t);
      FirstChunkFinishesLast late(t, (kN + chunk - 1) / chunk);
      const double got = pool.execute([&] {
        return reduce_in_order(kN, chunk, 0.0,
                               [&](std::size_t b, std::size_t e, double& acc) {
                                 for (std::size_t i = b; i < e; ++i) acc += v[i];
                                 late.finish(b);
                               },
                               [](double& total, const double& part) { total += part; });
      });
      EXPECT_EQ(std::bit_cast<std::uint64_t>(got), std::bit_cast<std::uint64_t>(expected))
          << "chunk=" << chunk << " threads=" << t << " got " << got << " expected " << expected;
    }
  }
  // The data must be order-sensitive, or the test above proves nothing.
  ASSERT_NE(chunked_sum(v, 1000), chunked_sum(v, 4096));
  ASSERT_NE(chunked_sum(v, 1000), chunked_sum(v, kN + 1));
}

TEST(ReduceInOrder, ChunksAreFixedAndCombinedInOrder) {
  for (std::size_t n : {std::size_t(0), std::size_t(1), std::size_t(999), std::size_t(1000), std::size_t(12345)}) {
    for (std::size_t chunk : {std::size_t(1), std::size_t(7), std::size_t(1000)}) {
      const std::vector<Range> want = expected_chunks(n, chunk);
      for (int t : kThreadCounts) {
        ThreadPool pool(t);
        FirstChunkFinishesLast late(t, want.size());
        std::mutex mu;
        std::vector<Range> seen;
        // The accumulator lists the chunk starts it has absorbed, so the result
        // shows the order in which chunks were combined.
        const std::vector<std::size_t> order = pool.execute([&] {
          return reduce_in_order(
              n, chunk, std::vector<std::size_t>{},
              [&](std::size_t b, std::size_t e, std::vector<std::size_t>& acc) {
                {
                  std::lock_guard lock(mu);
                  seen.emplace_back(b, e);
                }
                acc.push_back(b);
                late.finish(b);
              },
              [](std::vector<std::size_t>& total, const std::vector<std::size_t>& part) {
                total.insert(total.end(), part.begin(), part.end());
              });
        });
        std::sort(seen.begin(), seen.end());
        EXPECT_EQ(seen, want) << "n=" << n << " chunk=" << chunk << " threads=" << t;
        std::vector<std::size_t> starts;
        for (const Range& r : want) starts.push_back(r.first);
        EXPECT_EQ(order, starts) << "n=" << n << " chunk=" << chunk << " threads=" << t;
      }
    }
  }
}

TEST(ReduceInOrder, IntegerSumMatchesSerial) {
  constexpr std::size_t kN = 100001;
  for (int t : kThreadCounts) {
    ThreadPool pool(t);
    const std::uint64_t got = pool.execute([&] {
      return reduce_in_order(kN, 333, std::uint64_t(0),
                             [](std::size_t b, std::size_t e, std::uint64_t& acc) {
                               for (std::size_t i = b; i < e; ++i) acc += i * i;
                             },
                             [](std::uint64_t& total, const std::uint64_t& part) { total += part; });
    });
    // Sum of i^2 for i < N is (N-1) N (2N-1) / 6.
    EXPECT_EQ(got, std::uint64_t(kN - 1) * kN * (2 * kN - 1) / 6) << "threads=" << t;
  }
}

// --- collect_in_order ----------------------------------------------------------------

// Index i contributes i % 3 copies of i (so some chunks contribute nothing).
void emit(std::size_t b, std::size_t e, std::vector<std::size_t>& out) {
  for (std::size_t i = b; i < e; ++i)
    for (std::size_t k = 0; k < i % 3; ++k) out.push_back(i);
}

TEST(CollectInOrder, OutputIsInIndexOrderForAnyThreadCount) {
  for (std::size_t n : {std::size_t(0), std::size_t(1), std::size_t(2), std::size_t(5000), std::size_t(54321)}) {
    std::vector<std::size_t> want;
    emit(0, n, want);
    for (std::size_t chunk : {std::size_t(1), std::size_t(7), std::size_t(1000), std::size_t(100000)}) {
      if (chunk == 1 && n > 5000) continue;  // keep the run short
      for (int t : kThreadCounts) {
        ThreadPool pool(t);
        FirstChunkFinishesLast late(t, (n + chunk - 1) / chunk);
        std::vector<std::size_t> out = {999, 998, 997};  // stale contents must go
        pool.execute([&] {
          collect_in_order(n, chunk, out, [&](std::size_t b, std::size_t e, std::vector<std::size_t>& part) {
            emit(b, e, part);
            late.finish(b);
          });
        });
        EXPECT_EQ(out, want) << "n=" << n << " chunk=" << chunk << " threads=" << t;
      }
    }
  }
}

TEST(CollectInOrder, EachChunkIsHandedOutOnce) {
  constexpr std::size_t kN = 10007, kChunk = 64;
  for (int t : kThreadCounts) {
    ThreadPool pool(t);
    std::mutex mu;
    std::vector<Range> seen;
    std::vector<int> out;
    pool.execute([&] {
      collect_in_order(kN, kChunk, out, [&](std::size_t b, std::size_t e, std::vector<int>& part) {
        std::lock_guard lock(mu);
        seen.emplace_back(b, e);
        EXPECT_TRUE(part.empty()) << "a chunk's vector starts empty";
        part.push_back(static_cast<int>(b));
      });
    });
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(seen, expected_chunks(kN, kChunk)) << "threads=" << t;
    ASSERT_EQ(out.size(), seen.size());
    EXPECT_TRUE(std::is_sorted(out.begin(), out.end()));
  }
}

}  // namespace
}  // namespace kw::engine
