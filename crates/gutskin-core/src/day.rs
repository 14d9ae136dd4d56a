//! A day is the user's local calendar date, stored and exchanged as `YYYY-MM-DD`.
//!
//! Working with dates rather than instants makes streaks immune to DST and time zones: a day
//! follows the previous one whatever the clock did overnight.

use std::fmt;

use chrono::{Datelike, Local, NaiveDate, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// The days of the week, Monday first (ISO order): the order schedules and reminders list them.
pub const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The earliest day GutSkin accepts; anything before is a typo, not a record.
const EARLIEST: (i32, u32, u32) = (2000, 1, 1);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(NaiveDate);

impl Day {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        NaiveDate::from_ymd_opt(year, month, day).map(Day)
    }

    pub fn from_date(date: NaiveDate) -> Day {
        Day(date)
    }

    /// Today on the computer's local calendar.
    pub fn today_local() -> Day {
        Day(Local::now().date_naive())
    }

    /// Parses exactly `YYYY-MM-DD` (zero-padded, a real calendar date).
    pub fn parse(text: &str) -> Result<Day> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !shape_ok {
            return Err(Error::invalid(format!(
                "\"{}\" is not a date in the form YYYY-MM-DD.",
                truncate(text, 40)
            )));
        }
        // The shape is checked above, so the fields are plain digits (much cheaper than
        // chrono's format-string parser; a file's every day goes through here).
        let number = |range: std::ops::Range<usize>| {
            bytes[range]
                .iter()
                .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
        };
        let date = NaiveDate::from_ymd_opt(number(0..4) as i32, number(5..7), number(8..10))
            .ok_or_else(|| Error::invalid(format!("{text} is not a real calendar date.")))?;
        let day = Day(date);
        if day < Day::earliest() {
            return Err(Error::invalid(format!(
                "{text} is too long ago; GutSkin keeps days from 2000 onwards."
            )));
        }
        Ok(day)
    }

    /// Parses a day that must not lie after `today`: the past can be filled in, the future cannot.
    pub fn parse_not_after(text: &str, today: Day) -> Result<Day> {
        let day = Day::parse(text)?;
        if day > today {
            return Err(Error::invalid(format!(
                "{day} is in the future; only today and earlier days can be recorded."
            )));
        }
        Ok(day)
    }

    pub fn earliest() -> Day {
        let (y, m, d) = EARLIEST;
        Day(NaiveDate::from_ymd_opt(y, m, d).expect("constant date is valid"))
    }

    pub fn date(self) -> NaiveDate {
        self.0
    }

    pub fn pred(self) -> Day {
        Day(self
            .0
            .pred_opt()
            .expect("dates after 2000 have a predecessor"))
    }

    pub fn succ(self) -> Day {
        Day(self
            .0
            .succ_opt()
            .expect("dates this side of year 262143 have a successor"))
    }

    /// `self - other` in whole days.
    pub fn days_since(self, other: Day) -> i64 {
        (self.0 - other.0).num_days()
    }

    pub fn add_days(self, days: i64) -> Day {
        Day(self.0 + chrono::Duration::days(days))
    }

    pub fn weekday_from_monday(self) -> u32 {
        self.0.weekday().num_days_from_monday()
    }
}

pub(crate) fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Day, D::Error> {
        let text = String::deserialize(d)?;
        Day::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_padded_dates_only() {
        assert_eq!(
            Day::parse("2024-02-29").unwrap(),
            Day::new(2024, 2, 29).unwrap()
        );
        for bad in [
            "2024-2-29",
            "2023-02-29",
            "24-02-29",
            "2024/02/29",
            "",
            "2024-02-29 ",
            "２０２４-02-29",
        ] {
            assert!(Day::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(Day::parse("1999-12-31").is_err());
    }

    #[test]
    fn future_days_are_refused() {
        let today = Day::new(2025, 6, 1).unwrap();
        assert!(Day::parse_not_after("2025-06-01", today).is_ok());
        assert!(Day::parse_not_after("2025-05-31", today).is_ok());
        let err = Day::parse_not_after("2025-06-02", today).unwrap_err();
        assert!(err.to_string().contains("future"));
    }

    #[test]
    fn round_trips_through_json() {
        let day = Day::new(2025, 1, 9).unwrap();
        let json = serde_json::to_string(&day).unwrap();
        assert_eq!(json, "\"2025-01-09\"");
        assert_eq!(serde_json::from_str::<Day>(&json).unwrap(), day);
        assert!(serde_json::from_str::<Day>("\"2025-13-01\"").is_err());
    }
}
