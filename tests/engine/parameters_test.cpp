#include "engine/parameters.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace kw::engine {
namespace {

namespace fs = std::filesystem;

// Plain parameter structs as the model has them, with their registration.
struct KwartiermakerParams {
  int caseload = 8;
  double hours_per_week = 24.0;
  bool outreach = true;
  std::string niche_file = "data/niches.csv";
};

struct ResidentParams {
  double tie_decay = 0.05;
  int max_ties = 12;
  double mood_shift = 0.0;
  double threshold = 1e-3;
  std::string label;
};

// Owns the structs the registry points into, so it must not be copied.
struct Model {
  KwartiermakerParams km;
  ResidentParams res;
  ParamRegistry reg;

  Model() {
    reg.add("kwartiermaker.caseload", km.caseload, 1, 40, "residents",
            "Residents one kwartiermaker supports at a time.", "assumption");
    reg.add("kwartiermaker.hours_per_week", km.hours_per_week, 0.0, 40.0, "hours/week",
            "Contract hours of one kwartiermaker.", "CAO Sociaal Werk");
    reg.add("kwartiermaker.outreach", km.outreach, "Whether kwartiermakers seek residents out.",
            "assumption");
    reg.add("kwartiermaker.niche_file", km.niche_file, "a CSV path", "Table of niches.",
            "assumption");
    reg.add("resident.tie_decay", res.tie_decay, 0.0, 1.0, "1/week",
            "Weekly chance that an unused tie fades.", "assumption");
    reg.add("resident.max_ties", res.max_ties, 0, std::numeric_limits<int>::max(), "ties",
            "Most ties a resident keeps up.", "assumption");
    reg.add("resident.mood_shift", res.mood_shift, -std::numeric_limits<double>::infinity(),
            std::numeric_limits<double>::infinity(), "-", "Shift of the mood scale.",
            "assumption");
    reg.add("resident.threshold", res.threshold, -std::numeric_limits<double>::infinity(), 1.0,
            "-", "Threshold for taking part.", "assumption");
    reg.add("resident.label", res.label, "any text", "Free label for the run.", "assumption");
  }
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;
};

// The message of the InputError that f throws, or "" (and a failure) if none.
template <class F>
std::string input_error(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an InputError";
  return {};
}

// Error messages are one line and name everything the user needs.
void expect_mentions(const std::string& msg, std::initializer_list<std::string_view> parts) {
  for (const std::string_view part : parts)
    EXPECT_NE(msg.find(part), std::string::npos) << "'" << part << "' missing from: " << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << "not one line: " << msg;
}

// A scenario file under the test's own name, removed afterwards. Tests may run
// as parallel processes, hence the process id in the directory name.
class TempFile {
public:
  explicit TempFile(const std::string& text) {
    const char* env = std::getenv("KWARTIER_TMP");
    const fs::path base = env != nullptr ? fs::path(env) : fs::temp_directory_path();
    const fs::path dir = base / ("kwartier_parameters_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    path_ = (dir / (std::string(testing::UnitTest::GetInstance()->current_test_info()->name()) +
                    std::to_string(counter_++) + ".ini"))
                .string();
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempFile() {
    std::error_code ignored;
    fs::remove(path_, ignored);
    fs::remove(fs::path(path_).parent_path(), ignored);  // only goes once it is empty
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

private:
  static inline int counter_ = 0;
  std::string path_;
};

std::string current(const Model& m, std::string_view key) {
  return m.reg.value_text(*m.reg.find(key));
}

TEST(ParamRegistry, DefaultTextIsCapturedAtRegistrationInShortestForm) {
  Model m;
  EXPECT_EQ(m.reg.find("kwartiermaker.caseload")->default_text, "8");
  EXPECT_EQ(m.reg.find("kwartiermaker.hours_per_week")->default_text, "24");
  EXPECT_EQ(m.reg.find("kwartiermaker.outreach")->default_text, "true");
  EXPECT_EQ(m.reg.find("kwartiermaker.niche_file")->default_text, "data/niches.csv");
  EXPECT_EQ(m.reg.find("resident.tie_decay")->default_text, "0.05");
  EXPECT_EQ(m.reg.find("resident.threshold")->default_text, "0.001");
  EXPECT_EQ(m.reg.find("resident.label")->default_text, "");
  EXPECT_EQ(m.reg.find("resident.tie_decay")->origin, "default");

  m.reg.set("kwartiermaker.caseload", "12", "run.ini");
  m.reg.set("resident.tie_decay", "0.2", "run.ini");
  EXPECT_EQ(m.reg.find("kwartiermaker.caseload")->default_text, "8");
  EXPECT_EQ(m.reg.find("resident.tie_decay")->default_text, "0.05");
  EXPECT_EQ(current(m, "kwartiermaker.caseload"), "12");
}

TEST(ParamRegistry, DoubleTextRoundTripsExactly) {
  double third = 1.0 / 3.0;
  double tiny = 2.5e-300;
  ParamRegistry reg;
  reg.add("a.third", third, 0.0, 1.0, "-", "A third.", "test");
  reg.add("a.tiny", tiny, 0.0, 1.0, "-", "Tiny.", "test");
  for (const ParamSpec& s : reg.specs()) {
    const double before = *std::get<double*>(s.target);
    reg.set(s.key, s.default_text, "test");
    EXPECT_EQ(*std::get<double*>(s.target), before) << s.key << " " << s.default_text;
  }
  EXPECT_EQ(reg.find("a.tiny")->default_text, "2.5e-300");
}

TEST(ParamRegistry, SetsEachKind) {
  Model m;
  m.reg.set("resident.tie_decay", "0.25", "run.ini");
  EXPECT_EQ(m.res.tie_decay, 0.25);
  EXPECT_EQ(m.reg.find("resident.tie_decay")->origin, "run.ini");
  m.reg.set("resident.tie_decay", "1e-3", "run.ini");
  EXPECT_EQ(m.res.tie_decay, 1e-3);
  m.reg.set("resident.tie_decay", "  0.5\t", "run.ini");
  EXPECT_EQ(m.res.tie_decay, 0.5);
  m.reg.set("resident.tie_decay", "+.75", "run.ini");
  EXPECT_EQ(m.res.tie_decay, 0.75);
  m.reg.set("resident.mood_shift", "-1e300", "run.ini");
  EXPECT_EQ(m.res.mood_shift, -1e300);

  m.reg.set("kwartiermaker.caseload", "40", "command line");
  EXPECT_EQ(m.km.caseload, 40);
  EXPECT_EQ(m.reg.find("kwartiermaker.caseload")->origin, "command line");
  m.reg.set("kwartiermaker.caseload", "+3", "run.ini");
  EXPECT_EQ(m.km.caseload, 3);

  for (const char* yes : {"true", "TRUE", "yes", "On", "1"}) {
    m.km.outreach = false;
    m.reg.set("kwartiermaker.outreach", yes, "run.ini");
    EXPECT_TRUE(m.km.outreach) << yes;
  }
  for (const char* no : {"false", "No", "OFF", "0"}) {
    m.km.outreach = true;
    m.reg.set("kwartiermaker.outreach", no, "run.ini");
    EXPECT_FALSE(m.km.outreach) << no;
  }

  m.reg.set("kwartiermaker.niche_file", "  my data/niches v2.csv ", "run.ini");
  EXPECT_EQ(m.km.niche_file, "my data/niches v2.csv");
  m.reg.set("kwartiermaker.niche_file", "", "run.ini");
  EXPECT_EQ(m.km.niche_file, "");
}

TEST(ParamRegistry, BadDoubleNamesOriginKeyValueAndRange) {
  Model m;
  for (const char* bad : {"abc", "0.5x", "0,5", "nan", "inf", "-infinity", "", "+-1", "0x1p-2"}) {
    const std::string msg = input_error([&] { m.reg.set("resident.tie_decay", bad, "run.ini"); });
    expect_mentions(msg, {"run.ini: ", "'resident.tie_decay'", "value '" + std::string(bad) + "'",
                          "is not a number", "allowed 0..1"});
  }
  const std::string msg = input_error([&] { m.reg.set("resident.tie_decay", "1.5", "run.ini"); });
  EXPECT_EQ(msg,
            "run.ini: key 'resident.tie_decay' value '1.5' is out of range (allowed 0..1 1/week)");
  expect_mentions(input_error([&] { m.reg.set("resident.tie_decay", "1e999", "x.ini"); }),
                  {"x.ini: ", "'1e999'", "out of range"});
  EXPECT_EQ(m.res.tie_decay, 0.05) << "a failed set changes nothing";
  EXPECT_EQ(m.reg.find("resident.tie_decay")->origin, "default");
}

TEST(ParamRegistry, BadIntNamesOriginKeyValueAndRange) {
  Model m;
  for (const char* bad : {"2.5", "8 residents", "1e1", "eight", ""}) {
    expect_mentions(input_error([&] { m.reg.set("kwartiermaker.caseload", bad, "command line"); }),
                    {"command line: ", "'kwartiermaker.caseload'", "'" + std::string(bad) + "'",
                     "is not an integer", "allowed 1..40 residents"});
  }
  EXPECT_EQ(input_error([&] { m.reg.set("kwartiermaker.caseload", "41", "run.ini"); }),
            "run.ini: key 'kwartiermaker.caseload' value '41' is out of range "
            "(allowed 1..40 residents)");
  expect_mentions(input_error([&] { m.reg.set("kwartiermaker.caseload", "0", "run.ini"); }),
                  {"'0'", "out of range", "1..40"});
  expect_mentions(
      input_error([&] { m.reg.set("kwartiermaker.caseload", "99999999999", "run.ini"); }),
      {"'99999999999'", "out of range", "1..40"});
  EXPECT_EQ(m.km.caseload, 8);
}

TEST(ParamRegistry, InfiniteBoundsPrintSensibly) {
  Model m;
  const std::string msg = input_error([&] { m.reg.set("resident.max_ties", "-1", "run.ini"); });
  expect_mentions(msg, {"run.ini: ", "'resident.max_ties'", "'-1'", "allowed >= 0 ties"});
  EXPECT_EQ(msg.find("2147483647"), std::string::npos) << msg;
  expect_mentions(input_error([&] { m.reg.set("resident.threshold", "2", "run.ini"); }),
                  {"'resident.threshold'", "'2'", "allowed <= 1)"});
  expect_mentions(input_error([&] { m.reg.set("resident.mood_shift", "big", "run.ini"); }),
                  {"'resident.mood_shift'", "'big'", "allowed any number)"});
  int replicate = 0;
  m.reg.add("run.replicate", replicate, 0, 1000000000, "-", "Replicate.", "-");
  expect_mentions(input_error([&] { m.reg.set("run.replicate", "-5", "run.ini"); }),
                  {"'run.replicate'", "'-5'", "allowed 0..1000000000)"});
}

TEST(ParamRegistry, BadBoolListsTheAllowedWords) {
  Model m;
  expect_mentions(input_error([&] { m.reg.set("kwartiermaker.outreach", "maybe", "run.ini"); }),
                  {"run.ini: ", "'kwartiermaker.outreach'", "'maybe'", "true/false", "yes/no",
                   "on/off", "1/0"});
  EXPECT_TRUE(m.km.outreach);
}

// '#' starts a comment wherever Boost meets it, so such a string could not be
// read back from resolved_ini(); it is refused up front instead.
TEST(ParamRegistry, StringsWithHashOrControlCharactersAreRefused) {
  Model m;
  expect_mentions(input_error([&] { m.reg.set("resident.label", "run #3", "command line"); }),
                  {"command line: ", "'resident.label'", "'run #3'", "'#'", "comment",
                   "allowed any text"});
  expect_mentions(input_error([&] { m.reg.set("resident.label", "a\nb", "command line"); }),
                  {"'resident.label'", "control character"});
  EXPECT_EQ(m.res.label, "");
}

TEST(ParamRegistry, UnknownKeySuggestsTheNearest) {
  Model m;
  EXPECT_EQ(m.reg.nearest_key("kwartiermaker.casload"), "kwartiermaker.caseload");
  EXPECT_EQ(m.reg.nearest_key("kwartiermakr.caseload"), "kwartiermaker.caseload");
  EXPECT_EQ(m.reg.nearest_key("caseload"), "kwartiermaker.caseload");
  EXPECT_EQ(m.reg.nearest_key("resident.caseload"), "kwartiermaker.caseload");
  EXPECT_EQ(m.reg.nearest_key("Resident.Tie_Decay"), "resident.tie_decay");
  EXPECT_EQ(m.reg.nearest_key("buurt.max_ties"), "resident.max_ties");

  EXPECT_EQ(input_error([&] { m.reg.set("kwartiermaker.casload", "3", "run.ini"); }),
            "run.ini: unknown key 'kwartiermaker.casload' (did you mean "
            "'kwartiermaker.caseload'?)");
  expect_mentions(input_error([&] { m.reg.set("kwartiermakr.caseload", "3", "run.ini"); }),
                  {"run.ini: ", "unknown key 'kwartiermakr.caseload'",
                   "did you mean 'kwartiermaker.caseload'?"});
  // Nothing is close: a far-fetched suggestion would mislead.
  const std::string far = input_error([&] { m.reg.set("zzz.qqq", "3", "run.ini"); });
  expect_mentions(far, {"run.ini: ", "unknown key 'zzz.qqq'", "kwartier params"});
  EXPECT_EQ(far.find("did you mean"), std::string::npos) << far;
}

TEST(ParamRegistry, RegistrationMistakesAreLogicErrors) {
  Model m;
  int x = 1;
  for (const char* key : {"caseload", "a.b.c", "Kwartiermaker.x", "kw.case load", ".x", "x.",
                          "kw-x.y", ""}) {
    int field = 1;
    EXPECT_THROW(m.reg.add(key, field, 0, 2, "-", "d", "s"), std::logic_error) << key;
  }
  EXPECT_THROW(m.reg.add("kwartiermaker.caseload", x, 0, 2, "-", "d", "s"), std::logic_error);
  EXPECT_THROW(m.reg.add("kwartiermaker.other", m.km.caseload, 0, 40, "-", "d", "s"),
               std::logic_error)
      << "one field under two keys";
  EXPECT_THROW(m.reg.add("a.x", x, 2, 5, "-", "d", "s"), std::logic_error) << "default outside";
  double y = 0.5;
  EXPECT_THROW(m.reg.add("a.y", y, 1.0, 0.0, "-", "d", "s"), std::logic_error) << "min > max";
  std::string z = "a # b";
  EXPECT_THROW(m.reg.add("a.z", z, "text", "d", "s"), std::logic_error);
  EXPECT_EQ(m.reg.specs().size(), 9u) << "failed registrations add nothing";
  EXPECT_NO_THROW(m.reg.add("a.x_2", x, 0, 2, "-", "d", "s"));
}

TEST(ParamRegistry, LoadIniReadsSectionsCommentsAndWhitespace) {
  Model m;
  const TempFile file(
      "# A scenario for the test\n"
      "\n"
      "[kwartiermaker]\n"
      "caseload = 12   # per kwartiermaker\n"
      "  hours_per_week\t=\t32.5  \n"
      "outreach=no\n"
      "niche_file = scenarios/data/niches with spaces.csv\n"
      "   # an indented comment\n"
      "[ resident ]\r\n"
      "tie_decay = 1e-2\r\n"
      "label = a = b\n");
  m.reg.load_ini(file.path());
  EXPECT_EQ(m.km.caseload, 12);
  EXPECT_EQ(m.km.hours_per_week, 32.5);
  EXPECT_FALSE(m.km.outreach);
  EXPECT_EQ(m.km.niche_file, "scenarios/data/niches with spaces.csv");
  EXPECT_EQ(m.res.tie_decay, 0.01);
  EXPECT_EQ(m.res.label, "a = b");
  EXPECT_EQ(m.reg.find("kwartiermaker.caseload")->origin, file.path());
  EXPECT_EQ(m.reg.find("resident.max_ties")->origin, "default");
  EXPECT_EQ(m.res.max_ties, 12);
}

TEST(ParamRegistry, LoadIniUnknownKeyNamesTheFileAndSuggests) {
  Model m;
  const TempFile file("[kwartiermaker]\ncasload = 3\n");
  EXPECT_EQ(input_error([&] { m.reg.load_ini(file.path()); }),
            file.path() +
                ": unknown key 'kwartiermaker.casload' (did you mean 'kwartiermaker.caseload'?)");
}

TEST(ParamRegistry, LoadIniKeyOutsideAnySectionIsUnknown) {
  Model m;
  const TempFile file("caseload = 3\n[kwartiermaker]\nhours_per_week = 30\n");
  expect_mentions(input_error([&] { m.reg.load_ini(file.path()); }),
                  {file.path() + ": ", "unknown key 'caseload'",
                   "did you mean 'kwartiermaker.caseload'?"});
  EXPECT_EQ(m.km.caseload, 8);
}

TEST(ParamRegistry, LoadIniMissingFile) {
  Model m;
  const std::string path = "/nonexistent/kwartier/scenario.ini";
  EXPECT_EQ(input_error([&] { m.reg.load_ini(path); }), path + ": cannot open scenario file");
  const std::string dir = fs::temp_directory_path().string();
  EXPECT_EQ(input_error([&] { m.reg.load_ini(dir); }), dir + ": cannot open scenario file");
}

TEST(ParamRegistry, LoadIniMalformedLine) {
  Model m;
  const TempFile file("[kwartiermaker]\ncaseload 8\n");
  expect_mentions(input_error([&] { m.reg.load_ini(file.path()); }),
                  {file.path() + ": ", "invalid line 'caseload 8'"});
  const TempFile semicolon("[kwartiermaker]\n; not a comment for Boost\n");
  expect_mentions(input_error([&] { m.reg.load_ini(semicolon.path()); }),
                  {semicolon.path() + ": ", "invalid line '; not a comment for Boost'"});
}

TEST(ParamRegistry, LoadIniKeyGivenTwice) {
  Model m;
  const TempFile file(
      "[kwartiermaker]\ncaseload = 3\n[resident]\ntie_decay = 0.1\n"
      "[kwartiermaker]\ncaseload = 4\n");
  EXPECT_EQ(input_error([&] { m.reg.load_ini(file.path()); }),
            file.path() + ": key 'kwartiermaker.caseload' given more than once");
}

TEST(ParamRegistry, LoadIniBadValueNamesTheFile) {
  Model m;
  const TempFile file("[kwartiermaker]\ncaseload = many  # too many\n");
  EXPECT_EQ(input_error([&] { m.reg.load_ini(file.path()); }),
            file.path() + ": key 'kwartiermaker.caseload' value 'many' is not an integer "
                          "(allowed 1..40 residents)");
}

TEST(ParamRegistry, CommandLineOverridesTheFile) {
  Model m;
  const TempFile file("[kwartiermaker]\ncaseload = 3\nhours_per_week = 20\n");
  m.reg.load_ini(file.path());
  const auto rest = m.reg.apply_command_line({"--kwartiermaker.caseload=5"});
  EXPECT_TRUE(rest.empty());
  EXPECT_EQ(m.km.caseload, 5);
  EXPECT_EQ(m.reg.find("kwartiermaker.caseload")->origin, "command line");
  EXPECT_EQ(m.km.hours_per_week, 20.0);
  EXPECT_EQ(m.reg.find("kwartiermaker.hours_per_week")->origin, file.path());
}

TEST(ParamRegistry, CommandLineTakesBothForms) {
  Model m;
  m.reg.apply_command_line({"--kwartiermaker.caseload=5", "--resident.tie_decay", "0.3",
                            "--kwartiermaker.niche_file=a=b.csv", "--resident.label", "two words",
                            "--kwartiermaker.outreach=off", "--resident.mood_shift", "-2"});
  EXPECT_EQ(m.km.caseload, 5);
  EXPECT_EQ(m.res.tie_decay, 0.3);
  EXPECT_EQ(m.km.niche_file, "a=b.csv");
  EXPECT_EQ(m.res.label, "two words");
  EXPECT_FALSE(m.km.outreach);
  EXPECT_EQ(m.res.mood_shift, -2.0);
  m.reg.apply_command_line({"--resident.label="});
  EXPECT_EQ(m.res.label, "");
}

TEST(ParamRegistry, CommandLineKeyNeedsAValue) {
  Model m;
  EXPECT_EQ(input_error([&] { m.reg.apply_command_line({"--kwartiermaker.caseload"}); }),
            "command line: key 'kwartiermaker.caseload' needs a value");
  EXPECT_EQ(input_error([&] {
              m.reg.apply_command_line({"--kwartiermaker.caseload", "--out", "x.h5"});
            }),
            "command line: key 'kwartiermaker.caseload' needs a value");
  expect_mentions(input_error([&] { m.reg.apply_command_line({"--kwartiermaker.caseload="}); }),
                  {"command line: ", "'kwartiermaker.caseload'", "value ''", "not an integer"});
}

TEST(ParamRegistry, CommandLineUnknownDottedKey) {
  Model m;
  EXPECT_EQ(input_error([&] { m.reg.apply_command_line({"--kwartiermaker.casload=3"}); }),
            "command line: unknown key 'kwartiermaker.casload' (did you mean "
            "'kwartiermaker.caseload'?)");
  expect_mentions(input_error([&] { m.reg.apply_command_line({"--kwartiermakr.caseload", "3"}); }),
                  {"command line: ", "unknown key 'kwartiermakr.caseload'",
                   "'kwartiermaker.caseload'"});
}

TEST(ParamRegistry, CommandLinePassesOtherArgumentsThroughInOrder) {
  Model m;
  const auto rest = m.reg.apply_command_line(
      {"run", "--out", "results.h5", "--kwartiermaker.caseload", "5", "-v", "--seed=7",
       "--out=run.v2.h5", "--resident.tie_decay=0.1", "scenario.ini", "--",
       "--kwartiermaker.caseload=9"});
  const std::vector<std::string> expected = {
      "run", "--out", "results.h5", "-v", "--seed=7", "--out=run.v2.h5", "scenario.ini", "--",
      "--kwartiermaker.caseload=9"};
  EXPECT_EQ(rest, expected);
  EXPECT_EQ(m.km.caseload, 5) << "nothing after '--' is taken";
  EXPECT_EQ(m.res.tie_decay, 0.1);
}

TEST(ParamRegistry, ResolvedIniReadsBackToTheSameValues) {
  Model a;
  a.reg.apply_command_line({"--kwartiermaker.caseload=5", "--kwartiermaker.hours_per_week=0.1",
                            "--kwartiermaker.outreach=no",
                            "--kwartiermaker.niche_file=my data/niches = v2.csv",
                            "--resident.mood_shift=-3.3333333333333335",
                            "--resident.threshold=-1e-300", "--resident.label="});
  a.res.tie_decay = 1.0 / 3.0;  // a value no short decimal gives exactly
  const std::string text = a.reg.resolved_ini();
  EXPECT_NE(text.find("[kwartiermaker]\ncaseload = 5\n"), std::string::npos) << text;
  EXPECT_LT(text.find("[kwartiermaker]"), text.find("[resident]")) << text;

  const TempFile file(text);
  Model b;
  b.reg.load_ini(file.path());
  EXPECT_EQ(b.km.caseload, a.km.caseload);
  EXPECT_EQ(b.km.hours_per_week, a.km.hours_per_week);
  EXPECT_EQ(b.km.outreach, a.km.outreach);
  EXPECT_EQ(b.km.niche_file, "my data/niches = v2.csv");
  EXPECT_EQ(b.res.tie_decay, 1.0 / 3.0);
  EXPECT_EQ(b.res.max_ties, a.res.max_ties);
  EXPECT_EQ(b.res.mood_shift, a.res.mood_shift);
  EXPECT_EQ(b.res.threshold, -1e-300);
  EXPECT_EQ(b.res.label, "");
  EXPECT_EQ(b.reg.resolved_ini(), text);
}

TEST(ParamRegistry, ResolvedIniGroupsSectionsInFirstRegistrationOrder) {
  double x = 0.5;
  int y = 2;
  bool z = false;
  std::string w = "v";
  ParamRegistry reg;
  reg.add("b.x", x, 0.0, 1.0, "-", "X.", "test");
  reg.add("a.y", y, 0, 9, "-", "Y.", "test");
  reg.add("b.z", z, "Z.", "test");
  reg.add("a.w", w, "text", "W.", "test");
  EXPECT_EQ(reg.resolved_ini(), "[b]\nx = 0.5\nz = false\n\n[a]\ny = 2\nw = v\n");
}

TEST(ParamRegistry, MarkdownTableHasOneRowPerParameter) {
  Model m;
  double piped = 1.0;
  m.reg.add("extra.piped", piped, 0.0, 2.0, "-", "Either a | b.", "Smith | Jones (2020)");
  const std::string table = m.reg.markdown_table();
  std::istringstream in(table);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  ASSERT_EQ(lines.size(), m.reg.specs().size() + 2) << table;
  EXPECT_EQ(lines[0], "| key | default | allowed | unit | meaning | source |");
  EXPECT_EQ(lines[1], "|---|---|---|---|---|---|");
  for (std::size_t i = 2; i < lines.size(); ++i) {
    // Seven unescaped pipes make six cells, whatever the text holds.
    std::size_t pipes = 0;
    for (std::size_t j = 0; j < lines[i].size(); ++j)
      if (lines[i][j] == '|' && (j == 0 || lines[i][j - 1] != '\\')) ++pipes;
    EXPECT_EQ(pipes, 7u) << lines[i];
    EXPECT_NE(lines[i].find(m.reg.specs()[i - 2].key), std::string::npos) << lines[i];
  }
  EXPECT_NE(table.find("| kwartiermaker.caseload | 8 | 1..40 | residents | "), std::string::npos)
      << table;
  EXPECT_NE(table.find("Either a \\| b."), std::string::npos) << table;
  EXPECT_NE(table.find("Smith \\| Jones (2020)"), std::string::npos) << table;
}

TEST(ParamRegistry, TextListingFitsInOneHundredColumns) {
  Model m;
  double long_one = 0.5;
  m.reg.add("resident.long_description", long_one, 0.0, 1.0, "-",
            "A description that is deliberately long enough that it cannot fit on one line of "
            "the listing, so that it has to be wrapped onto further indented lines to stay "
            "readable in a terminal.",
            "assumption");
  std::string wijken = "Ussen, Oss-Zuid";
  m.reg.add("resident.active_wijken", wijken,
            "wijk codes or names separated by commas, 'all' or 'none', as in the wijk table",
            "Wijken with kwartiermakers.", "-");
  m.reg.apply_command_line({"--kwartiermaker.caseload=5"});
  // A long origin does not fit after the value and goes on its own line.
  const std::string long_origin = "scenarios/" + std::string(50, 'p') + ".ini";
  m.reg.set("resident.tie_decay", "0.5", long_origin);
  const std::string text = m.reg.text_listing();
  std::istringstream in(text);
  std::string line;
  int description_lines = 0;
  while (std::getline(in, line)) {
    EXPECT_LE(line.size(), 100u) << line;
    if (line.starts_with("      ")) ++description_lines;
  }
  for (const ParamSpec& s : m.reg.specs())
    EXPECT_NE(text.find("  " + s.key + " "), std::string::npos) << s.key << "\n" << text;
  EXPECT_NE(text.find("[kwartiermaker]"), std::string::npos) << text;
  EXPECT_NE(text.find("[resident]"), std::string::npos) << text;
  EXPECT_NE(text.find("1..40 residents"), std::string::npos) << text;
  EXPECT_NE(text.find(" 1..40 residents   now 5, from command line\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("[source: CAO Sociaal Werk]"), std::string::npos) << text;
  EXPECT_NE(text.find("readable in a terminal.\n      [source: assumption]\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("  Ussen, Oss-Zuid\n      allowed: wijk codes or names"), std::string::npos)
      << text;
  EXPECT_NE(text.find("      Wijken with kwartiermakers.\n"), std::string::npos)
      << "no source shown for '-'\n"
      << text;
  EXPECT_NE(text.find("0..1 1/week\n      now 0.5, from " + long_origin + "\n"), std::string::npos)
      << text;
  EXPECT_GT(description_lines, static_cast<int>(m.reg.specs().size())) << "the long one wraps";
}

}  // namespace
}  // namespace kw::engine
