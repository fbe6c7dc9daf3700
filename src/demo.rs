//! The demo: builds a store from the sample corpus compiled into the binary
//! (examples/corpus), runs three saved queries and draws the graph.
use crate::error::StoreError;
use crate::{export, graph, query, store};
use std::io::Write;
use std::path::Path;

/// The sample corpus: (file name, text). Invented people and units.
pub const CORPUS: &[(&str, &str)] = &[
    (
        "socionomdagar.txt",
        include_str!("../examples/corpus/socionomdagar.txt"),
    ),
    (
        "handlingsplan-orebro.txt",
        include_str!("../examples/corpus/handlingsplan-orebro.txt"),
    ),
    (
        "studentmedarbetare-gavle.txt",
        include_str!("../examples/corpus/studentmedarbetare-gavle.txt"),
    ),
    (
        "arbetstid-lulea.txt",
        include_str!("../examples/corpus/arbetstid-lulea.txt"),
    ),
    (
        "slutkonferenser.txt",
        include_str!("../examples/corpus/slutkonferenser.txt"),
    ),
    (
        "vision-enkat.txt",
        include_str!("../examples/corpus/vision-enkat.txt"),
    ),
    (
        "bemanning-kalmar.txt",
        include_str!("../examples/corpus/bemanning-kalmar.txt"),
    ),
    (
        "ny-enhetschef-orsa.html",
        include_str!("../examples/corpus/ny-enhetschef-orsa.html"),
    ),
];

/// The sample corpus's binary files: (file name, bytes). A report of the
/// project's own writing as a PDF.
pub const BINARY_CORPUS: &[(&str, &[u8])] = &[(
    "samverkan-barn-dalarna.pdf",
    include_bytes!("../examples/corpus/samverkan-barn-dalarna.pdf"),
)];

/// The saved queries the demo runs: (title, file text).
pub const DEMO_QUERIES: &[(&str, &str)] = &[
    (
        "Vem arbetar var, och som vad?",
        include_str!("../queries/01-who-works-where.rq"),
    ),
    (
        "Evenemang med arrangör, plats och deltagare",
        include_str!("../queries/05-events.rq"),
    ),
    (
        "Organisationer efter antal personer",
        include_str!("../queries/07-organisations-by-people.rq"),
    ),
];

/// Writes the sample corpus into a folder (for `build` and the tests).
pub fn write_corpus(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in CORPUS {
        std::fs::write(dir.join(name), text)?;
    }
    for (name, bytes) in BINARY_CORPUS {
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}

/// Runs the demo, printing what it does.
pub fn run(store_dir: &Path, out_dir: &Path, out: &mut dyn Write) -> Result<(), StoreError> {
    let corpus = out_dir.join("demo-corpus");
    write_corpus(&corpus)?;
    writeln!(
        out,
        "socgraf demo: {} sample articles written to {}",
        CORPUS.len() + BINARY_CORPUS.len(),
        corpus.display()
    )?;
    let report = store::build(
        &[corpus],
        store_dir,
        &store::BuildOptions {
            prune: true,
            ..Default::default()
        },
    )?;
    let st = store::open_existing(store_dir)?;
    writeln!(
        out,
        "built store {} ({} added, {} updated, {} unchanged; {} quads in the store)\n",
        store_dir.display(),
        report.added,
        report.updated,
        report.unchanged,
        st.len()?
    )?;
    for (title, q) in DEMO_QUERIES {
        let (vars, rows) = query::select(&st, q)?;
        writeln!(out, "== {title}")?;
        let shown: Vec<Vec<String>> = rows.iter().take(15).cloned().collect();
        query::write_table(out, &vars, &shown)?;
        if rows.len() > shown.len() {
            writeln!(out, "(first {} of {} rows shown)", shown.len(), rows.len())?;
        }
        writeln!(out)?;
    }
    let g = graph::load(&st)?;
    let dot = out_dir.join("demo.dot");
    std::fs::write(&dot, export::to_dot(&g))?;
    writeln!(
        out,
        "wrote {} ({} entities, {} relations)",
        dot.display(),
        g.node_count(),
        g.edge_count()
    )?;
    let svg = out_dir.join("demo.svg");
    match std::process::Command::new("dot")
        .arg("-Tsvg")
        .arg(&dot)
        .arg("-o")
        .arg(&svg)
        .status()
    {
        Ok(s) if s.success() => writeln!(out, "wrote {} (GraphViz dot)", svg.display())?,
        Ok(s) => writeln!(out, "GraphViz dot failed ({s}); demo.svg not written")?,
        Err(_) => writeln!(out, "GraphViz dot is not installed; demo.svg not written")?,
    }
    Ok(())
}
