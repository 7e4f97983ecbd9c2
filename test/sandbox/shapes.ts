/**
 * One shape per export type: its documented columns (§4 of langdock-api.md), how its entities are made, which
 * groups a grouped export splits them into, and how one row's cells follow from a usage volume. The engine in
 * generate.ts turns a shape into rows; nothing here knows about HTTP.
 */
import type { GroupBy } from '../../src/shared/exportType';
import {
  ACTIONS,
  AGENT_NAMES,
  API_KEY_NAMES,
  DEPARTMENTS,
  DEPLOYMENTS,
  FIRST_NAMES,
  LAST_NAMES,
  LICENSES,
  MANAGED_DEPLOYMENT,
  MODELS,
  ModelEntry,
  PROJECT_NAMES,
  ROLES,
  SOURCES,
} from './catalog';
import type { Cell } from './csv';
import { Rng } from './random';
import { DAY_MS } from './dates';

/** Who the data belongs to; entities depend on this only, never on the requested range. */
export interface WorkspaceContext {
  seed: number;
  orgId: string;
  byok: boolean;
  /** The day the workspace was created (`YYYY-MM-DD`): people join and start or stop using it relative to it. */
  createdDay: string;
}

export interface BaseEntity {
  /** Entities per day of usage (requests or messages) before the range's jitter. */
  rate: number;
}

export interface Shape<E extends BaseEntity, P = undefined> {
  identity: readonly string[];
  metrics: readonly string[];
  /** Present only for BYOK workspaces; cells are empty on rows that did not run on the workspace's own keys. */
  byokMetrics: readonly string[];
  /** How many entities a workspace has unless a benchmark asks for more. */
  defaultCount: number;
  /** The entities in order; an index past the catalogue gives a synthetic variant, so benchmarks can ask for any. */
  entities(ws: WorkspaceContext): Iterable<E>;
  groups(entity: E, groupBy: GroupBy, rng: Rng): readonly string[];
  identityCells(entity: E): Cell[];
  /**
   * Whether the entity is there on a day of the workspace's life (default: active). An idle one has a row with a
   * count of 0 (a person who holds a seat but does not use it); an absent one has none (not joined yet).
   */
  presence?(entity: E, ageDays: number): 'absent' | 'idle' | 'active';
  /** Work done once over every (entity, volume) before rows are written, e.g. ranks. */
  prepare?(volumes: ReadonlyArray<{ entity: E; volume: number }>): P;
  metricCells(row: RowInput<E>, prepared: P): Cell[];
}

interface RowInput<E> {
  entity: E;
  /** This row's requests or messages (one group's share when grouped). */
  volume: number;
  group: string | undefined;
  ws: WorkspaceContext;
  rng: Rng;
}

const round = (value: number, places: number): number => {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
};

/** Costs carry up to 6 decimals, as the exports do. */
const usd = (value: number): number => round(value, 6);

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

/** A catalogue entry, or past its end a synthetic variant with a distinct name. */
function cycle<T>(items: readonly T[], index: number, rename: (item: T, round: number) => T): T {
  const item = items[index % items.length];
  const lap = Math.floor(index / items.length);
  return lap === 0 ? item : rename(item, lap);
}

/** Splits a count over keys by random weights, so JSON-in-cell maps add up to their column. */
function distribute(total: number, keys: readonly string[], rng: Rng): Record<string, number> {
  const weights = keys.map(() => rng.between(0.2, 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const out: Record<string, number> = {};
  let left = total;
  keys.forEach((key, i) => {
    const share = i === keys.length - 1 ? left : Math.min(left, Math.round((total * weights[i]) / sum));
    out[key] = share;
    left -= share;
  });
  return out;
}

function pickDistinct<T>(items: readonly T[], count: number, rng: Rng): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(rng.next() * pool.length), 1)[0]);
  return out;
}

function modelNames(rng: Rng): string[] {
  return pickDistinct(MODELS, rng.int(2, 4), rng).map((m) => m.name);
}

function priceOf(modelName: string | undefined): ModelEntry {
  return MODELS.find((m) => m.name === modelName) ?? MODELS[0];
}

/** Ids shared across types, so that a user's assistants_to_messages names real agents of the same workspace. */
function agentId(ws: WorkspaceContext, index: number): string {
  return `asst_${Rng.of(ws.seed, ws.orgId, 'agent', index).hex(16)}`;
}
function projectId(ws: WorkspaceContext, index: number): string {
  return `proj_${Rng.of(ws.seed, ws.orgId, 'project', index).hex(16)}`;
}

interface Person {
  id: string;
  name: string;
  email: string;
}

function person(ws: WorkspaceContext, index: number): Person {
  const rng = Rng.of(ws.seed, ws.orgId, 'person', index);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  // Some directories store "Last, First": a comma inside a name cell.
  const name = index % 5 === 3 ? `${last}, ${first}` : `${first} ${last}`;
  const email = `${ascii(first)}.${ascii(last)}${index > 9 ? index : ''}@example.com`;
  return { id: `usr_${rng.hex(12)}`, name, email };
}

/** Input and output tokens for a number of requests or messages, and their list-price cost. */
function tokens(count: number, model: ModelEntry, rng: Rng): { prompt: number; completion: number; cost: number } {
  const prompt = count * rng.int(600, 3200);
  const completion = count * rng.int(120, 900);
  return { prompt, completion, cost: usd((prompt * model.inputPrice + completion * model.outputPrice) / 1e6) };
}

// ---------------------------------------------------------------------------------------------------------------
// models

export interface ModelEntity extends BaseEntity, ModelEntry {
  byok: boolean;
}

export const modelsShape: Shape<ModelEntity> = {
  identity: ['name', 'provider'],
  metrics: ['bring_your_keys', 'requests'],
  byokMetrics: [
    'sum_prompt_tokens',
    'sum_completion_tokens',
    'sum_cached_prompt_tokens',
    'sum_cache_creation_tokens',
    'no_cache_tokens',
    'total_cost_usd',
  ],
  defaultCount: MODELS.length + 3,
  *entities(ws) {
    for (let index = 0; ; index++) {
      const model = cycle(MODELS, index, (m, lap) => ({ ...m, name: `${m.name}-ft-${lap}` }));
      const rng = Rng.of(ws.seed, ws.orgId, 'model', index);
      const rate = rng.between(5, 400) / (1 + index * 0.15);
      yield { ...model, byok: ws.byok, rate };
      // A BYOK workspace still uses some models on Langdock's keys: the same model appears twice, BYOK and not.
      if (ws.byok && rng.next() < 0.3) yield { ...model, byok: false, rate: rate * rng.between(0.05, 0.3) };
    }
  },
  groups(entity, groupBy, rng) {
    if (groupBy === 'deployment')
      return entity.byok ? (DEPLOYMENTS[entity.provider] ?? [MANAGED_DEPLOYMENT]) : [MANAGED_DEPLOYMENT];
    return SOURCES.slice(0, rng.int(2, SOURCES.length));
  },
  identityCells: (e) => [e.name, e.provider],
  metricCells({ entity, volume, ws, rng }) {
    const requests = Math.round(volume);
    const base: Cell[] = [entity.byok, requests];
    if (!ws.byok) return base;
    if (!entity.byok) return [...base, ...modelsShape.byokMetrics.map(() => null)];
    const { prompt, completion } = tokens(requests, entity, rng);
    const cacheRead = Math.round(prompt * rng.between(0.05, 0.4));
    const cacheWrite = Math.round(prompt * rng.between(0, 0.1));
    const noCache = prompt - cacheRead - cacheWrite;
    // Cache reads cost a tenth, cache writes a quarter more: roughly what the providers charge.
    const cost = usd(
      (noCache * entity.inputPrice +
        cacheWrite * entity.inputPrice * 1.25 +
        cacheRead * entity.inputPrice * 0.1 +
        completion * entity.outputPrice) /
        1e6,
    );
    return [...base, prompt, completion, cacheRead, cacheWrite, noCache, cost];
  },
};

// ---------------------------------------------------------------------------------------------------------------
// users

export interface UserEntity extends BaseEntity, Person {
  index: number;
  role: string;
  joinedAt: string;
  department: string;
  company: string;
  license: string;
  paygLimit: number;
  /** The workspace's age (days) when this person joined, and from which and until which they send messages. */
  joinedAge: number;
  activeFrom: number;
  activeUntil: number;
  models: string[];
  chatShare: number;
  agentShare: number;
}

interface UserCounts {
  total: number;
  chat: number;
  agents: number;
  projects: number;
}

function userCounts(user: UserEntity, volume: number): UserCounts {
  const total = Math.round(volume);
  const chat = Math.round(total * user.chatShare);
  const agents = Math.round((total - chat) * user.agentShare);
  return { total, chat, agents, projects: total - chat - agents };
}

/** Standard competition ranks (1 = most; ties share a rank) of each value. */
function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => b.value - a.value);
  const out = new Array<number>(values.length);
  order.forEach((item, position) => {
    const previous = order[position - 1];
    out[item.index] = previous && previous.value === item.value ? out[previous.index] : position + 1;
  });
  return out;
}

/**
 * When a person joined (days after the workspace was created; before it for the first members) and when they use
 * it: most from joining on; every eighth (from the fourth) never uses their seat; every eighth (from the sixth)
 * stops after 100 days (a lapsed seat); every eighth (from the seventh) joins late and starts a week or two later.
 */
function userActivity(index: number, rng: Rng): { joined: number; from: number; until: number } {
  const joined = rng.int(-200, 20);
  switch (index % 8) {
    case 3:
      return { joined, from: Infinity, until: Infinity };
    case 5:
      return { joined, from: joined, until: 100 };
    case 6: {
      const late = 125 + rng.int(0, 30);
      return { joined: late, from: late + 7 + (index % 3) * 4, until: Infinity };
    }
    default:
      return { joined, from: joined, until: Infinity };
  }
}

function dayAfter(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

type UserRanks = Map<UserEntity, { total: number; chat: number; agents: number; projects: number }>;

export const usersShape: Shape<UserEntity, UserRanks> = {
  identity: ['user_id', 'name', 'email', 'role', 'joined_at', 'department', 'company_name', 'license_type'],
  metrics: [
    'payg_limit_current',
    'payg_consumption_in_period',
    'payg_utilization_pct_current',
    'messages_total',
    'messages_total_rank',
    'messages_chat',
    'messages_chat_rank',
    'messages_assistants',
    'messages_assistants_rank',
    'assistants_messaged',
    'assistants_to_messages',
    'messages_projects',
    'messages_projects_rank',
    'projects_messaged',
    'projects_to_messages',
    'model_to_messages_total',
    'action_messages',
    'action_messaged',
    'action_to_messages',
  ],
  // Undocumented names (langdock-api.md §4.1): the sandbox follows the agents and models pages.
  byokMetrics: ['sum_prompt_tokens', 'sum_completion_tokens', 'total_cost_usd'],
  defaultCount: 24,
  *entities(ws) {
    for (let index = 0; ; index++) {
      const rng = Rng.of(ws.seed, ws.orgId, 'user', index);
      const activity = userActivity(index, rng);
      yield {
        ...person(ws, index),
        index,
        role: rng.pick(ROLES),
        joinedAt: dayAfter(ws.createdDay, activity.joined),
        joinedAge: activity.joined,
        activeFrom: activity.from,
        activeUntil: activity.until,
        department: rng.pick(DEPARTMENTS),
        company: rng.next() < 0.8 ? 'Acme GmbH' : 'Acme Consulting, Inc.',
        license: rng.pick(LICENSES),
        // Extra usage ("pay as you go") exists for Langdock-managed workspaces only.
        paygLimit: ws.byok ? 0 : rng.pick([0, 25, 50, 100]),
        models: modelNames(rng),
        chatShare: rng.between(0.3, 0.8),
        agentShare: rng.between(0.3, 0.9),
        rate: rng.between(2, 60) / (1 + index * 0.05),
      };
    }
  },
  groups: (entity) => entity.models,
  identityCells: (e) => [e.id, e.name, e.email, e.role, e.joinedAt, e.department, e.company, e.license],
  presence: (e, age) =>
    age < e.joinedAge ? 'absent' : age >= e.activeFrom && age <= e.activeUntil ? 'active' : 'idle',
  prepare(volumes) {
    // Ranks compare whole users, so a grouped export repeats the user's rank on each of their model rows.
    const counts = volumes.map(({ entity, volume }) => userCounts(entity, volume));
    const by = (pick: (c: UserCounts) => number): number[] => ranks(counts.map(pick));
    const [total, chat, agents, projects] = [
      by((c) => c.total),
      by((c) => c.chat),
      by((c) => c.agents),
      by((c) => c.projects),
    ];
    return new Map(
      volumes.map(({ entity }, i) => [
        entity,
        { total: total[i], chat: chat[i], agents: agents[i], projects: projects[i] },
      ]),
    );
  },
  metricCells({ entity, volume, group, ws, rng }, prepared) {
    const counts = userCounts(entity, volume);
    const rank = prepared.get(entity);
    const agentIds = Array.from({ length: rng.int(1, 4) }, (_, i) =>
      agentId(ws, (entity.index + i) % AGENT_NAMES.length),
    );
    const projectIds = Array.from({ length: rng.int(1, 3) }, (_, i) =>
      projectId(ws, (entity.index + i) % PROJECT_NAMES.length),
    );
    const actionMessages = Math.round(counts.total * rng.between(0, 0.3));
    const actions = pickDistinct(ACTIONS, rng.int(1, 3), rng);
    const consumption = entity.paygLimit > 0 ? round(Math.min(entity.paygLimit, volume * rng.between(0, 0.05)), 2) : 0;
    const cells: Cell[] = [
      ws.byok ? null : entity.paygLimit,
      ws.byok ? null : consumption,
      ws.byok || entity.paygLimit === 0 ? null : round(consumption / entity.paygLimit, 4),
      counts.total,
      rank?.total ?? null,
      counts.chat,
      rank?.chat ?? null,
      counts.agents,
      rank?.agents ?? null,
      agentIds.length,
      JSON.stringify(distribute(counts.agents, agentIds, rng)),
      counts.projects,
      rank?.projects ?? null,
      projectIds.length,
      JSON.stringify(distribute(counts.projects, projectIds, rng)),
      JSON.stringify(distribute(counts.total, group ? [group] : entity.models, rng)),
      actionMessages,
      actions.length,
      JSON.stringify(distribute(actionMessages, actions, rng)),
    ];
    if (!ws.byok) return cells;
    const usage = tokens(counts.total, priceOf(group ?? entity.models[0]), rng);
    return [...cells, usage.prompt, usage.completion, usage.cost];
  },
};

// ---------------------------------------------------------------------------------------------------------------
// agents (and their legacy name, assistants: the same data)

export interface AgentEntity extends BaseEntity {
  id: string;
  name: string;
  description: string;
  owner: Person;
  models: string[];
}

export const agentsShape: Shape<AgentEntity> = {
  identity: ['assistant_id', 'assistant_name'],
  metrics: [
    'messages',
    'unique_users',
    'active_users',
    'conversations',
    'messages_per_user',
    'assistant_description',
    'assistant_url',
    'assistant_owner_id',
    'assistant_owner_email',
  ],
  byokMetrics: [
    'sum_prompt_tokens',
    'avg_prompt_tokens',
    'min_prompt_tokens',
    'max_prompt_tokens',
    'sum_completion_tokens',
    'avg_completion_tokens',
    'min_completion_tokens',
    'max_completion_tokens',
  ],
  defaultCount: AGENT_NAMES.length,
  *entities(ws) {
    for (let index = 0; ; index++) {
      const rng = Rng.of(ws.seed, ws.orgId, 'agent-entity', index);
      const name = cycle(AGENT_NAMES, index, (n, lap) => `${n} #${lap + 1}`);
      yield {
        id: agentId(ws, index),
        name,
        description: `Helps with ${name.toLowerCase()}; answers in the user's language.`,
        owner: person(ws, rng.int(0, 20)),
        models: modelNames(rng),
        rate: rng.between(3, 120) / (1 + index * 0.2),
      };
    }
  },
  groups: (entity) => entity.models,
  identityCells: (e) => [e.id, e.name],
  metricCells({ entity, volume, group, ws, rng }) {
    const messages = Math.round(volume);
    const unique = Math.min(
      messages,
      Math.max(messages > 0 ? 1 : 0, Math.round(Math.sqrt(messages) * rng.between(0.8, 2))),
    );
    const active = Math.min(unique, Math.round(unique * rng.between(0.6, 1)) || unique);
    const cells: Cell[] = [
      messages,
      unique,
      active,
      Math.round(messages / rng.between(2, 6)),
      active > 0 ? round(messages / active, 2) : 0,
      entity.description,
      `https://app.langdock.com/assistants/${entity.id}`,
      entity.owner.id,
      entity.owner.email,
    ];
    if (!ws.byok) return cells;
    const usage = tokens(messages, priceOf(group ?? entity.models[0]), rng);
    const spread = (sum: number): Cell[] =>
      messages === 0
        ? [0, null, null, null]
        : [
            sum,
            round(sum / messages, 2),
            Math.round((sum / messages) * rng.between(0.05, 0.5)),
            Math.round((sum / messages) * rng.between(2, 6)),
          ];
    return [...cells, ...spread(usage.prompt), ...spread(usage.completion)];
  },
};

// ---------------------------------------------------------------------------------------------------------------
// api-keys

export interface ApiKeyEntity extends BaseEntity {
  id: string;
  name: string;
  models: string[];
}

export const apiKeysShape: Shape<ApiKeyEntity> = {
  identity: ['api_key_id', 'api_key_name'],
  metrics: ['requests', 'total_cost_usd'],
  byokMetrics: [
    'sum_prompt_tokens',
    'sum_completion_tokens',
    'cached_prompt_tokens',
    'cache_creation_tokens',
    'no_cache_tokens',
  ],
  defaultCount: API_KEY_NAMES.length,
  *entities(ws) {
    for (let index = 0; ; index++) {
      const rng = Rng.of(ws.seed, ws.orgId, 'api-key', index);
      yield {
        id: `key_${rng.hex(20)}`,
        name: cycle(API_KEY_NAMES, index, (n, lap) => `${n} (${lap + 1})`),
        models: modelNames(rng),
        rate: rng.between(10, 900) / (1 + index * 0.3),
      };
    }
  },
  groups: (entity) => entity.models,
  identityCells: (e) => [e.id, e.name],
  metricCells({ entity, volume, group, ws, rng }) {
    const requests = Math.round(volume);
    const usage = tokens(requests, priceOf(group ?? entity.models[0]), rng);
    // total_cost_usd is a base column here, documented for every workspace.
    if (!ws.byok) return [requests, usage.cost];
    const cacheRead = Math.round(usage.prompt * rng.between(0.05, 0.3));
    const cacheWrite = Math.round(usage.prompt * rng.between(0, 0.08));
    return [
      requests,
      usage.cost,
      usage.prompt,
      usage.completion,
      cacheRead,
      cacheWrite,
      usage.prompt - cacheRead - cacheWrite,
    ];
  },
};

// ---------------------------------------------------------------------------------------------------------------
// projects

export interface ProjectEntity extends BaseEntity {
  id: string;
  name: string;
  owner: Person;
}

export const projectsShape: Shape<ProjectEntity> = {
  identity: ['project_id', 'project_name'],
  metrics: ['project_owner_id', 'project_owner_email', 'messages'],
  byokMetrics: [],
  defaultCount: PROJECT_NAMES.length,
  *entities(ws) {
    for (let index = 0; ; index++) {
      const rng = Rng.of(ws.seed, ws.orgId, 'project-entity', index);
      yield {
        id: projectId(ws, index),
        name: cycle(PROJECT_NAMES, index, (n, lap) => `${n} ${lap + 1}`),
        owner: person(ws, rng.int(0, 20)),
        rate: rng.between(1, 80) / (1 + index * 0.2),
      };
    }
  },
  groups: () => [],
  identityCells: (e) => [e.id, e.name],
  metricCells: ({ entity, volume }) => [entity.owner.id, entity.owner.email, Math.round(volume)],
};
