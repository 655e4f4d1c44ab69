//! Writing a record from the checklist and its popups: the version check,
//! the conflict popup, the note editor and its drafts.

use super::{Popup, Target};
use crate::app::input::TextInput;
use crate::app::{Cx, Effect, Sel};
use crate::domain::Status;
use crate::domain::text::NOTE_MAX_CHARS;
use crate::i18n::ui::fill;
use crate::store::{Completion, RecordInput, Store, StoreError};

/// What a record write was for, to word the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteKind {
    MarkDone,
    Status,
    Note,
}

/// A record write asked for: it runs off the event loop (or inline when
/// the app has no background writer) and comes back as a [`WriteOutcome`].
#[derive(Debug, Clone)]
pub struct WriteJob {
    pub input: RecordInput,
    pub kind: WriteKind,
}

/// How a record write ended.
#[derive(Debug)]
pub enum WriteOutcome {
    Done(Completion),
    /// Someone else changed the record since it was read: theirs.
    Conflict(Option<Completion>),
    Failed(StoreError),
}

/// Write a status (and maybe a note) with the version read.
pub fn record(
    _cx: &mut Cx,
    t: &Target,
    status: Status,
    note: Option<String>,
    kind: WriteKind,
) -> Effect {
    let input = RecordInput {
        village: t.village.clone(),
        task: t.task,
        period: t.period,
        status,
        note,
        done_on: None,
        expected_version: Some(t.version),
    };
    Effect::Write(WriteJob { input, kind })
}

/// Run a write on `store` (the app's or a writer thread's connection).
pub fn perform(store: &mut Store, job: &WriteJob) -> WriteOutcome {
    let input = &job.input;
    match store.record(input) {
        Ok(rec) => {
            if job.kind == WriteKind::Note {
                let _ = store.delete_draft(&input.village, input.task, input.period);
            }
            WriteOutcome::Done(rec)
        }
        Err(StoreError::Conflict { .. }) => {
            match store.completion(&input.village, input.task, input.period) {
                Ok(theirs) => WriteOutcome::Conflict(theirs),
                Err(e) => WriteOutcome::Failed(e),
            }
        }
        Err(e) => WriteOutcome::Failed(e),
    }
}

/// What a finished write means for the screen: the message (and the note
/// editor closes), the conflict popup, or the error (a note editor stays
/// open with its text, so nothing typed is lost and Enter retries).
pub fn written(cx: &mut Cx, job: WriteJob, outcome: WriteOutcome) -> Effect {
    let close = if job.kind == WriteKind::Note {
        Effect::CloseEditor
    } else {
        Effect::None
    };
    match outcome {
        WriteOutcome::Done(rec) => {
            let lang = cx.lang();
            let u = lang.ui();
            let title = cx.task_title(job.input.task);
            let text = match job.kind {
                WriteKind::MarkDone => fill(u.msg_marked_done, &[&title]),
                WriteKind::Status => fill(u.msg_status_set, &[lang.status(rec.status), &title]),
                WriteKind::Note => fill(u.msg_note_saved, &[&title]),
            };
            Effect::Many(vec![close, Effect::Wrote(Some(text))])
        }
        WriteOutcome::Conflict(theirs) => {
            cx.know(theirs.iter().map(|t| t.recorded_by.as_str()));
            Effect::Many(vec![
                close,
                Effect::Wrote(None),
                Effect::Push(Popup::Conflict {
                    pending: job.input,
                    kind: job.kind,
                    theirs,
                    sel: Sel::default(),
                }),
            ])
        }
        WriteOutcome::Failed(e) => Effect::Fail(e),
    }
}

/// Write a record again (the conflict popup's "keep mine").
pub fn write(input: RecordInput, kind: WriteKind) -> Effect {
    Effect::Write(WriteJob { input, kind })
}

/// Enter in the note editor: save the note (an unchanged note only drops
/// its draft). A write that fails keeps the editor and its text open.
pub fn submit_note(cx: &mut Cx, t: &Target, text: &str) -> Effect {
    if text == t.note {
        let _ = cx.store.delete_draft(&t.village, t.task, t.period);
        return Effect::Pop;
    }
    // The editor stays open until the write is done (and after a failure).
    record(cx, t, t.status, Some(text.to_string()), WriteKind::Note)
}

/// Open the note editor, first offering a saved draft if there is one.
pub fn open_note(cx: &mut Cx, t: Target) -> Result<Effect, StoreError> {
    // No editor (and so no draft) for someone who may not record here; the
    // refusal is audited and worded like any other.
    let key = crate::store::record_key(&t.village, t.task, t.period);
    cx.store
        .authorize(crate::store::Need::Record, Some(&t.village), &key)?;
    if let Some(d) = cx.store.draft(&t.village, t.task, t.period)? {
        if d.note != t.note {
            return Ok(Effect::Push(Popup::DraftOffer {
                target: t,
                draft: d,
                sel: Sel::default(),
            }));
        }
        // The draft says what the note says already: nothing to offer.
        cx.store.delete_draft(&t.village, t.task, t.period)?;
    }
    let input = TextInput::new(&t.note, NOTE_MAX_CHARS);
    Ok(Effect::Push(Popup::Note { target: t, input }))
}

/// Keep a note being typed in `popups` as a draft (quit, hang-up, end of
/// input): first in the user's own draft file under `dir` (no database
/// lock, so it survives a hang-up whatever other writers do), then in the
/// database, which makes the file unnecessary. Returns whether it was kept.
pub fn save_draft(popups: &[Popup], dir: Option<&std::path::Path>, cx: &mut Cx) -> bool {
    let Some((t, text)) = popups.iter().rev().find_map(|p| match p {
        Popup::Note { target, input } => Some((target, input.text())),
        _ => None,
    }) else {
        return false;
    };
    if text == t.note {
        return false;
    }
    let file = dir.and_then(|d| {
        cx.store
            .save_draft_file(d, &t.village, t.task, t.period, &text)
            .ok()
    });
    let saved = cx
        .store
        .save_draft(&t.village, t.task, t.period, &text)
        .is_ok();
    if saved && let Some(f) = &file {
        crate::store::remove_draft_file(f);
    }
    saved || file.is_some()
}
