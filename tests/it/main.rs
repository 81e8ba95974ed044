//! Integration tests: each builds a small site of its own in a temporary
//! folder and asserts on the files produced (or the problems reported).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod build;
mod check;
mod cli;
mod demo;
mod docs;
mod errors;
mod figures;
mod fixtures;
mod harness;
mod hostile;
mod images;
mod indexes;
mod links;
mod portable;
mod scaffold;
mod serve;
mod snapshots;
mod theme;
