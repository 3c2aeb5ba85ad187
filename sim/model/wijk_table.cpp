#include "model/wijk_table.h"

#include "engine/errors.h"
#include "model/csv.h"

#include <cmath>
#include <map>
#include <ostream>
#include <stdexcept>

namespace kw::model {

namespace {

// Field positions in wijk_table_columns(); the niche columns follow kAttitudeShift.
enum Column : std::size_t {
  kCode,
  kName,
  kPopulation,
  kHouseholds,
  kOnePersonShare,
  kMeanHouseholdSize,
  kAge0To14,
  kAge15To24,
  kAge25To44,
  kAge45To64,
  kAge65Plus,
  kVulnerableShare,
  kAttitudeShift,
  kFirstNiche,
  kSource = kFirstNiche + kNicheTypes,
  kColumnCount,
};

// Niche counts above this are typing errors, not neighbourhoods.
constexpr int kMaxNiches = 100000;
// Age groups are counts; CBS rounds small counts, so they may miss the population a little.
constexpr double kAgeSumTolerance = 0.02;

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

// One data line of the file, with what a message about it needs.
class Line {
 public:
  Line(const std::string& path, std::size_t number, const std::vector<std::string>& fields,
       const std::vector<std::string>& names, const std::array<std::size_t, kColumnCount>& index)
      : path_(path), number_(number), fields_(fields), names_(names), index_(index) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw engine::InputError(path_ + ":" + std::to_string(number_) + ": " + what);
  }

  const std::string& text(std::size_t column) const { return fields_[index_[column]]; }

  std::string nonempty_text(std::size_t column, std::string_view example) const {
    if (text(column).empty())
      fail("column '" + names_[column] + "' is empty (allowed: any text without line breaks, e.g. " +
           std::string(example) + ")");
    return text(column);
  }

  double number(std::size_t column) const {
    const auto value = csv::parse_number(text(column));
    if (!value)
      fail(about(column) + " is not a number (allowed: a number with '.' as decimal point, e.g. 1234 or 0.36)");
    return *value;
  }

  // A number in lo..hi.
  double number(std::size_t column, double lo, double hi) const {
    const double value = number(column);
    if (value < lo || value > hi)
      out_of_range(column, csv::format_number(lo) + ".." + csv::format_number(hi));
    return value;
  }

  [[noreturn]] void out_of_range(std::size_t column, const std::string& allowed) const {
    fail(about(column) + " is out of range (allowed " + allowed + ")");
  }

  int count(std::size_t column) const {
    const auto value = csv::parse_number(text(column));
    const std::string allowed = "a whole number 0.." + std::to_string(kMaxNiches);
    if (!value) fail(about(column) + " is not a number (allowed: " + allowed + ")");
    if (*value != std::floor(*value)) fail(about(column) + " is not a whole number (allowed: " + allowed + ")");
    if (*value < 0 || *value > kMaxNiches) fail(about(column) + " is out of range (allowed: " + allowed + ")");
    return static_cast<int>(*value);
  }

 private:
  std::string about(std::size_t column) const {
    return "column '" + names_[column] + "' value '" + text(column) + "'";
  }

  const std::string& path_;
  std::size_t number_;
  const std::vector<std::string>& fields_;
  const std::vector<std::string>& names_;
  const std::array<std::size_t, kColumnCount>& index_;
};

WijkRow parse_row(const Line& line) {
  WijkRow row;
  row.code = line.nonempty_text(kCode, "WK082801");
  row.name = line.nonempty_text(kName, "Ussen");
  row.population = line.number(kPopulation);
  if (!(row.population > 0)) line.out_of_range(kPopulation, "> 0");
  row.households = line.number(kHouseholds);
  if (!(row.households > 0 && row.households <= row.population))
    line.out_of_range(kHouseholds, "> 0 and at most the population, " + csv::format_number(row.population));
  row.one_person_share = line.number(kOnePersonShare, 0, 1);
  row.mean_household_size = line.number(kMeanHouseholdSize, 1, 10);
  double* const groups[] = {&row.age_0_14, &row.age_15_24, &row.age_25_44, &row.age_45_64, &row.age_65_plus};
  double ages = 0;
  for (std::size_t group = 0; group < std::size(groups); ++group) {
    *groups[group] = line.number(kAge0To14 + group);
    if (*groups[group] < 0) line.out_of_range(kAge0To14 + group, ">= 0");
    ages += *groups[group];
  }
  row.vulnerable_share = line.number(kVulnerableShare, 0, 1);
  row.attitude_shift = line.number(kAttitudeShift, -0.5, 0.5);
  for (int type = 0; type < kNicheTypes; ++type) row.niches[type] = line.count(kFirstNiche + type);
  row.source = line.text(kSource);

  const double lo = row.population * (1 - kAgeSumTolerance);
  const double hi = row.population * (1 + kAgeSumTolerance);
  if (ages < lo || ages > hi)
    line.fail("columns 'age_0_14'..'age_65_plus' sum to " + csv::format_number(ages) + ", population is " +
              csv::format_number(row.population) + " (allowed: within 2%, " + csv::format_number(std::ceil(lo)) +
              ".." + csv::format_number(std::floor(hi)) + ")");
  return row;
}

bool skipped(std::string_view line) {
  const auto text = csv::trim(line);
  return text.empty() || text.front() == '#';
}

}  // namespace

std::vector<std::string> wijk_table_columns() {
  std::vector<std::string> columns = {
      "code",      "name",      "population",  "households",       "one_person_share",
      "mean_household_size",    "age_0_14",    "age_15_24",        "age_25_44",
      "age_45_64", "age_65_plus", "vulnerable_share", "attitude_shift"};
  for (const auto type : kNicheTypeNames) columns.push_back("niches_" + std::string(type));
  columns.push_back("source");
  return columns;
}

std::vector<WijkRow> read_wijk_table(const std::string& path) {
  const std::string bytes = csv::read_file(path);
  const auto lines = csv::split_lines(csv::strip_bom(bytes));
  const auto names = wijk_table_columns();
  const auto fail = [&](std::size_t line, const std::string& what) {
    throw engine::InputError(path + ":" + std::to_string(line) + ": " + what);
  };
  const auto split = [&](std::size_t line, std::string_view text) {
    if (const auto bad = csv::find_invalid_utf8(text))
      fail(line, "byte " + std::to_string(*bad) + " is not valid UTF-8 (allowed: UTF-8 text; save the file as UTF-8)");
    try {
      return csv::split_fields(text, ',');
    } catch (const csv::SyntaxError& error) {
      fail(line, error.what());
    }
    return std::vector<std::string>{};  // not reached: fail() throws
  };

  std::size_t number = 0;  // 1-based line number of lines[number - 1]
  while (number < lines.size() && skipped(lines[number])) ++number;
  if (number == lines.size())
    throw engine::InputError(path + ": no header line (the first line that is not blank or a '#' comment must name the columns: " +
                             join(names, ",") + ")");
  const std::size_t header_line = ++number;
  const auto header = split(header_line, lines[header_line - 1]);

  std::array<std::size_t, kColumnCount> index{};
  std::map<std::string, std::size_t> seen;  // column name -> field position
  for (std::size_t field = 0; field < header.size(); ++field) {
    const auto& name = header[field];
    std::size_t column = 0;
    while (column < names.size() && names[column] != name) ++column;
    if (column == names.size())
      fail(header_line, "unknown column '" + name + "' (allowed: " + join(names, ", ") + ")");
    if (const auto first = seen.find(name); first != seen.end())
      fail(header_line, "column '" + name + "' appears twice (fields " + std::to_string(first->second + 1) + " and " +
                            std::to_string(field + 1) + ")");
    seen.emplace(name, field);
    index[column] = field;
  }
  for (const auto& name : names)
    if (!seen.contains(name)) fail(header_line, "missing column '" + name + "' (columns are: " + join(header, ", ") + ")");

  std::vector<WijkRow> rows;
  std::map<std::string, std::size_t> code_lines;
  for (; number < lines.size(); ++number) {
    const std::size_t line_number = number + 1;
    if (skipped(lines[number])) continue;
    const auto fields = split(line_number, lines[number]);
    if (fields.size() != header.size())
      fail(line_number, std::to_string(fields.size()) + " fields, header has " + std::to_string(header.size()));
    WijkRow row = parse_row(Line(path, line_number, fields, names, index));
    if (const auto [first, added] = code_lines.emplace(row.code, line_number); !added)
      fail(line_number, "duplicate code '" + row.code + "' (first on line " + std::to_string(first->second) + ")");
    rows.push_back(std::move(row));
  }
  if (rows.empty())
    throw engine::InputError(path + ": no wijk rows (allowed: at least one row after the header on line " +
                             std::to_string(header_line) + ")");
  return rows;
}

void write_wijk_table(std::ostream& out, const std::vector<WijkRow>& rows) {
  const auto text = [](const std::string& value) {
    // The reader is line based, so a line break cannot be written back.
    if (value.find_first_of("\r\n") != std::string::npos)
      throw std::invalid_argument("wijk table text contains a line break: " + value);
    return csv::quote_field(value, ',');
  };
  out << join(wijk_table_columns(), ",") << '\n';
  for (const auto& row : rows) {
    out << text(row.code) << ',' << text(row.name);
    for (const double value : {row.population, row.households, row.one_person_share, row.mean_household_size,
                               row.age_0_14, row.age_15_24, row.age_25_44, row.age_45_64, row.age_65_plus,
                               row.vulnerable_share, row.attitude_shift})
      out << ',' << csv::format_number(value);
    for (const int count : row.niches) out << ',' << count;
    out << ',' << text(row.source) << '\n';
  }
}

}  // namespace kw::model
