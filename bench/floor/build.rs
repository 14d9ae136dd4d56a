fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(&["ping", "insert"]))
            .plugin(
                "floor-bench",
                tauri_build::InlinedPlugin::new().commands(&["mark"]),
            ),
    )
    .expect("failed to run tauri-build");
}
