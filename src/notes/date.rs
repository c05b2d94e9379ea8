//! Dates: the one place a date in kn's own forms is read and compared.
//!
//! The notes' recording dates are normalised by `header::parse_date` to
//! `YYYY-MM-DD`, or `YYYY-MM` when the day is missing or impossible; the
//! command line's `--since`/`--until` take `YYYY`, `YYYY-MM` or
//! `YYYY-MM-DD`. Both are read here, on chrono's calendar, so that an
//! impossible day (`2021-02-31`) is refused everywhere alike.

use chrono::{Datelike, NaiveDate};

/// A date as precise as it was written: a year, a month or a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Date {
    Year(i32),
    Month(i32, u32),
    Day(NaiveDate),
}

impl Date {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with four-digit years and two-digit
    /// months and days, on the calendar; anything else is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next(), parts.next());
        if parts.next().is_some() || !digits(y, 4) {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let Some(m) = m else {
            return Some(Date::Year(year));
        };
        if !digits(m, 2) {
            return None;
        }
        let month: u32 = m.parse().ok()?;
        if !(1..=12).contains(&month) {
            return None;
        }
        let Some(d) = d else {
            return Some(Date::Month(year, month));
        };
        if !digits(d, 2) {
            return None;
        }
        NaiveDate::from_ymd_opt(year, month, d.parse().ok()?).map(Date::Day)
    }

    /// The date as a sortable number, `YYYYMMDD`, with `00` for what was not
    /// written (a month is `YYYYMM00`): what the index stores and filters on.
    pub fn num(self) -> u64 {
        let (y, m, d) = match self {
            Date::Year(y) => (y, 0, 0),
            Date::Month(y, m) => (y, m, 0),
            Date::Day(d) => (d.year(), d.month(), d.day()),
        };
        u64::try_from(y).unwrap_or(0) * 10_000 + u64::from(m) * 100 + u64::from(d)
    }

    /// Every [`Date::num`] this date covers, inclusive: a year its months
    /// and days, a month its days.
    pub fn span(self) -> (u64, u64) {
        let n = self.num();
        match self {
            Date::Year(_) => (n, n + 1299),
            Date::Month(..) => (n, n + 99),
            Date::Day(_) => (n, n),
        }
    }

    /// The day, when one was written.
    pub fn day(self) -> Option<NaiveDate> {
        match self {
            Date::Day(d) => Some(d),
            _ => None,
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Date::Year(y) => write!(f, "{y:04}"),
            Date::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Date::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_months_and_days_on_the_calendar() {
        assert_eq!(Date::parse("2021").map(Date::num), Some(20210000));
        assert_eq!(Date::parse("2021-03").map(Date::num), Some(20210300));
        assert_eq!(Date::parse(" 2021-03-12 ").map(Date::num), Some(20210312));
        assert_eq!(Date::parse("2024-02-29").map(Date::num), Some(20240229));
        for bad in [
            "2021-02-31",
            "2023-02-29",
            "2021-13",
            "2021-00",
            "2021-03-012",
            "21-03-12",
            "2021-3-1",
            "2021-03-12-1",
            "",
            "March",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn spans_cover_what_was_written() {
        assert_eq!(Date::parse("2021").unwrap().span(), (20210000, 20211299));
        assert_eq!(Date::parse("2021-03").unwrap().span(), (20210300, 20210399));
        assert_eq!(
            Date::parse("2021-03-12").unwrap().span(),
            (20210312, 20210312)
        );
    }

    #[test]
    fn written_back_as_read() {
        for t in ["2021", "2021-03", "2021-03-12"] {
            assert_eq!(Date::parse(t).unwrap().to_string(), t);
        }
    }
}
