//! Right after the package is installed there is no database: `doctor`
//! says the one thing left, root's `init --admin`, and nothing else.

use crate::server_common::*;
use std::process::Command;

#[test]
fn doctor_before_init_names_init_as_root() {
    if skip_unless_root("doctor_before_init_names_init_as_root") {
        return;
    }
    let acc = Accounts::create("p", 1);
    let Some(dep) = Deployment::try_install(&acc.group) else {
        return;
    };
    let o = Command::new(&dep.bin)
        .args(["--lang", "en", "--db", dep.db.to_str().unwrap(), "doctor"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    let db = dep.db.display().to_string();
    let fixes: Vec<&str> = text.lines().filter(|l| l.starts_with("FIX")).collect();
    assert_eq!(fixes, [format!("FIX  no database at {db}")], "{text}");
    assert!(
        text.contains(&format!("       $ zhucun --db {db} init --admin ACCOUNT\n")),
        "{text}"
    );
    assert!(!text.contains("chown"), "{text}");
    // The command it names works, and then there is nothing left to fix.
    let admin = acc.users[0].as_str();
    assert!(dep.init(admin).status.success());
    let o = dep.run_as(admin, &["doctor"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}
