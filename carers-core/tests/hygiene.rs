//! Tidy checks, as rust-analyzer's `tidy.rs` does: the invariants the architecture
//! states, enforced by reading the source.

use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("source folder is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("source file is UTF-8");
            out.push((path.display().to_string(), text));
        }
    }
}

#[test]
fn the_core_does_no_io_reads_no_clock_and_logs_nothing() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 10, "the check must see the core's sources");
    let forbidden = [
        "std::fs",
        "std::net",
        "std::process",
        "Utc::now",
        "SystemTime",
        "println!",
        "eprintln!",
        "dbg!",
    ];
    for (path, text) in &files {
        for word in forbidden {
            assert!(
                !text.contains(word),
                "{path} uses {word}: the core is pure and never logs (personal data)"
            );
        }
    }
}

#[test]
fn the_core_depends_on_no_storage_or_runtime_crate() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .expect("manifest");
    for dependency in ["sled", "tokio", "async-std", "rusqlite", "reqwest"] {
        assert!(
            !manifest.contains(dependency),
            "carers-core must not depend on {dependency}"
        );
    }
}

#[test]
fn projections_name_event_types_by_their_constants_never_by_string() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/projections"),
        &mut files,
    );
    assert!(!files.is_empty(), "the check must see the projections");
    for (path, text) in &files {
        for name in carers_core::domain::CaseEvent::TYPES {
            assert!(
                !text.contains(&format!("\"{name}\"")),
                "{path} names the event type {name} by a string: use CaseEvent's constant"
            );
        }
    }
}
