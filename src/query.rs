//! SPARQL 1.1 over the store: parses, evaluates with the union of all named
//! graphs as default graph, and writes results as a table, CSV, TSV or JSON.
use crate::error::StoreError;
use crate::model::{ID, SG};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, QuerySolution, SparqlEvaluator};
use oxigraph::store::Store;
use std::io::Write;

/// How query results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ResultFormat {
    Table,
    Csv,
    Tsv,
    /// SPARQL 1.1 Query Results JSON.
    Json,
}

/// The prefixes every socgraf query may use without declaring them.
pub const PREFIXES: &[(&str, &str)] = &[
    ("sg", SG),
    ("id", ID),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("schema", "https://schema.org/"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

fn evaluator() -> SparqlEvaluator {
    let mut ev = SparqlEvaluator::new();
    for (p, iri) in PREFIXES {
        ev = match ev.clone().with_prefix(*p, *iri) {
            Ok(e) => e,
            Err(_) => ev,
        };
    }
    ev
}

/// Checks a query's syntax; the error is the parser's message.
pub fn check_syntax(sparql: &str) -> Result<(), StoreError> {
    evaluator()
        .parse_query(sparql)
        .map(|_| ())
        .map_err(|e| StoreError::Sparql(e.to_string()))
}

/// Runs a query, with the union of all graphs as the default graph.
pub fn execute<'a>(store: &'a Store, sparql: &str) -> Result<QueryResults<'a>, StoreError> {
    let mut prepared = evaluator()
        .parse_query(sparql)
        .map_err(|e| StoreError::Sparql(e.to_string()))?;
    prepared.dataset_mut().set_default_graph_as_union();
    prepared
        .on_store(store)
        .execute()
        .map_err(|e| StoreError::Evaluation(e.to_string()))
}

/// A query's solutions as rows of display strings, with the variable names.
///
/// ```no_run
/// let store = oxigraph::store::Store::new().unwrap();
/// let (vars, rows) = socgraf::query::select(&store, "SELECT ?s WHERE { ?s ?p ?o }").unwrap();
/// assert_eq!(vars, vec!["s"]);
/// ```
pub fn select(store: &Store, sparql: &str) -> Result<(Vec<String>, Vec<Vec<String>>), StoreError> {
    match execute(store, sparql)? {
        QueryResults::Solutions(sols) => {
            let vars: Vec<String> = sols
                .variables()
                .iter()
                .map(|v| v.as_str().to_string())
                .collect();
            let mut rows = Vec::new();
            for s in sols {
                let s = s.map_err(|e| StoreError::Evaluation(e.to_string()))?;
                rows.push(row_strings(&vars, &s));
            }
            Ok((vars, rows))
        }
        QueryResults::Boolean(b) => Ok((vec!["result".into()], vec![vec![b.to_string()]])),
        QueryResults::Graph(_) => Err(StoreError::Evaluation(
            "a CONSTRUCT/DESCRIBE query has no rows".into(),
        )),
    }
}

fn row_strings(vars: &[String], s: &QuerySolution) -> Vec<String> {
    vars.iter()
        .map(|v| s.get(v.as_str()).map(display_term).unwrap_or_default())
        .collect()
}

/// A term for people: literals as their value, IRIs shortened by prefix.
pub fn display_term(t: &Term) -> String {
    match t {
        Term::Literal(l) => l.value().to_string(),
        Term::NamedNode(n) => {
            for (p, iri) in PREFIXES {
                if let Some(local) = n.as_str().strip_prefix(iri) {
                    if !local.contains('#') {
                        return format!("{p}:{local}");
                    }
                }
            }
            format!("<{}>", n.as_str())
        }
        other => other.to_string(),
    }
}

/// Runs a query and writes its results.
pub fn run(
    store: &Store,
    sparql: &str,
    format: ResultFormat,
    out: &mut dyn Write,
) -> Result<(), StoreError> {
    match execute(store, sparql)? {
        QueryResults::Graph(triples) => {
            let mut ser = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(out);
            for t in triples {
                let t = t.map_err(|e| StoreError::Evaluation(e.to_string()))?;
                ser.serialize_triple(&t)?;
            }
            ser.finish()?;
        }
        QueryResults::Boolean(b) => match format {
            ResultFormat::Table => writeln!(out, "{b}")?,
            f => {
                QueryResultsSerializer::from_format(results_format(f))
                    .serialize_boolean_to_writer(out, b)?;
            }
        },
        QueryResults::Solutions(sols) => {
            let vars = sols.variables().to_vec();
            if format == ResultFormat::Table {
                let names: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
                let mut rows = Vec::new();
                for s in sols {
                    let s = s.map_err(|e| StoreError::Evaluation(e.to_string()))?;
                    rows.push(row_strings(&names, &s));
                }
                write_table(out, &names, &rows)?;
            } else {
                let mut ser = QueryResultsSerializer::from_format(results_format(format))
                    .serialize_solutions_to_writer(out, vars)?;
                for s in sols {
                    let s = s.map_err(|e| StoreError::Evaluation(e.to_string()))?;
                    ser.serialize(&s)?;
                }
                ser.finish()?;
            }
        }
    }
    Ok(())
}

fn results_format(f: ResultFormat) -> QueryResultsFormat {
    match f {
        ResultFormat::Csv => QueryResultsFormat::Csv,
        ResultFormat::Tsv => QueryResultsFormat::Tsv,
        _ => QueryResultsFormat::Json,
    }
}

/// Writes rows as an aligned text table with a header and a row count.
pub fn write_table(
    out: &mut dyn Write,
    vars: &[String],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let clip = |s: &str| -> String {
        let s = s.replace('\n', " ");
        if s.chars().count() > 80 {
            format!("{}…", s.chars().take(79).collect::<String>())
        } else {
            s
        }
    };
    let mut widths: Vec<usize> = vars.iter().map(|v| v.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(clip(c).chars().count());
        }
    }
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c:<w$}", w = widths[i]))
            .collect::<Vec<_>>()
            .join(" | ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(vars.to_vec()))?;
    writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("-+-")
    )?;
    for r in rows {
        writeln!(out, "{}", line(r.iter().map(|c| clip(c)).collect()))?;
    }
    writeln!(out, "({} rows)", rows.len())
}
