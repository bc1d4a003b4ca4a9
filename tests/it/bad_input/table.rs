//! The table of bad (and tricky but valid) inputs: every [`Case`] with the files it adds and
//! the diagnostics it expects, and the generators of its large or invalid files. The
//! harness that runs the table is in the parent module.

use std::fs;
use std::path::Path;

use super::*;

/// The "billion laughs": nine aliases of nine aliases … of a list, 9^9 strings if expanded.
fn laughs() -> String {
    let mut lines = vec!["lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]".to_string()];
    for i in 1..9 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        lines.push(format!("lol{i}: &a{i} [{refs}]"));
    }
    lines.join("\n")
}

/// A `banks.yaml` holding the minimal fixture's first institution (lines 1-4), then `text`.
fn the_banks(text: &str) -> String {
    format!(
        "- id: alpha-bank\n  name: Alpha Bank\n  name_zh: 阿尔法银行\n  type: state-owned\n{text}"
    )
}

/// Every case. Positions are 1-based; columns count characters.
pub(super) fn cases() -> Vec<Case> {
    let ok = |slug: &str| format!("cases/{slug}/index.html");
    let crlf = |s: &str| s.replace('\n', "\r\n");
    vec![
        // --- Delimiters and encodings -----------------------------------------------
        case("empty_file").file(C, "").expect([error(
            "empty-file",
            C,
            1,
            1,
            "the file is empty",
        )
        .hint(START_HINT)]),
        case("blank_file").file(C, "\n  \n\n").expect([error(
            "empty-file",
            C,
            1,
            1,
            "the file is empty",
        )]),
        case("no_opening_delimiter").file(C, GOOD.trim_start_matches("---\n")).expect([error(
            "missing-front-matter",
            C,
            1,
            1,
            "the file does not start with `---`",
        )
        .hint(START_HINT)]),
        case("no_closing_delimiter").file(C, with("---\n\n## Details", "\n## Details")).expect(
            [error("unclosed-front-matter", C, 1, 1, "the front matter is never closed")
                .hint("add a line `---` after the last front-matter key")],
        ),
        case("empty_front_matter").file(C, "---\n---\n\nBody.\n").expect([error(
            "empty-front-matter",
            C,
            2,
            1,
            "the front matter is empty",
        )]),
        case("utf8_bom").file(C, format!("\u{feff}{GOOD}")).builds(&[&ok("c")]),
        case("crlf_line_endings").file(C, crlf(GOOD)).builds(&[&ok("c")]),
        case("bom_and_crlf").file(C, format!("\u{feff}{}", crlf(GOOD))).builds(&[&ok("c")]),
        // Positions stay right with both: the BOM is not a column, `\r` not a character.
        case("bom_and_crlf_positions")
            .file(C, format!("\u{feff}{}", crlf(&with("bank: Alpha Bank", "bank: Alpha Bnak"))))
            .expect([error("unknown-institution", C, 3, 7, "unknown institution `Alpha Bnak`")
                .hint("did you mean `Alpha Bank`?")]),
        case("invalid_utf8")
            .file(C, bad_byte(&with("project: Core system", "project: Core \u{1} system")))
            .expect([error("invalid-utf8", C, 4, 15, "the file is not valid UTF-8")
                .hint("save the file as UTF-8")]),
        case("invalid_utf8_after_multibyte_text")
            .file(C, bad_byte(&with("project: Core system", "project: 核心系统 \u{1}")))
            .expect([error("invalid-utf8", C, 4, 15, "the file is not valid UTF-8")]),
        case("crlf_registry_and_config")
            .file("site.yaml", "title: CRLF site\r\nbase_url: /\r\n")
            .file(BANKS, crlf(&the_banks("")))
            .builds(&[&ok("good"), "institutions/alpha-bank/index.html"]),
        case("bom_in_site_yaml")
            .file("site.yaml", "\u{feff}title: BOM site\nbase_url: /\n")
            .builds(&[&ok("good")]),
        case("bom_in_registry")
            .file(BANKS, format!("\u{feff}{}", the_banks("")))
            .file(MODULES, format!("\u{feff}{MODULES_TEXT}"))
            .builds(&[&ok("good")]),
        case("invalid_utf8_in_registry")
            .file(BANKS, bad_byte(&the_banks("").replace("name: Alpha Bank", "name: Alpha \u{1} Bank")))
            .expect([error("invalid-utf8", BANKS, 2, 15, "the file is not valid UTF-8")]),
        // Every case names a module of the unreadable file: none is reported as unknown.
        case("invalid_utf8_in_modules")
            .file(MODULES, bad_byte(&MODULES_TEXT.replacen("name: ", "name: \u{1}", 1)))
            .expect([error("invalid-utf8", MODULES, 2, 9, "the file is not valid UTF-8")]),
        // The configuration is needed for everything else: nothing more is checked.
        case("invalid_utf8_in_site_yaml")
            .file("site.yaml", bad_byte("title: Caf\u{1}\nbase_url: /\n"))
            .expect([error("invalid-utf8", "site.yaml", 1, 11, "the file is not valid UTF-8")
                .hint("save the file as UTF-8")]),
        // --- YAML ------------------------------------------------------------------------
        case("tab_indented_key").file(C, with("bank: Alpha Bank", "\tbank: Alpha Bank")).expect([
            error("yaml-syntax", C, 3, 1, "found a tab character that violates indentation")
                .hint("YAML indents with spaces; replace the tab characters"),
        ]),
        // A tab before a list item gets the parser's generic message.
        case("tab_indented_list_item").file(C, plus("interviewees:\n\t- name: Li Lei")).expect([
            error("yaml-syntax", C, 10, 1, "found character that cannot start any token"),
        ]),
        case("billion_laughs").file(C, plus(&laughs())).expect([error(
            "yaml-too-complex",
            C,
            2,
            1,
            "repetition limit exceeded",
        )
        .hint(YAML_HINT)]),
        // 100 000 `[` on one line: refused at the 65th before the YAML parser sees them.
        // The check takes no longer than one of the minimal site (0.6 s, debug build).
        case("deep_flow_nesting")
            .file(C, with("title: A good result", &format!("title: {}", "[".repeat(100_000))))
            .expect([error(
                "yaml-too-complex",
                C,
                2,
                72,
                "YAML nested more than 64 levels deep",
            )
            .hint("simplify the YAML: front matter and registry entries need only a few levels")]),
        // The same 100 000 `[`, one per line: nesting carries across lines. (The YAML
        // parser would need time quadratic in the nesting to give up: about 50 s in a debug
        // build, 2 s for 20 000 lines.)
        case("deep_flow_nesting_across_lines")
            .file(C, with("title: A good result", &format!("title: {}", "[\n".repeat(100_000))))
            .expect([error(
                "yaml-too-complex",
                C,
                66,
                1,
                "YAML nested more than 64 levels deep",
            )]),
        // An apostrophe is not an opening quote: it cannot hide the nesting that follows.
        case("deep_flow_nesting_after_an_apostrophe")
            .file(C, with("title: A good result", &format!("title: Alpha's result\nextra: {}", "[\n".repeat(100_000))))
            .expect([error(
                "yaml-too-complex",
                C,
                67,
                1,
                "YAML nested more than 64 levels deep",
            )]),
        case("deep_block_nesting")
            .file(C, plus(&format!("extra:\n{}", (1..3000).map(|i| format!("{}a:", " ".repeat(i))).collect::<Vec<_>>().join("\n"))))
            .expect([error("yaml-too-complex", C, 137, 129, "recursion limit exceeded").hint(YAML_HINT)]),
        case("front_matter_not_a_mapping").file(C, "---\n- a\n- b\n---\n\nBody.\n").expect([
            error(
                "invalid-front-matter",
                C,
                2,
                1,
                "the front matter is not a set of `key: value` lines",
            ),
        ]),
        case("non_string_keys")
            .file(C, plus("1: one\n[a, b]: list\ntrue: yes"))
            .expect([
                error("invalid-key", C, 9, 1, "front-matter key `1` is not a string"),
                error("invalid-key", C, 10, 1, "front-matter key `a list` is not a string"),
                error("invalid-key", C, 11, 1, "front-matter key `true` is not a string"),
            ]),
        // --- Front-matter values ---------------------------------------------------------
        case("unknown_key").file(C, plus("sumary: One sentence.")).expect([error(
            "unknown-field",
            C,
            9,
            1,
            "unknown field `sumary`",
        )
        .hint("did you mean `summary`?")]),
        case("unknown_institution").file(C, with("bank: Alpha Bank", "bank: Alpha Bnak")).expect(
            [error("unknown-institution", C, 3, 7, "unknown institution `Alpha Bnak`")
                .hint("did you mean `Alpha Bank`?")],
        ),
        case("unknown_institution_far_from_any_name")
            .file(C, with("bank: Alpha Bank", "bank: Zeta Credit Union"))
            .expect([error("unknown-institution", C, 3, 7, "unknown institution `Zeta Credit Union`")
                .hint("add the institution to `content/_data/banks.yaml` or use the id, name or alias of one that is there")]),
        case("unknown_module")
            .file(C, with("module: security-operation", "module: Security operaton"))
            .expect([error("unknown-module", C, 5, 9, "unknown module `Security operaton`")
                .hint("did you mean `Security operation`?")]),
        case("impossible_month").file(C, with("date: 2022-01-10", "date: 2022-13-45")).expect([
            error("invalid-date", C, 7, 7, "`2022-13-45` has month 13; months run from 01 to 12")
                .hint(DATE_HINT),
        ]),
        case("impossible_day").file(C, with("date: 2022-01-10", "date: 2023-02-29")).expect([
            error(
                "invalid-date",
                C,
                7,
                7,
                "`2023-02-29` is not a real day: February 2023 has 28 days",
            ),
        ]),
        case("date_in_words").file(C, with("date: 2022-01-10", "date: yesterday")).expect([
            error("invalid-date", C, 7, 7, "`yesterday` is not a date in the form YYYY-MM-DD"),
        ]),
        // A warning only: check exits 0 (1 with --deny-warnings) and the build succeeds.
        case("future_date")
            .file(C, with("date: 2022-01-10", "date: 2999-04-04"))
            .expect([warning("future-date", C, 7, 7, "date 2999-04-04 is in the future")
                .hint("`date` is the day the result was announced; check the year")])
            .builds(&[&ok("c"), "years/2999/index.html"]),
        case("level_6").file(C, with("level: 2", "level: \"6\"")).expect([error(
            "invalid-level",
            C,
            6,
            8,
            "`6` is not a maturity level",
        )
        .hint(LEVEL_HINT)]),
        case("level_5_plus").file(C, with("level: 2", "level: \"5+\"")).expect([error(
            "invalid-level",
            C,
            6,
            8,
            "`5+` is not a maturity level",
        )
        .hint(LEVEL_HINT)]),
        case("level_2_plus").file(C, with("level: 2", "level: \"2+\"")).builds(&[
            &ok("c"),
            "levels/2-plus/index.html",
        ]),
        case("missing_required_fields").file(C, "---\ntitle: Only a title\n---\n\nBody.\n").expect(
            ["bank", "date", "domains", "level", "module", "project"].map(|key| {
                error("missing-field", C, 2, 1, &format!("missing required field `{key}`"))
                    .hint(&format!("add `{key}: …` to the front matter"))
            }),
        ),
        case("domains_not_a_list")
            .file(C, with("domains: [Security monitoring]", "domains: Security monitoring"))
            .expect([error("invalid-type", C, 8, 10, "`domains` must be a list, found text")
                .hint("write `domains: [First, Second]` or one `- item` per line")]),
        case("domains_a_mapping")
            .file(C, with("domains: [Security monitoring]", "domains: {a: b}"))
            .expect([error(
                "invalid-type",
                C,
                8,
                10,
                "`domains` must be a list, found a nested mapping",
            )]),
        // --- Slugs and URLs --------------------------------------------------------------
        case("slug_with_dot_dot").file(C, plus("slug: ../escape")).expect([error(
            "invalid-slug",
            C,
            9,
            7,
            "slug `../escape` contains `..`",
        )
        .hint(SLUG_HINT)]),
        case("slug_with_slash").file(C, plus("slug: a/b")).expect([error(
            "invalid-slug",
            C,
            9,
            7,
            "slug `a/b` contains `/`",
        )]),
        case("slug_with_backslash").file(C, plus("slug: 'a\\b'")).expect([error(
            "invalid-slug",
            C,
            9,
            7,
            "slug `a\\\\b` contains `\\`",
        )]),
        case("slug_with_control_character").file(C, plus("slug: \"a\\u0007b\"")).expect([error(
            "invalid-slug",
            C,
            9,
            7,
            "slug `a\\u{7}b` contains control characters",
        )]),
        case("slug_with_space").file(C, plus("slug: a b")).expect([error(
            "invalid-slug",
            C,
            9,
            7,
            "slug `a b` contains ` `",
        )]),
        // `other.md` sorts after `good.md`, so the clash is reported at its `slug:` key.
        case("explicit_slug_equal_to_another_file_name").file(OTHER, plus("slug: good")).expect([
            error(
                "duplicate-slug",
                OTHER,
                9,
                1,
                "slug `good` is already used by `content/cases/good.md`: both would be written to /cases/good/",
            )
            .hint("give one of them a different `slug:` in its front matter, or rename the file"),
        ]),
        case("explicit_slug_differing_in_case").file(OTHER, plus("slug: GOOD")).expect([error(
            "duplicate-slug",
            OTHER,
            9,
            1,
            "slug `GOOD` is already used by `content/cases/good.md`: both would be written to /cases/GOOD/",
        )]),
        // `c.md` sorts before `good.md`, but its `slug:` causes the clash: the error is there,
        // not on line 1 of `good.md`, which has no `slug:`.
        case("explicit_slug_in_a_file_sorting_first").file(C, plus("slug: good")).expect([
            error(
                "duplicate-slug",
                C,
                9,
                1,
                "slug `good` is already used by `content/cases/good.md`: both would be written to /cases/good/",
            ),
        ]),
        case("file_names_with_spaces_and_chinese")
            .file("content/cases/my case study.md", GOOD)
            .file("content/cases/郑州银行 安全运营.md", GOOD)
            .builds(&[&ok("good"), &ok("my-case-study"), &ok("郑州银行-安全运营")]),
        // --- File sizes --------------------------------------------------------------------
        case("markdown_of_20_mb").setup(write_big_case).builds(&[&ok("big")]),
        case("file_over_the_size_limit")
            .file("site.yaml", "title: Small files only\nbase_url: /\nmax_file_size_mb: 1\n")
            .setup(|root| {
                let mut text = GOOD.to_string().into_bytes();
                text.resize(2 << 20, b'x');
                fs::write(root.join("content/cases/big.md"), text).unwrap();
            })
            .expect([file_error(
                "file-too-large",
                "content/cases/big.md",
                "the file is 2097152 bytes; the limit is 1048576 bytes",
            )
            .hint("split the case study, or raise `max_file_size_mb` in site.yaml")]),
        // --- Registry ----------------------------------------------------------------------
        case("registry_duplicate_bank_id")
            .file(BANKS, the_banks("- id: beta-bank\n  name: Beta Bank\n  type: joint-stock\n- id: alpha-bank\n  name: Second Alpha\n  type: joint-stock\n"))
            .expect([error("duplicate-name", BANKS, 8, 1, "id `alpha-bank` of `alpha-bank` is already used by `alpha-bank`").hint(DUP_HINT)]),
        case("registry_duplicate_module_id")
            .file(MODULES, "- id: devsecops\n  name: Security and risk management\n  modules:\n    - id: security-operation\n      name: Security operation\n    - id: security-operation\n      name: Security operation again\n")
            .expect([error("duplicate-name", MODULES, 6, 1, "id `security-operation` of `security-operation` is already used by `security-operation`")]),
        case("registry_alias_shared_by_two_institutions")
            .file(BANKS, the_banks("  aliases: [AB]\n- id: omega-bank\n  name: Omega Rural Bank\n  aliases: [ab]\n  type: rural-commercial\n"))
            .expect([error("duplicate-name", BANKS, 6, 1, "name or alias `ab` of `omega-bank` is already used by `alpha-bank`").hint(DUP_HINT)]),
        case("registry_unknown_institution_type")
            .file(BANKS, the_banks("- id: omega-bank\n  name: Omega Rural Bank\n  region: Somewhere\n  type: credit-union\n"))
            .expect([error("unknown-institution-type", BANKS, 8, 1, "`omega-bank` has unknown institution type `credit-union`").hint(TYPES)]),
        // Like an unknown front-matter key: every one, with the nearest known keys.
        case("unknown_key_in_site_yaml")
            .file("site.yaml", "title: Minimal site\nbase_url: /\ntitel: Typo\ncolour: red\n")
            .expect([
                error("unknown-field", "site.yaml", 3, 1, "unknown field `titel`")
                    .hint("did you mean `title`?"),
                error("unknown-field", "site.yaml", 4, 1, "unknown field `colour`")
                    .hint(SITE_KEYS_HINT),
            ]),
        // A base URL a browser would resolve to another host, or that publishes credentials.
        case("base_url_with_a_backslash")
            .file("site.yaml", "title: Minimal site\nbase_url: /\\evil.example/\n")
            .expect([error("invalid-base-url", "site.yaml", 2, 11, "base URL `/\\evil.example/` contains a backslash, which browsers read as `/` (`/\\host/` is another site)")
                .hint("write the path with `/` only, e.g. `/cases/`")]),
        case("base_url_with_credentials")
            .file("site.yaml", "title: Minimal site\nbase_url: https://user:pw@example.org/\n")
            .expect([error("invalid-base-url", "site.yaml", 2, 11, "base URL `https://user:pw@example.org/` contains credentials (`user:password@`), which every page would publish")]),
        case("link_with_a_file_scheme")
            .file(C, body("[the report](file:///etc/passwd)"))
            .expect([warning("unsafe-link", C, 11, 1, "link `file:///etc/passwd` uses the scheme `file:`, which pages do not link to; it was removed (its text is kept)")
                .hint("link to a page or to an https://, mailto: or tel: address instead")])
            .builds(&[&ok("c")]),
        // One bad entry is left out; the others still resolve, and the cases naming the bad
        // one get no error of their own.
        case("registry_bad_entry_keeps_the_others")
            .file(BANKS, the_banks("- id: beta-bank\n  name: Beta Bank\n  colour: blue\n  type: joint-stock\n"))
            .file(OTHER, with("bank: Alpha Bank", "bank: Beta Bank"))
            .expect([error("unknown-field", BANKS, 7, 3, "unknown field `colour`")
                .hint("known keys are: id, name, name_zh, short, aliases, type, region, description, description_zh")]),
        case("registry_bad_module_keeps_its_part")
            .file(MODULES, MODULES_TEXT.replacen("name: Security operation", "name: Security operation\n      level: 3", 1))
            .file(OTHER, with("module: security-operation", "module: Security and risk management"))
            .expect([error("unknown-field", MODULES, 7, 7, "unknown field `level`")]),
        case("registry_entry_without_name")
            .file(BANKS, the_banks("- id: beta-bank\n  type: joint-stock\n"))
            .file(OTHER, with("bank: Alpha Bank", "bank: beta-bank"))
            .expect([error("missing-field", BANKS, 5, 1, "missing field `name`")
                .hint("add `name: …` to the entry")]),
        // A registry that is not YAML at all: its error, not one per case.
        case("registry_syntax_error")
            .file(BANKS, the_banks("- id: [beta-bank\n"))
            .expect([error("yaml-syntax", BANKS, 6, 1, "did not find expected ',' or ']'")]),
        // --- Links -------------------------------------------------------------------------
        case("broken_link").file(C, body("See [the other result](/cases/godo/).")).expect([
            error("broken-link", C, 11, 5, "broken link `/cases/godo/`: no such page or file")
                .hint("did you mean `good`?"),
        ]),
        case("broken_anchor").file(C, body("See [the details](/cases/good/#detials).")).expect([
            error(
                "broken-anchor",
                C,
                11,
                5,
                "broken link `/cases/good/#detials`: the page has no heading or element with id `detials`",
            )
            .hint("did you mean `details`?"),
        ]),
        case("link_to_a_draft")
            .file("content/cases/wip.md", plus("draft: true"))
            .file(C, body("See [the draft](/cases/wip/)."))
            .expect([error("broken-link", C, 11, 5, "broken link `/cases/wip/`: no such page or file")
                .hint("`wip` is a draft: it is published only with --drafts; remove the link or publish the draft")]),
        case("image_without_alt")
            .file("static/images/pixel.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
            .file(C, body("An image: ![](/images/pixel.svg)"))
            .expect([warning("image-without-alt", C, 11, 11, "image has no alt text")
                .hint("describe what the image shows: `![Pipeline with security gates](path.png)`")])
            .builds(&[&ok("c"), "images/pixel.svg"]),
        // --- Everything at once: the body of a file with broken front matter -------------
        case("body_checked_despite_bad_front_matter")
            .file(C, body("See [the other result](/cases/godo/).\nJump to [nowhere](#nope).\nSkip to [the text](#main-content).\n![](/images/none.png)").replace("level: 2", "level: 7"))
            .expect([
                error("invalid-level", C, 6, 8, "`7` is not a maturity level"),
                error("broken-link", C, 11, 5, "broken link `/cases/godo/`: no such page or file")
                    .hint("did you mean `good`?"),
                error("broken-anchor", C, 12, 9, "broken link `#nope`: the page has no heading or element with id `nope`"),
                error("broken-link", C, 14, 1, "broken image `/images/none.png`: no such page or file"),
                warning("image-without-alt", C, 14, 1, "image has no alt text"),
            ]),
        case("body_checked_despite_yaml_syntax_error")
            .file(C, body("## Part\n\nSee [part](#part) and [the other result](/cases/godo/).").replace("bank: Alpha Bank", "bank: [Alpha Bank"))
            .expect([
                error("yaml-syntax", C, 4, 8, "did not find expected ',' or ']'"),
                error("broken-link", C, 13, 23, "broken link `/cases/godo/`: no such page or file"),
            ]),
        case("empty_body_despite_empty_front_matter").file(C, "---\n---\n").expect([
            error("empty-front-matter", C, 2, 1, "the front matter is empty"),
            warning("empty-body", C, 3, 1, "the case study has no text"),
        ]),
        // Without `---` the whole file is the body: its links are checked from line 1.
        case("body_checked_without_front_matter")
            .file(C, "See [the other result](/cases/godo/).\n")
            .expect([
                error("missing-front-matter", C, 1, 1, "the file does not start with `---`"),
                error("broken-link", C, 1, 5, "broken link `/cases/godo/`: no such page or file"),
            ]),
        // --- Limits: blocks too large, names the file system refuses -----------------------
        // 2 header cells and 25,000 rows of 2: one cell over the limit. A link after the
        // table is still checked.
        case("table_over_the_cell_limit")
            .file(C, body(&format!("{}\nSee [the other result](/cases/godo/).", table(25_000))))
            .expect([
                error("table-too-large", C, 11, 1, "this table has more than 50000 cells, the limit")
                    .hint("split the table, or put the data in a CSV file under static/ and link to it"),
                error("broken-link", C, 25_014, 5, "broken link `/cases/godo/`: no such page or file"),
            ]),
        case("table_at_the_cell_limit")
            .file(C, body(&table(24_999)))
            .builds(&[&ok("c")]),
        case("code_block_over_the_byte_limit")
            .file(C, body(&format!("```\n{}```", "x\n".repeat(128 * 1024 + 1))))
            .expect([error("code-block-too-large", C, 11, 1, "this code block holds more than 262144 bytes (256 KiB), the limit")
                .hint("shorten the listing, or put the file under static/ and link to it")]),
        case("code_block_at_the_byte_limit")
            .file(C, body(&format!("```\n{}```", "x\n".repeat(128 * 1024))))
            .builds(&[&ok("c")]),
        case("slug_index_html")
            .file(C, plus("slug: index.html"))
            .expect([error("reserved-slug", C, 9, 1, "slug `index.html` is reserved: /cases/index.html is the case listing")
                .hint("set another `slug:` in the front matter, or rename the file")]),
        case("slug_index_html_in_capitals")
            .file(C, plus("slug: INDEX.HTML"))
            .expect([error("reserved-slug", C, 9, 1, "slug `INDEX.HTML` is reserved: /cases/index.html is the case listing")]),
        case("slug_over_255_bytes")
            .file(C, plus(&format!("slug: {}", "a".repeat(256))))
            .expect([error("invalid-slug", C, 9, 7, "slug `aaaaaaaaaaaaaaaaaaaaaaaa…` is 256 bytes long; file names are limited to 255 bytes")]),
        case("slug_ending_in_a_dot")
            .file(C, plus("slug: v2."))
            .expect([error("invalid-slug", C, 9, 7, "slug `v2.` ends with `.`")]),
        case("slug_naming_a_windows_device")
            .file(C, plus("slug: Aux"))
            .expect([error("invalid-slug", C, 9, 7, "slug `Aux` is a device name on Windows")]),
        // A file name of 86 × `İ` (172 bytes) makes a slug of 258: lowercased, each is `i`
        // and U+0307, three bytes. The error is about the whole file, at its first line.
        case("file_name_whose_slug_is_too_long")
            .file(&format!("content/cases/{}.md", "İ".repeat(86)), GOOD)
            .expect([D {
                message: format!("slug `{}…` is 258 bytes long; file names are limited to 255 bytes", "i\u{307}".repeat(12)),
                hint: Some("set a shorter `slug:` in the front matter, or rename the file".into()),
                ..diag("error", "name-too-long", &format!("content/cases/{}.md", "İ".repeat(86)), Some((1, 1)))
            }]),
        case("tag_over_255_bytes")
            .file(C, plus(&format!("tags: [{}]", "t".repeat(256))))
            .expect([error("name-too-long", C, 9, 8, "tag `tttttttttttttttttttttttt…` is 256 bytes long; file names are limited to 255 bytes")
                .hint("each item of `tags` names a page folder: shorten it")]),
        case("domain_over_255_bytes")
            .file(C, with("domains: [Security monitoring]", &format!("domains: [{}]", "安".repeat(86))))
            .expect([error("name-too-long", C, 8, 11, &format!("capability domain `{}…` is 258 bytes long; file names are limited to 255 bytes", "安".repeat(24)))]),
        case("registry_id_over_255_bytes")
            .file(BANKS, the_banks(&format!("- id: {}\n  name: Beta Bank\n  type: joint-stock\n", "b".repeat(256))))
            .expect([D {
                message: "id `bbbbbbbbbbbbbbbbbbbbbbbb…` is 256 bytes long; file names are limited to 255 bytes".into(),
                hint: Some("use a shorter id; the full name belongs in `name:`".into()),
                ..diag("error", "name-too-long", BANKS, Some((5, 1)))
            }]),
    ]
}

/// A Markdown table: a header of two cells, then `rows` rows of two.
fn table(rows: usize) -> String {
    format!("| a | b |\n|---|---|\n{}", "| 1 | 2 |\n".repeat(rows))
}

/// `text` with every U+0001 replaced by the byte 0xFF, which is never valid UTF-8.
fn bad_byte(text: &str) -> Vec<u8> {
    text.bytes().map(|b| if b == 1 { 0xff } else { b }).collect()
}

/// Writes a 20 MB case study (generated, never committed).
fn write_big_case(root: &Path) {
    let para = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor **incididunt** ut labore et dolore magna aliqua.\n\n";
    let mut text = with("title: A good result", "title: A very long case study");
    while text.len() < 20 << 20 {
        text.push_str(para);
    }
    fs::write(root.join("content/cases/big.md"), text).unwrap();
}
