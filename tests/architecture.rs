//! The shape of the code, checked on its source: no import cycle between
//! modules, and the domain module (`src/facts.rs`) imports nothing else of
//! the crate. Run alone: `cargo test --release --test architecture`.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every module file of the library by its module path (`["extract",
/// "resolve"]`); the binary (`main.rs`) is a user of the library, not a layer.
fn modules() -> BTreeMap<Vec<String>, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("src/ is readable").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut out = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap().with_extension("");
        let mut path: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if path == ["main"] {
            continue;
        }
        if path.last().is_some_and(|l| l == "mod" || l == "lib") {
            path.pop();
        }
        out.insert(path, f);
    }
    out
}

/// The code of a file without its comments and its test module.
fn code_of(f: &Path) -> String {
    let text = std::fs::read_to_string(f).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        if !line.trim_start().starts_with("//") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The modules a file refers to through `crate::`, `super::` or `self::`
/// paths (in `use` lines and in code), as module paths.
fn references(
    module: &[String],
    code: &str,
    mods: &BTreeMap<Vec<String>, PathBuf>,
) -> BTreeSet<Vec<String>> {
    let re = regex::Regex::new(
        r"\b(crate|super|self)((?:::(?:super|[A-Za-z_][A-Za-z0-9_]*))*)(?:::\{([^{}]*)\})?",
    )
    .unwrap();
    let mut out = BTreeSet::new();
    for c in re.captures_iter(code) {
        // a bare word "crate" or "self" names no module
        if c[2].is_empty() && c.get(3).is_none() {
            continue;
        }
        // the module `self` is: a file `x/y.rs` is module x::y, whose
        // `super` is x; `x/mod.rs` is module x too
        let mut base: Vec<String> = match &c[1] {
            "crate" => Vec::new(),
            _ => module.to_vec(),
        };
        let mut segs: Vec<&str> = c[2].split("::").filter(|s| !s.is_empty()).collect();
        if &c[1] == "super" {
            base.pop();
        }
        while segs.first() == Some(&"super") {
            base.pop();
            segs.remove(0);
        }
        let prefix: Vec<String> = base
            .into_iter()
            .chain(segs.iter().map(|s| s.to_string()))
            .collect();
        let items: Vec<Vec<String>> = match c.get(3) {
            Some(group) => group
                .as_str()
                .split(',')
                .map(|i| {
                    let mut p = prefix.clone();
                    p.extend(
                        i.split("::")
                            .map(|s| s.trim().to_string())
                            .filter(|s| !s.is_empty()),
                    );
                    p
                })
                .collect(),
            None => vec![prefix],
        };
        for path in items {
            // the longest prefix of the path that is a module
            let target = (0..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|p| mods.contains_key(p));
            if let Some(t) = target {
                if t.as_slice() != module {
                    out.insert(t);
                }
            }
        }
    }
    // a child module named by its bare name ("mentions::find" in
    // extract/mod.rs)
    for (child, _) in mods.range(module.to_vec()..) {
        if child.len() != module.len() + 1 || !child.starts_with(module) {
            continue;
        }
        let last = child.last().expect("a child has a name");
        let bare = regex::Regex::new(&format!(r"(?:^|[^:\w]){last}::")).unwrap();
        if bare.is_match(code) {
            out.insert(child.clone());
        }
    }
    out
}

fn import_graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let mods = modules();
    mods.iter()
        .map(|(m, f)| (m.clone(), references(m, &code_of(f), &mods)))
        .collect()
}

fn name(m: &[String]) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

#[test]
fn no_module_imports_another_that_imports_it_back() {
    let graph = import_graph();
    // Tarjan's strongly connected components: any with two or more
    // modules is a cycle
    struct T<'a> {
        g: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'a [String], usize>,
        low: BTreeMap<&'a [String], usize>,
        stack: Vec<&'a [String]>,
        on: BTreeSet<&'a [String]>,
        next: usize,
        sccs: Vec<Vec<String>>,
    }
    impl<'a> T<'a> {
        fn visit(&mut self, v: &'a [String]) {
            self.index.insert(v, self.next);
            self.low.insert(v, self.next);
            self.next += 1;
            self.stack.push(v);
            self.on.insert(v);
            for w in self.g.get(v).into_iter().flatten() {
                if !self.g.contains_key(w) {
                    continue;
                }
                if !self.index.contains_key(w.as_slice()) {
                    self.visit(w);
                    let l = self.low[w.as_slice()].min(self.low[v]);
                    self.low.insert(v, l);
                } else if self.on.contains(w.as_slice()) {
                    let l = self.index[w.as_slice()].min(self.low[v]);
                    self.low.insert(v, l);
                }
            }
            if self.low[v] == self.index[v] {
                let mut scc = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on.remove(w);
                    scc.push(name(w));
                    if w == v {
                        break;
                    }
                }
                if scc.len() > 1 {
                    scc.sort();
                    self.sccs.push(scc);
                }
            }
        }
    }
    let mut t = T {
        g: &graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        sccs: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_slice()) {
            t.visit(v);
        }
    }
    assert!(
        t.sccs.is_empty(),
        "modules that import each other (directly or around a circle): {:?}",
        t.sccs
    );
    // the graph is not empty: the check reads real imports
    let store_build = vec!["store".to_string(), "build".to_string()];
    assert!(graph[&store_build].contains(&vec!["ingest".to_string()]));
}

#[test]
fn the_domain_module_imports_nothing_of_the_crate() {
    let graph = import_graph();
    let facts = &graph[&vec!["facts".to_string()]];
    assert!(facts.is_empty(), "facts.rs imports {facts:?}");
}

#[test]
fn the_check_finds_a_cycle_when_there_is_one() {
    let mods: BTreeMap<Vec<String>, PathBuf> = [
        (vec!["a".to_string()], PathBuf::from("a.rs")),
        (vec!["b".to_string()], PathBuf::from("b.rs")),
        (
            vec!["b".to_string(), "c".to_string()],
            PathBuf::from("b/c.rs"),
        ),
    ]
    .into_iter()
    .collect();
    let c = vec!["b".to_string(), "c".to_string()];
    let refs = references(
        &c,
        "use super::super::a::X;\nuse crate::{b::Y, a};\n",
        &mods,
    );
    assert_eq!(
        refs,
        [vec!["a".to_string()], vec!["b".to_string()]]
            .into_iter()
            .collect()
    );
    // a parent naming its child, and the child naming the parent back
    let b = vec!["b".to_string()];
    assert!(references(&b, "let x = c::f();", &mods).contains(&c));
    assert!(references(&c, "super::g()", &mods).contains(&b));
}
