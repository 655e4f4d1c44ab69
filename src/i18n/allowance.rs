//! Words of the allowance statement (驻村补助发放表), its screen and the
//! rate commands, one table per language.

use super::Lang;
use crate::domain::allowance::RateKind;

pub struct AllowanceWords {
    /// Sheet and screen title.
    pub title: &'static str,
    pub col_no: &'static str,
    pub col_name: &'static str,
    pub col_village: &'static str,
    pub col_role: &'static str,
    pub col_days: &'static str,
    pub col_daily: &'static str,
    pub col_living: &'static str,
    pub col_trips: &'static str,
    pub col_travel: &'static str,
    pub col_total: &'static str,
    pub col_insurance: &'static str,
    pub col_remark: &'static str,
    pub total_row: &'static str,
    pub insured: &'static str,
    /// Days without a valid policy: {}.
    pub uninsured: &'static str,
    /// Trips not paid (over the month's number): {}.
    pub trips_over: &'static str,
    /// Unit, month.
    pub head: &'static str,
    /// Only some of the unit's cadres (the reader's scope).
    pub partial: &'static str,
    /// Policies ending within 30 days.
    pub renewals: &'static str,
    /// Name, policy, end.
    pub renewal_line: &'static str,
    pub no_lines: &'static str,
    pub units_title: &'static str,
    /// Unit name, cadres.
    pub unit_line: &'static str,
    pub no_units: &'static str,
    /// Rates: kind, from, value.
    pub rate_line: &'static str,
    pub rate_set: &'static str,
    /// Written: path, unit, month, rows.
    pub written: &'static str,
    pub trip_added: &'static str,
    pub policy_added: &'static str,
    /// Footer of the sheet: how the figures are computed.
    pub basis: &'static str,
}

pub static ALLOWANCE_ZH: AllowanceWords = AllowanceWords {
    title: "驻村补助发放表",
    col_no: "序号",
    col_name: "姓名",
    col_village: "派驻村",
    col_role: "职务",
    col_days: "在村天数",
    col_daily: "日标准(元)",
    col_living: "生活补助(元)",
    col_trips: "往返次数",
    col_travel: "交通补助(元)",
    col_total: "合计(元)",
    col_insurance: "保险",
    col_remark: "备注",
    total_row: "合计",
    insured: "有效",
    uninsured: "{} 天无有效保险",
    trips_over: "超出次数未计 {} 次",
    head: "{} · {}",
    partial: "只列出本辖区内派驻的干部",
    renewals: "30 天内到期的保险",
    renewal_line: "{}：{}（{}）到期 {}",
    no_lines: "本月没有该单位派驻的干部",
    units_title: "派出单位",
    unit_line: "{}（{} 名干部）",
    no_units: "本月没有派驻干部的单位",
    rate_line: "{}  自 {} 起  {}",
    rate_set: "已设定：{} 自 {} 起为 {}",
    written: "{}：{} · {} · {} 行",
    trip_added: "已登记往返交通 {}",
    policy_added: "已登记保险 {}",
    basis: "在村天数 = 在村 + 公务外出报备 + 培训（考勤月表）；生活补助按每日执行的标准计；每月往返次数以内的交通费据实计入，超出的不计。",
};

pub static ALLOWANCE_EN: AllowanceWords = AllowanceWords {
    title: "Village posting allowance statement",
    col_no: "No.",
    col_name: "Name",
    col_village: "Village",
    col_role: "Role",
    col_days: "Days in village",
    col_daily: "Daily rate (yuan)",
    col_living: "Living allowance (yuan)",
    col_trips: "Round trips",
    col_travel: "Travel (yuan)",
    col_total: "Total (yuan)",
    col_insurance: "Insurance",
    col_remark: "Remarks",
    total_row: "Total",
    insured: "valid",
    uninsured: "{} days without a valid policy",
    trips_over: "{} trips over the month's number, not paid",
    head: "{} · {}",
    partial: "only the cadres posted within your scope are listed",
    renewals: "Policies ending within 30 days",
    renewal_line: "{}: {} ({}) ends {}",
    no_lines: "no cadre of this unit is posted this month",
    units_title: "Dispatching units",
    unit_line: "{} (cadres: {})",
    no_units: "no unit has cadres posted this month",
    rate_line: "{}  from {}  {}",
    rate_set: "set: {} from {} is {}",
    written: "{}: {} · {} · {} rows",
    trip_added: "round trip {} recorded",
    policy_added: "policy {} recorded",
    basis: "Days in the village = in the village + reported duty out + training (the attendance grid); the living allowance at the rate in force each day; travel as claimed up to the month's number of round trips, further trips not paid.",
};

impl Lang {
    pub fn allowance(self) -> &'static AllowanceWords {
        match self {
            Lang::Zh => &ALLOWANCE_ZH,
            Lang::En => &ALLOWANCE_EN,
        }
    }

    pub fn rate_kind(self, k: RateKind) -> &'static str {
        match self {
            Lang::Zh => k.zh(),
            Lang::En => k.en(),
        }
    }
}

/// Words of the 补助发放 screen.
pub struct AllowanceUi {
    pub screen: &'static str,
    pub units_pane: &'static str,
    /// Unit, month, cadres, total.
    pub statement_head: &'static str,
    /// Cadres, days, living, travel, total.
    pub totals_line: &'static str,
    pub choose: &'static str,
    pub denied: &'static str,
    pub export_first: &'static str,
    /// Path, rows.
    pub exported: &'static str,
    /// Count of policies ending within 30 days.
    pub renewals: &'static str,
    pub month_label: &'static str,
    pub show_label: &'static str,
    pub col_days_short: &'static str,
    pub col_living_short: &'static str,
    pub col_trips_short: &'static str,
    pub col_travel_short: &'static str,
    pub col_total_short: &'static str,
    pub col_remark_short: &'static str,
}

pub static ALLOWANCE_UI_ZH: AllowanceUi = AllowanceUi {
    screen: "补助发放",
    units_pane: "派出单位",
    statement_head: "{} · {} · {} 名干部 · 合计 {} 元",
    totals_line: "合计 {} 人 · 在村 {} 天 · 生活补助 {} · 交通 {} · 合计 {} 元",
    choose: "选一个单位，按 Enter 查看它的驻村补助发放表",
    denied: "驻村补助发放表由县和州查看；你的角色不能查看",
    export_first: "先按 Enter 打开一个单位的发放表，再导出",
    exported: "已导出 {}（{} 行）",
    renewals: "30 天内到期的保险 {} 份",
    month_label: "月份",
    show_label: "查看",
    col_days_short: "在村",
    col_living_short: "生活补助",
    col_trips_short: "往返",
    col_travel_short: "交通",
    col_total_short: "合计",
    col_remark_short: "备注",
};

pub static ALLOWANCE_UI_EN: AllowanceUi = AllowanceUi {
    screen: "Allowances",
    units_pane: "Units",
    statement_head: "{} · {} · cadres: {} · total {} yuan",
    totals_line: "Total: cadres {} · days in the village {} · living {} · travel {} · total {} yuan",
    choose: "choose a unit and press Enter to see its allowance statement",
    denied: "allowance statements are read by the county and the prefecture; your role cannot read them",
    export_first: "open a unit's statement with Enter first, then export it",
    exported: "exported {} ({} rows)",
    renewals: "{} policies end within 30 days",
    month_label: "month",
    show_label: "show",
    col_days_short: "Days",
    col_living_short: "Living",
    col_trips_short: "Trips",
    col_travel_short: "Travel",
    col_total_short: "Total",
    col_remark_short: "Remarks",
};

impl Lang {
    pub fn allowance_ui(self) -> &'static AllowanceUi {
        match self {
            Lang::Zh => &ALLOWANCE_UI_ZH,
            Lang::En => &ALLOWANCE_UI_EN,
        }
    }
}
