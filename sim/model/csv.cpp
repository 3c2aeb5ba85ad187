#include "model/csv.h"

#include "engine/errors.h"

#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

namespace kw::model::csv {

std::string read_file(const std::string& path) {
  // stdio rather than iostreams: errno then names the reason (no such file,
  // permission denied, is a directory) for the one-line message.
  errno = 0;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw engine::InputError(path + ": cannot open file: " + std::strerror(errno));
  std::string text;
  std::array<char, 1 << 16> buffer{};
  std::size_t got = 0;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) text.append(buffer.data(), got);
  if (std::ferror(file.get()))
    throw engine::InputError(path + ": cannot read file: " + std::strerror(errno));
  return text;
}

std::string_view strip_bom(std::string_view text) {
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  if (text.substr(0, bom.size()) == bom) text.remove_prefix(bom.size());
  return text;
}

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    char32_t code = 0;
    char32_t lowest = 0;  // smallest code point the length may encode (no overlong forms)
    if (byte < 0x80) {
      ++i;
      continue;
    } else if ((byte & 0xE0) == 0xC0) {
      length = 2, code = byte & 0x1F, lowest = 0x80;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3, code = byte & 0x0F, lowest = 0x800;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4, code = byte & 0x07, lowest = 0x10000;
    } else {
      return i + 1;
    }
    if (i + length > text.size()) return i + 1;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return i + 1;
      code = (code << 6) | (next & 0x3F);
    }
    if (code < lowest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i + 1;
    i += length;
  }
  return std::nullopt;
}

namespace {

void append_utf8(std::string& out, char32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// Code points of cp1252 bytes 0x80..0x9F; 0xA0..0xFF equal Latin-1.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

bool is_blank(char c, char separator) { return (c == ' ' || c == '\t') && c != separator; }

}  // namespace

std::string cp1252_to_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 && byte < 0xA0)
      append_utf8(out, kCp1252High[byte - 0x80]);
    else
      append_utf8(out, byte);
  }
  return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    auto line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::vector<std::string> split_fields(std::string_view line, char separator) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  const std::size_t n = line.size();
  while (true) {
    while (i < n && is_blank(line[i], separator)) ++i;
    std::string field;
    if (i < n && line[i] == '"') {
      ++i;
      while (true) {
        if (i >= n)
          throw SyntaxError("field " + std::to_string(fields.size() + 1) + " opens a quote that is not closed");
        if (line[i] == '"') {
          if (i + 1 < n && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      while (i < n && is_blank(line[i], separator)) ++i;
      if (i < n && line[i] != separator)
        throw SyntaxError("field " + std::to_string(fields.size() + 1) +
                          " has text after its closing quote (write a quote inside quotes as \"\")");
    } else {
      const std::size_t start = i;
      while (i < n && line[i] != separator) ++i;
      field = std::string(trim(line.substr(start, i - start)));
    }
    fields.push_back(std::move(field));
    if (i >= n) break;
    ++i;  // the separator; a separator at the end of the line leaves one empty field
  }
  return fields;
}

std::string quote_field(std::string_view field, char separator) {
  const bool needs_quotes =
      field.find_first_of(std::string{separator, '"', '\n', '\r'}) != std::string_view::npos ||
      (!field.empty() && (field.front() == '#' || field.front() == ' ' || field.front() == '\t' ||
                          field.back() == ' ' || field.back() == '\t'));
  if (!needs_quotes) return std::string(field);
  std::string out = "\"";
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::size_t count_unquoted(std::string_view line, char c) {
  std::size_t count = 0;
  bool quoted = false;
  for (const char x : line) {
    if (x == '"')
      quoted = !quoted;
    else if (x == c && !quoted)
      ++count;
  }
  return count;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::optional<double> parse_number(std::string_view text) {
  if (text.empty() || text.front() == '+') return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string format_number(double value) {
  std::array<char, 32> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  (void)error;  // 32 characters hold any double's shortest form
  return std::string(buffer.data(), end);
}

}  // namespace kw::model::csv
