"""The routing engines: native (the C++ search) and VROOM (pyvroom)."""
