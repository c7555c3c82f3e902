/* sv-analysis-models.c: where the analysis models and helper are
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-analysis"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-analysis-models.h"

#define HELPER_NAME "souvenir-analyzer"

static const char *const model_files[] = {
  "face_detection_yunet_2022_cv46.onnx",
  "face_recognition_dlib_resnet29_faceapi.onnx",
  "mobilenetv2-12-int8.onnx",
  "imagenet_classes.txt",
  "imagenet_tags.tsv",
  "yolo-fastest-1.1-xl.cfg",
  "yolo-fastest-1.1-xl.weights",
  "coco.names",
  NULL,
};

const char *const *
sv_analysis_model_files (void)
{
  return model_files;
}

/* The first missing file, NULL when all are there. */
static const char *
first_missing (const char *dir)
{
  for (guint i = 0; model_files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, model_files[i], NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return model_files[i];
    }
  return NULL;
}

char *
sv_analysis_find_models_dir (char **reason)
{
  const char *env = g_getenv ("SOUVENIR_MODELS_DIR");
  const char *candidates[] = { SV_MODELS_DIR, SV_UNINSTALLED_MODELS_DIR };
  const char *missing;

  if (env != NULL && *env != '\0')
    {
      if (!g_file_test (env, G_FILE_TEST_IS_DIR))
        {
          if (reason)
            *reason = g_strdup_printf (_ ("The analysis models folder “%s” does not exist."), env);
          return NULL;
        }
      missing = first_missing (env);
      if (missing != NULL)
        {
          if (reason)
            *reason =
                g_strdup_printf (_ ("The model file “%s” is missing from “%s”."), missing, env);
          return NULL;
        }
      return g_strdup (env);
    }

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_IS_DIR) && first_missing (candidates[i]) == NULL)
      return g_strdup (candidates[i]);

  if (reason)
    *reason = g_strdup_printf (_ ("The face and scene models are not installed (looked in “%s”)."),
                               SV_MODELS_DIR);
  return NULL;
}

char *
sv_analysis_find_helper (char **reason)
{
  const char *env = g_getenv ("SOUVENIR_ANALYZER");
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *libexec = g_build_filename (SV_LIBEXECDIR, HELPER_NAME, NULL);

  if (env != NULL && *env != '\0')
    {
      if (g_file_test (env, G_FILE_TEST_IS_EXECUTABLE))
        return g_strdup (env);
      if (reason)
        *reason = g_strdup_printf (_ ("The analysis program “%s” cannot be run."), env);
      return NULL;
    }
  if (exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (exe);
      g_autofree char *beside = g_build_filename (dir, HELPER_NAME, NULL);
      g_autofree char *build_tree = g_build_filename (dir, "..", "analysis", HELPER_NAME, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
      if (g_file_test (build_tree, G_FILE_TEST_IS_EXECUTABLE))
        return g_canonicalize_filename (build_tree, NULL);
    }
  if (g_file_test (libexec, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&libexec);
  if (reason)
    *reason = g_strdup_printf (_ ("The analysis program “%s” is not installed."), HELPER_NAME);
  return NULL;
}
