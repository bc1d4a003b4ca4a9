//! Generates a large, realistic, deterministic casebook site for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --n 10000 --out /dev/shm/cb-10k [--seed 42] [--force]
//!     [--hugo /dev/shm/hugo-10k]
//! ```
//!
//! The same arguments always produce a byte-identical tree: every random choice comes from
//! a splitmix64 generator seeded from `--seed` (each case study from its own stream, so the
//! output does not depend on the number of threads). Only the standard library is used.
//!
//! Output (inside `--out`):
//!
//! - `site.yaml`
//! - `content/_data/banks.yaml`    (~200 institutions of every type)
//! - `content/_data/modules.yaml`  (the parts of YD/T 3763 and their modules)
//! - `content/_data/results.yaml`  (~N/5 result records; not read by casebook yet)
//! - `content/_data/reported.yaml` (~N/50 reported counts; not read by casebook yet)
//! - `content/cases/<yyyy>/<date>-<bank-id>-<n>.md` (N case studies, 600–1,200 words each)
//!
//! `--out` must be empty or missing. With `--force` a non-empty directory is accepted:
//! `content/cases/` and `content/_data/` inside it are deleted and everything listed above
//! is rewritten; nothing else in the directory is touched.
//!
//! `--hugo DIR` also writes the same cases (same front matter values, dates and Markdown
//! bodies) as a Hugo site with a theme like casebook's default one, for `bench/hugo.sh`;
//! see `hugo_site/mod.rs`. Without it the output is exactly what it was before the option
//! existed.
//!
//! `--heavy` adds the shapes of real write-ups that make builds slow (issue 19): code
//! blocks in thirteen languages in about half the cases (some of 80–300 lines), wide
//! tables, Chinese interview sections in a third of the cases, footnotes, links between
//! cases and a tail of documents of up to ~35,000 words; see `heavy/mod.rs`. It changes only
//! the case bodies (the same in the Hugo site); without it they are what they were before.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

// ---------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------

/// splitmix64: tiny, fast, good enough for synthetic text, and fully deterministic.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    /// An independent stream for item `index` of stream `kind`.
    fn derive(seed: u64, kind: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ kind.wrapping_mul(0xA076_1D64_78BD_642F));
        r.0 ^= r.next_u64() ^ index.wrapping_mul(0xE703_7ED1_A0B4_28DB);
        r.next_u64();
        r
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }

    /// Index into `weights`, chosen proportionally.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// `k` distinct indices of `0..n`, in the order drawn.
    fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut out = Vec::with_capacity(k);
        while out.len() < k.min(n) {
            let i = self.below(n);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }

    /// Between `lo` and `hi` (inclusive) distinct indices of `0..n`.
    fn distinct_between(&mut self, n: usize, lo: usize, hi: usize) -> Vec<usize> {
        let k = self.range(lo, hi);
        self.distinct(n, k)
    }

    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------------------

/// (pinyin, Chinese, province/region)
const PLACES: &[(&str, &str, &str)] = &[
    ("Beijing", "北京", "Beijing"),
    ("Shanghai", "上海", "Shanghai"),
    ("Tianjin", "天津", "Tianjin"),
    ("Chongqing", "重庆", "Chongqing"),
    ("Nanjing", "南京", "Jiangsu"),
    ("Hangzhou", "杭州", "Zhejiang"),
    ("Ningbo", "宁波", "Zhejiang"),
    ("Suzhou", "苏州", "Jiangsu"),
    ("Xiamen", "厦门", "Fujian"),
    ("Qingdao", "青岛", "Shandong"),
    ("Chengdu", "成都", "Sichuan"),
    ("Guiyang", "贵阳", "Guizhou"),
    ("Changsha", "长沙", "Hunan"),
    ("Zhengzhou", "郑州", "Henan"),
    ("Harbin", "哈尔滨", "Heilongjiang"),
    ("Dalian", "大连", "Liaoning"),
    ("Jinan", "济南", "Shandong"),
    ("Wuhan", "武汉", "Hubei"),
    ("Hefei", "合肥", "Anhui"),
    ("Fuzhou", "福州", "Fujian"),
    ("Nanchang", "南昌", "Jiangxi"),
    ("Kunming", "昆明", "Yunnan"),
    ("Nanning", "南宁", "Guangxi"),
    ("Lanzhou", "兰州", "Gansu"),
    ("Xining", "西宁", "Qinghai"),
    ("Yinchuan", "银川", "Ningxia"),
    ("Urumqi", "乌鲁木齐", "Xinjiang"),
    ("Hohhot", "呼和浩特", "Inner Mongolia"),
    ("Taiyuan", "太原", "Shanxi"),
    ("Shijiazhuang", "石家庄", "Hebei"),
    ("Changchun", "长春", "Jilin"),
    ("Shenyang", "沈阳", "Liaoning"),
    ("Haikou", "海口", "Hainan"),
    ("Lhasa", "拉萨", "Tibet"),
    ("Guangzhou", "广州", "Guangdong"),
    ("Shenzhen", "深圳", "Guangdong"),
    ("Dongguan", "东莞", "Guangdong"),
    ("Foshan", "佛山", "Guangdong"),
    ("Zhuhai", "珠海", "Guangdong"),
    ("Wenzhou", "温州", "Zhejiang"),
    ("Taizhou", "台州", "Zhejiang"),
    ("Shaoxing", "绍兴", "Zhejiang"),
    ("Jiaxing", "嘉兴", "Zhejiang"),
    ("Huzhou", "湖州", "Zhejiang"),
    ("Jinhua", "金华", "Zhejiang"),
    ("Wuxi", "无锡", "Jiangsu"),
    ("Changzhou", "常州", "Jiangsu"),
    ("Nantong", "南通", "Jiangsu"),
    ("Yangzhou", "扬州", "Jiangsu"),
    ("Xuzhou", "徐州", "Jiangsu"),
    ("Yantai", "烟台", "Shandong"),
    ("Weifang", "潍坊", "Shandong"),
    ("Linyi", "临沂", "Shandong"),
    ("Rizhao", "日照", "Shandong"),
    ("Weihai", "威海", "Shandong"),
    ("Zibo", "淄博", "Shandong"),
    ("Luoyang", "洛阳", "Henan"),
    ("Kaifeng", "开封", "Henan"),
    ("Handan", "邯郸", "Hebei"),
    ("Tangshan", "唐山", "Hebei"),
    ("Baoding", "保定", "Hebei"),
    ("Cangzhou", "沧州", "Hebei"),
    ("Datong", "大同", "Shanxi"),
    ("Jincheng", "晋城", "Shanxi"),
    ("Anshan", "鞍山", "Liaoning"),
    ("Jinzhou", "锦州", "Liaoning"),
    ("Yingkou", "营口", "Liaoning"),
    ("Fushun", "抚顺", "Liaoning"),
    ("Jilin", "吉林", "Jilin"),
    ("Daqing", "大庆", "Heilongjiang"),
    ("Mianyang", "绵阳", "Sichuan"),
    ("Leshan", "乐山", "Sichuan"),
    ("Yibin", "宜宾", "Sichuan"),
    ("Luzhou", "泸州", "Sichuan"),
    ("Deyang", "德阳", "Sichuan"),
    ("Zunyi", "遵义", "Guizhou"),
    ("Liuzhou", "柳州", "Guangxi"),
    ("Guilin", "桂林", "Guangxi"),
    ("Qujing", "曲靖", "Yunnan"),
    ("Ganzhou", "赣州", "Jiangxi"),
    ("Jiujiang", "九江", "Jiangxi"),
    ("Shangrao", "上饶", "Jiangxi"),
    ("Quanzhou", "泉州", "Fujian"),
    ("Zhangzhou", "漳州", "Fujian"),
    ("Wuhu", "芜湖", "Anhui"),
    ("Huangshi", "黄石", "Hubei"),
    ("Yichang", "宜昌", "Hubei"),
    ("Xiangyang", "襄阳", "Hubei"),
    ("Zhuzhou", "株洲", "Hunan"),
    ("Hengyang", "衡阳", "Hunan"),
    ("Baotou", "包头", "Inner Mongolia"),
    ("Ordos", "鄂尔多斯", "Inner Mongolia"),
    ("Karamay", "克拉玛依", "Xinjiang"),
    ("Sanya", "三亚", "Hainan"),
    ("Zhanjiang", "湛江", "Guangdong"),
    ("Shantou", "汕头", "Guangdong"),
    ("Huizhou", "惠州", "Guangdong"),
    ("Jiangmen", "江门", "Guangdong"),
    ("Zhongshan", "中山", "Guangdong"),
    ("Qinhuangdao", "秦皇岛", "Hebei"),
    ("Langfang", "廊坊", "Hebei"),
    ("Xingtai", "邢台", "Hebei"),
    ("Changde", "常德", "Hunan"),
    ("Yueyang", "岳阳", "Hunan"),
    ("Nanyang", "南阳", "Henan"),
    ("Xinxiang", "新乡", "Henan"),
    ("Anyang", "安阳", "Henan"),
    ("Jiaozuo", "焦作", "Henan"),
    ("Bengbu", "蚌埠", "Anhui"),
    ("Anqing", "安庆", "Anhui"),
    ("Dezhou", "德州", "Shandong"),
    ("Liaocheng", "聊城", "Shandong"),
    ("Heze", "菏泽", "Shandong"),
    ("Zaozhuang", "枣庄", "Shandong"),
    ("Dongying", "东营", "Shandong"),
    ("Jining", "济宁", "Shandong"),
    ("Lianyungang", "连云港", "Jiangsu"),
    ("Yancheng", "盐城", "Jiangsu"),
    ("Zhenjiang", "镇江", "Jiangsu"),
    ("Suqian", "宿迁", "Jiangsu"),
    ("Quzhou", "衢州", "Zhejiang"),
    ("Lishui", "丽水", "Zhejiang"),
    ("Zhoushan", "舟山", "Zhejiang"),
];

/// Fixed institutions: (id, name, Chinese name, short, aliases, type, region).
type FixedBank = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
);

const FIXED_BANKS: &[FixedBank] = &[
    (
        "icbc",
        "Industrial and Commercial Bank of China",
        "中国工商银行",
        "ICBC",
        &["Industrial & Commercial Bank of China", "工商银行", "工行"],
        "state-owned",
        "",
    ),
    (
        "abc",
        "Agricultural Bank of China",
        "中国农业银行",
        "ABC",
        &["China Agricultural Bank", "Agricultural Bank", "农业银行", "农行"],
        "state-owned",
        "",
    ),
    ("boc", "Bank of China", "中国银行", "BOC", &["中行"], "state-owned", ""),
    (
        "ccb",
        "China Construction Bank",
        "中国建设银行",
        "CCB",
        &["Construction Bank", "建设银行", "建行"],
        "state-owned",
        "",
    ),
    (
        "bocom",
        "Bank of Communications",
        "交通银行",
        "BoCom",
        &["BOCOM Bank", "交行"],
        "state-owned",
        "Shanghai",
    ),
    (
        "psbc",
        "Postal Savings Bank of China",
        "中国邮政储蓄银行",
        "PSBC",
        &["China Postal Savings Bank", "Postal Savings Bank", "邮储银行"],
        "state-owned",
        "",
    ),
    (
        "cmb",
        "China Merchants Bank",
        "招商银行",
        "CMB",
        &["Merchants Bank", "招行"],
        "joint-stock",
        "Guangdong",
    ),
    (
        "spdb",
        "Shanghai Pudong Development Bank",
        "上海浦东发展银行",
        "SPD Bank",
        &["SPDB", "浦发银行"],
        "joint-stock",
        "Shanghai",
    ),
    (
        "citic-bank",
        "China CITIC Bank",
        "中信银行",
        "CITIC Bank",
        &["CNCB"],
        "joint-stock",
        "Beijing",
    ),
    (
        "ceb",
        "China Everbright Bank",
        "中国光大银行",
        "Everbright Bank",
        &["CEB", "光大银行"],
        "joint-stock",
        "Beijing",
    ),
    ("hxb", "Huaxia Bank", "华夏银行", "HXB", &[], "joint-stock", "Beijing"),
    (
        "cmbc",
        "China Minsheng Bank",
        "中国民生银行",
        "Minsheng Bank",
        &["CMBC", "民生银行"],
        "joint-stock",
        "Beijing",
    ),
    ("pab", "Ping An Bank", "平安银行", "PAB", &[], "joint-stock", "Guangdong"),
    (
        "cib",
        "Industrial Bank",
        "兴业银行",
        "CIB",
        &["Industrial Bank Co., Ltd."],
        "joint-stock",
        "Fujian",
    ),
    (
        "cgb",
        "China Guangfa Bank",
        "广发银行",
        "CGB",
        &["Guangdong Development Bank"],
        "joint-stock",
        "Guangdong",
    ),
    (
        "czb",
        "China Zheshang Bank",
        "浙商银行",
        "CZB",
        &["Zheshang Bank"],
        "joint-stock",
        "Zhejiang",
    ),
    ("hfb", "Hengfeng Bank", "恒丰银行", "HFB", &[], "joint-stock", "Shandong"),
    ("cbhb", "China Bohai Bank", "渤海银行", "Bohai Bank", &["CBHB"], "joint-stock", "Tianjin"),
    ("cdb", "China Development Bank", "国家开发银行", "CDB", &["国开行"], "policy", "Beijing"),
    (
        "eximbank",
        "Export-Import Bank of China",
        "中国进出口银行",
        "China Exim Bank",
        &["Exim Bank"],
        "policy",
        "Beijing",
    ),
    (
        "adbc",
        "Agricultural Development Bank of China",
        "中国农业发展银行",
        "ADBC",
        &["农发行"],
        "policy",
        "Beijing",
    ),
    ("webank", "WeBank", "深圳前海微众银行", "WeBank", &["微众银行"], "private", "Guangdong"),
    (
        "mybank",
        "MYbank",
        "浙江网商银行",
        "MYbank",
        &["网商银行", "Zhejiang E-Commerce Bank"],
        "private",
        "Zhejiang",
    ),
    (
        "xw-bank",
        "XW Bank",
        "四川新网银行",
        "XW Bank",
        &["新网银行", "Sichuan XW Bank"],
        "private",
        "Sichuan",
    ),
    ("aibank", "CITIC aiBank", "中信百信银行", "aiBank", &["百信银行"], "private", "Beijing"),
    (
        "zgc-bank",
        "Zhongguancun Bank",
        "北京中关村银行",
        "ZGC Bank",
        &["中关村银行"],
        "private",
        "Beijing",
    ),
    (
        "huarui-bank",
        "Shanghai Huarui Bank",
        "上海华瑞银行",
        "Huarui Bank",
        &["华瑞银行"],
        "private",
        "Shanghai",
    ),
    (
        "minshang-bank",
        "Wenzhou Minshang Bank",
        "温州民商银行",
        "Minshang Bank",
        &["民商银行"],
        "private",
        "Zhejiang",
    ),
    (
        "lanhai-bank",
        "Weihai Lanhai Bank",
        "威海蓝海银行",
        "Lanhai Bank",
        &["蓝海银行"],
        "private",
        "Shandong",
    ),
    (
        "yillion-bank",
        "Jilin Yillion Bank",
        "吉林亿联银行",
        "Yillion Bank",
        &["亿联银行"],
        "private",
        "Jilin",
    ),
    ("hsbc-china", "HSBC Bank (China)", "汇丰银行(中国)", "HSBC China", &[], "foreign", "Shanghai"),
    (
        "sc-china",
        "Standard Chartered Bank (China)",
        "渣打银行(中国)",
        "Standard Chartered China",
        &[],
        "foreign",
        "Shanghai",
    ),
    ("citi-china", "Citibank (China)", "花旗银行(中国)", "Citi China", &[], "foreign", "Shanghai"),
    ("dbs-china", "DBS Bank (China)", "星展银行(中国)", "DBS China", &[], "foreign", "Shanghai"),
    (
        "bea-china",
        "Bank of East Asia (China)",
        "东亚银行(中国)",
        "BEA China",
        &[],
        "foreign",
        "Shanghai",
    ),
    (
        "hangseng-china",
        "Hang Seng Bank (China)",
        "恒生银行(中国)",
        "Hang Seng China",
        &[],
        "foreign",
        "Shanghai",
    ),
    ("ocbc-china", "OCBC Bank (China)", "华侨银行(中国)", "OCBC China", &[], "foreign", "Shanghai"),
    (
        "mizuho-china",
        "Mizuho Bank (China)",
        "瑞穗银行(中国)",
        "Mizuho China",
        &[],
        "foreign",
        "Shanghai",
    ),
];

/// (pinyin/English prefix, Chinese prefix) for securities, insurance and other institutions.
const SECURITIES: &[(&str, &str)] = &[
    ("Huatai", "华泰"),
    ("Guotai Junan", "国泰君安"),
    ("Haitong", "海通"),
    ("Zhongtai", "中泰"),
    ("Guosen", "国信"),
    ("Orient", "东方"),
    ("Founder", "方正"),
    ("Changjiang", "长江"),
    ("GF", "广发"),
    ("Everbright", "光大"),
    ("Sinolink", "国金"),
    ("Shenwan Hongyuan", "申万宏源"),
    ("Dongxing", "东兴"),
    ("Caitong", "财通"),
    ("Huaxi", "华西"),
    ("Xiangcai", "湘财"),
    ("Southwest", "西南"),
    ("Northeast", "东北"),
    ("Guoyuan", "国元"),
    ("Huaan", "华安"),
    ("Tianfeng", "天风"),
    ("Hongta", "红塔"),
    ("Kaiyuan", "开源"),
];

const INSURERS: &[(&str, &str)] = &[
    ("Taikang", "泰康"),
    ("Sunshine", "阳光"),
    ("Xinhua", "新华"),
    ("Taiping", "太平"),
    ("Hexie", "和谐"),
    ("Dajia", "大家"),
    ("Zhongyou", "中邮"),
    ("Guohua", "国华"),
    ("Huaxia", "华夏"),
    ("Tianan", "天安"),
    ("Yongan", "永安"),
    ("Dinghe", "鼎和"),
    ("Anxin", "安心"),
    ("Zhongan", "众安"),
    ("Funde", "富德"),
    ("Union", "合众"),
];

struct PartDef {
    id: &'static str,
    name: &'static str,
    name_zh: &'static str,
    short: &'static str,
    aliases: &'static [&'static str],
    description: &'static str,
    modules: &'static [ModDef],
}

struct ModDef {
    id: &'static str,
    name: &'static str,
    name_zh: &'static str,
    aliases: &'static [&'static str],
    description: &'static str,
}

const fn m(
    id: &'static str,
    name: &'static str,
    name_zh: &'static str,
    aliases: &'static [&'static str],
    description: &'static str,
) -> ModDef {
    ModDef { id, name, name_zh, aliases, description }
}

const PARTS: &[PartDef] = &[
    PartDef {
        id: "agile-development-management",
        name: "Agile development management",
        name_zh: "敏捷开发管理",
        short: "",
        aliases: &["agile development", "agile management"],
        description: "The part of the model that covers how teams plan and manage agile development work.",
        modules: &[
            m(
                "value-delivery-management",
                "Value delivery management",
                "价值交付管理",
                &["value delivery"],
                "How business value is defined, prioritised and delivered in small batches.",
            ),
            m(
                "requirements-management",
                "Requirements management",
                "需求管理",
                &["requirement management"],
                "Capturing, splitting and tracing requirements from idea to release.",
            ),
            m(
                "agile-planning",
                "Agile planning",
                "敏捷计划管理",
                &["iteration planning", "planning management"],
                "Release and iteration planning, estimation and capacity.",
            ),
            m(
                "agile-process-management",
                "Agile process management",
                "敏捷过程管理",
                &["agile process"],
                "Cadence, ceremonies, work-in-progress limits and flow.",
            ),
            m(
                "agile-organization",
                "Agile organisation",
                "敏捷组织模式",
                &["agile organization", "agile team structure"],
                "Team topology, roles and cross-functional collaboration.",
            ),
        ],
    },
    PartDef {
        id: "continuous-delivery",
        name: "Continuous delivery",
        name_zh: "持续交付",
        short: "",
        aliases: &["CD", "continuous delivery capability"],
        description: "The part of the model that assesses how software moves from code to release.",
        modules: &[
            m(
                "configuration-management",
                "Configuration management",
                "配置管理",
                &["version control", "SCM"],
                "Version control, branching strategy, artifact and environment configuration.",
            ),
            m(
                "build-and-continuous-integration",
                "Build and continuous integration",
                "构建与持续集成",
                &["continuous integration", "CI", "build management"],
                "Automated builds, fast feedback and integration on every change.",
            ),
            m(
                "test-management",
                "Test management",
                "测试管理",
                &["automated testing", "test automation"],
                "Test strategy, automation coverage and quality gates.",
            ),
            m(
                "deployment-and-release-management",
                "Deployment and release management",
                "部署与发布管理",
                &["deployment and release", "release management"],
                "Automated, repeatable deployments and controlled releases.",
            ),
            m(
                "environment-management",
                "Environment management",
                "环境管理",
                &["environment provisioning"],
                "On-demand, consistent environments provisioned as code.",
            ),
            m(
                "data-management",
                "Data management",
                "数据管理",
                &["test data management"],
                "Test data, database changes and data masking in the pipeline.",
            ),
            m(
                "measurement-and-feedback",
                "Measurement and feedback",
                "度量与反馈",
                &["measurement", "delivery metrics"],
                "Delivery metrics, dashboards and continuous improvement.",
            ),
        ],
    },
    PartDef {
        id: "technical-operations",
        name: "Technical operations",
        name_zh: "技术运营",
        short: "",
        aliases: &["technical operation", "tech operations"],
        description: "The part of the model that covers running and operating systems in production.",
        modules: &[
            m(
                "monitoring-management",
                "Monitoring management",
                "监控管理",
                &["monitoring"],
                "Metrics, logs, traces, alerting and observability.",
            ),
            m(
                "incident-management",
                "Incident management",
                "事件管理",
                &["event management"],
                "Detecting, triaging and resolving incidents, and learning from them.",
            ),
            m(
                "change-management",
                "Change management",
                "变更管理",
                &["production change management"],
                "Planning, approving and carrying out production changes safely.",
            ),
            m(
                "capacity-management",
                "Capacity and performance management",
                "容量与性能管理",
                &["capacity management", "performance management"],
                "Forecasting demand and keeping systems fast under load.",
            ),
            m(
                "continuity-management",
                "Business continuity management",
                "连续性管理",
                &["continuity management", "disaster recovery"],
                "Backups, failover drills and recovery objectives.",
            ),
            m(
                "operations-platform",
                "Operations platform",
                "运营平台",
                &["ops platform"],
                "Self-service tooling that ties operations processes together.",
            ),
        ],
    },
    PartDef {
        id: "application-design",
        name: "Application design",
        name_zh: "应用设计",
        short: "",
        aliases: &[],
        description: "The part of the model concerned with how applications are designed.",
        modules: &[
            m(
                "application-interfaces",
                "Application interfaces",
                "应用接口",
                &["API design"],
                "Interface contracts, versioning and compatibility.",
            ),
            m(
                "application-performance",
                "Application performance",
                "应用性能",
                &[],
                "Designing for latency, throughput and efficient resource use.",
            ),
            m(
                "application-scalability",
                "Application scalability",
                "应用扩展",
                &["scalability"],
                "Horizontal scaling, statelessness and elasticity.",
            ),
            m(
                "fault-tolerance",
                "Fault tolerance",
                "故障处理",
                &["failure handling"],
                "Degradation, circuit breaking, retries and graceful recovery.",
            ),
        ],
    },
    PartDef {
        id: "devsecops",
        name: "Security and risk management",
        name_zh: "安全及风险管理",
        short: "DevSecOps",
        aliases: &["security & risk management", "security and risk", "安全风险管理"],
        description: "The security part of the model, which weaves security controls into the whole DevOps lifecycle.",
        modules: &[
            m(
                "security-development",
                "Security development",
                "安全开发",
                &["DevSecOps security development", "secure development"],
                "Security work during development: requirements, threat modeling, code scanning and security testing.",
            ),
            m(
                "security-delivery",
                "Security delivery",
                "安全交付",
                &["DevSecOps security delivery", "secure delivery"],
                "Security controls built into the delivery pipeline, such as automated checks and security gates.",
            ),
            m(
                "security-operation",
                "Security operation",
                "安全运营",
                &["DevSecOps security operation", "security operations"],
                "Security once systems are live: monitoring, emergency response and closing incidents.",
            ),
        ],
    },
    PartDef {
        id: "system-and-tools",
        name: "System and tools",
        name_zh: "系统和工具",
        short: "",
        aliases: &["system & tools", "system and tool", "systems and tools"],
        description: "The part of the model used to evaluate DevOps systems and tooling.",
        modules: &[
            m(
                "continuous-testing",
                "Continuous testing",
                "持续测试",
                &["continuous testing tools"],
                "Evaluation of continuous testing capability.",
            ),
            m(
                "project-management-tools",
                "Project and requirements management tools",
                "项目与需求管理工具",
                &["requirements tools"],
                "Tools for backlogs, boards and traceability.",
            ),
            m(
                "ci-tools",
                "Continuous integration tools",
                "持续集成工具",
                &["CI tools", "build tools"],
                "Build servers, pipelines and artifact repositories.",
            ),
            m(
                "deployment-tools",
                "Deployment and release tools",
                "部署发布工具",
                &["release tools"],
                "Tools that automate deployment, rollout and rollback.",
            ),
            m(
                "monitoring-tools",
                "Monitoring and operations tools",
                "监控运维工具",
                &["observability tools"],
                "Tools for collecting and acting on operational data.",
            ),
        ],
    },
];

const DOMAINS: &[&str] = &[
    "Security training",
    "Security toolchain",
    "Static code analysis",
    "Security testing",
    "Vulnerability management",
    "Security monitoring",
    "Emergency response",
    "Data management",
    "Threat modeling",
    "Security requirements",
    "Open source governance",
    "Software composition analysis",
    "Container security",
    "Secrets management",
    "Access control",
    "Configuration management",
    "Build management",
    "Continuous integration",
    "Test automation",
    "Deployment automation",
    "Release management",
    "Environment management",
    "Artifact management",
    "Code review",
    "Branching strategy",
    "Requirements management",
    "Iteration planning",
    "Value stream",
    "Metrics and feedback",
    "Monitoring",
    "Incident management",
    "Change management",
    "Capacity planning",
    "Observability",
    "Log analysis",
    "Disaster recovery",
    "Performance testing",
    "Interface testing",
    "Infrastructure as code",
    "Cloud native",
    "Microservices governance",
    "Database change management",
    "Compliance audit",
    "Team collaboration",
];

const TAGS: &[&str] = &[
    "mobile banking",
    "core banking",
    "credit card",
    "open banking",
    "payments",
    "wealth management",
    "cloud native",
    "microservices",
    "mainframe migration",
    "first batch",
    "internet banking",
    "risk control",
    "data platform",
    "AI",
    "low-code",
    "regulatory reporting",
    "supply chain finance",
    "inclusive finance",
    "rural finance",
    "trade finance",
    "customer service",
    "marketing",
    "office automation",
    "securities trading",
    "insurance claims",
    "API gateway",
    "e-CNY",
    "anti-fraud",
    "private cloud",
    "container platform",
    "state-owned bank",
    "multi-project entry",
    "Xinchuang",
    "distributed architecture",
];

const PROJECTS: &[&str] = &[
    "Mobile banking app",
    "Personal mobile banking",
    "Corporate online banking",
    "Core banking system",
    "Credit card system",
    "Open banking gateway",
    "Unified payment platform",
    "Wealth management platform",
    "Retail loan system",
    "Anti-fraud platform",
    "Customer relationship management system",
    "Data middle platform",
    "Digital RMB wallet service",
    "Supply chain finance platform",
    "Intelligent customer service",
    "Unified authentication platform",
    "Marketing campaign platform",
    "Treasury management system",
    "Foreign exchange trading system",
    "Bill management system",
    "Counter business system",
    "Enterprise service bus",
    "Unified encryption platform",
    "IoT smart operation platform",
    "Audio and video security platform",
    "Precious metals mall",
    "Cloud note",
    "Securities trading system",
    "Margin trading system",
    "Insurance claims platform",
    "Policy administration system",
    "Agent sales app",
    "Risk data mart",
    "Regulatory reporting system",
    "Credit approval system",
    "Inclusive finance platform",
    "Rural e-commerce service",
    "Mobile office platform",
    "Branch operations system",
    "ATM management platform",
    "API management platform",
    "Container cloud platform",
    "DevOps platform",
    "Log analytics platform",
    "Monitoring platform",
    "Collection management system",
    "Fund sales system",
    "Asset custody system",
    "Payroll service",
    "Smart investment advisor",
    "Merchant acquiring system",
    "Cross-border remittance system",
    "Pension finance platform",
    "Green finance platform",
    "Scenario finance platform",
    "Mini program banking",
    "Online lending platform",
    "Account management system",
    "Identity verification service",
    "Electronic channels platform",
];

const SURNAMES: &[&str] = &[
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
    "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han",
    "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan", "Cai", "Jiang",
    "Yu", "Du", "Ye", "Cheng", "Wei", "Su", "Lu", "Ding", "Ren", "Shen", "Yao", "Jia",
];

const GIVEN: &[&str] = &[
    "Wei", "Fang", "Min", "Jing", "Lei", "Jun", "Yang", "Yong", "Yan", "Jie", "Tao", "Ming",
    "Chao", "Xiuying", "Xia", "Ping", "Gang", "Hui", "Jian", "Hong", "Qiang", "Lin", "Bo", "Ning",
    "Peng", "Xin", "Hao", "Yu", "Kai", "Rui", "Aijun", "Shizhi", "Zhiqiang", "Xiaoming", "Haiyan",
    "Lijuan", "Guohua", "Jianguo", "Wenjie", "Yuting", "Zihan", "Haoran", "Yifan", "Xiaolong",
    "Dongmei", "Chunhua", "Jinlong", "Yanping", "Weidong", "Zhenyu", "Qian", "Lu", "Bin", "Dan",
    "Shuang",
];

const ROLES: &[(&str, &str)] = &[
    ("Chief Information Officer", "CIO"),
    ("Head of IT Department", "Head of IT"),
    ("Deputy General Manager of the Technology Department", "Deputy GM, Technology"),
    ("DevOps Lead", "DevOps lead"),
    ("Head of Information Security", "Head of Security"),
    ("Chief Architect", "Chief Architect"),
    ("Director of the Development Center", "Development Director"),
    ("Director of the Testing Center", "Testing Director"),
    ("Operations Manager", "Operations Manager"),
    ("Security Architect", "Security Architect"),
    ("Project Manager", "Project Manager"),
    ("Product Owner", "Product Owner"),
    ("R&D Director", "R&D Director"),
    ("Chief Technology Officer", "CTO"),
    ("Head of Quality Assurance", "Head of QA"),
    ("Platform Engineering Lead", "Platform Lead"),
];

const EVENTS: &[&str] = &[
    "GOLF+ IT New Governance Leadership Forum",
    "DevOps International Summit (DOIS)",
    "GOPS Global Operations Conference",
    "Trusted Cloud Conference",
    "Cloud Native Industry Conference",
    "XOps Industry Innovation Summit",
    "Digital Finance Technology Forum",
    "Financial DevOps Practice Forum",
    "China Software Quality Conference",
];

const TOOLS: &[&str] = &[
    "Jenkins",
    "GitLab CI",
    "SonarQube",
    "Harbor",
    "Nexus",
    "Kubernetes",
    "Argo CD",
    "Ansible",
    "Terraform",
    "Prometheus",
    "Grafana",
    "the ELK stack",
    "SkyWalking",
    "JMeter",
    "Selenium",
    "a software composition analysis scanner",
    "an IAST probe",
    "a DAST scanner",
    "a SAST engine",
    "a secrets scanner",
    "a container image scanner",
    "the artifact repository",
    "a unified pipeline platform",
    "a self-built release console",
    "a chaos engineering platform",
    "a service mesh",
];

const PRACTICES: &[&str] = &[
    "trunk-based development",
    "code review on every merge request",
    "automated security gates",
    "shift-left testing",
    "threat modeling workshops",
    "blue-green deployment",
    "canary releases",
    "feature toggles",
    "infrastructure as code",
    "immutable artifacts",
    "a software bill of materials",
    "value stream mapping",
    "daily stand-ups",
    "blameless post-mortems",
    "SLO-based alerting",
    "automated rollback",
    "dependency pinning",
    "secure coding training",
    "red-team exercises",
    "regular vulnerability triage",
    "test data masking",
    "environment templates",
    "change windows",
    "chaos drills",
    "unified logging",
    "pair programming",
    "definition of done checklists",
];

const METRICS: &[&str] = &[
    "deployment frequency",
    "lead time for changes",
    "change failure rate",
    "mean time to recovery",
    "unit test coverage",
    "build success rate",
    "vulnerability fix time",
    "high-risk findings per release",
    "automated test pass rate",
    "requirement delivery cycle",
    "alert noise ratio",
    "release rollback rate",
];

const TEAMS: &[&str] = &[
    "the development team",
    "the testing team",
    "the operations team",
    "the security team",
    "the architecture office",
    "the product team",
    "the platform engineering team",
    "the business side",
    "the project office",
    "the data centre",
];

const RISKS: &[&str] = &[
    "targeted external attacks",
    "vulnerable open-source components",
    "configuration drift",
    "leaked credentials",
    "untested changes reaching production",
    "slow manual approvals",
    "regulatory findings",
    "capacity spikes on holidays",
    "fragmented toolchains",
    "knowledge silos",
];

// --- Sentence templates. {B} bank name, {S} bank short name, {Z} bank Chinese name, {P} project,
// {p} project (mid-sentence), {M} module (lower case), {A} part (lower case), {L} level text,
// {Y} year, {E} event, {T} tool, {X} practice, {D} domain, {K} metric, {N} small number,
// {C} percentage, {W} team, {R} risk, {H} hours, {F} date written out.

const LEAD: &[&str] = &[
    "{B} entered its {p} in CAICT's assessment of the {M} module and came out at {L}.",
    "On {F}, CAICT announced that the {p} of {B} had reached {L} in {M}.",
    "The {p} is one of the systems {B} relies on every day, and since {F} it is also one of its assessed ones: {L} in {M}.",
    "Few projects at {B} changed as much in the last two years as the {p}, which has now reached {L} in {M}.",
    "When CAICT published its latest batch of results on {F}, {B} was on the list with its {p}: {L} in {M}.",
];

const INTRO: &[&str] = &[
    "The result was announced at {E}, alongside those of several other financial institutions.",
    "CAICT regards {L} in {M} as an advanced result for a Chinese financial institution.",
    "The assessment covered {ND} capability domains, among them {D}.",
    "In this interview the team behind the project explains what it took to get there.",
    "For {S}, the result caps several years of work on {A}.",
    "The project team had started preparing more than a year before the assessment.",
];

const ANSWER: &[&str] = &[
    "We started with {X}, because without it nothing else would hold.",
    "Before the assessment, our {K} was something we guessed at; now we measure it every week.",
    "{W} owns the pipeline, but everyone can see every stage of it.",
    "We built most of it on {T}, with a thin layer of our own scripts on top.",
    "The hardest part was not the tools but agreeing on one way of working across {N} teams.",
    "In {Y} we had {N} separate toolchains; today there is one, and it is the only way to production.",
    "Our {K} improved by about {C}% within two quarters.",
    "Every merge request now runs through {T}, and a failed gate stops the release.",
    "We treat {D} as a product with its own backlog, not as a side task.",
    "The {p} handles a large share of the bank's transactions, so we could not afford to slow it down.",
    "The main risks we face are {R} and {R2}.",
    "We learned that {X} only works when managers take part in it too.",
    "A release that used to take {H} hours of manual work now takes minutes.",
    "We wrote our own checklists for {D} and reviewed them with CAICT's experts.",
    "The assessors asked for evidence on every point, so we kept records from the first day.",
    "{W} and {W2} now sit in the same planning meetings.",
    "We introduced {X} first in the {p} and then rolled it out to other systems.",
    "Security is no longer a gate at the end; it is part of every stage of {M}.",
    "Our rule is simple: if a step is done twice by hand, it gets automated.",
    "We publish the {K} of each team on a shared dashboard.",
    "The {M} module asked us to prove that controls actually run, not just that they exist.",
    "Some internal policies lacked detail, so we rewrote them before the on-site review.",
    "We ran {N} rounds of internal pre-assessment before CAICT came.",
    "After the assessment we had a clear list of gaps, ranked by effort and value.",
    "Tooling from {T} gave us a common language between development and operations.",
    "Not everything went smoothly; our first attempt at {X} was abandoned after a month.",
    "We now fix critical findings within {N} days on average.",
    "What mattered most was that {W} saw the benefit early.",
    "Much of the work was invisible: cleaning up repositories, retiring old scripts and writing things down.",
    "The {p} went through {N} releases during the assessment period without a single rollback.",
    "We used the standard as a map rather than as an exam.",
    "Compared with {Y}, our {K} has roughly halved.",
    "Training was essential: more than {C}% of engineers took the secure coding course.",
    "We measure {K} and {K2} for every release and discuss them in the retrospective.",
    "The bank's leadership made {A} a priority in the technology plan.",
    "Nobody likes audits, but this one gave us arguments we had been missing for years.",
    "It also showed us that {D} was weaker than we thought.",
    "We kept the scope small on purpose: one system, done properly.",
    "Three years ago a release of the {p} needed a weekend and a dozen people; now it happens on a Tuesday afternoon.",
    "The first version of our pipeline took {H} minutes; we cut that in half by caching dependencies and splitting the test suite.",
    "We mapped every requirement of the {M} module to a concrete piece of evidence in our tools.",
    "{W} was sceptical at first, and honestly that helped: every control had to justify itself.",
    "For {D}, we started from the regulator's expectations and worked backwards.",
    "Our developers now see scan results in the merge request, within minutes of pushing.",
    "We do not chase a zero-finding report; we chase a short time from finding to fix.",
    "We found that {K} says more about the health of a team than any survey.",
    "Our biggest single improvement came from {X}.",
    "We replaced {N} hand-written deployment scripts with one declarative pipeline.",
    "The {p} serves millions of customers, so every change is rehearsed in a production-like environment first.",
    "At the on-site review, the experts picked {N} random changes and asked us to trace each one end to end.",
    "What we measure, we discuss; what we discuss, we improve.",
    "Each team has a security champion who spends part of the week on {D}.",
    "Before the assessment, {D} depended on two or three people; now it is documented and shared.",
    "The standard's requirements for {D} matched problems we already had, which made the case easy to argue.",
    "We moved approvals into the pipeline, so an auditor can see who approved what and when.",
    "The hardest conversations were about ownership, not technology.",
    "A good dashboard ended more arguments than any meeting.",
    "Our target for {K} was ambitious, and we have not reached it yet.",
    "The work also paid off in the next regulatory inspection.",
    "It took {N} months to move the {p} onto the new toolchain without interrupting service.",
    "We now run a full regression suite on every change to the {p}, not only before releases.",
    "{T} replaced a mix of spreadsheets and emails.",
    "During preparation we reviewed more than {N}0 internal documents.",
    "{S} has a long tradition of careful change control, and we wanted to keep that while moving faster.",
    "The level we reached is a milestone, not the destination.",
    "We invited the assessors' feedback early, during the pre-assessment, rather than waiting for the verdict.",
    "If I had to pick one lesson, it is to automate the evidence, not just the work.",
    "Most incidents we saw last year traced back to {R}.",
    "We built a small internal portal so that every team can see its own {K}.",
];

const QUESTIONS: &[&str] = &[
    "What does the {p} do?",
    "Why did {S} sign up for the {M} assessment?",
    "How does a {L} result feel?",
    "What was the hardest part of preparing?",
    "How is {D} organised today?",
    "Which tools did you rely on?",
    "How do you measure progress?",
    "What changed for developers?",
    "What changed for the operations team?",
    "How do security and delivery work together?",
    "What did the assessors look at most closely?",
    "Where did you fall short?",
    "How did you get management on board?",
    "What role did {X} play?",
    "How do you handle {R}?",
    "What would you tell a bank that is just starting?",
    "How does this result fit into the bank's wider plans?",
    "What surprised you during the assessment?",
    "How large is the team behind the {p}?",
    "What did the previous assessments teach you?",
    "How do you keep {K} under control?",
    "Culture, process or technology: which came first?",
    "How did the pandemic years affect the project?",
    "What is next for {A} at {S}?",
    "How do you decide what to automate?",
    "Did the standard change how you plan work?",
];

const SECTIONS: &[&str] = &[
    "The result",
    "Background",
    "The interview",
    "Preparing for the assessment",
    "How the work is organised",
    "Tools and platforms",
    "Lessons learned",
    "Results in numbers",
    "People and culture",
];

const CLOSING: &[&str] = &[
    "Next, {S} plans to extend {X} beyond the {p} to the rest of its systems.",
    "The team will work towards a higher level in {M} and close the gaps the assessors found.",
    "We want the whole bank, not just one project, to work this way by {Y2}.",
    "The next step is to connect {D} with the bank's risk management processes.",
    "Improvement continues: every gap is now a ticket with an owner and a date.",
    "We will enter {N} more projects in the next round of assessments.",
];

const QUOTES: &[&str] = &[
    "The assessment did not tell us anything we did not know, but it told everyone else.",
    "If a control cannot be shown working in the pipeline, it does not exist.",
    "We stopped arguing about tools once we agreed on the measures.",
    "Security has to move at the speed of delivery, or it will be bypassed.",
    "The standard gave us a shared vocabulary with the business.",
    "Small batches, fast feedback, no heroes.",
    "Automation is how we keep promises we made to the regulator.",
];

const LIST_ITEMS: &[&str] = &[
    "**Culture:** {X} and regular training, with responsibilities spelled out clearly.",
    "**Process:** explicit policies for {D} and for closing findings.",
    "**Technology:** an end-to-end toolchain built around {T}.",
    "Automated gates for {D} on every build.",
    "A weekly review of {K} with {W}.",
    "{X} for all new services.",
    "One artifact repository for all teams, fed only by the pipeline.",
    "Dashboards that show {K} per team and per release.",
    "Clear ownership: {W} for the pipeline, {W2} for the policies.",
    "Quarterly drills against {R}.",
    "A shared library of pipeline templates.",
    "Documented exceptions, each with an expiry date.",
];

// Chinese paragraph fragments.
const ZH_OPEN: &[&str] = &[
    "近年来，",
    "在数字化转型的背景下，",
    "围绕{Mz}，",
    "自{Y}年起，",
    "为落实监管要求，",
    "在本次评估中，",
    "面对日益复杂的网络安全形势，",
    "以项目为抓手，",
];
const ZH_SUBJ: &[&str] =
    &["{Z}", "我行", "项目团队", "研发中心", "科技部门", "安全团队", "运维中心"];
const ZH_VERB: &[&str] =
    &["持续推进", "全面建设", "逐步完善", "深入落实", "积极探索", "系统梳理", "不断优化"];
const ZH_OBJ: &[&str] = &[
    "研发运营一体化体系",
    "安全交付流水线",
    "漏洞管理闭环",
    "持续交付能力",
    "自动化测试平台",
    "制品库与配置管理",
    "DevSecOps工具链",
    "安全左移实践",
    "应急响应机制",
    "容器镜像安全扫描",
    "开源组件治理",
    "度量与反馈体系",
    "变更管理流程",
    "监控告警平台",
    "需求全生命周期管理",
];
const ZH_TAIL: &[&str] = &[
    "，有效提升了交付效率。",
    "，实现了安全与效率的平衡。",
    "，形成了可度量、可追溯的管理闭环。",
    "，为业务创新提供了有力支撑。",
    "，显著降低了生产变更风险。",
    "，推动了开发、测试、运维和安全团队的协同。",
    "，达到了{Lz}的要求。",
    "，获得了评估专家的认可。",
];

const CODE_LANGS: &[&str] = &["yaml", "bash", "rust", "json", "python", "toml"];

// ---------------------------------------------------------------------------------------
// Registry model
// ---------------------------------------------------------------------------------------

struct Bank {
    id: String,
    name: String,
    name_zh: String,
    short: Option<String>,
    aliases: Vec<String>,
    kind: &'static str,
    region: Option<String>,
    description: String,
}

impl Bank {
    fn short_name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }
}

/// A part or a module, flattened.
struct Unit {
    id: &'static str,
    name: &'static str,
    name_zh: &'static str,
    aliases: &'static [&'static str],
    /// Index of the part in `PARTS`.
    part: usize,
    is_part: bool,
}

fn norm(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Collects institutions while keeping every id, name and alias unique.
struct BankSet {
    banks: Vec<Bank>,
    keys: HashSet<String>,
}

impl BankSet {
    /// Adds a bank unless its id, name, Chinese name or short name is taken; aliases that
    /// are taken are dropped.
    fn add(&mut self, mut b: Bank) -> bool {
        let mut primary: Vec<String> = vec![norm(&b.id), norm(&b.name), norm(&b.name_zh)];
        if let Some(s) = &b.short {
            primary.push(norm(s));
        }
        if primary.iter().any(|k| self.keys.contains(k)) {
            return false;
        }
        let mut own: HashSet<String> = primary.iter().cloned().collect();
        b.aliases.retain(|a| {
            let k = norm(a);
            !k.is_empty() && !self.keys.contains(&k) && own.insert(k)
        });
        self.keys.extend(own);
        self.banks.push(b);
        true
    }
}

fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

fn initials(text: &str) -> String {
    text.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_ascii_uppercase())
        .collect()
}

fn build_banks(rng: &mut Rng) -> Vec<Bank> {
    let mut set = BankSet { banks: Vec::new(), keys: HashSet::new() };
    for &(id, name, zh, short, aliases, kind, region) in FIXED_BANKS {
        let ok = set.add(Bank {
            id: id.into(),
            name: name.into(),
            name_zh: zh.into(),
            short: (short != name).then(|| short.to_string()),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            kind,
            region: (!region.is_empty()).then(|| region.to_string()),
            description: describe(rng, kind, name),
        });
        assert!(ok, "fixed bank {id} collides");
    }
    let mut places: Vec<usize> = (0..PLACES.len()).collect();
    rng.shuffle(&mut places);
    // City commercial banks.
    for &pi in places.iter().take(74) {
        let (city, zh, region) = PLACES[pi];
        let name = format!("Bank of {city}");
        let mut aliases = vec![format!("{zh}银行股份有限公司")];
        if rng.chance(0.5) {
            aliases.push(format!("Bank of {city} Co., Ltd."));
        }
        if rng.chance(0.4) {
            aliases.push(format!("BO{}", city[..1].to_ascii_uppercase()));
        }
        set.add(Bank {
            id: format!("{}-bank", slugify(city)),
            description: describe(rng, "city-commercial", &name),
            name,
            name_zh: format!("{zh}银行"),
            short: Some(format!("{city} Bank")),
            aliases,
            kind: "city-commercial",
            region: Some(region.into()),
        });
    }
    // Rural commercial banks, from a fresh shuffle (a city may have both).
    rng.shuffle(&mut places);
    for &pi in places.iter().take(52) {
        let (city, zh, region) = PLACES[pi];
        let name = format!("{city} Rural Commercial Bank");
        let mut aliases = vec![format!("{zh}农商银行")];
        if rng.chance(0.5) {
            aliases.push(format!("{city} Rural Bank"));
        }
        set.add(Bank {
            id: format!("{}-rcb", slugify(city)),
            description: describe(rng, "rural-commercial", &name),
            name,
            name_zh: format!("{zh}农村商业银行"),
            short: Some(format!("{city} RCB")),
            aliases,
            kind: "rural-commercial",
            region: Some(region.into()),
        });
    }
    for &(en, zh) in SECURITIES.iter().take(22) {
        let name = format!("{en} Securities");
        let mut aliases = vec![format!("{zh}证券股份有限公司")];
        if en.contains(' ') {
            aliases.push(format!("{} Securities", initials(en)));
        }
        set.add(Bank {
            id: slugify(&name),
            description: describe(rng, "securities", &name),
            name,
            name_zh: format!("{zh}证券"),
            short: None,
            aliases,
            kind: "securities",
            region: Some(PLACES[rng.below(12)].2.into()),
        });
    }
    for (i, &(en, zh)) in INSURERS.iter().enumerate() {
        let (name, name_zh) = if i % 3 == 2 {
            (format!("{en} Property & Casualty Insurance"), format!("{zh}财产保险"))
        } else {
            (format!("{en} Life Insurance"), format!("{zh}人寿保险"))
        };
        let short = name
            .replace(" Property & Casualty Insurance", " P&C")
            .replace(" Life Insurance", " Life");
        set.add(Bank {
            id: slugify(&name),
            description: describe(rng, "insurance", &name),
            name,
            name_zh,
            short: Some(short),
            aliases: vec![],
            kind: "insurance",
            region: Some(PLACES[rng.below(12)].2.into()),
        });
    }
    for k in 0..10 {
        let (city, zh, region) = PLACES[places[60 + k]];
        let (name, name_zh, id) = match k % 3 {
            0 => (
                format!("{city} Consumer Finance"),
                format!("{zh}消费金融"),
                format!("{}-consumer-finance", slugify(city)),
            ),
            1 => (
                format!("{city} Financial Leasing"),
                format!("{zh}金融租赁"),
                format!("{}-financial-leasing", slugify(city)),
            ),
            _ => (format!("{city} Trust"), format!("{zh}信托"), format!("{}-trust", slugify(city))),
        };
        set.add(Bank {
            id,
            description: describe(rng, "other", &name),
            aliases: vec![format!("{name_zh}有限公司")],
            name,
            name_zh,
            short: None,
            kind: "other",
            region: Some(region.into()),
        });
    }
    set.banks
}

fn describe(rng: &mut Rng, kind: &str, name: &str) -> String {
    let what = match kind {
        "state-owned" => "one of China's large state-owned commercial banks",
        "joint-stock" => "a national joint-stock commercial bank",
        "city-commercial" => "a city commercial bank",
        "rural-commercial" => "a rural commercial bank serving county and village customers",
        "private" => "a private bank that operates mainly online",
        "policy" => "a policy bank",
        "foreign" => "the locally incorporated arm of a foreign bank",
        "securities" => "a securities firm",
        "insurance" => "an insurance company",
        _ => "a non-bank financial institution",
    };
    let since = 2015 + rng.below(7);
    format!("{name} is {what}. It began adopting DevOps practices in {since}.")
}

fn build_units() -> Vec<Unit> {
    let mut units = Vec::new();
    let mut seen = HashSet::new();
    for (pi, p) in PARTS.iter().enumerate() {
        units.push(Unit {
            id: p.id,
            name: p.name,
            name_zh: p.name_zh,
            aliases: p.aliases,
            part: pi,
            is_part: true,
        });
        let own: HashSet<String> = [p.id, p.name, p.name_zh, p.short]
            .into_iter()
            .chain(p.aliases.iter().copied())
            .filter(|k| !k.is_empty())
            .map(norm)
            .collect();
        for k in own {
            assert!(seen.insert(k.clone()), "duplicate module name {k}");
        }
        for md in p.modules {
            units.push(Unit {
                id: md.id,
                name: md.name,
                name_zh: md.name_zh,
                aliases: md.aliases,
                part: pi,
                is_part: false,
            });
            for k in [md.id, md.name, md.name_zh].into_iter().chain(md.aliases.iter().copied()) {
                assert!(seen.insert(norm(k)), "duplicate module name {k}");
            }
        }
    }
    units
}

// ---------------------------------------------------------------------------------------
// YAML helpers
// ---------------------------------------------------------------------------------------

/// Writes `s` as a YAML scalar, plain when that is unambiguous, double-quoted otherwise.
fn yq(out: &mut String, s: &str) {
    let first_ok = s.chars().next().is_some_and(|c| c.is_alphabetic());
    let chars_ok = s
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | '\'' | '(' | ')' | '/'));
    let keyword = matches!(
        s.to_ascii_lowercase().as_str(),
        "y" | "n" | "yes" | "no" | "true" | "false" | "on" | "off" | "null" | "~"
    );
    if first_ok && chars_ok && !keyword && !s.ends_with(' ') {
        out.push_str(s);
    } else {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                _ => out.push(c),
            }
        }
        out.push('"');
    }
}

fn ylist(out: &mut String, items: &[&str]) {
    out.push('[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        yq(out, s);
    }
    out.push(']');
}

macro_rules! w {
    ($($t:tt)*) => { let _ = write!($($t)*); };
}

fn write_site_yaml(n: usize, seed: u64) -> String {
    let mut s = String::new();
    w!(
        s,
        "# Synthetic casebook site generated by `cargo run --example gen_corpus -- --n {n} --seed {seed}`.\n"
    );
    s.push_str("title: Synthetic DevOps Case Studies\n");
    w!(
        s,
        "description: \"{n} generated interviews about CAICT DevOps capability maturity assessments (YD/T 3763), for benchmarking casebook.\"\n"
    );
    s.push_str("base_url: /\nlanguage: en\nper_page: 20\n");
    s
}

fn write_banks_yaml(banks: &[Bank]) -> String {
    let mut s = String::with_capacity(banks.len() * 300);
    s.push_str("# Registry of institutions (synthetic, generated by gen_corpus).\n");
    for b in banks {
        s.push_str("\n- id: ");
        s.push_str(&b.id);
        s.push_str("\n  name: ");
        yq(&mut s, &b.name);
        s.push_str("\n  name_zh: ");
        yq(&mut s, &b.name_zh);
        if let Some(short) = &b.short {
            s.push_str("\n  short: ");
            yq(&mut s, short);
        }
        if !b.aliases.is_empty() {
            s.push_str("\n  aliases: ");
            let a: Vec<&str> = b.aliases.iter().map(String::as_str).collect();
            ylist(&mut s, &a);
        }
        s.push_str("\n  type: ");
        s.push_str(b.kind);
        if let Some(r) = &b.region {
            s.push_str("\n  region: ");
            yq(&mut s, r);
        }
        s.push_str("\n  description: >-\n    ");
        s.push_str(&b.description);
        s.push('\n');
    }
    s
}

fn write_modules_yaml() -> String {
    let mut s = String::new();
    s.push_str("# Parts and modules of YD/T 3763, \"研发运营一体化(DevOps)能力成熟度模型\"\n");
    s.push_str(
        "# (DevOps capability maturity model). Synthetic extension generated by gen_corpus.\n",
    );
    for p in PARTS {
        w!(s, "\n- id: {}\n  name: ", p.id);
        yq(&mut s, p.name);
        w!(s, "\n  name_zh: {}\n", p.name_zh);
        if !p.short.is_empty() {
            w!(s, "  short: {}\n", p.short);
        }
        if !p.aliases.is_empty() {
            s.push_str("  aliases: ");
            ylist(&mut s, p.aliases);
            s.push('\n');
        }
        w!(s, "  description: >-\n    {}\n", p.description);
        if !p.modules.is_empty() {
            s.push_str("  modules:\n");
        }
        for md in p.modules {
            w!(s, "    - id: {}\n      name: ", md.id);
            yq(&mut s, md.name);
            w!(s, "\n      name_zh: {}\n", md.name_zh);
            if !md.aliases.is_empty() {
                s.push_str("      aliases: ");
                ylist(&mut s, md.aliases);
                s.push('\n');
            }
            w!(s, "      description: >-\n        {}\n", md.description);
        }
    }
    s
}

// ---------------------------------------------------------------------------------------
// Case metadata (sequential pass) and bodies (parallel pass)
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Date {
    y: u16,
    m: u8,
    d: u8,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

struct Announcement {
    date: Date,
    event: String,
}

const FIRST_YEAR: u16 = 2017;
const YEARS: usize = 8;
const YEAR_WEIGHTS: [u32; YEARS] = [1, 2, 3, 5, 7, 9, 11, 12];

fn announcements(rng: &mut Rng) -> Vec<Vec<Announcement>> {
    (0..YEARS)
        .map(|yi| {
            let y = FIRST_YEAR + yi as u16;
            // One batch per quarter, the last one in December (results are published in batches).
            let windows: [(u8, u8); 4] = [(3, 4), (6, 7), (9, 10), (12, 12)];
            windows
                .iter()
                .map(|&(m0, m1)| {
                    let m = m0 + rng.below(usize::from(m1 - m0) + 1) as u8;
                    let d = rng.range(5, 28) as u8;
                    let event = format!("{y} {}", rng.pick(EVENTS));
                    Announcement { date: Date { y, m, d }, event }
                })
                .collect()
        })
        .collect()
}

struct Meta {
    bank: usize,
    unit: usize,
    level: u8,
    plus: bool,
    date: Date,
    /// Event of the announcement day, when the case falls on one.
    event: Option<usize>,
    draft: bool,
    project: String,
    /// `content/cases/<yyyy>/<file>.md`
    path: String,
    slug: String,
}

fn build_meta(
    n: usize,
    seed: u64,
    banks: &[Bank],
    units: &[Unit],
    ann: &[Vec<Announcement>],
) -> Vec<Meta> {
    let mut rng = Rng::derive(seed, 2, 0);
    let modules: Vec<usize> = (0..units.len()).filter(|&i| !units[i].is_part).collect();
    let parts: Vec<usize> = (0..units.len()).filter(|&i| units[i].is_part).collect();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        // Skewed towards the big banks at the front of the registry.
        let bank = ((banks.len() as f64) * rng.unit().powf(1.6)) as usize;
        let unit = if rng.chance(0.05) { rng.pick(&parts) } else { rng.pick(&modules) };
        let level = [1u8, 2, 3, 4, 5][rng.weighted(&[5, 30, 40, 18, 7])];
        let plus = level < 5 && rng.chance(0.10);
        let yi = rng.weighted(&YEAR_WEIGHTS);
        let (date, event) = if rng.chance(0.9) {
            let a = rng.below(ann[yi].len());
            (ann[yi][a].date, Some(yi * 4 + a))
        } else {
            let m = rng.range(1, 12) as u8;
            (Date { y: FIRST_YEAR + yi as u16, m, d: rng.range(1, 28) as u8 }, None)
        };
        let draft = rng.chance(0.02);
        let mut project = rng.pick(PROJECTS).to_string();
        if rng.chance(0.1) {
            w!(project, " (phase {})", rng.range(2, 4));
        }
        let stem = format!("{date}-{}-{}", banks[bank].id, i + 1);
        let path = format!("content/cases/{}/{stem}.md", date.y);
        // A few cases set their own slug in the front matter.
        let slug = if rng.chance(0.05) {
            format!("{}-{}-{}", banks[bank].id, slugify(&project), i + 1)
        } else {
            stem
        };
        out.push(Meta { bank, unit, level, plus, date, event, draft, project, path, slug });
    }
    out
}

/// Everything a case's text is generated from.
struct Ctx<'a> {
    bank: &'a Bank,
    unit: &'a Unit,
    project: &'a str,
    project_lc: String,
    module_lc: String,
    part_lc: String,
    level: String,
    level_zh: &'static str,
    year: u16,
    event_phrase: String,
    n_domains: usize,
    date_long: String,
    domains: Vec<&'static str>,
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match (c.next(), c.next()) {
        (Some(a), Some(b)) if a.is_ascii_uppercase() && !b.is_ascii_uppercase() => {
            let mut out = String::with_capacity(s.len());
            out.push(a.to_ascii_lowercase());
            out.push_str(&s[1..]);
            out
        }
        _ => s.to_string(),
    }
}

/// Expands a template into `out`, returning the number of words written.
fn expand(out: &mut String, tpl: &str, cx: &Ctx, rng: &mut Rng) -> usize {
    let start = out.len();
    let (mut last_k, mut last_w, mut last_r) = (0, 0, 0);
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').expect("unclosed placeholder");
        let key = &after[..close];
        match key {
            "B" => out.push_str(&cx.bank.name),
            "S" => out.push_str(cx.bank.short_name()),
            "Z" => out.push_str(&cx.bank.name_zh),
            "P" => out.push_str(cx.project),
            "p" => out.push_str(&cx.project_lc),
            "M" => out.push_str(&cx.module_lc),
            "Mz" => out.push_str(cx.unit.name_zh),
            "A" => out.push_str(&cx.part_lc),
            "L" => out.push_str(&cx.level),
            "Lz" => out.push_str(cx.level_zh),
            "Y" => {
                w!(out, "{}", cx.year - 1 - rng.below(3) as u16);
            }
            "Y2" => {
                w!(out, "{}", cx.year + 2 + rng.below(2) as u16);
            }
            "E" => out.push_str(&cx.event_phrase),
            "ND" => {
                w!(out, "{}", cx.n_domains);
            }
            "F" => out.push_str(&cx.date_long),
            "T" => out.push_str(rng.pick(TOOLS)),
            "X" => out.push_str(rng.pick(PRACTICES)),
            "D" => out.push_str(&lower_first(rng.pick(&cx.domains))),
            "K" | "K2" => {
                out.push_str(METRICS[fresh(rng, METRICS.len(), &mut last_k, key == "K2")])
            }
            "N" => {
                w!(out, "{}", rng.range(3, 12));
            }
            "C" => {
                w!(out, "{}", rng.range(15, 85));
            }
            "H" => {
                w!(out, "{}", rng.range(4, 36));
            }
            "W" | "W2" => out.push_str(TEAMS[fresh(rng, TEAMS.len(), &mut last_w, key == "W2")]),
            "R" | "R2" => out.push_str(RISKS[fresh(rng, RISKS.len(), &mut last_r, key == "R2")]),
            _ => panic!("unknown placeholder {key}"),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out[start..].split_ascii_whitespace().count()
}

/// An index of `0..n`; for a second placeholder (`K2`) one different from the first.
fn fresh(rng: &mut Rng, n: usize, last: &mut usize, second: bool) -> usize {
    let i = if second { (*last + 1 + rng.below(n - 1)) % n } else { rng.below(n) };
    *last = i;
    i
}

/// Capitalises the first ASCII letter of `out[from..]` (sentences that start with a team).
fn capitalise_at(out: &mut String, from: usize) {
    if let Some(c) = out[from..].chars().next().filter(char::is_ascii_lowercase) {
        out.replace_range(from..from + 1, &c.to_ascii_uppercase().to_string());
    }
}

fn sentences(out: &mut String, pool: &[&str], k: usize, cx: &Ctx, rng: &mut Rng) -> usize {
    let mut words = 0;
    for (j, idx) in rng.distinct(pool.len(), k).into_iter().enumerate() {
        if j > 0 {
            out.push(' ');
        }
        let at = out.len();
        words += expand(out, pool[idx], cx, rng);
        capitalise_at(out, at);
    }
    words
}

/// Templates dealt without repetition until the pool is used up (then reshuffled).
struct Deck {
    order: Vec<usize>,
    pos: usize,
}

impl Deck {
    fn new(n: usize, rng: &mut Rng) -> Deck {
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        Deck { order, pos: 0 }
    }

    fn next(&mut self, rng: &mut Rng) -> usize {
        if self.pos == self.order.len() {
            rng.shuffle(&mut self.order);
            self.pos = 0;
        }
        self.pos += 1;
        self.order[self.pos - 1]
    }
}

/// `k` answer sentences from `deck` (over `ANSWER`).
fn answer(out: &mut String, deck: &mut Deck, k: usize, cx: &Ctx, rng: &mut Rng) -> usize {
    let mut words = 0;
    for j in 0..k {
        if j > 0 {
            out.push(' ');
        }
        let at = out.len();
        let t = deck.next(rng);
        words += expand(out, ANSWER[t], cx, rng);
        capitalise_at(out, at);
    }
    words
}

fn chinese_paragraph(out: &mut String, cx: &Ctx, rng: &mut Rng) -> usize {
    let k = rng.range(3, 5);
    let start = out.len();
    for _ in 0..k {
        expand(out, rng.pick(ZH_OPEN), cx, rng);
        expand(out, rng.pick(ZH_SUBJ), cx, rng);
        out.push_str(rng.pick(ZH_VERB));
        out.push_str(rng.pick(ZH_OBJ));
        expand(out, rng.pick(ZH_TAIL), cx, rng);
    }
    out.push_str("\n\n");
    // Count roughly two characters as one word.
    out[start..].chars().count() / 2
}

fn code_block(out: &mut String, cx: &Ctx, rng: &mut Rng) -> usize {
    let lang = rng.pick(CODE_LANGS);
    let proj = slugify(cx.project);
    let bank = &cx.bank.id;
    let n = rng.range(3, 9);
    let start = out.len();
    w!(out, "```{lang}\n");
    match lang {
        "yaml" => {
            w!(
                out,
                "# {proj}: pipeline with security gates\nstages: [build, sast, sca, test, deploy]\nvariables:\n  PROJECT: {proj}\n  OWNER: {bank}\nsast:\n  stage: sast\n  script:\n    - scanner --project {proj} --fail-on high\n  allow_failure: false\nsca:\n  stage: sca\n  script:\n    - sca-scan --policy {bank}-baseline --max-critical 0 --max-high {n}\n"
            );
        }
        "bash" => {
            w!(
                out,
                "#!/usr/bin/env bash\nset -euo pipefail\n# Nightly dependency scan for {proj}\nmvn -q dependency:tree -DoutputFile=deps.txt\nsca-scan --input deps.txt --policy {bank}-baseline --threshold {n}\nif grep -q CRITICAL report.txt; then\n  echo \"blocking release of {proj}\" >&2\n  exit 1\nfi\n"
            );
        }
        "rust" => {
            w!(
                out,
                "/// Release gate used by the {proj} pipeline.\nfn gate(findings: &[Finding]) -> Result<(), String> {{\n    let blocking = findings.iter().filter(|f| f.severity >= Severity::High).count();\n    if blocking > {n} {{\n        return Err(format!(\"{{blocking}} blocking findings\"));\n    }}\n    Ok(())\n}}\n"
            );
        }
        "json" => {
            w!(
                out,
                "{{\n  \"project\": \"{proj}\",\n  \"institution\": \"{bank}\",\n  \"module\": \"{}\",\n  \"level\": \"{}\",\n  \"gates\": {{ \"sast\": true, \"sca\": true, \"dast\": {}, \"max_high\": {n} }}\n}}\n",
                cx.unit.id,
                cx.level.trim_start_matches("Level "),
                n & 1 == 0
            );
        }
        "python" => {
            w!(
                out,
                "# Weekly delivery metrics for {proj}\nimport statistics\n\ndef lead_time(changes):\n    hours = [c.deployed_at - c.committed_at for c in changes]\n    return statistics.median(hours)\n\nTHRESHOLD_HOURS = {}\n",
                n * 8
            );
        }
        _ => {
            w!(
                out,
                "# {proj} release policy\n[release]\nowner = \"{bank}\"\nwindow = \"22:00-02:00\"\nmax_parallel = {n}\n\n[gates]\nsast = true\nsca = true\ncoverage_min = 0.{}\n",
                rng.range(50, 90)
            );
        }
    }
    out.push_str("```\n\n");
    out[start..].split_ascii_whitespace().count() / 2
}

fn table(out: &mut String, cx: &Ctx, rng: &mut Rng) -> usize {
    let start = out.len();
    if rng.chance(0.5) {
        out.push_str("| Measure | Before | After |\n|---|---:|---:|\n");
        for idx in rng.distinct_between(METRICS.len(), 3, 5) {
            let before = rng.range(20, 99);
            let after = rng.range(5, before);
            w!(out, "| {} | {before} | {after} |\n", METRICS[idx]);
        }
    } else {
        out.push_str("| Stage | Tool | Gate |\n|---|---|---|\n");
        for stage in ["Commit", "Build", "Test", "Release", "Operate"] {
            w!(out, "| {stage} | {} | {} |\n", rng.pick(TOOLS), lower_first(rng.pick(&cx.domains)));
        }
    }
    out.push('\n');
    out[start..].split_ascii_whitespace().count() / 3
}

/// The front matter of one case study as drawn, before it is written out: the casebook
/// file (`write_front`) and the Hugo page (`hugo_site::write_page`) are both written from
/// it, so both sites describe the same cases.
struct Front<'a> {
    title: String,
    /// How the front matter names the institution (id, name, Chinese name, short or alias).
    bank_ref: &'a str,
    /// How the front matter names the module or part.
    unit_ref: &'static str,
    domains: Vec<&'static str>,
    /// `domains: [a, b]` (true) or a block list (false).
    domains_flow: bool,
    summary: Option<String>,
    event: &'a str,
    /// `assessor: CAICT` is written (casebook's default assessor is CAICT too).
    assessor: bool,
    /// (name, English role)
    interviewees: Vec<(String, Option<&'static str>)>,
    tags: Option<Vec<&'a str>>,
    lang: Option<&'static str>,
}

/// Everything drawn for one case: the parts that are not the body.
struct Drawn<'a> {
    cx: Ctx<'a>,
    front: Front<'a>,
    /// (name, index into `ROLES`)
    people: Vec<(String, usize)>,
    chinese: bool,
    lang_zh: bool,
    with_code: bool,
}

/// Draws the text context and the front matter of case `i`, consuming `rng` in the same
/// order as the body generator expects.
fn draw_case<'a>(
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

fn draw_front<'a>(
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
fn write_event_and_people(out: &mut String, f: &Front) {
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
fn write_front(out: &mut String, f: &Front, meta: &Meta) {
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
fn render_case<'a>(
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
    fn short_or_name(&self) -> &'static str {
        if self.short.is_empty() { self.name } else { self.short }
    }
}

fn slugify_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}

// ---------------------------------------------------------------------------------------
// results.yaml / reported.yaml (future feature)
// ---------------------------------------------------------------------------------------

/// A published (non-draft) case near `metas[i]`, for `source:` fields that name a slug.
fn published_slug(metas: &[Meta], i: usize) -> Option<&str> {
    metas[i..].iter().chain(&metas[..i]).take(50).find(|m| !m.draft).map(|m| m.slug.as_str())
}

fn write_results_yaml(
    n: usize,
    seed: u64,
    metas: &[Meta],
    banks: &[Bank],
    units: &[Unit],
) -> String {
    let mut rng = Rng::derive(seed, 4, 0);
    let count = (n / 5).max(1);
    let mut s = String::with_capacity(count * 150);
    s.push_str("# Assessment results without a write-up (synthetic, generated by gen_corpus).\n");
    for _ in 0..count {
        let mi = rng.below(metas.len());
        let meta = &metas[mi];
        let bank = &banks[if rng.chance(0.7) { meta.bank } else { rng.below(banks.len()) }];
        let unit = &units[if rng.chance(0.7) { meta.unit } else { rng.below(units.len()) }];
        s.push_str("- bank: ");
        yq(&mut s, if rng.chance(0.8) { &bank.id } else { &bank.name });
        s.push_str("\n  module: ");
        yq(&mut s, if rng.chance(0.8) { unit.id } else { unit.name });
        s.push('\n');
        if rng.chance(0.9) {
            let level = if rng.chance(0.7) { meta.level } else { rng.range(1, 5) as u8 };
            let plus = level < 5 && rng.chance(0.08);
            w!(s, "  level: \"{level}{}\"\n", if plus { "+" } else { "" });
        }
        // The results schema of issue #14: `announced:` or `known_by:`; the generator
        // dates every result by its announcement (no extra random draws, so the corpus
        // stays the same otherwise).
        w!(s, "  announced: {}\n", meta.date);
        if rng.chance(0.6) {
            s.push_str("  project: ");
            yq(&mut s, rng.pick(PROJECTS));
            s.push('\n');
        }
        if rng.chance(0.2) {
            w!(s, "  count: {}\n", rng.range(2, 9));
        }
        match rng.below(10) {
            0..=1 => {
                w!(
                    s,
                    "  source:\n    title: \"CAICT results\"\n    url: \"https://www.caict.ac.cn/results/{}/{}\"\n",
                    meta.date.y,
                    rng.range(1000, 9999)
                );
            }
            2..=3 => {
                if let Some(slug) = published_slug(metas, mi) {
                    w!(s, "  source: {slug}\n");
                }
            }
            4 => {
                s.push_str("  source:\n    title: ");
                yq(&mut s, &format!("CAICT announcement of {}", meta.date));
                s.push('\n');
            }
            _ => {}
        }
        if rng.chance(0.1) {
            s.push_str("  note: ");
            yq(
                &mut s,
                rng.pick(&[
                    "first batch",
                    "re-assessment",
                    "announced at a regional forum",
                    "multi-project entry",
                ]),
            );
            s.push('\n');
        }
    }
    s
}

fn write_reported_yaml(
    n: usize,
    seed: u64,
    metas: &[Meta],
    banks: &[Bank],
    units: &[Unit],
    ann: &[Vec<Announcement>],
) -> String {
    let mut rng = Rng::derive(seed, 5, 0);
    let count = (n / 50).max(1);
    let kinds = [
        "state-owned",
        "joint-stock",
        "city-commercial",
        "rural-commercial",
        "private",
        "policy",
        "foreign",
        "securities",
        "insurance",
        "other",
    ];
    let mut s = String::with_capacity(count * 120);
    s.push_str("# Totals reported by articles (synthetic, generated by gen_corpus).\n");
    for _ in 0..count {
        if rng.chance(0.6) {
            w!(s, "- bank: {}\n", banks[rng.below(banks.len())].id);
        } else {
            w!(s, "- type: {}\n", rng.pick(&kinds));
        }
        match rng.below(10) {
            0..=2 => s.push_str("  scope: all\n"),
            3..=4 => {}
            5..=7 => {
                let u = &units[rng.below(units.len())];
                w!(s, "  scope: {}\n", u.id);
            }
            _ => {
                let u = &units[rng.below(units.len())];
                s.push_str("  scope: ");
                yq(&mut s, u.name);
                s.push('\n');
            }
        }
        let yi = rng.below(YEARS);
        let a = &ann[yi][rng.below(4)];
        w!(s, "  count: {}\n  as_of: {}\n", rng.range(1, 60), a.date);
        match rng.below(4) {
            0 => {
                s.push_str("  source: ");
                yq(&mut s, &format!("{} press release", a.event));
                s.push('\n');
            }
            1 => {
                if let Some(slug) = published_slug(metas, rng.below(metas.len())) {
                    w!(s, "  source: {slug}\n");
                }
            }
            _ => {}
        }
        if rng.chance(0.1) {
            s.push_str("  note: Includes re-assessments.\n");
        }
    }
    s
}

// The Hugo version of the site. Declared after `w!`, which it uses (macros are in scope
// from their definition on).
#[path = "hugo_site/mod.rs"]
mod hugo_site;

// The heavy shapes of `--heavy` (issue 19): code in many languages, wide tables, Chinese
// interviews, footnotes, links between cases, very long documents.
#[path = "heavy/mod.rs"]
mod heavy;

// ---------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------

struct Args {
    n: usize,
    out: PathBuf,
    seed: u64,
    force: bool,
    /// Also write the corpus as a Hugo site into this directory.
    hugo: Option<PathBuf>,
    /// Add the heavy shapes (see `heavy/mod.rs`).
    heavy: bool,
}

const USAGE: &str =
    "usage: gen_corpus --n N --out DIR [--seed SEED] [--force] [--hugo DIR] [--heavy]";

fn parse_args() -> Result<Args, String> {
    let mut n = None;
    let mut out = None;
    let mut seed = 42u64;
    let mut force = false;
    let mut hugo = None;
    let mut heavy = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let (key, inline) = match a.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        let mut value = |name: &str| {
            inline.clone().or_else(|| it.next()).ok_or(format!("{name} needs a value"))
        };
        match key.as_str() {
            "--n" | "-n" => {
                n = Some(
                    value("--n")?
                        .replace('_', "")
                        .parse::<usize>()
                        .map_err(|e| format!("--n: {e}"))?,
                )
            }
            "--out" | "-o" => out = Some(PathBuf::from(value("--out")?)),
            "--seed" => seed = value("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--force" => force = true,
            "--hugo" => hugo = Some(PathBuf::from(value("--hugo")?)),
            "--heavy" => heavy = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let n = n.ok_or("missing --n")?;
    if n == 0 {
        return Err("--n must be at least 1".into());
    }
    Ok(Args { n, out: out.ok_or("missing --out")?, seed, force, hugo, heavy })
}

fn prepare_dir(out: &Path, force: bool) -> Result<(), String> {
    if out.exists() {
        if !out.is_dir() {
            return Err(format!("{} exists and is not a directory", out.display()));
        }
        let non_empty =
            fs::read_dir(out).map_err(|e| format!("{}: {e}", out.display()))?.next().is_some();
        if non_empty {
            if !force {
                return Err(format!(
                    "{} is not empty (use --force to regenerate into it)",
                    out.display()
                ));
            }
            for sub in ["content/cases", "content/_data"] {
                let p = out.join(sub);
                if p.exists() {
                    fs::remove_dir_all(&p).map_err(|e| format!("{}: {e}", p.display()))?;
                }
            }
        }
    }
    fs::create_dir_all(out.join("content/_data")).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(())
}

fn run(args: &Args) -> Result<(usize, u64), String> {
    let io = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    prepare_dir(&args.out, args.force)?;
    if let Some(dir) = &args.hugo {
        hugo_site::prepare(dir, args.force)?;
    }
    let mut reg_rng = Rng::derive(args.seed, 1, 0);
    let banks = build_banks(&mut reg_rng);
    let units = build_units();
    let ann = announcements(&mut reg_rng);
    let metas = build_meta(args.n, args.seed, &banks, &units, &ann);

    let mut files = 0usize;
    let mut bytes = 0u64;
    let mut put = |rel: &str, text: String| -> Result<(), String> {
        let p = args.out.join(rel);
        fs::write(&p, text.as_bytes()).map_err(|e| io(&p, e))?;
        files += 1;
        bytes += text.len() as u64;
        Ok(())
    };
    put("site.yaml", write_site_yaml(args.n, args.seed))?;
    put("content/_data/banks.yaml", write_banks_yaml(&banks))?;
    put("content/_data/modules.yaml", write_modules_yaml())?;
    put(
        "content/_data/results.yaml",
        write_results_yaml(args.n, args.seed, &metas, &banks, &units),
    )?;
    put(
        "content/_data/reported.yaml",
        write_reported_yaml(args.n, args.seed, &metas, &banks, &units, &ann),
    )?;

    if let Some(dir) = &args.hugo {
        for (rel, text) in hugo_site::site_files(args.n, args.seed, &banks, &units) {
            let p = dir.join(&rel);
            if let Some(parent) = p.parent() {
                fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
            }
            fs::write(&p, text.as_bytes()).map_err(|e| io(&p, e))?;
            files += 1;
            bytes += text.len() as u64;
        }
    }

    for yi in 0..YEARS {
        let p = args.out.join(format!("content/cases/{}", FIRST_YEAR + yi as u16));
        fs::create_dir_all(&p).map_err(|e| io(&p, e))?;
    }

    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(16);
    let chunk = args.n.div_ceil(threads);
    let results: Vec<Result<u64, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (metas, banks, units, ann) = (&metas, &banks, &units, &ann);
                let out_dir = &args.out;
                let hugo_dir = args.hugo.as_deref();
                let (seed, heavy) = (args.seed, args.heavy);
                scope.spawn(move || -> Result<u64, String> {
                    let mut buf = String::with_capacity(16 * 1024);
                    let mut body = String::with_capacity(16 * 1024);
                    let mut total = 0u64;
                    let hi = ((t + 1) * chunk).min(metas.len());
                    for i in (t * chunk).min(hi)..hi {
                        buf.clear();
                        body.clear();
                        let front =
                            render_case(&mut body, i, metas, banks, units, ann, seed, heavy);
                        write_front(&mut buf, &front, &metas[i]);
                        buf.push_str(&body);
                        let p = out_dir.join(&metas[i].path);
                        fs::write(&p, buf.as_bytes())
                            .map_err(|e| format!("{}: {e}", p.display()))?;
                        total += buf.len() as u64;
                        if let Some(dir) = hugo_dir {
                            buf.clear();
                            hugo_site::write_case(&mut buf, &front, &metas[i], banks, units, &body);
                            let p = dir.join(format!("content/cases/{}.md", metas[i].slug));
                            fs::write(&p, buf.as_bytes())
                                .map_err(|e| format!("{}: {e}", p.display()))?;
                            total += buf.len() as u64;
                        }
                    }
                    Ok(total)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("generator thread panicked")).collect()
    });
    for r in results {
        bytes += r?;
    }
    files += if args.hugo.is_some() { 2 * args.n } else { args.n };
    Ok((files, bytes))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_corpus: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let start = Instant::now();
    match run(&args) {
        Ok((files, bytes)) => {
            let secs = start.elapsed().as_secs_f64();
            println!(
                "gen_corpus: {} case studies, {files} files, {bytes} bytes ({:.1} MiB) into {} in {secs:.2} s (seed {})",
                args.n,
                bytes as f64 / (1024.0 * 1024.0),
                args.out.display(),
                args.seed
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::from(1)
        }
    }
}
