//! Helpers for the shared-server tests: throw-away Unix accounts and groups
//! (root only; removed again on drop), a setgid installation in a temporary
//! directory, and the corpus of terminal-injection payloads.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

pub fn is_root() -> bool {
    nix::unistd::Uid::effective().is_root()
}

/// True (after printing why) when the test cannot run here.
pub fn skip_unless_root(test: &str) -> bool {
    if is_root() {
        return false;
    }
    println!("SKIP {test}: creating Unix accounts needs root (CI runs as root)");
    true
}

/// useradd/groupadd lock /etc/passwd: one at a time in this process, and
/// retried when another process holds the lock.
static ACCOUNTS: Mutex<()> = Mutex::new(());

fn admin_cmd(program: &str, args: &[&str]) {
    let _g = ACCOUNTS.lock().unwrap_or_else(|p| p.into_inner());
    let mut last = String::new();
    for _ in 0..50 {
        let out = Command::new(program).args(args).output().unwrap();
        if out.status.success() {
            return;
        }
        last = String::from_utf8_lossy(&out.stderr).into_owned();
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("{program} {args:?} failed: {last}");
}

fn admin_cmd_quiet(program: &str, args: &[&str]) {
    let _g = ACCOUNTS.lock().unwrap_or_else(|p| p.into_inner());
    for _ in 0..20 {
        if Command::new(program)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// A group and some accounts that exist for one test. The accounts' primary
/// group is `users`; none is in the group.
pub struct Accounts {
    pub group: String,
    pub users: Vec<String>,
}

impl Accounts {
    pub fn create(tag: &str, n: usize) -> Accounts {
        let id = std::process::id() % 100_000;
        let group = format!("zg{tag}{id}");
        admin_cmd("groupadd", &[&group]);
        let users: Vec<String> = (0..n).map(|i| format!("zu{tag}{id}x{i}")).collect();
        for u in &users {
            admin_cmd("useradd", &["-M", "-N", "-s", "/usr/sbin/nologin", u]);
        }
        Accounts { group, users }
    }
}

impl Drop for Accounts {
    fn drop(&mut self) {
        for u in &self.users {
            admin_cmd_quiet("userdel", &[u]);
        }
        admin_cmd_quiet("groupdel", &[&self.group]);
    }
}

/// The documented layout in a temporary directory: `bin/zhucun` setgid to
/// the group (root:G 2755), `data/` root:G 3770.
pub struct Deployment {
    /// Held for its `Drop`: the whole layout goes with the deployment.
    pub top: tempfile::TempDir,
    pub bin: PathBuf,
    pub data: PathBuf,
    pub db: PathBuf,
    pub group: String,
}

/// A directory other accounts can reach whose file system honours setgid
/// bits and executables (/tmp is mounted nosuid or noexec on some systems).
pub fn install_base() -> Option<PathBuf> {
    use nix::sys::statvfs::{FsFlags, statvfs};
    ["/tmp", "/var/tmp", env!("CARGO_TARGET_TMPDIR")]
        .iter()
        .map(PathBuf::from)
        .find(|d| {
            statvfs(d.as_path()).is_ok_and(|s| {
                !s.flags()
                    .intersects(FsFlags::ST_NOSUID | FsFlags::ST_NOEXEC)
            })
        })
}

impl Deployment {
    /// None (after printing why) when no directory can hold a setgid binary.
    pub fn try_install(group: &str) -> Option<Deployment> {
        match install_base() {
            Some(base) => Some(Deployment::install_in(&base, group)),
            None => {
                println!("SKIP: no file system here honours setgid binaries (all nosuid)");
                None
            }
        }
    }

    fn install_in(base: &Path, group: &str) -> Deployment {
        use std::os::unix::fs::PermissionsExt;
        let top = tempfile::Builder::new()
            .prefix("zhucun-deploy")
            .tempdir_in(base)
            .unwrap();
        std::fs::set_permissions(top.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let bin_dir = top.path().join("bin");
        std::fs::create_dir(&bin_dir).unwrap();
        std::fs::set_permissions(&bin_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let bin = bin_dir.join("zhucun");
        let data = top.path().join("data");
        let ok = |c: &mut Command| assert!(c.status().unwrap().success(), "{c:?}");
        ok(Command::new("install")
            .args(["-o", "root", "-g", group, "-m", "2755"])
            .arg(env!("CARGO_BIN_EXE_zhucun"))
            .arg(&bin));
        ok(Command::new("install")
            .args(["-d", "-o", "root", "-g", group, "-m", "3770"])
            .arg(&data));
        let db = data.join("zhucun.db");
        Deployment {
            top,
            bin,
            data,
            db,
            group: group.to_string(),
        }
    }

    /// Run the installed binary as `user` with `--db` and the pinned date.
    pub fn run_as(&self, user: &str, args: &[&str]) -> Output {
        as_user(
            user,
            &self.bin,
            &[
                &[
                    "--db",
                    self.db.to_str().unwrap(),
                    "--today",
                    crate::common::TODAY,
                ],
                args,
            ]
            .concat(),
        )
    }

    /// The install's step 5: root creates the database for its first
    /// administrator `admin` (every file is root's from the start).
    pub fn init(&self, admin: &str) -> Output {
        Command::new(&self.bin)
            .args(["--db", self.db.to_str().unwrap(), "--today", "2026-11-28"])
            .args(["init", "--admin", admin])
            .output()
            .unwrap()
    }

    /// The files belong to root (as `init` by root leaves them).
    pub fn chown_to_root(&self) {
        for s in ["", "-wal", "-shm", "-anchor"] {
            let f = format!("{}{s}", self.db.display());
            let st = Command::new("chown")
                .arg(format!("root:{}", self.group))
                .arg(&f)
                .status()
                .unwrap();
            assert!(st.success(), "chown {f}");
        }
    }
}

/// How to open an SQLite file outside zhucun: the sqlite3 shell or Python's
/// sqlite3 module, whichever is installed where every account can run it
/// (absolute paths: root's PATH may point into /root). None: neither.
pub fn direct_opener() -> Option<(&'static str, PathBuf)> {
    let works = |p: &Path, a: &[&str]| {
        Command::new(p)
            .args(a)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    for dir in ["/usr/bin", "/usr/local/bin", "/bin"] {
        let p = Path::new(dir).join("sqlite3");
        if works(&p, &["-version"]) {
            return Some(("sqlite3", p));
        }
    }
    for dir in ["/usr/bin", "/usr/local/bin", "/bin"] {
        let p = Path::new(dir).join("python3");
        if works(&p, &["-c", "import sqlite3"]) {
            return Some(("python3", p));
        }
    }
    None
}

/// Run `program args` as `user` through runuser (no shell).
pub fn as_user(user: &str, program: &Path, args: &[&str]) -> Output {
    Command::new("runuser")
        .args(["-u", user, "--"])
        .arg(program)
        .args(args)
        .env_remove("ZHUCUN_DB")
        .current_dir("/")
        .output()
        .expect("runuser")
}

/// Text payloads that would act on a terminal if shown raw: (name, payload).
pub fn payloads() -> Vec<(&'static str, String)> {
    vec![
        ("osc title", "记录\u{1b}]0;pwned\u{7}完成".into()),
        ("osc title st", "a\u{1b}]2;title\u{1b}\\b".into()),
        ("osc 52 clipboard", "x\u{1b}]52;c;cm0gLXJmIH4=\u{7}y".into()),
        ("screen clear", "\u{1b}[2J\u{1b}[H清屏".into()),
        ("csi cursor move", "左\u{1b}[10;10H右\u{1b}[1A".into()),
        ("csi sgr", "\u{1b}[31;1m红色\u{1b}[0m".into()),
        ("c1 csi 0x9b", "a\u{9b}2Jb\u{9b}31mc".into()),
        ("c1 osc 0x9d", "a\u{9d}0;t\u{9c}b".into()),
        ("carriage return", "done\roverdue".into()),
        ("backspace", "done\u{8}\u{8}\u{8}\u{8}todo".into()),
        ("bell and del", "a\u{7}b\u{7f}c".into()),
        ("bidi override", "付款\u{202e}0001\u{202c}元".into()),
        (
            "bidi isolate",
            "a\u{2066}b\u{2067}c\u{2068}d\u{2069}e".into(),
        ),
        ("rtl marks", "a\u{200f}b\u{200e}c\u{61c}d".into()),
        (
            "zero width",
            "松\u{200b}岭\u{200c}村\u{200d}\u{2060}\u{feff}".into(),
        ),
        (
            "line separator",
            "第一行\u{2028}第二行\u{2029}第三行".into(),
        ),
        ("tag characters", "ok\u{e0041}\u{e0042}\u{e007f}".into()),
        ("soft hyphen and filler", "a\u{ad}b\u{3164}c".into()),
        ("vertical tab form feed", "a\u{b}b\u{c}c".into()),
    ]
}

/// Whether a character must never reach another person's terminal raw.
/// Newlines are allowed (multi-line notes), nothing else below U+0020.
pub fn dangerous(c: char) -> bool {
    c != '\n' && zhucun::domain::text::is_dangerous(c)
}

/// Panics naming the first dangerous character in `bytes` (which must be UTF-8).
pub fn assert_clean(what: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes)
        .unwrap_or_else(|e| panic!("{what}: output is not UTF-8 ({e}): {bytes:?}"));
    if let Some((i, c)) = text.char_indices().find(|(_, c)| dangerous(*c)) {
        panic!(
            "{what}: raw U+{:04X} at byte {i} in {:?}",
            c as u32,
            &text[i.saturating_sub(40)..(i + 40).min(text.len())]
        );
    }
}

/// Where [`seed_payloads`] put things, for tests that then render screens.
pub struct Seeded {
    pub village: zhucun::domain::DivisionCode,
    pub quarter: zhucun::domain::Period,
}

/// Store every payload through every store entry path there is (a note on
/// each monthly task, guidance titles and bodies issued and edited, team
/// member names and units), for village 522701001201 of `common::small_db`.
/// The acting account must be an administrator. Terminal-UI tests render
/// every screen of this database and check the bytes with [`assert_clean`].
pub fn seed_payloads(store: &mut zhucun::store::Store) -> Seeded {
    use zhucun::domain::{DivisionCode, MemberRole, Period, Status};
    use zhucun::store::{GuidanceInput, NewMember, RecordInput};
    let village = DivisionCode::parse("522701001201").unwrap();
    let month = Period::parse("2026-11").unwrap();
    let quarter = Period::parse("2026Q4").unwrap();
    let corpus = payloads();
    for (i, task) in [1u32, 4, 5, 9].iter().enumerate() {
        let note: String = corpus
            .iter()
            .skip(i)
            .step_by(4)
            .map(|(_, p)| p.as_str())
            .collect();
        store
            .record(&RecordInput {
                village: village.clone(),
                task: *task,
                period: month,
                status: Status::Doing,
                note: Some(note),
                done_on: None,
                expected_version: None,
            })
            .unwrap();
    }
    let mut guidance_ids = Vec::new();
    for (scope, (_, p)) in ["522700", "522701", "522701001"].iter().zip(&corpus) {
        let id = store
            .issue_guidance(&GuidanceInput {
                period: quarter,
                scope: DivisionCode::parse(scope).unwrap(),
                title: format!("要点{p}"),
                body: format!("一、{p}\n二、{p}"),
                tasks: vec![1, 4],
            })
            .unwrap();
        guidance_ids.push(id);
    }
    let g = store.guidance_by_id(guidance_ids[0]).unwrap().unwrap();
    store
        .edit_guidance(
            g.id,
            g.version,
            &GuidanceInput {
                period: quarter,
                scope: DivisionCode::parse("522700").unwrap(),
                title: corpus[3].1.clone(),
                body: corpus[4].1.clone(),
                tasks: vec![9],
            },
        )
        .unwrap();
    store
        .load("payload team", |ld| {
            for (i, (_, p)) in corpus.iter().enumerate() {
                ld.member(&NewMember {
                    village: village.clone(),
                    name: format!("成员{i}{p}"),
                    role: if i == 0 {
                        MemberRole::FirstSecretary
                    } else {
                        MemberRole::Resident
                    },
                    unit: format!("单位{p}"),
                    start: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                    end: None,
                })?;
            }
            Ok(())
        })
        .unwrap();
    Seeded { village, quarter }
}
