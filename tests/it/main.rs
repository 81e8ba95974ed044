//! Integration tests: each builds a small site of its own in a temporary
//! folder and asserts on the files produced (or the problems reported).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod build;
mod check;
mod cli;
mod demo;
mod docs;
mod documents;
mod errors;
mod figures;
mod fixtures;
mod fuzz;
mod harness;
mod hostile;
mod images;
mod import;
mod indexes;
mod layers;
mod limits;
mod links;
mod portable;
mod safety;
mod scaffold;
mod search;
mod serve;
mod snapshots;
mod theme;
mod units;
