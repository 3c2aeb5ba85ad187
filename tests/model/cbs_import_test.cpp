#include "model/cbs_import.h"

#include "engine/errors.h"
#include "model/wijk_table.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace kw::model {
namespace {

std::string data_file(const std::string& name) {
  return std::string(KWARTIER_SOURCE_DIR) + "/tests/data/cbs/" + name;
}

std::string temp_file(const std::string& name, const std::string& content) {
  const std::string path = ::testing::TempDir() + "cbs_import_test_" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

CbsImportOptions oss() { return {"GM0828", 0.017}; }

std::string error_of(const std::string& path, const CbsImportOptions& options = oss()) {
  try {
    import_cbs(path, options);
  } catch (const engine::InputError& error) {
    return error.what();
  }
  return "(no InputError)";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

using Niches = std::array<int, kNicheTypes>;

// --- estimates ------------------------------------------------------------------

TEST(CbsEstimate, NichesPerTenThousandAdults) {
  WijkRow row;
  row.population = 26500;
  row.age_0_14 = 4000;
  row.age_15_24 = 3333.33;  // adults = 26500 - 4000 - 0.3 x 3333.33 = 21500
  // community centre 1 + 2.15, volunteer 8.6, sports 17.2, faith 4.3, library 21500 / 15000 = 1.43,
  // cafe 4.3, employer 4.3, each rounded
  EXPECT_EQ(estimate_niches(row), (Niches{3, 9, 17, 4, 1, 4, 4}));

  row.population = 1900;  // below 2,000 residents: no community centre of its own
  row.age_0_14 = 300;
  row.age_15_24 = 0;  // 1,600 adults
  EXPECT_EQ(estimate_niches(row), (Niches{0, 1, 1, 0, 0, 0, 0}));

  row = WijkRow{};  // no residents, no niches
  EXPECT_EQ(estimate_niches(row), (Niches{0, 0, 0, 0, 0, 0, 0}));
}

TEST(CbsEstimate, AttitudeShiftFollowsIncomeAndIsClamped) {
  EXPECT_DOUBLE_EQ(estimate_attitude_shift(30, 30), 0);
  EXPECT_NEAR(estimate_attitude_shift(27, 30), -0.01, 1e-12);
  EXPECT_NEAR(estimate_attitude_shift(33, 30), 0.01, 1e-12);
  EXPECT_DOUBLE_EQ(estimate_attitude_shift(90, 30), 0.1);
  EXPECT_DOUBLE_EQ(estimate_attitude_shift(0, 30), -0.1);
  EXPECT_DOUBLE_EQ(estimate_attitude_shift(30, 0), 0);
}

// --- the data-file layout: ';', decimal comma, '.' for missing -------------------

TEST(CbsImport, DataFileLayout) {
  const auto rows = import_cbs(data_file("kwb-2024-sample.csv"), {"GM0828", 0.02});
  // Kept: the Oss wijken with residents; skipped: gemeente and buurt rows, the
  // industrial estate without residents and the 's-Hertogenbosch rows.
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].code, "WK082801");  // "WK082801  " trimmed
  EXPECT_EQ(rows[1].code, "WK082802");
  EXPECT_EQ(rows[2].code, "WK082804");

  const auto& centrum = rows[0];
  EXPECT_EQ(centrum.name, "Oss-Centrum");
  EXPECT_DOUBLE_EQ(centrum.population, 6000);
  EXPECT_DOUBLE_EQ(centrum.households, 3400);
  EXPECT_DOUBLE_EQ(centrum.one_person_share, 1600.0 / 3400);
  EXPECT_DOUBLE_EQ(centrum.mean_household_size, 1.72);  // "1,72"
  EXPECT_DOUBLE_EQ(centrum.age_0_14, 600);
  EXPECT_DOUBLE_EQ(centrum.age_15_24, 750);
  EXPECT_DOUBLE_EQ(centrum.age_25_44, 1800);
  EXPECT_DOUBLE_EQ(centrum.age_45_64, 1450);
  EXPECT_DOUBLE_EQ(centrum.age_65_plus, 1400);
  EXPECT_DOUBLE_EQ(centrum.vulnerable_share, 0.02);
  // Income 27.5 against the resident-weighted mean of the wijken with income:
  // (6000 x 27.5 + 9000 x 33.0) / 15000 = 30.8.
  EXPECT_DOUBLE_EQ(centrum.attitude_shift, 0.1 * (27.5 / 30.8 - 1));
  EXPECT_DOUBLE_EQ(rows[1].attitude_shift, 0.1 * (33.0 / 30.8 - 1));
  // 5,175 adults: 1 + 1 community centres, 2 volunteer, 4 sports, 1 faith, no library, 1 cafe, 1 employer.
  EXPECT_EQ(centrum.niches, (Niches{2, 2, 4, 1, 0, 1, 1}));
  EXPECT_EQ(centrum.source, "CBS KWB kwb-2024-sample.csv line 3; estimated: vulnerable_share (national EPA "
                            "prevalence, Delespaul 2013, unless set), attitude_shift (income vs the gemeente's mean "
                            "30.8), niches (per 10,000 adults, see cbs_import.cpp)");
}

TEST(CbsImport, MissingAgeGroupsTakeTheGemeenteRowsShares) {
  const auto rows = import_cbs(data_file("kwb-2024-sample.csv"), oss());
  const auto& ussen = rows.at(1);
  EXPECT_EQ(ussen.name, "Ussen");
  EXPECT_DOUBLE_EQ(ussen.age_0_14, 9000 * 13600.0 / 95239);
  EXPECT_DOUBLE_EQ(ussen.age_65_plus, 9000 * 20639.0 / 95239);
  EXPECT_NEAR(ussen.age_0_14 + ussen.age_15_24 + ussen.age_25_44 + ussen.age_45_64 + ussen.age_65_plus, 9000, 1e-9);
  EXPECT_TRUE(contains(ussen.source, "age groups (age shares of the gemeente row, line 2)")) << ussen.source;
}

TEST(CbsImport, MissingIncomeGivesNoAttitudeShift) {
  const auto rows = import_cbs(data_file("kwb-2024-sample.csv"), oss());
  const auto& schadewijk = rows.at(2);
  EXPECT_EQ(schadewijk.name, "Schadewijk");
  EXPECT_DOUBLE_EQ(schadewijk.attitude_shift, 0);
  EXPECT_TRUE(contains(schadewijk.source, "attitude_shift (0: no income figure)")) << schadewijk.source;
}

TEST(CbsImport, OtherGemeenteFromTheSameFile) {
  const auto rows = import_cbs(data_file("kwb-2024-sample.csv"), {"GM0796", 0.017});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].code, "WK079601");
  EXPECT_EQ(rows[0].name, "'s-Hertogenbosch-Centrum");
  EXPECT_DOUBLE_EQ(rows[0].attitude_shift, 0);  // its own mean: the only wijk
}

TEST(CbsImport, ImportedTableReadsBackAsAWijkTable) {
  const auto rows = import_cbs(data_file("kwb-2024-sample.csv"), oss());
  std::ostringstream out;
  write_wijk_table(out, rows);
  EXPECT_EQ(read_wijk_table(temp_file("written.csv", out.str())), rows);
}

TEST(CbsImport, ByteOrderMarkIsSkipped) {
  // The code column comes first, so a BOM left in place would hide it.
  const auto path = temp_file("bom.csv", "\xEF\xBB\xBFgwb_code_10;regio;recs;a_inw;a_hh;a_1p_hh\n"
                                         "WK082801;Oss-Centrum;Wijk;6000;3400;1600\n");
  const auto rows = import_cbs(path, oss());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].code, "WK082801");
}

TEST(CbsImport, ThousandsSeparatorsInADecimalCommaFile) {
  const auto path = temp_file("thousands.csv",
                              "gwb_code_10;regio;recs;a_inw;a_hh;a_1p_hh;g_hhgro\n"
                              "WK082801;Oss-Centrum;Wijk;12.000;6.800;3.200;1,72\n");
  const auto rows = import_cbs(path, oss());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(rows[0].population, 12000);
  EXPECT_DOUBLE_EQ(rows[0].households, 6800);
  EXPECT_DOUBLE_EQ(rows[0].mean_household_size, 1.72);
}

TEST(CbsImport, BareNumericCodesWithoutAgeGroupsOrSize) {
  // Only gwb_code_8, whose leading zero Excel dropped; no age groups, no mean size.
  const auto path = temp_file("code8.csv",
                              "gwb_code_8,regio,recs,a_inw,a_hh,a_1p_hh\n"
                              "828,Oss,Gemeente,95239,43459,15812\n"
                              "82801,Oss-Centrum,Wijk,6000,3400,1600\n"
                              "8280101,Centrum,Buurt,2000,1300,700\n");
  const auto rows = import_cbs(path, oss());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].code, "WK082801");
  EXPECT_DOUBLE_EQ(rows[0].mean_household_size, 6000.0 / 3400);
  EXPECT_DOUBLE_EQ(rows[0].age_0_14, 6000 * 0.155);  // Dutch shares: the gemeente row has no ages
  EXPECT_DOUBLE_EQ(rows[0].age_65_plus, 6000 * 0.205);
  EXPECT_TRUE(contains(rows[0].source, "mean_household_size (residents / households)")) << rows[0].source;
  EXPECT_TRUE(contains(rows[0].source, "age groups (Dutch age shares, no gemeente row in the file)"));
  EXPECT_TRUE(contains(rows[0].source, "attitude_shift (0: no income figure)"));
}

TEST(CbsImport, AgeGroupsFarFromThePopulationAreScaled) {
  const auto path = temp_file("ages.csv",
                              "gwb_code_10;regio;recs;a_inw;a_hh;a_1p_hh;a_00_14;a_15_24;a_25_44;a_45_64;a_65_oo\n"
                              "WK082801;Oss-Centrum;Wijk;100;50;20;10;10;20;20;20\n");
  const auto rows = import_cbs(path, oss());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(rows[0].age_0_14, 12.5);  // the groups sum to 80: scaled by 100/80
  EXPECT_DOUBLE_EQ(rows[0].age_65_plus, 25);
  EXPECT_TRUE(contains(rows[0].source, "age groups (scaled to the residents, the file's groups sum to 80)"));
}

// --- StatLine's long Dutch headers ---------------------------------------------------

TEST(CbsImport, StatLineLayout) {
  const auto rows = import_cbs(data_file("statline-85984NED-sample.csv"), oss());
  ASSERT_EQ(rows.size(), 2u);  // not the gemeente, the buurt or Rosmalen-Noord
  const auto& zuid = rows[0];
  EXPECT_EQ(zuid.code, "WK082806");
  EXPECT_EQ(zuid.name, "Oss-Zuid");
  EXPECT_DOUBLE_EQ(zuid.population, 12300);  // not the density column "(aantal inwoners per km²)"
  EXPECT_DOUBLE_EQ(zuid.households, 5900);
  EXPECT_DOUBLE_EQ(zuid.one_person_share, 2420.0 / 5900);
  EXPECT_DOUBLE_EQ(zuid.mean_household_size, 2.06);
  EXPECT_DOUBLE_EQ(zuid.age_0_14, 1700);
  EXPECT_DOUBLE_EQ(zuid.age_65_plus, 2900);
  const double mean = (12300 * 28.1 + 3100 * 34.2) / 15400;
  EXPECT_DOUBLE_EQ(zuid.attitude_shift, 0.1 * (28.1 / mean - 1));
  EXPECT_EQ(rows[1].name, "Megen, Haren en Macharen");
  EXPECT_EQ(rows[1].code, "WK082807");
  EXPECT_DOUBLE_EQ(rows[1].households, 1300);
  EXPECT_TRUE(contains(zuid.source, "CBS KWB statline-85984NED-sample.csv line 3;")) << zuid.source;
}

TEST(CbsImport, StatLineWithTitleLineFooterAndDecimalComma) {
  const auto path = temp_file("statline_title.csv",
                              "\"Kerncijfers wijken en buurten 2024\"\n"
                              "\"Wijken en buurten\";\"Regioaanduiding/Soort regio (omschrijving)\";"
                              "\"Regioaanduiding/Codering (code)\";\"Bevolking/Aantal inwoners (aantal)\";"
                              "\"Bevolking/Particuliere huishoudens/Huishoudens totaal (aantal)\";"
                              "\"Bevolking/Particuliere huishoudens/Eenpersoonshuishoudens (aantal)\";"
                              "\"Bevolking/Particuliere huishoudens/Gemiddelde huishoudensgrootte (aantal)\"\n"
                              "\"Ussen\";\"Wijk     \";\"WK082802  \";\"9000\";\"3900\";\"1170\";\"2,29\"\n"
                              "\"Bron: CBS\"\n");
  const auto rows = import_cbs(path, oss());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].code, "WK082802");
  EXPECT_DOUBLE_EQ(rows[0].mean_household_size, 2.29);
  EXPECT_DOUBLE_EQ(rows[0].one_person_share, 0.3);
  EXPECT_TRUE(contains(rows[0].source, "line 3;")) << rows[0].source;
}

TEST(CbsImport, ODataColumnNames) {
  const auto path = temp_file("odata.csv",
                              "ID,WijkenEnBuurten,Gemeentenaam_1,SoortRegio_2,Codering_3,AantalInwoners_5,"
                              "k_0Tot15Jaar_8,k_15Tot25Jaar_9,k_25Tot45Jaar_10,k_45Tot65Jaar_11,k_65JaarOfOuder_12,"
                              "HuishoudensTotaal_28,Eenpersoonshuishoudens_29,GemiddeldeHuishoudensgrootte_32,"
                              "GemiddeldInkomenPerInkomensontvanger_67\n"
                              "1,Ussen,Oss,Wijk,WK082802,9000,1300,1000,2300,2450,1950,3900,1170,2.29,33.0\n");
  const auto rows = import_cbs(path, oss());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].name, "Ussen");
  EXPECT_DOUBLE_EQ(rows[0].age_15_24, 1000);
  EXPECT_DOUBLE_EQ(rows[0].age_65_plus, 1950);
  EXPECT_DOUBLE_EQ(rows[0].one_person_share, 0.3);
}

// --- Windows-1252 and percentages ------------------------------------------------------

TEST(CbsImport, Windows1252NamesBecomeUtf8) {
  const auto rows = import_cbs(data_file("kwb-cp1252-sample.csv"), {"GM0796", 0.017});
  ASSERT_EQ(rows.size(), 2u);  // not the Oss row
  EXPECT_EQ(rows[0].name, "\u2019s-Hertogenbosch Centrum");  // cp1252 byte 0x92
  EXPECT_EQ(rows[1].name, "Provinci\u00ebnbuurt");           // cp1252 byte 0xEB
  EXPECT_DOUBLE_EQ(rows[0].mean_household_size, 1.55);       // CRLF line ends
  EXPECT_DOUBLE_EQ(rows[1].one_person_share, 900.0 / 2300);
}

TEST(CbsImport, PercentageColumns) {
  const auto rows = import_cbs(data_file("kwb-2016-percent-sample.csv"), oss());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_DOUBLE_EQ(rows[0].one_person_share, 0.47);
  EXPECT_DOUBLE_EQ(rows[0].age_0_14, 600);   // 10% of 6,000
  EXPECT_DOUBLE_EQ(rows[0].age_15_24, 780);  // 13%
  EXPECT_DOUBLE_EQ(rows[0].age_65_plus, 1380);
  EXPECT_FALSE(contains(rows[0].source, "age groups")) << "read, not estimated: " << rows[0].source;
  EXPECT_DOUBLE_EQ(rows[1].one_person_share, 0.30);
  EXPECT_DOUBLE_EQ(rows[1].age_0_14, 9000 * 0.155);
  EXPECT_TRUE(contains(rows[1].source, "Dutch age shares")) << rows[1].source;
}

// --- errors ------------------------------------------------------------------------------

TEST(CbsImportError, MissingFile) {
  const std::string path = ::testing::TempDir() + "no_such_kwb.csv";
  EXPECT_EQ(error_of(path), path + ": cannot open file: No such file or directory");
}

TEST(CbsImportError, EmptyFile) {
  const auto path = temp_file("empty.csv", "\n\n");
  EXPECT_EQ(error_of(path), path + ": empty file (allowed: a CBS KWB CSV file with a header line)");
}

TEST(CbsImportError, UnknownLayoutNamesTheMissingColumns) {
  const auto path = data_file("unknown-layout.csv");
  const auto error = error_of(path);
  EXPECT_TRUE(contains(error, path + ":1: not a CBS KWB header, needed columns not found: code (gwb_code_10 or "
                                     "gwb_code or gwb_code_8 or a header ending in 'codering'); name (regio"))
      << error;
  for (const std::string field : {"population (a_inw", "households (a_hh", "one-person households (a_1p_hh"})
    EXPECT_TRUE(contains(error, field)) << error;
}

TEST(CbsImportError, HeaderWithoutHouseholdsNamesOnlyThat) {
  const auto path = temp_file("no_households.csv", "gwb_code_10;regio;recs;a_inw;a_1p_hh\nWK082801;A;Wijk;1;1\n");
  EXPECT_EQ(error_of(path), path + ":1: not a CBS KWB header, needed columns not found: households (a_hh or a "
                                   "header ending in 'huishoudenstotaal' or a header ending in "
                                   "'particulierehuishoudens')");
}

TEST(CbsImportError, WrongNumberOfFields) {
  const auto path = data_file("malformed-field-count.csv");
  EXPECT_EQ(error_of(path), path + ":3: 5 fields, header (line 1) has 7");
}

TEST(CbsImportError, UnclosedQuote) {
  const auto path = temp_file("quote.csv", "gwb_code_10;regio;a_inw;a_hh;a_1p_hh\n\"WK082801;A;1;1;1\n");
  EXPECT_EQ(error_of(path), path + ":2: field 1 opens a quote that is not closed");
}

TEST(CbsImportError, MalformedGemeenteCode) {
  for (const std::string code : {"GM828", "0828", "gm0828", "GM08280", "WK0828", ""}) {
    EXPECT_EQ(error_of(data_file("kwb-2024-sample.csv"), {code, 0.017}),
              "gemeente code '" + code + "' is malformed (allowed: GM followed by 4 digits, e.g. GM0828 for Oss)");
  }
}

TEST(CbsImportError, VulnerableShareOutOfRange) {
  EXPECT_EQ(error_of(data_file("kwb-2024-sample.csv"), {"GM0828", 1.5}),
            "vulnerable share '1.5' is out of range (allowed 0..1)");
}

TEST(CbsImportError, NoWijkRowsForTheGemeente) {
  const auto path = data_file("kwb-2024-sample.csv");
  EXPECT_EQ(error_of(path, {"GM0999", 0.017}),
            path + ": no wijk rows with residents for gemeente GM0999 (allowed: a file with rows of level Wijk and "
                   "codes WK0999xx; the file has wijken of GM0796, GM0828)");
}

TEST(CbsImportError, MissingPopulationOrHouseholds) {
  const std::string header = "gwb_code_10;regio;recs;a_inw;a_hh;a_1p_hh\n";
  const auto population = temp_file("no_population.csv", header + "WK082801;A;Wijk;.;3400;1600\n");
  EXPECT_EQ(error_of(population), population + ":2: column 'a_inw' value '.' is missing for wijk WK082801 "
                                               "(allowed: a number; fill in the figure or remove the row)");
  const auto households = temp_file("no_households_value.csv", header + "WK082801;A;Wijk;6000;;1600\n");
  EXPECT_EQ(error_of(households), households + ":2: column 'a_hh' value '' is missing for wijk WK082801 "
                                               "(allowed: a number; fill in the figure or remove the row)");
}

TEST(CbsImportError, NotANumber) {
  const auto path = temp_file("not_a_number.csv", "gwb_code_10;regio;recs;a_inw;a_hh;a_1p_hh;g_hhgro\n"
                                                  "WK082801;A;Wijk;6000;34x0;1600;1,72\n");
  EXPECT_EQ(error_of(path), path + ":2: column 'a_hh' value '34x0' is not a number (allowed: a number with decimal "
                                   "comma, or '.' or empty for a missing value)");
}

TEST(CbsImportError, OnePersonHouseholdsAboveHouseholds) {
  const auto path = temp_file("one_person.csv", "gwb_code_10,regio,recs,a_inw,a_hh,a_1p_hh\n"
                                                "WK082801,A,Wijk,6000,3400,3500\n");
  EXPECT_EQ(error_of(path), path + ":2: column 'a_1p_hh' value '3500' is out of range (allowed 0..3400, the households)");
}

TEST(CbsImportError, DuplicateWijkCode) {
  const auto path = temp_file("duplicate.csv", "gwb_code_10,regio,recs,a_inw,a_hh,a_1p_hh\n"
                                               "WK082801,A,Wijk,6000,3400,1600\n"
                                               "WK082801,B,Wijk,6000,3400,1600\n");
  EXPECT_EQ(error_of(path), path + ":3: duplicate wijk code 'WK082801' (first on line 2)");
}

}  // namespace
}  // namespace kw::model
