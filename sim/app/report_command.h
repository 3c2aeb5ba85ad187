#pragma once
#include <string>
#include <vector>

namespace kw::app {

// `kwartier report FILE.h5 [MORE.h5 ...] [--lang nl|en] [-o report.html]`: writes a
// self-contained HTML report by running the Python package in the source tree's
// analysis/ (kwartier_analysis.report) with Debian's /usr/bin/python3. The package
// checks the files and options (bad input: one line on stderr, status 2); this
// returns its exit status.
int report_command(const std::vector<std::string>& args);

}  // namespace kw::app
