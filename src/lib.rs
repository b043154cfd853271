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

pub mod claims;
pub mod cli;
pub mod compare;
pub mod corpus;
pub mod extract;
pub mod matcher;
pub mod normalize;
pub mod render;
pub mod report;
pub mod scan;
pub mod segment;
pub mod value;
