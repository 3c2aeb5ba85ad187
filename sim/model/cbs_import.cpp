#include "model/cbs_import.h"

#include "engine/errors.h"
#include "model/csv.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

namespace kw::model {

// ---------------------------------------------------------------------------
// Estimates for what CBS KWB does not hold. All rates are assumptions, to be
// replaced by a gemeente's own inventory of places (the ODD document records them).
// ---------------------------------------------------------------------------

namespace {

// Adults: residents aged 18 or over. KWB groups ages 15-24, so 3 of its 10 years
// (15, 16, 17) are counted as minors (assumption: even spread over the group).
double adults(const WijkRow& row) { return std::max(0.0, row.population - row.age_0_14 - 0.3 * row.age_15_24); }

int rounded(double x) { return std::max(0, static_cast<int>(std::floor(x + 0.5))); }

}  // namespace

std::array<int, kNicheTypes> estimate_niches(const WijkRow& row) {
  // Assumption: niches per 10,000 adults, of the kinds MODEL.md names, counting
  // only places where a newcomer can take part weekly:
  // - community centre: one in every wijk of 2,000 residents or more (Oss has a
  //   wijkcentrum in each larger wijk) plus 1 per 10,000 adults;
  // - volunteer organisations 4, sports and hobby clubs 8, faith communities 2,
  //   meeting cafes (inloop, buurtkamer) 2, employers open to job carving 2;
  // - library: 1 per 15,000 adults (a branch serves a town, not a street).
  // Each count is rounded to the nearest whole number, at least 0.
  const double per_10k = adults(row) / 10000.0;
  std::array<int, kNicheTypes> niches{};
  niches[static_cast<int>(NicheType::CommunityCentre)] = (row.population >= 2000 ? 1 : 0) + rounded(per_10k);
  niches[static_cast<int>(NicheType::VolunteerOrg)] = rounded(4 * per_10k);
  niches[static_cast<int>(NicheType::SportsHobby)] = rounded(8 * per_10k);
  niches[static_cast<int>(NicheType::Faith)] = rounded(2 * per_10k);
  niches[static_cast<int>(NicheType::Library)] = rounded(per_10k / 1.5);
  niches[static_cast<int>(NicheType::MeetingCafe)] = rounded(2 * per_10k);
  niches[static_cast<int>(NicheType::Employer)] = rounded(2 * per_10k);
  return niches;
}

double estimate_attitude_shift(double income, double mean) {
  // Assumption on the size: a wijk 50% above the mean is 0.05 more tolerant.
  if (!(mean > 0) || !(income >= 0)) return 0;
  return std::clamp(0.1 * (income / mean - 1), -0.1, 0.1);
}

// ---------------------------------------------------------------------------
// Reading the KWB file
// ---------------------------------------------------------------------------

namespace {

// What the importer reads from a KWB file.
enum Field : std::size_t {
  kCode,
  kName,
  kLevel,
  kPopulation,
  kHouseholds,
  kOnePerson,
  kMeanSize,
  kAge0To14,
  kAge15To24,
  kAge25To44,
  kAge45To64,
  kAge65Plus,
  kIncome,
  kFieldCount,
};
constexpr std::size_t kAgeGroups = 5;

struct ColumnCode {
  std::string_view name;
  bool percent = false;  // the column holds a percentage of the population or households
};

struct FieldSpec {
  std::string_view what;                 // for messages
  bool required;
  std::vector<ColumnCode> codes;         // data-file column codes, preferred first
  std::vector<std::string_view> endings; // normalised StatLine / OData header endings
};

// The data files' column codes and StatLine's headers. StatLine headers are
// matched on their normalised ending (see normalise()), so "Bevolking/Aantal
// inwoners (aantal)" and OData's "AantalInwoners_5" both end in "aantalinwoners".
// Older data files had percentages (p_00_14_jr ...) instead of counts; StatLine
// marks a percentage with the unit "(%)".
const std::array<FieldSpec, kFieldCount>& field_specs() {
  static const std::array<FieldSpec, kFieldCount> specs = {{
      {"code", true, {{"gwb_code_10"}, {"gwb_code"}, {"gwb_code_8"}}, {"codering"}},
      {"name", true, {{"regio"}}, {"wijkenenbuurten"}},
      {"level", false, {{"recs"}}, {"soortregio"}},
      {"population", true, {{"a_inw"}}, {"aantalinwoners"}},
      {"households", true, {{"a_hh"}}, {"huishoudenstotaal", "particulierehuishoudens"}},
      {"one-person households", true, {{"a_1p_hh"}, {"p_1p_hh", true}}, {"eenpersoonshuishoudens"}},
      {"mean household size", false, {{"g_hhgro"}}, {"gemiddeldehuishoudensgrootte"}},
      {"age 0-14", false, {{"a_00_14"}, {"p_00_14_jr", true}}, {"0tot15jaar"}},
      {"age 15-24", false, {{"a_15_24"}, {"p_15_24_jr", true}}, {"15tot25jaar"}},
      {"age 25-44", false, {{"a_25_44"}, {"p_25_44_jr", true}}, {"25tot45jaar"}},
      {"age 45-64", false, {{"a_45_64"}, {"p_45_64_jr", true}}, {"45tot65jaar"}},
      {"age 65+", false, {{"a_65_oo"}, {"p_65_eo_jr", true}}, {"65jaarofouder"}},
      {"income", false, {{"g_ink_po"}}, {"gemiddeldinkomenperinkomensontvanger"}},
  }};
  return specs;
}

// Age shares of the Netherlands (about 2024, rounded), for wijken without age
// groups in a file without a gemeente row.
constexpr std::array<double, kAgeGroups> kDutchAgeShares = {0.155, 0.12, 0.25, 0.27, 0.205};

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A StatLine or OData header reduced to lower-case letters and digits, without
// its unit in final parentheses (returned in `unit`) and OData's "_<n>" suffix.
std::string normalise(std::string_view header, std::string& unit) {
  header = csv::trim(header);
  unit.clear();
  if (!header.empty() && header.back() == ')') {
    if (const auto open = header.rfind('('); open != std::string_view::npos) {
      unit = std::string(csv::trim(header.substr(open + 1, header.size() - open - 2)));
      header = csv::trim(header.substr(0, open));
    }
  }
  if (const auto underscore = header.rfind('_');
      underscore != std::string_view::npos && is_digits(header.substr(underscore + 1)))
    header = header.substr(0, underscore);
  std::string out;
  for (const char c : ascii_lower(header))
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  return out;
}

// Where each field is in the file's lines.
struct Layout {
  std::size_t header_line = 0;
  char separator = ',';
  std::vector<std::string> header;
  std::array<std::optional<std::size_t>, kFieldCount> index{};
  std::array<bool, kFieldCount> percent{};

  std::vector<std::string> missing_required() const {
    std::vector<std::string> missing;
    for (std::size_t f = 0; f < kFieldCount; ++f) {
      const auto& spec = field_specs()[f];
      if (!spec.required || index[f]) continue;
      std::string names;
      for (const auto& code : spec.codes) names += (names.empty() ? "" : " or ") + std::string(code.name);
      for (const auto ending : spec.endings) names += " or a header ending in '" + std::string(ending) + "'";
      missing.push_back(std::string(spec.what) + " (" + names + ")");
    }
    return missing;
  }
};

char detect_separator(std::string_view line) {
  char best = ',';
  std::size_t most = 0;
  for (const char candidate : {';', ',', '\t'}) {
    if (const auto count = csv::count_unquoted(line, candidate); count > most) {
      most = count;
      best = candidate;
    }
  }
  return best;
}

Layout match_header(std::string_view line, std::size_t line_number) {
  Layout layout;
  layout.header_line = line_number;
  layout.separator = detect_separator(line);
  try {
    layout.header = csv::split_fields(line, layout.separator);
  } catch (const csv::SyntaxError&) {
    return layout;  // not a header; the caller keeps looking
  }
  std::array<std::size_t, kFieldCount> rank{};  // lower is preferred
  for (std::size_t column = 0; column < layout.header.size(); ++column) {
    const auto code = ascii_lower(csv::trim(layout.header[column]));
    std::string unit;
    const auto statline = normalise(layout.header[column], unit);
    for (std::size_t f = 0; f < kFieldCount; ++f) {
      const auto& spec = field_specs()[f];
      std::optional<std::size_t> found;
      bool percent = false;
      for (std::size_t k = 0; k < spec.codes.size() && !found; ++k)
        if (code == spec.codes[k].name) found = k, percent = spec.codes[k].percent;
      for (const auto ending : spec.endings)
        if (!found && !statline.empty() && statline.ends_with(ending))
          found = spec.codes.size() + (unit == "%" ? 1 : 0), percent = unit == "%";
      if (found && (!layout.index[f] || *found < rank[f])) {
        layout.index[f] = column;
        layout.percent[f] = percent;
        rank[f] = *found;
      }
    }
  }
  return layout;
}

// StatLine exports may start with a title line, so the header is the first of
// the leading lines that names every required field.
constexpr std::size_t kHeaderSearchLines = 10;

Layout find_header(const std::string& path, const std::vector<std::string_view>& lines) {
  std::optional<Layout> best;
  std::size_t best_missing = 0;
  std::size_t looked = 0;
  for (std::size_t i = 0; i < lines.size() && looked < kHeaderSearchLines; ++i) {
    if (csv::trim(lines[i]).empty()) continue;
    ++looked;
    Layout layout = match_header(lines[i], i + 1);
    const auto missing = layout.missing_required().size();
    if (missing == 0) return layout;
    if (!best || missing < best_missing) best = std::move(layout), best_missing = missing;
  }
  if (!best) throw engine::InputError(path + ": empty file (allowed: a CBS KWB CSV file with a header line)");
  std::string needed;
  for (const auto& item : best->missing_required()) needed += (needed.empty() ? "" : "; ") + item;
  throw engine::InputError(path + ":" + std::to_string(best->header_line) +
                           ": not a CBS KWB header, needed columns not found: " + needed);
}

// "1.234" in a decimal-comma file: '.' between groups of three digits is a
// thousands separator (Dutch Excel), never a decimal point.
bool thousands_grouped(std::string_view whole) {
  if (whole.starts_with('-')) whole.remove_prefix(1);
  const auto first_dot = whole.find('.');
  if (first_dot == std::string_view::npos || first_dot == 0 || first_dot > 3 || !is_digits(whole.substr(0, first_dot)))
    return false;
  for (auto rest = whole.substr(first_dot); !rest.empty(); rest.remove_prefix(4))
    if (rest.size() < 4 || rest[0] != '.' || !is_digits(rest.substr(1, 3))) return false;
  return true;
}

// "1.234,5" -> "1234.5", "2,17" -> "2.17".
std::string from_decimal_comma(const std::string& value) {
  const std::size_t comma = std::min(value.find(','), value.size());
  std::string whole = value.substr(0, comma);
  if (thousands_grouped(whole)) whole.erase(std::remove(whole.begin(), whole.end(), '.'), whole.end());
  std::string fraction = value.substr(comma);
  std::replace(fraction.begin(), fraction.end(), ',', '.');
  return whole + fraction;
}

// One data line, split, with what a message about it needs.
class Record {
 public:
  Record(const std::string& path, std::size_t line, std::vector<std::string> fields, const Layout& layout)
      : path_(&path), line_(line), fields_(std::move(fields)), layout_(&layout) {}

  std::size_t line() const { return line_; }

  [[noreturn]] void fail(const std::string& what) const {
    throw engine::InputError(*path_ + ":" + std::to_string(line_) + ": " + what);
  }

  bool has(Field f) const { return layout_->index[f].has_value(); }
  bool percent(Field f) const { return layout_->percent[f]; }
  const std::string& column(Field f) const { return layout_->header[*layout_->index[f]]; }
  std::string text(Field f) const { return has(f) ? std::string(csv::trim(fields_[*layout_->index[f]])) : ""; }

  // Nothing when the column is absent or the value missing: '.', 'x' (secret) or empty.
  std::optional<double> number(Field f, bool decimal_comma) const {
    std::string value = text(f);
    if (value.empty() || value == "." || value == "x") return std::nullopt;
    if (value == "-") return 0.0;  // CBS's symbol for nil
    if (decimal_comma) value = from_decimal_comma(value);
    const auto parsed = csv::parse_number(value);
    if (!parsed)
      fail("column '" + column(f) + "' value '" + text(f) + "' is not a number (allowed: a number with " +
           (decimal_comma ? "decimal comma" : "decimal point") + ", or '.' or empty for a missing value)");
    return parsed;
  }

  double required(Field f, bool decimal_comma, const std::string& code) const {
    const auto value = number(f, decimal_comma);
    if (!value)
      fail("column '" + column(f) + "' value '" + text(f) + "' is missing for wijk " + code +
           " (allowed: a number; fill in the figure or remove the row)");
    return *value;
  }


 private:
  const std::string* path_;
  std::size_t line_;
  std::vector<std::string> fields_;
  const Layout* layout_;
};

// A file uses decimal commas if any numeric value has a comma in it.
bool uses_decimal_comma(const std::vector<Record>& records) {
  for (const auto& record : records)
    for (std::size_t f = kPopulation; f < kFieldCount; ++f)
      if (record.text(static_cast<Field>(f)).find(',') != std::string::npos) return true;
  return false;
}

// The code with its prefix: gwb_code_8 holds bare digits (leading zeros may be
// lost in Excel), so the level says which prefix and length it has.
std::string full_code(const std::string& code, const std::string& level) {
  if (!is_digits(code)) return code;
  const auto pad = [&](std::string_view prefix, std::size_t digits) {
    return std::string(prefix) + std::string(digits > code.size() ? digits - code.size() : 0, '0') + code;
  };
  if (level == "gemeente") return pad("GM", 4);
  if (level == "wijk") return pad("WK", 6);
  if (level == "buurt") return pad("BU", 8);
  return code;
}

struct GemeenteCode {
  std::string code;    // "GM0828"
  std::string digits;  // "0828"
};

GemeenteCode check_gemeente(const std::string& gemeente) {
  if (gemeente.size() != 6 || gemeente.substr(0, 2) != "GM" || !is_digits(gemeente.substr(2)))
    throw engine::InputError("gemeente code '" + gemeente +
                             "' is malformed (allowed: GM followed by 4 digits, e.g. GM0828 for Oss)");
  return {gemeente, gemeente.substr(2)};
}

// A wijk row before the estimates that need all wijken (the attitude shift).
struct Imported {
  WijkRow row;
  std::optional<double> income;
  std::vector<std::string> estimated;  // what the source column lists as estimated
};

std::array<std::optional<double>, kAgeGroups> age_counts(const Record& record, bool decimal_comma,
                                                         double population) {
  std::array<std::optional<double>, kAgeGroups> ages;
  for (std::size_t g = 0; g < kAgeGroups; ++g) {
    const auto f = static_cast<Field>(kAge0To14 + g);
    ages[g] = record.number(f, decimal_comma);
    if (ages[g] && *ages[g] < 0)
      record.fail("column '" + record.column(f) + "' value '" + record.text(f) + "' is out of range (allowed >= 0)");
    if (ages[g] && record.percent(f)) *ages[g] *= population / 100;
  }
  return ages;
}

Imported import_wijk(const Record& record, bool decimal_comma, const std::string& code,
                     const std::array<double, kAgeGroups>& age_shares, const std::string& age_shares_source) {
  Imported imported;
  WijkRow& row = imported.row;
  row.code = code;
  row.name = record.text(kName).empty() ? code : record.text(kName);

  const auto out_of_range = [&](Field f, const std::string& allowed) {
    record.fail("column '" + record.column(f) + "' value '" + record.text(f) + "' is out of range (allowed " +
                allowed + ")");
  };
  row.population = record.required(kPopulation, decimal_comma, code);
  if (row.population < 0) out_of_range(kPopulation, ">= 0");
  row.households = record.required(kHouseholds, decimal_comma, code);
  if (!(row.households > 0 && row.households <= row.population))
    out_of_range(kHouseholds, "> 0 and at most the residents, " + csv::format_number(row.population));

  const double one_person = record.required(kOnePerson, decimal_comma, code);
  if (record.percent(kOnePerson)) {
    if (one_person < 0 || one_person > 100) out_of_range(kOnePerson, "0..100 (%)");
    row.one_person_share = one_person / 100;
  } else {
    if (one_person < 0 || one_person > row.households)
      out_of_range(kOnePerson, "0.." + csv::format_number(row.households) + ", the households");
    row.one_person_share = one_person / row.households;
  }

  if (const auto size = record.number(kMeanSize, decimal_comma)) {
    if (*size < 1 || *size > 10) out_of_range(kMeanSize, "1..10");
    row.mean_household_size = *size;
  } else {
    // Residents per household: slightly above CBS's figure, which leaves out
    // residents of institutions.
    row.mean_household_size = std::clamp(row.population / row.households, 1.0, 10.0);
    imported.estimated.push_back("mean_household_size (residents / households)");
  }

  const auto ages = age_counts(record, decimal_comma, row.population);
  std::array<double, kAgeGroups> counts{};
  double sum = 0;
  const bool complete = std::all_of(ages.begin(), ages.end(), [](const auto& a) { return a.has_value(); });
  if (complete)
    for (std::size_t g = 0; g < kAgeGroups; ++g) sum += counts[g] = *ages[g];
  if (!complete || sum <= 0) {
    for (std::size_t g = 0; g < kAgeGroups; ++g) counts[g] = row.population * age_shares[g];
    imported.estimated.push_back("age groups (" + age_shares_source + ")");
  } else if (std::abs(sum - row.population) > 0.02 * row.population) {
    // CBS rounds small counts; the wijk table needs groups within 2% of the residents.
    for (double& count : counts) count *= row.population / sum;
    imported.estimated.push_back("age groups (scaled to the residents, the file's groups sum to " +
                                 csv::format_number(sum) + ")");
  }
  row.age_0_14 = counts[0];
  row.age_15_24 = counts[1];
  row.age_25_44 = counts[2];
  row.age_45_64 = counts[3];
  row.age_65_plus = counts[4];

  imported.income = record.number(kIncome, decimal_comma);
  if (imported.income && *imported.income < 0) out_of_range(kIncome, ">= 0");
  row.niches = estimate_niches(row);
  return imported;
}

// Age shares of the gemeente row, if the file has one with all five groups.
std::optional<std::array<double, kAgeGroups>> gemeente_age_shares(const Record& record, bool decimal_comma) {
  const auto population = record.number(kPopulation, decimal_comma);
  if (!population || *population <= 0) return std::nullopt;
  const auto ages = age_counts(record, decimal_comma, *population);
  double sum = 0;
  for (const auto& age : ages) {
    if (!age) return std::nullopt;
    sum += *age;
  }
  if (sum <= 0) return std::nullopt;
  std::array<double, kAgeGroups> shares{};
  for (std::size_t g = 0; g < kAgeGroups; ++g) shares[g] = *ages[g] / sum;
  return shares;
}

}  // namespace

std::vector<WijkRow> import_cbs(const std::string& path, const CbsImportOptions& options) {
  const auto gemeente = check_gemeente(options.gemeente);
  if (!(options.vulnerable_share >= 0 && options.vulnerable_share <= 1))
    throw engine::InputError("vulnerable share '" + csv::format_number(options.vulnerable_share) +
                             "' is out of range (allowed 0..1)");

  // CBS files come as UTF-8 or as Excel's Windows-1252; bytes that are not
  // UTF-8 can only be the latter, which maps every byte to a character.
  const std::string bytes = csv::read_file(path);
  std::string text(csv::strip_bom(bytes));
  if (csv::find_invalid_utf8(text)) text = csv::cp1252_to_utf8(text);
  const auto lines = csv::split_lines(text);

  const Layout layout = find_header(path, lines);
  std::vector<Record> records;
  for (std::size_t i = layout.header_line; i < lines.size(); ++i) {
    if (csv::trim(lines[i]).empty()) continue;
    std::vector<std::string> fields;
    try {
      fields = csv::split_fields(lines[i], layout.separator);
    } catch (const csv::SyntaxError& error) {
      throw engine::InputError(path + ":" + std::to_string(i + 1) + ": " + error.what());
    }
    // StatLine ends its export with a one-field note ("Bron: CBS"), no data.
    if (fields.size() == 1 && layout.header.size() > 1) continue;
    if (fields.size() != layout.header.size())
      throw engine::InputError(path + ":" + std::to_string(i + 1) + ": " + std::to_string(fields.size()) +
                               " fields, header (line " + std::to_string(layout.header_line) + ") has " +
                               std::to_string(layout.header.size()));
    records.emplace_back(path, i + 1, std::move(fields), layout);
  }
  const bool decimal_comma = uses_decimal_comma(records);

  // The gemeente's own row gives the age shares for wijken without age groups.
  std::array<double, kAgeGroups> age_shares = kDutchAgeShares;
  std::string age_shares_source = "Dutch age shares, no gemeente row in the file";
  std::vector<const Record*> wijken;
  std::set<std::string> other_gemeenten;
  for (const auto& record : records) {
    const auto level = ascii_lower(record.text(kLevel));
    const auto code = full_code(record.text(kCode), level);
    if (code == gemeente.code) {
      if (const auto shares = gemeente_age_shares(record, decimal_comma)) {
        age_shares = *shares;
        age_shares_source = "age shares of the gemeente row, line " + std::to_string(record.line());
      }
    } else if (level == "wijk" || code.starts_with("WK")) {
      if (code.starts_with("WK" + gemeente.digits))
        wijken.push_back(&record);
      else if (code.size() >= 6)
        other_gemeenten.insert("GM" + code.substr(2, 4));
    }
  }

  std::vector<Imported> imported;
  std::map<std::string, std::size_t> code_lines;
  for (const Record* record : wijken) {
    const auto code = full_code(record->text(kCode), ascii_lower(record->text(kLevel)));
    if (const auto [first, added] = code_lines.emplace(code, record->line()); !added)
      record->fail("duplicate wijk code '" + code + "' (first on line " + std::to_string(first->second) + ")");
    // A wijk without residents (an industrial estate) has no one to simulate.
    if (record->number(kPopulation, decimal_comma) == 0.0) continue;
    imported.push_back(import_wijk(*record, decimal_comma, code, age_shares, age_shares_source));
  }
  if (imported.empty()) {
    std::string others;
    for (const auto& other : other_gemeenten) others += (others.empty() ? "" : ", ") + other;
    throw engine::InputError(path + ": no wijk rows with residents for gemeente " + gemeente.code +
                             " (allowed: a file with rows of level Wijk and codes WK" + gemeente.digits + "xx" +
                             (others.empty() ? std::string{} : "; the file has wijken of " + others) + ")");
  }

  // Income relative to the gemeente's mean over its wijken, weighted by
  // residents so that the typical resident's shift is about 0.
  double income_sum = 0;
  double income_weight = 0;
  for (const auto& wijk : imported)
    if (wijk.income) income_sum += *wijk.income * wijk.row.population, income_weight += wijk.row.population;
  const double mean_income = income_weight > 0 ? income_sum / income_weight : 0;

  const std::string file_name = std::filesystem::path(path).filename().string();
  std::vector<WijkRow> rows;
  for (auto& wijk : imported) {
    std::string estimated = "vulnerable_share (national EPA prevalence, Delespaul 2013, unless set)";
    if (wijk.income && mean_income > 0) {
      wijk.row.attitude_shift = estimate_attitude_shift(*wijk.income, mean_income);
      estimated += ", attitude_shift (income vs the gemeente's mean " + csv::format_number(mean_income) + ")";
    } else {
      estimated += ", attitude_shift (0: no income figure)";
    }
    estimated += ", niches (per 10,000 adults, see cbs_import.cpp)";
    for (const auto& item : wijk.estimated) estimated += ", " + item;
    wijk.row.vulnerable_share = options.vulnerable_share;
    wijk.row.source = "CBS KWB " + file_name + " line " + std::to_string(code_lines.at(wijk.row.code)) +
                      "; estimated: " + estimated;
    rows.push_back(std::move(wijk.row));
  }
  return rows;
}

}  // namespace kw::model
