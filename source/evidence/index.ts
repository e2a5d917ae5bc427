/**
 * The evidence domain, as the TUI and commands use it: tags, notes, the tagged-events timeline, the
 * bundle export (with progress and cancellation) and bundle verification. No UI code in here.
 */
export {resolveEvents, type IdMatch, type ResolvedEvents} from './resolve-events.js';
export {tagEvents, untagEvents, type TagChange, type TagOptions, type TagResult, type UntagResult} from './tags.js';
export {addCaseNote, addNote, listNotes, type Note, type NoteResult} from './notes.js';
export {listTagged, tagCounts, tagsForEvents, taggedKeys, timelineEntries, type EventTag, type TimelineEntry} from './timeline.js';
export {exportBundle, type ExportOptions, type ExportPhase, type ExportProgress, type ExportResult} from './export-bundle.js';
export {verifyBundle, type BundleCheck} from './verify-bundle.js';
export {checkNoteText, checkTagName} from './labels.js';
