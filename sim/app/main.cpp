#include "cli.h"

int main(int argc, char** argv) {
  return kw::app::main(std::vector<std::string>(argv + 1, argv + argc));
}
