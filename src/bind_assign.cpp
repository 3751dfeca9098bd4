// Bindings of the assignment engine: reads an AssignmentProblem's arrays (copy
// in), solves with the GIL released (Ctrl-C stops it), returns arrays (move out).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include "conversions.h"
#include "interrupt.h"
#include "lastleg/assign/assign_solver.h"

namespace lastleg::bind {

namespace {

template <class T>
std::vector<T> field(const py::handle& problem, const char* name) {
  return copy_in<T>(problem.attr(name), name);
}

assign::AssignInput read_problem(const py::handle& p) {
  assign::AssignInput in;
  in.node_lat = field<double>(p, "node_lat");
  in.node_lon = field<double>(p, "node_lon");
  in.node_capacity_orders = field<std::int64_t>(p, "node_capacity_orders");
  in.node_capacity_units = field<std::int64_t>(p, "node_capacity_units");
  in.node_cost_per_order = field<double>(p, "node_cost_per_order");
  in.node_cost_per_unit = field<double>(p, "node_cost_per_unit");
  in.n_levels = static_cast<Index>(py::len(p.attr("levels")));
  in.svc_node = field<std::int32_t>(p, "svc_node");
  in.svc_level = field<std::int32_t>(p, "svc_level");
  in.svc_max_km = field<double>(p, "svc_max_km");
  in.svc_fixed_cost = field<double>(p, "svc_fixed_cost");
  in.svc_cost_per_km = field<double>(p, "svc_cost_per_km");
  in.n_skus = static_cast<Index>(py::len(p.attr("skus")));
  in.inv_node = field<std::int32_t>(p, "inv_node");
  in.inv_sku = field<std::int32_t>(p, "inv_sku");
  in.inv_on_hand = field<std::int64_t>(p, "inv_on_hand");
  in.inv_safety_stock = field<std::int64_t>(p, "inv_safety_stock");
  in.order_lat = field<double>(p, "order_lat");
  in.order_lon = field<double>(p, "order_lon");
  in.order_level = field<std::int32_t>(p, "order_level");
  in.order_priority = field<std::int64_t>(p, "order_priority");
  in.allowed_offsets = field<std::int64_t>(p, "allowed_offsets");
  in.allowed_nodes = field<std::int32_t>(p, "allowed_nodes");
  in.line_order = field<std::int32_t>(p, "line_order");
  in.line_sku = field<std::int32_t>(p, "line_sku");
  in.line_qty = field<std::int64_t>(p, "line_qty");
  // a travel source other than the engine's own formula hands over its km per (order, node)
  const py::object km = p.attr("engine_km_matrix")();
  if (!km.is_none()) in.order_node_km = copy_in<double>(km, "order_node_km", py::len(p.attr("order_ids")), py::len(p.attr("node_ids")));
  const py::handle pol = p.attr("policy");
  in.policy.split_penalty = pol.attr("split_penalty").cast<double>();
  in.policy.max_parcels = pol.attr("max_parcels").cast<std::int64_t>();
  in.policy.unserved_penalty = pol.attr("unserved_penalty").cast<double>();
  in.policy.allow_partial = pol.attr("allow_partial").cast<bool>();
  in.policy.detour_factor = pol.attr("detour_factor").cast<double>();
  return in;
}

/// What one assignment solve returns: per line part, per order and per node arrays
/// (read-only), the cost broken down and the certificate.
struct AssignOut {
  py::array part_line, part_node, part_qty, order_status, order_reason, order_parcels,
      order_cost, node_orders, node_units;
  double cost = 0, shipping = 0, processing = 0, split = 0, unserved = 0, lower_bound = 0;
  std::int64_t dual_iterations = 0, moves = 0, best_task = 0;
  double runtime = 0;
};

AssignOut result_of(assign::AssignResult&& r) {
  AssignOut out;
  out.part_line = readonly(move_out(std::move(r.part_line)));
  out.part_node = readonly(move_out(std::move(r.part_node)));
  out.part_qty = readonly(move_out(std::move(r.part_qty)));
  out.order_status = readonly(move_out(std::move(r.order_status)));
  out.order_reason = readonly(move_out(std::move(r.order_reason)));
  out.order_parcels = readonly(move_out(std::move(r.order_parcels)));
  out.order_cost = readonly(move_out(std::move(r.order_cost)));
  out.node_orders = readonly(move_out(std::move(r.node_orders)));
  out.node_units = readonly(move_out(std::move(r.node_units)));
  out.cost = r.cost;
  out.shipping = r.shipping;
  out.processing = r.processing;
  out.split = r.split;
  out.unserved = r.unserved;
  out.lower_bound = r.lower_bound;
  out.dual_iterations = r.dual_iterations;
  out.moves = r.moves;
  out.best_task = r.best_task;
  out.runtime = r.runtime;
  return out;
}

}  // namespace

void bind_assign(py::module_& m) {
  py::class_<AssignOut>(m, "AssignResult", "An assignment solve's arrays, costs and bound.")
      .def_readonly("part_line", &AssignOut::part_line)
      .def_readonly("part_node", &AssignOut::part_node)
      .def_readonly("part_qty", &AssignOut::part_qty)
      .def_readonly("order_status", &AssignOut::order_status)
      .def_readonly("order_reason", &AssignOut::order_reason)
      .def_readonly("order_parcels", &AssignOut::order_parcels)
      .def_readonly("order_cost", &AssignOut::order_cost)
      .def_readonly("node_orders", &AssignOut::node_orders)
      .def_readonly("node_units", &AssignOut::node_units)
      .def_readonly("cost", &AssignOut::cost)
      .def_readonly("shipping", &AssignOut::shipping)
      .def_readonly("processing", &AssignOut::processing)
      .def_readonly("split", &AssignOut::split)
      .def_readonly("unserved", &AssignOut::unserved)
      .def_readonly("lower_bound", &AssignOut::lower_bound)
      .def_readonly("dual_iterations", &AssignOut::dual_iterations)
      .def_readonly("moves", &AssignOut::moves)
      .def_readonly("best_task", &AssignOut::best_task)
      .def_readonly("runtime", &AssignOut::runtime);
  m.def(
      "assign_solve",
      [](const py::object& problem, std::optional<double> time_limit,
         std::optional<std::int64_t> max_iterations, std::uint64_t seed, std::optional<int> threads) {
        const auto started = std::chrono::steady_clock::now();
        assign::AssignInput input = read_problem(problem);
        assign::AssignOptions options;
        // the limit counts from the call: reading the arrays takes part of it
        const double reading = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        options.time_limit = time_limit ? std::max(0.0, *time_limit - reading) : kInfinity;
        options.max_iterations = max_iterations ? *max_iterations : -1;
        options.seed = seed;
        options.threads = threads ? *threads : 0;
        auto result = run_interruptible([&](const std::atomic<bool>& stop) {
          options.interrupt = &stop;
          return assign::AssignSolver::solve(std::move(input), options);
        });
        return result_of(std::move(result));
      },
      py::arg("problem"), py::arg("time_limit") = py::none(), py::arg("max_iterations") = py::none(),
      py::arg("seed") = 0, py::arg("threads") = py::none(),
      "Solves a batch assignment (arrays of an AssignmentProblem).");
}

}  // namespace lastleg::bind
