import type {Command} from './command.js';
import {demoCommand} from './demo.js';
import {generateCommand} from './generate.js';
import {importCommand} from './import.js';
import {infoCommand} from './info.js';
import {pullCommand} from './pull.js';
import {queryCommand} from './query.js';
import {showCommand} from './show.js';

/** Every CLI command, in the order `trailcase --help` lists them. */
export const commands: Command[] = [
	importCommand,
	pullCommand,
	infoCommand,
	queryCommand,
	showCommand,
	generateCommand,
	demoCommand,
];
