#include "model/csv.h"

#include "engine/errors.h"

#include <gtest/gtest.h>

namespace kw::model::csv {
namespace {

using Fields = std::vector<std::string>;

TEST(Csv, SplitsQuotedFieldsAndTrimsOutsideQuotes) {
  EXPECT_EQ(split_fields("a,b,c", ','), (Fields{"a", "b", "c"}));
  EXPECT_EQ(split_fields(" WK082801  ; Ussen ;", ';'), (Fields{"WK082801", "Ussen", ""}));
  EXPECT_EQ(split_fields("\"a, b\",\"say \"\"hi\"\"\", \" c \" ", ','), (Fields{"a, b", "say \"hi\"", " c "}));
  EXPECT_EQ(split_fields("'s-Hertogenbosch;x", ';'), (Fields{"'s-Hertogenbosch", "x"}));
  EXPECT_EQ(split_fields("a\tb", '\t'), (Fields{"a", "b"}));
  EXPECT_EQ(split_fields("", ','), (Fields{""}));
}

TEST(Csv, SplitRejectsBrokenQuotes) {
  EXPECT_THROW(split_fields("a,\"b", ','), SyntaxError);
  EXPECT_THROW(split_fields("\"a\"b,c", ','), SyntaxError);
}

TEST(Csv, QuotesWhatWouldNotReadBack) {
  EXPECT_EQ(quote_field("plain", ','), "plain");
  EXPECT_EQ(quote_field("a,b", ','), "\"a,b\"");
  EXPECT_EQ(quote_field("a,b", ';'), "a,b");
  EXPECT_EQ(quote_field("say \"hi\"", ','), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(quote_field("#1", ','), "\"#1\"");
  EXPECT_EQ(quote_field(" padded", ','), "\" padded\"");
  for (const std::string text : {"a,b", "say \"hi\"", "#1", " padded ", ""})
    EXPECT_EQ(split_fields(quote_field(text, ',') + ",x", ','), (Fields{text, "x"})) << text;
}

TEST(Csv, CountsSeparatorsOutsideQuotes) {
  EXPECT_EQ(count_unquoted("a;\"b;c\";d", ';'), 2u);
  EXPECT_EQ(count_unquoted("\"Megen, Haren\",x", ','), 1u);
}

TEST(Csv, SplitsLinesWithAnyLineEnd) {
  EXPECT_EQ(split_lines("a\r\nb\nc"), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_EQ(split_lines("a\n"), (std::vector<std::string_view>{"a"}));
  EXPECT_TRUE(split_lines("").empty());
}

TEST(Csv, ParsesWholeNumbersOnly) {
  EXPECT_EQ(parse_number("2.17"), 2.17);
  EXPECT_EQ(parse_number("-0.05"), -0.05);
  EXPECT_EQ(parse_number("1e3"), 1000.0);
  for (const char* bad : {"", "2,17", "12abc", " 1", "+1", "nan", "inf", "1e999", "0x10", "."})
    EXPECT_FALSE(parse_number(bad).has_value()) << bad;
}

TEST(Csv, FormatsNumbersThatReadBackExactly) {
  EXPECT_EQ(format_number(95239), "95239");
  EXPECT_EQ(format_number(0.364), "0.364");
  for (const double value : {0.1 + 0.2, 1.0 / 3, -1e-7, 6.02e23}) EXPECT_EQ(parse_number(format_number(value)), value);
}

TEST(Csv, Utf8CheckAndCp1252Conversion) {
  EXPECT_FALSE(find_invalid_utf8("Provinci\xC3\xABnbuurt \xE2\x80\x99s").has_value());
  EXPECT_EQ(find_invalid_utf8("Provinci\xEBnbuurt"), 9u);
  EXPECT_EQ(find_invalid_utf8("\xC0\xAF"), 1u);          // overlong '/'
  EXPECT_EQ(find_invalid_utf8("ab\xED\xA0\x80"), 3u);    // surrogate
  EXPECT_EQ(find_invalid_utf8("\xE2\x80"), 1u);          // cut short
  EXPECT_EQ(cp1252_to_utf8("Provinci\xEBnbuurt"), "Provinci\xC3\xABnbuurt");
  EXPECT_EQ(cp1252_to_utf8("\x92s-Hertogenbosch \x80"), "\xE2\x80\x99s-Hertogenbosch \xE2\x82\xAC");
  EXPECT_EQ(strip_bom("\xEF\xBB\xBFgwb"), "gwb");
  EXPECT_EQ(strip_bom("gwb"), "gwb");
}

TEST(Csv, ReadFileNamesTheReason) {
  const std::string missing = ::testing::TempDir() + "csv_test_missing.csv";
  try {
    read_file(missing);
    ADD_FAILURE() << "no InputError";
  } catch (const engine::InputError& error) {
    EXPECT_EQ(std::string(error.what()), missing + ": cannot open file: No such file or directory");
  }
  try {
    read_file(::testing::TempDir());
    ADD_FAILURE() << "no InputError for a directory";
  } catch (const engine::InputError& error) {
    EXPECT_NE(std::string(error.what()).find("Is a directory"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace kw::model::csv
