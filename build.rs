// Rebuild when a migration, the catalogue or demo data changes: they are
// embedded with include_str!, and a new migration file must never be left out.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=db");
    let mut names: Vec<String> = std::fs::read_dir("db/migrations")?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    names.sort();
    let mut out = String::from(
        "/// Migrations in order, embedded from db/migrations/.\npub const MIGRATIONS: &[(&str, &str)] = &[\n",
    );
    for (i, n) in names.iter().enumerate() {
        let want = format!("{:04}_", i + 1);
        assert!(
            n.starts_with(&want),
            "migration {n} should start with {want}: numbers must be 0001, 0002, ... without gaps"
        );
        out.push_str(&format!(
            "    ({n:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/db/migrations/{n}\"))),\n"
        ));
    }
    out.push_str("];\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR")?).join("migrations.rs");
    std::fs::write(dest, out)?;
    Ok(())
}
