/* sv-analysis-preferences-page.c: the Analysis page of the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Face recognition on/off, scene labels on/off and the number of cores
 * analysis may use, stored in the library's catalogue settings through
 * SvLibrarySettings (so the CLI sees them). Turning face recognition off
 * asks whether to erase every face box, descriptor and person, names
 * included (sv_catalogue_erase_faces); that needs the catalogue, so it is
 * only offered when the settings are the catalogue's. A change stops the
 * analysis in progress, which starts again with the new settings.
 * Template: resources/ui/sv-analysis-preferences-page.ui.
 */
#define G_LOG_DOMAIN "sv-analysis-preferences-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sv-analysis-controller.h"
#include "sv-analysis-preferences-page.h"
#include "sv-catalogue-faces.h"
#include "sv-catalogue-settings.h"

struct _SvAnalysisPreferencesPage
{
  AdwPreferencesPage parent_instance;

  SvLibrarySettings *settings;
  gboolean updating;
  AdwMessageDialog *erase_dialog; /* weak */

  GtkSwitch *faces_switch;
  GtkSwitch *labels_switch;
  GtkSpinButton *cores_spin;
  AdwActionRow *unavailable_row;
};

G_DEFINE_FINAL_TYPE (SvAnalysisPreferencesPage,
                     sv_analysis_preferences_page,
                     ADW_TYPE_PREFERENCES_PAGE)

enum
{
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static SvCatalogue *
get_catalogue (SvAnalysisPreferencesPage *self)
{
  if (SV_IS_CATALOGUE_SETTINGS (self->settings))
    return sv_catalogue_settings_get_catalogue (SV_CATALOGUE_SETTINGS (self->settings));
  return NULL;
}

static void
show_error (SvAnalysisPreferencesPage *self, const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (escaped));
  else
    g_warning ("%s", message);
}

static gboolean
get_on (SvAnalysisPreferencesPage *self, const char *key)
{
  g_autofree char *value = sv_library_settings_get_string (self->settings, key, "on");

  return g_strcmp0 (value, "off") != 0;
}

static void
load (SvAnalysisPreferencesPage *self)
{
  self->updating = TRUE;
  gtk_switch_set_active (self->faces_switch, get_on (self, SV_SETTING_FACE_RECOGNITION));
  gtk_switch_set_active (self->labels_switch, get_on (self, SV_SETTING_SCENE_LABELS));
  gtk_spin_button_set_value (self->cores_spin, (double) sv_library_settings_get_int (
                                                   self->settings, SV_SETTING_ANALYSIS_MAX_CORES, 1,
                                                   MAX (1, g_get_num_processors ()), 1));
  self->updating = FALSE;
}

/* The analysis in progress used the old settings: start it again. */
static void
restart_analysis (SvAnalysisPreferencesPage *self)
{
  SvCatalogue *catalogue = get_catalogue (self);
  SvAnalysisController *analysis =
      catalogue != NULL ? sv_analysis_controller_lookup (catalogue) : NULL;

  if (analysis != NULL)
    sv_analysis_controller_restart (analysis);
}

static void
on_settings_changed_cb (SvAnalysisPreferencesPage *self, const char *key)
{
  if (g_strcmp0 (key, SV_SETTING_FACE_RECOGNITION) == 0 ||
      g_strcmp0 (key, SV_SETTING_SCENE_LABELS) == 0 ||
      g_strcmp0 (key, SV_SETTING_ANALYSIS_MAX_CORES) == 0)
    load (self);
}

static void
on_erase_response_cb (AdwMessageDialog *dialog,
                      const char *response,
                      SvAnalysisPreferencesPage *self)
{
  SvCatalogue *catalogue = get_catalogue (self);
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "erase") != 0 || catalogue == NULL)
    return;
  if (!sv_catalogue_erase_faces (catalogue, TRUE, &error))
    show_error (self, error->message);
}

static void
ask_erase (SvAnalysisPreferencesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (get_catalogue (self) == NULL)
    return;
  dialog = adw_message_dialog_new (
      GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _ ("Erase Face Data?"),
      _ ("No new faces will be looked for. The faces found so far can also be erased: every face "
         "box, face descriptor and person, including the names you gave. This cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _ ("_Keep Face Data"),
                                    "erase", _ ("_Erase Face Data"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "erase",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  gtk_widget_set_name (dialog, "analysis-erase-dialog");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_erase_response_cb), self, 0);
  g_set_weak_pointer (&self->erase_dialog, ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_on (SvAnalysisPreferencesPage *self, const char *key, gboolean on)
{
  g_autoptr (GError) error = NULL;

  if (!sv_library_settings_set_string (self->settings, key, on ? "on" : "off", &error))
    {
      show_error (self, error->message);
      load (self);
      return;
    }
  restart_analysis (self);
}

static void
on_faces_active_cb (SvAnalysisPreferencesPage *self)
{
  gboolean on = gtk_switch_get_active (self->faces_switch);

  if (self->updating || on == get_on (self, SV_SETTING_FACE_RECOGNITION))
    return;
  set_on (self, SV_SETTING_FACE_RECOGNITION, on);
  if (!on)
    ask_erase (self);
}

static void
on_labels_active_cb (SvAnalysisPreferencesPage *self)
{
  gboolean on = gtk_switch_get_active (self->labels_switch);

  if (self->updating || on == get_on (self, SV_SETTING_SCENE_LABELS))
    return;
  set_on (self, SV_SETTING_SCENE_LABELS, on);
}

static void
on_cores_changed_cb (SvAnalysisPreferencesPage *self)
{
  g_autoptr (GError) error = NULL;

  if (self->updating)
    return;
  /* The runner reads it before each new helper: no restart needed. */
  if (!sv_library_settings_set_int (self->settings, SV_SETTING_ANALYSIS_MAX_CORES,
                                    gtk_spin_button_get_value_as_int (self->cores_spin), &error))
    {
      show_error (self, error->message);
      load (self);
    }
}

static void
sv_analysis_preferences_page_constructed (GObject *object)
{
  SvAnalysisPreferencesPage *self = SV_ANALYSIS_PREFERENCES_PAGE (object);

  G_OBJECT_CLASS (sv_analysis_preferences_page_parent_class)->constructed (object);
  g_assert (SV_IS_LIBRARY_SETTINGS (self->settings));
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  load (self);
}

static void
sv_analysis_preferences_page_dispose (GObject *object)
{
  SvAnalysisPreferencesPage *self = SV_ANALYSIS_PREFERENCES_PAGE (object);

  g_clear_weak_pointer (&self->erase_dialog);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (sv_analysis_preferences_page_parent_class)->dispose (object);
}

static void
sv_analysis_preferences_page_set_property (GObject *object,
                                           guint prop_id,
                                           const GValue *value,
                                           GParamSpec *pspec)
{
  SvAnalysisPreferencesPage *self = SV_ANALYSIS_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
      case PROP_SETTINGS:
        self->settings = g_value_dup_object (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_analysis_preferences_page_get_property (GObject *object,
                                           guint prop_id,
                                           GValue *value,
                                           GParamSpec *pspec)
{
  SvAnalysisPreferencesPage *self = SV_ANALYSIS_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
      case PROP_SETTINGS:
        g_value_set_object (value, self->settings);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sv_analysis_preferences_page_class_init (SvAnalysisPreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sv_analysis_preferences_page_constructed;
  object_class->dispose = sv_analysis_preferences_page_dispose;
  object_class->set_property = sv_analysis_preferences_page_set_property;
  object_class->get_property = sv_analysis_preferences_page_get_property;

  properties[PROP_SETTINGS] =
      g_param_spec_object ("settings", NULL, NULL, SV_TYPE_LIBRARY_SETTINGS,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/souvenir/Souvenir/ui/sv-analysis-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SvAnalysisPreferencesPage, faces_switch);
  gtk_widget_class_bind_template_child (widget_class, SvAnalysisPreferencesPage, labels_switch);
  gtk_widget_class_bind_template_child (widget_class, SvAnalysisPreferencesPage, cores_spin);
  gtk_widget_class_bind_template_child (widget_class, SvAnalysisPreferencesPage, unavailable_row);
  gtk_widget_class_bind_template_callback (widget_class, on_faces_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_labels_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cores_changed_cb);
}

static void
sv_analysis_preferences_page_init (SvAnalysisPreferencesPage *self)
{
  g_autofree char *unavailable = sv_analysis_get_unavailable_reason ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating = TRUE;
  gtk_spin_button_set_range (self->cores_spin, 1, MAX (1, g_get_num_processors ()));
  self->updating = FALSE;
  if (unavailable != NULL)
    adw_action_row_set_subtitle (self->unavailable_row, unavailable);
  gtk_widget_set_visible (GTK_WIDGET (self->unavailable_row), unavailable != NULL);
}

GtkWidget *
sv_analysis_preferences_page_new (SvLibrarySettings *settings)
{
  g_return_val_if_fail (SV_IS_LIBRARY_SETTINGS (settings), NULL);

  return g_object_new (SV_TYPE_ANALYSIS_PREFERENCES_PAGE, "settings", settings, NULL);
}

AdwMessageDialog *
sv_analysis_preferences_page_get_erase_dialog (SvAnalysisPreferencesPage *self)
{
  g_return_val_if_fail (SV_IS_ANALYSIS_PREFERENCES_PAGE (self), NULL);
  return self->erase_dialog;
}
