import os from 'node:os';

/** Who is acting: `--analyst`, else env TRAILCASE_ANALYST, else user@host. Recorded in the audit log. */
export function resolveAnalyst(flag?: string): string {
	if (flag && flag.trim()) return flag.trim();
	const fromEnv = process.env['TRAILCASE_ANALYST'];
	if (fromEnv && fromEnv.trim()) return fromEnv.trim();
	let user = 'unknown';
	try {
		user = os.userInfo().username;
	} catch {
		// Containers without a passwd entry: fall back to the environment.
		user = process.env['USER'] ?? 'unknown';
	}
	return `${user}@${os.hostname()}`;
}
