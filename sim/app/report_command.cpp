#include "report_command.h"

#include "engine/errors.h"
#include "version.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace kw::app {

namespace fs = std::filesystem;

namespace {

// Debian's interpreter: the one that sees python3-h5py, pandas and matplotlib
// (a python3 earlier on PATH, e.g. a virtual environment, may not).
constexpr const char* kPython = "/usr/bin/python3";

// The analysis package: KWARTIER_ANALYSIS if set (an installed copy), else the source tree's.
fs::path analysis_dir() {
  const char* env = std::getenv("KWARTIER_ANALYSIS");
  const fs::path dir = env && *env ? fs::path(env) : fs::path(KWARTIER_SOURCE_ANALYSIS);
  if (!fs::exists(dir / "kwartier_analysis" / "report.py"))
    throw engine::InputError("report: the analysis package was not found in '" + dir.string() +
                             "' (set KWARTIER_ANALYSIS to the folder holding kwartier_analysis/)");
  return dir;
}

}  // namespace

int report_command(const std::vector<std::string>& args) {
  if (access(kPython, X_OK) != 0)
    throw engine::InputError(std::string("report: ") + kPython +
                             " not found (install python3-h5py, python3-pandas and python3-matplotlib: bash .ci/install-deps)");
  const fs::path dir = analysis_dir();
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);

  std::vector<std::string> argv{kPython, "-m", "kwartier_analysis.report"};
  if (!ec) argv.insert(argv.end(), {"--kwartier", self.string()});
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);

  // The child inherits the environment: the package in front of PYTHONPATH, and no
  // __pycache__ written into the source tree.
  const char* old = std::getenv("PYTHONPATH");
  std::string path = dir.string();
  if (old && *old) {
    path += ':';
    path += old;
  }
  setenv("PYTHONPATH", path.c_str(), 1);
  setenv("PYTHONDONTWRITEBYTECODE", "1", 1);

  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("report: cannot start python3: ") + std::strerror(errno));
  if (pid == 0) {
    execv(kPython, cargv.data());
    std::fprintf(stderr, "kwartier: error: report: cannot run %s: %s\n", kPython, std::strerror(errno));
    _exit(2);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error(std::string("report: waiting for python3: ") + std::strerror(errno));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

}  // namespace kw::app
