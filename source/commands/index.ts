import type {Command} from './command.js';
import {demoCommand} from './demo.js';
import {generateCommand} from './generate.js';
import {huntCommand} from './hunt.js';
import {importCommand} from './import.js';
import {infoCommand} from './info.js';
import {pullCommand} from './pull.js';
import {queryCommand} from './query.js';
import {showCommand} from './show.js';
import {noteCommand} from './note.js';
import {openCommand} from './open.js';
import {tagCommand} from './tag.js';
import {untagCommand} from './untag.js';
import {exportCommand} from './export.js';
import {verifyBundleCommand} from './verify-bundle.js';
import {verifyCommand} from './verify.js';

/** Every CLI command, in the order `trailcase --help` lists them. */
export const commands: Command[] = [
	importCommand,
	pullCommand,
	infoCommand,
	verifyCommand,
	queryCommand,
	huntCommand,
	showCommand,
	openCommand,
	tagCommand,
	untagCommand,
	noteCommand,
	exportCommand,
	verifyBundleCommand,
	generateCommand,
	demoCommand,
];
