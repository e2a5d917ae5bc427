import type {FacetId} from '../pivot/aggregates.js';
import type {FieldId} from '../pivot/fields.js';
import type {GridRow} from '../pivot/grid-page.js';

/**
 * The active screen: one union value (VisiData's sheet stack in spirit). Other screens (hunts, evidence)
 * join by adding a member here, a component in ui/screens.tsx, and their commands in the registry.
 */
export type Screen =
	| {id: 'events'}
	/** Saved hunts with match counts; the cursor is a row id (hunt id, or `problem:<file>`), so it stays on its hunt as counts re-sort the list. */
	| {id: 'hunts'; cursor: string | null}
	/** Tagged events as a timeline. */
	| {id: 'tagged'; cursor: number};
export type ScreenId = Screen['id'];

/** A field of the cursor row offered by the pivot chooser. */
export interface PivotOption {
	field: FieldId;
	value: string | null;
	/** What the chooser shows (raw: escaped when drawn). */
	label: string;
}

/** Overlays stack over the screen; the top one owns the keys. */
export type Modal =
	| {kind: 'help'; scroll: number; lines: number}
	| {kind: 'detail'; row: GridRow; scroll: number}
	| {kind: 'facets'; facet: FacetId; cursor: number}
	| {kind: 'timeline'; cursor: number | null; mark: number | null}
	| {kind: 'search'; text: string}
	| {kind: 'pivot-menu'; title: string; options: PivotOption[]; cursor: number}
	| {kind: 'input'; purpose: InputPurpose; text: string; error: string | null}
	| {kind: 'export'};

/** What a text prompt asks for, and what it applies to. */
export type InputPurpose =
	| {for: 'tag'; keys: string[]}
	| {for: 'tag-note'; keys: string[]; tag: string}
	| {for: 'note'; key: string}
	| {for: 'untag'; key: string}
	| {for: 'export-dir'}
	| {for: 'export-tags'; out: string};

export type ModalKind = Modal['kind'];
