#include "faceapi_convert.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>

#include "candor/data_dir.hpp"
#include "candor/error.hpp"
#include "face_net.hpp"

namespace candor::plugins::photo {
namespace {

constexpr const char* kManifestPath = "package/model/face_recognition_model-weights_manifest.json";
constexpr const char* kWeightsPath = "package/model/face_recognition_model.bin";
constexpr const char* kManifestSha256 =
    "cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b";
constexpr const char* kWeightsSha256 =
    "b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589";

std::uint64_t octal(const char* field, std::size_t length) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < length && field[i]; ++i)
    if (field[i] >= '0' && field[i] <= '7') value = value * 8 + std::uint64_t(field[i] - '0');
  return value;
}

struct Tensor {
  std::vector<int> shape;
  std::vector<float> values;
};

// Dequantised tensors by name, in manifest order.
std::map<std::string, Tensor> read_weights(const std::string& manifest_json,
                                           const std::string& weights) {
  const auto manifest = nlohmann::json::parse(manifest_json, nullptr, false);
  if (manifest.is_discarded() || !manifest.is_array())
    throw DataError("face_recognition_model-weights_manifest.json", "not a weights manifest");
  std::map<std::string, Tensor> tensors;
  std::size_t offset = 0;
  for (const auto& group : manifest)
    for (const auto& w : group.at("weights")) {
      Tensor t;
      std::size_t count = 1;
      for (int d : w.at("shape")) {
        t.shape.push_back(d);
        count *= std::size_t(d);
      }
      t.values.resize(count);
      if (w.contains("quantization")) {
        const auto& q = w["quantization"];
        if (q.at("dtype") != "uint8")
          throw DataError("face_recognition_model.bin", "unsupported quantisation");
        // As tfjs dequantises: in double (JavaScript numbers), stored as float32.
        const double scale = q.at("scale").get<double>(), min = q.at("min").get<double>();
        if (offset + count > weights.size())
          throw DataError("face_recognition_model.bin", "shorter than its manifest");
        for (std::size_t i = 0; i < count; ++i)
          t.values[i] = float(double(std::uint8_t(weights[offset + i])) * scale + min);
        offset += count;
      } else {
        if (w.at("dtype") != "float32" || offset + 4 * count > weights.size())
          throw DataError("face_recognition_model.bin", "shorter than its manifest");
        std::memcpy(t.values.data(), weights.data() + offset, 4 * count);
        offset += 4 * count;
      }
      tensors[w.at("name").get<std::string>()] = std::move(t);
    }
  if (offset != weights.size())
    throw DataError("face_recognition_model.bin", "longer than its manifest");
  return tensors;
}

const Tensor& tensor(const std::map<std::string, Tensor>& tensors, const std::string& name) {
  const auto it = tensors.find(name);
  if (it == tensors.end())
    throw DataError("face_recognition_model-weights_manifest.json", "no tensor " + name);
  return it->second;
}

// The convolutions in input order, as face-api names them.
std::vector<std::string> conv_names() {
  std::vector<std::string> names = {"conv32_down"};
  const auto block = [&](const std::string& b) {
    names.push_back(b + "/conv1");
    names.push_back(b + "/conv2");
  };
  for (const char* b : {"conv32_1", "conv32_2", "conv32_3", "conv64_down", "conv64_1", "conv64_2",
                        "conv64_3", "conv128_down", "conv128_1", "conv128_2", "conv256_down",
                        "conv256_1", "conv256_2", "conv256_down_out"})
    block(b);
  return names;
}

}  // namespace

std::map<std::string, std::string> read_tgz(const std::filesystem::path& tarball) {
  gzFile file = gzopen(tarball.c_str(), "rb");
  if (!file) throw DataError(tarball.string(), "cannot open");
  std::string tar;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0) tar.append(buffer, std::size_t(n));
  const bool failed = n < 0;
  gzclose(file);
  if (failed) throw DataError(tarball.string(), "not a gzip file");
  std::map<std::string, std::string> files;
  for (std::size_t at = 0; at + 512 <= tar.size();) {
    const char* header = tar.data() + at;
    if (header[0] == '\0') break;
    const std::string name(header, strnlen(header, 100));
    const std::string prefix(header + 345, strnlen(header + 345, 155));
    const std::uint64_t size = octal(header + 124, 12);
    const char type = header[156];
    at += 512;
    if (at + size > tar.size()) throw DataError(tarball.string(), "truncated tar archive");
    if (type == '0' || type == '\0')
      files[prefix.empty() ? name : prefix + "/" + name] = tar.substr(at, size);
    at += (size + 511) / 512 * 512;
  }
  if (files.empty()) throw DataError(tarball.string(), "not a tar archive");
  return files;
}

std::string convert_faceapi_weights(const std::string& manifest_json, const std::string& weights) {
  const auto tensors = read_weights(manifest_json, weights);
  net::anet_type network;

  std::vector<dlib::affine_*> affines;
  std::vector<dlib::tensor*> conv_params;
  dlib::tensor* fc_params = nullptr;
  // The scale layers are per-channel ("CONV mode") affine transforms.
  dlib::visit_computational_layers(network, [](auto& l) {
    if constexpr (std::is_same_v<std::decay_t<decltype(l)>, dlib::affine_>)
      l = dlib::affine_(dlib::CONV_MODE);
  });

  // One forward pass sets every layer up (shapes); then all parameters are overwritten.
  dlib::matrix<dlib::rgb_pixel> blank(150, 150);
  blank = dlib::rgb_pixel(0, 0, 0);
  network(blank);

  // Visited from the output down: reversed below into input order.
  dlib::visit_computational_layers(network, [&](auto& l) {
    using Details = std::decay_t<decltype(l)>;
    if constexpr (std::is_same_v<Details, dlib::affine_>)
      affines.push_back(&l);
    else if constexpr (requires { l.num_filters(); })
      conv_params.push_back(&l.get_layer_params());
    else if constexpr (requires { l.get_num_outputs(); })
      fc_params = &l.get_layer_params();
  });
  std::reverse(affines.begin(), affines.end());
  std::reverse(conv_params.begin(), conv_params.end());
  const auto names = conv_names();
  if (conv_params.size() != names.size() || affines.size() != names.size() || !fc_params)
    throw DataError("faceapi converter", fmt::format("unexpected network: {} convolutions, {} "
                                                     "scale layers",
                                                     conv_params.size(), affines.size()));
  for (std::size_t i = 0; i < names.size(); ++i) {
    const Tensor& filters = tensor(tensors, names[i] + "/conv/filters");
    const Tensor& bias = tensor(tensors, names[i] + "/conv/bias");
    const int h = filters.shape[0], w = filters.shape[1], in = filters.shape[2],
              out = filters.shape[3];
    dlib::tensor& params = *conv_params[i];
    if (params.size() != filters.values.size() + bias.values.size())
      throw DataError("faceapi converter", names[i] + ": shape differs from dlib's network");
    float* p = params.host();
    // TF.js filters are HWIO; dlib's are OIHW, followed by the biases.
    for (int o = 0; o < out; ++o)
      for (int c = 0; c < in; ++c)
        for (int y = 0; y < h; ++y)
          for (int x = 0; x < w; ++x)
            *p++ = filters.values[std::size_t(((y * w + x) * in + c) * out + o)];
    for (float b : bias.values) *p++ = b;

    const Tensor& gamma = tensor(tensors, names[i] + "/scale/weights");
    const Tensor& beta = tensor(tensors, names[i] + "/scale/biases");
    // affine_ hides its parameters from get_layer_params() (they are not trained).
    auto g = affines[i]->get_gamma();
    auto b = affines[i]->get_beta();
    if (g.size() != gamma.values.size() || b.size() != beta.values.size())
      throw DataError("faceapi converter", fmt::format("{}: scale has {} values, dlib's layer {}",
                                                       names[i], gamma.values.size(), g.size()));
    std::copy(gamma.values.begin(), gamma.values.end(), g.host());
    std::copy(beta.values.begin(), beta.values.end(), b.host());
  }
  const Tensor& fc = tensor(tensors, "fc");
  if (fc_params->size() != fc.values.size())
    throw DataError("faceapi converter", "fc: shape differs from dlib's network");
  std::copy(fc.values.begin(), fc.values.end(), fc_params->host());

  network.clean();
  std::ostringstream out;
  dlib::serialize(network, out);
  return out.str();
}

std::string convert_faceapi_tarball(const std::filesystem::path& tarball) {
  const std::string digest = sha256_file(tarball);
  if (digest != kFaceApiTarballSha256)
    throw DataError(tarball.string(),
                    fmt::format("SHA-256 {} is not @vladmandic/face-api@1.7.15's {}", digest,
                                kFaceApiTarballSha256));
  const auto files = read_tgz(tarball);
  const auto get = [&](const char* path, const char* sha) -> const std::string& {
    const auto it = files.find(path);
    if (it == files.end()) throw DataError(tarball.string(), fmt::format("no {}", path));
    if (sha256_hex(it->second) != sha)
      throw DataError(tarball.string(), fmt::format("{} has the wrong SHA-256", path));
    return it->second;
  };
  return convert_faceapi_weights(get(kManifestPath, kManifestSha256),
                                 get(kWeightsPath, kWeightsSha256));
}

}  // namespace candor::plugins::photo
