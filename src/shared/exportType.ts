/**
 * The names both sides use for the Usage Export API's data types and groupings. The facts about each (paths,
 * columns, labels) are the host's, in `core/schema/exportTypes.ts`.
 */

export type ExportType = 'models' | 'users' | 'agents' | 'api-keys' | 'projects';
export type GroupBy = 'source' | 'deployment' | 'model';
/** What one row of a totals table is: an export type's entity, or a row of a CSV of no known type. */
export type EntityKind = ExportType | 'unknown';

export const EXPORT_TYPES: readonly ExportType[] = ['models', 'users', 'agents', 'api-keys', 'projects'];

export function isExportType(value: unknown): value is ExportType {
  return typeof value === 'string' && (EXPORT_TYPES as readonly string[]).includes(value);
}
