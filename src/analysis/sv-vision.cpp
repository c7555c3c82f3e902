/* sv-vision.cpp: the OpenCV 4.6 DNN models behind a plain C API
 *
 * Models (see ../shared/models/README.md for sources and preprocessing):
 *  - YuNet face detector (cv::FaceDetectorYN), input padded to multiples
 *    of 64;
 *  - dlib ResNet-29 face descriptor (ONNX), 150×150 chip aligned on YuNet's
 *    five landmarks with a similarity transform onto dlib's mean face;
 *  - MobileNetV2 int8 ImageNet classifier, classes mapped to tags through
 *    imagenet_tags.tsv;
 *  - Yolo-Fastest 1.1 XL COCO detector.
 *
 * Every entry point catches every exception: nothing crosses into C.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sv-vision.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

namespace
{

/* ---- tuned numbers ----
 *
 * Measured by running souvenir-analyzer (detector input at most 1280 px on the long
 * edge, as it does) with every threshold lowered, on the 58 photos of
 * ../shared/testdata/photos whose MANIFEST.tsv labels hold faces=,
 * scene= or pets=, on the Debian 12 build machine (OpenCV 4.6.0), then
 * comparing with the manifest (2026-11-26):
 *
 * Faces (YuNet score): the hand-counted faces scored 0.93–1.00, except
 * faces/kpa-jesper.jpg (a tilted face, 0.52) and the two photos stored
 * sideways (kpa-wayne 0.58; kpa-new_wave_1 still found at 0.93). Non-faces
 * scored: a dog 0.92 (camera/fsf-IMG_20200124_231153.jpg), electronics 0.89
 * and 0.87, a landmark 0.86, a rabbit 0.51, coffee 0.55, market stalls
 * 0.53–0.60. At 0.90 and 20 px minimum: 16 of the 18 manifest faces of the
 * faces/ and orientation/ folders found, one false positive (the dog), plus
 * real background faces the manifest does not count (kpa-bar55,
 * kpa-cold_water). Faces under 20 px give descriptors too noisy to group. */
const float FACE_SCORE_THRESHOLD = 0.90f;
const float FACE_NMS_THRESHOLD = 0.3f;
const int FACE_TOP_K = 500;
const float FACE_MIN_SIZE = 20.0f;
/* The detector runs on at most this many pixels on the long edge. Measured
 * with bench/analysis (30 quality photos, 187 12-MP photos, 2 helpers on the
 * 2-core build machine, 2026-11-26), CPU per photo: 1280 px 0.290 s and
 * 1024 px 0.269 s with OpenCV's thread pool; with one thread per helper
 * 1024 px 0.254 s (7.48 photos/s) and 896 px 0.233 s (8.35 photos/s); the
 * same recall (24 of 27 faces), no false face and the same grouping at
 * all of them. The cost: YuNet finds faces down to about 10 px at this scale, so
 * a face narrower than about 1/90 of the photo's long edge (45 px on a
 * 4000 px photo) may be missed in large group photos. */
const int FACE_DETECT_MAX_EDGE = 896;

/* Labels: a wrong label is worse than a missing one. ImageNet tag scores are
 * the sum of the softmax probabilities of the classes mapped to the tag.
 * Wrong tags seen: coast 0.67 on a canyon and 0.50 on a mountain lake,
 * mountain 0.71 on a sea cliff, water 0.44 and lake 0.38 on a sunset over
 * trees, candle 0.25 in a bar. Right tags kept at these thresholds: mountain
 * 0.89 (canyon), water 0.96/0.68, beach 0.43, building 0.78/0.46, landscape 0.46, flower
 * 0.84/0.70/0.62. Precision 1.0 on those photos. */
const float IMAGENET_TAG_THRESHOLD = 0.40f;
const struct
{
  const char *id;
  float threshold;
} IMAGENET_TAG_OVERRIDES[] = {
  { "coast", 0.90f },
  { "mountain", 0.75f },
  { "lake", 0.50f },
  { "water", 0.60f },
  /* Many ImageNet classes each: their sums reach 0.4–0.55 on animals of
   * other kinds (a rabbit gave dog ≈ 0.5). */
  { "dog", 0.70f },
  { "cat", 0.70f },
  { "bird", 0.70f },
};
/* Yolo-Fastest class confidence. Wrong: sheep 0.79 (a dog), giraffe 0.79
 * (a forest path), dog 0.55 (a rabbit), cat 0.34, bear 0.29. Right: dog 0.99,
 * airplane 0.90, boat 0.96, food 0.91, car 0.98/0.85. */
const float COCO_THRESHOLD = 0.85f;

/* Sunset: no model here knows it, so a colour rule on the 224 px image: a
 * warm, saturated, bright sky (hue within ±22° of red-orange, saturation
 * > 0.5, value > 0.4) over at least SUNSET_MIN_WARM of the top 60 % of the
 * picture, above a dark silhouetted ground (mean value of the bottom third
 * < SUNSET_MAX_GROUND). On the test photos: kpa-sunset 0.37 / 0.03 (found);
 * the two other sunsets (plasma-EveningGlow 0.10, gowebp-source) have too
 * little warm sky and are missed; highest non-sunsets: coffee 0.75 / 0.50,
 * fruits 0.38 / 0.48, a mountain lake 0.33 / 0.56, none with a dark ground.
 * Recall 1 of 3, precision 1.0. */
const double SUNSET_MIN_WARM = 0.30;
const double SUNSET_MAX_GROUND = 0.15;

const char *const MODEL_FILES[] = {
  "face_detection_yunet_2022_cv46.onnx",
  "face_recognition_dlib_resnet29_faceapi.onnx",
  "mobilenetv2-12-int8.onnx",
  "imagenet_classes.txt",
  "imagenet_tags.tsv",
  "yolo-fastest-1.1-xl.cfg",
  "yolo-fastest-1.1-xl.weights",
  "coco.names",
  nullptr,
};

/* The small vocabulary, with both language names (searchable in both). */
const SvVisionLabel VOCABULARY[] = {
  { "beach", "beach", "plage", 0 },
  { "mountain", "mountain", "montagne", 0 },
  { "lake", "lake", "lac", 0 },
  { "snow", "snow", "neige", 0 },
  { "water", "water", "eau", 0 },
  { "coast", "coast", "côte", 0 },
  { "landscape", "landscape", "paysage", 0 },
  { "coral reef", "coral reef", "récif corallien", 0 },
  { "sunset", "sunset", "coucher de soleil", 0 },
  { "building", "building", "bâtiment", 0 },
  { "dog", "dog", "chien", 0 },
  { "cat", "cat", "chat", 0 },
  { "bird", "bird", "oiseau", 0 },
  { "horse", "horse", "cheval", 0 },
  { "sheep", "sheep", "mouton", 0 },
  { "cow", "cow", "vache", 0 },
  { "elephant", "elephant", "éléphant", 0 },
  { "bear", "bear", "ours", 0 },
  { "zebra", "zebra", "zèbre", 0 },
  { "giraffe", "giraffe", "girafe", 0 },
  { "cake", "cake", "gâteau", 0 },
  { "food", "food", "nourriture", 0 },
  { "dessert", "dessert", "dessert", 0 },
  { "candle", "candle", "bougie", 0 },
  { "balloon", "balloon", "ballon", 0 },
  { "flower", "flower", "fleur", 0 },
  { "car", "car", "voiture", 0 },
  { "bicycle", "bicycle", "vélo", 0 },
  { "motorbike", "motorbike", "moto", 0 },
  { "bus", "bus", "bus", 0 },
  { "train", "train", "train", 0 },
  { "truck", "truck", "camion", 0 },
  { "airplane", "airplane", "avion", 0 },
  { "boat", "boat", "bateau", 0 },
  { nullptr, nullptr, nullptr, 0 },
};

/* COCO class name → vocabulary id (classes not listed give no label). */
const std::map<std::string, std::string> COCO_TO_VOCAB = {
  { "bicycle", "bicycle" },
  { "car", "car" },
  { "motorbike", "motorbike" },
  { "aeroplane", "airplane" },
  { "bus", "bus" },
  { "train", "train" },
  { "truck", "truck" },
  { "boat", "boat" },
  { "bird", "bird" },
  { "cat", "cat" },
  { "dog", "dog" },
  { "horse", "horse" },
  { "sheep", "sheep" },
  { "cow", "cow" },
  { "elephant", "elephant" },
  { "bear", "bear" },
  { "zebra", "zebra" },
  { "giraffe", "giraffe" },
  { "cake", "cake" },
  { "pizza", "food" },
  { "sandwich", "food" },
  { "hot dog", "food" },
  { "donut", "food" },
  { "banana", "food" },
  { "apple", "food" },
  { "orange", "food" },
  { "broccoli", "food" },
  { "carrot", "food" },
};

/* dlib's mean face (padding 0.25) in the 150×150 chip: right eye (image
 * left), left eye, nose tip, right mouth corner, left mouth corner. */
const float CHIP_POINTS[10] = { 47.549f, 46.599f, 100.476f, 46.599f, 74.013f,
                                76.562f, 50.415f, 103.023f, 97.610f, 103.023f };

const SvVisionLabel *
find_vocab (const std::string &id)
{
  for (const SvVisionLabel *l = VOCABULARY; l->id != nullptr; l++)
    if (id == l->id)
      return l;
  return nullptr;
}

char *
dup_message (const std::string &s)
{
  char *out = static_cast<char *> (std::malloc (s.size () + 1));
  if (out != nullptr)
    std::memcpy (out, s.c_str (), s.size () + 1);
  return out;
}

void
set_error (char **error_message, const std::string &s)
{
  if (error_message != nullptr)
    *error_message = dup_message (s);
}

std::vector<std::string>
read_lines (const std::string &path)
{
  std::ifstream in (path);
  std::vector<std::string> lines;
  std::string line;

  if (!in)
    throw std::runtime_error ("cannot read " + path);
  while (std::getline (in, line) && lines.size () < 100000)
    {
      if (!line.empty () && line.back () == '\r')
        line.pop_back ();
      lines.push_back (line);
    }
  return lines;
}

bool
check_image (const uint8_t *rgb, int width, int height, size_t stride, char **error_message)
{
  if (rgb == nullptr || width <= 0 || height <= 0 || width > 65535 || height > 65535 ||
      stride < static_cast<size_t> (width) * 3)
    {
      set_error (error_message, "invalid image");
      return false;
    }
  return true;
}

} // namespace

struct SvVision
{
  cv::Ptr<cv::FaceDetectorYN> detector;
  cv::dnn::Net recogniser;
  cv::dnn::Net classifier;
  cv::dnn::Net yolo;
  std::vector<std::string> yolo_outputs;
  /* imagenet class index → vocabulary entries */
  std::vector<std::vector<const SvVisionLabel *> > imagenet_tags;
  /* coco class index → vocabulary entry or nullptr */
  std::vector<const SvVisionLabel *> coco_tags;
};

static void
load_models (SvVision *v, const std::string &dir)
{
  std::string p = dir + "/";

  for (const char *const *f = MODEL_FILES; *f != nullptr; f++)
    {
      std::ifstream probe (p + *f);
      if (!probe)
        throw std::runtime_error (std::string ("missing model file ") + *f);
    }

  v->detector = cv::FaceDetectorYN::create (p + "face_detection_yunet_2022_cv46.onnx", "",
                                            cv::Size (320, 320), FACE_SCORE_THRESHOLD,
                                            FACE_NMS_THRESHOLD, FACE_TOP_K);
  v->recogniser = cv::dnn::readNetFromONNX (p + "face_recognition_dlib_resnet29_faceapi.onnx");
  v->classifier = cv::dnn::readNetFromONNX (p + "mobilenetv2-12-int8.onnx");
  v->yolo = cv::dnn::readNetFromDarknet (p + "yolo-fastest-1.1-xl.cfg",
                                         p + "yolo-fastest-1.1-xl.weights");
  v->yolo_outputs = v->yolo.getUnconnectedOutLayersNames ();

  std::vector<std::string> classes = read_lines (p + "imagenet_classes.txt");
  v->imagenet_tags.assign (std::max<size_t> (classes.size (), 1000), {});
  for (const std::string &line : read_lines (p + "imagenet_tags.tsv"))
    {
      if (line.empty () || line[0] == '#')
        continue;
      std::istringstream fields (line);
      std::string index_text, tags;
      if (!std::getline (fields, index_text, '\t') || !std::getline (fields, tags, '\t'))
        continue;
      char *end = nullptr;
      long index = std::strtol (index_text.c_str (), &end, 10);
      if (end == index_text.c_str () || index < 0 ||
          index >= static_cast<long> (v->imagenet_tags.size ()))
        continue;
      std::istringstream tag_list (tags);
      std::string tag;
      while (std::getline (tag_list, tag, ','))
        {
          const SvVisionLabel *l = find_vocab (tag);
          if (l != nullptr)
            v->imagenet_tags[static_cast<size_t> (index)].push_back (l);
        }
    }

  for (const std::string &name : read_lines (p + "coco.names"))
    {
      auto it = COCO_TO_VOCAB.find (name);
      v->coco_tags.push_back (it == COCO_TO_VOCAB.end () ? nullptr : find_vocab (it->second));
    }
}

static cv::Mat
wrap_rgb (const uint8_t *rgb, int width, int height, size_t stride)
{
  return cv::Mat (height, width, CV_8UC3, const_cast<uint8_t *> (rgb), stride);
}

static void
describe_face (SvVision *v, const cv::Mat &rgb, SvVisionFace *face)
{
  /* Least-squares similarity transform (scale, rotation, translation) from
   * the five landmarks onto the chip points, in closed form. */
  double msx = 0, msy = 0, mdx = 0, mdy = 0;
  for (int i = 0; i < 5; i++)
    {
      msx += face->landmarks[2 * i] / 5.0;
      msy += face->landmarks[2 * i + 1] / 5.0;
      mdx += CHIP_POINTS[2 * i] / 5.0;
      mdy += CHIP_POINTS[2 * i + 1] / 5.0;
    }
  double norm = 0, sa = 0, sb = 0;
  for (int i = 0; i < 5; i++)
    {
      double ax = face->landmarks[2 * i] - msx, ay = face->landmarks[2 * i + 1] - msy;
      double bx = CHIP_POINTS[2 * i] - mdx, by = CHIP_POINTS[2 * i + 1] - mdy;
      norm += ax * ax + ay * ay;
      sa += ax * bx + ay * by;
      sb += ax * by - ay * bx;
    }
  if (!(norm > 1e-6))
    throw std::runtime_error ("face alignment failed");
  double a = sa / norm, b = sb / norm;
  cv::Mat transform = (cv::Mat_<double> (2, 3) << a, -b, mdx - (a * msx - b * msy), b, a,
                       mdy - (b * msx + a * msy));
  cv::Mat chip;
  cv::warpAffine (rgb, chip, transform, cv::Size (150, 150), cv::INTER_LINEAR,
                  cv::BORDER_REPLICATE);
  /* The image is RGB already: no channel swap, mean in R, G, B order. */
  cv::Mat blob = cv::dnn::blobFromImage (chip, 1.0 / 256.0, cv::Size (150, 150),
                                         cv::Scalar (122.782, 117.001, 104.298), false, false);
  v->recogniser.setInput (blob);
  cv::Mat out = v->recogniser.forward ();
  if (out.total () != SV_VISION_DESCRIPTOR_LEN || out.type () != CV_32F)
    throw std::runtime_error ("unexpected face descriptor shape");
  const float *d = out.ptr<float> ();
  for (int i = 0; i < SV_VISION_DESCRIPTOR_LEN; i++)
    face->descriptor[i] = std::isfinite (d[i]) ? d[i] : 0.0f;
}

static int
detect_faces (SvVision *v, const cv::Mat &rgb, SvVisionFace *faces, int max_faces)
{
  double scale = 1.0;
  int long_edge = std::max (rgb.cols, rgb.rows);
  cv::Mat bgr;

  if (long_edge > FACE_DETECT_MAX_EDGE)
    {
      scale = static_cast<double> (FACE_DETECT_MAX_EDGE) / long_edge;
      cv::Mat small;
      cv::resize (rgb, small, cv::Size (), scale, scale, cv::INTER_AREA);
      cv::cvtColor (small, bgr, cv::COLOR_RGB2BGR);
    }
  else
    cv::cvtColor (rgb, bgr, cv::COLOR_RGB2BGR);

  /* YuNet (patched for OpenCV 4.6) needs both sides multiples of 64. */
  int pw = (bgr.cols + 63) / 64 * 64;
  int ph = (bgr.rows + 63) / 64 * 64;
  cv::Mat padded;
  cv::copyMakeBorder (bgr, padded, 0, ph - bgr.rows, 0, pw - bgr.cols, cv::BORDER_CONSTANT,
                      cv::Scalar (0, 0, 0));
  v->detector->setInputSize (padded.size ());
  cv::Mat found;
  v->detector->detect (padded, found);
  if (found.empty ())
    return 0;
  if (found.cols < 15 || found.type () != CV_32F)
    throw std::runtime_error ("unexpected face detector output");

  std::vector<int> order;
  for (int r = 0; r < found.rows; r++)
    order.push_back (r);
  std::sort (order.begin (), order.end (),
             [&] (int a, int b) { return found.at<float> (a, 14) > found.at<float> (b, 14); });

  int n = 0;
  for (int r : order)
    {
      if (n >= max_faces)
        break;
      const float *row = found.ptr<float> (r);
      SvVisionFace *f = &faces[n];
      float inv = static_cast<float> (1.0 / scale);
      bool finite = true;

      for (int i = 0; i < 15; i++)
        finite = finite && std::isfinite (row[i]);
      if (!finite || row[14] < FACE_SCORE_THRESHOLD)
        continue;
      f->x = row[0] * inv;
      f->y = row[1] * inv;
      f->w = row[2] * inv;
      f->h = row[3] * inv;
      /* Clip to the image (the detector may reach into the padding). */
      float x1 = std::max (0.0f, f->x), y1 = std::max (0.0f, f->y);
      float x2 = std::min (static_cast<float> (rgb.cols), f->x + f->w);
      float y2 = std::min (static_cast<float> (rgb.rows), f->y + f->h);
      if (x2 - x1 < FACE_MIN_SIZE || y2 - y1 < FACE_MIN_SIZE)
        continue;
      f->x = x1;
      f->y = y1;
      f->w = x2 - x1;
      f->h = y2 - y1;
      for (int i = 0; i < 10; i++)
        f->landmarks[i] = row[4 + i] * inv;
      f->score = std::min (1.0f, row[14]);
      describe_face (v, rgb, f);
      n++;
    }
  return n;
}

static double
imagenet_threshold (const char *id)
{
  for (const auto &o : IMAGENET_TAG_OVERRIDES)
    if (std::strcmp (o.id, id) == 0)
      return o.threshold;
  return IMAGENET_TAG_THRESHOLD;
}

static void
add_label (std::vector<SvVisionLabel> &labels, const SvVisionLabel *l, float score)
{
  for (SvVisionLabel &have : labels)
    if (std::strcmp (have.id, l->id) == 0)
      {
        have.score = std::max (have.score, score);
        return;
      }
  SvVisionLabel copy = *l;
  copy.score = std::min (1.0f, score);
  labels.push_back (copy);
}

static std::vector<SvVisionLabel>
compute_labels (SvVision *v, const cv::Mat &rgb)
{
  std::vector<SvVisionLabel> labels;

  /* MobileNetV2: 224×224 RGB, /255, then per-channel mean and std. */
  {
    cv::Mat resized, f32;
    cv::resize (rgb, resized, cv::Size (224, 224), 0, 0, cv::INTER_AREA);
    resized.convertTo (f32, CV_32FC3, 1.0 / 255.0);
    cv::subtract (f32, cv::Scalar (0.485, 0.456, 0.406), f32);
    cv::divide (f32, cv::Scalar (0.229, 0.224, 0.225), f32);
    cv::Mat blob =
        cv::dnn::blobFromImage (f32, 1.0, cv::Size (224, 224), cv::Scalar (), false, false, CV_32F);
    v->classifier.setInput (blob);
    cv::Mat logits = v->classifier.forward ().reshape (1, 1);
    if (logits.total () < 1000 || logits.type () != CV_32F)
      throw std::runtime_error ("unexpected classifier output");
    const float *l = logits.ptr<float> ();
    float max_logit = l[0];
    for (int i = 1; i < 1000; i++)
      max_logit = std::max (max_logit, l[i]);
    std::vector<double> prob (1000);
    double sum = 0;
    for (int i = 0; i < 1000; i++)
      {
        prob[i] = std::isfinite (l[i]) ? std::exp (static_cast<double> (l[i] - max_logit)) : 0.0;
        sum += prob[i];
      }
    std::map<const SvVisionLabel *, double> tag_score;
    for (size_t i = 0; i < 1000 && i < v->imagenet_tags.size (); i++)
      for (const SvVisionLabel *tag : v->imagenet_tags[i])
        tag_score[tag] += sum > 0 ? prob[i] / sum : 0.0;
    for (const auto &kv : tag_score)
      if (kv.second >= imagenet_threshold (kv.first->id))
        add_label (labels, kv.first, static_cast<float> (kv.second));
  }

  /* Sunset (colour rule, see SUNSET_MIN_WARM). */
  {
    cv::Mat small, hsv;
    cv::resize (rgb, small, cv::Size (224, 224), 0, 0, cv::INTER_AREA);
    cv::cvtColor (small, hsv, cv::COLOR_RGB2HSV);
    int sky_rows = hsv.rows * 6 / 10, ground_from = hsv.rows * 2 / 3;
    double warm = 0, ground = 0;
    for (int y = 0; y < hsv.rows; y++)
      {
        const cv::Vec3b *row = hsv.ptr<cv::Vec3b> (y);
        for (int x = 0; x < hsv.cols; x++)
          {
            /* OpenCV 8-bit HSV: H 0..180, S and V 0..255. */
            int h = row[x][0], sat = row[x][1], val = row[x][2];
            if (y < sky_rows && (h < 22 || h > 171) && sat > 127 && val > 102)
              warm++;
            if (y >= ground_from)
              ground += val / 255.0;
          }
      }
    warm /= static_cast<double> (sky_rows) * hsv.cols;
    ground /= static_cast<double> (hsv.rows - ground_from) * hsv.cols;
    if (warm >= SUNSET_MIN_WARM && ground < SUNSET_MAX_GROUND)
      add_label (
          labels, find_vocab ("sunset"),
          static_cast<float> (std::min (1.0, 0.5 + warm / 2 + (SUNSET_MAX_GROUND - ground))));
  }

  /* Yolo-Fastest: 320×320, /255, RGB. */
  {
    cv::Mat blob = cv::dnn::blobFromImage (rgb, 1.0 / 255.0, cv::Size (320, 320), cv::Scalar (),
                                           false, false, CV_32F);
    std::vector<cv::Mat> outs;
    v->yolo.setInput (blob);
    v->yolo.forward (outs, v->yolo_outputs);
    std::vector<float> best (v->coco_tags.size (), 0.0f);
    for (const cv::Mat &out : outs)
      {
        if (out.dims != 2 || out.cols < 5 || out.type () != CV_32F)
          continue;
        int n_classes = std::min (out.cols - 5, static_cast<int> (best.size ()));
        for (int r = 0; r < out.rows; r++)
          {
            const float *row = out.ptr<float> (r);
            for (int c = 0; c < n_classes; c++)
              if (std::isfinite (row[5 + c]) && row[5 + c] > best[c])
                best[c] = row[5 + c];
          }
      }
    for (size_t c = 0; c < best.size (); c++)
      if (v->coco_tags[c] != nullptr && best[c] >= COCO_THRESHOLD)
        add_label (labels, v->coco_tags[c], best[c]);
  }

  std::sort (labels.begin (), labels.end (),
             [] (const SvVisionLabel &a, const SvVisionLabel &b) { return a.score > b.score; });
  return labels;
}

extern "C"
{

  const char *const *
  sv_vision_model_files (void)
  {
    return MODEL_FILES;
  }

  const SvVisionLabel *
  sv_vision_vocabulary (void)
  {
    return VOCABULARY;
  }

  SvVision *
  sv_vision_new (const char *models_dir, char **error_message)
  {
    SvVision *v = nullptr;

    if (error_message != nullptr)
      *error_message = nullptr;
    if (models_dir == nullptr)
      {
        set_error (error_message, "no models folder");
        return nullptr;
      }
    try
      {
        /* The app and the CLI run one helper per core they may use: OpenCV's
         * own thread pool inside each would only make them fight for the
         * same cores (2 helpers on 2 cores: 7.0 photos/s with it). */
        cv::setNumThreads (1);
        v = new SvVision ();
        load_models (v, models_dir);
        return v;
      }
    catch (const std::exception &e)
      {
        set_error (error_message, e.what ());
      }
    catch (...)
      {
        set_error (error_message, "unknown error while loading the models");
      }
    delete v;
    return nullptr;
  }

  void
  sv_vision_free (SvVision *self)
  {
    try
      {
        delete self;
      }
    catch (...)
      {
      }
  }

  int
  sv_vision_detect_faces (SvVision *self,
                          const uint8_t *rgb,
                          int width,
                          int height,
                          size_t stride,
                          SvVisionFace *faces,
                          int max_faces,
                          char **error_message)
  {
    if (error_message != nullptr)
      *error_message = nullptr;
    if (self == nullptr || faces == nullptr || max_faces < 0)
      {
        set_error (error_message, "invalid argument");
        return -1;
      }
    if (!check_image (rgb, width, height, stride, error_message))
      return -1;
    try
      {
        return detect_faces (self, wrap_rgb (rgb, width, height, stride), faces, max_faces);
      }
    catch (const std::exception &e)
      {
        set_error (error_message, e.what ());
      }
    catch (...)
      {
        set_error (error_message, "unknown error in face detection");
      }
    return -1;
  }

  int
  sv_vision_label (SvVision *self,
                   const uint8_t *rgb,
                   int width,
                   int height,
                   size_t stride,
                   SvVisionLabel *labels,
                   int max_labels,
                   char **error_message)
  {
    if (error_message != nullptr)
      *error_message = nullptr;
    if (self == nullptr || labels == nullptr || max_labels < 0)
      {
        set_error (error_message, "invalid argument");
        return -1;
      }
    if (!check_image (rgb, width, height, stride, error_message))
      return -1;
    try
      {
        std::vector<SvVisionLabel> found =
            compute_labels (self, wrap_rgb (rgb, width, height, stride));
        int n = std::min (static_cast<int> (found.size ()), max_labels);
        for (int i = 0; i < n; i++)
          labels[i] = found[static_cast<size_t> (i)];
        return n;
      }
    catch (const std::exception &e)
      {
        set_error (error_message, e.what ());
      }
    catch (...)
      {
        set_error (error_message, "unknown error in labelling");
      }
    return -1;
  }

  float
  sv_vision_descriptor_distance (const float *a, const float *b)
  {
    double sum = 0;

    for (int i = 0; i < SV_VISION_DESCRIPTOR_LEN; i++)
      {
        double d = static_cast<double> (a[i]) - static_cast<double> (b[i]);
        sum += d * d;
      }
    return static_cast<float> (std::sqrt (sum));
  }

} /* extern "C" */
