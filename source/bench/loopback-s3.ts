/**
 * A real S3 API server on loopback for the pull tests and the pull benchmark: the npm `s3rver` package
 * (dev dependency) in its own process. It lives under bench/ because the benchmark runs from dist/ and
 * cannot import test code; test/helpers/s3-server.ts wraps it for tests.
 */
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import {createRequire} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {CreateBucketCommand, PutObjectCommand, S3Client} from '@aws-sdk/client-s3';

/**
 * s3rver (npm, dev dependency) with two fixes real S3 behaviour needs, run in its own process with
 * `--openssl-legacy-provider` (its continuation tokens use DES, which OpenSSL 3 keeps there):
 * - it walks folders in directory order, but pages must come in key order or a continuation skips keys;
 * - a delimiter listing only reported folders holding objects directly, never `AWSLogs/` or an account
 *   folder (whose objects sit several levels down): a folder it does not descend into now stands for
 *   its CommonPrefix, as in S3.
 */
const S3RVER_MAIN = `
const fs = require('node:fs');
const path = require('node:path');
const utils = require('s3rver/lib/utils');
utils.walk = function* walk(dir, recurseFilter) {
	const entries = fs.readdirSync(dir).map((name) => {
		const full = path.posix.join(dir, name);
		const folder = fs.statSync(full).isDirectory();
		return {full, folder, order: folder ? name + '/' : name.replace(/\\._S3rver_.*$/, '')};
	}).sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
	for (const entry of entries) {
		if (!entry.folder) yield entry.full;
		else if (!recurseFilter || recurseFilter(entry.full)) yield* walk(entry.full, recurseFilter);
		else yield entry.full + '/._S3rver_object';
	}
};
// Ends with its parent: the parent holds our stdin, and a parent that dies (even by SIGKILL) closes it.
process.stdin.on('close', () => {
	fs.rmSync(process.argv[1], {recursive: true, force: true});
	process.exit(0);
});
process.stdin.resume();
const S3rver = require('s3rver');
new S3rver({directory: process.argv[1], address: '127.0.0.1', port: 0, silent: true})
	.run()
	.then(({port}) => console.log('listening on 127.0.0.1:' + port));
`;

export interface LoopbackS3 {
	endpoint: string;
	stop(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1 (a free port) with an empty data folder; `stop` ends it and removes the data. */
export async function startLoopbackS3(): Promise<LoopbackS3> {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'trailcase-s3rver-'));
	// Resolve s3rver from this repository, wherever the caller runs from.
	const cwd = path.dirname(path.dirname(path.dirname(createRequire(import.meta.url).resolve('s3rver/package.json'))));
	const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', S3RVER_MAIN, directory], {cwd, stdio: ['pipe', 'pipe', 'pipe']});
	let errors = '';
	child.stderr.on('data', (chunk) => (errors += chunk));
	const port = await new Promise<number>((resolve, reject) => {
		let seen = '';
		child.stdout.on('data', (chunk) => {
			seen += chunk;
			const match = /listening on [\d.]+:(\d+)/.exec(seen);
			if (match) resolve(Number(match[1]));
		});
		child.once('exit', (code) => reject(new Error(`s3rver exited (${code}): ${errors}`)));
	});
	return {
		endpoint: `http://127.0.0.1:${port}`,
		async stop() {
			if (child.exitCode === null) {
				child.kill();
				await once(child, 'exit');
			}
			rmSync(directory, {recursive: true, force: true});
		},
	};
}

/** SDK v3 client for s3rver: path-style, and no flexible checksums on upload (s3rver rejects them). */
export function loopbackClient(endpoint: string): S3Client {
	return new S3Client({
		endpoint,
		forcePathStyle: true,
		region: 'us-east-1',
		// s3rver knows the access key S3RVER and does not check SigV4 signatures.
		credentials: {accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER'},
		requestChecksumCalculation: 'WHEN_REQUIRED',
	});
}

function filesBelow(root: string): string[] {
	const out: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const full = path.join(dir, name);
			if (statSync(full).isDirectory()) walk(full);
			else out.push(path.relative(root, full).split(path.sep).join('/'));
		}
	};
	walk(root);
	return out.sort();
}

/**
 * Uploads a generated trail as CloudTrail would have written it: every `AWSLogs/...` object, with each
 * digest's signature metadata (from the generator's head-object sidecar) as `x-amz-meta-*`. Sidecars and
 * public-keys.json stay out: a real bucket has neither. `mapKey` can move keys (into an org layout, say).
 */
export async function seedTrail(
	client: S3Client,
	bucket: string,
	trailDir: string,
	options: {mapKey?: (key: string) => string; concurrency?: number} = {},
): Promise<string[]> {
	await client.send(new CreateBucketCommand({Bucket: bucket})).catch((error: {name?: string}) => {
		if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
	});
	const files = filesBelow(trailDir).filter((file) => /(^|\/)AWSLogs\//.test(file) && !file.endsWith('.head-object.json'));
	const keys: string[] = [];
	let next = 0;
	const upload = async () => {
		while (next < files.length) {
			const file = files[next++]!;
			let metadata: Record<string, string> | undefined;
			try {
				metadata = (JSON.parse(readFileSync(path.join(trailDir, `${file}.head-object.json`), 'utf8')) as {Metadata?: Record<string, string>}).Metadata;
			} catch {
				metadata = undefined;
			}
			const key = options.mapKey ? options.mapKey(file) : file;
			await client.send(new PutObjectCommand({Bucket: bucket, Key: key, Body: readFileSync(path.join(trailDir, file)), Metadata: metadata}));
			keys.push(key);
		}
	};
	await Promise.all(Array.from({length: options.concurrency ?? 16}, upload));
	return keys.sort();
}
