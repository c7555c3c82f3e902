/* sv-cloud-config.c: souvenir-cloud settings (plans, limits, retention)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-cloud-config"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sv-cloud-config.h"
#include "sv-error.h"

static void
plan_free (gpointer data)
{
  SvCloudPlan *plan = data;

  g_free (plan->id);
  g_free (plan);
}

static SvCloudPlan *
plan_new (const char *id, gint64 limit, gboolean photo, gboolean video)
{
  SvCloudPlan *plan = g_new0 (SvCloudPlan, 1);

  plan->id = g_strdup (id);
  plan->limit_bytes = limit;
  plan->counts_photo = photo;
  plan->counts_video = video;
  return plan;
}

SvCloudConfig *
sv_cloud_config_new (void)
{
  SvCloudConfig *self = g_new0 (SvCloudConfig, 1);

  self->plans = g_ptr_array_new_with_free_func (plan_free);
  g_ptr_array_add (self->plans, plan_new ("free", 5 * SV_CLOUD_GB, TRUE, TRUE));
  g_ptr_array_add (self->plans, plan_new ("premium", 5 * SV_CLOUD_GB, FALSE, TRUE));
  g_ptr_array_add (self->plans, plan_new ("plus-100", 100 * SV_CLOUD_GB, TRUE, TRUE));
  g_ptr_array_add (self->plans, plan_new ("plus-1000", 1000 * SV_CLOUD_GB, TRUE, TRUE));
  self->default_plan = g_strdup ("free");

  self->retention_usec = 30 * G_TIME_SPAN_DAY;
  self->purge_interval_seconds = 3600;
  self->orphan_grace_usec = G_TIME_SPAN_DAY;

  self->max_json_bytes = 1024 * 1024;
  self->max_ops_bytes = 16 * 1024 * 1024;
  self->max_json_depth = 32;
  self->max_blob_bytes = 50 * SV_CLOUD_GB;
  self->header_timeout_seconds = 15;
  self->body_idle_timeout_seconds = 30;
  self->upload_queue_bytes = 8 * 1024 * 1024;
  self->max_thumbnail_pixels = 200;
  self->max_batch_hashes = 10000;

  self->durable_writes = TRUE;

  self->pwhash_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  self->pwhash_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  self->login_free_attempts_account = 5;
  self->login_free_attempts_address = 20;
  self->login_max_delay_seconds = 900;
  self->trust_forwarded_for = FALSE;
  return self;
}

void
sv_cloud_config_free (SvCloudConfig *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  g_free (self->default_plan);
  g_free (self);
}

const SvCloudPlan *
sv_cloud_config_get_plan (const SvCloudConfig *self, const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; id != NULL && i < self->plans->len; i++)
    {
      const SvCloudPlan *plan = g_ptr_array_index (self->plans, i);

      if (g_strcmp0 (plan->id, id) == 0)
        return plan;
    }
  return NULL;
}

gboolean
sv_cloud_plan_allows (const SvCloudPlan *plan,
                      gint64 photo_bytes,
                      gint64 video_bytes,
                      SvBlobKind kind,
                      gint64 size)
{
  gint64 counted = 0;

  g_return_val_if_fail (plan != NULL, FALSE);

  if (plan->limit_bytes < 0)
    return TRUE;
  if ((kind == SV_BLOB_KIND_PHOTO && !plan->counts_photo) ||
      (kind == SV_BLOB_KIND_VIDEO && !plan->counts_video))
    return TRUE;
  if (plan->counts_photo)
    counted += photo_bytes;
  if (plan->counts_video)
    counted += video_bytes;
  if (size < 0 || counted > plan->limit_bytes)
    return FALSE;
  return size <= plan->limit_bytes - counted;
}

/* Reads an integer key; absent keeps *value. */
static gboolean
read_int (GKeyFile *kf,
          const char *group,
          const char *key,
          gint64 min,
          gint64 max,
          gint64 *value,
          GError **error)
{
  g_autofree char *text = g_key_file_get_value (kf, group, key, NULL);
  gint64 parsed;
  char *end = NULL;

  if (text == NULL)
    return TRUE;
  g_strstrip (text);
  parsed = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || parsed < min || parsed > max)
    {
      g_autofree char *min_text = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *max_text = g_strdup_printf ("%" G_GINT64_FORMAT, max);

      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("The setting “%s” in section [%s] must be a whole number between %s and %s."),
                   key, group, min_text, max_text);
      return FALSE;
    }
  *value = parsed;
  return TRUE;
}

static gboolean
read_uint (GKeyFile *kf,
           const char *group,
           const char *key,
           gint64 min,
           gint64 max,
           guint *value,
           GError **error)
{
  gint64 v = *value;

  if (!read_int (kf, group, key, min, max, &v, error))
    return FALSE;
  *value = (guint) v;
  return TRUE;
}

static gboolean
read_plans (SvCloudConfig *self, GKeyFile *kf, GError **error)
{
  g_auto (GStrv) groups = g_key_file_get_groups (kf, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *group = groups[i];
      const char *id;
      SvCloudPlan *plan;
      g_autofree char *counts = NULL;
      g_autofree char *limit_text = NULL;

      if (!g_str_has_prefix (group, "plan "))
        continue;
      id = group + strlen ("plan ");
      if (*id == '\0' || strlen (id) > 64)
        {
          g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                       _ ("The section [%s] does not name a plan."), group);
          return FALSE;
        }
      plan = (SvCloudPlan *) sv_cloud_config_get_plan (self, id);
      if (plan == NULL)
        {
          plan = plan_new (id, 5 * SV_CLOUD_GB, TRUE, TRUE);
          g_ptr_array_add (self->plans, plan);
        }

      limit_text = g_key_file_get_value (kf, group, "limit", NULL);
      if (limit_text != NULL && g_strcmp0 (g_strstrip (limit_text), "unlimited") == 0)
        plan->limit_bytes = -1;
      else if (!read_int (kf, group, "limit", 0, G_MAXINT64 / 4, &plan->limit_bytes, error))
        return FALSE;

      counts = g_key_file_get_value (kf, group, "counts", NULL);
      if (counts != NULL)
        {
          g_auto (GStrv) kinds = g_strsplit (counts, ",", -1);

          plan->counts_photo = FALSE;
          plan->counts_video = FALSE;
          for (guint k = 0; kinds[k] != NULL; k++)
            {
              g_strstrip (kinds[k]);
              if (g_strcmp0 (kinds[k], "photo") == 0)
                plan->counts_photo = TRUE;
              else if (g_strcmp0 (kinds[k], "video") == 0)
                plan->counts_video = TRUE;
              else if (*kinds[k] != '\0')
                {
                  g_set_error (
                      error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                      _ ("The setting “counts” in section [%s] may only list “photo” and “video”."),
                      group);
                  return FALSE;
                }
            }
        }
    }
  return TRUE;
}

SvCloudConfig *
sv_cloud_config_load (const char *path, gboolean must_exist, GError **error)
{
  g_autoptr (SvCloudConfig) self = sv_cloud_config_new ();
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) local_error = NULL;
  gint64 days, hours, value;
  g_autofree char *default_plan = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &local_error))
    {
      if (!must_exist && g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&self);
      g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                   _ ("Could not read the configuration file “%s”: %s"), path,
                   local_error->message);
      return NULL;
    }

  if (!read_plans (self, kf, error))
    return NULL;

  default_plan = g_key_file_get_string (kf, "accounts", "default_plan", NULL);
  if (default_plan != NULL)
    {
      if (sv_cloud_config_get_plan (self, default_plan) == NULL)
        {
          g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                       _ ("The default plan “%s” is not defined."), default_plan);
          return NULL;
        }
      g_free (self->default_plan);
      self->default_plan = g_steal_pointer (&default_plan);
    }

  days = self->retention_usec / G_TIME_SPAN_DAY;
  if (!read_int (kf, "trash", "retention_days", 0, 36500, &days, error))
    return NULL;
  self->retention_usec = days * G_TIME_SPAN_DAY;
  if (!read_uint (kf, "trash", "purge_interval_seconds", 1, 7 * 86400,
                  &self->purge_interval_seconds, error))
    return NULL;
  hours = self->orphan_grace_usec / G_TIME_SPAN_HOUR;
  if (!read_int (kf, "trash", "orphan_grace_hours", 0, 24 * 365, &hours, error))
    return NULL;
  self->orphan_grace_usec = hours * G_TIME_SPAN_HOUR;

  if (!read_int (kf, "limits", "max_json_bytes", 1024, 64 * 1024 * 1024, &self->max_json_bytes,
                 error) ||
      !read_int (kf, "limits", "max_ops_bytes", 1024, 256 * 1024 * 1024, &self->max_ops_bytes,
                 error) ||
      !read_uint (kf, "limits", "max_json_depth", 4, 256, &self->max_json_depth, error) ||
      !read_int (kf, "limits", "max_blob_bytes", 1, G_MAXINT64 / 4, &self->max_blob_bytes, error) ||
      !read_uint (kf, "limits", "header_timeout_seconds", 1, 3600, &self->header_timeout_seconds,
                  error) ||
      !read_uint (kf, "limits", "body_idle_timeout_seconds", 1, 3600,
                  &self->body_idle_timeout_seconds, error) ||
      !read_uint (kf, "limits", "max_thumbnail_megapixels", 1, 2000, &self->max_thumbnail_pixels,
                  error) ||
      !read_uint (kf, "limits", "max_batch_hashes", 1, 1000000, &self->max_batch_hashes, error) ||
      !read_int (kf, "limits", "upload_queue_bytes", 1024 * 1024, 1024 * 1024 * 1024,
                 &self->upload_queue_bytes, error))
    return NULL;

  value = (gint64) self->pwhash_opslimit;
  if (!read_int (kf, "security", "argon2_opslimit", crypto_pwhash_OPSLIMIT_MIN, 64, &value, error))
    return NULL;
  self->pwhash_opslimit = (guint64) value;
  value = (gint64) self->pwhash_memlimit;
  if (!read_int (kf, "security", "argon2_memlimit", crypto_pwhash_MEMLIMIT_MIN,
                 G_GINT64_CONSTANT (4) << 30, &value, error))
    return NULL;
  self->pwhash_memlimit = (gsize) value;
  if (!read_uint (kf, "security", "login_free_attempts_account", 1, 1000,
                  &self->login_free_attempts_account, error) ||
      !read_uint (kf, "security", "login_free_attempts_address", 1, 100000,
                  &self->login_free_attempts_address, error) ||
      !read_uint (kf, "security", "login_max_delay_seconds", 1, 86400,
                  &self->login_max_delay_seconds, error))
    return NULL;
  if (g_key_file_has_key (kf, "storage", "durable_writes", NULL))
    {
      self->durable_writes = g_key_file_get_boolean (kf, "storage", "durable_writes", &local_error);
      if (local_error != NULL)
        {
          g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                       _ ("The setting “%s” in section [%s] must be true or false."),
                       "durable_writes", "storage");
          return NULL;
        }
    }
  if (g_key_file_has_key (kf, "security", "trust_forwarded_for", NULL))
    {
      self->trust_forwarded_for =
          g_key_file_get_boolean (kf, "security", "trust_forwarded_for", &local_error);
      if (local_error != NULL)
        {
          g_set_error (error, SV_ERROR, SV_ERROR_INVALID_ARGUMENT,
                       _ ("The setting “%s” in section [%s] must be true or false."),
                       "trust_forwarded_for", "security");
          return NULL;
        }
    }
  return g_steal_pointer (&self);
}
