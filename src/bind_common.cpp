// Bindings of the common layer: build information and the portable RNG's sequence
// (pinned by tests, so every platform's wheel draws the same numbers).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <vector>

#include "conversions.h"
#include "lastleg/common/rng.h"
#include "lastleg/common/thread_pool.h"

namespace lastleg::bind {

void bind_common(py::module_& m) {
  m.def("build_info", [] {
    py::dict info;
    info["version"] = LASTLEG_VERSION;
    info["build_type"] = LASTLEG_BUILD_TYPE;
    info["compiler"] = LASTLEG_COMPILER;
    info["cxx_flags"] = LASTLEG_CXX_FLAGS;
    info["hardware_threads"] = ThreadPool::hardware_threads();
    return info;
  });

  m.def(
      "rng_sequence",
      [](std::uint64_t seed, std::uint64_t task, std::size_t count, std::uint64_t bound) {
        Rng rng = Rng::for_task(seed, task);
        std::vector<std::uint64_t> out(count);
        for (auto& v : out) v = bound == 0 ? rng.next() : rng.below(bound);
        return move_out(std::move(out));
      },
      py::arg("seed"), py::arg("task") = 0, py::arg("count") = 8, py::arg("bound") = 0,
      "The first `count` draws of the engine RNG for (seed, task); bound=0: raw 64-bit words.");
}

}  // namespace lastleg::bind
