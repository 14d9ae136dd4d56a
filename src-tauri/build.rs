// Every command the window may call is listed here once; tauri-build turns each into an
// `allow-<command>` permission, and capabilities/default.json grants exactly those.
const COMMANDS: &[&str] = &[
    "app_status",
    "today_view",
    "set_check_in",
    "set_skip",
    "checklist",
    "set_draft_answer",
    "discard_draft",
    "save_assessment",
    "assessment_history",
    "habit_guide",
    "day_log",
    "set_day_log_field",
    "progress_view",
    "experiment_view",
    "experiment_banner",
    "experiment_preview",
    "experiment_start",
    "experiment_end",
    "settings_view",
    "set_habit_enabled",
    "set_habit_target",
    "add_habit",
    "edit_habit",
    "move_habit",
    "delete_habit",
    "set_theme",
    "backup_now",
    "restore_backup",
    "export_json",
    "export_csv",
    "import_choose",
    "import_confirm",
    "import_cancel",
    "set_reminders",
    "report_preview",
    "export_report",
    "recover_from_backup",
    "recover_start_fresh",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS))
            // The measurement hook of scripts/bench.sh (src/bench.rs): granted in
            // capabilities/bench.json, but registered (so callable) only when GUTSKIN_BENCH is set.
            .plugin(
                "gutskin-bench",
                tauri_build::InlinedPlugin::new().commands(&["mark"]),
            ),
    )
    .expect("failed to run tauri-build");
}
