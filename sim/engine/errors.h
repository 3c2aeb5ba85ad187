#pragma once
#include <stdexcept>
#include <string>

namespace kw::engine {

// Bad input from a user: a scenario file, a data file, a command-line value or
// an output path. Its message is one line that names the file, key and value
// and says what is allowed; the program prints it and exits with status 2.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace kw::engine
