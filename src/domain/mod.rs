//! Pure types and rules: divisions, periods, the catalogue, statuses, teams,
//! guidance, text. No I/O, no SQL, no terminal.

pub mod allowance;
pub mod assessment;
pub mod attendance;
pub mod attendance_grid;
pub mod catalogue;
pub mod clock;
pub mod dates;
pub mod division;
pub mod figures;
pub mod guidance;
pub mod leave;
pub mod period;
pub mod pinyin;
pub mod posting;
pub mod recall;
pub mod status;
pub mod team;
pub mod text;
pub mod training;
pub mod units;
pub mod work_record;

pub use catalogue::{Catalogue, Category, Task};
pub use dates::{DateRuleError, RecordLimits};
pub use division::{Division, DivisionCode, Level, VillageType};
pub use figures::Progress;
pub use guidance::Guidance;
pub use period::{Cadence, Period, PeriodKind};
pub use status::{DisplayStatus, Status};
pub use team::{MemberRole, TeamMember, User, UserRole};
