/* sv-vision.h: face detection, face descriptors and scene labels (OpenCV DNN)
 *
 * A plain C API over one C++ file (sv-vision.cpp). Every C++ exception is
 * caught at this boundary and turned into an error message; nothing here
 * throws. Images are 8-bit RGB, rows @stride bytes apart, already upright
 * (orientation applied).
 *
 * Not thread-safe: use one SvVision per thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C"
{
#endif

#define SV_VISION_DESCRIPTOR_LEN 128
/* Bumped whenever detection, descriptors, labels or their thresholds
 * change, so that stored results are recomputed. */
#define SV_VISION_VERSION 1

  typedef struct SvVision SvVision;

  typedef struct
  {
    /* Box and landmarks in pixels of the image given. Landmarks: right eye
     * (image left), left eye, nose tip, right mouth corner, left mouth corner,
     * as x,y pairs. */
    float x, y, w, h;
    float landmarks[10];
    float score;
    float descriptor[SV_VISION_DESCRIPTOR_LEN];
  } SvVisionFace;

  typedef struct
  {
    const char *id;      /* stable key, e.g. "beach" (static string) */
    const char *name_en; /* "beach" */
    const char *name_fr; /* "plage" */
    float score;         /* 0..1 */
  } SvVisionLabel;

  /* The model files sv_vision_new needs, NULL-terminated (static strings). */
  const char *const *
  sv_vision_model_files (void);

  /* Loads the models from @models_dir. On failure returns NULL and sets
   * *error_message (free() it) to an untranslated technical reason. */
  SvVision *
  sv_vision_new (const char *models_dir, char **error_message);
  void
  sv_vision_free (SvVision *self);

  /* Detects faces and computes each one's descriptor. Writes at most
   * @max_faces faces (highest scores first); returns how many, or -1 on error
   * (*error_message set, free() it). */
  int
  sv_vision_detect_faces (SvVision *self,
                          const uint8_t *rgb,
                          int width,
                          int height,
                          size_t stride,
                          SvVisionFace *faces,
                          int max_faces,
                          char **error_message);

  /* Scene and object labels kept above their tuned confidence, best first, at
   * most one per label id. Returns how many, or -1 on error. */
  int
  sv_vision_label (SvVision *self,
                   const uint8_t *rgb,
                   int width,
                   int height,
                   size_t stride,
                   SvVisionLabel *labels,
                   int max_labels,
                   char **error_message);

  /* Euclidean distance between two descriptors. */
  float
  sv_vision_descriptor_distance (const float *a, const float *b);

  /* The whole label vocabulary (id, English, French), NULL id terminated. */
  const SvVisionLabel *
  sv_vision_vocabulary (void);

#ifdef __cplusplus
}
#endif
