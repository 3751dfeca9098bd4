// The lastleg._core extension: one bind_<area> function per engine area.
#include <pybind11/pybind11.h>

namespace py = pybind11;

namespace lastleg::bind {
void bind_common(py::module_& m);
void bind_route(py::module_& m);
void bind_assign(py::module_& m);
void bind_roads(py::module_& m);
}  // namespace lastleg::bind

PYBIND11_MODULE(_core, m) {
  m.doc() = "lastleg engine bindings (internal; use the lastleg package)";
  lastleg::bind::bind_common(m);
  lastleg::bind::bind_route(m);
  lastleg::bind::bind_assign(m);
  lastleg::bind::bind_roads(m);
}
