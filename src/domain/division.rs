//! Statistical division codes (统计用区划代码) and the hierarchy they encode.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Level of a division, derived from the shape of its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    Province,
    Prefecture,
    County,
    Township,
    Village,
}

impl Level {
    pub fn as_i64(self) -> i64 {
        match self {
            Level::Province => 0,
            Level::Prefecture => 1,
            Level::County => 2,
            Level::Township => 3,
            Level::Village => 4,
        }
    }

    pub fn from_i64(v: i64) -> Option<Level> {
        Some(match v {
            0 => Level::Province,
            1 => Level::Prefecture,
            2 => Level::County,
            3 => Level::Township,
            4 => Level::Village,
            _ => return None,
        })
    }

    /// The level one below, if any.
    pub fn child(self) -> Option<Level> {
        Level::from_i64(self.as_i64() + 1)
    }
}

/// A validated statistical division code: 6 digits (province, prefecture or
/// county), 9 digits (township) or 12 digits (village or community).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DivisionCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("division code {0:?} must be 6, 9 or 12 digits")]
    Shape(String),
    #[error("division code {0:?} has a zero province part")]
    ZeroProvince(String),
    #[error("division code {0:?}: the {1} part is 000, which no division has")]
    ZeroPart(String, &'static str),
}

impl DivisionCode {
    pub fn parse(s: &str) -> Result<DivisionCode, CodeError> {
        let t = s.trim();
        let ok_len = matches!(t.len(), 6 | 9 | 12);
        if !ok_len || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeError::Shape(s.to_string()));
        }
        if &t[0..2] == "00" {
            return Err(CodeError::ZeroProvince(s.to_string()));
        }
        // A 6-digit code whose prefecture part is 00 but county part is not
        // (e.g. 520012) does not exist.
        if t.len() == 6 && &t[2..4] == "00" && &t[4..6] != "00" {
            return Err(CodeError::Shape(s.to_string()));
        }
        if t.len() >= 9 && &t[6..9] == "000" {
            return Err(CodeError::ZeroPart(s.to_string(), "township"));
        }
        if t.len() == 12 && &t[9..12] == "000" {
            return Err(CodeError::ZeroPart(s.to_string(), "village"));
        }
        if t.len() >= 9 && (&t[2..4] == "00" || &t[4..6] == "00") {
            return Err(CodeError::Shape(s.to_string()));
        }
        Ok(DivisionCode(t.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> Level {
        let s = &self.0;
        match s.len() {
            12 => Level::Village,
            9 => Level::Township,
            _ if &s[2..6] == "0000" => Level::Province,
            _ if &s[4..6] == "00" => Level::Prefecture,
            _ => Level::County,
        }
    }

    /// The parent division, derived from the code's prefix.
    pub fn parent(&self) -> Option<DivisionCode> {
        let s = &self.0;
        let p = match self.level() {
            Level::Province => return None,
            Level::Prefecture => format!("{}0000", &s[0..2]),
            Level::County => format!("{}00", &s[0..4]),
            Level::Township => s[0..6].to_string(),
            Level::Village => s[0..9].to_string(),
        };
        Some(DivisionCode(p))
    }

    /// The digits every code inside this division starts with: `52` for a
    /// province, `5227` for a prefecture, the whole code below that.
    pub fn prefix(&self) -> &str {
        match self.level() {
            Level::Province => &self.0[0..2],
            Level::Prefecture => &self.0[0..4],
            _ => &self.0,
        }
    }

    /// This code and all its ancestors, nearest first.
    pub fn lineage(&self) -> Vec<DivisionCode> {
        let mut out = vec![self.clone()];
        let mut cur = self.clone();
        while let Some(p) = cur.parent() {
            out.push(p.clone());
            cur = p;
        }
        out
    }

    /// Whether `self` is `other` or lies inside it.
    pub fn is_within(&self, other: &DivisionCode) -> bool {
        self.lineage().iter().any(|c| c == other)
    }

    /// For a village code: a residents' committee (社区, 001-199) rather than a
    /// villagers' committee (村, 200-399), following the statistical convention.
    pub fn is_community(&self) -> bool {
        self.level() == Level::Village && self.0[9..12] < *"200"
    }
}

impl fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for DivisionCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        DivisionCode::parse(&s)
    }
}

impl From<DivisionCode> for String {
    fn from(c: DivisionCode) -> String {
        c.0
    }
}

/// The five village types used to match cadres to villages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VillageType {
    /// 原建档立卡贫困村
    FormerPoor,
    /// 易地扶贫搬迁社区
    Relocation,
    /// 乡村振兴示范村
    Demonstration,
    /// 党组织软弱涣散村
    WeakParty,
    /// 全国红色美丽村庄建设试点村
    RedPilot,
}

impl VillageType {
    pub const ALL: [VillageType; 5] = [
        VillageType::FormerPoor,
        VillageType::Relocation,
        VillageType::Demonstration,
        VillageType::WeakParty,
        VillageType::RedPilot,
    ];

    pub fn key(self) -> &'static str {
        match self {
            VillageType::FormerPoor => "former_poor",
            VillageType::Relocation => "relocation",
            VillageType::Demonstration => "demonstration",
            VillageType::WeakParty => "weak_party",
            VillageType::RedPilot => "red_pilot",
        }
    }

    pub fn from_key(s: &str) -> Option<VillageType> {
        VillageType::ALL.into_iter().find(|t| t.key() == s)
    }

    /// Encode a set of types for storage: comma-separated keys.
    pub fn encode(types: &[VillageType]) -> String {
        types.iter().map(|t| t.key()).collect::<Vec<_>>().join(",")
    }

    pub fn decode(s: &str) -> Vec<VillageType> {
        s.split(',')
            .filter_map(|k| VillageType::from_key(k.trim()))
            .collect()
    }
}

/// A division as the program sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Division {
    pub code: DivisionCode,
    pub name: String,
    pub types: Vec<VillageType>,
    /// Date the division was abolished (merged or re-coded); kept, never deleted.
    pub abolished_on: Option<chrono::NaiveDate>,
}

impl Division {
    pub fn level(&self) -> Level {
        self.code.level()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> DivisionCode {
        DivisionCode::parse(s).unwrap()
    }

    #[test]
    fn levels_and_parents() {
        assert_eq!(c("520000").level(), Level::Province);
        assert_eq!(c("522700").level(), Level::Prefecture);
        assert_eq!(c("522701").level(), Level::County);
        assert_eq!(c("522701001").level(), Level::Township);
        assert_eq!(c("522701001201").level(), Level::Village);
        assert_eq!(c("522701001201").parent(), Some(c("522701001")));
        assert_eq!(c("522701001").parent(), Some(c("522701")));
        assert_eq!(c("522701").parent(), Some(c("522700")));
        assert_eq!(c("522700").parent(), Some(c("520000")));
        assert_eq!(c("520000").parent(), None);
        assert_eq!(c("522701001201").lineage().len(), 5);
        assert!(c("522701001201").is_within(&c("522700")));
        assert!(!c("522701001201").is_within(&c("522702")));
        assert_eq!(c("522700").prefix(), "5227");
        assert_eq!(c("520000").prefix(), "52");
        assert_eq!(c("522701001").prefix(), "522701001");
    }

    #[test]
    fn bad_codes() {
        for bad in [
            "",
            "52270",
            "5227010011",
            "52270100120a",
            "002701",
            "522701000",
            "522701001000",
            "５２２７０１",
            "520012",
        ] {
            assert!(DivisionCode::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn community_range() {
        assert!(c("522701001001").is_community());
        assert!(!c("522701001201").is_community());
    }

    #[test]
    fn village_types_round_trip() {
        let t = vec![VillageType::FormerPoor, VillageType::RedPilot];
        assert_eq!(VillageType::decode(&VillageType::encode(&t)), t);
    }
}
