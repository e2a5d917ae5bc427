/**
 * A list of strings as one bound SQL parameter. CaseStore binds values without types and DuckDB cannot
 * type an empty JS list, so lists travel as JSON text and are cast in SQL: `$1::JSON::VARCHAR[]`.
 * (Still a bound parameter: nothing from the data is ever spliced into SQL.)
 */
export function textList(items: Iterable<string | null>): string {
	return JSON.stringify([...items]);
}
