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
fn the_domain_holds_text_only_in_personal_fields() {
    // Free text is where personal data goes; `Personal<T>` is what keeps it out of
    // `Debug` and of default serialisation, so no domain type holds bare text.
    let mut files = Vec::new();
    for dir in ["src/domain", "src/projections"] {
        sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut files);
    }
    assert!(files.len() > 10, "the check must see the domain's sources");
    for (path, text) in &files {
        if path.ends_with("personal.rs") || path.ends_with("history.rs") {
            continue; // the wrapper itself; upcasters on raw JSON values
        }
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let bare = code.replace("Personal<String>", "");
            for text_type in ["String", "Box<str>", "Arc<str>"] {
                assert!(
                    !(bare.contains(text_type) && (bare.contains(": ") || bare.contains('('))),
                    "{path}:{}: a text field outside Personal<T>: {line}",
                    n + 1
                );
            }
        }
    }
}

#[test]
fn refusals_and_engine_errors_hold_no_text_or_dates() {
    // An error's fields are what its message can show: ids, positions, versions,
    // type names and the domain's enums, never text or a date (personal data).
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for file in [
        "domain/error.rs",
        "domain/journey.rs",
        "es/store.rs",
        "es/codec.rs",
    ] {
        let text = std::fs::read_to_string(root.join(file)).expect("source");
        let errors: String = text
            .split("thiserror::Error)]")
            .skip(1)
            .map(|item| item.split("\n}\n").next().unwrap_or_default())
            .collect();
        assert!(!errors.is_empty(), "{file} declares errors");
        for ty in [
            "Personal",
            "NaiveDate",
            "DateTime",
            "IdempotencyKey",
            "Vec<u8>",
            "Value",
        ] {
            for field in [format!(": {ty}"), format!("({ty}"), format!("<{ty}")] {
                assert!(!errors.contains(&field), "an error in {file} holds a {ty}");
            }
        }
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
