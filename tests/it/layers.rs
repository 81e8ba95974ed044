//! The modules of `src/` depend on each other in one direction: no module
//! reaches, through the modules it uses, back to itself. Read from the
//! source: every `crate::x` path (in `use` lines, groups `crate::{x, y::z}`,
//! and paths written inline) and every `super::` chain that climbs to the
//! crate root is a dependency of the top-level module whose file holds it.
//! The crate root (`lib.rs`, which runs the stages in order) and the
//! binary (`main.rs`, `cli.rs`, `cmd/`) may use every module.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Top-level module → the top-level modules its files name.
type Graph = BTreeMap<String, BTreeSet<String>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The text without comments (a doc link is not a dependency) and without
/// the contents of string literals.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                out.push('"');
                while let Some(c) = chars.next() {
                    if c == '\\' {
                        chars.next();
                    } else if c == '"' {
                        break;
                    }
                }
                out.push('"');
            }
            // A char literal such as '"' or '{'; lifetimes ('a) pass through.
            '\'' => {
                let rest: String = chars.clone().take(3).collect();
                let mut r = rest.chars();
                match (r.next(), r.next(), r.next()) {
                    (Some('\\'), _, _) => {
                        chars.next();
                        chars.next();
                        for c in chars.by_ref() {
                            if c == '\'' {
                                break;
                            }
                        }
                    }
                    (Some(_), Some('\''), _) => {
                        chars.next();
                        chars.next();
                    }
                    _ => out.push('\''),
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The first segment of every path that starts at the crate root.
fn root_names(code: &str, depth: usize) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let bytes = code.as_bytes();
    let mut starts = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        if i == 0 || !is_ident(bytes[i - 1] as char) {
            starts.push(i + "crate::".len());
        }
    }
    // `super::super::x` from a file `depth` modules below the root.
    if depth > 0 {
        let climb = "super::".repeat(depth);
        for (i, _) in code.match_indices(&climb) {
            let before_ok = i == 0 || !is_ident(bytes[i - 1] as char) && bytes[i - 1] != b':';
            if before_ok && !code[i + climb.len()..].starts_with("super::") {
                starts.push(i + climb.len());
            }
        }
    }
    for start in starts {
        let rest = &code[start..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::{c, d}, e}`: the names at the group's first level.
            let mut level = 1;
            let mut item = true;
            let mut name = String::new();
            for c in group.chars() {
                match c {
                    '{' => level += 1,
                    '}' => {
                        level -= 1;
                        if level == 0 {
                            break;
                        }
                    }
                    ',' if level == 1 => item = true,
                    c if level == 1 && item && is_ident(c) => name.push(c),
                    _ if level == 1 && item && !name.is_empty() => {
                        names.insert(std::mem::take(&mut name));
                        item = false;
                    }
                    _ => {}
                }
            }
            if !name.is_empty() {
                names.insert(name);
            }
        } else {
            let name: String = rest.chars().take_while(|&c| is_ident(c)).collect();
            if !name.is_empty() {
                names.insert(name);
            }
        }
    }
    names
}

fn graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut graph = Graph::new();
    for file in &files {
        let rel = file.strip_prefix(src).unwrap();
        let mut parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
            .collect();
        let top = parts[0].clone();
        if ["lib", "main", "cli", "cmd"].contains(&top.as_str()) {
            continue;
        }
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        let text = fs::read_to_string(file).unwrap();
        let used = root_names(&code_only(&text), parts.len());
        graph.entry(top.clone()).or_default().extend(used);
    }
    // Only modules count: names of the crate root's own items are not edges.
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for (name, used) in graph.iter_mut() {
        used.retain(|u| modules.contains(u) && u != name);
    }
    graph
}

/// A path of modules from `from` back to `from`, if there is one.
fn cycle_through(graph: &Graph, from: &str) -> Option<Vec<String>> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([from]);
    while let Some(m) = queue.pop_front() {
        for next in &graph[m] {
            if next == from {
                let mut path = vec![from.to_owned()];
                let mut at = m;
                while at != from {
                    path.push(at.to_owned());
                    at = came_from[at];
                }
                path.push(from.to_owned());
                path.reverse();
                return Some(path);
            }
            if !came_from.contains_key(next.as_str()) {
                came_from.insert(next, m);
                queue.push_back(next);
            }
        }
    }
    None
}

#[test]
fn reading_the_paths_finds_every_form() {
    let code = code_only(
        "use crate::{config::{self, Config}, diag::Diagnostic,\n  model};\n\
         // crate::commented\n\
         let s = \"crate::quoted\"; let c = '\"'; let d = crate::inline::f();\n\
         use super::super::climbed::X; use super::near;",
    );
    let names = root_names(&code, 2);
    let expected = ["climbed", "config", "diag", "inline", "model"];
    assert_eq!(names, expected.iter().map(|s| s.to_string()).collect());
}

#[test]
fn no_module_reaches_back_to_itself() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = graph(&src);
    // The reading sees the tree: a few dependencies every version has.
    for (from, to) in [("model", "load"), ("render", "model"), ("images", "write")] {
        assert!(
            graph.get(from).is_some_and(|u| u.contains(to)),
            "{from} should use {to}: {graph:?}"
        );
    }
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|m| cycle_through(&graph, m))
        .map(|path| path.join(" → "))
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn a_cycle_is_found() {
    let dir = tempfile::TempDir::new().unwrap();
    let src = dir.path();
    fs::create_dir(src.join("a")).unwrap();
    fs::write(src.join("a/mod.rs"), "mod inner;\nuse crate::c;\n").unwrap();
    fs::write(src.join("a/inner.rs"), "fn f() { crate::b::g() }\n").unwrap();
    fs::write(src.join("b.rs"), "use super::a::X;\n").unwrap();
    fs::write(src.join("c.rs"), "// crate::a\n").unwrap();
    fs::write(src.join("lib.rs"), "use crate::{a, b, c};\n").unwrap();
    let graph = graph(src);
    assert_eq!(
        cycle_through(&graph, "a"),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
    assert_eq!(cycle_through(&graph, "c"), None);
}
