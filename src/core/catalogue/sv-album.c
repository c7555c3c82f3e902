/* sv-album.c: one album (see sv-album.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sv-album"

#include "config.h"

#include "sv-album.h"

struct _SvAlbum
{
  GObject parent_instance;

  gint64 id;
  char *uuid;
  char *name;
  char *description;
  SvAlbumSort sort;
  gint64 cover_id;
  gboolean cover_is_automatic;
  guint count;
  char *first_day;
  char *last_day;
  gint64 created_at;
  gint64 modified_at;
};

G_DEFINE_FINAL_TYPE (SvAlbum, sv_album, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_UUID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_SORT,
  PROP_COVER_ID,
  PROP_COVER_IS_AUTOMATIC,
  PROP_COUNT,
  PROP_FIRST_DAY,
  PROP_LAST_DAY,
  PROP_CREATED_AT,
  PROP_MODIFIED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_str (char **field, const char *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

static void
sv_album_finalize (GObject *object)
{
  SvAlbum *self = SV_ALBUM (object);

  g_free (self->uuid);
  g_free (self->name);
  g_free (self->description);
  g_free (self->first_day);
  g_free (self->last_day);

  G_OBJECT_CLASS (sv_album_parent_class)->finalize (object);
}

static void
sv_album_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SvAlbum *self = SV_ALBUM (object);

  switch (prop_id)
    {
      case PROP_ID:
        g_value_set_int64 (value, self->id);
        break;
      case PROP_UUID:
        g_value_set_string (value, self->uuid);
        break;
      case PROP_NAME:
        g_value_set_string (value, self->name);
        break;
      case PROP_DESCRIPTION:
        g_value_set_string (value, self->description);
        break;
      case PROP_SORT:
        g_value_set_int (value, self->sort);
        break;
      case PROP_COVER_ID:
        g_value_set_int64 (value, self->cover_id);
        break;
      case PROP_COVER_IS_AUTOMATIC:
        g_value_set_boolean (value, self->cover_is_automatic);
        break;
      case PROP_COUNT:
        g_value_set_uint (value, self->count);
        break;
      case PROP_FIRST_DAY:
        g_value_set_string (value, self->first_day);
        break;
      case PROP_LAST_DAY:
        g_value_set_string (value, self->last_day);
        break;
      case PROP_CREATED_AT:
        g_value_set_int64 (value, self->created_at);
        break;
      case PROP_MODIFIED_AT:
        g_value_set_int64 (value, self->modified_at);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_album_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SvAlbum *self = SV_ALBUM (object);

  switch (prop_id)
    {
      case PROP_ID:
        self->id = g_value_get_int64 (value);
        break;
      case PROP_UUID:
        set_str (&self->uuid, g_value_get_string (value));
        break;
      case PROP_NAME:
        set_str (&self->name, g_value_get_string (value));
        break;
      case PROP_DESCRIPTION:
        set_str (&self->description, g_value_get_string (value) ? g_value_get_string (value) : "");
        break;
      case PROP_SORT:
        self->sort = g_value_get_int (value) == SV_ALBUM_SORT_DATE ? SV_ALBUM_SORT_DATE
                                                                   : SV_ALBUM_SORT_MANUAL;
        break;
      case PROP_COVER_ID:
        self->cover_id = g_value_get_int64 (value);
        break;
      case PROP_COVER_IS_AUTOMATIC:
        self->cover_is_automatic = g_value_get_boolean (value);
        break;
      case PROP_COUNT:
        self->count = g_value_get_uint (value);
        break;
      case PROP_FIRST_DAY:
        set_str (&self->first_day, g_value_get_string (value));
        break;
      case PROP_LAST_DAY:
        set_str (&self->last_day, g_value_get_string (value));
        break;
      case PROP_CREATED_AT:
        self->created_at = g_value_get_int64 (value);
        break;
      case PROP_MODIFIED_AT:
        self->modified_at = g_value_get_int64 (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_album_class_init (SvAlbumClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags =
      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = sv_album_finalize;
  object_class->get_property = sv_album_get_property;
  object_class->set_property = sv_album_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, "", flags);
  properties[PROP_SORT] = g_param_spec_int ("sort", NULL, NULL, SV_ALBUM_SORT_MANUAL,
                                            SV_ALBUM_SORT_DATE, SV_ALBUM_SORT_MANUAL, flags);
  properties[PROP_COVER_ID] = g_param_spec_int64 ("cover-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_COVER_IS_AUTOMATIC] =
      g_param_spec_boolean ("cover-is-automatic", NULL, NULL, TRUE, flags);
  properties[PROP_COUNT] = g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FIRST_DAY] = g_param_spec_string ("first-day", NULL, NULL, NULL, flags);
  properties[PROP_LAST_DAY] = g_param_spec_string ("last-day", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] =
      g_param_spec_int64 ("created-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_MODIFIED_AT] =
      g_param_spec_int64 ("modified-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sv_album_init (SvAlbum *self)
{
  self->description = g_strdup ("");
  self->cover_is_automatic = TRUE;
}

gint64
sv_album_get_id (SvAlbum *self)
{
  g_return_val_if_fail (SV_IS_ALBUM (self), 0);
  return self->id;
}

const char *
sv_album_get_uuid (SvAlbum *self)
{
  g_return_val_if_fail (SV_IS_ALBUM (self), NULL);
  return self->uuid;
}

const char *
sv_album_get_name (SvAlbum *self)
{
  g_return_val_if_fail (SV_IS_ALBUM (self), NULL);
  return self->name;
}

const char *
sv_album_get_description (SvAlbum *self)
{
  g_return_val_if_fail (SV_IS_ALBUM (self), NULL);
  return self->description;
}

SvAlbumSort
sv_album_get_sort (SvAlbum *self)
{
  g_return_val_if_fail (SV_IS_ALBUM (self), SV_ALBUM_SORT_MANUAL);
  return self->sort;
}

gint64
sv_album_get_cover_id (SvAlbum *self)
{
  g_return_val_if_fail (SV_IS_ALBUM (self), 0);
  return self->cover_id;
}

gboolean
sv_album_get_cover_is_automatic (SvAlbum *self)
{
  g_return_val_if_fail (SV_IS_ALBUM (self), TRUE);
  return self->cover_is_automatic;
}

guint
sv_album_get_count (SvAlbum *self)
{
  g_return_val_if_fail (SV_IS_ALBUM (self), 0);
  return self->count;
}

const char *
sv_album_get_first_day (SvAlbum *self)
{
  g_return_val_if_fail (SV_IS_ALBUM (self), NULL);
  return self->first_day;
}

const char *
sv_album_get_last_day (SvAlbum *self)
{
  g_return_val_if_fail (SV_IS_ALBUM (self), NULL);
  return self->last_day;
}

gint64
sv_album_get_created_at (SvAlbum *self)
{
  g_return_val_if_fail (SV_IS_ALBUM (self), 0);
  return self->created_at;
}

gint64
sv_album_get_modified_at (SvAlbum *self)
{
  g_return_val_if_fail (SV_IS_ALBUM (self), 0);
  return self->modified_at;
}

JsonNode *
sv_album_to_json (SvAlbum *self)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (SV_IS_ALBUM (self), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, self->id);
  json_builder_set_member_name (b, "uuid");
  json_builder_add_string_value (b, self->uuid);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, self->name);
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, self->description);
  json_builder_set_member_name (b, "sort");
  json_builder_add_string_value (b, self->sort == SV_ALBUM_SORT_DATE ? "date" : "manual");
  json_builder_set_member_name (b, "count");
  json_builder_add_int_value (b, self->count);
  json_builder_set_member_name (b, "cover");
  if (self->cover_id > 0)
    json_builder_add_int_value (b, self->cover_id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "cover_automatic");
  json_builder_add_boolean_value (b, self->cover_is_automatic);
  json_builder_set_member_name (b, "first_day");
  if (self->first_day)
    json_builder_add_string_value (b, self->first_day);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "last_day");
  if (self->last_day)
    json_builder_add_string_value (b, self->last_day);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "created_at");
  json_builder_add_int_value (b, self->created_at);
  json_builder_set_member_name (b, "modified_at");
  json_builder_add_int_value (b, self->modified_at);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
