import type {Command} from './command.js';
import {importCommand} from './import.js';
import {infoCommand} from './info.js';
import {queryCommand} from './query.js';
import {showCommand} from './show.js';

/** Every CLI command, in the order `trailcase --help` lists them. */
export const commands: Command[] = [importCommand, infoCommand, queryCommand, showCommand];
