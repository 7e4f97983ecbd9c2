/**
 * Everything that differs between the Usage Export API's data types, in one table of facts: the API path, the
 * groupings each accepts, the columns that identify one entity, and the label, format and aggregation of every
 * documented column. Everything else in the extension reads these facts instead of naming types itself.
 */
import type { Aggregate, ColumnFormat } from '../../shared/tableModel';

export type ExportType = 'models' | 'users' | 'agents' | 'api-keys' | 'projects';
export type GroupBy = 'source' | 'deployment' | 'model';

export interface GroupingFact {
  value: GroupBy;
  /** The CSV column a grouped export adds (undocumented by Langdock; the sandbox and the parser agree on it). */
  column: string;
  byokOnly: boolean;
}

export interface ExportTypeFacts {
  type: ExportType;
  /** API paths, tried in order: a 404 on the first falls back to the next (older deployments). */
  paths: readonly string[];
  groupings: readonly GroupingFact[];
  /** Columns whose values together identify one entity (one totals row). */
  entityKey: readonly string[];
  /** The column to show as the entity's name. */
  entityName: string;
  /** A codicon id. */
  icon: string;
}

const byModel: GroupingFact = { value: 'model', column: 'model', byokOnly: false };

export const EXPORT_TYPE_FACTS: Readonly<Record<ExportType, ExportTypeFacts>> = {
  models: {
    type: 'models',
    paths: ['/export/models'],
    groupings: [
      { value: 'source', column: 'source', byokOnly: false },
      { value: 'deployment', column: 'deployment', byokOnly: true },
    ],
    entityKey: ['name', 'provider'],
    entityName: 'name',
    icon: 'symbol-class',
  },
  users: {
    type: 'users',
    paths: ['/export/users'],
    groupings: [byModel],
    entityKey: ['user_id'],
    entityName: 'name',
    icon: 'person',
  },
  agents: {
    type: 'agents',
    paths: ['/export/agents', '/export/assistants'],
    groupings: [byModel],
    entityKey: ['assistant_id'],
    entityName: 'assistant_name',
    icon: 'hubot',
  },
  'api-keys': {
    type: 'api-keys',
    paths: ['/export/api-keys'],
    groupings: [byModel],
    entityKey: ['api_key_id'],
    entityName: 'api_key_name',
    icon: 'key',
  },
  projects: {
    type: 'projects',
    paths: ['/export/projects'],
    groupings: [],
    entityKey: ['project_id'],
    entityName: 'project_name',
    icon: 'folder',
  },
};

export function groupingFor(type: ExportType, groupBy: GroupBy): GroupingFact | undefined {
  return EXPORT_TYPE_FACTS[type].groupings.find((g) => g.value === groupBy);
}

export interface ColumnFact {
  label: string;
  format: ColumnFormat;
  aggregate: Aggregate;
  description?: string;
}

/**
 * Known columns across all types (the API names them consistently, so one map serves every type). Columns not
 * listed here are kept and shown with a label derived from the header, a format detected from the values, and
 * summed when numeric.
 */
const COLUMN_FACTS: Readonly<Record<string, ColumnFact>> = {
  period_start: { label: 'Period start', format: 'date', aggregate: 'none' },
  period_end: { label: 'Period end', format: 'date', aggregate: 'none' },
  org_id: { label: 'Workspace', format: 'text', aggregate: 'none' },
  name: { label: 'Name', format: 'text', aggregate: 'none' },
  provider: { label: 'Provider', format: 'text', aggregate: 'none' },
  bring_your_keys: {
    label: 'BYOK',
    format: 'boolean',
    aggregate: 'none',
    description: 'Usage through your own provider keys',
  },
  source: { label: 'Source', format: 'text', aggregate: 'none' },
  deployment: { label: 'Deployment', format: 'text', aggregate: 'none' },
  model: { label: 'Model', format: 'text', aggregate: 'none' },
  raw_model: { label: 'Raw model', format: 'text', aggregate: 'none' },
  requests: { label: 'Requests', format: 'integer', aggregate: 'sum' },
  sum_prompt_tokens: {
    label: 'Input tokens',
    format: 'integer',
    aggregate: 'sum',
    description: 'Total input tokens (BYOK only)',
  },
  sum_completion_tokens: {
    label: 'Output tokens',
    format: 'integer',
    aggregate: 'sum',
    description: 'Total output tokens (BYOK only)',
  },
  sum_cached_prompt_tokens: {
    label: 'Cache-read tokens',
    format: 'integer',
    aggregate: 'sum',
    description: 'Input tokens read from cache (BYOK only)',
  },
  sum_cache_creation_tokens: {
    label: 'Cache-write tokens',
    format: 'integer',
    aggregate: 'sum',
    description: 'Input tokens written to cache (BYOK only)',
  },
  cached_prompt_tokens: {
    label: 'Cache-read tokens',
    format: 'integer',
    aggregate: 'sum',
    description: 'Input tokens read from cache (BYOK only)',
  },
  cache_creation_tokens: {
    label: 'Cache-write tokens',
    format: 'integer',
    aggregate: 'sum',
    description: 'Input tokens written to cache (BYOK only)',
  },
  no_cache_tokens: {
    label: 'Uncached tokens',
    format: 'integer',
    aggregate: 'sum',
    description: 'Input tokens not served from cache (BYOK only)',
  },
  total_cost_usd: { label: 'Cost (USD)', format: 'usd', aggregate: 'sum' },
  avg_prompt_tokens: { label: 'Avg input tokens', format: 'decimal', aggregate: 'mean' },
  min_prompt_tokens: { label: 'Min input tokens', format: 'integer', aggregate: 'min' },
  max_prompt_tokens: { label: 'Max input tokens', format: 'integer', aggregate: 'max' },
  avg_completion_tokens: { label: 'Avg output tokens', format: 'decimal', aggregate: 'mean' },
  min_completion_tokens: { label: 'Min output tokens', format: 'integer', aggregate: 'min' },
  max_completion_tokens: { label: 'Max output tokens', format: 'integer', aggregate: 'max' },
  // users
  user_id: { label: 'User ID', format: 'text', aggregate: 'none' },
  email: { label: 'Email', format: 'text', aggregate: 'none' },
  role: { label: 'Role', format: 'text', aggregate: 'none' },
  joined_at: { label: 'Joined', format: 'date', aggregate: 'none' },
  department: { label: 'Department', format: 'text', aggregate: 'none' },
  company_name: { label: 'Company', format: 'text', aggregate: 'none' },
  license_type: { label: 'License', format: 'text', aggregate: 'none' },
  payg_limit_current: { label: 'Extra-usage limit', format: 'decimal', aggregate: 'none' },
  payg_consumption_in_period: { label: 'Extra usage', format: 'decimal', aggregate: 'sum' },
  payg_utilization_pct_current: { label: 'Extra-usage utilization', format: 'decimal', aggregate: 'none' },
  messages_total: { label: 'Messages', format: 'integer', aggregate: 'sum' },
  messages_total_rank: { label: 'Rank (messages)', format: 'integer', aggregate: 'none' },
  messages_chat: { label: 'Chat messages', format: 'integer', aggregate: 'sum' },
  messages_chat_rank: { label: 'Rank (chat)', format: 'integer', aggregate: 'none' },
  messages_assistants: { label: 'Agent messages', format: 'integer', aggregate: 'sum' },
  messages_assistants_rank: { label: 'Rank (agents)', format: 'integer', aggregate: 'none' },
  assistants_messaged: { label: 'Agents messaged', format: 'integer', aggregate: 'max' },
  assistants_to_messages: { label: 'Messages per agent', format: 'json-map', aggregate: 'none' },
  messages_projects: { label: 'Project messages', format: 'integer', aggregate: 'sum' },
  messages_projects_rank: { label: 'Rank (projects)', format: 'integer', aggregate: 'none' },
  projects_messaged: { label: 'Projects messaged', format: 'integer', aggregate: 'max' },
  projects_to_messages: { label: 'Messages per project', format: 'json-map', aggregate: 'none' },
  model_to_messages_total: { label: 'Messages per model', format: 'json-map', aggregate: 'none' },
  action_messages: { label: 'Action messages', format: 'integer', aggregate: 'sum' },
  action_messaged: { label: 'Actions used', format: 'integer', aggregate: 'max' },
  action_to_messages: { label: 'Messages per action', format: 'json-map', aggregate: 'none' },
  // agents
  assistant_id: { label: 'Agent ID', format: 'text', aggregate: 'none' },
  assistant_name: { label: 'Agent', format: 'text', aggregate: 'none' },
  assistant_description: { label: 'Description', format: 'text', aggregate: 'none' },
  assistant_url: { label: 'Link', format: 'text', aggregate: 'none' },
  assistant_owner_id: { label: 'Owner ID', format: 'text', aggregate: 'none' },
  assistant_owner_email: { label: 'Owner', format: 'text', aggregate: 'none' },
  messages: { label: 'Messages', format: 'integer', aggregate: 'sum' },
  unique_users: { label: 'Unique users', format: 'integer', aggregate: 'max' },
  active_users: { label: 'Active users', format: 'integer', aggregate: 'max' },
  conversations: { label: 'Conversations', format: 'integer', aggregate: 'sum' },
  messages_per_user: { label: 'Messages per user', format: 'decimal', aggregate: 'mean' },
  // api keys
  api_key_id: { label: 'API key ID', format: 'text', aggregate: 'none' },
  api_key_name: { label: 'API key', format: 'text', aggregate: 'none' },
  // projects
  project_id: { label: 'Project ID', format: 'text', aggregate: 'none' },
  project_name: { label: 'Project', format: 'text', aggregate: 'none' },
  project_owner_id: { label: 'Owner ID', format: 'text', aggregate: 'none' },
  project_owner_email: { label: 'Owner', format: 'text', aggregate: 'none' },
};

/**
 * The name a header is recognised by: trimmed and in lower case, so ` Requests` and `REQUESTS` are `requests`
 * (a spreadsheet's capitals, a hand-edited file's spaces). The file's own spelling stays on screen.
 */
export function columnName(header: string): string {
  return header.trim().toLowerCase();
}

/**
 * The key of every column of a header: its name, unique. A repeated name keeps it on its first column (the one
 * documented facts and derived columns read) and becomes `name#column` (1-based) on the others.
 */
export function columnKeys(headers: readonly string[]): string[] {
  const seen = new Set<string>();
  return headers.map((header, i) => {
    const name = columnName(header);
    if (seen.has(name)) return `${name}#${i + 1}`;
    seen.add(name);
    return name;
  });
}

/**
 * The fact for a header, if the API documents it. `hasOwn` keeps headers such as `constructor` or `__proto__`
 * from reading the object's prototype.
 */
export function knownColumnFact(header: string): ColumnFact | undefined {
  const name = columnName(header);
  return Object.hasOwn(COLUMN_FACTS, name) ? COLUMN_FACTS[name] : undefined;
}

/** A readable label for an undocumented header: `sum_reasoning_tokens` → "Sum reasoning tokens", `apiKey` → "Api key". */
export function labelFromHeader(header: string): string {
  const words = header
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[_\s-]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
  if (words.length === 0) return header;
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * How an undocumented numeric column combines, guessed from its name the way the API names things: averages and
 * per-unit figures average, `min_`/`max_` keep their extreme, ranks, shares, limits and prices are not combined,
 * everything else (counts, tokens, costs) sums.
 */
export function inferAggregate(header: string): Aggregate {
  const words = header.toLowerCase().split(/[^a-z0-9]+/);
  const has = (...names: string[]) => names.some((n) => words.includes(n));
  if (has('min', 'minimum')) return 'min';
  if (has('max', 'maximum')) return 'max';
  if (has('id', 'rank', 'pct', 'percent', 'percentage', 'ratio', 'share', 'utilization', 'limit', 'price', 'rate'))
    return 'none';
  if (has('avg', 'average', 'mean', 'median', 'per')) return 'mean';
  return 'sum';
}
