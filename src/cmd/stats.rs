//! `kheo stats`: the figures as the statistics page shows them, as a
//! table, CSV or JSON.

use std::process::ExitCode;

use crate::cli::{Format, StatsArgs, UnitsArg};

use super::{print_diagnostics, stderr_color};

pub(crate) fn run(args: StatsArgs) -> ExitCode {
    let opts = kheo::StatsOptions {
        root: args.root,
        format: match args.format {
            Format::Table => kheo::StatsFormat::Table,
            Format::Csv => kheo::StatsFormat::Csv,
            Format::Json => kheo::StatsFormat::Json,
        },
        year: args.year,
        region: args.region,
        lang: args.lang,
        units: args.units.map(|u| match u {
            UnitsArg::Today => kheo::model::stats::Units::Today,
            UnitsArg::Reported => kheo::model::stats::Units::Reported,
        }),
    };
    let color = stderr_color();
    match kheo::stats(&opts) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics, color);
            ExitCode::from(1)
        }
    }
}
