//! `zhucun export --period P [--scope CODE] [--format xlsx|csv] -o FILE`.

use super::Ctx;
use super::import::Bar;
use crate::domain::{DivisionCode, Period, PeriodKind};
use crate::transfer::export::{ExportFormat, ExportRequest};
use anyhow::{Context, Result};

pub fn run(ctx: &Ctx, args: &super::ExportArgs) -> Result<()> {
    let (period, scope) = (args.period.as_deref(), args.scope.as_deref());
    let Some(output) = args.output.as_deref() else {
        anyhow::bail!(match ctx.lang {
            crate::i18n::Lang::Zh => "缺少要写入的文件：-o FILE（或 --output FILE）",
            crate::i18n::Lang::En => "the file to write is missing: -o FILE (or --output FILE)",
        });
    };
    let (format, force) = (args.format, args.force);
    let period = match period {
        Some(p) => Period::parse(p).context("--period")?,
        None => Period::containing(PeriodKind::Month, ctx.today),
    };
    let scope = scope
        .map(|s| DivisionCode::parse(s).context("--scope"))
        .transpose()?;
    // Without --format, a .csv name means CSV; anything else an Excel workbook.
    let format = format.unwrap_or(
        if output
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            ExportFormat::Csv
        } else {
            ExportFormat::Xlsx
        },
    );
    let store = super::open(ctx)?;
    let req = ExportRequest {
        period,
        scope,
        format,
        lang: ctx.lang,
        path: output.to_path_buf(),
        force,
        villages: None,
        filter: None,
    };
    let bar = Bar::start(ctx.lang);
    let result = crate::transfer::export(&store, &req, &mut |done, total| bar.set(1, done, total));
    bar.finish();
    let out = result?;
    outln!(
        "{}",
        crate::i18n::ui::fill(
            ctx.lang.cli().export_done,
            &[
                &out.path.display().to_string(),
                &ctx.lang.period(out.period),
                &out.scope.name,
                &out.scope.code.to_string(),
                &out.detail_rows.to_string()
            ]
        )
    )?;
    Ok(())
}
