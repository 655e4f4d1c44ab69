//! What a received copy (a province's database, filled by `zhucun pull`)
//! holds of each prefecture: the last batch applied and when. The screens
//! show it as "数据截至 …（上次接收）", since each prefecture's figures are
//! as of its last pull, not as of now (issue 14). Read without the
//! `upward` feature: a province's users need no libclang to read.

use super::Result;
use crate::domain::DivisionCode;

/// The last batch applied for one prefecture.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Received {
    pub prefecture: String,
    pub seq: i64,
    /// When it was applied here, in the installation's time zone, as
    /// `YYYY-MM-DD HH:MM`.
    pub at: String,
}

impl super::Store {
    /// Each prefecture's last applied batch, by code (empty: not a copy).
    pub fn received(&self) -> Result<Vec<Received>> {
        let mut st = self.conn.prepare_cached(
            "SELECT prefecture, max(seq), max(at) FROM upward_batch
             WHERE direction = 'applied' GROUP BY prefecture ORDER BY prefecture",
        )?;
        let zone = self.zone();
        let rows = st.query_map([], |r| {
            let at: String = r.get(2)?;
            Ok(Received {
                prefecture: r.get(0)?,
                seq: r.get(1)?,
                // Stored as RFC 3339 ("2026-12-03T07:02:45+08:00").
                at: crate::domain::clock::show_stamp(zone, &at),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The last pull of the prefectures inside `scope` (one row for a
    /// prefecture or anything below it; every prefecture for a province).
    pub fn received_for(&self, scope: &DivisionCode) -> Result<Vec<Received>> {
        let prefix = scope.prefix();
        Ok(self
            .received()?
            .into_iter()
            .filter(|r| {
                r.prefecture.starts_with(prefix)
                    || r.prefecture
                        .get(..4)
                        .is_some_and(|p| scope.as_str().starts_with(p))
            })
            .collect())
    }
}
