#pragma once
// The commands of the `kwartier` program beyond run/validate/params/import-cbs,
// one file each. Each returns the exit status: 0 done, 1 internal error,
// 2 bad input, 130 interrupted; bad input throws engine::InputError.
#include <string>
#include <vector>

namespace kw::app {

// kwartier sweep SCENARIO [--replicates R] [--vary KEY=...] [--design grid|lhs] ...
// (also `kwartier run SCENARIO --replicates R`).
int sweep_command(const std::vector<std::string>& args, const std::string& command = "sweep");

// kwartier compare A.h5 B.h5 [--outcome NAME]
int compare_command(const std::vector<std::string>& args);

}  // namespace kw::app
