#include <algorithm>

#include "candor/candidate.hpp"
#include "candor/error.hpp"

namespace candor {

namespace {

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

std::vector<std::string> split_values(const std::string& cell) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= cell.size(); ++i) {
    if (i == cell.size() || cell[i] == ';' || cell[i] == '|') {
      if (std::string v = trim(std::string_view(cell).substr(start, i - start)); !v.empty())
        out.push_back(std::move(v));
      start = i + 1;
    }
  }
  return out;
}

}  // namespace

const std::vector<std::string>& csv_columns() {
  static const std::vector<std::string> kColumns = {"id",
                                                    "name",
                                                    "aliases",
                                                    "date_of_birth",
                                                    "nationality",
                                                    "email",
                                                    "phone",
                                                    "claimed_country",
                                                    "claimed_region",
                                                    "claimed_city",
                                                    "claimed_timezone",
                                                    "ip",
                                                    "browser_timezone",
                                                    "session_at",
                                                    "photo",
                                                    "document",
                                                    "mrz",
                                                    "activity",
                                                    "activity_format",
                                                    "address",
                                                    "shipping_address",
                                                    "bank_account",
                                                    "wallet",
                                                    "payout_beneficiary",
                                                    "employer",
                                                    "device_id"};
  return kColumns;
}

nlohmann::json candidate_json_from_csv(const std::vector<std::string>& header,
                                       const std::vector<std::string>& row, const std::string& file,
                                       std::size_t line) {
  const std::string where = "line " + std::to_string(line);
  if (row.size() != header.size())
    throw InputError(file, where,
                     "expected " + std::to_string(header.size()) +
                         " columns as in the header, got " + std::to_string(row.size()));
  nlohmann::json c = nlohmann::json::object();
  nlohmann::json location = nlohmann::json::object();
  std::vector<std::string> ips, session_at;
  std::string browser_timezone;
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string column = trim(header[i]);
    std::transform(column.begin(), column.end(), column.begin(), ::tolower);
    // Plural header names are the same columns.
    if (column == "emails" || column == "phones" || column == "ips" || column == "photos" ||
        column == "documents" || column == "employers" || column == "device_ids")
      column.pop_back();
    const std::string cell = trim(row[i]);
    if (cell.empty()) continue;
    const auto values = split_values(cell);
    if (column == "id" || column == "name" || column == "date_of_birth" ||
        column == "nationality") {
      c[column] = cell;
    } else if (column == "aliases") {
      c["aliases"] = values;
    } else if (column == "email") {
      c["emails"] = values;
    } else if (column == "phone") {
      c["phones"] = values;
    } else if (column.rfind("claimed_", 0) == 0 &&
               (column == "claimed_country" || column == "claimed_region" ||
                column == "claimed_city" || column == "claimed_timezone")) {
      location[column.substr(8)] = cell;
    } else if (column == "ip") {
      ips = values;
    } else if (column == "session_at") {
      session_at = values;
    } else if (column == "browser_timezone") {
      browser_timezone = cell;
    } else if (column == "photo") {
      for (const auto& v : values) c["photos"].push_back({{"path", v}, {"kind", "profile"}});
    } else if (column == "document") {
      for (const auto& v : values) c["documents"].push_back({{"kind", "id"}, {"image", v}});
    } else if (column == "mrz") {
      c["documents"].push_back({{"kind", "id"}, {"mrz", values}});
    } else if (column == "activity") {
      c["activity"]["file"] = cell;
    } else if (column == "activity_format") {
      c["activity"]["format"] = cell;
    } else if (column == "address" || column == "shipping_address") {
      for (const auto& v : values)
        c["addresses"].push_back(
            {{"kind", column == "address" ? "home" : "shipping"}, {"text", v}});
    } else if (column == "bank_account" || column == "wallet") {
      c["payout"][column] = cell;
    } else if (column == "payout_beneficiary") {
      c["payout"]["beneficiary"] = cell;
    } else if (column == "employer") {
      for (const auto& v : values) c["employers"].push_back({{"name", v}});
    } else if (column == "device_id") {
      c["device_ids"] = values;
    }
  }
  if (!c.contains("id")) throw InputError(file, where + ", column id", "required value is empty");
  if (!location.empty()) c["claimed_location"] = location;
  if (!session_at.empty() && session_at.size() != ips.size())
    throw InputError(file, where + ", column session_at",
                     "expected one instant per ip, got " + std::to_string(session_at.size()));
  for (std::size_t i = 0; i < ips.size(); ++i) {
    nlohmann::json session = {{"ip", ips[i]}};
    if (!browser_timezone.empty()) session["browser_timezone"] = browser_timezone;
    if (!session_at.empty()) session["at"] = session_at[i];
    c["sessions"].push_back(session);
  }
  return c;
}

}  // namespace candor
