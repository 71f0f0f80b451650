// The document plugin: MRZ validity, consistency with the application, specimens, reuse
// across candidates and image forensics of the uploaded document.
#include <bit>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>

#include "candor/error.hpp"
#include "consistency.hpp"
#include "document_plugin.hpp"
#include "forensics.hpp"
#include "image.hpp"
#include "mrz_located.hpp"
#include "names.hpp"
#include "specimens.hpp"
#include "state_codes.hpp"

namespace candor::plugins::document {

namespace {

constexpr const char* kGroup = "document";

// Every signal the plugin emits; SIGNALS.md lists the same rows.
const std::vector<SignalSpec> kSignals{
    {"document.mrz_invalid",
     kGroup,
     {{"vendor", 4.5}, {"image", 2.5}},
     false,
     "The document's MRZ fails its ICAO 9303 check digits or validity rules"},
    {"document.mrz_unreadable",
     kGroup,
     {{"", 0.1}},
     false,
     "Text was read where an MRZ would be, but not confidently enough to check it (a poor scan "
     "or no MRZ); barely evidence"},
    {"document.mrz_mismatch",
     kGroup,
     {{"application", 2.5}, {"vendor_vs_image", 3.0}},
     false,
     "The document's MRZ disagrees with the application, or the vendor's MRZ lines with the MRZ "
     "printed on the image"},
    {"document.expired",
     kGroup,
     {{"", 0.4}},
     false,
     "The identity document had expired when screened"},
    {"document.specimen",
     kGroup,
     {{"", 6.0}},
     true,
     "The document is a published specimen, not a real one"},
    {"document.edited_metadata",
     kGroup,
     {{"", 1.5}},
     false,
     "The document image's metadata shows it was edited"},
    {"document.tampered",
     kGroup,
     {{"copy_move", 3.0}, {"ela_and_jpeg", 2.0}, {"ela_or_jpeg", 1.2}},
     false,
     "The document image shows pixel-level signs of editing"},
    {"document.reused",
     kGroup,
     {{"", 4.0}},
     false,
     "The same document number or image was submitted by another candidate"},
};

const SignalSpec& spec(std::string_view id) { return find_spec(kSignals, id); }

std::string hex64(std::uint64_t v) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(v));
  return buffer;
}

std::vector<std::string> clean_lines(const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  for (const std::string& line : raw) {
    std::string l;
    for (char c : line) {
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
      l.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    }
    if (!l.empty()) out.push_back(std::move(l));
  }
  return out;
}

nlohmann::json corrections_json(const std::vector<Correction>& corrections) {
  nlohmann::json out = nlohmann::json::array();
  for (const Correction& c : corrections)
    out.push_back({{"line", c.line + 1},
                   {"column", c.column + 1},
                   {"from", std::string(1, c.from)},
                   {"to", std::string(1, c.to)},
                   {"field", c.field}});
  return out;
}

class DocumentPlugin : public Plugin {
 public:
  DocumentPlugin(const DocumentOptions& options, bool ocr_available,
                 std::shared_ptr<RecentKeys> recent_numbers,
                 std::shared_ptr<RecentHashes> recent_hashes)
      : options_(options),
        ocr_wanted_(ocr_available && options.ocr),
        recent_numbers_(std::move(recent_numbers)),
        recent_hashes_(std::move(recent_hashes)) {}

  PluginOutcome run(RunContext& context) override {
    const Candidate& candidate = context.candidate();
    if (candidate.documents.empty()) return PluginOutcome::skip("no identity documents");
    Date today = options_.today ? *options_.today : utc_today();
    std::vector<Signal> signals;
    std::vector<DocumentPortrait> portraits;
    bool any_mrz = false;
    for (std::size_t i = 0; i < candidate.documents.size(); ++i) {
      const Document& doc = candidate.documents[i];
      std::string where = "/documents/" + std::to_string(i);
      Read read = read_document(candidate, doc, where, today, portraits, context, signals);
      if (!read.mrz) {
        if (read.unreadable)
          signals.push_back(spec("document.mrz_unreadable")
                                .make("The document image's MRZ could not be read with "
                                      "confidence (" +
                                          read.unreadable->reason + "); it was not checked.",
                                      {{"document", i},
                                       {"document_path", document_name(doc, where)},
                                       {"reason", read.unreadable->reason},
                                       {"lines_read", read.lines}}));
        continue;
      }
      any_mrz = true;
      const Mrz& mrz = *read.mrz;
      nlohmann::json base{
          {"document", i}, {"source", read.source}, {"format", format_name(mrz.format)}};
      if (!read.corrections.empty()) base["ocr_corrections"] = read.corrections;
      if (!mrz.parsed) continue;
      if (!mrz.valid) {
        nlohmann::json ev = base;
        ev["failing_check"] = nlohmann::json::array();
        for (auto f : mrz.failing) ev["failing_check"].push_back(f);
        ev["check_digits"] = mrz.to_json()["check_digits"];
        ev["lines"] = read.lines;
        bool field_digits_ok = !mrz.fails("document_number") && !mrz.fails("birth_date") &&
                               !mrz.fails("expiry_date") && !mrz.fails("personal_number");
        if (field_digits_ok && mrz.fails("composite"))
          ev["interpretation"] =
              "every field check digit verifies but the composite does not: a field was edited "
              "and its own digit recomputed, the composite left stale";
        // An OCR read that fails may be a misread; only a read whose field digits all verify
        // (so the characters are right) counts, and less strongly than vendor lines.
        if (read.source == "vendor") {
          signals.push_back(
              spec("document.mrz_invalid")
                  .make_at("vendor", "The document's MRZ fails its ICAO 9303 check digits.", ev));
        } else if (field_digits_ok && mrz.fails("composite")) {
          signals.push_back(spec("document.mrz_invalid")
                                .make_at("image",
                                         "The MRZ read from the document image fails its "
                                         "composite check digit.",
                                         ev));
        }
      }
      if (auto specimen = Specimens::embedded().match(mrz)) {
        nlohmann::json ev = base;
        ev["specimen"] = *specimen;
        ev["document_number"] = mrz.document_number;
        signals.push_back(spec("document.specimen")
                              .make("The document is a published specimen, not a real one.", ev));
      }
      nlohmann::json mismatches = compare_with_application(mrz, candidate, doc, names_);
      if (!mismatches.empty()) {
        nlohmann::json ev = base;
        ev["mismatches"] = mismatches;
        // 2.5 for one field, one more for each further field, at most 4.5.
        const SignalSpec& mismatch = spec("document.mrz_mismatch");
        double llr = std::min(4.5, 2.5 + 1.0 * static_cast<double>(mismatches.size() - 1));
        signals.push_back(mismatch.make_at("application",
                                           "The document's MRZ disagrees with the application.", ev,
                                           llr / mismatch.level("application").llr));
      }
      if (mrz.expiry && *mrz.expiry < today) {
        nlohmann::json ev = base;
        ev["date_of_expiry"] = mrz.expiry->iso();
        ev["screened_on"] = today.iso();
        signals.push_back(
            spec("document.expired").make("The identity document had expired when screened.", ev));
      }
      check_number_reuse(context, mrz, base, signals);
    }
    if (!portraits.empty()) context.provide(facts::kDocumentPortraits, std::move(portraits));
    // Unreadable is not invalid: with no MRZ anywhere and nothing else found, nothing was checked.
    if (!any_mrz && signals.empty()) return PluginOutcome::skip("no MRZ found");
    return {std::move(signals), std::nullopt};
  }

 private:
  struct Read {
    std::optional<Mrz> mrz;
    std::string source;
    std::vector<std::string> lines;
    nlohmann::json corrections;
    std::optional<MrzLocation> unreadable;  ///< text read from the image, not confidently
  };

  Read read_document(const Candidate& candidate, const Document& doc, const std::string& where,
                     const Date& today, std::vector<DocumentPortrait>& portraits,
                     RunContext& context, std::vector<Signal>& signals) {
    Read read;
    std::optional<CorrectedMrz> vendor, printed;  // given as text; read from the image
    if (!doc.mrz.empty()) vendor = parse_mrz_corrected(clean_lines(doc.mrz), today);
    if (doc.has_image()) {
      // Refused (limits) or undecodable: an InputError on this document's image field. An
      // inline image (a service request) is decoded from memory, never from a path.
      const image::ImageOrigin origin{candidate.source_file,
                                      where + (doc.image_data ? "/image_data" : "/image")};
      const ImageInput input{doc.image_data
                                 ? *doc.image_data
                                 : image::read_image_file(doc.image, options_.limits, origin),
                             doc.image_data ? std::filesystem::path(where.substr(1)) : doc.image};
      cv::Mat bgr = image::decode_image_bytes(input.bytes, input.name, options_.limits, origin);
      if (MrzOcr* ocr = this->ocr()) {
        ImageMrz found = read_mrz(bgr, *ocr);
        CorrectedMrz parsed = parse_mrz_corrected(found.lines, today);
        // Only an MRZ located with confidence is checked; anything else was never an MRZ read.
        const MrzLocation location =
            assess_mrz_read(found.raw, found.lines, found.confidence, parsed.mrz);
        if (location.located) {
          printed = std::move(parsed);
        } else if (location.found && !vendor) {
          read.unreadable = location;
          read.lines = found.lines;
        }
      }
      analyse_image(doc, input, origin, bgr, portraits, context, signals);
    }
    const CorrectedMrz* chosen = vendor ? &*vendor : printed ? &*printed : nullptr;
    if (!chosen) return read;
    read.mrz = chosen->mrz;
    read.source = vendor ? "vendor" : "image";
    read.lines = chosen->lines;
    read.corrections = corrections_json(chosen->corrections);
    if (vendor && printed && vendor->mrz.parsed && printed->mrz.valid) {
      nlohmann::json diff = compare_reads(vendor->mrz, printed->mrz);
      if (!diff.empty())
        signals.push_back(
            spec("document.mrz_mismatch")
                .make_at("vendor_vs_image",
                         "The MRZ lines supplied by the verification vendor differ "
                         "from the MRZ printed on the document image.",
                         {{"document_path", document_name(doc, where)}, {"mismatches", diff}}));
    }
    return read;
  }

  // The image's bytes, read once, and the name errors and evidence give it.
  struct ImageInput {
    std::string bytes;
    std::filesystem::path name;
  };

  static std::string document_name(const Document& doc, const std::string& where) {
    return doc.image_data ? where.substr(1) : doc.image.string();
  }

  void analyse_image(const Document& doc, const ImageInput& input, const image::ImageOrigin& origin,
                     const cv::Mat& bgr, std::vector<DocumentPortrait>& portraits,
                     RunContext& context, std::vector<Signal>& signals) {
    for (const cv::Rect& r : find_portraits(bgr, options_.face_cascade))
      portraits.push_back({doc.image, {r.x, r.y, r.width, r.height}, doc.image_data});
    std::uint64_t hash = perceptual_hash(bgr);
    check_image_reuse(context, hash, input.name.string(), signals);
    context.remember("document.phash", hex64(hash), input.name.filename().string());
    if (!options_.forensics) return;
    ForensicFinding meta = check_metadata(input.bytes, bgr, options_.limits);
    if (meta.flagged) {
      meta.evidence["image"] = input.name.string();
      signals.push_back(
          spec("document.edited_metadata")
              .make("The document image's metadata shows it was edited.", meta.evidence));
    }
    nlohmann::json tamper = nlohmann::json::object();
    ForensicFinding copy = check_copy_move(bgr);
    if (copy.flagged) tamper["copy_move"] = copy.evidence;
    ForensicFinding ela = check_ela_noise(bgr);
    if (ela.flagged) tamper["ela_noise"] = ela.evidence;
    ForensicFinding jpeg = check_jpeg(input.bytes, input.name, options_.limits, origin);
    if (jpeg.flagged) tamper["jpeg"] = jpeg.evidence;
    if (!tamper.empty()) {
      // Copy-move is direct evidence of a cloned region; ELA/noise and JPEG history only say
      // that parts were processed differently.
      const char* level = copy.flagged                  ? "copy_move"
                          : ela.flagged && jpeg.flagged ? "ela_and_jpeg"
                                                        : "ela_or_jpeg";
      tamper["image"] = input.name.string();
      signals.push_back(
          spec("document.tampered")
              .make_at(level, "The document image shows pixel-level signs of editing.", tamper));
    }
  }

  void check_image_reuse(RunContext& context, std::uint64_t hash, const std::string& image_name,
                         std::vector<Signal>& signals) {
    const Store* store = context.store();
    if (!store) return;
    const std::string& self = context.candidate().id;
    nlohmann::json matches = nlohmann::json::array();
    std::set<std::string> cited;
    const auto add = [&](const std::string& other, const std::string& name, int distance) {
      if (cited.insert(other).second)
        matches.push_back({{"candidate", other}, {"name", name}, {"distance", distance}});
    };
    // Candidates screened at this moment by other workers are not in the store yet.
    const auto recent =
        recent_hashes_->exchange(self, context.candidate().name, hash, options_.phash_max_distance);
    store->scan("document.phash", [&](const StoredItem& item) {
      if (item.candidate_id == self || item.key.size() != 16) return;
      std::uint64_t other = std::stoull(item.key, nullptr, 16);
      int distance = std::popcount(hash ^ other);
      if (distance <= options_.phash_max_distance)
        add(item.candidate_id, item.candidate_name, distance);
    });
    for (const auto& m : recent) add(m.candidate_id, m.name, m.distance);
    if (!matches.empty())
      signals.push_back(
          spec("document.reused")
              .make("The same document image was submitted by another candidate.",
                    {{"image", image_name}, {"phash", hex64(hash)}, {"matches", matches}}));
  }

  void check_number_reuse(RunContext& context, const Mrz& mrz, const nlohmann::json& base,
                          std::vector<Signal>& signals) {
    if (mrz.document_number.empty()) return;
    std::string key =
        std::string(trim_state(mrz.issuing_state)) + ":" + normalise_number(mrz.document_number);
    // Reuse is the same number under another applicant's name (the MRZ name is the same).
    const std::string& applicant = context.candidate().name;
    auto mine = names_.tokens(applicant.empty() ? mrz.surname + " " + mrz.given_names : applicant);
    if (const Store* store = context.store()) {
      const std::string& self = context.candidate().id;
      const std::string applicant_tokens = join_tokens(mine);
      // Candidates screened at this moment by other workers are not in the store yet.
      const auto recent = recent_numbers_->exchange(
          std::make_shared<const KeyHolder>(KeyHolder{self, applicant_tokens, ""}), {key});
      nlohmann::json others = nlohmann::json::array();
      std::set<std::string> cited;
      const auto consider = [&](const std::string& other, const std::string& other_tokens) {
        if (other == self || names_match(names_.tokens(other_tokens), mine) ||
            !cited.insert(other).second)
          return;
        others.push_back({{"candidate", other}, {"name", other_tokens}});
      };
      // A document number is one person's: a few holders are already the finding; the read
      // stays bounded whatever a damaged or hostile store holds.
      constexpr std::size_t kMaxHoldersRead = 50;
      for (const StoredItem& item : store->find("document.number", key, kMaxHoldersRead))
        consider(item.candidate_id, item.payload);
      for (const auto& holder : recent.front()) consider(holder->candidate_id, holder->name);
      // And by other processes sharing the store.
      for (const StoredItem& other :
           store->claim_keys({self, applicant_tokens, "", 0, "", 0}, {"document.number\n" + key}))
        consider(other.candidate_id, other.candidate_name);
      if (!others.empty()) {
        nlohmann::json ev = base;
        ev["document_number"] = key;
        ev["applicant"] = join_tokens(mine);
        ev["other_candidates"] = others;
        signals.push_back(spec("document.reused")
                              .make("The same document number was submitted under another "
                                    "identity.",
                                    ev));
      }
    }
    context.remember("document.number", key, join_tokens(mine));
  }

  // Starting Tesseract takes about 0.15 s and most candidates bring no document image
  // (MRZ lines given as text need none): each worker starts its own on the first image it
  // reads. A failed start is tried again on the next image; it fails in milliseconds.
  MrzOcr* ocr() {
    if (ocr_wanted_ && !ocr_) ocr_ = std::make_unique<MrzOcr>(options_.tessdata);
    return ocr_.get();
  }

  const DocumentOptions& options_;
  bool ocr_wanted_;
  std::shared_ptr<RecentKeys> recent_numbers_;
  std::shared_ptr<RecentHashes> recent_hashes_;
  NameNormaliser names_;
  std::unique_ptr<MrzOcr> ocr_;
};

}  // namespace

Date utc_today() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

DocumentOptions parse_options(const nlohmann::json& section, const std::string& file) {
  reject_unknown_keys(section,
                      {"ocr", "forensics", "tessdata", "face_cascade", "today",
                       "phash_max_distance", "max_image_bytes", "max_image_pixels"},
                      file, "plugins.document");
  DocumentOptions o;
  try {
    o.ocr = section.value("ocr", o.ocr);
    o.forensics = section.value("forensics", o.forensics);
    o.tessdata = section.value("tessdata", o.tessdata);
    o.face_cascade = section.value("face_cascade", o.face_cascade);
    o.phash_max_distance = section.value("phash_max_distance", o.phash_max_distance);
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError(file, "plugins.document", e.what());
  }
  if (section.contains("today")) {
    auto today = section["today"].is_string() ? parse_iso_date(section["today"].get<std::string>())
                                              : std::nullopt;
    if (!today) throw ConfigError(file, "plugins.document.today", "expected YYYY-MM-DD");
    o.today = today;
  }
  if (o.phash_max_distance < 0 || o.phash_max_distance > 32)
    throw ConfigError(file, "plugins.document.phash_max_distance", "expected 0..32");
  // The same keys and bounds as plugins.photo.
  const auto limit = [&](const char* key, std::uint64_t& into) {
    if (!section.contains(key)) return;
    const auto& v = section[key];
    if (!v.is_number() || v.get<double>() < 1024 || v.get<double>() > 1e9)
      throw ConfigError(file, std::string("plugins.document.") + key,
                        "must be a number in [1024, 1e9]");
    into = static_cast<std::uint64_t>(v.get<double>());
  };
  limit("max_image_bytes", o.limits.max_bytes);
  limit("max_image_pixels", o.limits.max_pixels);
  return o;
}

std::vector<SignalSpec> DocumentFactory::signals() const { return kSignals; }

std::vector<PluginOption> DocumentFactory::options() const {
  return {{"--tessdata", "tessdata", "Tesseract data folder holding eng.traineddata", false}};
}

void DocumentFactory::configure(const nlohmann::json& section, const PluginSetup& setup) {
  options_ = parse_options(section, setup.policy_file);
  readiness_ = {};
  recent_numbers_ = std::make_shared<RecentKeys>();
  recent_hashes_ = std::make_shared<RecentHashes>();
  ocr_available_ = false;
  std::string tessdata = options_.tessdata.empty() ? default_tessdata() : options_.tessdata;
  readiness_.detail =
      "MRZ parsing; " + std::to_string(Specimens::embedded().size()) + " specimen documents";
  if (options_.ocr) {
    if (std::filesystem::exists(std::filesystem::path(tessdata) / "eng.traineddata")) {
      ocr_available_ = true;
      readiness_.detail += "; OCR with " + tessdata;
    } else {
      readiness_.ready = false;
      readiness_.detail += "; no eng.traineddata in " + tessdata + " (MRZ OCR off)";
      readiness_.fix = "apt-get install -y tesseract-ocr-eng";
    }
  }
  // The portrait finder's cascade: missing, the plugin is `not ready` with the fix, never a
  // stderr line and a silently weaker check (document portraits feed the photo plugin).
  if (options_.face_cascade.empty()) options_.face_cascade = default_face_cascade();
  if (!std::filesystem::is_regular_file(options_.face_cascade)) {
    readiness_.ready = false;
    readiness_.detail += "; no face cascade " + options_.face_cascade + " (portraits off)";
    const std::string fix = "apt-get install -y opencv-data, or set plugins.document.face_cascade";
    readiness_.fix = readiness_.fix.empty() ? fix : readiness_.fix + "; " + fix;
    options_.face_cascade.clear();
  }
  readiness_.detail += options_.forensics ? "; forensics on" : "; forensics off";
}

std::unique_ptr<Plugin> DocumentFactory::make() const {
  return std::make_unique<DocumentPlugin>(options_, ocr_available_, recent_numbers_,
                                          recent_hashes_);
}

void DocumentFactory::forget(std::string_view candidate_id) {
  if (recent_numbers_) recent_numbers_->forget(candidate_id);
  if (recent_hashes_) recent_hashes_->forget(std::string(candidate_id));
}

std::shared_ptr<PluginFactory> make_factory() { return std::make_shared<DocumentFactory>(); }

}  // namespace candor::plugins::document
