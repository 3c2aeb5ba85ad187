#pragma once
// `kwartier import-cbs`: turns CBS "Kerncijfers wijken en buurten" (KWB) CSV
// files into a wijk table. Both layouts a gemeente has are read: the data
// files' column codes (gwb_code_10, regio, recs, a_inw, a_hh, a_1p_hh,
// g_hhgro, a_00_14 ... a_65_oo, g_ink_po) and StatLine's "CSV met statistische
// symbolen" with long Dutch headers. ';' or ',' separators, decimal commas,
// quoted fields, '.' for missing values, UTF-8 or Windows-1252.
#include "model/wijk_table.h"

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

}  // namespace kw::model
