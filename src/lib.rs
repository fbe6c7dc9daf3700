//! socgraf: builds a knowledge graph from Swedish articles about social
//! services — extract → resolve → model → store → query / export / analyze.
//!
//! ```
//! use socgraf::{extract::extract, text::Document};
//! let facts = extract(&Document::from_text("d1",
//!     "Stina Holm, socialchef i Gagnefs kommun, säger att det går bra."));
//! assert!(facts.entities.iter().any(|e| e.name == "Gagnefs kommun"));
//! ```
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
pub mod analyze;
pub mod card;
pub mod connect;
pub mod demo;
pub mod error;
pub mod export;
pub mod extract;
pub mod facts;
pub mod formats;
#[doc(hidden)]
pub mod fuzz;
pub mod gazetteer;
pub mod graph;
pub mod hash;
pub mod ingest;
pub mod jsonl;
pub mod link;
pub mod model;
pub mod output;
pub mod push;
pub mod query;
pub mod serve;
pub mod store;
pub mod text;
