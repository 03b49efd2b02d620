//! The corpus model as a file: what `selaras fit` writes and `selaras run --model` reads, so
//! that every part of a corpus (the partitions of a Spark job, the shards of a batch) is aligned
//! with one model, fitted once.
//!
//! # Format (version 1)
//!
//! One JSON object, UTF-8, keys in this order:
//!
//! ```json
//! {
//!   "format": "selaras-model",
//!   "version": 1,
//!   "selaras": "0.1.0",
//!   "src_lang": "en",
//!   "tgt_lang": "id",
//!   "documents": 2000,
//!   "options": {"presegmented": false, "keep_boilerplate": false, "encoding": "UTF-8",
//!               "input_format": null},
//!   "ratio": 1.1394,
//!   "variance": 5.21,
//!   "user_dictionary": null,
//!   "learned": {"prefix": 5, "pairs": 18231, "links": [[1234, 5678, 0.61], ...]}
//! }
//! ```
//!
//! * `format` is always `selaras-model`; `version` is [`MODEL_VERSION`], raised whenever a field
//!   changes meaning. A file of another format or version is refused, never guessed at.
//! * `selaras` is the version of the program that wrote it (for people; not checked).
//! * `src_lang` and `tgt_lang` are the language pair it was fitted for; a run of another pair
//!   refuses it ([`ModelFileError::Languages`]).
//! * `documents` is how many documents it was fitted on (for people).
//! * `options` are the options that read and split the documents it was fitted on
//!   ([`FitOptions`]); `selaras run --model` warns when its own differ (the model is still
//!   used: a model fitted on another corpus is a legitimate choice).
//! * `ratio` and `variance` are the length model (target characters per source character, and
//!   Gale & Church's s²), written so that they read back to the same bits.
//! * `user_dictionary` is the `--dictionary` TSV text given when fitting, verbatim, or `null`; the
//!   pair's bundled dictionary (English–Indonesian) is implied by the language pair.
//! * `learned` is the learned lexicon, or `null` when none was learned: the word prefix length,
//!   the number of sentence pairs it was learned from, and every link as `[source word key,
//!   target word key, Dice]` in id order (word keys are the 64-bit FNV-1a hashes of
//!   [`super::lexicon::learned::word_key`]).
//!
//! All the (de)serialisation of a model is in this module, so that a change of the model's
//! internals is followed here only.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::lexicon::bundled::LexiconError;
use super::lexicon::learned::LearnedLexicon;
use super::lexicon::Dictionary;
use super::Model;
use crate::export::AtomicFile;
use crate::lang::Lang;

/// The `format` field of every model file.
pub const MODEL_FORMAT: &str = "selaras-model";
/// The version of the model file format that this build reads and writes.
pub const MODEL_VERSION: u32 = 1;

/// The options that read and split the documents a model was fitted on: a run with other ones
/// aligns with a model of other documents than its own (allowed, and warned of by the command
/// line).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FitOptions {
    /// `--presegmented`.
    pub presegmented: bool,
    /// `--keep-boilerplate`.
    pub keep_boilerplate: bool,
    /// `--encoding`, by its standard name (`UTF-8`, `windows-1252`).
    pub encoding: String,
    /// `--input-format`, if given (`txt`, `html`, `docx`, `odt`).
    pub input_format: Option<String>,
}

impl FitOptions {
    /// The options of documents read with `options`.
    pub fn of(options: &crate::pipeline::DocOptions) -> FitOptions {
        FitOptions {
            presegmented: options.presegmented,
            keep_boilerplate: options.keep_boilerplate,
            encoding: options.encoding.name().to_string(),
            input_format: options.input_format.map(|f| f.name().to_string()),
        }
    }

    /// The warnings of a run that reads its documents with `other` and aligns them with a model
    /// fitted with these options, saved at `path`: one for each way the two read documents
    /// otherwise (empty: none), as `selaras run --model` prints them and the Python package
    /// warns of them.
    pub fn warnings(&self, path: &std::path::Path, other: &FitOptions) -> Vec<String> {
        self.differences(other)
            .into_iter()
            .map(|difference| {
                format!(
                    "{}: the model was {difference} (the model is used all the same; its \
                     documents were read otherwise than this run reads them)",
                    path.display()
                )
            })
            .collect()
    }

    /// How `other` differs from these options, one phrase per option (empty: the same).
    pub fn differences(&self, other: &FitOptions) -> Vec<String> {
        let mut out = Vec::new();
        let flag = |on: bool, name: &str| {
            if on {
                format!("with {name}")
            } else {
                format!("without {name}")
            }
        };
        if self.presegmented != other.presegmented {
            out.push(format!(
                "fitted {}, and this run is {}",
                flag(self.presegmented, "--presegmented"),
                flag(other.presegmented, "--presegmented")
            ));
        }
        if self.keep_boilerplate != other.keep_boilerplate {
            out.push(format!(
                "fitted {}, and this run is {}",
                flag(self.keep_boilerplate, "--keep-boilerplate"),
                flag(other.keep_boilerplate, "--keep-boilerplate")
            ));
        }
        if self.encoding != other.encoding {
            out.push(format!(
                "fitted with --encoding {}, and this run is with {}",
                self.encoding, other.encoding
            ));
        }
        if self.input_format != other.input_format {
            let shown = |f: &Option<String>| f.clone().unwrap_or_else(|| "by extension".into());
            out.push(format!(
                "fitted with --input-format {}, and this run is with {}",
                shown(&self.input_format),
                shown(&other.input_format)
            ));
        }
        out
    }
}

/// A fitted corpus model with the language pair it was fitted for: what a model file holds.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CorpusModel {
    /// The source language it was fitted for.
    pub src_lang: Lang,
    /// The target language.
    pub tgt_lang: Lang,
    /// The model.
    pub model: Model,
    /// How many documents it was fitted on.
    pub documents: usize,
    /// The options the documents were read and split with.
    pub options: FitOptions,
}

/// Why a model file could not be written, read or used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelFileError {
    /// The file could not be read.
    #[error("cannot read the model {path}: {source}")]
    Read {
        /// The model file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The file could not be written.
    #[error("cannot write the model {path}: {source}")]
    Write {
        /// The model file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The file is not JSON, or a field is missing or of the wrong kind.
    #[error("{path}:{line}:{column}: not a selaras model file: {message}")]
    Syntax {
        /// The model file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The file is JSON but not a selaras model, or of a version this build does not read.
    #[error(
        "{path}: a model file of format `{format}` version {version}; this selaras reads \
         `{MODEL_FORMAT}` version {MODEL_VERSION} (fit the model again with `selaras fit`)"
    )]
    Version {
        /// The model file.
        path: PathBuf,
        /// Its `format` field.
        format: String,
        /// Its `version` field.
        version: String,
    },
    /// A field holds a value that no fitted model has.
    #[error("{path}: field `{field}`: {message}")]
    Invalid {
        /// The model file.
        path: PathBuf,
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The model's user dictionary does not parse.
    #[error("{path}: field `user_dictionary`: {source}")]
    Dictionary {
        /// The model file.
        path: PathBuf,
        /// What is wrong with the dictionary.
        #[source]
        source: LexiconError,
    },
    /// The model was fitted for another language pair than the run's.
    #[error(
        "{path}: the model was fitted for {model_src} → {model_tgt}, not {src} → {tgt}; fit one \
         for this pair with `selaras fit --src-lang {src} --tgt-lang {tgt}`"
    )]
    Languages {
        /// The model file.
        path: PathBuf,
        /// The model's source language.
        model_src: Lang,
        /// The model's target language.
        model_tgt: Lang,
        /// The run's source language.
        src: Lang,
        /// The run's target language.
        tgt: Lang,
    },
}

/// The file, version 1.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileV1 {
    format: String,
    version: u32,
    selaras: String,
    src_lang: String,
    tgt_lang: String,
    documents: usize,
    options: FitOptions,
    ratio: f64,
    variance: f64,
    user_dictionary: Option<String>,
    learned: Option<LearnedV1>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LearnedV1 {
    prefix: usize,
    pairs: usize,
    /// (source key, target key, Dice): the Dice is an `f32` written as the `f64` it equals, so
    /// that it reads back exactly.
    links: Vec<(u64, u64, f64)>,
}

impl CorpusModel {
    /// The model file's text.
    pub fn to_json(&self) -> String {
        let learned = self.model.learned.as_deref().map(|l| {
            let (prefix, links, pairs) = l.to_parts();
            LearnedV1 {
                prefix,
                pairs,
                links: links
                    .into_iter()
                    .map(|(s, t, d)| (s, t, f64::from(d)))
                    .collect(),
            }
        });
        let file = FileV1 {
            format: MODEL_FORMAT.to_string(),
            version: MODEL_VERSION,
            selaras: env!("CARGO_PKG_VERSION").to_string(),
            src_lang: self.src_lang.code().to_string(),
            tgt_lang: self.tgt_lang.code().to_string(),
            documents: self.documents,
            options: self.options.clone(),
            ratio: self.model.ratio,
            variance: self.model.variance,
            user_dictionary: self
                .model
                .dictionary
                .as_deref()
                .and_then(Dictionary::user_text)
                .map(str::to_string),
            learned,
        };
        let mut text = serde_json::to_string(&file).expect("a model serialises");
        text.push('\n');
        text
    }

    /// Writes the model file to `path` (through a temporary file renamed into place).
    pub fn save(&self, path: &Path) -> Result<(), ModelFileError> {
        let error = |source| ModelFileError::Write {
            path: path.to_path_buf(),
            source,
        };
        let mut file = AtomicFile::create(path).map_err(error)?;
        file.write_all(self.to_json().as_bytes()).map_err(error)?;
        file.commit().map_err(error)
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<CorpusModel, ModelFileError> {
        let text = crate::normalize::read_utf8(path).map_err(|source| ModelFileError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        CorpusModel::from_json(&text, path)
    }

    /// Reads a model file's text; `path` names it in errors.
    pub fn from_json(text: &str, path: &Path) -> Result<CorpusModel, ModelFileError> {
        let syntax = |e: serde_json::Error| ModelFileError::Syntax {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        };
        // The format and version first, so that another version is named as such rather than
        // as a missing field.
        let value: serde_json::Value = serde_json::from_str(text).map_err(syntax)?;
        let format = value.get("format").and_then(serde_json::Value::as_str);
        let version = value.get("version").and_then(serde_json::Value::as_u64);
        if format != Some(MODEL_FORMAT) || version != Some(u64::from(MODEL_VERSION)) {
            let shown = |v: Option<&serde_json::Value>| {
                v.map_or_else(|| "(none)".to_string(), |v| v.to_string())
            };
            return Err(ModelFileError::Version {
                path: path.to_path_buf(),
                format: format.map_or_else(|| shown(value.get("format")), str::to_string),
                version: shown(value.get("version")),
            });
        }
        let file: FileV1 = serde_json::from_str(text).map_err(syntax)?;
        let invalid = |field: &'static str, message: String| ModelFileError::Invalid {
            path: path.to_path_buf(),
            field,
            message,
        };
        let lang = |field: &'static str, code: &str| {
            Lang::parse(code).map_err(|e| invalid(field, e.to_string()))
        };
        let (src_lang, tgt_lang) = (
            lang("src_lang", &file.src_lang)?,
            lang("tgt_lang", &file.tgt_lang)?,
        );
        for (field, value) in [("ratio", file.ratio), ("variance", file.variance)] {
            if !(value.is_finite() && value > 0.0) {
                return Err(invalid(field, format!("{value} is not a positive number")));
            }
        }
        let mut model = Model::for_pair(src_lang, tgt_lang);
        model.ratio = file.ratio;
        model.variance = file.variance;
        if let Some(text) = &file.user_dictionary {
            let dictionary = Dictionary::with_user(src_lang, tgt_lang, text).map_err(|source| {
                ModelFileError::Dictionary {
                    path: path.to_path_buf(),
                    source,
                }
            })?;
            model.dictionary = Some(Arc::new(dictionary));
        }
        if let Some(learned) = file.learned {
            let links = learned
                .links
                .into_iter()
                .map(|(s, t, d)| {
                    let dice = d as f32;
                    if f64::from(dice) == d && (0.0..=1.0).contains(&d) {
                        Ok((s, t, dice))
                    } else {
                        Err(invalid("learned", format!("{d} is not a Dice coefficient")))
                    }
                })
                .collect::<Result<Vec<_>, _>>()?;
            model.learned = Some(Arc::new(LearnedLexicon::from_parts(
                learned.prefix,
                links,
                learned.pairs,
            )));
        }
        Ok(CorpusModel {
            src_lang,
            tgt_lang,
            model,
            documents: file.documents,
            options: file.options,
        })
    }

    /// The model, if it was fitted for `src → tgt`; else [`ModelFileError::Languages`] naming
    /// `path`.
    pub fn for_pair(self, src: Lang, tgt: Lang, path: &Path) -> Result<Model, ModelFileError> {
        if self.src_lang == src && self.tgt_lang == tgt {
            Ok(self.model)
        } else {
            Err(ModelFileError::Languages {
                path: path.to_path_buf(),
                model_src: self.src_lang,
                model_tgt: self.tgt_lang,
                src,
                tgt,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::ModelFitter;

    fn fitted() -> Model {
        let mut fitter = ModelFitter::new(Model::for_pair(Lang::EN, Lang::ID));
        let src: Vec<String> = (0..80)
            .map(|k| {
                format!(
                    "The river {k} near the mountain school floods {}",
                    "x".repeat(k % 13)
                )
            })
            .collect();
        let tgt: Vec<String> = (0..80)
            .map(|k| {
                format!(
                    "Sungai {k} dekat sekolah gunung banjir lagi {}",
                    "y".repeat(k % 13)
                )
            })
            .collect();
        let s: Vec<&str> = src.iter().map(String::as_str).collect();
        let t: Vec<&str> = tgt.iter().map(String::as_str).collect();
        fitter.observe(&s, &t);
        fitter.finish()
    }

    #[test]
    fn a_model_reads_back_equal() {
        let model = fitted();
        assert!(model.learned.as_ref().is_some_and(|l| !l.is_empty()));
        let saved = CorpusModel {
            src_lang: Lang::EN,
            tgt_lang: Lang::ID,
            model,
            documents: 1,
            options: FitOptions::default(),
        };
        let text = saved.to_json();
        let back = CorpusModel::from_json(&text, Path::new("m.json")).unwrap();
        assert_eq!(back, saved);
        assert_eq!(back.model.ratio.to_bits(), saved.model.ratio.to_bits());
        assert_eq!(back.to_json(), text);
    }

    /// A Chinese–English model's learned lexicon is keyed on characters (the language table's
    /// units); read back, the model cuts text the same way and holds the same links.
    #[test]
    fn a_model_of_a_language_without_spaces_reads_back_equal() {
        let zh = Lang::parse("zh").unwrap();
        let mut fitter = ModelFitter::new(Model::for_pair(zh, Lang::EN));
        let src: Vec<String> = (0..80)
            .map(|k| format!("山上的学校第{k}次被河水淹没了{}", "雨".repeat(k % 7)))
            .collect();
        let tgt: Vec<String> = (0..80)
            .map(|k| {
                format!(
                    "The school on the mountain was flooded by the river for time {k} {}",
                    "rain ".repeat(k % 7)
                )
            })
            .collect();
        let s: Vec<&str> = src.iter().map(String::as_str).collect();
        let t: Vec<&str> = tgt.iter().map(String::as_str).collect();
        fitter.observe(&s, &t);
        let saved = CorpusModel {
            src_lang: zh,
            tgt_lang: Lang::EN,
            model: fitter.finish(),
            documents: 1,
            options: FitOptions::default(),
        };
        let back = CorpusModel::from_json(&saved.to_json(), Path::new("m.json")).unwrap();
        assert_eq!(back, saved);
        assert_ne!(back.model.src_units, back.model.tgt_units);
    }

    #[test]
    fn a_user_dictionary_travels_with_the_model() {
        let mut model = Model::for_pair(Lang::parse("de").unwrap(), Lang::parse("fr").unwrap());
        let tsv = "Haus\tmaison\nBerg\tmontagne|mont\n";
        model.dictionary = Some(Arc::new(
            Dictionary::with_user(Lang::parse("de").unwrap(), Lang::parse("fr").unwrap(), tsv)
                .unwrap(),
        ));
        let saved = CorpusModel {
            src_lang: Lang::parse("de").unwrap(),
            tgt_lang: Lang::parse("fr").unwrap(),
            model,
            documents: 0,
            options: FitOptions::default(),
        };
        let back = CorpusModel::from_json(&saved.to_json(), Path::new("m")).unwrap();
        assert_eq!(back, saved);
        assert_eq!(back.model.dictionary.unwrap().user_text(), Some(tsv));
    }

    #[test]
    fn another_version_pair_or_broken_file_is_refused_with_its_place() {
        let path = Path::new("m.json");
        let saved = CorpusModel {
            src_lang: Lang::EN,
            tgt_lang: Lang::ID,
            model: Model::for_pair(Lang::EN, Lang::ID),
            documents: 0,
            options: FitOptions::default(),
        };
        let text = saved.to_json();
        let v2 = text.replace("\"version\":1", "\"version\":2");
        let err = CorpusModel::from_json(&v2, path).unwrap_err();
        assert!(matches!(err, ModelFileError::Version { .. }), "{err}");
        assert!(err.to_string().contains("version 2"), "{err}");
        let err = CorpusModel::from_json("{\"a\": 1}", path).unwrap_err();
        assert!(matches!(err, ModelFileError::Version { .. }), "{err}");
        let err = CorpusModel::from_json("{\n  \"format\": ", path).unwrap_err();
        assert!(err.to_string().starts_with("m.json:2:"), "{err}");
        let bad = text.replace("\"ratio\":1.0", "\"ratio\":-1.0");
        let err = CorpusModel::from_json(&bad, path).unwrap_err();
        assert!(err.to_string().contains("field `ratio`"), "{err}");
        let back = CorpusModel::from_json(&text, path).unwrap();
        let err = back
            .clone()
            .for_pair(Lang::parse("de").unwrap(), Lang::parse("fr").unwrap(), path)
            .unwrap_err();
        assert!(
            err.to_string().contains("fitted for en → id, not de → fr"),
            "{err}"
        );
        assert!(back.for_pair(Lang::EN, Lang::ID, path).is_ok());
    }

    #[test]
    fn differing_options_are_named() {
        let fitted = FitOptions::of(&crate::pipeline::DocOptions::default());
        assert!(fitted.differences(&fitted).is_empty());
        let used = FitOptions {
            presegmented: true,
            ..fitted.clone()
        };
        assert_eq!(
            fitted.differences(&used),
            ["fitted without --presegmented, and this run is with --presegmented"]
        );
    }

    #[test]
    fn save_writes_through_a_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.json");
        let saved = CorpusModel {
            src_lang: Lang::EN,
            tgt_lang: Lang::ID,
            model: fitted(),
            documents: 1,
            options: FitOptions::default(),
        };
        saved.save(&path).unwrap();
        assert_eq!(CorpusModel::load(&path).unwrap(), saved);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left");
    }
}
