#pragma once
#include <string>
#include <vector>

namespace kw::app {

// The `kwartier` program: commands run, validate, params and import-cbs.
// Returns the exit status: 0 done, 1 internal error, 2 bad input, 130 interrupted.
int main(const std::vector<std::string>& args);

}  // namespace kw::app
