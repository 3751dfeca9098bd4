#pragma once
// Runs engine work with the GIL released on a helper thread while this thread
// polls for Ctrl-C; on a signal the engine's stop flag is raised, the work
// winds down, and the Python exception (KeyboardInterrupt) propagates.
#include <pybind11/pybind11.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <future>
#include <utility>

namespace lastleg::bind {

namespace py = pybind11;

/// `work(const std::atomic<bool>& stop)` must return soon after `stop` is set.
template <class Work>
auto run_interruptible(Work&& work) {
  std::atomic<bool> stop{false};
  using Result = decltype(work(stop));
  std::future<Result> future;
  bool interrupted = false;
  {
    py::gil_scoped_release release;
    future = std::async(std::launch::async, [&] { return work(stop); });
    while (future.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) {
        stop.store(true);
        interrupted = true;
        break;
      }
    }
    future.wait();
  }
  if (interrupted) {
    try {
      future.get();  // discard the partial result; surface engine errors second
    } catch (...) {
    }
    throw py::error_already_set();
  }
  return future.get();
}

}  // namespace lastleg::bind
