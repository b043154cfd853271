//! The minimum Rust version is true: `rust-version` in `Cargo.toml` is at least what every
//! dependency built into the binary declares, and the README names the same version.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `1.89` as `(1, 89)`.
fn version(text: &str) -> (u32, u32) {
    let mut parts = text.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

#[test]
fn rust_version_covers_every_dependency_and_the_readme_says_it() {
    let ours = env!("CARGO_PKG_RUST_VERSION");
    assert!(!ours.is_empty(), "Cargo.toml sets rust-version");

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(root())
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata gives JSON");
    let packages: HashMap<&str, &serde_json::Value> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| (p["id"].as_str().unwrap_or(""), p))
        .collect();
    let nodes: HashMap<&str, &serde_json::Value> = metadata["resolve"]["nodes"]
        .as_array()
        .expect("resolve")
        .iter()
        .map(|n| (n["id"].as_str().unwrap_or(""), n))
        .collect();
    // Every package the binary is built from on any platform: normal and build
    // dependencies, not dev ones.
    let mut seen = BTreeSet::new();
    let mut stack = vec![metadata["resolve"]["root"].as_str().expect("root")];
    while let Some(id) = stack.pop() {
        for dep in nodes[id]["deps"].as_array().expect("deps") {
            let built = dep["dep_kinds"]
                .as_array()
                .expect("dep_kinds")
                .iter()
                .any(|k| k["kind"].is_null() || k["kind"] == "build");
            let dep_id = dep["pkg"].as_str().expect("pkg");
            if built && seen.insert(dep_id) {
                stack.push(dep_id);
            }
        }
    }
    let needed = seen
        .iter()
        .filter_map(|id| {
            let package = packages[id];
            let wanted = package["rust_version"].as_str()?;
            Some((version(wanted), package["name"].as_str().unwrap_or("")))
        })
        .max()
        .expect("dependencies declare rust-version");
    assert!(
        version(ours) >= needed.0,
        "rust-version {ours} is below {}.{}, which {} needs",
        needed.0.0,
        needed.0.1,
        needed.1
    );

    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    assert!(
        readme.contains(&format!("You need Rust {ours} or newer")),
        "the README names rust-version {ours}"
    );
}
