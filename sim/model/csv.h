#pragma once
// Reading delimited text files (the wijk table and CBS KWB exports): the file's
// bytes and encoding, its lines, one line's fields and the numbers in them.
// Messages are left to the callers, which know the file's meaning; these
// helpers only say what went wrong in a line.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kw::model::csv {

// A line that cannot be split (an unclosed quote, text after a closing quote).
struct SyntaxError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The whole file; throws engine::InputError "<path>: cannot open file: <reason>".
std::string read_file(const std::string& path);

// A leading UTF-8 byte order mark is removed (Excel writes one).
std::string_view strip_bom(std::string_view text);

// Returns the 1-based offset of the first byte that is not part of a well-formed
// UTF-8 sequence, or nothing if the text is valid UTF-8.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// Windows-1252 (what Excel on a Dutch Windows saves) to UTF-8. The five bytes
// that cp1252 leaves undefined map to the C1 controls, as browsers do.
std::string cp1252_to_utf8(std::string_view text);

// Lines without their "\n" or "\r\n"; a last line without an end is kept.
std::vector<std::string_view> split_lines(std::string_view text);

// Fields of one line separated by `separator`. A field may be quoted with '"';
// "" inside quotes is one quote, and separators inside quotes are text.
// Whitespace around a field (outside its quotes) is removed, so CBS's padded
// codes and "a, b" both read cleanly; quoted text keeps its own spaces.
std::vector<std::string> split_fields(std::string_view line, char separator);

// The field as a CSV writer must put it: quoted when it holds the separator,
// a quote, a line break, or leading or trailing whitespace, or starts with '#'
// (which would otherwise read as a comment line).
std::string quote_field(std::string_view field, char separator);

// Counts `c` in the line outside quoted fields (to detect the separator).
std::size_t count_unquoted(std::string_view line, char c);

std::string_view trim(std::string_view text);

// The whole text as a finite number, '.' as decimal point, locale independent.
// Nothing for empty text, trailing junk, "nan", "inf" or a leading '+'.
std::optional<double> parse_number(std::string_view text);

// Shortest text that parse_number() reads back to the same double.
std::string format_number(double value);

}  // namespace kw::model::csv
