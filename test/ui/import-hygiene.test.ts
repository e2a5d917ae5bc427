import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const source = path.resolve(import.meta.dirname, '..', '..', 'source');
const DOMAIN = ['case', 'ingest', 'integrity', 'pivot', 'generator', 'verify', 'hunts', 'evidence', 'pull'];

function files(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
	});
}

/** Module specifiers a file imports (static and dynamic, type-only imports left out). */
function imports(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const found: string[] = [];
	for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) found.push(m[1]!);
	for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
	return found;
}

function resolve(from: string, specifier: string): string | undefined {
	if (!specifier.startsWith('.')) return undefined;
	const base = path.resolve(path.dirname(from), specifier).replace(/\.js$/, '');
	return ['.ts', '.tsx'].map((ext) => base + ext).find(existsSync);
}

describe('import hygiene', () => {
	it('keeps ink and react out of the domain code, directly or through anything it imports', () => {
		const roots = DOMAIN.flatMap((folder) => files(path.join(source, folder)));
		expect(roots.length).toBeGreaterThan(20);
		const offenders: string[] = [];
		const seen = new Set<string>();
		const walk = (file: string, chain: string[]) => {
			if (seen.has(file)) return;
			seen.add(file);
			for (const specifier of imports(file)) {
				if (/^(ink|react)(\/|$)|^ink-/.test(specifier)) offenders.push([...chain, file, specifier].map((p) => path.relative(source, p)).join(' -> '));
				if (/\/(app|ui)\//.test(resolve(file, specifier) ?? '')) offenders.push([...chain, file, specifier].map((p) => path.relative(source, p)).join(' -> '));
				const next = resolve(file, specifier);
				if (next) walk(next, [...chain, file]);
			}
		};
		for (const root of roots) walk(root, []);
		expect(offenders).toEqual([]);
	});

	it('would notice an import of ink', () => {
		expect(imports(path.join(source, 'app', 'App.tsx'))).toContain('ink');
	});
});
