//! The heavy shapes of `gen_corpus --heavy`: what real write-ups have and the default corpus
//! has little of (issue 19). Added to a case's body just before its closing section:
//!
//! - code blocks in thirteen languages (YAML, shell, Java, Python, SQL, Go, JSON,
//!   Dockerfile, Groovy, XML, JavaScript, Java properties, plain-text logs), written with the
//!   info strings people use (`yml`, `sh`, `shell`, `console`, `Dockerfile`, `text`, none), in
//!   about two cases in five (with the default corpus's one block in one case in five, about
//!   one case in two has code); most are 8–80 lines, about one in seven 80–300 lines;
//! - wide Markdown tables (5–25 rows, 4–6 columns, aligned), in English or Chinese;
//! - a Chinese interview section in a third of the cases, longer than the English text, so
//!   those documents are mostly Chinese;
//! - footnotes, and links to other published cases (some to their `#the-result` heading);
//! - a tail of very long documents: 2% of the cases grow to 5,000–35,000 words
//!   (log-uniform), in more interview rounds with code, tables and Chinese.
//!
//! Every choice comes from a stream of its own (`Rng::derive(seed, 7, i)`), so the default
//! corpus's streams are untouched and the output without `--heavy` stays byte-identical.

use super::*;

/// Info strings per language: the first is the usual one; the others are written too.
const LANGS: &[&[&str]] = &[
    &["yaml", "yml"],
    &["bash", "sh", "shell", "console"],
    &["java"],
    &["python", "py"],
    &["sql"],
    &["go"],
    &["json"],
    &["dockerfile", "Dockerfile"],
    &["groovy"],
    &["xml"],
    &["javascript", "js"],
    &["properties"],
    &["text", "", "log", "txt"],
];

const SERVICES: &[&str] = &[
    "account-service",
    "payment-gateway",
    "loan-core",
    "risk-engine",
    "mobile-bff",
    "clearing-batch",
    "card-auth",
    "wealth-portal",
    "credit-approval",
    "open-api-gateway",
    "customer-profile",
    "fx-pricing",
    "anti-fraud",
    "ledger-sync",
];

const PACKAGES: &[(&str, &str)] = &[
    ("org.springframework.boot", "spring-boot-starter-web"),
    ("org.springframework.boot", "spring-boot-starter-security"),
    ("com.fasterxml.jackson.core", "jackson-databind"),
    ("org.apache.commons", "commons-lang3"),
    ("org.mybatis.spring.boot", "mybatis-spring-boot-starter"),
    ("com.alibaba", "druid"),
    ("io.micrometer", "micrometer-registry-prometheus"),
    ("org.apache.logging.log4j", "log4j-core"),
    ("com.google.guava", "guava"),
    ("org.bouncycastle", "bcprov-jdk18on"),
    ("io.jsonwebtoken", "jjwt-api"),
    ("org.yaml", "snakeyaml"),
];

const FINDINGS: &[(&str, &str)] = &[
    ("CRITICAL", "CVE-2021-44228 log4j-core JNDI lookup"),
    ("HIGH", "SQL built from request parameter"),
    ("HIGH", "hard-coded credential in configuration"),
    ("MEDIUM", "weak hash algorithm (MD5) for tokens"),
    ("MEDIUM", "missing CSRF protection on form"),
    ("LOW", "verbose error message exposes stack trace"),
    ("HIGH", "deserialization of untrusted data"),
    ("MEDIUM", "TLS certificate validation disabled"),
    ("LOW", "cookie without HttpOnly flag"),
    ("CRITICAL", "CVE-2022-22965 Spring4Shell data binding"),
];

// --- Chinese interview prose. Placeholders as in the English templates.
const ZH_QUESTIONS: &[&str] = &[
    "请介绍一下{Z}开展本次评估的背景。",
    "{Mz}的评估中，最难准备的是哪一部分？",
    "安全左移在项目中是如何落地的？",
    "流水线中设置了哪些安全门禁？",
    "开源组件的风险是如何管控的？",
    "开发团队对新的流程接受度如何？",
    "怎样衡量DevSecOps建设的成效？",
    "评估专家重点关注了哪些证据？",
    "在容器化改造中遇到了哪些安全问题？",
    "漏洞从发现到修复的流程是怎样的？",
    "管理层在这项工作中起到了什么作用？",
    "对于刚起步的金融机构，有什么建议？",
    "下一步的工作重点是什么？",
    "如何平衡监管合规与交付效率？",
    "测试自动化覆盖到了什么程度？",
    "制品管理和发布审批是如何打通的？",
];

const ZH_ANSWERS: &[&str] = &[
    "我们从{Y}年开始建设统一的研发运营一体化平台，把需求、代码、构建、测试和发布串成一条流水线。",
    "最难的不是工具，而是让{N}个团队在同一套规范下协作。",
    "每一次合并请求都会自动触发静态代码扫描和开源组件扫描，高危问题不修复就无法合并。",
    "我们为每个应用建立了软件物料清单，新披露的漏洞可以在几分钟内定位到受影响的系统。",
    "评估专家随机抽取了{N}个变更，要求我们从需求一直追溯到生产发布。",
    "过去一次版本发布需要{H}个小时的人工操作，现在基本实现了一键发布。",
    "安全团队不再只是在上线前把关，而是参与到需求评审和架构设计中。",
    "我们把安全编码规范写进了代码评审清单，并定期组织攻防演练。",
    "高危漏洞的平均修复时间从{C}天缩短到了{N}天。",
    "镜像仓库只接受通过扫描的基础镜像，未签名的镜像不允许部署到生产环境。",
    "在{Mz}方面，我们对照标准逐条梳理了差距，并形成了整改台账。",
    "度量数据每周在看板上公开，团队之间形成了良性的竞争。",
    "管理层把研发效能和安全指标纳入了科技部门的年度考核。",
    "最初开发人员觉得扫描结果误报太多，后来我们建立了规则白名单和复核机制。",
    "我们对测试数据做了脱敏处理，开发和测试环境不再使用真实客户信息。",
    "密钥和证书统一由凭据管理平台下发，代码仓库中不再出现明文密码。",
    "通过{T}，我们把部署时间从{H}分钟压缩到了几分钟。",
    "本次评估达到{Lz}，是对团队几年来工作的肯定。",
    "我们每个季度开展一次应急演练，验证回滚和故障切换的有效性。",
    "对于外包团队，我们要求使用同一套流水线和同样的质量门禁。",
    "持续集成的构建成功率稳定在{C}%以上。",
    "我们的经验是先选一个重点系统做深做透，再逐步推广到全行。",
    "合规要求被拆解成可以自动检查的规则，审计人员可以直接在平台上查看证据。",
    "下一步计划把混沌工程和可观测性建设纳入整体规划。",
    "安全与效率并不矛盾，关键是把控制点自动化、前置化。",
    "我们建立了安全冠军机制，每个研发团队都有一名成员负责安全事务。",
];

const ZH_HEADINGS: &[&str] =
    &["访谈实录", "项目背景", "安全实践", "度量与改进", "经验与体会", "下一步计划"];

/// Adds the heavy shapes to case `i`'s body (see the module docs); returns the words added.
pub(crate) fn extend(out: &mut String, i: usize, metas: &[Meta], cx: &Ctx, seed: u64) -> usize {
    let mut rng = Rng::derive(seed, 7, i as u64);
    let zh_heavy = rng.chance(1.0 / 3.0);
    let with_code = rng.chance(0.4);
    let with_table = rng.chance(0.3);
    let with_notes = rng.chance(0.3);
    let links = if rng.chance(0.5) { rng.range(1, 3) } else { 0 };
    let long_target = if rng.chance(0.02) { (5000.0 * 7f64.powf(rng.unit())) as usize } else { 0 };
    let mut words = 0;

    if with_code {
        out.push_str("The configuration behind this, lightly edited:\n\n");
        for _ in 0..rng.range(1, 3) {
            words += code_block(out, cx, &mut rng);
        }
    }
    if with_table {
        words += table(out, cx, &mut rng, false);
    }
    if links > 0 {
        words += case_links(out, i, metas, links, &mut rng);
    }
    if with_notes {
        words += footnotes(out, cx, &mut rng);
    }
    if zh_heavy {
        let k = rng.range(5, 10);
        words += chinese_interview(out, cx, &mut rng, k);
    }
    if long_target > 0 {
        words += long_rounds(out, i, metas, cx, &mut rng, long_target);
    }
    words
}

/// A Chinese interview section of `k` questions, each answered in two to four paragraphs
/// of three to six sentences (about 250 characters each).
fn chinese_interview(out: &mut String, cx: &Ctx, rng: &mut Rng, k: usize) -> usize {
    let start = out.len();
    w!(out, "## {}\n\n", rng.pick(ZH_HEADINGS));
    for q in rng.distinct(ZH_QUESTIONS.len(), k) {
        out.push_str("### ");
        expand(out, ZH_QUESTIONS[q], cx, rng);
        out.push_str("\n\n");
        for _ in 0..rng.range(2, 4) {
            for idx in rng.distinct_between(ZH_ANSWERS.len(), 3, 6) {
                expand(out, ZH_ANSWERS[idx], cx, rng);
            }
            out.push_str("\n\n");
        }
        if rng.chance(0.2) {
            out.push_str("我们的做法包括：\n\n");
            for _ in 0..rng.range(3, 5) {
                w!(out, "- {}{}\n", rng.pick(ZH_VERB), rng.pick(ZH_OBJ));
            }
            out.push('\n');
        }
    }
    // Casebook counts each Chinese character as a word.
    out[start..].chars().filter(|c| !c.is_ascii()).count()
}

/// Links to `k` other published cases, some to their "The result" heading.
fn case_links(out: &mut String, i: usize, metas: &[Meta], k: usize, rng: &mut Rng) -> usize {
    out.push_str("Related case studies:");
    let mut written = 0;
    for _ in 0..k * 4 {
        let j = rng.below(metas.len());
        if j == i || metas[j].draft {
            continue;
        }
        let anchor = if rng.chance(0.3) { "#the-result" } else { "" };
        w!(out, " [{}](/cases/{}/{anchor})", lower_first(&metas[j].project), metas[j].slug);
        written += 1;
        if written == k {
            break;
        }
    }
    out.push_str(if written == 0 { " none yet.\n\n" } else { ".\n\n" });
    3 + 3 * written
}

/// A paragraph with one to four footnote references, and their definitions.
fn footnotes(out: &mut String, cx: &Ctx, rng: &mut Rng) -> usize {
    let k = rng.range(1, 4);
    let start = out.len();
    for n in 1..=k {
        let at = out.len();
        expand(out, rng.pick(ANSWER), cx, rng);
        capitalise_at(out, at);
        w!(out, "[^h{n}] ");
    }
    out.push_str("\n\n");
    for n in 1..=k {
        w!(out, "[^h{n}]: ");
        match rng.below(3) {
            0 => {
                w!(out, "See YD/T 3763.{} for the requirements of this module.", rng.range(1, 6));
            }
            1 => {
                w!(out, "Figures from the bank's internal dashboard, {}.", cx.year);
            }
            _ => {
                expand(out, rng.pick(ZH_ANSWERS), cx, rng);
            }
        }
        out.push('\n');
    }
    out.push('\n');
    out[start..].split_ascii_whitespace().count()
}

/// A wide, aligned table: indicators by module (English) or pipeline stages (Chinese).
fn table(out: &mut String, cx: &Ctx, rng: &mut Rng, zh: bool) -> usize {
    let start = out.len();
    let rows = rng.range(5, 25);
    if zh {
        out.push_str("| 阶段 | 工具 | 门禁规则 | 负责团队 | 阈值 |\n|:---|:---|:---|:---:|---:|\n");
        for _ in 0..rows {
            w!(
                out,
                "| {} | {} | {}{} | {} | {} |\n",
                rng.pick(ZH_VERB),
                rng.pick(TOOLS),
                rng.pick(ZH_VERB),
                rng.pick(ZH_OBJ),
                rng.pick(ZH_SUBJ).replace("{Z}", &cx.bank.name_zh),
                rng.range(0, 20)
            );
        }
    } else {
        let wide = rng.chance(0.5);
        out.push_str("| Indicator | Service | Before | After | Target |");
        out.push_str(if wide {
            " Owner |\n|:---|:---|---:|---:|:---:|:---|\n"
        } else {
            "\n|:---|:---|---:|---:|:---:|\n"
        });
        for _ in 0..rows {
            let before = rng.range(20, 99);
            w!(
                out,
                "| {} | `{}` | {before} | {} | {} |",
                rng.pick(METRICS),
                rng.pick(SERVICES),
                rng.range(5, before),
                rng.range(5, 40)
            );
            if wide {
                w!(out, " {} |", rng.pick(TEAMS));
            }
            out.push('\n');
        }
    }
    out.push('\n');
    let text = &out[start..];
    text.split_ascii_whitespace().count() / 2 + text.chars().filter(|c| !c.is_ascii()).count()
}

/// More interview rounds (English questions and answers, lists, code, tables, Chinese
/// paragraphs) until about `target` words were written.
fn long_rounds(
    out: &mut String,
    i: usize,
    metas: &[Meta],
    cx: &Ctx,
    rng: &mut Rng,
    target: usize,
) -> usize {
    let mut deck = Deck::new(ANSWER.len(), rng);
    let mut words = 0;
    let mut round = 0;
    while words < target {
        round += 1;
        w!(out, "## Round {round}: {}\n\n", SECTIONS[3 + rng.below(SECTIONS.len() - 3)]);
        for _ in 0..rng.range(3, 6) {
            out.push_str("### ");
            words += expand(out, rng.pick(QUESTIONS), cx, rng);
            out.push_str("\n\n");
            for _ in 0..rng.range(1, 3) {
                let k = rng.range(3, 6);
                words += answer(out, &mut deck, k, cx, rng);
                out.push_str("\n\n");
            }
            match rng.below(12) {
                0 | 1 => words += code_block(out, cx, rng),
                2 => {
                    let zh = rng.chance(0.3);
                    words += table(out, cx, rng, zh);
                }
                3 | 4 => words += chinese_paragraph(out, cx, rng),
                5 => words += case_links(out, i, metas, 1, rng),
                6 => {
                    for idx in rng.distinct_between(LIST_ITEMS.len(), 3, 5) {
                        out.push_str("- ");
                        words += expand(out, LIST_ITEMS[idx], cx, rng);
                        out.push('\n');
                    }
                    out.push('\n');
                }
                _ => {}
            }
        }
    }
    words
}

/// One fenced code block; returns a word estimate (half its whitespace-separated tokens).
fn code_block(out: &mut String, cx: &Ctx, rng: &mut Rng) -> usize {
    let lines = match rng.below(20) {
        0..=2 => rng.range(80, 300),
        3..=7 => rng.range(30, 80),
        _ => rng.range(8, 30),
    };
    let lang = rng.below(LANGS.len());
    let tags = LANGS[lang];
    let tag = if rng.chance(0.7) { tags[0] } else { rng.pick(tags) };
    let start = out.len();
    w!(out, "```{tag}\n");
    let body = out.len();
    let g = Gen { proj: slugify(cx.project), bank: &cx.bank.id, zh: &cx.bank.name_zh };
    match lang {
        0 => g.yaml(out, rng, lines),
        1 => g.shell(out, rng, lines),
        2 => g.java(out, rng, lines),
        3 => g.python(out, rng, lines),
        4 => g.sql(out, rng, lines),
        5 => g.go(out, rng, lines),
        6 => g.json(out, rng, lines),
        7 => g.dockerfile(out, rng, lines),
        8 => g.groovy(out, rng, lines),
        9 => g.xml(out, rng, lines),
        10 => g.javascript(out, rng, lines),
        11 => g.properties(out, rng, lines),
        _ => g.log(out, rng, lines),
    }
    debug_assert!(!out[body..].contains("```"));
    out.push_str("```\n\n");
    out[start..].split_ascii_whitespace().count() / 2
}

/// Writes code in each language: a header, repeated units with varied names and numbers
/// until the block has about the number of lines asked for, and a footer.
struct Gen<'a> {
    proj: String,
    bank: &'a str,
    zh: &'a str,
}

/// Lines written into `out` since byte `from`.
fn lines_since(out: &str, from: usize) -> usize {
    out[from..].bytes().filter(|&b| b == b'\n').count()
}

impl Gen<'_> {
    fn yaml(&self, out: &mut String, rng: &mut Rng, lines: usize) {
        let (p, b) = (&self.proj, self.bank);
        let start = out.len();
        w!(
            out,
            "# {p}: 流水线定义 ({b})\nstages: [build, test, sast, sca, image, deploy]\nvariables:\n  PROJECT: {p}\n  REGISTRY: harbor.{b}.internal\n  MAVEN_OPTS: \"-Xmx{}m\"\n\n",
            rng.range(1, 4) * 512
        );
        let mut n = 0;
        while lines_since(out, start) + 9 < lines {
            n += 1;
            let svc = rng.pick(SERVICES);
            w!(
                out,
                "{svc}-{n}:\n  stage: {}\n  image: harbor.{b}.internal/base/jdk17:{}.{}\n  script:\n    - mvn -B -pl {svc} verify\n    - scanner --project {p}-{svc} --fail-on {}\n  rules:\n    - if: '$CI_COMMIT_BRANCH == \"main\"'\n  timeout: {}m\n",
                ["build", "test", "sast", "sca", "image", "deploy"][rng.below(6)],
                rng.range(1, 9),
                rng.range(0, 30),
                ["high", "critical", "medium"][rng.below(3)],
                rng.range(5, 60)
            );
        }
        w!(
            out,
            "deploy:\n  stage: deploy\n  environment: production\n  when: manual  # 双人复核\n"
        );
    }

    fn shell(&self, out: &mut String, rng: &mut Rng, lines: usize) {
        let (p, b) = (&self.proj, self.bank);
        let start = out.len();
        w!(
            out,
            "#!/usr/bin/env bash\n# Nightly security scan for {p}\nset -euo pipefail\nREPORT_DIR=/data/reports/{p}/$(date +%F)\nmkdir -p \"$REPORT_DIR\"\n"
        );
        while lines_since(out, start) + 6 < lines {
            let svc = rng.pick(SERVICES);
            let n = rng.range(0, 20);
            w!(
                out,
                "\necho \"scanning {svc}...\"\ndocker pull harbor.{b}.internal/{p}/{svc}:latest\ntrivy image --severity HIGH,CRITICAL --exit-code 0 -o \"$REPORT_DIR/{svc}.txt\" harbor.{b}.internal/{p}/{svc}:latest\nif [ \"$(grep -c CRITICAL \"$REPORT_DIR/{svc}.txt\" || true)\" -gt {n} ]; then\n  echo \"{svc}: too many critical findings\" >&2; exit 1\nfi\n"
            );
        }
        out.push_str("echo \"all images scanned\"\n");
    }

    fn java(&self, out: &mut String, rng: &mut Rng, lines: usize) {
        let start = out.len();
        w!(
            out,
            "package cn.{}.{};\n\nimport java.util.List;\nimport java.util.Objects;\n\n/** Release gate for {} (审计要求). */\npublic final class ReleaseGate {{\n    private final int maxHigh;\n\n    public ReleaseGate(int maxHigh) {{\n        this.maxHigh = maxHigh;\n    }}\n",
            self.bank.replace('-', "_"),
            self.proj.replace('-', "_"),
            self.proj
        );
        let mut n = 0;
        while lines_since(out, start) + 12 < lines {
            n += 1;
            let (sev, what) = rng.pick(FINDINGS);
            w!(
                out,
                "\n    /** Rule {n}: {what}. */\n    public boolean check{n}(List<Finding> findings) {{\n        Objects.requireNonNull(findings, \"findings\");\n        long count = findings.stream()\n            .filter(f -> f.severity() == Severity.{sev})\n            .filter(f -> f.module().startsWith(\"{}\"))\n            .count();\n        if (count > maxHigh + {}) {{\n            throw new IllegalStateException(\"blocked: \" + count + \" findings\");\n        }}\n        return true;\n    }}\n",
                rng.pick(SERVICES),
                rng.range(0, 9)
            );
        }
        out.push_str("}\n");
    }

    fn python(&self, out: &mut String, rng: &mut Rng, lines: usize) {
        let start = out.len();
        w!(
            out,
            "\"\"\"Delivery metrics for {} ({}).\"\"\"\nimport statistics\nfrom datetime import timedelta\n\nTHRESHOLD = timedelta(hours={})\n",
            self.proj,
            self.zh,
            rng.range(4, 72)
        );
        while lines_since(out, start) + 10 < lines {
            let m = rng.pick(METRICS).replace([' ', '-'], "_");
            w!(
                out,
                "\n\ndef {m}_{}(changes, window_days={}):\n    \"\"\"Median {m} over the last window, in hours.\"\"\"\n    values = [\n        (c.deployed_at - c.committed_at).total_seconds() / 3600\n        for c in changes\n        if c.age_days <= window_days and c.service == \"{}\"\n    ]\n    return statistics.median(values) if values else None\n",
                rng.range(1, 99),
                rng.range(7, 90),
                rng.pick(SERVICES)
            );
        }
        out.push_str("\n\nif __name__ == \"__main__\":\n    print(\"ok\")\n");
    }

    fn sql(&self, out: &mut String, rng: &mut Rng, lines: usize) {
        let start = out.len();
        w!(
            out,
            "-- {}: vulnerability tracking (漏洞台账)\nCREATE TABLE IF NOT EXISTS vuln_finding (\n  id BIGINT PRIMARY KEY,\n  service VARCHAR(64) NOT NULL,\n  severity VARCHAR(16) NOT NULL,\n  title VARCHAR(256) NOT NULL,\n  found_at TIMESTAMP NOT NULL,\n  fixed_at TIMESTAMP NULL\n);\n\n",
            self.proj
        );
        let mut id = rng.range(1000, 9000);
        while lines_since(out, start) + 6 < lines {
            id += 1;
            let (sev, what) = rng.pick(FINDINGS);
            if rng.chance(0.7) {
                w!(
                    out,
                    "INSERT INTO vuln_finding (id, service, severity, title, found_at)\nVALUES ({id}, '{}', '{sev}', '{what}', TIMESTAMP '{}-0{}-{:02} 10:00:00');\n",
                    rng.pick(SERVICES),
                    2017 + rng.below(8),
                    rng.range(1, 9),
                    rng.range(1, 28)
                );
            } else {
                w!(
                    out,
                    "\nSELECT service, severity, COUNT(*) AS open_findings,\n       AVG(EXTRACT(EPOCH FROM (COALESCE(fixed_at, NOW()) - found_at)) / 86400) AS avg_days\nFROM vuln_finding\nWHERE severity IN ('CRITICAL', 'HIGH') AND found_at > NOW() - INTERVAL '{} days'\nGROUP BY service, severity\nORDER BY open_findings DESC;\n\n",
                    rng.range(30, 365)
                );
            }
        }
    }

    fn go(&self, out: &mut String, rng: &mut Rng, lines: usize) {
        let start = out.len();
        w!(
            out,
            "// Package gate checks release policies for {}.\npackage gate\n\nimport (\n\t\"errors\"\n\t\"fmt\"\n)\n\n// ErrBlocked is returned when a release must not go out.\nvar ErrBlocked = errors.New(\"release blocked\")\n",
            self.proj
        );
        let mut n = 0;
        while lines_since(out, start) + 12 < lines {
            n += 1;
            w!(
                out,
                "\n// Check{n} enforces the limit for {}.\nfunc Check{n}(findings []Finding) error {{\n\tblocking := 0\n\tfor _, f := range findings {{\n\t\tif f.Severity >= {} && f.Service == \"{}\" {{\n\t\t\tblocking++\n\t\t}}\n\t}}\n\tif blocking > {} {{\n\t\treturn fmt.Errorf(\"%w: %d findings\", ErrBlocked, blocking)\n\t}}\n\treturn nil\n}}\n",
                rng.pick(METRICS),
                rng.range(1, 4),
                rng.pick(SERVICES),
                rng.range(0, 9)
            );
        }
    }

    fn json(&self, out: &mut String, rng: &mut Rng, lines: usize) {
        let start = out.len();
        w!(
            out,
            "{{\n  \"project\": \"{}\",\n  \"institution\": \"{}\",\n  \"name_zh\": \"{}\",\n  \"services\": [\n",
            self.proj,
            self.bank,
            self.zh
        );
        let mut first = true;
        while first || lines_since(out, start) + 10 < lines {
            if !first {
                out.push_str(",\n");
            }
            first = false;
            w!(
                out,
                "    {{\n      \"name\": \"{}\",\n      \"replicas\": {},\n      \"gates\": {{ \"sast\": true, \"sca\": true, \"dast\": {} }},\n      \"max_high\": {},\n      \"coverage_min\": 0.{}\n    }}",
                rng.pick(SERVICES),
                rng.range(2, 12),
                rng.chance(0.5),
                rng.range(0, 5),
                rng.range(50, 95)
            );
        }
        out.push_str("\n  ]\n}\n");
    }

    fn dockerfile(&self, out: &mut String, rng: &mut Rng, lines: usize) {
        let start = out.len();
        w!(
            out,
            "# {}: hardened runtime image\nFROM harbor.{}.internal/base/eclipse-temurin:17-jre AS runtime\nLABEL maintainer=\"devops@{}.example\"\nRUN groupadd -r app && useradd -r -g app app\n",
            self.proj,
            self.bank,
            self.bank
        );
        while lines_since(out, start) + 4 < lines {
            let svc = rng.pick(SERVICES);
            w!(
                out,
                "COPY --chown=app:app build/{svc}/*.jar /opt/{svc}/\nRUN chmod 0550 /opt/{svc} && sha256sum /opt/{svc}/*.jar > /opt/{svc}/SHA256SUMS\nENV {}_HEAP={}m\n",
                svc.replace('-', "_").to_uppercase(),
                rng.range(2, 16) * 128
            );
        }
        out.push_str("USER app\nHEALTHCHECK CMD curl -fsS http://localhost:8080/actuator/health || exit 1\nENTRYPOINT [\"java\", \"-jar\", \"/opt/app.jar\"]\n");
    }

    fn groovy(&self, out: &mut String, rng: &mut Rng, lines: usize) {
        let start = out.len();
        w!(
            out,
            "// Jenkinsfile for {} (安全流水线)\npipeline {{\n    agent {{ label 'build-{}' }}\n    options {{ timeout(time: {}, unit: 'MINUTES') }}\n    stages {{\n",
            self.proj,
            self.bank,
            rng.range(20, 90)
        );
        while lines_since(out, start) + 12 < lines {
            let svc = rng.pick(SERVICES);
            w!(
                out,
                "        stage('{svc}') {{\n            steps {{\n                sh 'mvn -B -pl {svc} clean verify'\n                withSonarQubeEnv('sonar') {{\n                    sh \"mvn sonar:sonar -Dsonar.projectKey={}-{svc}\"\n                }}\n                dependencyCheck additionalArguments: '--failOnCVSS {}', odcInstallation: 'odc'\n            }}\n        }}\n",
                self.proj,
                rng.range(4, 9)
            );
        }
        out.push_str("        stage('Deploy') {\n            when { branch 'main' }\n            steps { input message: 'Release?'; sh './deploy.sh' }\n        }\n    }\n}\n");
    }

    fn xml(&self, out: &mut String, rng: &mut Rng, lines: usize) {
        let start = out.len();
        w!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>cn.{}</groupId>\n  <artifactId>{}</artifactId>\n  <version>{}.{}.0</version>\n  <!-- 依赖版本由制品库统一管理 -->\n  <dependencies>\n",
            self.bank,
            self.proj,
            rng.range(1, 5),
            rng.range(0, 20)
        );
        while lines_since(out, start) + 9 < lines {
            let (g, a) = rng.pick(PACKAGES);
            w!(
                out,
                "    <dependency>\n      <groupId>{g}</groupId>\n      <artifactId>{a}</artifactId>\n      <version>{}.{}.{}</version>\n    </dependency>\n",
                rng.range(1, 6),
                rng.range(0, 20),
                rng.range(0, 15)
            );
        }
        out.push_str("  </dependencies>\n</project>\n");
    }

    fn javascript(&self, out: &mut String, rng: &mut Rng, lines: usize) {
        let start = out.len();
        w!(
            out,
            "// Dashboard widgets for {}\n'use strict';\n\nconst THRESHOLDS = {{ high: {}, critical: 0 }};\n",
            self.proj,
            rng.range(1, 9)
        );
        let mut n = 0;
        while lines_since(out, start) + 10 < lines {
            n += 1;
            w!(
                out,
                "\nexport async function loadWidget{n}(api) {{\n  const res = await api.get(`/metrics/{}?days=${{{}}}`);\n  if (!res.ok) {{\n    throw new Error(`metrics unavailable: ${{res.status}}`);\n  }}\n  const rows = await res.json();\n  return rows.filter((r) => r.high <= THRESHOLDS.high);\n}}\n",
                rng.pick(SERVICES),
                rng.range(7, 90)
            );
        }
    }

    fn properties(&self, out: &mut String, rng: &mut Rng, lines: usize) {
        let start = out.len();
        w!(
            out,
            "# {} application.properties\nspring.application.name={}\nserver.port=8{:03}\n",
            self.proj,
            self.proj,
            rng.range(0, 999)
        );
        while lines_since(out, start) + 3 < lines {
            let svc = rng.pick(SERVICES);
            w!(
                out,
                "clients.{svc}.url=https://{svc}.{}.internal\nclients.{svc}.timeout-ms={}\nclients.{svc}.tls.verify=true\n",
                self.bank,
                rng.range(2, 60) * 100
            );
        }
    }

    fn log(&self, out: &mut String, rng: &mut Rng, lines: usize) {
        let start = out.len();
        w!(out, "scan report: {} ({})\n", self.proj, self.zh);
        while lines_since(out, start) + 1 < lines {
            let (sev, what) = rng.pick(FINDINGS);
            w!(
                out,
                "[{sev:>8}] {}:{} {what} <{}>\n",
                rng.pick(SERVICES),
                rng.range(10, 2000),
                rng.pick(PACKAGES).1
            );
        }
        w!(
            out,
            "total: {} findings, build {}\n",
            lines,
            if rng.chance(0.8) { "passed" } else { "FAILED" }
        );
    }
}
