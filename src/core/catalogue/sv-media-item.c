/* sv-media-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-media-item"

#include "config.h"

#include "sv-file-location.h"
#include "sv-json.h"
#include "sv-media-item-private.h"

struct _SvMediaItem
{
  GObject parent_instance;

  gint64 id;
  char *uuid;
  char *primary_hash;
  SvMediaKind kind;
  char *format;
  char *mime_type;
  int width, height, stored_width, stored_height;
  int orientation;      /* shown: the user's override, else the file's */
  int file_orientation; /* the file's own (its thumbnails are made with it) */
  char *taken_local;
  gboolean has_utc_offset;
  int utc_offset;
  gboolean has_taken_utc;
  gint64 taken_utc;
  char *date_source;
  char *camera, *make, *model, *lens;
  double exposure_time, f_number, focal_length;
  int iso;
  gint64 duration;
  gboolean has_gps, has_altitude;
  double latitude, longitude, altitude;
  gboolean has_place;
  char *country_code, *city_en, *city_local, *region_en, *region_local, *country_en, *country_local;
  char *caption;
  char **keywords;
  gboolean favourite;
  int rating;
  gint64 trashed_at, imported_at, import_id;
  char *path;
};

G_DEFINE_FINAL_TYPE (SvMediaItem, sv_media_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_UUID,
  PROP_PRIMARY_HASH,
  PROP_KIND,
  PROP_FORMAT,
  PROP_MIME_TYPE,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_STORED_WIDTH,
  PROP_STORED_HEIGHT,
  PROP_ORIENTATION,
  PROP_TAKEN_LOCAL,
  PROP_HAS_UTC_OFFSET,
  PROP_UTC_OFFSET,
  PROP_HAS_TAKEN_UTC,
  PROP_TAKEN_UTC,
  PROP_DATE_SOURCE,
  PROP_CAMERA,
  PROP_MAKE,
  PROP_MODEL,
  PROP_LENS,
  PROP_EXPOSURE_TIME,
  PROP_F_NUMBER,
  PROP_ISO,
  PROP_FOCAL_LENGTH,
  PROP_DURATION,
  PROP_HAS_GPS,
  PROP_LATITUDE,
  PROP_LONGITUDE,
  PROP_HAS_ALTITUDE,
  PROP_ALTITUDE,
  PROP_HAS_PLACE,
  PROP_CITY,
  PROP_CITY_LOCAL,
  PROP_REGION,
  PROP_REGION_LOCAL,
  PROP_COUNTRY,
  PROP_COUNTRY_LOCAL,
  PROP_COUNTRY_CODE,
  PROP_CAPTION,
  PROP_KEYWORDS,
  PROP_FAVOURITE,
  PROP_RATING,
  PROP_TRASHED_AT,
  PROP_IMPORTED_AT,
  PROP_IMPORT_ID,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Column order of SV_MEDIA_ITEM_SELECT. */
enum
{
  COL_ID,
  COL_UUID,
  COL_PRIMARY_HASH,
  COL_KIND,
  COL_FORMAT,
  COL_MIME_TYPE,
  COL_STORED_WIDTH,
  COL_STORED_HEIGHT,
  COL_WIDTH,
  COL_HEIGHT,
  COL_ORIENTATION,
  COL_ORIENTATION_OVERRIDE,
  COL_TAKEN_LOCAL,
  COL_UTC_OFFSET,
  COL_TAKEN_UTC,
  COL_DATE_SOURCE,
  COL_MAKE,
  COL_MODEL,
  COL_CAMERA,
  COL_LENS,
  COL_EXPOSURE_TIME,
  COL_F_NUMBER,
  COL_ISO,
  COL_FOCAL_LENGTH,
  COL_DURATION,
  COL_LATITUDE,
  COL_LONGITUDE,
  COL_ALTITUDE,
  COL_CAPTION,
  COL_FAVOURITE,
  COL_RATING,
  COL_TRASHED_AT,
  COL_IMPORTED_AT,
  COL_IMPORT_ID,
  COL_PLACE_ID,
  COL_COUNTRY_CODE,
  COL_CITY_EN,
  COL_CITY_LOCAL,
  COL_REGION_EN,
  COL_REGION_LOCAL,
  COL_COUNTRY_EN,
  COL_COUNTRY_LOCAL,
  COL_PATH,
  COL_KEYWORDS,
};

static char *
column_text (sqlite3_stmt *stmt, int col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);

  /* Places store '' for "none" so that their UNIQUE constraint holds. */
  if (text == NULL || text[0] == '\0')
    return NULL;
  return g_strdup ((const char *) text);
}

static gboolean
column_is_null (sqlite3_stmt *stmt, int col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL;
}

static void
sv_media_item_finalize (GObject *object)
{
  SvMediaItem *self = SV_MEDIA_ITEM (object);

  g_free (self->uuid);
  g_free (self->primary_hash);
  g_free (self->format);
  g_free (self->mime_type);
  g_free (self->taken_local);
  g_free (self->date_source);
  g_free (self->camera);
  g_free (self->make);
  g_free (self->model);
  g_free (self->lens);
  g_free (self->country_code);
  g_free (self->city_en);
  g_free (self->city_local);
  g_free (self->region_en);
  g_free (self->region_local);
  g_free (self->country_en);
  g_free (self->country_local);
  g_free (self->caption);
  g_strfreev (self->keywords);
  g_free (self->path);

  G_OBJECT_CLASS (sv_media_item_parent_class)->finalize (object);
}

static void
sv_media_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvMediaItem *self = SV_MEDIA_ITEM (object);

  switch (prop_id)
    {
      case PROP_ID:
        g_value_set_int64 (value, self->id);
        break;
      case PROP_UUID:
        g_value_set_string (value, self->uuid);
        break;
      case PROP_PRIMARY_HASH:
        g_value_set_string (value, self->primary_hash);
        break;
      case PROP_KIND:
        g_value_set_int (value, self->kind);
        break;
      case PROP_FORMAT:
        g_value_set_string (value, self->format);
        break;
      case PROP_MIME_TYPE:
        g_value_set_string (value, self->mime_type);
        break;
      case PROP_WIDTH:
        g_value_set_int (value, self->width);
        break;
      case PROP_HEIGHT:
        g_value_set_int (value, self->height);
        break;
      case PROP_STORED_WIDTH:
        g_value_set_int (value, self->stored_width);
        break;
      case PROP_STORED_HEIGHT:
        g_value_set_int (value, self->stored_height);
        break;
      case PROP_ORIENTATION:
        g_value_set_int (value, self->orientation);
        break;
      case PROP_TAKEN_LOCAL:
        g_value_set_string (value, self->taken_local);
        break;
      case PROP_HAS_UTC_OFFSET:
        g_value_set_boolean (value, self->has_utc_offset);
        break;
      case PROP_UTC_OFFSET:
        g_value_set_int (value, self->utc_offset);
        break;
      case PROP_HAS_TAKEN_UTC:
        g_value_set_boolean (value, self->has_taken_utc);
        break;
      case PROP_TAKEN_UTC:
        g_value_set_int64 (value, self->taken_utc);
        break;
      case PROP_DATE_SOURCE:
        g_value_set_string (value, self->date_source);
        break;
      case PROP_CAMERA:
        g_value_set_string (value, self->camera);
        break;
      case PROP_MAKE:
        g_value_set_string (value, self->make);
        break;
      case PROP_MODEL:
        g_value_set_string (value, self->model);
        break;
      case PROP_LENS:
        g_value_set_string (value, self->lens);
        break;
      case PROP_EXPOSURE_TIME:
        g_value_set_double (value, self->exposure_time);
        break;
      case PROP_F_NUMBER:
        g_value_set_double (value, self->f_number);
        break;
      case PROP_ISO:
        g_value_set_int (value, self->iso);
        break;
      case PROP_FOCAL_LENGTH:
        g_value_set_double (value, self->focal_length);
        break;
      case PROP_DURATION:
        g_value_set_int64 (value, self->duration);
        break;
      case PROP_HAS_GPS:
        g_value_set_boolean (value, self->has_gps);
        break;
      case PROP_LATITUDE:
        g_value_set_double (value, self->latitude);
        break;
      case PROP_LONGITUDE:
        g_value_set_double (value, self->longitude);
        break;
      case PROP_HAS_ALTITUDE:
        g_value_set_boolean (value, self->has_altitude);
        break;
      case PROP_ALTITUDE:
        g_value_set_double (value, self->altitude);
        break;
      case PROP_HAS_PLACE:
        g_value_set_boolean (value, self->has_place);
        break;
      case PROP_CITY:
        g_value_set_string (value, self->city_en);
        break;
      case PROP_CITY_LOCAL:
        g_value_set_string (value, self->city_local);
        break;
      case PROP_REGION:
        g_value_set_string (value, self->region_en);
        break;
      case PROP_REGION_LOCAL:
        g_value_set_string (value, self->region_local);
        break;
      case PROP_COUNTRY:
        g_value_set_string (value, self->country_en);
        break;
      case PROP_COUNTRY_LOCAL:
        g_value_set_string (value, self->country_local);
        break;
      case PROP_COUNTRY_CODE:
        g_value_set_string (value, self->country_code);
        break;
      case PROP_CAPTION:
        g_value_set_string (value, self->caption);
        break;
      case PROP_KEYWORDS:
        g_value_set_boxed (value, self->keywords);
        break;
      case PROP_FAVOURITE:
        g_value_set_boolean (value, self->favourite);
        break;
      case PROP_RATING:
        g_value_set_int (value, self->rating);
        break;
      case PROP_TRASHED_AT:
        g_value_set_int64 (value, self->trashed_at);
        break;
      case PROP_IMPORTED_AT:
        g_value_set_int64 (value, self->imported_at);
        break;
      case PROP_IMPORT_ID:
        g_value_set_int64 (value, self->import_id);
        break;
      case PROP_PATH:
        g_value_set_string (value, self->path);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static GParamSpec *
pstr (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, RO);
}

static GParamSpec *
pint (const char *name, int min, int max, int def)
{
  return g_param_spec_int (name, NULL, NULL, min, max, def, RO);
}

static GParamSpec *
pint64 (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
}

static GParamSpec *
pdouble (const char *name)
{
  return g_param_spec_double (name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, RO);
}

static GParamSpec *
pbool (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE, RO);
}

static void
sv_media_item_class_init (SvMediaItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sv_media_item_finalize;
  object_class->get_property = sv_media_item_get_property;

  properties[PROP_ID] = pint64 ("id");
  properties[PROP_UUID] = pstr ("uuid");
  properties[PROP_PRIMARY_HASH] = pstr ("primary-hash");
  properties[PROP_KIND] = pint ("kind", 0, 1, 0);
  properties[PROP_FORMAT] = pstr ("format");
  properties[PROP_MIME_TYPE] = pstr ("mime-type");
  properties[PROP_WIDTH] = pint ("width", 0, G_MAXINT, 0);
  properties[PROP_HEIGHT] = pint ("height", 0, G_MAXINT, 0);
  properties[PROP_STORED_WIDTH] = pint ("stored-width", 0, G_MAXINT, 0);
  properties[PROP_STORED_HEIGHT] = pint ("stored-height", 0, G_MAXINT, 0);
  properties[PROP_ORIENTATION] = pint ("orientation", 1, 8, 1);
  properties[PROP_TAKEN_LOCAL] = pstr ("taken-local");
  properties[PROP_HAS_UTC_OFFSET] = pbool ("has-utc-offset");
  properties[PROP_UTC_OFFSET] = pint ("utc-offset", -24 * 60, 24 * 60, 0);
  properties[PROP_HAS_TAKEN_UTC] = pbool ("has-taken-utc");
  properties[PROP_TAKEN_UTC] = pint64 ("taken-utc");
  properties[PROP_DATE_SOURCE] = pstr ("date-source");
  properties[PROP_CAMERA] = pstr ("camera");
  properties[PROP_MAKE] = pstr ("make");
  properties[PROP_MODEL] = pstr ("model");
  properties[PROP_LENS] = pstr ("lens");
  properties[PROP_EXPOSURE_TIME] = pdouble ("exposure-time");
  properties[PROP_F_NUMBER] = pdouble ("f-number");
  properties[PROP_ISO] = pint ("iso", 0, G_MAXINT, 0);
  properties[PROP_FOCAL_LENGTH] = pdouble ("focal-length");
  properties[PROP_DURATION] = pint64 ("duration");
  properties[PROP_HAS_GPS] = pbool ("has-gps");
  properties[PROP_LATITUDE] = pdouble ("latitude");
  properties[PROP_LONGITUDE] = pdouble ("longitude");
  properties[PROP_HAS_ALTITUDE] = pbool ("has-altitude");
  properties[PROP_ALTITUDE] = pdouble ("altitude");
  properties[PROP_HAS_PLACE] = pbool ("has-place");
  properties[PROP_CITY] = pstr ("city");
  properties[PROP_CITY_LOCAL] = pstr ("city-local");
  properties[PROP_REGION] = pstr ("region");
  properties[PROP_REGION_LOCAL] = pstr ("region-local");
  properties[PROP_COUNTRY] = pstr ("country");
  properties[PROP_COUNTRY_LOCAL] = pstr ("country-local");
  properties[PROP_COUNTRY_CODE] = pstr ("country-code");
  properties[PROP_CAPTION] = pstr ("caption");
  properties[PROP_KEYWORDS] = g_param_spec_boxed ("keywords", NULL, NULL, G_TYPE_STRV, RO);
  properties[PROP_FAVOURITE] = pbool ("favourite");
  properties[PROP_RATING] = pint ("rating", -1, 5, -1);
  properties[PROP_TRASHED_AT] = pint64 ("trashed-at");
  properties[PROP_IMPORTED_AT] = pint64 ("imported-at");
  properties[PROP_IMPORT_ID] = pint64 ("import-id");
  properties[PROP_PATH] = pstr ("path");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sv_media_item_init (SvMediaItem *self)
{
  self->orientation = 1;
  self->file_orientation = 1;
  self->rating = -1;
  self->keywords = g_new0 (char *, 1);
}

SvMediaItem *
_sv_media_item_new_placeholder (gint64 id)
{
  SvMediaItem *self = g_object_new (SV_TYPE_MEDIA_ITEM, NULL);

  self->id = id;
  return self;
}

SvMediaItem *
_sv_media_item_new_from_stmt (sqlite3_stmt *stmt)
{
  SvMediaItem *self;
  const char *keywords;

  g_return_val_if_fail (stmt != NULL, NULL);

  self = g_object_new (SV_TYPE_MEDIA_ITEM, NULL);
  self->id = sqlite3_column_int64 (stmt, COL_ID);
  self->uuid = column_text (stmt, COL_UUID);
  self->primary_hash = column_text (stmt, COL_PRIMARY_HASH);
  self->kind = sqlite3_column_int (stmt, COL_KIND) == SV_MEDIA_KIND_VIDEO ? SV_MEDIA_KIND_VIDEO
                                                                          : SV_MEDIA_KIND_PHOTO;
  self->format = column_text (stmt, COL_FORMAT);
  self->mime_type = column_text (stmt, COL_MIME_TYPE);
  self->stored_width = MAX (0, sqlite3_column_int (stmt, COL_STORED_WIDTH));
  self->stored_height = MAX (0, sqlite3_column_int (stmt, COL_STORED_HEIGHT));
  self->width = MAX (0, sqlite3_column_int (stmt, COL_WIDTH));
  self->height = MAX (0, sqlite3_column_int (stmt, COL_HEIGHT));
  self->file_orientation = sqlite3_column_int (stmt, COL_ORIENTATION);
  if (self->file_orientation < 1 || self->file_orientation > 8)
    self->file_orientation = 1;
  if (!column_is_null (stmt, COL_ORIENTATION_OVERRIDE))
    self->orientation = sqlite3_column_int (stmt, COL_ORIENTATION_OVERRIDE);
  else
    self->orientation = self->file_orientation;
  if (self->orientation < 1 || self->orientation > 8)
    self->orientation = 1;
  self->taken_local = column_text (stmt, COL_TAKEN_LOCAL);
  self->has_utc_offset = !column_is_null (stmt, COL_UTC_OFFSET);
  self->utc_offset = CLAMP (sqlite3_column_int (stmt, COL_UTC_OFFSET), -24 * 60, 24 * 60);
  self->has_taken_utc = !column_is_null (stmt, COL_TAKEN_UTC);
  self->taken_utc = sqlite3_column_int64 (stmt, COL_TAKEN_UTC);
  self->date_source = column_text (stmt, COL_DATE_SOURCE);
  self->make = column_text (stmt, COL_MAKE);
  self->model = column_text (stmt, COL_MODEL);
  self->camera = column_text (stmt, COL_CAMERA);
  self->lens = column_text (stmt, COL_LENS);
  self->exposure_time = sqlite3_column_double (stmt, COL_EXPOSURE_TIME);
  self->f_number = sqlite3_column_double (stmt, COL_F_NUMBER);
  self->iso = MAX (0, sqlite3_column_int (stmt, COL_ISO));
  self->focal_length = sqlite3_column_double (stmt, COL_FOCAL_LENGTH);
  self->duration = sqlite3_column_int64 (stmt, COL_DURATION);
  self->has_gps = !column_is_null (stmt, COL_LATITUDE) && !column_is_null (stmt, COL_LONGITUDE);
  self->latitude = sqlite3_column_double (stmt, COL_LATITUDE);
  self->longitude = sqlite3_column_double (stmt, COL_LONGITUDE);
  self->has_altitude = !column_is_null (stmt, COL_ALTITUDE);
  self->altitude = sqlite3_column_double (stmt, COL_ALTITUDE);
  self->caption = column_text (stmt, COL_CAPTION);
  self->favourite = sqlite3_column_int (stmt, COL_FAVOURITE) != 0;
  self->rating =
      column_is_null (stmt, COL_RATING) ? -1 : CLAMP (sqlite3_column_int (stmt, COL_RATING), 0, 5);
  self->trashed_at = sqlite3_column_int64 (stmt, COL_TRASHED_AT);
  self->imported_at = sqlite3_column_int64 (stmt, COL_IMPORTED_AT);
  self->import_id = sqlite3_column_int64 (stmt, COL_IMPORT_ID);
  self->has_place = !column_is_null (stmt, COL_PLACE_ID);
  self->country_code = column_text (stmt, COL_COUNTRY_CODE);
  self->city_en = column_text (stmt, COL_CITY_EN);
  self->city_local = column_text (stmt, COL_CITY_LOCAL);
  self->region_en = column_text (stmt, COL_REGION_EN);
  self->region_local = column_text (stmt, COL_REGION_LOCAL);
  self->country_en = column_text (stmt, COL_COUNTRY_EN);
  self->country_local = column_text (stmt, COL_COUNTRY_LOCAL);
  self->path = column_text (stmt, COL_PATH);
  keywords = (const char *) sqlite3_column_text (stmt, COL_KEYWORDS);
  if (keywords != NULL && keywords[0] != '\0')
    {
      g_strfreev (self->keywords);
      self->keywords = g_strsplit (keywords, "\x1f", -1);
    }
  return self;
}

gint64
sv_media_item_get_id (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->id;
}

const char *
sv_media_item_get_uuid (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), NULL);
  return self->uuid;
}

const char *
sv_media_item_get_primary_hash (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), NULL);
  return self->primary_hash;
}

SvMediaKind
sv_media_item_get_kind (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), SV_MEDIA_KIND_PHOTO);
  return self->kind;
}

const char *
sv_media_item_get_format (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), NULL);
  return self->format;
}

const char *
sv_media_item_get_mime_type (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), NULL);
  return self->mime_type;
}

int
sv_media_item_get_width (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->width;
}

int
sv_media_item_get_height (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->height;
}

int
sv_media_item_get_stored_width (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->stored_width;
}

int
sv_media_item_get_stored_height (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->stored_height;
}

int
sv_media_item_get_orientation (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 1);
  return self->orientation;
}

int
sv_media_item_get_file_orientation (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 1);
  return self->file_orientation;
}

gboolean
sv_media_item_get_decoder_applies_orientation (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), FALSE);
  /* As the metadata reader decides it (sv-metadata.c). */
  return g_strcmp0 (self->format, "heif") == 0 || g_strcmp0 (self->format, "avif") == 0;
}

const char *
sv_media_item_get_taken_local (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), NULL);
  return self->taken_local;
}

gboolean
sv_media_item_get_has_utc_offset (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), FALSE);
  return self->has_utc_offset;
}

int
sv_media_item_get_utc_offset (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->utc_offset;
}

gboolean
sv_media_item_get_has_taken_utc (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), FALSE);
  return self->has_taken_utc;
}

gint64
sv_media_item_get_taken_utc (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->taken_utc;
}

const char *
sv_media_item_get_date_source (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), NULL);
  return self->date_source;
}

const char *
sv_media_item_get_camera (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), NULL);
  return self->camera;
}

const char *
sv_media_item_get_make (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), NULL);
  return self->make;
}

const char *
sv_media_item_get_model (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), NULL);
  return self->model;
}

const char *
sv_media_item_get_lens (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), NULL);
  return self->lens;
}

double
sv_media_item_get_exposure_time (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->exposure_time;
}

double
sv_media_item_get_f_number (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->f_number;
}

int
sv_media_item_get_iso (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->iso;
}

double
sv_media_item_get_focal_length (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->focal_length;
}

gint64
sv_media_item_get_duration (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->duration;
}

gboolean
sv_media_item_get_has_gps (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), FALSE);
  return self->has_gps;
}

double
sv_media_item_get_latitude (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->latitude;
}

double
sv_media_item_get_longitude (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->longitude;
}

gboolean
sv_media_item_get_has_altitude (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), FALSE);
  return self->has_altitude;
}

double
sv_media_item_get_altitude (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->altitude;
}

gboolean
sv_media_item_get_has_place (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), FALSE);
  return self->has_place;
}

const char *
sv_media_item_get_city (SvMediaItem *self, gboolean local)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), NULL);
  return local ? self->city_local : self->city_en;
}

const char *
sv_media_item_get_region (SvMediaItem *self, gboolean local)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), NULL);
  return local ? self->region_local : self->region_en;
}

const char *
sv_media_item_get_country (SvMediaItem *self, gboolean local)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), NULL);
  return local ? self->country_local : self->country_en;
}

const char *
sv_media_item_get_country_code (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), NULL);
  return self->country_code;
}

const char *
sv_media_item_get_caption (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), NULL);
  return self->caption;
}

const char *const *
sv_media_item_get_keywords (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), NULL);
  return (const char *const *) self->keywords;
}

gboolean
sv_media_item_get_favourite (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), FALSE);
  return self->favourite;
}

int
sv_media_item_get_rating (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), -1);
  return self->rating;
}

gint64
sv_media_item_get_trashed_at (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->trashed_at;
}

gint64
sv_media_item_get_imported_at (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->imported_at;
}

gint64
sv_media_item_get_import_id (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), 0);
  return self->import_id;
}

const char *
sv_media_item_get_path (SvMediaItem *self)
{
  g_return_val_if_fail (SV_IS_MEDIA_ITEM (self), NULL);
  return self->path;
}

static void
add_string_or_null (JsonBuilder *b, const char *member, const char *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* Paths are bytes; JSON strings are UTF-8. */
static void
add_path (JsonBuilder *b, const char *member, const char *path)
{
  g_autofree char *valid = NULL;

  if (path != NULL && !g_utf8_validate (path, -1, NULL))
    path = valid = g_utf8_make_valid (path, -1);
  add_string_or_null (b, member, path);
}

static void
add_positive_double_or_null (JsonBuilder *b, const char *member, double value)
{
  json_builder_set_member_name (b, member);
  if (value > 0)
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static char *
format_usec_utc (gint64 usec)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr (GDateTime) full = NULL;

  if (dt == NULL)
    return NULL;
  full = g_date_time_add (dt, usec % G_USEC_PER_SEC);
  return full ? g_date_time_format_iso8601 (full) : NULL;
}

JsonNode *
sv_media_item_to_json (SvMediaItem *item, GPtrArray *locations)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (SV_IS_MEDIA_ITEM (item), NULL);

  json_builder_begin_object (b);
  sv_json_builder_add_int (b, "id", item->id);
  add_string_or_null (b, "uuid", item->uuid);
  add_path (b, "path", item->path);
  add_string_or_null (b, "taken_at", item->taken_local);
  json_builder_set_member_name (b, "utc_offset");
  if (item->has_utc_offset)
    {
      int off = ABS (item->utc_offset);
      g_autofree char *text =
          g_strdup_printf ("%c%02d:%02d", item->utc_offset < 0 ? '-' : '+', off / 60, off % 60);
      json_builder_add_string_value (b, text);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "taken_utc");
  {
    g_autofree char *utc = item->has_taken_utc ? format_usec_utc (item->taken_utc) : NULL;
    if (utc != NULL)
      json_builder_add_string_value (b, utc);
    else
      json_builder_add_null_value (b);
  }
  add_string_or_null (b, "date_source", item->date_source);
  add_string_or_null (b, "kind", sv_media_kind_to_string (item->kind));
  add_string_or_null (b, "format", item->format);
  add_string_or_null (b, "mime_type", item->mime_type);
  sv_json_builder_add_int (b, "width", item->width);
  sv_json_builder_add_int (b, "height", item->height);
  sv_json_builder_add_int (b, "orientation", item->orientation);
  add_string_or_null (b, "camera", item->camera);
  add_string_or_null (b, "make", item->make);
  add_string_or_null (b, "model", item->model);
  add_string_or_null (b, "lens", item->lens);
  add_positive_double_or_null (b, "exposure_time", item->exposure_time);
  add_positive_double_or_null (b, "f_number", item->f_number);
  json_builder_set_member_name (b, "iso");
  if (item->iso > 0)
    json_builder_add_int_value (b, item->iso);
  else
    json_builder_add_null_value (b);
  add_positive_double_or_null (b, "focal_length", item->focal_length);
  if (item->kind == SV_MEDIA_KIND_VIDEO)
    sv_json_builder_add_double (b, "duration", item->duration / (double) G_USEC_PER_SEC);

  json_builder_set_member_name (b, "gps");
  if (item->has_gps)
    {
      json_builder_begin_object (b);
      sv_json_builder_add_double (b, "lat", item->latitude);
      sv_json_builder_add_double (b, "lon", item->longitude);
      json_builder_set_member_name (b, "alt");
      if (item->has_altitude)
        json_builder_add_double_value (b, item->altitude);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "place");
  if (item->has_place)
    {
      json_builder_begin_object (b);
      add_string_or_null (b, "city", item->city_en);
      add_string_or_null (b, "region", item->region_en);
      add_string_or_null (b, "country", item->country_en);
      add_string_or_null (b, "country_code", item->country_code);
      add_string_or_null (b, "city_local", item->city_local);
      add_string_or_null (b, "region_local", item->region_local);
      add_string_or_null (b, "country_local", item->country_local);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  add_string_or_null (b, "caption", item->caption);
  json_builder_set_member_name (b, "keywords");
  json_builder_begin_array (b);
  for (guint i = 0; item->keywords[i] != NULL; i++)
    json_builder_add_string_value (b, item->keywords[i]);
  json_builder_end_array (b);
  sv_json_builder_add_bool (b, "favourite", item->favourite);
  json_builder_set_member_name (b, "rating");
  if (item->rating >= 0)
    json_builder_add_int_value (b, item->rating);
  else
    json_builder_add_null_value (b);
  add_string_or_null (b, "sha256", item->primary_hash);
  json_builder_set_member_name (b, "trashed_at");
  {
    g_autofree char *trashed = item->trashed_at != 0 ? format_usec_utc (item->trashed_at) : NULL;
    if (trashed != NULL)
      json_builder_add_string_value (b, trashed);
    else
      json_builder_add_null_value (b);
  }

  if (locations != NULL)
    {
      json_builder_set_member_name (b, "files");
      json_builder_begin_array (b);
      for (guint i = 0; i < locations->len; i++)
        {
          const SvFileLocation *loc = g_ptr_array_index (locations, i);

          json_builder_begin_object (b);
          add_path (b, "path", loc->path);
          add_string_or_null (b, "sha256", loc->sha256);
          add_string_or_null (b, "role", loc->role);
          sv_json_builder_add_int (b, "size", loc->size);
          sv_json_builder_add_int (b, "mtime", loc->mtime_usec);
          sv_json_builder_add_bool (b, "managed", loc->managed);
          sv_json_builder_add_bool (b, "missing", loc->missing);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
