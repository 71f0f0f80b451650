// Photos: each submitted picture as a thumbnail, and beside it what matched it (another
// candidate's picture when it can be found, the hash or face distance and the threshold).
#include <fmt/format.h>

#include "charts.hpp"
#include "sections.hpp"
#include "thumbnail.hpp"

namespace candor::app::report {

namespace {

// What a photo signal says about a match, in a reviewer's words.
std::string what_matched(const std::string& id, const nlohmann::json& e) {
  if (id == "photo.duplicate_image")
    return fmt::format("same picture: {} hash {} bits apart", text_of(e, "hash"),
                       text_of(e, "distance_bits"));
  if (id == "photo.face_reuse") {
    const auto t = e.value("thresholds", nlohmann::json::object());
    return fmt::format("same face: distance {} ({}; strong below {}, review below {})",
                       text_of(e, "distance"), text_of(e, "level"), text_of(t, "strong"),
                       text_of(t, "review"));
  }
  if (id == "photo.face_mismatch")
    return fmt::format("different people among this candidate's photos ({}): distance {}, above {}",
                       text_of(e, "photos"), text_of(e, "distance"), text_of(e, "threshold"));
  if (id == "photo.synthetic_face")
    return fmt::format(
        "face placed as in a StyleGAN crop: centre offset {}, scale ratio {}, roll {}°",
        text_of(e, "centre_offset"), text_of(e, "scale_ratio"), text_of(e, "roll_degrees"));
  return compact_evidence(e);
}

bool names_photo(const nlohmann::json& e, const std::string& file) {
  if (text_of(e, "photo") == file) return true;
  if (e.is_object() && e.contains("photos") && e["photos"].is_array())
    for (const auto& p : e["photos"])
      if (p.is_string() && p.get<std::string>() == file) return true;
  return false;
}

Overlay overlay_of(const nlohmann::json& e) {
  Overlay o;
  if (!e.is_object()) return o;
  if (const auto b = e.find("face_box"); b != e.end() && b->is_array() && b->size() == 4)
    o.boxes.push_back({(*b)[0].get<double>(), (*b)[1].get<double>(), (*b)[2].get<double>(),
                       (*b)[3].get<double>()});
  if (const auto l = e.find("landmarks"); l != e.end() && l->is_array())
    for (const auto& p : *l)
      if (p.is_array() && p.size() == 2 && p[0].is_number() && p[1].is_number())
        o.landmarks.push_back({p[0].get<double>(), p[1].get<double>()});
  return o;
}

}  // namespace

void add_photos(const PageInput& in, nlohmann::json& model) {
  if (!in.candidate || in.candidate->photos.empty()) return;
  nlohmann::json photos = nlohmann::json::array(), notes = nlohmann::json::array();
  int index = 0;
  for (const auto& photo : in.candidate->photos) {
    ++index;
    const std::string file = photo.path.filename().string();
    Overlay overlay;
    nlohmann::json matches = nlohmann::json::array();
    for (const auto& s : signals_of(in.verdict)) {
      const std::string id = s.value("id", "");
      const auto e = s.value("evidence", nlohmann::json::object());
      if (id.rfind("photo.", 0) != 0 || !names_photo(e, file)) continue;
      const Overlay o = overlay_of(e);
      overlay.boxes.insert(overlay.boxes.end(), o.boxes.begin(), o.boxes.end());
      overlay.landmarks.insert(overlay.landmarks.end(), o.landmarks.begin(), o.landmarks.end());
      const auto other = e.value("other", nlohmann::json::object());
      nlohmann::json match = {{"other_id", other.is_object() ? text_of(other, "candidate") : ""},
                              {"other_name", text_of(other, "name")},
                              {"what", what_matched(id, e)}};
      if (match["other_id"] == "") match["other_id"] = id;
      if (in.options.find_photo && other.is_object())
        if (const auto path =
                in.options.find_photo(text_of(other, "candidate"), text_of(other, "photo")))
          if (auto thumb = make_thumbnail(*path, in.options.thumbnail_px, in.options.image_limits))
            match["other_src"] = thumb->data_uri;
      matches.push_back(std::move(match));
    }
    const auto thumb =
        make_thumbnail(photo.path, in.options.thumbnail_px, in.options.image_limits, overlay);
    if (!thumb) {
      notes.push_back(fmt::format("Photo {} ({}) could not be decoded for display.", index, file));
      continue;
    }
    photos.push_back(
        {{"src", thumb->data_uri},
         {"width", std::to_string(thumb->width)},
         {"height", std::to_string(thumb->height)},
         {"index", std::to_string(index)},
         {"caption", fmt::format("{} · {}", photo.kind.empty() ? "photo" : photo.kind, file)},
         {"matches", std::move(matches)}});
  }
  model["has_photos"] = true;
  model["photos"] = std::move(photos);
  model["photo_notes"] = std::move(notes);
}

}  // namespace candor::app::report
