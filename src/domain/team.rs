//! Village teams ("1+2+N") and the accounts that use the program.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A team member's role in the "1+2+N" system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    /// 第一书记 (usually the team leader, 队长)
    FirstSecretary,
    /// 驻村队员
    Resident,
    /// 下沉干部
    SentDown,
}

impl MemberRole {
    pub const ALL: [MemberRole; 3] = [
        MemberRole::FirstSecretary,
        MemberRole::Resident,
        MemberRole::SentDown,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MemberRole::FirstSecretary => "first_secretary",
            MemberRole::Resident => "resident",
            MemberRole::SentDown => "sent_down",
        }
    }

    pub fn from_key(s: &str) -> Option<MemberRole> {
        MemberRole::ALL.into_iter().find(|r| r.key() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamMember {
    pub id: i64,
    pub village: String,
    pub name: String,
    pub role: MemberRole,
    /// 派出单位
    pub unit: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

impl TeamMember {
    pub fn active_on(&self, day: NaiveDate) -> bool {
        self.start <= day && self.end.is_none_or(|e| day <= e)
    }
}

/// What an account may do, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UserRole {
    /// 州级管理员
    Admin,
    /// 县级驻村办
    County,
    /// 乡镇联络员
    Township,
    /// 驻村工作队
    Team,
    /// 只读
    Viewer,
}

impl UserRole {
    pub const ALL: [UserRole; 5] = [
        UserRole::Admin,
        UserRole::County,
        UserRole::Township,
        UserRole::Team,
        UserRole::Viewer,
    ];

    pub fn key(self) -> &'static str {
        match self {
            UserRole::Admin => "admin",
            UserRole::County => "county",
            UserRole::Township => "township",
            UserRole::Team => "team",
            UserRole::Viewer => "viewer",
        }
    }

    pub fn from_key(s: &str) -> Option<UserRole> {
        UserRole::ALL.into_iter().find(|r| r.key() == s)
    }

    pub fn can_record(self) -> bool {
        !matches!(self, UserRole::Viewer)
    }

    /// Whether this role issues guidance points and prompts (for its scope).
    pub fn can_issue_guidance(self) -> bool {
        matches!(self, UserRole::Admin | UserRole::County)
    }
}

/// An account with its role and scope (a division code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub account: String,
    pub role: UserRole,
    /// None: the whole database (administrators).
    pub scope: Option<super::division::DivisionCode>,
}

impl User {
    /// May this user change records of `village`?
    pub fn may_record(&self, village: &super::division::DivisionCode) -> bool {
        self.role.can_record() && self.scope.as_ref().is_none_or(|s| village.is_within(s))
    }
}
