#include "photo_screen.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <opencv2/imgproc.hpp>

#include "candor/error.hpp"
#include "photo_records.hpp"

namespace candor::plugins::photo {

// The same-name levels: the same picture or face under a new id with the same name is most
// likely a re-application.
const std::vector<SignalSpec>& signal_table() {
  static const std::vector<SignalSpec> table = {
      {"photo.duplicate_image",
       "photo",
       {{"other_name", 5.0}, {"same_name", 0.5}},
       false,
       "A picture of this candidate was submitted under another candidate id"},
      {"photo.face_reuse",
       "photo",
       {{"strong", 4.5},
        {"review", 2.0},
        {"known_strong", 6.0},
        {"known_review", 4.5},
        {"same_name", 0.5}},
       false,
       "The candidate's face is close to the face of another identity (screened or indexed)"},
      {"photo.face_mismatch",
       "photo",
       {{"", 2.5}},
       false,
       "Two of the candidate's own pictures show different people"},
      {"photo.synthetic_face",
       "photo",
       {{"", 3.0}},
       false,
       "The face sits exactly where FFHQ alignment (StyleGAN's training crop) puts it"},
      {"photo.no_face", "photo", {{"", 0.7}}, false, "No face was found in a profile photo"},
  };
  return table;
}

namespace {

std::string folded(const std::string& name) {
  std::string out;
  for (unsigned char c : name)
    if (std::isalnum(c)) out += char(std::tolower(c));
  return out;
}

bool same_name(const Candidate& candidate, const Owner& other) {
  return !candidate.name.empty() && folded(candidate.name) == folded(other.name);
}

nlohmann::json other_json(const Owner& owner) {
  return {{"candidate", owner.candidate_id},
          {"name", owner.name},
          {"label", owner.source.label},
          {"photo", owner.source.photo}};
}

std::optional<Face> largest_face(const AnalyzerSource& analyzer, const cv::Mat& image,
                                 bool& searched) {
  searched = static_cast<bool>(analyzer);
  if (!analyzer) return std::nullopt;
  auto faces = analyzer().analyze(image);
  if (faces.empty()) return std::nullopt;
  return std::move(faces.front());
}

}  // namespace

SyntheticCheck check_ffhq_alignment(const Face& face, cv::Size image) {
  // FFHQ's alignment (used to make StyleGAN's training data, and so reproduced by its output):
  // crop centre c = eye_avg + 0.1·eye_to_mouth, crop half-size = max(2·|eye_to_eye|,
  // 1.8·|eye_to_mouth|), the crop is the whole square picture.
  SyntheticCheck check;
  const int side = std::max(image.width, image.height);
  if (side <= 0 || std::abs(image.width - image.height) > 0.02 * side) return check;
  const cv::Point2f eye_left = face.right_eye(), eye_right = face.left_eye();  // image order
  const cv::Point2f eye_avg = (eye_left + eye_right) * 0.5f;
  const cv::Point2f mouth_avg = (face.landmarks[48] + face.landmarks[54]) * 0.5f;
  const cv::Point2f eye_to_eye = eye_right - eye_left, eye_to_mouth = mouth_avg - eye_avg;
  const cv::Point2f centre = eye_avg + eye_to_mouth * 0.1f;
  const double half = std::max(2.0 * cv::norm(eye_to_eye), 1.8 * cv::norm(eye_to_mouth));
  check.centre_offset =
      cv::norm(centre - cv::Point2f(float(image.width) / 2, float(image.height) / 2)) / side;
  check.scale_ratio = 2.0 * half / side;
  check.roll_degrees = std::atan2(eye_to_eye.y, eye_to_eye.x) * 180.0 / M_PI;
  check.fired = check.centre_offset < 0.02 && std::abs(check.scale_ratio - 1.0) < 0.05 &&
                std::abs(check.roll_degrees) < 8.0;
  return check;
}

std::vector<SeenPicture> look_at_pictures(const RunContext& context, const PhotoOptions& options,
                                          const AnalyzerSource& analyzer) {
  const Candidate& candidate = context.candidate();
  std::vector<SeenPicture> pictures;
  for (std::size_t i = 0; i < candidate.photos.size(); ++i) {
    const Photo& photo = candidate.photos[i];
    SeenPicture seen;
    seen.kind = photo.kind.empty() ? "profile" : photo.kind;
    // An inline photo (a service request) is decoded from memory, never from a path.
    seen.file = photo.data ? fmt::format("photos/{}", i) : photo.path.filename().string();
    seen.field = fmt::format("/photos/{}/{}", i, photo.data ? "data" : "path");
    const image::ImageOrigin origin{candidate.source_file, seen.field};
    const cv::Mat image =
        photo.data ? image::decode_image_bytes(*photo.data, seen.file, options.limits, origin)
                   : image::decode_image(photo.path, options.limits, origin);
    seen.size = image.size();
    seen.hashes = hash_image(image);
    seen.face = largest_face(analyzer, image, seen.searched_faces);
    pictures.push_back(std::move(seen));
  }
  const auto* portraits = context.fact(facts::kDocumentPortraits);
  if (portraits && analyzer) {
    for (std::size_t i = 0; i < portraits->size(); ++i) {
      const DocumentPortrait& portrait = (*portraits)[i];
      const std::filesystem::path& path = portrait.image;
      SeenPicture seen;
      seen.kind = "document";
      seen.whole_image = false;
      seen.file = portrait.image_data ? fmt::format("document {}", i) : path.filename().string();
      seen.field = fmt::format("document.portraits/{}", i);
      const image::ImageOrigin origin{candidate.source_file, seen.field};
      cv::Mat image =
          portrait.image_data
              ? image::decode_image_bytes(*portrait.image_data, seen.file, options.limits, origin)
              : image::decode_image(path, options.limits, origin);
      const auto& rect = portrait.rect;
      if (rect[2] > 0 && rect[3] > 0) {
        // Widen the portrait box: the detector needs some forehead and chin around the face.
        const int w = rect[2], h = rect[3];
        cv::Rect box(rect[0] - w / 3, rect[1] - h / 3, w + 2 * (w / 3), h + 2 * (h / 3));
        box &= cv::Rect(0, 0, image.cols, image.rows);
        if (box.area() > 0) image = image(box).clone();
      }
      seen.size = image.size();
      seen.hashes = hash_image(image);
      seen.face = largest_face(analyzer, image, seen.searched_faces);
      pictures.push_back(std::move(seen));
    }
  }
  return pictures;
}

std::vector<Signal> photo_signals(const Candidate& candidate,
                                  const std::vector<SeenPicture>& pictures,
                                  const PhotoOptions& options, const FaceIndex* index) {
  std::vector<Signal> signals;

  if (index) {
    // The same picture: best match per other candidate.
    std::map<std::string, std::pair<HashMatch, const SeenPicture*>> duplicates;
    const auto keep = [&](const HashMatch& match, const SeenPicture& picture) {
      auto it = duplicates.find(match.owner.candidate_id);
      if (it == duplicates.end() || match.distance < it->second.first.distance)
        duplicates[match.owner.candidate_id] = {match, &picture};
    };
    for (const auto& picture : pictures) {
      if (picture.whole_image)
        for (const auto& match : index->image_matches(
                 picture.hashes, candidate.id, options.image_phash_bits, options.image_block_bits))
          keep(match, picture);
      if (picture.face)
        for (const auto& match :
             index->chip_matches(picture.face->chip_hash, picture.face->mirror_hash, candidate.id,
                                 options.chip_phash_bits))
          keep(match, picture);
    }
    for (const auto& [id, found] : duplicates) {
      const auto& [match, picture] = found;
      const bool renamed = !same_name(candidate, match.owner);
      signals.push_back(find_spec(signal_table(), "photo.duplicate_image")
                            .make_at(renamed ? "other_name" : "same_name",
                                     renamed
                                         ? fmt::format("The same picture was submitted by {} ({}).",
                                                       match.owner.candidate_id, match.owner.name)
                                         : fmt::format("The same picture was submitted earlier "
                                                       "under id {} with the same name.",
                                                       match.owner.candidate_id),
                                     {{"photo", picture->file},
                                      {"other", other_json(match.owner)},
                                      {"hash", match.which},
                                      {"distance_bits", match.distance},
                                      {"same_name", !renamed}}));
    }

    // The same face under another identity: the nearest other candidate per face.
    std::optional<std::pair<FaceMatch, const SeenPicture*>> best;
    std::vector<nlohmann::json> near;
    for (const auto& picture : pictures) {
      if (!picture.face || !picture.face->embedding) continue;
      for (const auto& match : index->nearest_faces(*picture.face->embedding, 5, candidate.id)) {
        if (match.distance >= options.face_reuse_review) break;
        near.push_back({{"photo", picture.file},
                        {"other", other_json(match.owner)},
                        {"distance", std::round(match.distance * 1000) / 1000}});
        if (!best || match.distance < best->first.distance) best = {{match, &picture}};
      }
    }
    if (best) {
      const auto& [match, picture] = *best;
      const bool known = match.owner.source.label != "candidate";
      const bool strong = match.distance < options.face_reuse_strong;
      const bool renamed = !same_name(candidate, match.owner);
      const char* level = !renamed ? "same_name"
                          : known  ? (strong ? "known_strong" : "known_review")
                          : strong ? "strong"
                                   : "review";
      std::string summary = fmt::format(
          "{} face matches {} ({}{}) at distance {:.3f}{}.", strong ? "The" : "Possibly the same",
          match.owner.name, known ? match.owner.source.label + " " : "", match.owner.candidate_id,
          match.distance, renamed ? "" : " (same name: likely a re-application)");
      nlohmann::json evidence = {
          {"photo", picture->file},
          {"distance", std::round(match.distance * 1000) / 1000},
          {"level", strong ? "strong" : "review"},
          {"other", other_json(match.owner)},
          {"thresholds",
           {{"strong", options.face_reuse_strong}, {"review", options.face_reuse_review}}},
          {"matches", near}};
      signals.push_back(find_spec(signal_table(), "photo.face_reuse")
                            .make_at(level, std::move(summary), std::move(evidence)));
    }
  }

  // The candidate's own pictures show different people.
  double worst = 0;
  std::pair<const SeenPicture*, const SeenPicture*> pair{nullptr, nullptr};
  for (std::size_t i = 0; i < pictures.size(); ++i)
    for (std::size_t j = i + 1; j < pictures.size(); ++j) {
      const auto& a = pictures[i].face;
      const auto& b = pictures[j].face;
      if (!a || !b || !a->embedding || !b->embedding) continue;
      const double d = embedding_distance(*a->embedding, *b->embedding);
      if (d > worst) {
        worst = d;
        pair = {&pictures[i], &pictures[j]};
      }
    }
  if (pair.first && worst > options.face_mismatch) {
    signals.push_back(find_spec(signal_table(), "photo.face_mismatch")
                          .make(fmt::format("The {} photo and the {} photo show different people "
                                            "(distance {:.3f}).",
                                            pair.first->kind, pair.second->kind, worst),
                                {{"photos", {pair.first->file, pair.second->file}},
                                 {"kinds", {pair.first->kind, pair.second->kind}},
                                 {"distance", std::round(worst * 1000) / 1000},
                                 {"threshold", options.face_mismatch}}));
  }

  for (const auto& picture : pictures) {
    if (!picture.face || !picture.whole_image) continue;
    const SyntheticCheck check = check_ffhq_alignment(*picture.face, picture.size);
    if (!check.fired) continue;
    signals.push_back(
        find_spec(signal_table(), "photo.synthetic_face")
            .make(fmt::format("The face in {} sits exactly where StyleGAN-style generators put it "
                              "(FFHQ alignment).",
                              picture.file),
                  {{"photo", picture.file},
                   {"centre_offset", std::round(check.centre_offset * 1000) / 1000},
                   {"scale_ratio", std::round(check.scale_ratio * 1000) / 1000},
                   {"roll_degrees", std::round(check.roll_degrees * 10) / 10}}));
    break;
  }

  for (const auto& picture : pictures) {
    if (picture.kind != "profile" || !picture.searched_faces || picture.face) continue;
    signals.push_back(
        find_spec(signal_table(), "photo.no_face")
            .make(fmt::format("No face was found in the profile photo {}.", picture.file),
                  {{"photo", picture.file}}));
    break;
  }
  return signals;
}

void remember_pictures(RunContext& context, const std::vector<SeenPicture>& pictures,
                       const std::string& model_sha256, FaceIndex* index) {
  const Candidate& candidate = context.candidate();
  std::vector<ItemWrite> items;
  for (const auto& picture : pictures) {
    const ItemSource source{"candidate", picture.file};
    if (picture.whole_image) items.push_back(image_hash_item(picture.hashes, source));
    if (!picture.face) continue;
    items.push_back(chip_hash_item(picture.face->chip_hash, picture.face->mirror_hash, source));
    if (picture.face->embedding && !model_sha256.empty())
      items.push_back(embedding_item(*picture.face->embedding, model_sha256, source));
  }
  for (const auto& item : items) context.remember(item.kind, item.key, item.payload);
  if (!index) return;
  index->forget(candidate.id);
  for (const auto& picture : pictures) {
    const Owner owner{candidate.id, candidate.name, {"candidate", picture.file}};
    if (picture.whole_image) index->add_image(owner, picture.hashes);
    if (!picture.face) continue;
    index->add_chip(owner, picture.face->chip_hash, picture.face->mirror_hash);
    if (picture.face->embedding && !model_sha256.empty())
      index->add_face(owner, *picture.face->embedding);
  }
}

}  // namespace candor::plugins::photo
