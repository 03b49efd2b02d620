//! # selaras
//!
//! selaras ("aligned" in Indonesian) turns pairs of documents — a text and its translation — into
//! sentence-aligned bitext: translation memories (TMX 1.4b) for translators and CSV, TSV, JSONL and
//! Moses files for researchers training machine translation.
//!
//! The library is a pipeline of stages, each a module with one job, in the order data flows:
//!
//! 0. [`extract`]: web pages, Word and OpenDocument files to their paragraphs (plain text
//!    goes straight on).
//! 1. [`normalize`]: bytes to clean text (UTF-8 decoding with located errors, NFC, line ends,
//!    Unicode spaces, removable format characters) and the web-boilerplate tables.
//! 2. [`segment`]: clean text to sentences, by rules kept as data per language.
//! 3. [`align`]: two sentence lists to beads (1-1, 1-2, 2-1, 2-2, 1-0, 0-1, …), each with a
//!    calibrated confidence score.
//! 4. [`export`]: aligned documents to bytes: TMX, CSV, TSV, JSONL, Moses and beads files.
//!
//! [`pipeline`] finds document pairs on disk, runs the stages in parallel in bounded memory and
//! writes the outputs atomically; [`lang`] reads language codes and hands each stage its tables;
//! [`eval`] scores beads against gold alignments.
//!
//! The common case is one call, [`align_texts`]: two texts in, the pairs with their scores out.
//!
//! ```
//! use selaras::{align_texts, DocOptions, Lang};
//!
//! let en = "The minister spoke on Monday. She said prices would fall.";
//! let id = "Menteri berbicara pada Senin. Dia mengatakan harga akan turun.";
//! let doc = align_texts("news", en, id, &DocOptions::new(Lang::EN, Lang::ID));
//! for pair in doc.bitext() {
//!     println!("{:.3}\t{}\t{}", pair.score, pair.src, pair.tgt);
//! }
//! assert_eq!(doc.bitext().count(), 2);
//! assert_eq!(doc.src, ["The minister spoke on Monday.", "She said prices would fall."]);
//! ```
//!
//! The stages can also be called one by one:
//!
//! ```
//! use selaras::{align, segment, Lang};
//!
//! let en = "The minister spoke on Monday. She said prices would fall.";
//! let id = "Menteri berbicara pada Senin. Dia mengatakan harga akan turun.";
//! let src = segment::Segmenter::for_alignment(Lang::EN).split(en);
//! let tgt = segment::Segmenter::for_alignment(Lang::ID).split(id);
//! let src_text: Vec<&str> = src.iter().map(|s| &en[s.span.clone()]).collect();
//! let tgt_text: Vec<&str> = tgt.iter().map(|s| &id[s.span.clone()]).collect();
//! let model = align::Model::for_pair(Lang::EN, Lang::ID);
//! let beads = align::Aligner::new(&model, align::AlignConfig::default())
//!     .align(&align::Side::plain(&src_text), &align::Side::plain(&tgt_text));
//! assert_eq!(beads.len(), 2);
//! assert_eq!((beads[0].src.clone(), beads[0].tgt.clone()), (0..1, 0..1));
//! ```
#![deny(missing_docs)]

pub mod align;
pub mod eval;
pub mod export;
pub mod extract;
mod hash;
pub mod lang;
pub mod normalize;
pub mod pipeline;
pub mod segment;
mod swar;

pub use export::{AlignedDoc, BeadText};
pub use lang::Lang;
pub use pipeline::{align_texts, DocOptions};

/// The README's examples, compiled and run as doc tests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
