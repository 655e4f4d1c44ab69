//! The one key table: (context, key) → action. The help overlay and the
//! footer hints are generated from it, and the config file may rebind it.

pub use super::keyspec::KeySpec;
use crossterm::event::KeyCode;

/// Where a key is pressed. Screens inherit `List` and `Global`; read-only
/// popups inherit `List` and `Global`; text inputs inherit nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ctx {
    Global,
    List,
    Overview,
    Villages,
    Checklist,
    Guidance,
    /// 逾期清单.
    Overdue,
    /// 未报送.
    Unreported,
    /// 落实情况 of a guidance point or prompt.
    Follow,
    /// 请销假.
    Leave,
    /// 培训: sessions, a session's attendance list, hours, 未参训名单.
    Training,
    /// 召回台账.
    Recall,
    /// 派出单位 and their responsibility lists.
    Units,
    /// 工作队 tab of a scope.
    Teams,
    /// Read-only popups: help, task detail, team, full text.
    Popup,
    /// A list of choices: status menu, conflict, draft offer.
    Menu,
    /// Yes/no confirmation.
    Confirm,
    /// 年度考核.
    Assessment,
    /// 考勤: the attendance grid.
    Attendance,
    /// A text input (note editor, search field).
    Input,
    /// The guidance form: text fields like `Input`, and publishing is a
    /// key of its own (Enter moves to the next field).
    Form,
    /// 补助发放: a unit's allowance statement.
    Allowance,
    /// A typed entry form (请假, 召回, 培训班): text fields, choices cycled
    /// with ←/→, Enter moves on and submits at the last field.
    Entry,
}

impl Ctx {
    /// The contexts searched, most specific first.
    pub fn chain(self) -> &'static [Ctx] {
        match self {
            Ctx::Global => &[Ctx::Global],
            Ctx::List => &[Ctx::List, Ctx::Global],
            Ctx::Overview => &[Ctx::Overview, Ctx::List, Ctx::Global],
            Ctx::Villages => &[Ctx::Villages, Ctx::List, Ctx::Global],
            Ctx::Checklist => &[Ctx::Checklist, Ctx::List, Ctx::Global],
            Ctx::Guidance => &[Ctx::Guidance, Ctx::List, Ctx::Global],
            Ctx::Overdue => &[Ctx::Overdue, Ctx::List, Ctx::Global],
            Ctx::Unreported => &[Ctx::Unreported, Ctx::List, Ctx::Global],
            Ctx::Follow => &[Ctx::Follow, Ctx::List, Ctx::Global],
            Ctx::Leave => &[Ctx::Leave, Ctx::List, Ctx::Global],
            Ctx::Training => &[Ctx::Training, Ctx::List, Ctx::Global],
            Ctx::Recall => &[Ctx::Recall, Ctx::List, Ctx::Global],
            Ctx::Units => &[Ctx::Units, Ctx::List, Ctx::Global],
            Ctx::Teams => &[Ctx::Teams, Ctx::List, Ctx::Global],
            Ctx::Popup => &[Ctx::Popup, Ctx::List, Ctx::Global],
            Ctx::Menu => &[Ctx::Menu, Ctx::List, Ctx::Global],
            Ctx::Confirm => &[Ctx::Confirm],
            Ctx::Assessment => &[Ctx::Assessment, Ctx::List, Ctx::Global],
            Ctx::Attendance => &[Ctx::Attendance, Ctx::List, Ctx::Global],
            Ctx::Input => &[Ctx::Input],
            Ctx::Form => &[Ctx::Form],
            Ctx::Allowance => &[Ctx::Allowance, Ctx::List, Ctx::Global],
            Ctx::Entry => &[Ctx::Entry],
        }
    }

    /// Whether keys not in the table are typed into a text field here.
    pub fn is_text(self) -> bool {
        matches!(self, Ctx::Input | Ctx::Form | Ctx::Entry)
    }

    pub const ALL: [Ctx; 23] = [
        Ctx::Global,
        Ctx::List,
        Ctx::Overview,
        Ctx::Villages,
        Ctx::Checklist,
        Ctx::Guidance,
        Ctx::Overdue,
        Ctx::Unreported,
        Ctx::Follow,
        Ctx::Leave,
        Ctx::Training,
        Ctx::Recall,
        Ctx::Units,
        Ctx::Teams,
        Ctx::Popup,
        Ctx::Menu,
        Ctx::Confirm,
        Ctx::Attendance,
        Ctx::Input,
        Ctx::Form,
        Ctx::Allowance,
        Ctx::Assessment,
        Ctx::Entry,
    ];

    /// Name used in messages and the help overlay's i18n lookup.
    pub fn name(self) -> &'static str {
        match self {
            Ctx::Global => "global",
            Ctx::List => "list",
            Ctx::Overview => "overview",
            Ctx::Villages => "villages",
            Ctx::Checklist => "checklist",
            Ctx::Guidance => "guidance",
            Ctx::Overdue => "overdue",
            Ctx::Unreported => "unreported",
            Ctx::Follow => "follow",
            Ctx::Leave => "leave",
            Ctx::Training => "training",
            Ctx::Recall => "recall",
            Ctx::Units => "units",
            Ctx::Teams => "teams",
            Ctx::Popup => "popup",
            Ctx::Menu => "menu",
            Ctx::Confirm => "confirm",
            Ctx::Attendance => "attendance",
            Ctx::Input => "input",
            Ctx::Form => "form",
            Ctx::Allowance => "allowance",
            Ctx::Assessment => "assessment",
            Ctx::Entry => "entry",
        }
    }
}

/// What a key means. Text editing inside inputs (characters, arrows,
/// Backspace ...) is handled by the input itself and listed in help as such.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Help,
    Search,
    NextScreen,
    PrevScreen,
    Suspend,
    Redraw,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    VillageList,
    GuidanceScreen,
    SortNext,
    SortReverse,
    FilterType,
    FilterOverdue,
    MarkDone,
    StatusMenu,
    EditNote,
    PrevPeriod,
    NextPeriod,
    Team,
    ToggleMonthQuarter,
    NewGuidance,
    EditGuidance,
    DeleteGuidance,
    Close,
    Choose,
    Yes,
    No,
    Submit,
    Save,
    Cancel,
    NextField,
    PrevField,
    Export,
    /// Enter in the guidance form: the next field (a new line in its text).
    Advance,
    /// Publish the guidance form (after a confirmation naming its reach).
    Publish,
    /// The numbered choices of a menu.
    Pick1,
    Pick2,
    Pick3,
    Pick4,
    /// 逾期清单 of the division shown.
    OverdueList,
    /// 未报送 of the division shown.
    Unreported,
    /// Which villages completed the tasks of the selected guidance.
    FollowThrough,
    /// Cycle all / not completed / completed.
    FilterDone,
    /// 补助发放 (the allowance statements).
    AllowanceScreen,
    /// 年度考核 of the county shown.
    Assessment,
    /// The grades of the assessment screen (优秀 称职 基本称职 不称职).
    GradeExcellent,
    GradeCompetent,
    GradeBasic,
    GradeIncompetent,
    /// 请销假 (the leave queue).
    LeaveQueue,
    ApproveLeave,
    RefuseLeave,
    /// 销假 today.
    RecordReturn,
    /// 培训 of the division shown.
    TrainingScreen,
    /// Sessions → hours → 未参训名单 → each county → sessions.
    TrainingView,
    /// Mark the selected cadre 参训 / 请假 / 缺席, or everybody 参训.
    MarkAttended,
    MarkLeave,
    MarkAbsent,
    MarkAllAttended,
    /// 召回台账 of the division shown.
    RecallLedger,
    /// Move the selected case to its next stage (a step that needs input
    /// opens a form).
    RecallNext,
    /// End the selected case in a talk (约谈).
    RecallTalk,
    /// 考勤 of the division shown or selected.
    AttendanceGrid,
    /// The grid's cursor: a day earlier or later.
    CellLeft,
    CellRight,
    /// Set a day code on the cell or the marked range (在报训事病休缺).
    CodePresent,
    CodeDutyOut,
    CodeTraining,
    CodePersonalLeave,
    CodeSickLeave,
    CodeRest,
    CodeAbsent,
    /// Clear the cell or the marked range.
    ClearCode,
    /// Fill every empty posted day with 在村.
    FillMonth,
    /// Start or drop a marked range.
    MarkRange,
    /// Copy last month's pattern by weekday.
    CopyLastMonth,
    /// Close the month (the < 20 check and its recall leads).
    CloseMonth,
    /// 派出单位 of the division shown.
    UnitsScreen,
    /// 工作队 tab of the division shown.
    TeamsScreen,
    /// Villages with a 1+2+N gap only / all villages.
    FilterGaps,
    /// Add a project to the selected village's responsibility list.
    AddProject,
    /// Set the funds planned and delivered of the selected village's list.
    SetFunds,
    /// Add, change or remove a responsibility item of the village's list.
    EditItem,
    /// Write or change the unit's help plan for the selected village.
    EditPlan,
    /// Submit an entry form (from any field).
    SubmitForm,
    /// Enter in an entry form: the next field; at the last, submit.
    FormEnter,
    /// ←/→ in an entry form: the previous or next choice (the caret in a
    /// text field).
    ChoicePrev,
    ChoiceNext,
    /// 请销假: a new leave request (the form).
    NewLeave,
    /// 召回台账: record an incident about the selected case's cadre.
    RecordIncident,
    /// 召回台账: open a case (线索) by hand.
    OpenCase,
    /// 培训: add, edit or delete (after a confirmation) a session.
    NewSession,
    EditSession,
    DeleteSession,
}

/// One row of the table: an action, the contexts it lives in, its keys, and
/// whether the footer shows it.
#[derive(Debug, Clone)]
pub struct Binding {
    pub action: Action,
    pub contexts: &'static [Ctx],
    pub keys: Vec<KeySpec>,
    pub footer: bool,
}

impl Action {
    /// The name used in the config file's `[keys]` table and for i18n.
    pub fn name(self) -> &'static str {
        use Action::*;
        match self {
            Quit => "quit",
            Help => "help",
            Search => "search",
            NextScreen => "next_screen",
            PrevScreen => "prev_screen",
            Suspend => "suspend",
            Redraw => "redraw",
            Up => "up",
            Down => "down",
            PageUp => "page_up",
            PageDown => "page_down",
            Top => "top",
            Bottom => "bottom",
            Open => "open",
            Back => "back",
            VillageList => "village_list",
            GuidanceScreen => "guidance_screen",
            SortNext => "sort_next",
            SortReverse => "sort_reverse",
            FilterType => "filter_type",
            FilterOverdue => "filter_overdue",
            MarkDone => "mark_done",
            StatusMenu => "status_menu",
            EditNote => "edit_note",
            PrevPeriod => "prev_period",
            NextPeriod => "next_period",
            Team => "team",
            ToggleMonthQuarter => "toggle_month_quarter",
            NewGuidance => "new_guidance",
            EditGuidance => "edit_guidance",
            DeleteGuidance => "delete_guidance",
            Close => "close",
            Choose => "choose",
            Yes => "yes",
            No => "no",
            Submit => "submit",
            Save => "save",
            Cancel => "cancel",
            NextField => "next_field",
            PrevField => "prev_field",
            Export => "export",
            Publish => "publish",
            Advance => "advance",
            Pick1 => "pick_1",
            Pick2 => "pick_2",
            Pick3 => "pick_3",
            Pick4 => "pick_4",
            OverdueList => "overdue_list",
            Unreported => "unreported",
            FollowThrough => "follow_through",
            FilterDone => "filter_done",
            AllowanceScreen => "allowance_screen",
            Assessment => "assessment",
            GradeExcellent => "grade_excellent",
            GradeCompetent => "grade_competent",
            GradeBasic => "grade_basic",
            GradeIncompetent => "grade_incompetent",
            LeaveQueue => "leave_queue",
            ApproveLeave => "approve_leave",
            RefuseLeave => "refuse_leave",
            RecordReturn => "record_return",
            TrainingScreen => "training",
            TrainingView => "training_view",
            MarkAttended => "mark_attended",
            MarkLeave => "mark_leave",
            MarkAbsent => "mark_absent",
            MarkAllAttended => "mark_all_attended",
            RecallLedger => "recall_ledger",
            RecallNext => "recall_next",
            RecallTalk => "recall_talk",
            AttendanceGrid => "attendance_grid",
            CellLeft => "cell_left",
            CellRight => "cell_right",
            CodePresent => "code_present",
            CodeDutyOut => "code_duty_out",
            CodeTraining => "code_training",
            CodePersonalLeave => "code_personal_leave",
            CodeSickLeave => "code_sick_leave",
            CodeRest => "code_rest",
            CodeAbsent => "code_absent",
            ClearCode => "clear_code",
            FillMonth => "fill_month",
            MarkRange => "mark_range",
            CopyLastMonth => "copy_last_month",
            CloseMonth => "close_month",
            UnitsScreen => "units_screen",
            TeamsScreen => "teams_screen",
            FilterGaps => "filter_gaps",
            AddProject => "add_project",
            SetFunds => "set_funds",
            EditItem => "edit_item",
            EditPlan => "edit_plan",
            SubmitForm | FormEnter | ChoicePrev | ChoiceNext | NewLeave | RecordIncident
            | OpenCase | NewSession | EditSession | DeleteSession => self.form_name(),
        }
    }

    /// The names of the entry forms' actions and of the keys opening them.
    fn form_name(self) -> &'static str {
        use Action::*;
        match self {
            SubmitForm => "submit_form",
            FormEnter => "form_enter",
            ChoicePrev => "choice_prev",
            ChoiceNext => "choice_next",
            NewLeave => "new_leave",
            RecordIncident => "record_incident",
            OpenCase => "open_case",
            NewSession => "new_session",
            EditSession => "edit_session",
            DeleteSession => "delete_session",
            _ => "?",
        }
    }

    /// The menu item a numbered choice picks (0-based).
    pub fn pick(self) -> Option<usize> {
        match self {
            Action::Pick1 => Some(0),
            Action::Pick2 => Some(1),
            Action::Pick3 => Some(2),
            Action::Pick4 => Some(3),
            _ => None,
        }
    }

    /// The numbered choice for menu item `i` (0-based).
    pub fn pick_of(i: usize) -> Option<Action> {
        [Action::Pick1, Action::Pick2, Action::Pick3, Action::Pick4]
            .get(i)
            .copied()
    }
}

use Ctx as C;
use KeyCode as K;

const SCREENS: &[Ctx] = &[C::Overview, C::Villages, C::Checklist, C::Guidance];
const FOLLOW_UP: &[Ctx] = &[C::Overdue, C::Unreported, C::Follow];

fn b(action: Action, contexts: &'static [Ctx], keys: &[KeySpec], footer: bool) -> Binding {
    Binding {
        action,
        contexts,
        keys: keys.to_vec(),
        footer,
    }
}

/// The default bindings, in the order help lists them.
pub fn defaults() -> Vec<Binding> {
    let mut v = screen_bindings();
    v.extend(management_bindings());
    v.extend(more_management_bindings());
    v.extend(common_bindings());
    v
}

/// The screens' own keys: the footer lists them in this order.
fn screen_bindings() -> Vec<Binding> {
    use Action::*;
    let p = KeySpec::plain;
    let c = KeySpec::ch;
    vec![
        b(MarkDone, &[C::Checklist], &[c('x'), c(' ')], true),
        b(EditNote, &[C::Checklist], &[c('e')], true),
        b(StatusMenu, &[C::Checklist], &[c('s')], true),
        b(Team, &[C::Checklist], &[c('t')], true),
        b(PrevPeriod, &[C::Checklist, C::Guidance], &[c('[')], true),
        b(NextPeriod, &[C::Checklist, C::Guidance], &[c(']')], true),
        b(ToggleMonthQuarter, &[C::Guidance], &[c('m')], true),
        b(NewGuidance, &[C::Guidance], &[c('a')], true),
        b(EditGuidance, &[C::Guidance], &[c('e')], true),
        b(DeleteGuidance, &[C::Guidance], &[c('d')], true),
        b(SortNext, &[C::Villages], &[c('s')], true),
        b(SortReverse, &[C::Villages], &[c('S')], false),
        b(FilterType, &[C::Villages], &[c('f')], true),
        b(FilterOverdue, &[C::Villages], &[c('o')], true),
        b(
            Open,
            &[C::Overview, C::Villages],
            &[p(K::Enter), p(K::Right), c('l')],
            true,
        ),
        b(Open, &[C::Checklist, C::Guidance], &[p(K::Enter)], true),
        b(VillageList, &[C::Overview], &[c('v')], true),
        b(Export, &[C::Overview, C::Villages], &[c('E')], true),
        b(
            GuidanceScreen,
            &[C::Overview, C::Checklist],
            &[c('p')],
            true,
        ),
        b(
            Back,
            SCREENS,
            &[p(K::Esc), p(K::Backspace), p(K::Left), c('h')],
            true,
        ),
        // The follow-up screens (逾期清单, 未报送, 落实情况).
        b(
            OverdueList,
            &[C::Overview, C::Villages, C::Checklist],
            &[c('O')],
            true,
        ),
        b(Unreported, &[C::Overview, C::Villages], &[c('u')], true),
        b(FollowThrough, &[C::Guidance, C::Popup], &[c('v')], true),
        b(Open, FOLLOW_UP, &[p(K::Enter)], true),
        b(
            Back,
            FOLLOW_UP,
            &[p(K::Esc), p(K::Backspace), p(K::Left), c('h')],
            true,
        ),
        b(PrevPeriod, &[C::Overdue, C::Unreported], &[c('[')], true),
        b(NextPeriod, &[C::Overdue, C::Unreported], &[c(']')], true),
        b(ToggleMonthQuarter, &[C::Unreported], &[c('m')], true),
        b(SortNext, &[C::Unreported], &[c('s')], true),
        b(FilterDone, &[C::Follow], &[c('f')], true),
    ]
}

/// The keys of the teams, attendance, leave, recall, training, assessment
/// and allowance screens, and the keys that open them.
fn management_bindings() -> Vec<Binding> {
    use Action::*;
    let p = KeySpec::plain;
    let c = KeySpec::ch;
    vec![
        // 补助发放.
        b(
            AllowanceScreen,
            &[C::Overview, C::Villages],
            &[c('B')],
            false,
        ),
        b(Open, &[C::Allowance], &[p(K::Enter)], true),
        b(
            Back,
            &[C::Allowance],
            &[p(K::Esc), p(K::Backspace), p(K::Left), c('h')],
            true,
        ),
        b(PrevPeriod, &[C::Allowance], &[c('[')], true),
        b(NextPeriod, &[C::Allowance], &[c(']')], true),
        b(Export, &[C::Allowance], &[c('E')], true),
        // 年度考核.
        b(Assessment, &[C::Overview, C::Villages], &[c('K')], true),
        b(GradeExcellent, &[C::Assessment], &[c('1')], true),
        b(GradeCompetent, &[C::Assessment], &[c('2')], true),
        b(GradeBasic, &[C::Assessment], &[c('3')], true),
        b(GradeIncompetent, &[C::Assessment], &[c('4')], true),
        b(PrevPeriod, &[C::Assessment], &[c('[')], true),
        b(NextPeriod, &[C::Assessment], &[c(']')], true),
        b(
            Back,
            &[C::Assessment],
            &[p(K::Esc), p(K::Backspace), p(K::Left), c('h')],
            true,
        ),
        // 请销假.
        b(
            LeaveQueue,
            &[C::Overview, C::Villages, C::Checklist],
            &[c('L')],
            true,
        ),
        b(NewLeave, &[C::Leave], &[c('n')], true),
        b(ApproveLeave, &[C::Leave], &[c('a')], true),
        b(RefuseLeave, &[C::Leave], &[c('x')], true),
        b(RecordReturn, &[C::Leave], &[c('r')], true),
        b(
            Back,
            &[C::Leave],
            &[p(K::Esc), p(K::Backspace), p(K::Left), c('h')],
            true,
        ),
    ]
}

/// The keys of the training and recall screens and those after them.
fn more_management_bindings() -> Vec<Binding> {
    use Action::*;
    let p = KeySpec::plain;
    let c = KeySpec::ch;
    vec![
        // 培训.
        // Help lists it; the footers of the screens it opens from stay as they were.
        b(
            TrainingScreen,
            &[C::Overview, C::Villages, C::Checklist],
            &[c('T')],
            false,
        ),
        b(Open, &[C::Training], &[p(K::Enter)], true),
        b(MarkAttended, &[C::Training], &[c('c')], true),
        b(MarkLeave, &[C::Training], &[c('l')], true),
        b(MarkAbsent, &[C::Training], &[c('x')], true),
        b(MarkAllAttended, &[C::Training], &[c('A')], true),
        b(TrainingView, &[C::Training], &[c('v')], true),
        b(NewSession, &[C::Training], &[c('a')], true),
        b(EditSession, &[C::Training], &[c('e')], true),
        b(DeleteSession, &[C::Training], &[c('d')], true),
        b(PrevPeriod, &[C::Training], &[c('[')], true),
        b(NextPeriod, &[C::Training], &[c(']')], true),
        b(
            Back,
            &[C::Training],
            &[p(K::Esc), p(K::Backspace), p(K::Left), c('h')],
            true,
        ),
        // 召回台账 (listed in help; the footers of those screens are full).
        b(
            RecallLedger,
            &[C::Overview, C::Villages, C::Checklist],
            &[c('R')],
            false,
        ),
        b(Open, &[C::Recall], &[p(K::Enter)], true),
        b(RecallNext, &[C::Recall], &[c('n')], true),
        b(RecallTalk, &[C::Recall], &[c('t')], true),
        b(RecordIncident, &[C::Recall], &[c('i')], true),
        b(OpenCase, &[C::Recall], &[c('o')], true),
        b(
            Back,
            &[C::Recall],
            &[p(K::Esc), p(K::Backspace), p(K::Left), c('h')],
            true,
        ),
        // 考勤 (the attendance grid).
        b(
            AttendanceGrid,
            &[C::Overview, C::Villages, C::Checklist],
            &[c('a')],
            false,
        ),
        b(CodePresent, &[C::Attendance], &[c('1')], true),
        b(CodeDutyOut, &[C::Attendance], &[c('2')], false),
        b(CodeTraining, &[C::Attendance], &[c('3')], false),
        b(CodePersonalLeave, &[C::Attendance], &[c('4')], false),
        b(CodeSickLeave, &[C::Attendance], &[c('5')], false),
        b(CodeRest, &[C::Attendance], &[c('6')], false),
        b(CodeAbsent, &[C::Attendance], &[c('7')], false),
        b(
            ClearCode,
            &[C::Attendance],
            &[c('0'), c('x'), p(K::Delete)],
            false,
        ),
        b(FillMonth, &[C::Attendance], &[c('f')], true),
        b(MarkRange, &[C::Attendance], &[c('v')], true),
        b(CopyLastMonth, &[C::Attendance], &[c('c')], true),
        b(Save, &[C::Attendance], &[KeySpec::ctrl('s'), c('w')], true),
        b(CloseMonth, &[C::Attendance], &[c('C')], true),
        b(PrevPeriod, &[C::Attendance], &[c('[')], true),
        b(NextPeriod, &[C::Attendance], &[c(']')], true),
        b(CellLeft, &[C::Attendance], &[p(K::Left), c('h')], false),
        b(CellRight, &[C::Attendance], &[p(K::Right), c('l')], false),
        b(Back, &[C::Attendance], &[p(K::Esc)], true),
        // 派出单位 and the 工作队 tab.
        b(
            UnitsScreen,
            &[C::Overview, C::Villages, C::Checklist],
            &[c('U')],
            true,
        ),
        b(
            TeamsScreen,
            &[C::Overview, C::Villages, C::Checklist],
            &[c('w')],
            true,
        ),
        b(Open, &[C::Units, C::Teams], &[p(K::Enter)], true),
        b(
            Back,
            &[C::Units, C::Teams],
            &[p(K::Esc), p(K::Backspace), p(K::Left), c('h')],
            true,
        ),
        // The list's forms first: in the footer they go before the year.
        b(EditItem, &[C::Units], &[c('r')], true),
        b(AddProject, &[C::Units], &[c('p')], true),
        b(SetFunds, &[C::Units], &[c('m')], true),
        b(EditPlan, &[C::Units], &[c('b')], true),
        b(PrevPeriod, &[C::Units], &[c('[')], true),
        b(NextPeriod, &[C::Units], &[c(']')], true),
        b(FilterGaps, &[C::Teams], &[c('f')], true),
    ]
}

/// Lists, popups, text inputs and the keys that work everywhere.
fn common_bindings() -> Vec<Binding> {
    use Action::*;
    let p = KeySpec::plain;
    let c = KeySpec::ch;
    vec![
        // Lists
        b(Up, &[C::List], &[p(K::Up), c('k')], false),
        b(Down, &[C::List], &[p(K::Down), c('j')], false),
        b(PageUp, &[C::List], &[p(K::PageUp)], false),
        b(PageDown, &[C::List], &[p(K::PageDown)], false),
        b(Top, &[C::List], &[c('g'), p(K::Home)], false),
        b(Bottom, &[C::List], &[c('G'), p(K::End)], false),
        // Popups
        b(Choose, &[C::Menu], &[p(K::Enter)], true),
        b(Close, &[C::Popup, C::Menu], &[p(K::Esc)], true),
        b(Pick1, &[C::Menu], &[c('1')], false),
        b(Pick2, &[C::Menu], &[c('2')], false),
        b(Pick3, &[C::Menu], &[c('3')], false),
        b(Pick4, &[C::Menu], &[c('4')], false),
        b(Yes, &[C::Confirm], &[c('y'), p(K::Enter)], true),
        b(No, &[C::Confirm], &[c('n'), p(K::Esc)], true),
        // Text inputs
        b(Submit, &[C::Input], &[p(K::Enter)], true),
        b(Save, &[C::Input], &[KeySpec::ctrl('s')], false),
        b(Publish, &[C::Form], &[KeySpec::ctrl('s')], true),
        b(Cancel, &[C::Input, C::Form], &[p(K::Esc)], true),
        b(
            NextField,
            &[C::Input, C::Form],
            &[p(K::Tab), p(K::Down)],
            true,
        ),
        b(
            PrevField,
            &[C::Input, C::Form],
            &[p(K::BackTab), p(K::Up)],
            false,
        ),
        b(Advance, &[C::Form], &[p(K::Enter)], false),
        // Entry forms
        b(SubmitForm, &[C::Entry], &[KeySpec::ctrl('s')], true),
        b(FormEnter, &[C::Entry], &[p(K::Enter)], false),
        b(Cancel, &[C::Entry], &[p(K::Esc)], true),
        b(NextField, &[C::Entry], &[p(K::Tab), p(K::Down)], true),
        b(PrevField, &[C::Entry], &[p(K::BackTab), p(K::Up)], false),
        b(ChoicePrev, &[C::Entry], &[p(K::Left)], false),
        b(ChoiceNext, &[C::Entry], &[p(K::Right)], false),
        // Everywhere
        b(Search, &[C::Global], &[c('/')], true),
        b(NextScreen, &[C::Global], &[p(K::Tab)], true),
        b(PrevScreen, &[C::Global], &[p(K::BackTab)], false),
        b(Help, &[C::Global], &[c('?')], true),
        b(Quit, &[C::Global], &[c('q')], true),
        b(Redraw, &[C::Global], &[KeySpec::ctrl('l')], false),
        b(Suspend, &[C::Global], &[KeySpec::ctrl('z')], false),
    ]
}

/// A problem with the `[keys]` table of a config file (`file` names it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("{file}: [keys] {name}: no such action; known actions: {known}")]
    NoSuchAction {
        file: String,
        name: String,
        known: String,
    },
    #[error("{file}: [keys] {name}: give at least one key, as in {name} = \"x\"")]
    NoKeys { file: String, name: String },
    #[error("{file}: [keys] {name}: {source}")]
    BadKey {
        file: String,
        name: String,
        source: super::keyspec::KeySpecError,
    },
    #[error("{file}: [keys] {name}: ctrl-c always quits and cannot be bound")]
    CtrlC { file: String, name: String },
    #[error(
        "{file}: [keys] {name}: {key:?} would stop that character from being typed; \
         bind text-input actions to keys such as enter, esc, tab or ctrl-s"
    )]
    TypedKey {
        file: String,
        name: String,
        key: String,
    },
    #[error(
        "{file}: key {key:?} is bound to both {first} and {second} in the {ctx} context; \
         change one of them under [keys]"
    )]
    Conflict {
        file: String,
        key: String,
        first: &'static str,
        second: &'static str,
        ctx: &'static str,
    },
}

/// The bindings in force (defaults plus the config file's changes).
#[derive(Debug, Clone)]
pub struct KeyTable {
    pub bindings: Vec<Binding>,
}

impl Default for KeyTable {
    fn default() -> Self {
        KeyTable {
            bindings: defaults(),
        }
    }
}

/// Ctrl-C always quits: it is not in the table and cannot be rebound.
pub const CTRL_C: KeySpec = KeySpec::ctrl('c');

impl KeyTable {
    /// The action of `key` in context `ctx`, searching its chain.
    pub fn lookup(&self, ctx: Ctx, key: KeySpec) -> Option<Action> {
        for c in ctx.chain() {
            for b in &self.bindings {
                if b.contexts.contains(c) && b.keys.contains(&key) {
                    return Some(b.action);
                }
            }
        }
        None
    }

    /// Bindings visible in `ctx` (its own first, then inherited), for help
    /// and the footer. An action listed in several rows appears once per row.
    pub fn visible(&self, ctx: Ctx) -> Vec<(Ctx, &Binding)> {
        let mut out = Vec::new();
        for c in ctx.chain() {
            for b in &self.bindings {
                if b.contexts.contains(c) {
                    out.push((*c, b));
                }
            }
        }
        out
    }

    /// Apply `[keys]` from the config file: each action name gets the listed
    /// keys in every context it lives in. Returns a message naming the file
    /// and key on any problem.
    pub fn rebind(&mut self, file: &str, keys: &[(String, Vec<String>)]) -> Result<(), KeyError> {
        for (name, list) in keys {
            let rows: Vec<usize> = self
                .bindings
                .iter()
                .enumerate()
                .filter(|(_, b)| b.action.name() == name)
                .map(|(i, _)| i)
                .collect();
            if rows.is_empty() {
                let mut names: Vec<&str> = self.bindings.iter().map(|b| b.action.name()).collect();
                names.dedup();
                return Err(KeyError::NoSuchAction {
                    file: file.to_string(),
                    name: name.clone(),
                    known: names.join(", "),
                });
            }
            if list.is_empty() {
                return Err(KeyError::NoKeys {
                    file: file.to_string(),
                    name: name.clone(),
                });
            }
            let mut specs = Vec::new();
            for k in list {
                let spec = KeySpec::parse(k).map_err(|source| KeyError::BadKey {
                    file: file.to_string(),
                    name: name.clone(),
                    source,
                })?;
                if spec == CTRL_C {
                    return Err(KeyError::CtrlC {
                        file: file.to_string(),
                        name: name.clone(),
                    });
                }
                if spec.is_text()
                    && rows
                        .iter()
                        .any(|i| self.bindings[*i].contexts.iter().all(|c| c.is_text()))
                {
                    return Err(KeyError::TypedKey {
                        file: file.to_string(),
                        name: name.clone(),
                        key: k.clone(),
                    });
                }
                specs.push(spec);
            }
            for i in rows {
                self.bindings[i].keys = specs.clone();
            }
        }
        self.check(file)
    }

    /// Refuse a key that means two things in one context.
    pub fn check(&self, file: &str) -> Result<(), KeyError> {
        for ctx in Ctx::ALL {
            let mut seen: Vec<(KeySpec, Action)> = Vec::new();
            for c in ctx.chain() {
                for b in self.bindings.iter().filter(|b| b.contexts.contains(c)) {
                    for k in &b.keys {
                        if let Some((_, other)) =
                            seen.iter().find(|(sk, a)| sk == k && *a != b.action)
                        {
                            return Err(KeyError::Conflict {
                                file: file.to_string(),
                                key: k.label(true),
                                first: other.name(),
                                second: b.action.name(),
                                ctx: ctx.name(),
                            });
                        }
                        seen.push((*k, b.action));
                    }
                }
            }
        }
        Ok(())
    }

    /// The first key of `action` in `ctx` as shown to people (for hints
    /// that name one key), e.g. `x`.
    pub fn key_label(&self, ctx: Ctx, action: Action, ascii: bool) -> String {
        ctx.chain()
            .iter()
            .find_map(|c| {
                self.bindings
                    .iter()
                    .find(|b| b.action == action && b.contexts.contains(c))
            })
            .and_then(|b| b.keys.first())
            .map(|k| k.label(ascii))
            .unwrap_or_default()
    }

    /// The keys of `action` in `ctx` as shown to people, e.g. `x/Space`.
    pub fn keys_label(&self, ctx: Ctx, action: Action, ascii: bool) -> String {
        for c in ctx.chain() {
            if let Some(b) = self
                .bindings
                .iter()
                .find(|b| b.action == action && b.contexts.contains(c))
            {
                return b
                    .keys
                    .iter()
                    .map(|k| k.label(ascii))
                    .collect::<Vec<_>>()
                    .join("/");
            }
        }
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_have_no_conflicts() {
        KeyTable::default().check("defaults").unwrap();
    }

    #[test]
    fn lookup_follows_the_chain() {
        let t = KeyTable::default();
        assert_eq!(
            t.lookup(Ctx::Checklist, KeySpec::ch('x')),
            Some(Action::MarkDone)
        );
        assert_eq!(
            t.lookup(Ctx::Checklist, KeySpec::ch('j')),
            Some(Action::Down)
        );
        assert_eq!(
            t.lookup(Ctx::Checklist, KeySpec::ch('q')),
            Some(Action::Quit)
        );
        assert_eq!(t.lookup(Ctx::Input, KeySpec::ch('q')), None);
        assert_eq!(
            t.lookup(Ctx::Villages, KeySpec::ch('s')),
            Some(Action::SortNext)
        );
    }

    #[test]
    fn rebinding_conflict_names_file_and_key() {
        let mut t = KeyTable::default();
        let e = t
            .rebind("/c/config.toml", &[("mark_done".into(), vec!["e".into()])])
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "/c/config.toml: key \"e\" is bound to both mark_done and edit_note in the checklist context; change one of them under [keys]"
        );
    }

    #[test]
    fn rebinding_changes_lookup() {
        let mut t = KeyTable::default();
        t.rebind("c", &[("mark_done".into(), vec!["d".into()])])
            .unwrap();
        assert_eq!(
            t.lookup(Ctx::Checklist, KeySpec::ch('d')),
            Some(Action::MarkDone)
        );
        assert_eq!(t.lookup(Ctx::Checklist, KeySpec::ch('x')), None);
    }

    #[test]
    fn rebinding_errors() {
        let mut t = KeyTable::default();
        let e = t
            .rebind("c.toml", &[("fly".into(), vec!["x".into()])])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(
                "c.toml: [keys] fly: no such action; known actions: mark_done, edit_note,"
            ),
            "{e}"
        );
        let e = t
            .rebind("c.toml", &[("quit".into(), vec!["ctrl-c".into()])])
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "c.toml: [keys] quit: ctrl-c always quits and cannot be bound"
        );
        let e = t
            .rebind("c.toml", &[("submit".into(), vec!["s".into()])])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("would stop that character from being typed"),
            "{e}"
        );
    }
}
