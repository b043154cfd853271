//! crosscheck — a cross-source fact-consistency checker.
//!
//! The library is a pipeline of plain functions over plain data, one module per stage:
//!
//! ```text
//! claims (load, validate) ─┐
//! corpus (walk, front matter, line index) → normalize (+offset map) → segment → matcher
//!                                                → extract values → compare → render
//! ```
//!
//! The `crosscheck` binary only parses arguments and wires these stages together.
//!
//! # Example
//!
//! Reading the value an Arabic sentence states, in its original spelling:
//!
//! ```
//! use crosscheck::extract::extract_text;
//! use crosscheck::value::{Kind, Qualifier, Value};
//!
//! let text = "وافقت على توريد ما يقرب من ٥ ملايين قذيفة مدفعية";
//! let found = extract_text(text, Some(Kind::Quantity));
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].value, Value::Quantity(5_000_000.0));
//! assert_eq!(found[0].qualifier, Some(Qualifier::Approx));
//! assert_eq!(found[0].text, "ما يقرب من ٥ ملايين");
//! ```

pub mod cache;
pub mod claims;
pub mod cli;
pub mod compare;
pub mod corpus;
pub mod counted;
pub mod dedupe;
pub mod distance;
pub mod escape;
pub mod extract;
pub mod inflect;
pub mod limits;
pub mod matcher;
pub mod normalize;
pub mod prefilter;
pub mod render;
pub mod report;
pub mod safe_write;
pub mod scan;
pub mod segment;
pub mod shard;
pub mod suggest;
pub mod value;

#[cfg(test)]
mod test_random;
