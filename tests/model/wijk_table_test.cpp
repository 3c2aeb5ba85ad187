#include "model/wijk_table.h"

#include "engine/errors.h"
#include "model/cbs_import.h"

#include <gtest/gtest.h>

#include <fstream>
#include <numeric>
#include <sstream>

namespace kw::model {
namespace {

std::string source_file(const std::string& relative) { return std::string(KWARTIER_SOURCE_DIR) + "/" + relative; }

std::string temp_file(const std::string& name, const std::string& content) {
  const std::string path = ::testing::TempDir() + "wijk_table_test_" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

// The message read_wijk_table() throws for the file, or a note that it did not throw.
std::string error_of(const std::string& path) {
  try {
    read_wijk_table(path);
  } catch (const engine::InputError& error) {
    return error.what();
  }
  return "(no InputError)";
}

const std::string kHeader =
    "code,name,population,households,one_person_share,mean_household_size,age_0_14,age_15_24,age_25_44,"
    "age_45_64,age_65_plus,vulnerable_share,attitude_shift,niches_community_centre,niches_volunteer_org,"
    "niches_sports_hobby,niches_faith,niches_library,niches_meeting_cafe,niches_employer,source";
const std::string kCentrum = "WK082801,Oss-Centrum,6000,3400,0.47,1.72,600,750,1800,1450,1400,0.02,-0.01,2,2,4,1,0,1,1,test";
const std::string kUssen = "WK082802,Ussen,9000,3900,0.3,2.29,1285,1002,2316,2457,1940,0.017,0,2,3,6,1,0,1,1,test";

// kCentrum with one column's value replaced (its fields hold no commas or quotes).
std::string centrum_with(const std::string& column, const std::string& value) {
  const auto columns = wijk_table_columns();
  std::vector<std::string> fields;
  std::stringstream in(kCentrum);
  for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
  const auto at = std::find(columns.begin(), columns.end(), column) - columns.begin();
  fields.at(static_cast<std::size_t>(at)) = value;
  return std::accumulate(std::next(fields.begin()), fields.end(), fields.front(),
                         [](const std::string& a, const std::string& b) { return a + "," + b; });
}

// A table whose line 3 (after the header and Ussen) is `line`.
std::string table_file(const std::string& name, const std::string& line) {
  return temp_file(name, kHeader + "\n" + kUssen + "\n" + line + "\n");
}

double total(const std::vector<WijkRow>& rows, double WijkRow::*member) {
  double sum = 0;
  for (const auto& row : rows) sum += row.*member;
  return sum;
}

const WijkRow& row_named(const std::vector<WijkRow>& rows, const std::string& name) {
  const auto found = std::find_if(rows.begin(), rows.end(), [&](const WijkRow& row) { return row.name == name; });
  if (found == rows.end()) throw std::runtime_error("no row named " + name);
  return *found;
}

// --- the shipped Oss table ---------------------------------------------------

TEST(WijkTable, ShippedOssTableHasTwelveAreasWithTheGemeenteTotals) {
  const auto rows = read_wijk_table(source_file("scenarios/data/oss-wijken.csv"));
  ASSERT_EQ(rows.size(), 12u);
  EXPECT_EQ(rows.front().code, "OSS-01");
  EXPECT_EQ(rows.back().code, "OSS-12");
  EXPECT_NO_THROW(row_named(rows, "Ussen"));
  EXPECT_NO_THROW(row_named(rows, "Oss-Zuid"));
  EXPECT_NO_THROW(row_named(rows, "Noordwest"));

  // CBS 2025: 95,239 residents in 43,459 households, 15,812 of one person.
  EXPECT_NEAR(total(rows, &WijkRow::population), 95239, 0.005 * 95239);
  EXPECT_NEAR(total(rows, &WijkRow::households), 43459, 0.005 * 43459);
  double one_person = 0;
  for (const auto& row : rows) one_person += row.one_person_share * row.households;
  EXPECT_NEAR(one_person, 15812, 0.01 * 15812);
  for (const auto& row : rows) EXPECT_NE(row.source, "") << row.name;
}

TEST(WijkTable, ShippedOssTableRowsAreConsistent) {
  const auto rows = read_wijk_table(source_file("scenarios/data/oss-wijken.csv"));
  for (const auto& row : rows) {
    // Households follow from residents in private households (99.0%) and the mean size.
    EXPECT_NEAR(row.households * row.mean_household_size, 0.990 * row.population, 0.01 * row.population) << row.name;
    EXPECT_EQ(row.niches, estimate_niches(row)) << row.name << ": niches follow the importer's rules";
    EXPECT_NE(row.source.find("population "), std::string::npos) << row.name;
    EXPECT_NE(row.source.find("estimate"), std::string::npos) << row.name << ": every row has estimates";
  }
  EXPECT_NEAR(row_named(rows, "Ruwaard").population, 14000, 0.5);
  EXPECT_NEAR(row_named(rows, "Berghem").population, 9516, 0.5);
  EXPECT_NE(row_named(rows, "Berghem").source.find("population sourced: 9,516"), std::string::npos);
  EXPECT_NEAR(row_named(rows, "Ussen").population + row_named(rows, "Noordwest").population, 15000 * 1.12, 20);
  EXPECT_GT(row_named(rows, "Centrum-Krinkelhoek-Mettegeupel").one_person_share, 0.43);
  EXPECT_LT(row_named(rows, "Herpen").one_person_share, 0.30);
  EXPECT_DOUBLE_EQ(row_named(rows, "Schadewijk").attitude_shift, -0.05);
  EXPECT_DOUBLE_EQ(row_named(rows, "Schadewijk").vulnerable_share, 0.022);
  EXPECT_DOUBLE_EQ(row_named(rows, "Ussen").vulnerable_share, 0.017);
  for (const auto& [name, centre] : {std::pair{"Ussen", "De Hille"}, {"Oss-Zuid", "De Kortfoort"},
                                     {"Ruwaard", "De Haard"}, {"Schadewijk", "wijkcentrum Schadewijk"}}) {
    const auto& row = row_named(rows, name);
    EXPECT_NE(row.source.find(centre), std::string::npos) << name;
    EXPECT_GE(row.niches[static_cast<int>(NicheType::CommunityCentre)], 1) << name;
  }
}

// --- reading and writing ------------------------------------------------------

TEST(WijkTable, ReadsBomCommentsBlankLinesQuotedNamesAndCrlf) {
  const auto rows = read_wijk_table(source_file("tests/data/wijk/quoted-names.csv"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].code, "WK079601");
  EXPECT_EQ(rows[0].name, "\u2019s-Hertogenbosch, Centrum");
  EXPECT_EQ(rows[0].source, "CBS KWB 2024; the \"centre\" of town");
  EXPECT_DOUBLE_EQ(rows[0].attitude_shift, -0.01);
  EXPECT_EQ(rows[0].niches, (std::array<int, kNicheTypes>{2, 4, 8, 2, 1, 2, 2}));
  EXPECT_EQ(rows[1].code, "A-2");
  EXPECT_EQ(rows[1].name, "Provinci\u00ebnbuurt");
  EXPECT_EQ(rows[1].source, "");
  EXPECT_DOUBLE_EQ(rows[1].age_65_plus, 1000);
}

TEST(WijkTable, ColumnsMayComeInAnyOrder) {
  const std::string path = temp_file("order.csv",
                                     "source,code,name,population,households,one_person_share,mean_household_size,"
                                     "age_65_plus,age_45_64,age_25_44,age_15_24,age_0_14,vulnerable_share,"
                                     "attitude_shift,niches_employer,niches_meeting_cafe,niches_library,niches_faith,"
                                     "niches_sports_hobby,niches_volunteer_org,niches_community_centre\n"
                                     "s,X1,X,100,50,0.5,2,10,20,30,15,25,0.1,0.2,7,6,5,4,3,2,1\n");
  const auto rows = read_wijk_table(path);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].source, "s");
  EXPECT_DOUBLE_EQ(rows[0].age_0_14, 25);
  EXPECT_DOUBLE_EQ(rows[0].age_65_plus, 10);
  EXPECT_EQ(rows[0].niches, (std::array<int, kNicheTypes>{1, 2, 3, 4, 5, 6, 7}));
}

TEST(WijkTable, WritesTheHeaderInColumnOrder) {
  std::ostringstream out;
  write_wijk_table(out, {});
  EXPECT_EQ(out.str(), kHeader + "\n");
  EXPECT_EQ(wijk_table_columns().size(), 21u);
}

TEST(WijkTable, RoundTripGivesEqualRows) {
  WijkRow awkward;
  awkward.code = "#1";  // would read as a comment line unless quoted
  awkward.name = " 's-Hertogenbosch, \"Centrum\" ";
  awkward.population = 0.1 + 0.2;  // not a short decimal
  awkward.households = 1e-7;
  awkward.one_person_share = 1.0 / 3;
  awkward.mean_household_size = 2.171717171717;
  awkward.age_0_14 = 0.05, awkward.age_15_24 = 0.05, awkward.age_25_44 = 0.1, awkward.age_45_64 = 0.05;
  awkward.age_65_plus = 0.05;
  awkward.vulnerable_share = 0.017;
  awkward.attitude_shift = -0.0107142857142857;
  awkward.niches = {0, 1, 2, 3, 4, 5, 100000};
  awkward.source = "";
  std::vector<WijkRow> rows = {awkward};
  const auto oss = read_wijk_table(source_file("scenarios/data/oss-wijken.csv"));
  rows.insert(rows.end(), oss.begin(), oss.end());

  std::ostringstream out;
  write_wijk_table(out, rows);
  const auto back = read_wijk_table(temp_file("round_trip.csv", out.str()));
  ASSERT_EQ(back.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(back[i], rows[i]) << "row " << i;
  EXPECT_EQ(back[0].name, awkward.name);
}

TEST(WijkTable, WritingALineBreakIsRefused) {
  WijkRow row;
  row.name = "two\nlines";
  std::ostringstream out;
  EXPECT_THROW(write_wijk_table(out, {row}), std::invalid_argument);
}

// --- errors: one line naming file, line, column, value and what is allowed ------

TEST(WijkTableError, MissingFile) {
  const std::string path = ::testing::TempDir() + "no_such_wijk_table.csv";
  EXPECT_EQ(error_of(path), path + ": cannot open file: No such file or directory");
}

TEST(WijkTableError, NoHeader) {
  const auto path = temp_file("no_header.csv", "# only a comment\n\n");
  EXPECT_EQ(error_of(path), path + ": no header line (the first line that is not blank or a '#' comment must "
                                   "name the columns: " + kHeader + ")");
}

TEST(WijkTableError, EmptyTable) {
  const auto path = temp_file("empty.csv", "# comment\n" + kHeader + "\n\n# no rows\n");
  EXPECT_EQ(error_of(path), path + ": no wijk rows (allowed: at least one row after the header on line 2)");
}

TEST(WijkTableError, MissingColumn) {
  std::string header = kHeader;
  header.erase(header.find("households,"), std::string("households,").size());
  const auto path = temp_file("missing_column.csv", header + "\n");
  const auto error = error_of(path);
  EXPECT_EQ(error.rfind(path + ":1: missing column 'households' (columns are: code, name, population, "
                               "one_person_share,", 0),
            0u)
      << error;
}

TEST(WijkTableError, UnknownColumn) {
  const auto path = temp_file("unknown_column.csv", kHeader + ",notes\n" + kCentrum + ",x\n");
  const auto error = error_of(path);
  EXPECT_EQ(error.rfind(path + ":1: unknown column 'notes' (allowed: code, name, population,", 0), 0u) << error;
}

TEST(WijkTableError, DuplicateColumn) {
  const auto path = temp_file("duplicate_column.csv", kHeader + ",name\n" + kCentrum + ",x\n");
  EXPECT_EQ(error_of(path), path + ":1: column 'name' appears twice (fields 2 and 22)");
}

TEST(WijkTableError, WrongNumberOfFields) {
  const auto path = table_file("fields.csv", kCentrum.substr(0, kCentrum.rfind(',')));
  EXPECT_EQ(error_of(path), path + ":3: 20 fields, header has 21");
}

TEST(WijkTableError, NotANumber) {
  for (const std::string value : {"12abc", "6,000", "", "nan", "inf", "+5", "1e999", "0x10"}) {
    const auto path = table_file("not_a_number.csv", centrum_with("population", "\"" + value + "\""));
    EXPECT_EQ(error_of(path), path + ":3: column 'population' value '" + value +
                                  "' is not a number (allowed: a number with '.' as decimal point, e.g. 1234 or 0.36)");
  }
}

TEST(WijkTableError, ShareOutOfRange) {
  const auto path = table_file("share.csv", centrum_with("one_person_share", "1.4"));
  EXPECT_EQ(error_of(path), path + ":3: column 'one_person_share' value '1.4' is out of range (allowed 0..1)");
  const auto vulnerable = table_file("vulnerable.csv", centrum_with("vulnerable_share", "-0.1"));
  EXPECT_EQ(error_of(vulnerable),
            vulnerable + ":3: column 'vulnerable_share' value '-0.1' is out of range (allowed 0..1)");
}

TEST(WijkTableError, PopulationNotPositive) {
  const auto path = table_file("population.csv", centrum_with("population", "0"));
  EXPECT_EQ(error_of(path), path + ":3: column 'population' value '0' is out of range (allowed > 0)");
}

TEST(WijkTableError, HouseholdsAbovePopulation) {
  const auto path = table_file("households.csv", centrum_with("households", "6001"));
  EXPECT_EQ(error_of(path), path + ":3: column 'households' value '6001' is out of range (allowed > 0 and at most "
                                   "the population, 6000)");
}

TEST(WijkTableError, MeanHouseholdSizeOutOfRange) {
  for (const std::string value : {"0.9", "10.5"}) {
    const auto path = table_file("size.csv", centrum_with("mean_household_size", value));
    EXPECT_EQ(error_of(path),
              path + ":3: column 'mean_household_size' value '" + value + "' is out of range (allowed 1..10)");
  }
}

TEST(WijkTableError, AttitudeShiftOutOfRange) {
  const auto path = table_file("attitude.csv", centrum_with("attitude_shift", "0.6"));
  EXPECT_EQ(error_of(path), path + ":3: column 'attitude_shift' value '0.6' is out of range (allowed -0.5..0.5)");
}

TEST(WijkTableError, NegativeAgeGroup) {
  const auto path = table_file("age_negative.csv", centrum_with("age_15_24", "-750"));
  EXPECT_EQ(error_of(path), path + ":3: column 'age_15_24' value '-750' is out of range (allowed >= 0)");
}

TEST(WijkTableError, AgeGroupsDoNotAddUp) {
  // 600 + 750 + 1800 + 1450 + 1550 = 6150: 2.5% above the population.
  const auto path = table_file("age_sum.csv", centrum_with("age_65_plus", "1550"));
  EXPECT_EQ(error_of(path), path + ":3: columns 'age_0_14'..'age_65_plus' sum to 6150, population is 6000 "
                                   "(allowed: within 2%, 5880..6120)");
  EXPECT_NO_THROW(read_wijk_table(table_file("age_sum_ok.csv", centrum_with("age_65_plus", "1500"))));
}

TEST(WijkTableError, NicheCountNegativeOrNotWhole) {
  const auto negative = table_file("niche_negative.csv", centrum_with("niches_faith", "-1"));
  EXPECT_EQ(error_of(negative),
            negative + ":3: column 'niches_faith' value '-1' is out of range (allowed: a whole number 0..100000)");
  const auto fraction = table_file("niche_fraction.csv", centrum_with("niches_library", "0.5"));
  EXPECT_EQ(error_of(fraction),
            fraction + ":3: column 'niches_library' value '0.5' is not a whole number (allowed: a whole number 0..100000)");
}

TEST(WijkTableError, EmptyCode) {
  const auto path = table_file("empty_code.csv", centrum_with("code", ""));
  EXPECT_EQ(error_of(path),
            path + ":3: column 'code' is empty (allowed: any text without line breaks, e.g. WK082801)");
}

TEST(WijkTableError, DuplicateCode) {
  const auto path = table_file("duplicate_code.csv", centrum_with("code", "WK082802"));
  EXPECT_EQ(error_of(path), path + ":3: duplicate code 'WK082802' (first on line 2)");
}

TEST(WijkTableError, UnclosedQuote) {
  const auto path = table_file("quote.csv", centrum_with("name", "\"Oss-Centrum"));
  EXPECT_EQ(error_of(path), path + ":3: field 2 opens a quote that is not closed");
}

TEST(WijkTableError, NotUtf8) {
  const auto path = table_file("latin1.csv", centrum_with("name", "Provinci\xEBnbuurt"));
  EXPECT_EQ(error_of(path),
            path + ":3: byte 18 is not valid UTF-8 (allowed: UTF-8 text; save the file as UTF-8)");
}

}  // namespace
}  // namespace kw::model
