// The runner of tests/cpp/harness.h: each test executable links it for main().
#include "harness.h"

#include <chrono>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <exception>
#include <mutex>
#include <vector>

namespace lastleg::testing {
namespace {

constexpr int kPrintedFailures = 10;  // per test: the rest are only counted

struct Test {
  const char* name;
  TestFunction run;
};

std::vector<Test>& registry() {
  static std::vector<Test> tests;
  return tests;
}

std::mutex failure_mutex;  // checks may run on worker threads
int test_failures = 0;

}  // namespace

bool register_test(const char* name, TestFunction run) {
  registry().push_back({name, run});
  return true;
}

void fail(const char* file, int line, const std::string& what) {
  const std::lock_guard<std::mutex> lock(failure_mutex);
  if (++test_failures <= kPrintedFailures) std::fprintf(stderr, "  %s:%d: %s\n", file, line, what.c_str());
}

std::string format(const char* fmt, ...) {
  va_list args, again;
  va_start(args, fmt);
  va_copy(again, args);
  const int n = std::vsnprintf(nullptr, 0, fmt, args);
  va_end(args);
  std::string out(n > 0 ? static_cast<std::size_t>(n) : 0, '\0');
  if (n > 0) std::vsnprintf(out.data(), out.size() + 1, fmt, again);
  va_end(again);
  return out;
}

bool near(double a, double b, double tol) {
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::fabs(a - b) <= tol * (1.0 + std::fmax(std::fabs(a), std::fabs(b)));
}

}  // namespace lastleg::testing

int main(int argc, char** argv) {
  using namespace lastleg::testing;
  int failed_tests = 0, ran = 0;
  for (const Test& t : registry()) {
    bool selected = argc < 2;
    for (int i = 1; i < argc && !selected; ++i) selected = std::string(t.name).find(argv[i]) != std::string::npos;
    if (!selected) continue;
    ++ran;
    test_failures = 0;
    std::fprintf(stderr, "[ run  ] %s\n", t.name);
    const auto start = std::chrono::steady_clock::now();
    try {
      t.run();
    } catch (const std::exception& e) {
      fail(__FILE__, __LINE__, std::string("exception: ") + e.what());
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (test_failures > 0) {
      ++failed_tests;
      std::fprintf(stderr, "[ FAIL ] %s: %d failed checks (%.0f ms)\n", t.name, test_failures, ms);
    } else {
      std::fprintf(stderr, "[  ok  ] %s (%.0f ms)\n", t.name, ms);
    }
  }
  std::fprintf(stderr, "%d of %d tests passed\n", ran - failed_tests, ran);
  return failed_tests == 0 && ran > 0 ? 0 : 1;
}
