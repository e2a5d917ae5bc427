import {Text} from 'ink';
import {activeSteps, stepLabel, type Step} from '../../pivot/steps.js';
import {safe} from '../text.js';

/** The pivot stack as a path: `all › principal=user/x › ip=203.0.113.66`. Steps a context window hides are dimmed. */
export function Breadcrumb({steps, width}: {steps: readonly Step[]; width: number}) {
	const active = new Set(activeSteps(steps));
	const parts = [{text: 'all events', dim: active.size !== steps.length}, ...steps.map((s) => ({text: safe(stepLabel(s)), dim: !active.has(s)}))];
	// Keep the newest steps visible: drop the oldest behind "…" when the path is too long.
	let shown = parts;
	const length = (list: typeof parts) => list.reduce((n, p) => n + p.text.length + 3, 0);
	while (shown.length > 1 && length(shown) > width) shown = shown.slice(1);
	const prefix = shown.length < parts.length ? '… › ' : '';
	return (
		<Text wrap="truncate-end">
			{prefix}
			{shown.map((part, i) => (
				<Text key={i}>
					{i > 0 ? <Text color="gray"> › </Text> : null}
					<Text bold={i === shown.length - 1} dimColor={part.dim}>
						{part.text}
					</Text>
				</Text>
			))}
		</Text>
	);
}
