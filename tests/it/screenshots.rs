//! The committed screenshots are what the code renders. After changing a screen, run
//! `ORDERDESK_UPDATE_SCREENSHOTS=1 cargo test --test it screenshots` and commit the result.

use std::path::PathBuf;

#[test]
fn committed_screenshots_match_the_screens() {
    let dir = tempfile::tempdir().unwrap();
    let shots = orderdesk::ui::shots::render_with_fresh_demo(dir.path()).unwrap();
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    if std::env::var("ORDERDESK_UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1") {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|e| e == "svg") {
                std::fs::remove_file(p).unwrap();
            }
        }
        for (name, svg) in &shots {
            std::fs::write(folder.join(name), svg).unwrap();
        }
    }
    assert!(shots.len() >= 10, "every screen in both languages");
    let mut stale = Vec::new();
    for (name, svg) in &shots {
        match std::fs::read_to_string(folder.join(name)) {
            Ok(committed) if &committed == svg => {}
            _ => stale.push(name.clone()),
        }
    }
    assert!(
        stale.is_empty(),
        "screenshots differ from the screens: {stale:?}; regenerate with \
         ORDERDESK_UPDATE_SCREENSHOTS=1 cargo test --test it screenshots"
    );
    let committed: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".svg"))
        .collect();
    for name in committed {
        assert!(
            shots.iter().any(|(n, _)| *n == name),
            "{name} is no longer rendered"
        );
    }
}
