//! Who is running the program: the real user id from the kernel, resolved
//! through the password database. Environment variables such as `$USER` are
//! never consulted.

/// The account name of the real user id, or `uid<N>` if it has no entry.
pub fn account_name() -> String {
    let uid = nix::unistd::getuid();
    match nix::unistd::User::from_uid(uid) {
        Ok(Some(user)) => user.name,
        _ => format!("uid{}", uid.as_raw()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ignores_user_variable() {
        let real = super::account_name();
        // SAFETY-free: std::env::set_var is unsafe in edition 2024, so run a child instead.
        let out = std::process::Command::new("id").arg("-un").output();
        if let Ok(out) = out {
            assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), real);
        }
    }
}
