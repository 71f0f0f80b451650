#pragma once
// The loaded sanctions lists as one table of entries. OFAC's legacy delimited SDN files (sdn.csv,
// alt.csv, add.csv, sdn_comments.csv): no header, quoted text, `-0-` for empty; several folders
// may each hold some of the files, and entity numbers join them. The UN consolidated list
// (un_list.hpp) and OpenSanctions' targets.simple.csv (opensanctions_list.hpp) are read into the
// same table.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "candor/limits.hpp"

namespace candor::plugins::sanctions {

/// A digital currency address listed in an entry's remarks.
struct WalletAddress {
  std::string currency;  ///< OFAC's code: XBT, ETH, USDT, TRX …
  std::string address;   ///< as listed
};

/// An alias row of alt.csv.
struct Alias {
  std::string type;  ///< aka, fka, nka
  std::string name;
};

/// Whether a listed name is a person's or an organisation's (vessels and aircraft count as
/// organisations); unknown when the list does not say.
enum class EntryKind { unknown, person, entity };

/// One SDN entry with its aliases, addresses and wallets.
struct SdnEntry {
  std::int64_t ent_num = 0;
  std::string name;  ///< primary name; the first alias when only alt.csv had the entry
  std::string type;  ///< individual, vessel, aircraft, or empty for an entity
  std::vector<std::string> programs;
  std::string remarks;  ///< with sdn_comments.csv spill-over joined
  std::vector<Alias> aliases;
  std::vector<std::string> addresses;  ///< "address, city, country"
  std::vector<WalletAddress> wallets;
  bool in_sdn_file = false;  ///< false when only alt/add/comments rows named it
  std::string list;          ///< the list it came from, e.g. "OFAC SDN"
  std::string reference;     ///< the list's own id when it is not ent_num ("KPi.001", an
                             ///< OpenSanctions id); empty for OFAC

  bool individual() const { return type == "individual"; }
  /// A person, an organisation, or unknown when only alias, address or comment rows named it.
  EntryKind kind() const {
    if (individual()) return EntryKind::person;
    return !type.empty() || in_sdn_file ? EntryKind::entity : EntryKind::unknown;
  }
};

/// A list that was read, with the date it was published (or fetched, for files that carry
/// no date).
struct LoadedList {
  std::string name;       ///< "OFAC SDN", "OFAC consolidated non-SDN", "UN Security Council"…
  std::string published;  ///< YYYY-MM-DD
};

/// The loaded list, by entity number.
struct SdnList {
  std::map<std::int64_t, SdnEntry> entries;
  std::vector<std::filesystem::path> files;  ///< files read
  std::vector<LoadedList> lists;             ///< one per list read, newest date kept

  std::size_t name_count() const;
};

/// Reads whichever of the four SDN files, the four files of OFAC's consolidated non-SDN list
/// (cons_prim.csv, cons_alt.csv, cons_add.csv, cons_comments.csv, same shape), the UN list
/// (consolidated.xml) and OpenSanctions' targets.simple.csv `folder` holds into `list`.
/// DataError naming the file when one is unreadable, larger than its limit in `limits`
/// (`sdn_file_bytes`, `un_list_bytes`, `opensanctions_list_bytes`) or malformed. Returns how
/// many files were read.
int load_sdn_folder(const std::filesystem::path& folder, SdnList& list, const Limits& limits = {});

/// The date a list file was written, YYYY-MM-DD (UTC), or empty: what `candor feeds update`
/// fetched, for files that carry no publication date of their own.
std::string list_file_date(const std::filesystem::path& path);

/// Records that `list` holds the list `name` published on `published` (the newest date wins).
void note_list(SdnList& list, const std::string& name, const std::string& published);

/// Completes the entries after loading: primary names for alias-only entries, wallets from
/// the remarks, and the a.k.a. names and acronyms the remarks give (`a.k.a. 'KOMID'`) as
/// aliases of type `aka (remarks)`. Wallet codes and addresses longer than `max_wallet_chars`
/// are left out.
void finish_sdn_list(SdnList& list, std::size_t max_wallet_chars = kMaxSdnWalletChars);

/// The digital currency addresses named in a Remarks value; a code or address longer than
/// `max_wallet_chars` is damaged or hostile and left out.
std::vector<WalletAddress> parse_wallets(const std::string& remarks,
                                         std::size_t max_wallet_chars = kMaxSdnWalletChars);

/// The names a Remarks value gives as `a.k.a. 'NAME'` or `a.k.a. "NAME"`.
std::vector<std::string> parse_remark_aliases(const std::string& remarks);

/// A wallet address in the form used for exact comparison (lower case for 0x… hex).
std::string normalise_wallet(const std::string& address);

}  // namespace candor::plugins::sanctions
