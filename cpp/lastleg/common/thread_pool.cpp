#include "lastleg/common/thread_pool.h"

#include <atomic>

namespace lastleg {
namespace {
thread_local bool inside_task = false;
}

struct ThreadPool::Job {
  std::size_t n_tasks;
  const std::function<void(std::size_t)>* fn;
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors;
};

ThreadPool::ThreadPool(int threads) {
  int n = threads > 0 ? threads : hardware_threads();
  workers_.reserve(static_cast<std::size_t>(n - 1));
  for (int i = 1; i < n; ++i) {
    workers_.emplace_back([this](std::stop_token stop) { worker_loop(stop); });
  }
}

ThreadPool::~ThreadPool() {
  for (auto& w : workers_) w.request_stop();
  wake_.notify_all();
  workers_.clear();  // joins
}

int ThreadPool::hardware_threads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

void ThreadPool::run_tasks(Job& job) {
  const bool was_inside = inside_task;
  inside_task = true;
  for (;;) {
    const std::size_t task = job.next.fetch_add(1, std::memory_order_relaxed);
    if (task >= job.n_tasks) break;
    try {
      (*job.fn)(task);
    } catch (...) {
      job.errors[task] = std::current_exception();
    }
  }
  inside_task = was_inside;
}

void ThreadPool::worker_loop(std::stop_token stop) {
  std::size_t seen = 0;
  for (;;) {
    Job* job = nullptr;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, stop, [&] { return generation_ != seen && job_ != nullptr; });
      if (stop.stop_requested()) return;
      seen = generation_;
      job = job_;
      ++busy_;
    }
    run_tasks(*job);
    {
      std::lock_guard lock(mutex_);
      --busy_;
    }
    done_.notify_all();
  }
}

void ThreadPool::for_each(std::size_t n_tasks, const std::function<void(std::size_t)>& fn) {
  if (n_tasks == 0) return;
  Job job;
  job.n_tasks = n_tasks;
  job.fn = &fn;
  job.errors.resize(n_tasks);
  if (workers_.empty() || n_tasks == 1 || inside_task) {
    run_tasks(job);
  } else {
    std::lock_guard call(call_mutex_);
    {
      std::lock_guard lock(mutex_);
      job_ = &job;
      ++generation_;
    }
    wake_.notify_all();
    run_tasks(job);
    std::unique_lock lock(mutex_);
    job_ = nullptr;  // late workers will not pick up a finished job
    done_.wait(lock, [&] { return busy_ == 0; });
  }
  for (auto& error : job.errors) {
    if (error) std::rethrow_exception(error);
  }
}

}  // namespace lastleg
