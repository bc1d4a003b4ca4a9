//! One case study: its front matter drawn and written, and its Markdown body rendered (the
//! parallel pass).

use super::*;

/// The front matter of one case study as drawn, before it is written out: the casebook
/// file (`write_front`) and the Hugo page (`hugo_site::write_page`) are both written from
/// it, so both sites describe the same cases.
pub(crate) struct Front<'a> {
    pub(crate) title: String,
    /// How the front matter names the institution (id, name, Chinese name, short or alias).
    pub(crate) bank_ref: &'a str,
    /// How the front matter names the module or part.
    pub(crate) unit_ref: &'static str,
    pub(crate) domains: Vec<&'static str>,
    /// `domains: [a, b]` (true) or a block list (false).
    pub(crate) domains_flow: bool,
    pub(crate) summary: Option<String>,
    pub(crate) event: &'a str,
    /// `assessor: CAICT` is written (casebook's default assessor is CAICT too).
    pub(crate) assessor: bool,
    /// (name, English role)
    pub(crate) interviewees: Vec<(String, Option<&'static str>)>,
    pub(crate) tags: Option<Vec<&'a str>>,
    pub(crate) lang: Option<&'static str>,
}

/// Everything drawn for one case: the parts that are not the body.
pub(crate) struct Drawn<'a> {
    pub(crate) cx: Ctx<'a>,
    pub(crate) front: Front<'a>,
    /// (name, index into `ROLES`)
    pub(crate) people: Vec<(String, usize)>,
    pub(crate) chinese: bool,
    pub(crate) lang_zh: bool,
    pub(crate) with_code: bool,
}

/// Draws the text context and the front matter of case `i`, consuming `rng` in the same
/// order as the body generator expects.
pub(crate) fn draw_case<'a>(
    i: usize,
    metas: &'a [Meta],
    banks: &'a [Bank],
    units: &'a [Unit],
    ann: &'a [Vec<Announcement>],
    rng: &mut Rng,
) -> Drawn<'a> {
    let meta = &metas[i];
    let bank = &banks[meta.bank];
    let unit = &units[meta.unit];
    let part = &PARTS[unit.part];
    let level = format!("Level {}{}", meta.level, if meta.plus { "+" } else { "" });
    let level_zh = ["初始级", "基础级", "全面级", "优秀级", "卓越级"][usize::from(meta.level - 1)];
    let event = match meta.event {
        Some(e) => ann[e / 4][e % 4].event.as_str(),
        None => "",
    };
    let domains: Vec<&'static str> =
        rng.distinct_between(DOMAINS.len(), 2, 6).into_iter().map(|d| DOMAINS[d]).collect();
    let cx = Ctx {
        bank,
        unit,
        project: &meta.project,
        project_lc: lower_first(&meta.project),
        module_lc: lower_first(unit.name),
        part_lc: lower_first(part.name),
        level,
        level_zh,
        year: meta.date.y,
        event_phrase: if event.is_empty() {
            "one of CAICT's regular results announcements".to_string()
        } else {
            format!("the {event}")
        },
        n_domains: domains.len() + rng.range(3, 8),
        date_long: format!(
            "{} {} {}",
            meta.date.d,
            MONTH_NAMES[usize::from(meta.date.m - 1)],
            meta.date.y
        ),
        domains,
    };
    let people: Vec<(String, usize)> = (0..rng.range(1, 3))
        .map(|_| (format!("{} {}", rng.pick(SURNAMES), rng.pick(GIVEN)), rng.below(ROLES.len())))
        .collect();
    let chinese = rng.chance(0.15);
    let lang_zh = chinese && rng.chance(0.3);
    let with_code = rng.chance(0.20);
    let front = draw_front(&cx, meta, event, &people, lang_zh, rng);
    Drawn { cx, front, people, chinese, lang_zh, with_code }
}

pub(crate) fn draw_front<'a>(
    cx: &Ctx<'a>,
    meta: &Meta,
    event: &'a str,
    people: &[(String, usize)],
    lang_zh: bool,
    rng: &mut Rng,
) -> Front<'a> {
    let (bank, unit) = (cx.bank, cx.unit);
    let title = match rng.below(4) {
        0 => format!("{}'s {} reaches {} in {}", bank.name, cx.project_lc, cx.level, cx.module_lc),
        1 => format!("{}: {} earns {} {}", meta.project, bank.short_name(), unit.name, cx.level),
        2 => format!(
            "How {} took its {} to {} in {}",
            bank.short_name(),
            cx.project_lc,
            cx.level,
            cx.module_lc
        ),
        _ => format!(
            "{} {} passes the {} assessment at {}",
            bank.short_name(),
            cx.project_lc,
            cx.module_lc,
            cx.level
        ),
    };
    let bank_ref: &str = match rng.weighted(&[40, 30, 10, 10, 10]) {
        0 => &bank.id,
        1 => &bank.name,
        2 => &bank.name_zh,
        3 => bank.short_name(),
        _ => bank.aliases.first().map_or(bank.name.as_str(), String::as_str),
    };
    let unit_ref: &str = match rng.weighted(&[50, 30, 10, 10]) {
        0 => unit.id,
        1 => unit.name,
        2 => unit.name_zh,
        _ => unit.aliases.first().copied().unwrap_or(unit.name),
    };
    let domains_flow = rng.chance(0.8);
    let summary = rng.chance(0.9).then(|| {
        let mut s = String::new();
        let tpl = rng.pick(&[
            "The {p} of {B} was rated {L} in the {M} module of {A}. The team explains how they got there.",
            "{S} entered its {p} in CAICT's {M} assessment and reached {L}; {N} capability domains were reviewed.",
            "An interview about {D}, {X} and the road to {L} for the {p} at {S}.",
        ]);
        expand(&mut s, tpl, cx, rng);
        capitalise_at(&mut s, 0);
        s
    });
    let assessor = rng.chance(0.5);
    let interviewees = people
        .iter()
        .map(|(name, role)| (name.clone(), rng.chance(0.9).then_some(ROLES[*role].0)))
        .collect();
    let tags = rng.chance(0.85).then(|| {
        let mut tags: Vec<&str> =
            rng.distinct_between(TAGS.len(), 1, 4).into_iter().map(|t| TAGS[t]).collect();
        if let Some(r) = bank.region.as_deref().filter(|_| rng.chance(0.3)) {
            tags.push(r);
        }
        tags
    });
    let lang = if lang_zh {
        Some("zh")
    } else if rng.chance(0.3) {
        Some("en")
    } else {
        None
    };
    Front {
        title,
        bank_ref,
        unit_ref,
        domains: cx.domains.clone(),
        domains_flow,
        summary,
        event,
        assessor,
        interviewees,
        tags,
        lang,
    }
}

/// Writes the `event`, `assessor` and `interviewees` keys, the same for casebook and Hugo.
pub(crate) fn write_event_and_people(out: &mut String, f: &Front) {
    if !f.event.is_empty() {
        out.push_str("event: ");
        yq(out, f.event);
        out.push('\n');
    }
    if f.assessor {
        out.push_str("assessor: CAICT\n");
    }
    out.push_str("interviewees:\n");
    for (name, role) in &f.interviewees {
        w!(out, "  - name: {name}\n");
        if let Some(role) = role {
            out.push_str("    role: ");
            yq(out, role);
            out.push('\n');
        }
    }
}

/// Writes casebook's YAML front matter block, `---` to `---` and a blank line.
pub(crate) fn write_front(out: &mut String, f: &Front, meta: &Meta) {
    out.push_str("---\ntitle: ");
    yq(out, &f.title);
    out.push_str("\nbank: ");
    yq(out, f.bank_ref);
    out.push_str("\nproject: ");
    yq(out, &meta.project);
    out.push_str("\nmodule: ");
    yq(out, f.unit_ref);
    w!(
        out,
        "\nlevel: \"{}{}\"\ndate: {}\n",
        meta.level,
        if meta.plus { "+" } else { "" },
        meta.date
    );
    if f.domains_flow {
        out.push_str("domains: ");
        ylist(out, &f.domains);
        out.push('\n');
    } else {
        out.push_str("domains:\n");
        for d in &f.domains {
            out.push_str("  - ");
            yq(out, d);
            out.push('\n');
        }
    }
    if let Some(s) = &f.summary {
        out.push_str("summary: ");
        yq(out, s);
        out.push('\n');
    }
    write_event_and_people(out, f);
    if let Some(tags) = &f.tags {
        out.push_str("tags: ");
        ylist(out, tags);
        out.push('\n');
    }
    if meta.slug != slugify_stem(&meta.path) {
        w!(out, "slug: {}\n", meta.slug);
    }
    if meta.draft {
        out.push_str("draft: true\n");
    }
    if let Some(lang) = f.lang {
        w!(out, "lang: {lang}\n");
    }
    out.push_str("---\n\n");
}

/// Generates case `i`: writes its Markdown body into `body` and returns its front matter.
#[allow(clippy::too_many_arguments, reason = "the registry slices, the seed and one switch")]
pub(crate) fn render_case<'a>(
    body: &mut String,
    i: usize,
    metas: &'a [Meta],
    banks: &'a [Bank],
    units: &'a [Unit],
    ann: &'a [Vec<Announcement>],
    seed: u64,
    heavy: bool,
) -> Front<'a> {
    let meta = &metas[i];
    let mut rng = Rng::derive(seed, 3, i as u64);
    let Drawn { cx, front, people, chinese, lang_zh, with_code } =
        draw_case(i, metas, banks, units, ann, &mut rng);
    let (bank, unit) = (cx.bank, cx.unit);
    let part = &PARTS[unit.part];
    let event = front.event;
    let out = body;

    // ---- Body.
    let target = rng.range(640, 1060);
    let mut words = 0;
    let at = out.len();
    words += expand(out, rng.pick(LEAD), &cx, &mut rng);
    capitalise_at(out, at);
    out.push(' ');
    words += sentences(out, INTRO, rng.range(2, 4), &cx, &mut rng);
    out.push_str("\n\n");
    if chinese && lang_zh {
        words += chinese_paragraph(out, &cx, &mut rng);
    }

    out.push_str("## The result\n\n");
    if rng.chance(0.5) {
        w!(
            out,
            "- **Institution:** [{}](/institutions/{}/)\n- **Project:** {}\n- **Module:** [{}](/modules/{}/)",
            bank.name,
            bank.id,
            meta.project,
            cx.module_lc,
            unit.id
        );
        if !unit.is_part {
            w!(out, ", within [{}](/modules/{}/)", part.short_or_name(), part.id);
        }
        w!(
            out,
            "\n- **Level:** {}{} ({})\n- **Announced:** {}",
            meta.level,
            if meta.plus { "+" } else { "" },
            cx.level_zh,
            cx.date_long
        );
        if !event.is_empty() {
            w!(out, ", at the {event}");
        }
        out.push_str("\n\n");
        words += 30;
    } else {
        w!(
            out,
            "[{}](/institutions/{}/) earned {} in [{}](/modules/{}/)",
            bank.name,
            bank.id,
            cx.level,
            cx.module_lc,
            unit.id
        );
        if !unit.is_part {
            w!(out, ", a [{}](/modules/{}/) module", part.short_or_name(), part.id);
        }
        w!(out, ", for its {}. ", cx.project_lc);
        words += 20 + sentences(out, INTRO, 2, &cx, &mut rng);
        out.push_str("\n\n");
    }

    out.push_str("## The interview\n\n");
    let mut q_order = rng.distinct(QUESTIONS.len(), QUESTIONS.len().min(24));
    let mut q_no = 0;
    let mut deck = Deck::new(ANSWER.len(), &mut rng);
    let mut used_table = false;
    let mut used_code = !with_code;
    let mut used_zh = !chinese || lang_zh;
    let mut used_quote = false;
    let mut section = 0;
    let section_names = rng.distinct(SECTIONS.len() - 3, 3);
    while words + 110 < target && !q_order.is_empty() {
        q_no += 1;
        if q_no % 5 == 0 && section < 3 {
            // An occasional extra `##` section to vary the table of contents.
            let name = SECTIONS[3 + section_names[section]];
            section += 1;
            w!(out, "## {name}\n\n");
        }
        let q = q_order.pop().unwrap();
        out.push_str("### ");
        words += expand(out, QUESTIONS[q], &cx, &mut rng);
        if rng.chance(0.08) {
            w!(out, " {{#q{q_no}}}");
        }
        out.push_str("\n\n");
        let (who, role) = &people[rng.below(people.len())];
        w!(out, "**{who} ({}):** ", ROLES[*role].1);
        words += 3 + {
            let k = rng.range(2, 5);
            answer(out, &mut deck, k, &cx, &mut rng)
        };
        out.push_str("\n\n");
        let extra = rng.below(10);
        if extra < 3 {
            words += {
                let k = rng.range(2, 4);
                answer(out, &mut deck, k, &cx, &mut rng)
            };
            out.push_str("\n\n");
        } else if extra < 5 {
            out.push_str("Our approach has these strands:\n\n");
            for idx in rng.distinct_between(LIST_ITEMS.len(), 3, 5) {
                out.push_str("- ");
                words += expand(out, LIST_ITEMS[idx], &cx, &mut rng);
                out.push('\n');
            }
            out.push('\n');
        } else if extra == 5 && !used_table && rng.chance(0.4) {
            used_table = true;
            words += table(out, &cx, &mut rng);
        } else if extra == 6 && !used_quote && rng.chance(0.7) {
            used_quote = true;
            out.push_str("> ");
            out.push_str(rng.pick(QUOTES));
            out.push_str("\n\n");
            words += 12;
        } else if extra == 7 {
            out.push_str("We tracked three things:\n\n");
            for (k, idx) in rng.distinct(METRICS.len(), 3).into_iter().enumerate() {
                w!(out, "{}. {} (target: {}% better)\n", k + 1, METRICS[idx], rng.range(10, 60));
            }
            out.push('\n');
            words += 20;
        }
        if !used_code && q_no >= 2 && rng.chance(0.4) {
            used_code = true;
            out.push_str("Here is a trimmed-down excerpt of the configuration:\n\n");
            words += 8 + code_block(out, &cx, &mut rng);
        }
        if !used_zh && q_no >= 2 && rng.chance(0.4) {
            used_zh = true;
            words += chinese_paragraph(out, &cx, &mut rng);
        }
    }
    if !used_code {
        out.push_str("An excerpt of the pipeline configuration:\n\n");
        code_block(out, &cx, &mut rng);
    }
    if !used_zh {
        chinese_paragraph(out, &cx, &mut rng);
    }
    if heavy {
        heavy::extend(out, i, metas, &cx, seed);
    }

    out.push_str("## What comes next\n\n");
    sentences(out, CLOSING, rng.range(2, 3), &cx, &mut rng);
    out.push_str("\n\n");

    if rng.chance(0.4) {
        // Link an earlier published case of the same institution, if there is one nearby.
        let earlier = (i.saturating_sub(400)..i)
            .rev()
            .find(|&j| metas[j].bank == meta.bank && !metas[j].draft);
        out.push_str("## About the model\n\nThe CAICT-led DevOps capability maturity model (YD/T 3763) was China's first comprehensive DevOps standard series; in July 2020 the ITU-T adopted it as the first international DevOps standard.");
        if let Some(j) = earlier {
            w!(
                out,
                " See also [{}'s {}](/cases/{}/).",
                bank.short_name(),
                lower_first(&metas[j].project),
                metas[j].slug
            );
        }
        if rng.chance(0.25) {
            out.push_str("[^model]\n\n[^model]: ITU-T H.DevOps series; the Chinese national standard is YD/T 3763.");
        }
        out.push('\n');
    }
    front
}

impl PartDef {
    pub(crate) fn short_or_name(&self) -> &'static str {
        if self.short.is_empty() { self.name } else { self.short }
    }
}

pub(crate) fn slugify_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}
