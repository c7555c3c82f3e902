# Sourced by tools/check-translations.sh and tools/update-po.sh.
# make_pot OUT: extracts every message of the files in po/POTFILES.in,
# with the same keywords as meson's "glib" gettext preset.
make_pot() {
  xgettext --package-name=souvenir --from-code=UTF-8 --add-comments \
    --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
    --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
    --keyword=ngettext:1,2 \
    --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
    --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
    --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
    --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
    --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
    --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
    --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
    --flag=printf:1:c-format --flag=fprintf:2:c-format --flag=sv_cli_error:1:c-format \
    --files-from=<(grep -vE '^\s*(#|$)' po/POTFILES.in) -o "$1"
}
