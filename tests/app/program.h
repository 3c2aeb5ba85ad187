#pragma once
// Runs the `kwartier` program as a user does, in a fresh folder per test:
// shared by the tests of the commands.
#include "scratch_dir.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <thread>
#include <vector>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace kw::test {

namespace fs = std::filesystem;


const std::string kBinary = KWARTIER_BINARY;
const std::string kSource = KWARTIER_SOURCE_DIR;
const std::string kPilot = kSource + "/scenarios/oss-pilot.ini";
// Small and quick: the pilot at a third of its size, 20 weeks.
const std::string kQuick = " --population.scale 0.3 --run.weeks 20 --run.burn_in 4";

struct Result {
  int status = -1;
  std::string out, err;
};

// Starts `kwartier ARGS...` (output to /dev/null), waits until `ready()`
// holds (at most 60 s), sends `signal` and returns the child's wait status.
inline int run_until(const std::vector<std::string>& args, const std::function<bool()>& ready, int signal) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    std::vector<char*> argv{const_cast<char*>(kBinary.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(kBinary.c_str(), argv.data());
    _exit(127);
  }
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!ready() && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  kill(pid, signal);
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

inline std::string slurp(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

class Cli : public ::testing::Test {
protected:
  void SetUp() override { dir_ = fresh_test_dir("kwartier-cli"); }
  void TearDown() override { remove_test_dir(dir_); }

  Result run(const std::string& args) {
    const std::string cmd = kBinary + " " + args + " >" + (dir_ / "stdout").string() + " 2>" +
                            (dir_ / "stderr").string() + " </dev/null";
    const int raw = std::system(cmd.c_str());
    Result r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = slurp(dir_ / "stdout");
    r.err = slurp(dir_ / "stderr");
    return r;
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return path(name);
  }
  // A scenario next to a copy of the Oss wijk table.
  std::string scenario(const std::string& body) const {
    fs::copy_file(kSource + "/scenarios/data/oss-wijken.csv", dir_ / "oss-wijken.csv",
                  fs::copy_options::overwrite_existing);
    return write("s.ini", "[population]\nwijk_table = oss-wijken.csv\nwijken = Ussen\nscale = 0.3\n[run]\nweeks = 10\nburn_in = 2\n" + body);
  }
  // Bad input: exit 2, one line on stderr holding every fragment, no output.
  void expect_bad_input(const Result& r, std::initializer_list<std::string> fragments) {
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    for (const auto& f : fragments) EXPECT_NE(r.err.find(f), std::string::npos) << "'" << f << "' not in: " << r.err;
    for (const auto& entry : fs::directory_iterator(dir_))
      EXPECT_NE(entry.path().extension(), ".h5") << "output left behind: " << entry.path();
    for (const auto& entry : fs::directory_iterator(dir_))
      EXPECT_EQ(entry.path().string().find(".partial"), std::string::npos) << entry.path();
  }

  fs::path dir_;
};

}  // namespace kw::test
