//! A realistic caseload on an embedded sled store: generated from a seed
//! (`carers::core::generator`) and recorded through the repository with a progress
//! bar, then every read model is run, the dashboard's tables, equality reach
//! (suppressed) and SALT LTS003 for each financial year are printed, and a
//! report for a manager is written to `--out`: each table as CSV and JSON, and
//! `report.html`, self-contained (its charts are inline SVG): carers by stage at
//! the end of each month, new carers by source per month, safeguarding concerns
//! per month.
//!
//! ```sh
//! cargo run --release --example caseload -- --carers 2000 --seed 7 --out caseload-report
//! ```
//!
//! Everything printed and written is counts, labels and months: the generated
//! carers' (synthetic) personal details stay sealed in the store.

use std::fmt::Write as _;
use std::path::PathBuf;

use carers::chrono::{Months, NaiveDate, NaiveTime};
use carers::core::generator::{self, Spec};
use carers::domain::{CarerCase, CasePolicy, Stage};
use carers::es::{EventStore, ProjectionRunner, Repository};
use carers::projections::carers_supported::FinancialYear;
use carers::projections::table::{Cell, Label, Table};
use carers::projections::{
    CarersQualityOfLife, CarersSupported, Caseload, ClientLevelData, Dashboard, DashboardTables,
    EqualityReach, RetentionSchedule, SafeguardingOutcomes, SafeguardingTrends, WorkQueue,
};
use carers::sled_store::{Config, Durability, SledStore};
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

/// Generate a caseload, run every read model, write the dashboard report.
#[derive(Parser)]
struct Args {
    /// How many carers to generate.
    #[arg(long, default_value_t = 500)]
    carers: usize,
    /// The seed: the same seed gives the same caseload.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// How many months the caseload spans (from 1 April 2025).
    #[arg(long, default_value_t = 12)]
    months: u32,
    /// A new (or empty) sled store to record into; a temporary one if not given.
    #[arg(long)]
    store: Option<PathBuf>,
    /// Where to write the report (created if missing).
    #[arg(long, default_value = "caseload-report")]
    out: PathBuf,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let temporary = tempfile::tempdir()?;
    let path = args
        .store
        .clone()
        .unwrap_or_else(|| temporary.path().join("store"));
    // Buffered: thousands of commands, one flush at the end (a crash while
    // generating loses a generated suffix, nothing anyone relies on).
    let store = SledStore::open_with(Config::new(&path).durability(Durability::Buffered))?;
    if !store.read_all(1, 1)?.is_empty() {
        return Err(format!("{} already holds events: give a new store", path.display()).into());
    }
    let repo = Repository::<CarerCase, _>::new(store.clone()).with_access(generator::partnership());

    let spec = Spec {
        carers: args.carers,
        seed: args.seed,
        months: args.months,
        ..Spec::default()
    };
    let plan = generator::plan(&spec);
    let bar = ProgressBar::new(plan.commands() as u64).with_style(ProgressStyle::with_template(
        "{msg} {wide_bar} {pos}/{len} commands ({per_sec}, {eta} left)",
    )?);
    bar.set_message(format!("recording {} carers", spec.carers));
    plan.drive(&repo, |done, _| bar.set_position(done as u64))?;
    bar.finish();
    store.flush()?;

    let runner = ProjectionRunner::default();
    let mut dashboard = Dashboard::new();
    let mut caseload = Caseload::new();
    let mut trends = SafeguardingTrends::new();
    let mut retention = RetentionSchedule::default();
    let mut queue = WorkQueue::new(CasePolicy::default());
    let mut reach = EqualityReach::new();
    let mut supported = CarersSupported::new();
    let mut outcomes = SafeguardingOutcomes::new(CasePolicy::default().safeguarding);
    let mut quality = CarersQualityOfLife::new();
    let mut cld = ClientLevelData::new();
    let handled = runner.catch_up(&store, &mut dashboard)?.handled;
    runner.catch_up(&store, &mut caseload)?;
    runner.catch_up(&store, &mut trends)?;
    runner.catch_up(&store, &mut retention)?;
    runner.catch_up(&store, &mut queue)?;
    runner.catch_up(&store, &mut reach)?;
    runner.catch_up(&store, &mut supported)?;
    runner.catch_up(&store, &mut outcomes)?;
    runner.catch_up(&store, &mut quality)?;
    runner.catch_up(&store, &mut cld)?;
    println!("{handled} events in the log");

    let last_day = spec.until().pred_opt().unwrap_or(spec.until());
    let end = last_day.and_time(NaiveTime::MIN).and_utc() + carers::chrono::Duration::days(1);
    let tables = dashboard.on(last_day);
    println!(
        "\nCaseload dashboard on {last_day}: {} carers",
        tables.carers
    );
    for table in tables.all() {
        print_table(table);
    }
    // Equality reach as published: small numbers suppressed.
    let equality = reach.tables();
    println!(
        "\nEquality reach (suppressed for publication): {} carers",
        equality.carers
    );
    for table in equality.all() {
        print_table(table);
    }
    // SALT LTS003 for each financial year the caseload touches.
    let mut returns = Vec::new();
    let mut year = FinancialYear::of(spec.from);
    while year.first_day() < spec.until() {
        returns.push(supported.lts003(year));
        year = year.next().ok_or("year out of range")?;
    }
    for lts003 in &returns {
        println!("\nSALT LTS003, {}", lts003.year);
        for table in lts003.all() {
            print_table(table);
        }
    }
    // Making Safeguarding Personal and timeliness, for the same years, as of
    // the caseload's end.
    let safeguarding: Vec<_> = returns
        .iter()
        .map(|r| {
            let personal = outcomes.making_safeguarding_personal(r.year);
            (r.year, [personal, outcomes.timeliness(r.year, end)])
        })
        .collect();
    for (year, tables) in &safeguarding {
        println!("\nSafeguarding, {year}");
        for table in tables {
            print_table(table);
        }
    }
    // Quality of life: first reading to latest, per survey domain.
    let quality_change = quality.change();
    println!("\nQuality of life, first reading to latest");
    print_table(&quality_change);
    println!("\nCases per worker:");
    for (worker, cases) in caseload.sizes() {
        println!("  {}: {cases}", worker.id.0);
    }
    println!(
        "Cases waiting for a worker: {}",
        caseload.unallocated().len()
    );
    println!("Work due at the end: {} items", queue.due(end).len());
    let concerns: u32 = trends.per_partner.values().sum();
    println!("Safeguarding concerns raised: {concerns}");
    println!(
        "Cases due a retention decision in 2032: {}",
        retention.due(day(2032, 1, 1)).len()
    );

    // Carers by stage at the end of each month: the dashboard as of then.
    let mut month_ends = Vec::new();
    let mut stages: Vec<(&'static str, Vec<u64>)> =
        Stage::ALL.iter().map(|s| (s.label(), Vec::new())).collect();
    let mut first = spec.from;
    while first < spec.until() {
        let next = first
            .checked_add_months(Months::new(1))
            .ok_or("month out of range")?;
        let then = runner.as_of(
            &store,
            Dashboard::new(),
            next.and_time(NaiveTime::MIN).and_utc(),
        )?;
        let by_stage = then.on(next.pred_opt().unwrap_or(next)).by_stage;
        for (label, counts) in &mut stages {
            counts.push(match by_stage.cell(Cell::Label(label), "carers") {
                Some(Cell::Count(n)) => n,
                _ => 0,
            });
        }
        month_ends.push(first.format("%Y-%m").to_string());
        first = next;
    }

    std::fs::create_dir_all(&args.out)?;
    let mut written: Vec<(String, &Table)> = tables
        .all()
        .into_iter()
        .chain(equality.all())
        .map(|t| (t.name.to_string(), t))
        .collect();
    for lts003 in &returns {
        written.extend(
            lts003
                .all()
                .map(|t| (format!("{}_{}", t.name, lts003.year), t)),
        );
    }
    written.push((quality_change.name.to_string(), &quality_change));
    for (year, tables) in &safeguarding {
        written.extend(tables.iter().map(|t| (format!("{}_{year}", t.name), t)));
    }
    for (name, table) in &written {
        std::fs::write(args.out.join(format!("{name}.csv")), table.to_csv())?;
        std::fs::write(
            args.out.join(format!("{name}.json")),
            serde_json::to_vec_pretty(table)?,
        )?;
    }
    // The Client Level Data style extract, per financial year.
    for lts003 in &returns {
        let year = lts003.year;
        let extract = cld.extract(year.first_day(), year.last_day());
        println!(
            "Client Level Data {year}: {} rows (Request, Assessment, Service, Review)",
            extract.rows.len()
        );
        let name = format!("client_level_data_{year}");
        std::fs::write(args.out.join(format!("{name}.csv")), extract.to_csv())?;
        std::fs::write(
            args.out.join(format!("{name}.json")),
            serde_json::to_vec_pretty(&extract)?,
        )?;
    }
    std::fs::write(
        args.out.join("dashboard.json"),
        serde_json::to_vec_pretty(&tables)?,
    )?;
    let concern_months: Vec<(carers::chrono::NaiveDate, u64)> = {
        let mut per: std::collections::BTreeMap<NaiveDate, u64> = std::collections::BTreeMap::new();
        for ((_, (y, m)), n) in &trends.per_category_month {
            *per.entry(day(*y, *m, 1)).or_default() += u64::from(*n);
        }
        per.into_iter().collect()
    };
    let report = report(
        &spec,
        &tables,
        &written,
        &month_ends,
        &stages,
        &concern_months,
    );
    std::fs::write(args.out.join("report.html"), report)?;
    println!("\nReport: {}", args.out.join("report.html").display());
    Ok(())
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn print_table(table: &Table) {
    println!("\n{}", table.name);
    println!("  {}", table.columns.join(" | "));
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(Cell::to_string).collect();
        println!("  {}", cells.join(" | "));
    }
}

/// The manager's report: one HTML file, charts inline.
fn report(
    spec: &Spec,
    tables: &DashboardTables,
    written: &[(String, &Table)],
    month_ends: &[String],
    stages: &[(&'static str, Vec<u64>)],
    concerns: &[(NaiveDate, u64)],
) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Caseload report</title>\
         <style>body{{font-family:sans-serif;max-width:960px;margin:2em auto}}\
         table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:2px 6px;text-align:right}}\
         td:first-child,th:first-child{{text-align:left}}</style>\
         <h1>Caseload report</h1><p>{} generated carers (seed {}), {} months from {}; figures on {}: {} carers.</p>",
        spec.carers, spec.seed, spec.months, spec.from, tables.on, tables.carers
    );
    html.push_str("<h2>Carers by stage at the end of each month</h2>");
    html.push_str(&bars(month_ends, stages));
    html.push_str("<h2>New carers by source per month</h2>");
    html.push_str(&bars_of(&tables.identified_per_month));
    html.push_str("<h2>Safeguarding concerns raised per month</h2>");
    let months: Vec<String> = concerns
        .iter()
        .map(|(m, _)| m.format("%Y-%m").to_string())
        .collect();
    html.push_str(&bars(
        &months,
        &[("Concerns", concerns.iter().map(|(_, n)| *n).collect())],
    ));
    for (name, table) in written {
        let _ = write!(html, "<h2>{}</h2><table><tr>", escape(name));
        for c in &table.columns {
            let _ = write!(html, "<th>{}</th>", escape(c));
        }
        html.push_str("</tr>");
        for row in &table.rows {
            html.push_str("<tr>");
            for cell in row {
                let _ = write!(html, "<td>{}</td>", escape(&cell.to_string()));
            }
            html.push_str("</tr>");
        }
        html.push_str("</table>");
    }
    html.push_str("</html>\n");
    html
}

/// Stacked bars of a per-month table (its value columns, without the total).
fn bars_of(table: &Table) -> String {
    let months: Vec<String> = table.rows.iter().map(|r| r[0].to_string()).collect();
    let values = &table.columns[1..table.columns.len() - 1];
    let series: Vec<(&'static str, Vec<u64>)> = values
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let counts = table
                .rows
                .iter()
                .map(|r| match r[i + 1] {
                    Cell::Count(n) => n,
                    _ => 0,
                })
                .collect();
            (*label, counts)
        })
        .collect();
    bars(&months, &series)
}

const COLOURS: [&str; 10] = [
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
    "#1f78b4", "#b2df8a",
];

/// An SVG chart: one stacked bar per label, a legend of the series.
fn bars(labels: &[String], series: &[(&'static str, Vec<u64>)]) -> String {
    let (width, height, left, bottom) = (900.0, 300.0, 50.0, 40.0);
    let totals: Vec<u64> = (0..labels.len())
        .map(|i| {
            series
                .iter()
                .map(|(_, v)| v.get(i).copied().unwrap_or(0))
                .sum()
        })
        .collect();
    let top = totals.iter().copied().max().unwrap_or(0).max(1) as f64;
    let step = (width - left) / labels.len().max(1) as f64;
    let scale = (height - bottom - 10.0) / top;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{}\" font-size=\"11\">",
        height + 20.0 * series.len().div_ceil(4) as f64
    );
    let _ = write!(
        svg,
        "<text x=\"0\" y=\"12\">{}</text><line x1=\"{left}\" y1=\"{}\" x2=\"{width}\" y2=\"{0}\" stroke=\"#000\"/>",
        top as u64,
        height - bottom
    );
    for (i, label) in labels.iter().enumerate() {
        let x = left + i as f64 * step;
        let mut y = height - bottom;
        for (s, (name, values)) in series.iter().enumerate() {
            let h = values.get(i).copied().unwrap_or(0) as f64 * scale;
            y -= h;
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{}\"><title>{} {}: {}</title></rect>",
                x + 2.0,
                step - 4.0,
                COLOURS[s % COLOURS.len()],
                escape(label),
                escape(name),
                values.get(i).copied().unwrap_or(0)
            );
        }
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x + step / 2.0,
            height - bottom + 14.0,
            escape(label)
        );
    }
    for (s, (name, _)) in series.iter().enumerate() {
        let (x, y) = (
            left + (s % 4) as f64 * 210.0,
            height + 20.0 * (s / 4) as f64,
        );
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"{y}\">{}</text>",
            y - 9.0,
            COLOURS[s % COLOURS.len()],
            x + 14.0,
            escape(name)
        );
    }
    svg.push_str("</svg>");
    svg
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
