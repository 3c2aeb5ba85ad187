#pragma once
// `kwartier import-cbs`: turns CBS "Kerncijfers wijken en buurten" (KWB) CSV
// files into a wijk table. Both layouts a gemeente has are read: the data
// files' column codes (gwb_code_10, regio, recs, a_inw, a_hh, a_1p_hh,
// g_hhgro, a_00_14 ... a_65_oo, g_ink_po) and StatLine's "CSV met statistische
// symbolen" with long Dutch headers. ';' or ',' separators, decimal commas,
// quoted fields, '.' for missing values, UTF-8 or Windows-1252.
#include "model/wijk_table.h"

#include <array>
#include <string>
#include <vector>

namespace kw::model {

struct CbsImportOptions {
  std::string gemeente;            // "GM0828"
  double vulnerable_share = 0.017; // not in KWB: national EPA prevalence (Delespaul 2013)
};

// Rows for the wijken (level "Wijk", codes WK<gemeente digits>..) of one
// gemeente. Niches per type and the attitude shift are not in CBS data: they
// are estimated from population and income, and the source column says so.
// Throws engine::InputError for a missing file, a file without the needed
// columns (naming them), a malformed line (naming it) or a gemeente with no wijk rows.
std::vector<WijkRow> import_cbs(const std::string& path, const CbsImportOptions& options);

// The estimates for what KWB does not hold, also used for the niche counts of
// scenarios/data/oss-wijken.csv. Niches per type from the row's adults
// (population, age_0_14 and age_15_24); the rates are in cbs_import.cpp.
std::array<int, kNicheTypes> estimate_niches(const WijkRow& row);
// Lower income, more rejection (ten Have 2015): 0.1 x (income / mean - 1),
// clamped to -0.1..0.1; `mean` is the gemeente's mean over its wijken.
double estimate_attitude_shift(double income, double mean);

}  // namespace kw::model
