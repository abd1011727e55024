//! The house keeps its shape (docs/architecture.md): the core is a crate
//! of its own that depends on neither Bevy nor anything that does I/O, and
//! touches no file, socket or process; in either crate no two files import
//! each other round a circle, no file grows past 400 lines and no function
//! past 80. Read from the sources, so a change that breaks a rule fails
//! here, not in review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Longest file, in lines with its tests.
const MAX_FILE_LINES: usize = 400;
const MAX_FUNCTION_LINES: usize = 80;

/// Every `.rs` file under `dir`, by its path relative to `dir`.
fn sources(dir: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                found.insert(relative, std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    found
}

/// The app's sources, by path under `src/`.
fn src() -> BTreeMap<String, String> {
    let found = sources(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(found.contains_key("lib.rs"), "the app's sources are where this test looks");
    found
}

/// The core's sources, by path under `crates/wall-core/src/`.
fn core_src() -> BTreeMap<String, String> {
    let found = sources(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("crates/wall-core/src"));
    assert!(found.contains_key("lib.rs"), "the core's sources are where this test looks");
    found
}

/// The code without comments and without its `#[cfg(test)] mod tests`.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    text.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// A file's module path: `wall/cards/mod.rs` is `wall::cards`.
fn module_of(file: &str) -> String {
    let path = file.trim_end_matches(".rs").trim_end_matches("/mod");
    match path {
        "lib" | "main" => String::new(),
        path => path.replace('/', "::"),
    }
}

/// The paths a file names through `crate::` or `super::`, with `use`
/// groups expanded: `crate::wall::{cards::NoteCard, shared::WallArea}`
/// names `wall::cards::NoteCard` and `wall::shared::WallArea`.
fn named_paths(module: &str, is_folder: bool, code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let text = code;
    for root in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = text[from..].find(root) {
            let start = from + at;
            from = start + root.len();
            if start > 0 && text[..start].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let base = if root == "crate::" {
                String::new()
            } else {
                // `super` of a folder's mod.rs is the folder's parent.
                let mut parts: Vec<&str> = module.split("::").filter(|p| !p.is_empty()).collect();
                if !is_folder || !parts.is_empty() {
                    parts.pop();
                }
                parts.join("::")
            };
            expand(&base, &text[from..], &mut paths);
        }
    }
    // A folder's own `use part::X` (or `pub use`) reaches into its parts
    // as surely as a `crate::` path does; naming a part to compose its
    // plugin (`part::plugin`) does not.
    if is_folder {
        for line in text.lines() {
            let line = line.trim_start();
            let Some(rest) = line.strip_prefix("pub use ").or_else(|| line.strip_prefix("use ")) else {
                continue;
            };
            let relative =
                ["crate::", "super::", "std::", "bevy::", "self::"].iter().all(|root| !rest.starts_with(root));
            let first = rest.split("::").next().unwrap_or("");
            if relative && text.contains(&format!("mod {first};")) {
                expand(module, rest, &mut paths);
            }
        }
    }
    paths
}

/// Reads a path (and a `{...}` group) at the start of `rest`.
fn expand(base: &str, rest: &str, out: &mut Vec<String>) {
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
    let path = rest[..end].trim_end_matches(':');
    let full = if base.is_empty() { path.to_string() } else { format!("{base}::{path}") };
    if rest[end..].starts_with('{') && rest[..end].ends_with("::") {
        let mut depth = 0;
        let mut item_start = end + 1;
        for (i, c) in rest[end..].char_indices().map(|(i, c)| (i + end, c)) {
            match c {
                '{' => depth += 1,
                '}' | ',' if depth == 1 => {
                    let item = rest[item_start..i].trim();
                    if !item.is_empty() && item != "self" && !item.starts_with('*') {
                        expand(&full, item, out);
                    }
                    item_start = i + 1;
                    if c == '}' {
                        break;
                    }
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
    }
    out.push(full);
}

/// Which file a path lands in: the longest module prefix that is a file.
fn file_of(path: &str, modules: &BTreeMap<String, String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len()).rev().map(|n| parts[..n].join("::")).find_map(|prefix| modules.get(&prefix).cloned())
}

/// Cargo keeps Bevy out of the core if the core's manifest does; these
/// crates draw, or reach the network, the disk or the system.
const NOT_IN_THE_CORE: [&str; 8] = ["bevy", "reqwest", "directories", "winit", "x11rb", "signal-hook", "image", "libc"];

#[test]
fn the_core_depends_on_nothing_that_draws_or_does_io() {
    let manifest =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("crates/wall-core/Cargo.toml"))
            .unwrap_or_default();
    let dependencies: Vec<&str> = manifest
        .lines()
        .skip_while(|line| line.trim() != "[dependencies]")
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter_map(|line| line.split(['=', ' ']).next().filter(|name| !name.is_empty() && !name.starts_with('#')))
        .collect();
    assert!(dependencies.contains(&"serde"), "the core's dependencies are where this test looks: {dependencies:?}");
    let wrong: Vec<&&str> = dependencies.iter().filter(|name| NOT_IN_THE_CORE.contains(name)).collect();
    assert!(wrong.is_empty(), "the core must stay pure; it depends on {wrong:?}");
    let io: Vec<String> = core_src()
        .iter()
        .filter(|(_, text)| {
            let code = code(text);
            ["std::fs", "std::net", "std::process", "std::env", "File::"].iter().any(|io| code.contains(io))
        })
        .map(|(file, _)| file.clone())
        .collect();
    assert!(io.is_empty(), "the core does no I/O; these files do: {io:?}");
}

#[test]
fn no_two_files_import_each_other_round_a_circle() {
    let mut circles = circles_of(&src());
    circles.extend(circles_of(&core_src()).into_iter().map(|file| format!("wall-core/{file}")));
    assert!(circles.is_empty(), "these files are on an import circle: {circles:?}");
}

/// The files of one crate that reach themselves through their imports.
fn circles_of(files: &BTreeMap<String, String>) -> Vec<String> {
    let modules: BTreeMap<String, String> = files.keys().map(|file| (module_of(file), file.clone())).collect();
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, text) in files {
        let module = module_of(file);
        let targets = imports.entry(file.clone()).or_default();
        for path in named_paths(&module, file.ends_with("mod.rs"), &code(text)) {
            let Some(target) = file_of(&path, &modules) else {
                continue;
            };
            if target != *file {
                targets.insert(target);
            }
        }
    }
    // Any file that reaches itself is on a circle.
    let mut circles = Vec::new();
    for start in imports.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&String> = imports[start].iter().collect();
        while let Some(next) = stack.pop() {
            if next == start {
                circles.push(start.clone());
                break;
            }
            if seen.insert(next.clone()) {
                stack.extend(imports.get(next).into_iter().flatten());
            }
        }
    }
    circles
}

#[test]
fn no_file_passes_400_lines_and_no_function_80() {
    let mut long_files = Vec::new();
    let mut long_functions = Vec::new();
    let core = core_src().into_iter().map(|(file, text)| (format!("wall-core/{file}"), text));
    for (file, text) in src().into_iter().chain(core) {
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            long_files.push(format!("{file}: {lines} lines"));
        }
        let all: Vec<&str> = text.lines().collect();
        for (at, line) in all.iter().enumerate() {
            let trimmed = line.trim_start();
            let is_fn = ["fn ", "pub fn ", "pub(crate) fn ", "pub(super) fn ", "const fn ", "pub const fn "]
                .iter()
                .any(|start| trimmed.starts_with(start));
            if !is_fn || trimmed.ends_with(';') {
                continue;
            }
            // The body ends where the braces opened after `fn` close again.
            let mut depth = 0i32;
            let mut opened = false;
            for (offset, body_line) in all[at..].iter().enumerate() {
                let code = body_line.split("//").next().unwrap_or("");
                depth += code.matches('{').count() as i32 - code.matches('}').count() as i32;
                opened |= code.contains('{');
                if opened && depth <= 0 {
                    if offset + 1 > MAX_FUNCTION_LINES {
                        long_functions.push(format!("{file}:{}: {} lines", at + 1, offset + 1));
                    }
                    break;
                }
            }
        }
    }
    assert!(long_files.is_empty(), "split these files: {long_files:?}");
    assert!(long_functions.is_empty(), "split these functions: {long_functions:?}");
}

/// The map in docs/architecture.md, between "## The map" and the end of
/// its code block.
fn the_map() -> String {
    let doc = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md"))
        .unwrap_or_default();
    let map = doc.split("## The map").nth(1).unwrap_or_default();
    map.split("```").nth(1).unwrap_or_default().to_string()
}

/// The map named files that did not exist (`standup/controls`) and left
/// files out. Every `.rs` file of every crate and of `tests/wall` is named
/// in it, with its folder; every file it names exists.
#[test]
fn the_map_names_every_file_and_only_files_that_exist() {
    let map = the_map();
    assert!(map.contains("src/main.rs"), "the map is where this test looks");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let trees = ["src", "crates/wall-core/src", "crates/wall-testkit/src", "tests/wall"];
    let mut all: Vec<String> = Vec::new();
    let mut left_out = Vec::new();
    for tree in trees {
        for file in sources(&root.join(tree)).keys() {
            all.push(format!("{tree}/{file}"));
            let (folder, name) = file.rsplit_once('/').unwrap_or(("", file));
            let folder_named =
                folder.is_empty() || map.contains(&format!("{}/", folder.rsplit('/').next().unwrap_or(folder)));
            if !map.contains(name) || !folder_named {
                left_out.push(format!("{tree}/{file}"));
            }
        }
    }
    assert!(left_out.is_empty(), "name these files in docs/architecture.md's map: {left_out:?}");
    let named: BTreeSet<&str> =
        map.split(|c: char| c.is_whitespace() || "(),;:`".contains(c)).filter(|word| word.ends_with(".rs")).collect();
    let missing: Vec<&&str> = named
        .iter()
        .filter(|word| {
            !all.iter().any(|file| format!("/{file}").ends_with(&format!("/{}", word.trim_start_matches('/'))))
        })
        .collect();
    assert!(missing.is_empty(), "the map names files that do not exist: {missing:?}");
}

/// The words had several homes: English and Dutch `match`es in the health
/// badge, the minutes, the Trends line and the footer. Every `match` on the
/// language is in the core's `i18n/` now, so a missing Dutch word is a
/// compile error there and nowhere else.
#[test]
fn every_word_has_one_home() {
    let app = src().into_iter().map(|(file, text)| (format!("src/{file}"), text));
    let core = core_src().into_iter().map(|(file, text)| (format!("wall-core/{file}"), text));
    let strays: Vec<String> = app
        .chain(core)
        .filter(|(file, _)| !file.starts_with("wall-core/i18n/"))
        .filter(|(_, text)| {
            let code = code(text);
            code.contains("Language::Nl =>") || code.contains("(Language::Nl,")
        })
        .map(|(file, _)| file)
        .collect();
    assert!(strays.is_empty(), "these files choose words by language; move them to core's i18n/: {strays:?}");
}

/// Colours had many homes: 31 literals in 9 files, and the PIN pad's, the
/// stand-up's and the detail view's were never checked for contrast. Every
/// colour is now defined in the core (`contrast`, `overlays`), checked
/// there, and converted in `wall/theme.rs`; only shades of black (shadows)
/// are written where they are drawn.
#[test]
fn every_colour_has_one_home() {
    let strays: Vec<String> = src()
        .into_iter()
        .filter(|(file, _)| file != "wall/theme.rs")
        .flat_map(|(file, text)| {
            code(&text)
                .lines()
                .filter(|line| {
                    (line.contains("Color::srgb") || line.contains("Color::hsl") || line.contains("Color::linear_rgb"))
                        && !line.contains("Color::srgba(0.0, 0.0, 0.0,")
                        && !line.contains("Color::srgb_u8(rgb.0, rgb.1, rgb.2)")
                })
                .map(|line| format!("{file}: {}", line.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        strays.is_empty(),
        "define these colours in core (contrast or overlays) and use them from wall/theme.rs: {strays:?}"
    );
}
