/**
 * The large exports a big workspace produces, generated deterministically (issue 21's shapes): users exports with
 * and without token and cost columns, grouped by model, and a BYOK models export by deployment. The in-host bench
 * opens them in the real VS Code; the regression test opens one 20 MB file.
 *
 *   node out/test/bench/largeFiles.js <shape> <megabytes> [folder]   prints the file's path
 */
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import * as path from 'node:path';

export type LargeShape = 'users-byok' | 'users-plain' | 'users-by-model' | 'models-deployments';

const MB = 1024 * 1024;
const USERS_HEAD =
  'period_start,period_end,org_id,user_id,name,email,role,joined_at,department,company_name,license_type,messages_total,messages_total_rank,messages_chat,messages_assistants,assistants_messaged';
const TOKENS_AND_COST = 'sum_prompt_tokens,sum_completion_tokens,total_cost_usd';

function userCells(i: number): string {
  return `2026-11-01,2026-11-30,org-1,u-${i},User ${i},user${i}@example.com,member,2025-0${1 + (i % 9)}-1${i % 10},Dept ${i % 40},Example GmbH,standard,${i % 300},${1 + i},${i % 200},${i % 100},${i % 7}`;
}

function tokenCells(i: number): string {
  return `${(i * 7919) % 900000},${(i * 104729) % 90000},${((i % 997) / 100).toFixed(2)}`;
}

const MODELS = ['gpt-4.1', 'gpt-4.1-mini', 'claude-sonnet-4', 'gemini-2.5-pro', 'mistral-large'];

/** One header and a row generator per shape (issue 21 gives the users rows as they are here). */
export const LARGE_SHAPES: Record<LargeShape, { header: string; row: (i: number) => string }> = {
  'users-byok': { header: `${USERS_HEAD},${TOKENS_AND_COST}`, row: (i) => `${userCells(i)},${tokenCells(i)}` },
  'users-plain': { header: USERS_HEAD, row: userCells },
  // group_by=model: one row per user × model, five models a user.
  'users-by-model': {
    header: `${USERS_HEAD},model,${TOKENS_AND_COST}`,
    row: (i) => `${userCells(Math.floor(i / 5))},${MODELS[i % 5]},${tokenCells(i)}`,
  },
  // 400 models × 2,000 deployments (five a model), every BYOK column, one row per deployment and day.
  'models-deployments': {
    header:
      'period_start,period_end,org_id,name,provider,bring_your_keys,deployment,requests,sum_prompt_tokens,sum_completion_tokens,sum_cached_prompt_tokens,sum_cache_creation_tokens,no_cache_tokens,total_cost_usd',
    row: (i) => {
      const deployment = i % 2000;
      const model = deployment % 400;
      const day = 1 + (Math.floor(i / 2000) % 30);
      const requests = 1 + ((i * 31) % 5000);
      const prompt = requests * (200 + (i % 3000));
      const cached = Math.floor(prompt / (2 + (i % 5)));
      const write = i % 4000;
      const completion = requests * (50 + (i % 800));
      const cost = ((prompt * 2 + completion * 8) / 1e6).toFixed(6);
      const date = `2026-11-${String(day).padStart(2, '0')}`;
      return `${date},${date},org-1,model-${model},provider-${model % 7},true,deployment-${deployment},${requests},${prompt},${completion},${cached},${write},${prompt - cached - write},${cost}`;
    },
  },
};

/** Writes the file once (kept for later runs) and returns its path. */
export async function generateLargeFile(shape: LargeShape, megabytes: number, folder: string): Promise<string> {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${shape}-${megabytes}mb.csv`);
  if (existsSync(file) && statSync(file).size >= megabytes * MB) return file;
  const { header, row } = LARGE_SHAPES[shape];
  const out = createWriteStream(file);
  let written = 0;
  let chunk = header + '\n';
  for (let i = 0; written + chunk.length < megabytes * MB; i++) {
    chunk += row(i) + '\n';
    if (chunk.length > 1 << 20) {
      written += chunk.length;
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return file;
}

if (require.main === module) {
  const [shape, megabytes, folder = 'bench-data'] = process.argv.slice(2);
  if (!(shape in LARGE_SHAPES) || !(Number(megabytes) > 0)) {
    process.stderr.write(`usage: largeFiles.js <${Object.keys(LARGE_SHAPES).join('|')}> <megabytes> [folder]\n`);
    process.exit(1);
  }
  generateLargeFile(shape as LargeShape, Number(megabytes), folder).then(
    (file) => process.stdout.write(`${file}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
