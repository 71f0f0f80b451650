// MRZ from images: a handful here (OCR takes ~1 s an image); `candor eval document` runs all.
#include <fstream>
#include <iostream>

#include "candor/image/decode.hpp"
#include "catch.hpp"
#include "fixtures.hpp"
#include "image.hpp"
#include "mrz.hpp"

using namespace candor::plugins::document;
using candor::test::shared_dir;

TEST_CASE("the MRZ band is located and read from specimen images", "[document]") {
  auto dir = shared_dir() / "data" / "mrz";
  std::ifstream in(dir / "images.json");
  REQUIRE(in.good());
  nlohmann::json manifest = nlohmann::json::parse(in);
  MrzOcr ocr("");
  int read = 0;
  for (const char* name : {"images/pe__100_pass-uto.jpg", "images/arg0s__passports__Canada.png",
                           "images/arg0s__id_cards__Sweden.png"}) {
    for (const auto& item : manifest["images"]) {
      if (item["file"] != name) continue;
      cv::Mat bgr = candor::image::decode_image(dir / name, {}, {"images.json", name});
      REQUIRE_FALSE(bgr.empty());
      ImageMrz found = read_mrz(bgr, ocr);
      bool located = found.band.has_value();
      CHECK(located);
      CorrectedMrz fixed = parse_mrz_corrected(found.lines, Date{2025, 1, 1});
      std::cerr << name << " read " << nlohmann::json(found.lines).dump() << "\n";
      UNSCOPED_INFO(name << " read " << nlohmann::json(found.lines).dump());
      if (fixed.lines == item["expected"]["lines"].get<std::vector<std::string>>()) ++read;
    }
  }
  CHECK(read >= 2);
}
