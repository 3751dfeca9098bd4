#pragma once
// The engine's C++ test harness. TEST_CASE(name) { ... } registers a test;
// CHECK, CHECK_MSG and CHECK_NEAR record a failed check and let the test go on
// (one run shows every failure, not just the first). harness.cpp holds main():
// it runs the registered tests of the executable, or those whose names
// contain one of the command-line arguments, and exits 1 if any check failed.
#include <string>

namespace lastleg::testing {

using TestFunction = void (*)();

/// Adds a test to the registry; TEST_CASE calls it during static initialisation.
bool register_test(const char* name, TestFunction run);
/// Records a failed check of the running test (the first few are printed).
void fail(const char* file, int line, const std::string& what);
/// printf-style formatting for failure messages.
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
std::string format(const char* fmt, ...);
/// |a - b| <= tol * (1 + max(|a|, |b|)); infinities must match exactly.
bool near(double a, double b, double tol);

}  // namespace lastleg::testing

#define TEST_CASE(name)                                                                              \
  static void name();                                                                                \
  [[maybe_unused]] static const bool name##_registered = ::lastleg::testing::register_test(#name, name); \
  static void name()

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond)) ::lastleg::testing::fail(__FILE__, __LINE__, "CHECK(" #cond ")"); \
  } while (0)

// CHECK_MSG(cond, "printf format", args...): the message says which case failed.
#define CHECK_MSG(cond, ...)                                                                        \
  do {                                                                                              \
    if (!(cond))                                                                                    \
      ::lastleg::testing::fail(__FILE__, __LINE__,                                                  \
                               "CHECK(" #cond "): " + ::lastleg::testing::format(__VA_ARGS__));     \
  } while (0)

#define CHECK_NEAR(a, b, tol)                                                                          \
  do {                                                                                                 \
    const double check_a_ = (a), check_b_ = (b);                                                       \
    if (!::lastleg::testing::near(check_a_, check_b_, (tol)))                                          \
      ::lastleg::testing::fail(__FILE__, __LINE__,                                                     \
                               ::lastleg::testing::format("CHECK_NEAR(" #a ", " #b "): %.12g vs %.12g", \
                                                          check_a_, check_b_));                        \
  } while (0)
