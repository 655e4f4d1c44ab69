//! Writing a record from the checklist and its popups: the version check,
//! the conflict popup, the note editor and its drafts.

use super::{Popup, Target};
use crate::app::input::TextInput;
use crate::app::{Cx, Effect, Sel};
use crate::domain::text::NOTE_MAX_CHARS;
use crate::domain::{DivisionCode, Period, Status};
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
    /// "Keep mine" after a conflict: the version of their change, written
    /// over knowingly (audited as such).
    pub overriding: Option<i64>,
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
    Effect::Write(WriteJob {
        input,
        kind,
        overriding: None,
    })
}

/// Run a write on `store` (the app's or a writer thread's connection).
pub fn perform(store: &mut Store, job: &WriteJob) -> WriteOutcome {
    let input = &job.input;
    let result = match job.overriding {
        Some(theirs) => store.record_overriding(input, theirs),
        None => store.record(input),
    };
    match result {
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

/// Write mine over theirs (the conflict popup's "keep mine"): at the
/// version of their change, audited as written over a conflict.
pub fn keep_mine(input: RecordInput, kind: WriteKind, theirs: Option<&Completion>) -> Effect {
    let version = theirs.map(|t| t.version).unwrap_or(0);
    Effect::Write(WriteJob {
        input,
        kind,
        overriding: Some(version),
    })
}

/// The note editor again, with my text, over their record (the conflict
/// popup's "back to editing"): saving it then is an ordinary write at the
/// version of their change, with their status.
pub fn edit_again(pending: &RecordInput, theirs: Option<&Completion>) -> Popup {
    let target = Target {
        village: pending.village.clone(),
        task: pending.task,
        period: pending.period,
        version: theirs.map(|t| t.version).unwrap_or(0),
        status: theirs.map(|t| t.status).unwrap_or(pending.status),
        note: theirs.map(|t| t.note.clone()).unwrap_or_default(),
    };
    let mine = pending.note.clone().unwrap_or_default();
    Popup::Note {
        target,
        input: TextInput::new(&mine, NOTE_MAX_CHARS),
    }
}

/// A note typed in `p` that is not saved: the note editor's text, or mine
/// in a conflict over a note. (record key, the text, the saved note.)
fn typed_note(p: &Popup) -> Option<(&DivisionCode, u32, Period, String, String)> {
    match p {
        Popup::Note { target: t, input } => {
            Some((&t.village, t.task, t.period, input.text(), t.note.clone()))
        }
        Popup::Conflict {
            pending,
            kind: WriteKind::Note,
            theirs,
            ..
        } => Some((
            &pending.village,
            pending.task,
            pending.period,
            pending.note.clone().unwrap_or_default(),
            theirs.as_ref().map(|t| t.note.clone()).unwrap_or_default(),
        )),
        _ => None,
    }
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
    // Drafts are for people who may record (no one else has an editor).
    if !cx.me.may_record() {
        return false;
    }
    let Some((village, task, period, text, saved)) = popups.iter().rev().find_map(typed_note)
    else {
        return false;
    };
    if text == saved {
        return false;
    }
    let file = dir.and_then(|d| {
        cx.store
            .save_draft_file(d, village, task, period, &text)
            .ok()
    });
    let saved = cx.store.save_draft(village, task, period, &text).is_ok();
    if saved && let Some(f) = &file {
        crate::store::remove_draft_file(f);
    }
    saved || file.is_some()
}
