#pragma once
/// A small fixed pool of std::jthread workers.
///
/// `for_each(n, fn)` runs fn(0..n-1) on the workers and the calling thread and
/// returns when every task is done. Results are meant to be written to slot
/// `task` of a caller-owned vector, so reductions happen in task order and the
/// thread count changes speed, never answers. A call made from inside a task
/// runs its tasks serially on that thread (no nested oversubscription).
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace lastleg {

class ThreadPool {
 public:
  /// `threads` <= 0 means one per hardware thread. The caller counts as one.
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  [[nodiscard]] int size() const { return static_cast<int>(workers_.size()) + 1; }

  /// Runs fn(task) for every task; rethrows the exception of the lowest failing task.
  void for_each(std::size_t n_tasks, const std::function<void(std::size_t)>& fn);

  /// Results of fn(task) in task order.
  template <class F>
  auto map(std::size_t n_tasks, F&& fn) -> std::vector<std::invoke_result_t<F, std::size_t>> {
    std::vector<std::invoke_result_t<F, std::size_t>> out(n_tasks);
    for_each(n_tasks, [&](std::size_t task) { out[task] = fn(task); });
    return out;
  }

  /// The number of hardware threads (at least 1).
  static int hardware_threads();

 private:
  struct Job;
  void worker_loop(std::stop_token stop);
  static void run_tasks(Job& job);

  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::condition_variable done_;
  Job* job_ = nullptr;
  std::size_t generation_ = 0;
  std::size_t busy_ = 0;
  std::mutex call_mutex_;  // one for_each at a time per pool
  std::vector<std::jthread> workers_;
};

}  // namespace lastleg
