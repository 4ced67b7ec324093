//! `deboiler explain`: one page, every block with its label, the rules
//! and passes that decided it, and the votes behind it (text or JSON).

use std::io::{self, Write};
use std::path::PathBuf;

use clap::ValueEnum;
use deboiler::emit;

use crate::{Failure, InputArg, PipelineArgs, RawInput};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The page (.gz ok), or - for stdin. None: stdin.
    #[arg(default_value = "-")]
    pub path: PathBuf,
    /// text: one line per block and its reasons; json: the same data.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
    /// Colours: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// The page's URL, for site rule files (else its canonical link).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Input format: auto tells HTML from a text dump by its first bytes.
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    pub input: InputArg,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExplainFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    /// Whether to colour stdout: `auto` colours a terminal unless the
    /// `NO_COLOR` convention (any non-empty value) says not to.
    fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

pub fn command(args: Args) -> Result<u8, Failure> {
    let cleaner = args.pipeline.cleaner()?.explaining();
    let raw = RawInput::read(&args.path, cleaner.byte_limit())?;
    let page = deboiler::Input::bytes(&raw.bytes)
        .kind(args.input.kind())
        .source(&raw.name)
        .url(args.url.as_deref());
    let doc = cleaner
        .clean(page)
        .map_err(|e| anyhow::anyhow!("{}: {e}", raw.name))?;
    for w in &doc.warnings {
        eprintln!("deboiler: {}: {w}", doc.source);
    }
    let out = match args.format {
        ExplainFormat::Text => emit::explain(&doc, args.color.enabled()),
        ExplainFormat::Json => {
            serde_json::to_string_pretty(&emit::explain_json(&doc)).map_err(anyhow::Error::from)?
                + "\n"
        }
    };
    io::stdout().write_all(out.as_bytes())?;
    Ok(0)
}
