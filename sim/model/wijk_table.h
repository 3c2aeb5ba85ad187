#pragma once
// The wijk table a scenario names: one row per wijk (or gemeente area) with the
// figures the synthetic population is built from. Format: comma-separated,
// UTF-8, a header line with the column names below (any order), '#' comment
// lines allowed. See scenarios/data/oss-wijken.csv.
#include <array>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace kw::model {

// Niche types of MODEL.md; the buddy project is modelled apart (buddy.h).
enum class NicheType : std::uint8_t {
  CommunityCentre,
  VolunteerOrg,
  SportsHobby,
  Faith,
  Library,
  MeetingCafe,
  Employer,
};
inline constexpr int kNicheTypes = 7;
inline constexpr std::array<std::string_view, kNicheTypes> kNicheTypeNames = {
    "community_centre", "volunteer_org", "sports_hobby", "faith",
    "library",          "meeting_cafe",  "employer"};

struct WijkRow {
  std::string code;  // CBS code (WK0828xx) or the gemeente's own area code
  std::string name;
  double population = 0;           // residents, all ages
  double households = 0;           // private households
  double one_person_share = 0;     // share of households with one person, 0..1
  double mean_household_size = 0;  // persons per household
  double age_0_14 = 0, age_15_24 = 0, age_25_44 = 0, age_45_64 = 0, age_65_plus = 0;  // residents
  double vulnerable_share = 0.017;  // share of adults with a psychiatric vulnerability (EPA)
  double attitude_shift = 0;        // added to residents' initial tolerance, -0.5..0.5
  std::array<int, kNicheTypes> niches{};  // niches per type, order of kNicheTypeNames
  std::string source;               // where the figures come from; estimates say so

  bool operator==(const WijkRow&) const = default;
};

// Column names, in the order write_wijk_table() writes them.
std::vector<std::string> wijk_table_columns();

// Reads and checks a wijk table. Throws engine::InputError naming the file, the
// line, the column and the value for a missing file, a missing column, a value
// that is not a number, a value out of range (shares outside 0..1, negative
// counts, age groups that do not add up to the population within 2%) or a
// duplicate code.
std::vector<WijkRow> read_wijk_table(const std::string& path);

void write_wijk_table(std::ostream& out, const std::vector<WijkRow>& rows);

}  // namespace kw::model
