//! Calendar dates: the [`Date`] of results and case studies, parsing `YYYY-MM-DD`,
//! day arithmetic for time axes, today's date from the system clock, and the year span
//! pages print ("2019–2024").
//!
//! Dates are plain proleptic Gregorian days without a time zone; "today" is the UTC date.
//! This module does not format dates for a language beyond the English month names the
//! pages use today.

use std::fmt;

/// A calendar date (the day a result was announced). Ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Four-digit year.
    pub year: u16,
    /// 1 to 12.
    pub month: u8,
    /// 1 to the length of the month.
    pub day: u8,
}

const MONTHS: [&str; 12] = [
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

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists in the calendar.
    pub fn parse(text: &str) -> Result<Date, String> {
        let parts: Vec<&str> = text.trim().split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(format!("`{text}` is not a date in the form YYYY-MM-DD"));
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(format!("`{text}` is not a date in the form YYYY-MM-DD"));
        }
        let (Ok(year), Ok(month), Ok(day)) = (y.parse::<u16>(), m.parse::<u8>(), d.parse::<u8>())
        else {
            return Err(format!("`{text}` is not a date in the form YYYY-MM-DD"));
        };
        if !(1..=12).contains(&month) {
            return Err(format!("`{text}` has month {month}; months run from 01 to 12"));
        }
        let len = days_in_month(year, month);
        if day == 0 || day > len {
            return Err(format!(
                "`{text}` is not a real day: {} {year} has {len} days",
                MONTHS[usize::from(month - 1)]
            ));
        }
        Ok(Date { year, month, day })
    }

    /// `24 December 2021`.
    pub fn display(self) -> String {
        format!("{} {} {}", self.day, MONTHS[usize::from(self.month - 1)], self.year)
    }

    /// Days since 1970-01-01 (negative before), for placing dates on a time axis.
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// `Dec 2021`.
    pub fn month_year(self) -> String {
        format!("{} {}", &MONTHS[usize::from(self.month - 1)][..3], self.year)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Today's date (UTC) from the system clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// Converts days since 1970-01-01 to a calendar date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Date { year, month, day }
}

/// The span of `years` as pages print it: `2019–2024` (en dash), `2021` for one year,
/// empty for none. The years need not be sorted.
pub fn years_span(years: impl IntoIterator<Item = u16>) -> String {
    let mut span: Option<(u16, u16)> = None;
    for y in years {
        span = Some(span.map_or((y, y), |(a, b)| (a.min(y), b.max(y))));
    }
    match span {
        Some((a, b)) if a != b => format!("{a}–{b}"),
        Some((a, _)) => a.to_string(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2023-02-29").unwrap_err().contains("28 days"));
        assert!(Date::parse("2021-13-01").is_err());
        assert!(Date::parse("21-12-24").is_err());
        assert_eq!(Date::parse("2021-12-24").unwrap().display(), "24 December 2021");
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        assert_eq!(Date::parse("2000-03-01").unwrap().days(), 11_017);
        let d = |t: &str| Date::parse(t).unwrap().days();
        assert_eq!(d("2024-03-01") - d("2024-02-28"), 2, "leap day");
        assert_eq!(d("2022-01-01") - d("2021-01-01"), 365);
    }

    #[test]
    fn converts_days_to_dates() {
        assert_eq!(civil_from_days(0), Date { year: 1970, month: 1, day: 1 });
        assert_eq!(civil_from_days(19_716), Date { year: 2023, month: 12, day: 25 });
        assert_eq!(civil_from_days(11_016), Date { year: 2000, month: 2, day: 29 });
        for t in ["1999-12-31", "2024-02-29", "2100-03-01"] {
            let d = Date::parse(t).unwrap();
            assert_eq!(civil_from_days(d.days()), d, "{t}");
        }
    }

    #[test]
    fn spans_years_in_any_order() {
        assert_eq!(years_span([2024, 2019, 2021]), "2019–2024");
        assert_eq!(years_span([2021, 2021]), "2021");
        assert_eq!(years_span([]), "");
    }
}
