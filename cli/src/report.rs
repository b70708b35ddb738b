//! `worklist --format html`: the portfolio as one self-contained page —
//! ARR per band and its change, a movement chart, the dimension and theme
//! rollups, the top of the worklist with its paths to green, and each top
//! account's value vector against the model customer. Charts are inline
//! SVG with a title and a description, each followed by the table of its
//! numbers; no script, font or request leaves the file.

use std::fmt::Write as _;

use valuevector::blockers::{DimensionRollup, Theme};
use valuevector::history::{date_of, Snapshot, WorkItem, Worklist};
use valuevector::{Bundle, Model};

/// What the report shows.
pub struct Report<'a> {
    pub list: &'a Worklist,
    pub bundle: &'a Bundle,
    pub histories: &'a [(String, Vec<Snapshot>)],
    pub rollup: &'a [DimensionRollup],
    pub themes: &'a [Theme],
    /// Whether blockers were given (else the rollups say so).
    pub blockers: bool,
    pub day: i64,
    /// How many accounts the worklist table and the value vectors show.
    pub top: usize,
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}\
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ccc}h3{font-size:1rem;margin-bottom:.3rem}\
table{border-collapse:collapse;margin:.6rem 0;font-size:.85rem}th,td{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}\
td.n{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:600;padding:.2rem 0}\
.figures{display:flex;gap:2rem;flex-wrap:wrap}.figure b{display:block;font-size:1.4rem}\
svg{max-width:100%;height:auto}svg text{font-size:11px;fill:#333}.vectors{display:flex;flex-wrap:wrap;gap:1.5rem}\
.band-red{color:#b03a2e}.band-yellow{color:#9a7300}.band-green{color:#1e7b4f}\
@media print{body{margin:0}h2{break-after:avoid}.vector,svg,table{break-inside:avoid}}";

/// A band's colour: by its name when it is red, yellow or green, else by
/// its place from worst to best.
fn colour(band: &str, place: usize, bands: usize) -> &'static str {
    match band {
        "red" => "#c0392b",
        "yellow" => "#e0a800",
        "green" => "#2e8b57",
        _ => ["#c0392b", "#e67e22", "#e0a800", "#8bc34a", "#2e8b57"]
            [(place * 4) / bands.saturating_sub(1).max(1)],
    }
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn money(x: f64) -> String {
    let whole = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < 0.0 && whole != "0" {
        format!("−{out}")
    } else {
        out
    }
}

/// The page.
pub fn html(r: &Report<'_>) -> String {
    let model = r.bundle.otherwise();
    let eq = &r.list.equation;
    let mut page = String::new();
    let total_arr = r
        .list
        .accounts
        .iter()
        .fold(0.0, |s, a| s + a.arr.unwrap_or(0.0));
    let at_stake = r
        .list
        .accounts
        .iter()
        .fold(0.0, |s, a| s + a.arr_at_stake.unwrap_or(0.0));
    let _ = write!(
        page,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Portfolio report, {date}</title><style>{STYLE}</style></head><body><main>\
         <h1>Portfolio report, {date}</h1>\
         <p>{n} accounts scored with {who}; {eq} is the outcome at stake.</p>\
         <div class=\"figures\"><p class=\"figure\"><b>{arr}</b>ARR</p>\
         <p class=\"figure\"><b>{stake}</b>ARR at stake ({eq})</p>\
         <p class=\"figure\"><b>{improved}</b>improved since their previous snapshot</p>\
         <p class=\"figure\"><b>{declined}</b>declined</p></div>",
        date = date_of(r.day),
        n = r.list.accounts.len(),
        who = esc(&match r.bundle.is_single() {
            true => format!("model '{}'", model.name()),
            false => format!("a bundle of models by {}", r.bundle.by().as_str()),
        }),
        eq = esc(eq),
        arr = money(total_arr),
        stake = money(at_stake),
        improved = r.list.summary.iter().map(|s| s.improved).sum::<usize>(),
        declined = r.list.summary.iter().map(|s| s.declined).sum::<usize>(),
    );
    bands_section(&mut page, r, model);
    movement_section(&mut page, r, model);
    rollup_section(&mut page, r);
    worklist_section(&mut page, r);
    vectors_section(&mut page, r);
    page.push_str("</main></body></html>\n");
    page
}

/// The latest snapshot of an item (the one it was scored on).
fn latest<'h>(r: &Report<'h>, item: &WorkItem) -> Option<&'h Snapshot> {
    r.histories
        .iter()
        .find(|(id, _)| *id == item.id)
        .and_then(|(_, s)| s.iter().find(|s| s.day == item.as_of))
}

fn outcome<'w>(item: &'w WorkItem, eq: &str) -> Option<&'w valuevector::history::OutcomeTrend> {
    item.outcomes.iter().find(|o| &*o.equation == eq)
}

/// ARR per band now and at each account's previous snapshot.
fn bands_section(page: &mut String, r: &Report<'_>, model: &Model) {
    let eq = &r.list.equation;
    let bands: Vec<&str> = model.bands().collect();
    let mut now = vec![(0usize, 0.0f64); bands.len()];
    let mut before = vec![(0usize, 0.0f64); bands.len()];
    let (mut unscored, mut new) = (0.0, 0.0);
    for item in &r.list.accounts {
        let arr = item.arr.unwrap_or(0.0);
        let Some(o) = outcome(item, eq) else { continue };
        match o
            .band
            .as_deref()
            .and_then(|b| bands.iter().position(|x| *x == b))
        {
            Some(b) => {
                now[b].0 += 1;
                now[b].1 += arr;
            }
            None => unscored += arr,
        }
        // The previous band by the model that scores the account now.
        let picked = latest(r, item).map_or(model, |s| r.bundle.pick(&s.account));
        let was = o.previous.and_then(|p| picked.band_of(p));
        match was.and_then(|b| bands.iter().position(|x| *x == b)) {
            Some(b) => {
                before[b].0 += 1;
                before[b].1 += arr;
            }
            None => new += arr,
        }
    }
    let _ = write!(page, "<section><h2 id=\"bands\">ARR per band</h2>");
    let top = now
        .iter()
        .chain(&before)
        .fold(1.0f64, |m, (_, a)| m.max(*a));
    let (w, row, left) = (640.0, 46.0, 70.0);
    let h = row * bands.len() as f64 + 30.0;
    let _ = write!(
        page,
        "<svg role=\"img\" aria-labelledby=\"bands-t bands-d\" viewBox=\"0 0 {w} {h}\" width=\"{w}\">\
         <title id=\"bands-t\">ARR per {eq} band, now and at the previous snapshot</title>\
         <desc id=\"bands-d\">Two bars per band: the pale one the ARR of the accounts that were in it at their previous snapshot, the full one now. The numbers are in the table below.</desc>",
        eq = esc(eq)
    );
    for (b, name) in bands.iter().enumerate() {
        let y = 10.0 + row * b as f64;
        let c = colour(name, b, bands.len());
        let scale = |a: f64| (w - left - 110.0) * a / top;
        let _ = write!(
            page,
            "<text x=\"0\" y=\"{ty}\">{name}</text>\
             <rect x=\"{left}\" y=\"{y}\" width=\"{pw:.1}\" height=\"16\" fill=\"{c}\" opacity=\"0.35\"><title>{name} before: {pa}</title></rect>\
             <rect x=\"{left}\" y=\"{y2}\" width=\"{nw:.1}\" height=\"16\" fill=\"{c}\"><title>{name} now: {na}</title></rect>\
             <text x=\"{lx:.1}\" y=\"{ty2}\">{na}</text>",
            ty = y + 20.0,
            name = esc(name),
            pw = scale(before[b].1),
            pa = money(before[b].1),
            y2 = y + 18.0,
            nw = scale(now[b].1),
            na = money(now[b].1),
            lx = left + scale(now[b].1) + 6.0,
            ty2 = y + 31.0,
        );
    }
    page.push_str("</svg>");
    let _ = write!(
        page,
        "<table><caption>ARR per {eq} band</caption><thead><tr><th>band</th><th>accounts now</th><th>ARR now</th><th>accounts before</th><th>ARR before</th><th>change</th></tr></thead><tbody>",
        eq = esc(eq)
    );
    for (b, name) in bands.iter().enumerate() {
        let _ = write!(
            page,
            "<tr><td class=\"band-{cls}\">{name}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}{}</td></tr>",
            now[b].0,
            money(now[b].1),
            before[b].0,
            money(before[b].1),
            if now[b].1 >= before[b].1 { "+" } else { "" },
            money(now[b].1 - before[b].1),
            cls = esc(name),
            name = esc(name),
        );
    }
    page.push_str("</tbody></table>");
    if unscored > 0.0 || new > 0.0 {
        let _ = write!(
            page,
            "<p>ARR without a {eq} score now: {}; without a previous snapshot (or score): {}.</p>",
            money(unscored),
            money(new),
            eq = esc(eq)
        );
    }
    page.push_str("</section>");
}

/// Score against velocity, each account a circle sized by its ARR.
fn movement_section(page: &mut String, r: &Report<'_>, model: &Model) {
    let eq = &r.list.equation;
    let bands: Vec<&str> = model.bands().collect();
    let points: Vec<(&WorkItem, f64, f64, usize)> = r
        .list
        .accounts
        .iter()
        .filter_map(|item| {
            let o = outcome(item, eq)?;
            let band = bands.iter().position(|b| Some(*b) == o.band.as_deref())?;
            Some((item, o.score?, 30.0 * o.velocity.unwrap_or(0.0), band))
        })
        .collect();
    let reach = points
        .iter()
        .fold(0.01f64, |m, p| m.max(p.2.abs()))
        .min(1.0);
    let most = points
        .iter()
        .fold(1.0f64, |m, p| m.max(p.0.arr.unwrap_or(0.0)));
    let (w, h, pad) = (640.0, 380.0, 50.0);
    let x = |s: f64| pad + (w - 2.0 * pad) * s;
    let y = |v: f64| h / 2.0 - (h / 2.0 - pad) * v / reach;
    let _ = write!(
        page,
        "<section><h2 id=\"movement\">Movement</h2>\
         <svg role=\"img\" aria-labelledby=\"mv-t mv-d\" viewBox=\"0 0 {w} {h}\" width=\"{w}\">\
         <title id=\"mv-t\">{eq} score against its trend per 30 days</title>\
         <desc id=\"mv-d\">Each account is a circle at its {eq} score (across) and the change of that score per 30 days (up is better), its area in proportion to its ARR and its colour its band. Accounts low and falling need a call first. The table below holds the same numbers.</desc>\
         <line x1=\"{pad}\" y1=\"{mid}\" x2=\"{right}\" y2=\"{mid}\" stroke=\"#999\"/>\
         <line x1=\"{pad}\" y1=\"{pad}\" x2=\"{pad}\" y2=\"{bottom}\" stroke=\"#999\"/>\
         <text x=\"{pad}\" y=\"{label}\">0</text><text x=\"{right}\" y=\"{label}\" text-anchor=\"end\">1 ({eq})</text>\
         <text x=\"4\" y=\"{top}\">+{reach:.3}/30d</text><text x=\"4\" y=\"{bottom}\">−{reach:.3}/30d</text>",
        eq = esc(eq),
        mid = h / 2.0,
        right = w - pad,
        bottom = h - pad,
        label = h - pad + 18.0,
        top = pad,
    );
    for band in model.spec().bands.iter().skip(1) {
        let _ = write!(
            page,
            "<line x1=\"{bx:.1}\" y1=\"{pad}\" x2=\"{bx:.1}\" y2=\"{bottom}\" stroke=\"#ccc\" stroke-dasharray=\"4 3\"/><text x=\"{bx:.1}\" y=\"{ly}\">{name} from {min}</text>",
            bx = x(band.min),
            bottom = h - pad,
            ly = pad - 6.0,
            name = esc(&band.name),
            min = band.min,
        );
    }
    // The largest first, so that small circles stay visible on top.
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| {
        let arr = |i: usize| points[i].0.arr.unwrap_or(0.0);
        arr(b).total_cmp(&arr(a))
    });
    for i in order {
        let (item, score, trend, band) = points[i];
        let radius = 3.0 + 14.0 * (item.arr.unwrap_or(0.0) / most).sqrt();
        let _ = write!(
            page,
            "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{radius:.1}\" fill=\"{c}\" fill-opacity=\"0.55\" stroke=\"{c}\"><title>{id}: {eq} {score:.2}, {trend:+.3} per 30 days, ARR {arr}</title></circle>",
            cx = x(score),
            cy = y(trend.clamp(-reach, reach)),
            c = colour(bands[band], band, bands.len()),
            id = esc(&item.id),
            eq = esc(eq),
            arr = money(item.arr.unwrap_or(0.0)),
        );
    }
    page.push_str("</svg><table><caption>The numbers behind the chart: score and trend per account</caption><thead><tr><th>account</th><th>score</th><th>band</th><th>trend per 30 days</th><th>ARR</th></tr></thead><tbody>");
    for (item, score, trend, band) in &points {
        let _ = write!(
            page,
            "<tr><td>{}</td><td class=\"n\">{score:.3}</td><td class=\"band-{b}\">{b}</td><td class=\"n\">{trend:+.3}</td><td class=\"n\">{}</td></tr>",
            esc(&item.id),
            money(item.arr.unwrap_or(0.0)),
            b = esc(bands[*band]),
        );
    }
    page.push_str("</tbody></table></section>");
}

/// Blockers per dimension, and the recurring themes.
fn rollup_section(page: &mut String, r: &Report<'_>) {
    page.push_str("<section><h2 id=\"blockers\">Blockers by dimension and recurring themes</h2>");
    if !r.blockers {
        page.push_str("<p>No blockers were given (<code>--blockers FILE</code>).</p></section>");
        return;
    }
    let most = r.rollup.iter().fold(1.0f64, |m, d| m.max(d.arr));
    let (w, row) = (640.0, 24.0);
    let h = row * r.rollup.len() as f64 + 10.0;
    let _ = write!(
        page,
        "<svg role=\"img\" aria-labelledby=\"dim-t dim-d\" viewBox=\"0 0 {w} {h}\" width=\"{w}\">\
         <title id=\"dim-t\">ARR of the accounts with open blockers, per dimension</title>\
         <desc id=\"dim-d\">One bar per dimension. The table below holds the numbers and the severities.</desc>"
    );
    for (i, d) in r.rollup.iter().enumerate() {
        let y = 5.0 + row * i as f64;
        let bw = 380.0 * d.arr / most;
        let _ = write!(
            page,
            "<text x=\"0\" y=\"{ty}\">{name}</text><rect x=\"110\" y=\"{y}\" width=\"{bw:.1}\" height=\"16\" fill=\"#5b7db1\"><title>{name}: {arr}</title></rect><text x=\"{lx:.1}\" y=\"{ty}\">{arr} ({open} open)</text>",
            ty = y + 13.0,
            name = esc(&d.dimension),
            arr = money(d.arr),
            lx = 116.0 + bw,
            open = d.open,
        );
    }
    page.push_str("</svg><table><caption>Blockers per dimension</caption><thead><tr><th>dimension</th><th>open</th><th>resolved</th><th>accounts</th><th>ARR</th><th>critical</th><th>high</th><th>medium</th><th>low</th></tr></thead><tbody>");
    for d in r.rollup {
        let s = &d.severity;
        let _ = write!(
            page,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&d.dimension),
            d.open,
            d.resolved,
            d.accounts,
            money(d.arr),
            s.critical,
            s.high,
            s.medium,
            s.low
        );
    }
    page.push_str("</tbody></table>");
    if r.themes.is_empty() {
        page.push_str("<p>No recurring theme spans two accounts or more.</p></section>");
        return;
    }
    page.push_str("<table><caption>Recurring themes: what several accounts report in other words</caption><thead><tr><th>theme</th><th>dimension</th><th>accounts</th><th>ARR</th><th>oldest open (days)</th><th>other wordings</th></tr></thead><tbody>");
    for t in r.themes {
        let others: Vec<String> = t
            .wordings
            .iter()
            .filter(|w| **w != t.text)
            .take(2)
            .map(|w| esc(w))
            .collect();
        let _ = write!(
            page,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&t.text),
            esc(&t.dimension),
            t.accounts.len(),
            money(t.arr),
            t.oldest_days.map(|d| d.to_string()).unwrap_or_default(),
            others.join("; ")
        );
    }
    page.push_str("</tbody></table></section>");
}

/// The worklist's top accounts with their first move to green.
fn worklist_section(page: &mut String, r: &Report<'_>) {
    let eq = &r.list.equation;
    let shown = r.top.min(r.list.accounts.len());
    let _ = write!(
        page,
        "<section><h2 id=\"worklist\">Whom to call first</h2><table><caption>The {shown} accounts with the most ARR at stake, and the first move of their path to green</caption>\
         <thead><tr><th>#</th><th>account</th><th>segment</th><th>ARR</th><th>at stake</th><th>{eq}</th><th>trend per 30 days</th><th>latest event</th><th>first move to green</th><th>plan step</th></tr></thead><tbody>",
        eq = esc(eq)
    );
    for (rank, item) in r.list.accounts.iter().take(shown).enumerate() {
        let o = outcome(item, eq);
        let score = o
            .and_then(|o| {
                Some(format!(
                    "{:.2} <span class=\"band-{b}\">{b}</span>",
                    o.score?,
                    b = esc(o.band.as_deref()?)
                ))
            })
            .unwrap_or_else(|| "missing".into());
        let trend = o
            .and_then(|o| o.velocity)
            .map(|v| format!("{:+.3}", 30.0 * v).replace("-0.000", "+0.000"))
            .unwrap_or_default();
        let mut event = item
            .events
            .last()
            .map(|e| format!("{} ({})", e.kind.replace('_', " "), date_of(e.to)))
            .unwrap_or_default();
        if let Some(t) = &item.too_fast {
            event = format!("too fast: {} +{:.2}, {}", t.driver, t.rise, t.advice);
        }
        let (first, step) = item
            .first_move
            .as_ref()
            .map_or((String::new(), String::new()), |m| {
                (
                    format!(
                        "{}: {} {:.2} → {:.2} ({})",
                        m.equation, m.driver, m.from, m.to, m.dimension
                    ),
                    m.step.to_string(),
                )
            });
        let _ = write!(
            page,
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{score}</td><td class=\"n\">{trend}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            rank + 1,
            esc(&item.id),
            esc(item.segment.as_deref().unwrap_or("")),
            money(item.arr.unwrap_or(0.0)),
            money(item.arr_at_stake.unwrap_or(0.0)),
            esc(&event),
            esc(&first),
            esc(&step),
        );
    }
    page.push_str("</tbody></table></section>");
}

/// Each top account's drivers against the model customer (its targets).
fn vectors_section(page: &mut String, r: &Report<'_>) {
    let shown = r.top.min(r.list.accounts.len());
    let _ = write!(
        page,
        "<section><h2 id=\"vectors\">Value vectors of the top {shown} against the model customer</h2>\
         <p>Each bar is a driver against its target (the model customer, the line at 1); a missing driver has no bar.</p><div class=\"vectors\">"
    );
    for (n, item) in r.list.accounts.iter().take(shown).enumerate() {
        let Some(snapshot) = latest(r, item) else {
            continue;
        };
        let Ok(card) = r.bundle.pick(&snapshot.account).score(&snapshot.account) else {
            continue;
        };
        let drivers = &card.vector.drivers;
        let (w, row, left) = (300.0, 16.0, 110.0);
        let h = row * drivers.len() as f64 + 14.0;
        let span = w - left - 40.0;
        let _ = write!(
            page,
            "<div class=\"vector\"><h3 id=\"v{n}\">{id}</h3><svg role=\"img\" aria-labelledby=\"v{n} v{n}-d\" viewBox=\"0 0 {w} {h}\" width=\"{w}\">\
             <desc id=\"v{n}-d\">The drivers of {id} against their targets; the table below holds the values.</desc>\
             <line x1=\"{tx}\" y1=\"0\" x2=\"{tx}\" y2=\"{h}\" stroke=\"#333\" stroke-dasharray=\"3 2\"/>",
            id = esc(&item.id),
            tx = left + span,
        );
        for (i, d) in drivers.iter().enumerate() {
            let y = 2.0 + row * i as f64;
            let shape = d.value.map(|v| (v / d.target).clamp(0.0, 1.2));
            let _ = write!(
                page,
                "<text x=\"0\" y=\"{ty}\">{name}</text>",
                ty = y + 11.0,
                name = esc(&d.name)
            );
            if let Some(s) = shape {
                let c = if s >= 0.7 {
                    "#2e8b57"
                } else if s >= 0.4 {
                    "#e0a800"
                } else {
                    "#c0392b"
                };
                let _ = write!(
                    page,
                    "<rect x=\"{left}\" y=\"{y}\" width=\"{bw:.1}\" height=\"12\" fill=\"{c}\"><title>{name}: {v:.2} of {t}</title></rect>",
                    bw = span * s,
                    name = esc(&d.name),
                    v = d.value.unwrap_or(0.0),
                    t = d.target,
                );
            }
        }
        page.push_str("</svg><table><caption>Values</caption><thead><tr><th>driver</th><th>value</th><th>target</th></tr></thead><tbody>");
        for d in drivers {
            let _ = write!(
                page,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(&d.name),
                d.value
                    .map(|v| format!("{v:.3}"))
                    .unwrap_or_else(|| "missing".into()),
                d.target
            );
        }
        page.push_str("</tbody></table></div>");
    }
    page.push_str("</div></section>");
}
